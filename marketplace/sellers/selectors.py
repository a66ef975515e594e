"""Reads for the onboarding, moderation and shop pages, each already scoped to who is asking.

A view gets a 404 from here for anything outside the user's reach, so "not yours" and "does not
exist" look the same from outside.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from .models import ApplicationStatus, AuditEntry, HelperAssignment, SellerApplication
from .roles import managed_partners, staff_can_see_province, staff_provinces

Partner = get_model("partner", "Partner")
Commune = get_model("regions", "Commune")

# Labels for the audit trail page; entries written by other modules show their raw action name.
AUDIT_ACTIONS = {
    "shop.registered": _("Shop registered by a helper"),
    "application.approved": _("Application approved"),
    "helper.revoked": _("Helper access revoked"),
}


def applications_for_staff(user) -> QuerySet:
    """Every application in the provinces this staff member covers (none for anyone else)."""
    return SellerApplication.objects.filter(commune__province__in=staff_provinces(user)).select_related(
        "commune__province", "registered_by"
    )


def moderation_queue(user) -> QuerySet:
    return applications_for_staff(user).filter(status=ApplicationStatus.SUBMITTED).order_by("created_at", "pk")


def application_for_staff(user, pk) -> SellerApplication:
    try:
        return applications_for_staff(user).get(pk=pk)
    except (SellerApplication.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def applications_registered_by(helper) -> QuerySet:
    return (
        SellerApplication.objects.filter(registered_by=helper)
        .select_related("commune__province", "partner")
        .order_by("-created_at")
    )


def shops_for(user) -> QuerySet:
    return managed_partners(user).select_related("commune__province").order_by("name")


def shop_for(user, partner_id) -> Partner:
    """A shop the user sells for or helps with (an active, unrevoked assignment)."""
    try:
        return shops_for(user).get(pk=partner_id)
    except (Partner.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def shop_for_owner_or_staff(user, partner_id) -> Partner:
    """The household's own view (its audit trail, its helpers): its sellers and its province's staff."""
    partner = (
        Partner.objects.select_related("commune").filter(pk=partner_id).first() if str(partner_id).isdigit() else None
    )
    if partner is None:
        raise Http404
    is_owner = user.is_authenticated and partner.users.filter(pk=user.pk).exists()
    if not (is_owner or staff_can_see_province(user, partner.commune.province_id if partner.commune_id else None)):
        raise Http404
    return partner


def audit_trail(partner, limit: int = 200) -> list[AuditEntry]:
    """Newest first, each with a readable `label` for its action."""
    entries = list(AuditEntry.objects.filter(partner=partner).select_related("actor")[:limit])
    for entry in entries:
        entry.label = AUDIT_ACTIONS.get(entry.action, entry.action)
    return entries


def helper_assignments(partner) -> QuerySet:
    return HelperAssignment.objects.filter(partner=partner).select_related("helper").order_by("-created_at")


def communes_in(province_code: str) -> QuerySet:
    return Commune.objects.filter(province_id=province_code).order_by("name")
