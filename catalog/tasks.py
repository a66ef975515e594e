"""Celery tasks of the catalogue: photo renditions and the daily OCOP certificate lifecycle.

Ids in, idempotent, retried with backoff on the errors that pass (storage hiccups, a locked
database); a photo that cannot be decoded fails loudly once instead of retrying forever.
"""

import logging
import random

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone
from oscar.core.loading import get_model

from catalog import ocop_lifecycle
from catalog.photos.renditions import RenditionSourceBroken, build_renditions

logger = logging.getLogger("catalog.tasks")
ProductImage = get_model("catalogue", "ProductImage")

TRANSIENT = (OSError, OperationalError)


def _backoff(retries: int) -> float:
    return min(15 * 2**retries, 900) * random.uniform(0.8, 1.2)  # jitter: retries do not arrive together


@shared_task(bind=True, acks_late=True, max_retries=6, time_limit=300, soft_time_limit=240)
def make_renditions(self, image_id: int) -> dict:
    """Make the thumbnail, card and detail WebP renditions of one ProductImage (skips what exists)."""
    image = ProductImage.objects.filter(pk=image_id).first()
    if image is None:
        return {"skipped": "image deleted"}
    try:
        record = build_renditions(image)
    except RenditionSourceBroken:
        logger.exception("cannot make renditions of image %s", image_id)
        raise
    except TRANSIENT as exc:
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
    if record != image.renditions:
        # update(), not save(): touch only this column, whatever else changed on the row meanwhile.
        ProductImage.objects.filter(pk=image_id).update(renditions=record)
        from catalog.search.signals import enqueue

        enqueue(products=(image.product_id,))  # search cards show the card rendition from now on
    return {kind: entry["bytes"] for kind, entry in record.items()}


@shared_task(bind=True, acks_late=True, max_retries=5, time_limit=600, soft_time_limit=540)
def send_ocop_expiry_reminders(self) -> dict:
    """Daily: tell sellers their certificate ends in 90, then 30 days (each reminder once)."""
    try:
        return ocop_lifecycle.send_expiry_reminders(timezone.localdate())
    except OperationalError as exc:
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc


@shared_task(bind=True, acks_late=True, max_retries=5, time_limit=600, soft_time_limit=540)
def expire_ocop_certificates(self) -> dict:
    """Daily, just after midnight: handle certificates past their validity (star off search, seller told)."""
    try:
        ids = ocop_lifecycle.expire_certificates(timezone.localdate())
    except OperationalError as exc:
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
    return {"expired": len(ids)}
