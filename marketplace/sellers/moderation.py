"""Provincial staff decide on applications: approval opens the shop, rejection says why."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.notifications.sms.tasks import queue_sms

from . import audit
from .errors import AlreadyDecided, DuplicatePhone
from .models import ApplicationStatus, ConsentMethod, HelperAssignment, PayoutAccount, SellerApplication
from .roles import staff_can_see_province
from .validators import phone_variants
from .wording import in_site_language

Partner = get_model("partner", "Partner")
User = get_user_model()


def _lock_for_decision(application: SellerApplication, staff) -> SellerApplication:
    """Re-read under a row lock so two staff deciding at once cannot both win."""
    application = (
        SellerApplication.objects.select_for_update(of=("self",)).select_related("commune").get(pk=application.pk)
    )
    # Views already 404 other provinces' applications; this guards every other caller.
    if not staff_can_see_province(staff, application.commune.province_id):
        raise PermissionDenied("Not your province.")
    if application.status != ApplicationStatus.SUBMITTED:
        raise AlreadyDecided(_("This application has already been decided."))
    return application


def _seller_account(phone: str, representative_name: str):
    """The login for a phone: username = E.164 number, no password (they log in by SMS code)."""
    user = User.objects.filter(username=phone).first()
    if user is None:
        user = User(username=phone, first_name=representative_name[:150])
        user.set_unusable_password()
        user.save()
    return user


def _dashboard_access() -> Permission:
    return Permission.objects.get(content_type__app_label="partner", codename="dashboard_access")


def _open_payout_account(partner, application: SellerApplication) -> PayoutAccount:
    return PayoutAccount.objects.create(
        partner=partner,
        bank_bin=application.bank_bin,
        account_number=application.bank_account_number,
        holder_name=application.bank_account_holder,
    )


@transaction.atomic
def approve_application(*, application: SellerApplication, staff):
    """Open the shop: Partner with the producer profile, the seller's phone login with dashboard
    access, the payout account, the helper's assignment with its consent; then tell the seller by SMS.

    All or nothing. Refuses with PermissionDenied (other province), AlreadyDecided or DuplicatePhone.
    """
    application = _lock_for_decision(application, staff)
    # Another application may have become a shop with this number since this one was filed.
    if Partner.objects.filter(phone__in=phone_variants(application.phone)).exists():
        raise DuplicatePhone(_("A shop with this phone number already exists."))

    partner = Partner.objects.create(
        name=application.display_name,
        producer_type=application.seller_type,
        commune=application.commune,
        phone=application.phone,
        national_id=application.national_id,
        tax_code=application.tax_code,
        description=application.description,
    )
    user = _seller_account(application.phone, application.representative_name)
    partner.users.add(user)
    user.user_permissions.add(_dashboard_access())
    _open_payout_account(partner, application)

    if application.registered_by_id:
        assignment = HelperAssignment.objects.create(
            helper=application.registered_by,
            partner=partner,
            consent_method=application.consent_method,
            consent_at=application.consent_at,
            consent_recorded_by=application.registered_by,
            consent_document=application.consent_document.name,
        )
        audit.record(
            actor=application.registered_by,
            partner=partner,
            action="shop.registered",
            obj=assignment,
            summary=in_site_language(
                _("Registered the shop for the household. Consent: %(method)s."),
                method=ConsentMethod(application.consent_method).label,
            ),
        )

    application.status = ApplicationStatus.APPROVED
    application.partner = partner
    application.decided_by, application.decided_at = staff, timezone.now()
    application.save(update_fields=["status", "partner", "decided_by", "decided_at"])
    audit.record(
        actor=staff,
        partner=partner,
        action="application.approved",
        obj=application,
        summary=in_site_language(_("Application approved; the shop is open.")),
    )

    queue_sms(
        to=application.phone,
        text=in_site_language(
            _("Your shop %(name)s on %(site)s has been approved. Log in with this phone number to start selling."),
            name=application.display_name,
            site=settings.OSCAR_SHOP_NAME,
        ),
    )
    return partner


@transaction.atomic
def reject_application(*, application: SellerApplication, staff, reason: str) -> SellerApplication:
    """Refuse with a reason the applicant reads in the SMS; the number may apply again."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(
            {"reason": [ValidationError(_("Say why, so the applicant can fix it."), code="required")]}
        )
    application = _lock_for_decision(application, staff)
    application.status = ApplicationStatus.REJECTED
    application.rejection_reason = reason
    application.decided_by, application.decided_at = staff, timezone.now()
    application.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
    queue_sms(
        to=application.phone,
        text=in_site_language(
            _("Your application for %(name)s on %(site)s was not approved: %(reason)s"),
            name=application.display_name,
            site=settings.OSCAR_SHOP_NAME,
            reason=reason[:120],
        ),
    )
    return application
