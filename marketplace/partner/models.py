"""Oscar's Partner, extended into the producer ("chủ thể OCOP") profile."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractPartner


class ProducerType(models.TextChoices):
    HOUSEHOLD = "household", _("Household / production establishment")
    COOPERATIVE_GROUP = "coop_group", _("Cooperative group")
    COOPERATIVE = "cooperative", _("Cooperative")
    ENTERPRISE = "enterprise", _("Enterprise")


class Partner(AbstractPartner):
    producer_type = models.CharField(
        _("producer type"), max_length=16, choices=ProducerType.choices, default=ProducerType.HOUSEHOLD
    )
    commune = models.ForeignKey(
        "regions.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="producers",
        verbose_name=_("commune"),
    )
    phone = models.CharField(_("phone number"), max_length=16, blank=True)
    national_id = models.CharField(
        _("citizen ID (CCCD)"),
        max_length=12,
        blank=True,
        help_text=_("12 digits, for households and production establishments"),
    )
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    description = models.TextField(_("about"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, null=True)

    class Meta(AbstractPartner.Meta):
        pass

    @property
    def province(self):
        return self.commune.province if self.commune_id else None


from oscar.apps.partner.models import *  # noqa: E402,F403  (Oscar's documented fork pattern)
