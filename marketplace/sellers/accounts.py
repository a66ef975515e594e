"""Who gets into a shop: sellers log in with their phone and a code; households revoke helpers."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import audit, otp
from .models import HelperAssignment, OtpPurpose
from .roles import staff_can_see_province
from .wording import in_site_language

User = get_user_model()


def _seller_user(phone: str):
    """The active account of a seller with this number (username is the E.164 number)."""
    return User.objects.filter(username=phone, is_active=True, partners__isnull=False).distinct().first()


def send_login_code(*, phone: str, ip_address: str | None = None) -> str:
    """Text a login code if the number belongs to a seller; say nothing either way.

    The caller shows the same page whether or not a code went out, so the form does not tell a
    stranger which numbers are sellers. Returns the number in E.164.
    """
    phone = otp.parse_phone(phone)
    if _seller_user(phone) is not None:
        otp.send_code(phone=phone, purpose=OtpPurpose.LOGIN, ip_address=ip_address)
    return phone


def login_by_code(*, phone: str, code: str):
    """The seller's user when `code` is the live login code for `phone` (the caller then logs them in)."""
    verification = otp.verify_code(phone=phone, code=code, purpose=OtpPurpose.LOGIN)
    user = _seller_user(verification.phone)
    if user is None:  # the account was closed between sending and checking
        raise otp.NoCodeSent(otp.NO_CODE_SENT)
    return user


def may_revoke(user, assignment: HelperAssignment) -> bool:
    """The household's own sellers, or staff of its province."""
    partner = assignment.partner
    if partner.users.filter(pk=user.pk).exists():
        return True
    return staff_can_see_province(user, partner.commune.province_id if partner.commune_id else None)


@transaction.atomic
def revoke_helper(*, assignment: HelperAssignment, by) -> HelperAssignment:
    """End a helper's access to a shop now; written to the shop's audit trail.

    Access is checked through roles.managed_partners, which ignores revoked assignments, so the
    helper's next request is refused. Revoking twice is harmless.
    """
    assignment = (
        HelperAssignment.objects.select_for_update(of=("self",))
        .select_related("partner__commune", "helper")
        .get(pk=assignment.pk)
    )
    if not may_revoke(by, assignment):
        raise PermissionDenied("Only the shop's seller or its province's staff may revoke a helper.")
    if assignment.revoked_at is not None:
        return assignment
    assignment.revoked_at, assignment.revoked_by = timezone.now(), by
    assignment.save(update_fields=["revoked_at", "revoked_by"])
    audit.record_access_change(
        actor=by,
        partner=assignment.partner,
        action="helper.revoked",
        obj=assignment,
        summary=in_site_language(
            _("%(helper)s no longer manages this shop."),
            helper=assignment.helper.get_full_name() or assignment.helper.get_username(),
        ),
    )
    return assignment
