"""Carrier work in Celery: booking parcels (retried with backoff) and polling parcels whose
webhooks stopped. Every carrier call has a timeout (the adapters' LOGISTICS_CARRIER_TIMEOUT) and
goes through the per-carrier circuit breaker."""

import logging

from celery import shared_task

from logistics import services
from logistics.carriers.base import CarrierError, CarrierUnavailable
from logistics.models import Shipment

logger = logging.getLogger(__name__)


@shared_task(
    name="logistics.book_shipment",
    bind=True,
    acks_late=True,
    autoretry_for=(CarrierUnavailable,),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=8,
    soft_time_limit=90,
    time_limit=120,
)
def book_shipment(self, shipment_id: int) -> str:
    """Book a confirmed part's parcel; a carrier that is down is retried (30 s, 60 s, ... 30 min)."""
    try:
        shipment = services.book(shipment_id)
    except CarrierUnavailable:
        if self.request.is_eager:  # `make run` without a worker: the seller retries from the page
            logger.warning("booking of shipment %s left for a retry", shipment_id)
            return "retry"
        raise
    return shipment.tracking_code or "refused"


@shared_task(name="logistics.poll_stale_shipments", acks_late=True, time_limit=600, soft_time_limit=540)
def poll_stale_shipments(limit: int = 500) -> dict:
    """Ask carriers about parcels we have not heard of for two hours (webhooks lost or stopped)."""
    counts = {"polled": 0, "applied": 0, "failed": 0}
    for shipment in services.stale_shipments().select_related("group__partner")[:limit]:
        try:
            results = services.poll(shipment)
        except CarrierError as exc:
            counts["failed"] += 1
            logger.warning("poll of %s at %s failed: %s", shipment.reference, shipment.carrier, exc)
            continue
        counts["polled"] += 1
        counts["applied"] += sum(1 for r in results if r.outcome == "applied")
    return counts


@shared_task(name="logistics.retry_unbooked", acks_late=True, soft_time_limit=540, time_limit=600)
def retry_unbooked() -> int:
    """Confirmed parts whose booking never went through (carrier down, worker lost): try again."""
    pending = Shipment.objects.filter(tracking_code="", status="", booking_refused=False).exclude(
        carrier__in=["self", "pickup"]
    )
    for shipment_id in pending.values_list("pk", flat=True)[:200]:
        book_shipment.delay(shipment_id)
    return pending.count()
