"""Who may act for whom: provincial staff, community helpers and the audit trail of their actions.

The producer itself is Oscar's Partner (marketplace/partner); a seller is a user in
`partner.users`. Rules over these models live in `roles.py`.
"""

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.partner.models import ProducerType


class StaffProfile(models.Model):
    """A provincial staff member (one province) or a national one (all provinces)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    province = models.ForeignKey(
        "regions.Province", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("province")
    )
    is_national = models.BooleanField(_("national staff"), default=False)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_national=True) | models.Q(province__isnull=False),
                name="staff_has_province_or_is_national",
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.province or _('national')})"


class ConsentMethod(models.TextChoices):
    OTP = "otp", _("One-time code confirmed on the household's phone")
    PAPER = "paper", _("Photo of a signed paper form")


class HelperAssignment(models.Model):
    """A community helper manages a producer's shop, with the producer's recorded consent."""

    helper = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helper_assignments")
    partner = models.ForeignKey("partner.Partner", on_delete=models.CASCADE, related_name="helper_assignments")
    consent_method = models.CharField(_("consent method"), max_length=8, choices=ConsentMethod.choices)
    consent_at = models.DateTimeField(_("consent given at"))
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("consent recorded by")
    )
    consent_document = models.FileField(_("signed consent form"), upload_to="consent/%Y/%m/", blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("helper assignment")
        verbose_name_plural = _("helper assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["helper", "partner"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_helper_assignment",
            )
        ]

    def __str__(self):
        return f"{self.helper} → {self.partner}"

    @property
    def is_active(self):
        return self.revoked_at is None


class AuditEntry(models.Model):
    """One action taken on a shop by someone other than its owner (or by staff); the owner can read these."""

    partner = models.ForeignKey("partner.Partner", on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    summary = models.CharField(_("summary"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action}"


# --- Onboarding: phone verification, applications, payout accounts ---------------------------


class OtpPurpose(models.TextChoices):
    REGISTER = "register", _("Registration")
    CONSENT = "consent", _("Consent to a helper registering the shop")
    LOGIN = "login", _("Login")


class PhoneVerification(models.Model):
    """One one-time code sent to a phone. Only a keyed hash of the code is stored.

    Wrong-attempt counters and rate limits live in the cache (marketplace/sellers/otp.py): they
    must survive the rollback of the request that counted them.
    """

    phone = models.CharField(_("phone number"), max_length=16)
    purpose = models.CharField(_("purpose"), max_length=16, choices=OtpPurpose.choices)
    code_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
        help_text=_("The helper who asked the household for consent"),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("phone verification")
        verbose_name_plural = _("phone verifications")
        indexes = [models.Index(fields=["phone", "purpose", "-created_at"], name="sellers_phoneverif_latest")]

    def __str__(self):
        return f"{self.phone} ({self.get_purpose_display()})"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


def consent_upload_to(instance, filename):
    # Unguessable name: the form carries a citizen's signature and ID; it is served only
    # through a permission-checked view, never linked from MEDIA_URL.
    import uuid

    return f"private/consent/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:6]}"


class SellerApplication(models.Model):
    """A request to open a shop, reviewed by the staff of the commune's province."""

    phone = models.CharField(_("phone number"), max_length=16, db_index=True)
    phone_verification = models.OneToOneField(
        PhoneVerification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("phone verification"),
    )
    seller_type = models.CharField(_("seller type"), max_length=16, choices=ProducerType.choices)
    display_name = models.CharField(_("shop name"), max_length=128)
    representative_name = models.CharField(_("representative's full name"), max_length=128)
    national_id = models.CharField(_("citizen ID (CCCD)"), max_length=12, blank=True)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    commune = models.ForeignKey(
        "regions.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    address = models.CharField(_("village / street"), max_length=255, blank=True)
    description = models.TextField(_("about the producer"), blank=True)
    bank_bin = models.CharField(_("bank"), max_length=6)
    bank_account_number = models.CharField(_("account number"), max_length=19)
    bank_account_holder = models.CharField(_("account holder"), max_length=128)

    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registered_applications",
        verbose_name=_("registered by helper"),
    )
    consent_method = models.CharField(_("consent method"), max_length=8, choices=ConsentMethod.choices, blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_document = models.FileField(_("signed consent form"), upload_to=consent_upload_to, blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    partner = models.OneToOneField(
        "partner.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("shop"),
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("seller application")
        verbose_name_plural = _("seller applications")
        constraints = [
            # The database, not only the service, refuses a second open application for a number.
            models.UniqueConstraint(
                fields=["phone"], condition=models.Q(status="submitted"), name="one_open_application_per_phone"
            )
        ]

    def __str__(self):
        return f"{self.display_name} ({self.phone})"


class PayoutAccount(models.Model):
    """Where the marketplace pays a shop's takings: a bank account identified by its NAPAS BIN."""

    partner = models.OneToOneField("partner.Partner", on_delete=models.CASCADE, related_name="payout_account")
    bank_bin = models.CharField(_("bank"), max_length=6)
    account_number = models.CharField(_("account number"), max_length=19)
    holder_name = models.CharField(_("account holder"), max_length=128)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("payout account")
        verbose_name_plural = _("payout accounts")

    def __str__(self):
        return f"{self.bank_bin} {self.account_number[-4:]:>8}"
