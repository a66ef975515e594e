"""Shipments (one per seller's part of an order), their timeline, carrier settings and the dated
mapping from current communes to each carrier's own (pre-2025) units."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from logistics.carriers.base import ShipmentStatus


class CarrierCode(models.TextChoices):
    GHN = "ghn", _("Giao Hàng Nhanh")
    GHTK = "ghtk", _("Giao Hàng Tiết Kiệm")
    VIETTELPOST = "viettelpost", _("Viettel Post")
    VNPOST = "vnpost", _("Vietnam Post")
    SELF = "self", _("Seller delivers")
    PICKUP = "pickup", _("Pick up at the producer")


class SellerCarrier(models.Model):
    """A carrier a seller ships with. A seller with none configured gets the platform's defaults."""

    partner = models.ForeignKey(
        "partner.Partner", on_delete=models.CASCADE, related_name="carriers", verbose_name=_("seller")
    )
    carrier = models.CharField(_("carrier"), max_length=16, choices=CarrierCode.choices)
    enabled = models.BooleanField(_("enabled"), default=True)
    # Self-delivery only: the seller's own flat fee (VND); empty = the platform's weight table.
    flat_fee = models.DecimalField(_("flat fee (VND)"), max_digits=12, decimal_places=0, null=True, blank=True)

    class Meta:
        verbose_name = _("seller carrier")
        verbose_name_plural = _("seller carriers")
        constraints = [models.UniqueConstraint(fields=["partner", "carrier"], name="one_row_per_seller_carrier")]

    def __str__(self):
        return f"{self.partner_id}:{self.carrier}"


class CarrierAreaMapping(models.Model):
    """A current commune in one carrier's units, effective from a date (rebuilt from the carrier's
    master data by `manage.py sync_carrier_areas`). A commune without a row cannot be served by
    that carrier, and the buyer and seller are told so."""

    carrier = models.CharField(_("carrier"), max_length=16, choices=CarrierCode.choices)
    commune = models.ForeignKey(
        "regions.Commune", on_delete=models.CASCADE, related_name="carrier_areas", verbose_name=_("commune")
    )
    effective_from = models.DateField(_("effective from"))
    province_id = models.CharField(max_length=16, blank=True)
    province_name = models.CharField(max_length=64, blank=True)
    district_id = models.CharField(max_length=16, blank=True)
    district_name = models.CharField(max_length=64, blank=True)
    ward_id = models.CharField(max_length=16, blank=True)
    ward_name = models.CharField(max_length=64, blank=True)
    source = models.CharField(_("matched through"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("carrier area mapping")
        verbose_name_plural = _("carrier area mappings")
        constraints = [
            models.UniqueConstraint(fields=["carrier", "commune", "effective_from"], name="one_carrier_area_per_date")
        ]

    def __str__(self):
        return f"{self.carrier} {self.commune_id} -> {self.district_id}/{self.ward_id} ({self.effective_from})"


class Shipment(models.Model):
    """One parcel: one seller's part of an order at one carrier."""

    group = models.OneToOneField(
        "order.FulfilmentGroup", on_delete=models.PROTECT, related_name="shipment", verbose_name=_("seller's part")
    )
    carrier = models.CharField(_("carrier"), max_length=16, choices=CarrierCode.choices)
    service = models.CharField(_("service"), max_length=32, blank=True)
    reference = models.CharField(_("our parcel code"), max_length=64, unique=True)
    tracking_code = models.CharField(_("tracking code"), max_length=64, blank=True, db_index=True)
    label_url = models.URLField(_("label"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=24, choices=ShipmentStatus.choices, blank=True)
    booking_error = models.TextField(_("booking problem"), blank=True)
    booking_refused = models.BooleanField(default=False)  # the carrier said no: retrying will not help
    fee = models.DecimalField(_("fee (VND)"), max_digits=12, decimal_places=0, default=0)
    cod_amount = models.DecimalField(_("to collect on delivery (VND)"), max_digits=14, decimal_places=0, default=0)
    cod_collected = models.DecimalField(
        _("collected on delivery (VND)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    weight_grams = models.PositiveIntegerField(_("weight (g)"), default=0)
    fresh = models.BooleanField(_("fresh produce"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    booked_at = models.DateTimeField(_("booked at"), null=True, blank=True)
    picked_up_at = models.DateTimeField(_("picked up at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    last_event_at = models.DateTimeField(_("last carrier news"), null=True, blank=True)
    return_handled = models.CharField(_("returned goods"), max_length=16, blank=True)  # restocked / written_off

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "tracking_code"], condition=~models.Q(tracking_code=""), name="unique_tracking_code"
            )
        ]

    def __str__(self):
        return f"{self.carrier} {self.tracking_code or self.reference} {self.status}"

    @property
    def is_booked(self) -> bool:
        return bool(self.tracking_code)


class ShipmentEvent(models.Model):
    """One line of the timeline; `(carrier, event_key)` makes a redelivered webhook a no-op."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    carrier = models.CharField(max_length=16)
    event_key = models.CharField(max_length=160)
    status = models.CharField(_("status"), max_length=24, choices=ShipmentStatus.choices, blank=True)
    carrier_status = models.CharField(_("carrier status"), max_length=48, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    occurred_at = models.DateTimeField(_("time"))
    applied = models.BooleanField(default=True)  # False: older than the current status, kept for the record
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["carrier", "event_key"], name="carrier_event_once")]

    def __str__(self):
        return f"{self.carrier} {self.event_key} {self.status}"
