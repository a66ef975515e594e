"""Registering a seller: by phone on their own, or assisted by a community helper with consent.

Flow: `begin_registration` (phone, duplicate check, code by SMS) -> `otp.verify_code` ->
`submit_application`. Moderation is in `moderation.py`; phone login and helper revocation in
`accounts.py`.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.partner.models import ProducerType

from . import otp, validators
from .errors import DuplicatePhone, NotVerified, Refused
from .models import ApplicationStatus, ConsentMethod, OtpPurpose, PhoneVerification, SellerApplication
from .roles import is_helper

Partner = get_model("partner", "Partner")

# Time to fill in the form after confirming the phone: long enough on a slow connection,
# short enough that a session left open on a shared phone is not a standing proof.
VERIFIED_PHONE_VALID_FOR = timedelta(minutes=30)


@dataclass(frozen=True)
class ApplicationDetails:
    """What the applicant types in; names match the form's fields so errors land next to them."""

    seller_type: str
    display_name: str
    representative_name: str
    commune: object  # regions.Commune
    bank_bin: str
    bank_account_number: str
    bank_account_holder: str
    national_id: str = ""
    tax_code: str = ""
    address: str = ""
    description: str = ""


def phone_is_taken(phone: str) -> bool:
    """An open application or an existing shop already uses this number (in any stored spelling)."""
    variants = validators.phone_variants(phone)
    return (
        SellerApplication.objects.filter(phone__in=variants, status=ApplicationStatus.SUBMITTED).exists()
        or Partner.objects.filter(phone__in=variants).exists()
    )


def _refuse_taken_phone(phone: str) -> None:
    if phone_is_taken(phone):
        raise DuplicatePhone(
            _(
                "This phone number already has a shop or an application waiting for review. "
                "Log in with it, or use another number."
            )
        )


def _require_helper(user) -> None:
    if not is_helper(user):
        raise PermissionDenied("Only community helpers register shops for others.")


def begin_registration(
    *, phone: str, registered_by=None, consent_method: str = "", ip_address: str | None = None
) -> str:
    """Start a registration: refuse a taken number before spending an SMS, then send the code.

    Self sign-up: a code to confirm the number. Assisted (`registered_by` a helper): a consent code
    naming the helper, or nothing when consent is a signed paper form. Returns the number in E.164.
    """
    phone = otp.parse_phone(phone)
    _refuse_taken_phone(phone)
    if registered_by is None:
        otp.send_code(phone=phone, purpose=OtpPurpose.REGISTER, ip_address=ip_address)
        return phone
    _require_helper(registered_by)
    if consent_method == ConsentMethod.OTP:
        otp.send_code(phone=phone, purpose=OtpPurpose.CONSENT, ip_address=ip_address, requested_by=registered_by)
    elif consent_method != ConsentMethod.PAPER:
        raise Refused(_("Choose how the household gives its consent."))
    return phone


def _check_verification(verification: PhoneVerification | None, *, phone: str, purpose: str, requested_by=None) -> None:
    unconfirmed = NotVerified(_("Please confirm the phone number with the code sent by SMS first."))
    if verification is None or verification.verified_at is None:
        raise unconfirmed
    if verification.phone != phone or verification.purpose != purpose:
        raise unconfirmed
    # A consent code names the helper in its SMS; another helper cannot reuse it.
    if purpose == OtpPurpose.CONSENT and verification.requested_by_id != getattr(requested_by, "pk", None):
        raise unconfirmed
    if verification.verified_at < timezone.now() - VERIFIED_PHONE_VALID_FOR:
        raise NotVerified(_("The phone was confirmed too long ago. Please ask for a new code."))
    if SellerApplication.objects.filter(phone_verification=verification).exists():
        raise NotVerified(_("This confirmation was already used for an application. Please ask for a new code."))


def _clean_details(details: ApplicationDetails) -> dict:
    """Every field checked, every problem reported at once (a farmer on 3G should not resubmit 5 times)."""
    errors: dict[str, list] = {}
    cleaned = {
        "seller_type": details.seller_type,
        "display_name": " ".join(details.display_name.split()),
        "representative_name": " ".join(details.representative_name.split()),
        "commune": details.commune,
        "address": details.address.strip(),
        "description": details.description.strip(),
    }
    if details.seller_type not in ProducerType.values:
        errors["seller_type"] = [ValidationError(_("Choose the kind of producer."))]
    for field in ("display_name", "representative_name"):
        if not cleaned[field]:
            errors[field] = [ValidationError(_("This field is required."), code="required")]
    if details.commune is None:
        errors["commune"] = [ValidationError(_("Choose the commune."), code="required")]
    try:
        cleaned["national_id"], cleaned["tax_code"] = validators.validate_identity(
            seller_type=details.seller_type, national_id=details.national_id, tax_code=details.tax_code
        )
    except ValidationError as exc:
        errors.update(exc.error_dict)
    for field, check in (
        ("bank_bin", validators.validate_bank_bin),
        ("bank_account_number", validators.validate_account_number),
        ("bank_account_holder", validators.normalize_account_holder),
    ):
        try:
            cleaned[field] = check(getattr(details, field))
        except ValidationError as exc:
            errors[field] = [exc]
    if errors:
        raise ValidationError(errors)
    return cleaned


def submit_application(
    *,
    details: ApplicationDetails,
    phone: str,
    verification: PhoneVerification | None = None,
    registered_by=None,
    consent_method: str = "",
    consent_document=None,
) -> SellerApplication:
    """Record an application for the province's staff to review. All or nothing.

    - self sign-up: `verification` is the used registration code for `phone`;
    - helper with OTP consent: `verification` is the used consent code the helper asked for;
    - helper with paper consent: `consent_document` is a photo of the signed form (the phone is
      then confirmed by code when the household first logs in).
    Refuses with ValidationError (field errors), NotVerified, DuplicatePhone or PermissionDenied.
    """
    phone = otp.parse_phone(phone)
    cleaned = _clean_details(details)
    consent_at = None
    if registered_by is None:
        _check_verification(verification, phone=phone, purpose=OtpPurpose.REGISTER)
    else:
        _require_helper(registered_by)
        if consent_method == ConsentMethod.OTP:
            _check_verification(verification, phone=phone, purpose=OtpPurpose.CONSENT, requested_by=registered_by)
            consent_at = verification.verified_at
        elif consent_method == ConsentMethod.PAPER:
            validators.validate_consent_photo(consent_document)
            verification, consent_at = None, timezone.now()
        else:
            raise Refused(_("Choose how the household gives its consent."))
    _refuse_taken_phone(phone)

    try:
        with transaction.atomic():
            return SellerApplication.objects.create(
                phone=phone,
                phone_verification=verification,
                registered_by=registered_by,
                consent_method=consent_method if registered_by else "",
                consent_at=consent_at,
                consent_document=consent_document if consent_method == ConsentMethod.PAPER else "",
                **cleaned,
            )
    except IntegrityError as exc:
        # Two submissions raced past the check above; the partial unique index caught the second.
        raise DuplicatePhone(_("This phone number already has an application waiting for review.")) from exc
