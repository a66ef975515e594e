"""Administrative units: the 34 provinces and their communes since 1 July 2025, the former
63-province / district / ward units, and a dated mapping between them.

Codes are the National Statistics Office codes, kept as strings with their leading zeros.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=64)
    short_name = models.CharField(_("short name"), max_length=64)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class Commune(models.Model):
    """A commune-level unit (xã, phường or đặc khu) in force since 1 July 2025."""

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=64)
    short_name = models.CharField(_("short name"), max_length=64)
    unit_type = models.CharField(_("unit type"), max_length=16)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["province_id", "code"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return f"{self.name}, {self.province.short_name}"


class LegacyWard(models.Model):
    """A ward of the former three-level structure (before 1 July 2025).

    Pre-2025 OCOP decisions, addresses and carrier master data still name these.
    """

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=64)
    district_code = models.CharField(_("district code"), max_length=3)
    district_name = models.CharField(_("district name"), max_length=64)
    province_code = models.CharField(_("former province code"), max_length=2)
    province_name = models.CharField(_("former province name"), max_length=64)

    class Meta:
        ordering = ["code"]
        verbose_name = _("former ward (before 1 July 2025)")
        verbose_name_plural = _("former wards (before 1 July 2025)")

    def __str__(self):
        return f"{self.name}, {self.district_name}, {self.province_name}"


class UnitMapping(models.Model):
    """Former ward -> current commune, effective from a date.

    A ward that was divided across several new communes has one row per part; `is_default`
    marks the part that takes an address when nothing else tells them apart.
    """

    legacy_ward = models.ForeignKey(LegacyWard, on_delete=models.CASCADE, related_name="mappings")
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="legacy_mappings")
    effective_from = models.DateField(_("effective from"))
    is_default = models.BooleanField(default=True)
    is_divided = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["legacy_ward", "commune", "effective_from"], name="unique_unit_mapping")
        ]

    def __str__(self):
        return f"{self.legacy_ward_id} -> {self.commune_id} ({self.effective_from})"
