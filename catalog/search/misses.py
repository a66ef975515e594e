"""Searches that found nothing, kept for staff.

A buyer who types "yến sào" and sees no product tells the platform something: a word the
synonyms or kinds file lacks, a filler worth dropping, or a product no producer lists yet. Only
a query that the engine (not the simpler database fallback) answered with no product at all,
without a filter, on its first page, is counted: a filter that leaves nothing is the buyer's
choice, not a gap. The count is written after the request commits, by a task (in process when
Celery runs eagerly), and a failure to send it is logged: a search never fails by it. Queries
searched once and not again for PRUNE_AFTER_DAYS are forgotten.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import SearchMiss
from .queries import fold_query
from .types import SearchParams, SearchResults

MAX_CHARS = 100  # longer is pasted text, not a query
MAX_WORDS = 10
PRUNE_AFTER_DAYS = 90
MAX_KEPT = 50_000  # a bot typing random words fills no more than this; the rarest go first


def is_miss(params: SearchParams, results: SearchResults) -> bool:
    """Whether this search is one staff should see: words, no filter, nothing found. Only the
    engine's answers are asked (services.search_products): the database fallback knows less."""
    unfiltered = SearchParams(q=params.q, sort=params.sort, per_page=params.per_page, facets=params.facets)
    folded = fold_query(params.q)
    return (
        results.total == 0
        and params == unfiltered
        and 0 < len(folded) <= MAX_CHARS
        and len(folded.split()) <= MAX_WORDS
        and any(c.isalpha() for c in folded)
    )


def note(params: SearchParams, results: SearchResults) -> None:
    """Count the search once the request commits, if it is a miss (is_miss)."""
    if is_miss(params, results):
        from .tasks import record_search_miss_task

        q = " ".join(params.q.split())
        # robust: a broker outage is logged, and the search still answers
        transaction.on_commit(lambda: record_search_miss_task.delay(q), robust=True)


def record(q: str, now: datetime.datetime | None = None) -> SearchMiss:
    """Count one more search for `q` (as typed), under its folded form."""
    now = now or timezone.now()
    key, example = " ".join(fold_query(q).split())[:200], q[:200]
    for _attempt in range(2):
        if SearchMiss.objects.filter(query=key).update(count=F("count") + 1, last_seen=now, example=example):
            return SearchMiss.objects.get(query=key)
        try:
            with transaction.atomic():
                return SearchMiss.objects.create(query=key, example=example, last_seen=now)
        except IntegrityError:  # another worker created it first: count on it
            continue
    raise RuntimeError(f"search miss {key!r} could not be counted")


def prune(now: datetime.datetime | None = None, keep: int = MAX_KEPT) -> int:
    """Forget the queries searched once and not since PRUNE_AFTER_DAYS, then all but the `keep`
    most searched (the latest first among equals); the number forgotten."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=PRUNE_AFTER_DAYS)
    deleted, _rows = SearchMiss.objects.filter(count=1, last_seen__lt=cutoff).delete()
    beyond = list(SearchMiss.objects.order_by("-count", "-last_seen", "-id").values_list("id", flat=True)[keep:])
    for start in range(0, len(beyond), 1000):
        deleted += SearchMiss.objects.filter(id__in=beyond[start : start + 1000]).delete()[0]
    return deleted
