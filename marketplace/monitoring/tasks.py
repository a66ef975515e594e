"""Celery tasks of the roll-ups: refresh after changes (ids in, idempotent) and the nightly rebuild."""

import logging
import random

from celery import shared_task
from django.db import OperationalError

from marketplace.monitoring import changes, rollups

logger = logging.getLogger("marketplace.monitoring")


def _backoff(retries: int) -> float:
    return min(10 * 2**retries, 600) * random.uniform(0.8, 1.2)


@shared_task(
    bind=True, acks_late=True, max_retries=6, time_limit=900, soft_time_limit=840, name="monitoring.refresh_rollups"
)
def refresh_rollups(self, orders=(), shipments=(), products=(), product_history=(), partners=(), provinces=()) -> dict:
    """Recompute the province × day rows that these changed objects touch."""
    try:
        found = changes.affected(
            orders=orders,
            shipments=shipments,
            products=products,
            product_history=product_history,
            partners=partners,
            provinces=provinces,
        )
        return {province: rollups.refresh_province(province, days) for province, days in found.items()}
    except OperationalError as exc:  # a locked or restarting database: the same work later is still right
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=3,
    time_limit=3 * 3600,
    soft_time_limit=3 * 3600 - 60,
    name="monitoring.rebuild_rollups",
)
def rebuild_rollups(self) -> dict:
    """Nightly: rebuild every province from the raw tables, which fixes any drift."""
    try:
        written = rollups.rebuild_all()
    except OperationalError as exc:
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
    logger.info("roll-ups rebuilt: %d provinces, %d day rows", len(written), sum(written.values()))
    return written
