"""The trace record of a lot: the lot itself, its certifications and its events.

Writes go through `services.py`, which holds the rules (chronology, lifecycle, audit trail);
these models only describe the data and the few facts derived from it.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import SellingUnit

from .codes import lot_code_validator, no_personal_data, registry_code_validator


class LotStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RECALLED = "recalled", _("Recalled")


class Lot(models.Model):
    """One harvest or production batch of a product, identified by the code on its QR label."""

    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.PROTECT, related_name="lots", verbose_name=_("product")
    )
    # The producer at the time the lot was made: the trace record must not change if the
    # product is later moved to another partner. Also the owner for permission checks.
    producer = models.ForeignKey(
        "partner.Partner", on_delete=models.PROTECT, related_name="lots", verbose_name=_("producer")
    )
    code = models.CharField(_("lot code"), max_length=32, unique=True, validators=[lot_code_validator])
    code_year = models.PositiveSmallIntegerField(editable=False)
    code_sequence = models.PositiveIntegerField(editable=False)
    harvest_date = models.DateField(_("harvest date"), null=True, blank=True)
    pack_date = models.DateField(_("pack date"), null=True, blank=True)
    best_before = models.DateField(_("best before"), null=True, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=8, choices=SellingUnit.choices, default=SellingUnit.KG)
    planting_area_code = models.CharField(
        _("planting-area code"),
        max_length=40,
        blank=True,
        validators=[registry_code_validator],
        help_text=_("Planting-area code as issued, e.g. VN-SL-0001"),
    )
    packing_house_code = models.CharField(
        _("packing-house code"),
        max_length=40,
        blank=True,
        validators=[registry_code_validator],
        help_text=_("Packing-house code as issued"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=LotStatus.choices, default=LotStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    recalled_at = models.DateTimeField(_("recalled at"), null=True, blank=True)
    recall_reason = models.TextField(_("recall reason"), blank=True, validators=[no_personal_data])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [
            models.UniqueConstraint(
                fields=["producer", "code_year", "code_sequence"], name="lot_code_sequence_per_producer"
            ),
            models.CheckConstraint(
                condition=models.Q(pack_date__isnull=True)
                | models.Q(harvest_date__isnull=True)
                | models.Q(pack_date__gte=models.F("harvest_date")),
                name="lot_pack_not_before_harvest",
            ),
        ]
        indexes = [models.Index(fields=["product", "status", "-published_at"])]

    def __str__(self):
        return self.code

    @property
    def is_public(self) -> bool:
        return self.status in (LotStatus.PUBLISHED, LotStatus.RECALLED)

    @property
    def is_recalled(self) -> bool:
        return self.status == LotStatus.RECALLED

    @property
    def start_date(self) -> datetime.date | None:
        """The earliest date the lot existed: nothing may be recorded before it."""
        return self.harvest_date or self.pack_date


class CertificationScheme(models.TextChoices):
    VIETGAP = "vietgap", _("VietGAP")
    GLOBALGAP = "globalgap", _("GlobalG.A.P.")
    ORGANIC = "organic", _("Organic (TCVN 11041)")
    OTHER = "other", _("Other")


# A VietGAP certificate is valid at most two years from issue (certification body rules).
SCHEME_MAX_VALIDITY = {CertificationScheme.VIETGAP: relativedelta(years=2)}


class CertificationState(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    NOT_YET_VALID = "not_yet_valid", _("Not yet valid")


class LotCertification(models.Model):
    """A production-standard certificate: for one lot, or producer-wide when `lot` is empty."""

    producer = models.ForeignKey("partner.Partner", on_delete=models.CASCADE, related_name="lot_certifications")
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, null=True, blank=True, related_name="certifications")
    scheme = models.CharField(_("scheme"), max_length=16, choices=CertificationScheme.choices)
    scheme_name = models.CharField(_("scheme name"), max_length=80, blank=True, help_text=_("For 'Other' schemes"))
    certificate_number = models.CharField(_("certificate number"), max_length=64)
    issuer = models.CharField(_("issued by"), max_length=160, validators=[no_personal_data])
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_until", "-id"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")), name="certification_period_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.display_scheme} {self.certificate_number}"

    @property
    def display_scheme(self) -> str:
        return (
            self.scheme_name
            if self.scheme == CertificationScheme.OTHER and self.scheme_name
            else self.get_scheme_display()
        )

    def state(self, on: datetime.date | None = None) -> str:
        on = on or timezone.localdate()
        if on < self.valid_from:
            return CertificationState.NOT_YET_VALID
        if on > self.valid_until:
            return CertificationState.EXPIRED
        return CertificationState.VALID

    def covers(self, day: datetime.date | None) -> bool:
        return day is not None and self.valid_from <= day <= self.valid_until


class TraceEventType(models.TextChoices):
    HARVEST = "harvest", _("Harvest")
    RECEIVE = "receive", _("Received from supplier")
    PROCESS = "process", _("Processing")
    PACK = "pack", _("Packing")
    SHIP = "ship", _("Shipped to customer")
    RECALL = "recall", _("Recall")


# One step back: where the lot came from. One step forward: whom it went to.
STEP_BACK = {TraceEventType.RECEIVE}
STEP_FORWARD = {TraceEventType.SHIP}


class TraceEvent(models.Model):
    """Something that happened to a lot (a GS1 "critical tracking event"), shown on the public page.

    `counterparty` is the business one step back (received from) or forward (shipped to);
    only business names belong here, never a person's phone or ID.
    """

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="events")
    event_type = models.CharField(_("event"), max_length=16, choices=TraceEventType.choices)
    occurred_at = models.DateTimeField(_("when"))
    commune = models.ForeignKey(
        "regions.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("where (commune)"),
    )
    place = models.CharField(
        _("place"),
        max_length=160,
        blank=True,
        validators=[no_personal_data],
        help_text=_("e.g. the packing house or farm name"),
    )
    counterparty = models.CharField(
        _("business"),
        max_length=160,
        blank=True,
        validators=[no_personal_data],
        help_text=_("Received from / shipped to (business name)"),
    )
    input_lot_code = models.CharField(_("supplier's lot code"), max_length=64, blank=True)
    note = models.TextField(_("note"), blank=True, validators=[no_personal_data])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name = _("trace event")
        verbose_name_plural = _("trace events")

    def __str__(self):
        return f"{self.lot.code}: {self.get_event_type_display()} {self.occurred_at:%Y-%m-%d}"

    @property
    def is_step_back(self) -> bool:
        return self.event_type in STEP_BACK

    @property
    def is_step_forward(self) -> bool:
        return self.event_type in STEP_FORWARD
