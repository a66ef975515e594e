"""Reads of trace records: what the public page shows, what a seller may manage."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.sellers.roles import managed_partners

from .models import Lot, LotCertification, LotStatus, TraceEvent

Product = get_model("catalogue", "Product")


def managed_lots(user) -> QuerySet:
    """Lots of every producer the user sells for or helps; everything else is invisible (404)."""
    return Lot.objects.filter(producer__in=managed_partners(user)).select_related("product", "producer")


def manageable_products(user) -> QuerySet:
    return Product.objects.filter(producer__in=managed_partners(user)).order_by("title")


def public_lot(code: str) -> Lot | None:
    """A published or recalled lot by its code; drafts do not exist for the public."""
    return (
        Lot.objects.filter(code=code, status__in=[LotStatus.PUBLISHED, LotStatus.RECALLED])
        .select_related("product", "producer__commune__province", "product__origin_commune__province")
        .first()
    )


def current_lot_for(product) -> Lot | None:
    """The lot a buyer of `product` most likely holds: the most recently published, not recalled."""
    return Lot.objects.filter(product=product, status=LotStatus.PUBLISHED).order_by("-published_at", "-id").first()


def certifications_for(lot: Lot) -> QuerySet:
    """The lot's own certificates and its producer's producer-wide ones."""
    return LotCertification.objects.filter(Q(lot=lot) | Q(lot__isnull=True, producer_id=lot.producer_id))


@dataclass(frozen=True)
class CertificationView:
    certification: LotCertification
    state: str
    covers_lot: bool  # valid on the day the lot was packed (or harvested)


@dataclass
class TraceRecord:
    """Everything the public trace page shows, and nothing personal: no phone, ID or user."""

    lot: Lot
    product: object
    producer: object
    commune: object
    province: object
    ocop_certificate: object
    certifications: list[CertificationView] = field(default_factory=list)
    events: list[TraceEvent] = field(default_factory=list)

    @property
    def step_back(self) -> list[TraceEvent]:
        return [e for e in self.events if e.is_step_back]

    @property
    def step_forward(self) -> list[TraceEvent]:
        return [e for e in self.events if e.is_step_forward]


def trace_record(lot: Lot, today: datetime.date | None = None) -> TraceRecord:
    today = today or timezone.localdate()
    product = lot.product
    producer = lot.producer
    commune = producer.commune or product.origin_commune
    lot_day = lot.pack_date or lot.harvest_date
    certifications = [
        CertificationView(c, c.state(today), c.covers(lot_day))
        for c in certifications_for(lot).order_by("-valid_until")
    ]
    events = list(lot.events.select_related("commune__province").order_by("occurred_at", "id"))
    return TraceRecord(
        lot=lot,
        product=product,
        producer=producer,
        commune=commune,
        province=commune.province if commune else None,
        ocop_certificate=product.current_certificate(today),
        certifications=certifications,
        events=events,
    )
