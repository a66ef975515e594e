"""Who may act for whom: provincial staff, community helpers and the audit trail of their actions.

The producer itself is Oscar's Partner (marketplace/partner); a seller is a user in
`partner.users`. Rules over these models live in `roles.py`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffProfile(models.Model):
    """A provincial staff member (one province) or a national one (all provinces)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    province = models.ForeignKey("regions.Province", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("province"))
    is_national = models.BooleanField(_("national staff"), default=False)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_national=True) | models.Q(province__isnull=False), name="staff_has_province_or_is_national"
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
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("helper assignment")
        verbose_name_plural = _("helper assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["helper", "partner"], condition=models.Q(revoked_at__isnull=True), name="one_active_helper_assignment"
            )
        ]

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
