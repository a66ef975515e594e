"""Celery tasks of the search index: ids in, idempotent, retried with backoff on outages."""

import logging
import random

from celery import shared_task
from elasticsearch import TransportError
from oscar.core.loading import get_model

from . import engine, index

logger = logging.getLogger("catalog.search")
Product = get_model("catalogue", "Product")

MAX_RETRIES = 8  # 10 s, 20 s, 40 s ... capped at 10 min: about half an hour of outage covered


def _backoff(retries: int) -> float:
    return min(10 * 2**retries, 600) * random.uniform(0.8, 1.2)  # jitter: workers do not stampede back


def _run(task, ids) -> dict:
    if not engine.is_configured():
        return {"skipped": "no search engine configured"}
    if task.request.is_eager and not engine.is_available():
        # Eager mode (no broker) cannot wait and retry later; the next full rebuild catches up.
        logger.warning("search engine down: %d products not reindexed now", len(ids))
        return {"skipped": "search engine unavailable"}
    try:
        return index.index_products(ids)
    except TransportError as exc:
        engine.mark_unavailable(exc)
        if task.request.is_eager:
            logger.warning("search engine down: %d products not reindexed now", len(ids))
            return {"skipped": "search engine unavailable"}
        raise task.retry(exc=exc, countdown=_backoff(task.request.retries)) from exc


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES, time_limit=300, soft_time_limit=240)
def index_products_task(self, ids: list[int]) -> dict:
    """Make the index match the database for these products (indexed, or deleted if gone)."""
    return _run(self, ids)


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES, time_limit=600, soft_time_limit=540)
def index_producers_task(self, producer_ids: list[int]) -> dict:
    """A producer's name, type or commune is on each of its products' documents."""
    ids = list(Product.objects.filter(producer_id__in=producer_ids).values_list("id", flat=True))
    return _run(self, ids)


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1700)
def rebuild_index_task() -> dict:
    """Nightly full rebuild: popularity windows move and certificates expire without a save."""
    if not engine.is_configured():
        return {"skipped": "no search engine configured"}
    from . import services

    return services.reindex_all()


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1700)
def ensure_index_task() -> dict:
    """Rebuild the index when a release or the synonyms or kinds file changed its definition or
    what its documents hold (beat, every few minutes; a cheap mapping read otherwise)."""
    if not engine.is_configured():
        return {"skipped": "no search engine configured"}
    if not engine.is_available():
        return {"skipped": "search engine unavailable"}
    from . import services

    return services.ensure_current_index()


@shared_task(acks_late=True, time_limit=30, soft_time_limit=20)
def record_search_miss_task(q: str) -> int:
    """Count a search that found nothing (misses.py); the count so far."""
    from . import misses

    return misses.record(q).count


@shared_task(acks_late=True, time_limit=300, soft_time_limit=240)
def prune_search_misses_task() -> int:
    """Forget the searches that found nothing once, long ago (beat, nightly)."""
    from . import misses

    return misses.prune()
