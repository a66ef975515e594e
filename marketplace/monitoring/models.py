"""Roll-up tables of the provincial indicators, and the tokens of the operations centre's API.

One row holds one seller's figures for one day (`SellerDay`) or one calendar month
(`SellerMonth`) and one OCOP group, plus a row for all of the seller's groups together ("*").
Province, commune and producer type are copied from the seller so that every indicator is a
sum (or, for active sellers, a count of distinct sellers) over rows of one table. Stock figures
("products listed", "OCOP products online") are kept as day-by-day changes (`d_*`): the value at
the end of day D is the sum of the changes up to D. Both tables are derived data: `rollups.py`
recomputes them from the raw tables, and `manage.py rebuild_rollups` rebuilds them all.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.monitoring.definitions import METHODS

FLOW_FIELDS = [
    "orders", "orders_cancelled", "orders_returned", "items", "weight_grams",
    "gross_value", "value_cancelled", "value_returned", "refund_value",
    *(f"orders_{m}" for m in METHODS), *(f"value_{m}" for m in METHODS),
    "delivered", "shipments_returned",
]  # fmt: skip
STOCK_FIELDS = [
    "d_sellers",
    "d_helper_households",
    "d_products",
    "d_ocop_online",
    "d_ocop_certified",
    "d_certs_expiring",
]
SUM_FIELDS = FLOW_FIELDS + STOCK_FIELDS


class SellerFacts(models.Model):
    partner = models.ForeignKey("partner.Partner", on_delete=models.CASCADE, related_name="+")
    ocop_group = models.CharField(max_length=64)
    province = models.ForeignKey("regions.Province", on_delete=models.CASCADE, related_name="+")
    commune = models.ForeignKey("regions.Commune", on_delete=models.CASCADE, related_name="+")
    producer_type = models.CharField(max_length=16)
    active = models.BooleanField(default=False)

    orders = models.IntegerField(default=0)  # standing seller orders
    orders_cancelled = models.IntegerField(default=0)
    orders_returned = models.IntegerField(default=0)
    items = models.BigIntegerField(default=0)
    weight_grams = models.BigIntegerField(default=0)
    gross_value = models.BigIntegerField(default=0)  # VND, goods of standing seller orders
    value_cancelled = models.BigIntegerField(default=0)
    value_returned = models.BigIntegerField(default=0)
    refund_value = models.BigIntegerField(default=0)
    orders_vnpay = models.IntegerField(default=0)
    orders_momo = models.IntegerField(default=0)
    orders_vietqr = models.IntegerField(default=0)
    orders_card = models.IntegerField(default=0)
    orders_cod = models.IntegerField(default=0)
    value_vnpay = models.BigIntegerField(default=0)
    value_momo = models.BigIntegerField(default=0)
    value_vietqr = models.BigIntegerField(default=0)
    value_card = models.BigIntegerField(default=0)
    value_cod = models.BigIntegerField(default=0)

    delivered = models.IntegerField(default=0)
    shipments_returned = models.IntegerField(default=0)
    delivery_hours = models.JSONField(default=dict)  # {"<whole hours>": parcels}

    d_sellers = models.IntegerField(default=0)
    d_helper_households = models.IntegerField(default=0)
    d_products = models.IntegerField(default=0)
    d_ocop_online = models.IntegerField(default=0)
    d_ocop_certified = models.IntegerField(default=0)
    d_certs_expiring = models.IntegerField(default=0)

    class Meta:
        abstract = True


class SellerDay(SellerFacts):
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "day", "ocop_group"], name="one_seller_day_per_group")
        ]
        indexes = [
            models.Index(fields=["ocop_group", "day"], name="monitoring_day_group"),
            models.Index(fields=["province", "ocop_group", "day"], name="monitoring_day_province"),
            models.Index(fields=["commune", "ocop_group", "day"], name="monitoring_day_commune"),
        ]

    def __str__(self):
        return f"{self.partner_id} {self.day} {self.ocop_group}"


class SellerMonth(SellerFacts):
    month = models.DateField()  # the first day of the month

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "month", "ocop_group"], name="one_seller_month_per_group")
        ]
        indexes = [
            models.Index(fields=["ocop_group", "month"], name="monitoring_month_group"),
            models.Index(fields=["province", "ocop_group", "month"], name="monitoring_month_province"),
            models.Index(fields=["commune", "ocop_group", "month"], name="monitoring_month_commune"),
        ]

    def __str__(self):
        return f"{self.partner_id} {self.month:%Y-%m} {self.ocop_group}"


class ProvinceDeliveryMonth(models.Model):
    """Delivery-time histograms of a province's parcels per month, producer type ("*": all) and OCOP group.

    The median is not a sum: a national or provincial median merges histograms, and merging one row
    per province here is far cheaper than one per seller (`SellerMonth`), which commune and seller
    figures still use. Rebuilt with the province's months.
    """

    province = models.ForeignKey("regions.Province", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    producer_type = models.CharField(max_length=16)
    ocop_group = models.CharField(max_length=64)
    delivery_hours = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["province", "month", "producer_type", "ocop_group"], name="one_delivery_month_per_area"
            )
        ]
        indexes = [models.Index(fields=["ocop_group", "month"], name="monitoring_delivery_group")]

    def __str__(self):
        return f"{self.province_id} {self.month:%Y-%m} {self.producer_type} {self.ocop_group}"


class RollupState(models.Model):
    """When a province's roll-ups were last refreshed (events) and fully rebuilt (nightly)."""

    province = models.OneToOneField("regions.Province", on_delete=models.CASCADE, primary_key=True, related_name="+")
    refreshed_at = models.DateTimeField(null=True, blank=True)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.province_id} {self.refreshed_at}"


# --- the operations centre's API ---------------------------------------------------------------


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class IocToken(models.Model):
    """A key for the Intelligent Operations Centre's API, for one province (or the whole country).

    Only a SHA-256 of the key is stored; staff see the key once, when they issue it.
    """

    name = models.CharField(_("name"), max_length=100)
    province = models.ForeignKey(
        "regions.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
        help_text=_("Empty: every province (national staff only)."),
    )
    prefix = models.CharField(_("key starts with"), max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("IOC API token")
        verbose_name_plural = _("IOC API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
