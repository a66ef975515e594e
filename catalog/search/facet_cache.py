"""Facet counts kept until the index changes.

Counting facets is the dearest part of a search (the catalogue page counts every product), and
buyers ask the same thing again and again: the catalogue, a province, "ca phe". Elasticsearch keeps
such size-0 aggregation answers in its shard request cache until the next refresh; osmem has no
such cache, so the app keeps the counts itself, in Django's cache (Redis in production):

- the key is the query and filters that decide the counts (not the page or the sort), plus a
  generation number that every write to the live index bumps (`changed()`), so a price, stock or
  certificate change is counted as soon as it is searchable;
- entries also expire after SEARCH_FACET_CACHE_SECONDS (default 300), a bound on staleness if a
  write ever bypassed `changed()`, and the cache is only a speed-up: a miss, or a cache that is
  down, counts on the engine as before.
"""

import hashlib
import json
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("catalog.search")

GENERATION_KEY = "search:facets:generation"
NOT_COUNTED = {"sort", "from", "size", "_source", "track_total_hits"}


def _generation() -> int:
    try:
        return int(cache.get_or_set(GENERATION_KEY, 1, timeout=None))
    except Exception:  # noqa: BLE001 (a cache outage must not fail a search)
        logger.warning("facet cache unavailable", exc_info=True)
        return 0


def changed() -> None:
    """The live index changed: counts kept so far are not used again."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): start a new series
        cache.set(GENERATION_KEY, 2, timeout=None)
    except Exception:  # noqa: BLE001
        logger.warning("facet cache generation not bumped", exc_info=True)


def key(index: str, searches) -> str | None:
    """The cache key of the counts these msearch bodies would produce (page and sort left out)."""
    generation = _generation()
    if not generation:
        return None
    shape = [(name, {k: v for k, v in body.items() if k not in NOT_COUNTED}) for name, body in searches]
    digest = hashlib.sha256(json.dumps([index, shape], sort_keys=True, default=str).encode()).hexdigest()
    return f"search:facets:{generation}:{digest[:40]}"


def get(cache_key: str | None):
    if cache_key is None:
        return None
    try:
        return cache.get(cache_key)
    except Exception:  # noqa: BLE001
        logger.warning("facet cache unavailable", exc_info=True)
        return None


def set(cache_key: str | None, counts: dict) -> None:  # noqa: A001 (module-level API: get/set)
    if cache_key is None:
        return
    try:
        cache.set(cache_key, counts, timeout=getattr(settings, "SEARCH_FACET_CACHE_SECONDS", 300))
    except Exception:  # noqa: BLE001
        logger.warning("facet counts not cached", exc_info=True)
