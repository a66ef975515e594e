"""A seller's (or helper's) shops, and the household's own view: its helpers and its audit trail."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.notifications.sms import console

from .. import accounts, selectors
from ..models import HelperAssignment
from ..roles import is_helper

SELLER_LOGIN = "sellers:login"


@login_required(login_url=SELLER_LOGIN)
def my_shops(request):
    context = {"shops": selectors.shops_for(request.user)}
    if is_helper(request.user):
        context["applications"] = selectors.applications_registered_by(request.user)[:50]
    return render(request, "sellers/my_shops.html", context)


@login_required(login_url=SELLER_LOGIN)
def shop(request, partner_id):
    partner = selectors.shop_for(request.user, partner_id)
    is_owner = partner.users.filter(pk=request.user.pk).exists()
    return render(
        request,
        "sellers/shop.html",
        {
            "partner": partner,
            "is_owner": is_owner,
            "assignments": selectors.helper_assignments(partner) if is_owner else None,
        },
    )


@login_required(login_url=SELLER_LOGIN)
def audit_trail(request, partner_id):
    partner = selectors.shop_for_owner_or_staff(request.user, partner_id)
    return render(
        request,
        "sellers/audit_trail.html",
        {
            "partner": partner,
            "entries": selectors.audit_trail(partner),
            "assignments": selectors.helper_assignments(partner),
        },
    )


@login_required(login_url=SELLER_LOGIN)
@require_POST
def revoke_helper(request, partner_id, assignment_id):
    partner = selectors.shop_for_owner_or_staff(request.user, partner_id)
    assignment = get_object_or_404(HelperAssignment, pk=assignment_id, partner=partner)
    accounts.revoke_helper(assignment=assignment, by=request.user)
    messages.success(request, _("The helper can no longer manage this shop."))
    return redirect("sellers:shop-audit", partner_id=partner.pk)


def sms_outbox(request):
    """Development only: the console backend's messages, so a demo can read the codes it 'sent'."""
    if not (settings.DEBUG and getattr(settings, "SMS_BACKEND", "console") == "console"):
        raise Http404
    return render(request, "sellers/sms_outbox.html", {"messages_sent": list(reversed(console.outbox))[:50]})
