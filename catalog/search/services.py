"""Search services: what views, the API and commands call.

The engine answers when it is up; on a connection error, a timeout or an engine error the
database answers instead (catalog/search/fallback.py), the outage is logged and remembered
for a few seconds (catalog/search/engine.py), and the next probe brings the engine back.
"""

import dataclasses
import logging
import time

from django.conf import settings
from elasticsearch import ApiError, TransportError

from . import engine, facet_cache, fallback, index, misses, queries, search_text
from .types import SearchParams, SearchResults, SuggestResults

logger = logging.getLogger("catalog.search")

SUGGEST_MIN_CHARS = 2
SUGGEST_MAX = 20


def _synonyms_for_query():
    # Elasticsearch applies the synonym file through its search analyzer; osmem ignores
    # synonym filters, so for it the app expands the query itself (ARCHITECTURE.md, "Search").
    return index.load_synonyms() if engine.server_is_osmem() else ()


def _engine_failed(what: str, exc: Exception) -> None:
    status = getattr(getattr(exc, "meta", None), "status", 0) or 0
    if isinstance(exc, TransportError) or status >= 500:  # unreachable, too slow or sick: stop asking a while
        engine.mark_unavailable(f"{what}: {exc}")
    else:  # the engine answered with an error (missing index, bad query): log it loudly
        logger.error("search engine error during %s, answering from the database: %s", what, exc)


def search_products(params: SearchParams) -> SearchResults:
    """Products matching `params`, from the engine, or from the database when it is down.
    Words that say nothing about which product, alone ("ocop", "đặc sản"), browse the whole
    catalogue."""
    if queries.says_nothing(params.q):
        params = dataclasses.replace(params, q="")
    if engine.is_available():
        try:
            results = queries.execute(
                engine.get_client(),
                params,
                index=index.alias_name(),
                synonyms=_synonyms_for_query(),
                typo_terms=index.load_synonyms(),
                facet_cache=facet_cache if getattr(settings, "SEARCH_FACET_CACHE_SECONDS", 300) else None,
            )
            misses.note(params, results)  # found nothing: counted for staff, after the commit
            return results
        except (TransportError, ApiError, queries.EngineError) as exc:
            _engine_failed("search", exc)
    started = time.monotonic()
    folded, synonyms = queries.fold_query(params.q), index.load_synonyms()
    alternatives = queries.query_alternatives(folded, synonyms) if folded else []
    results = fallback.search_products(params, words=set(folded.split()), alternatives=alternatives)
    if not results.total and folded:
        # The database knows no typos but the synonym file's: "coffe" is read "coffee" there too.
        corrected = queries.typo_alternatives(folded, (), synonyms, synonyms)
        if corrected:
            results = fallback.search_products(params, words=set(folded.split()), alternatives=corrected)
            results.matched = "fuzzy"
    logger.info(
        "database search for %r: %d results in %.0f ms", params.q, results.total, (time.monotonic() - started) * 1000
    )
    return results


SUGGEST_READINGS = 2  # other readings tried when the typed words start no title


def suggest(prefix: str, limit: int = 8) -> SuggestResults:
    """Search-as-you-type: products whose title words start with the typed words.

    When none does, the first other readings of what was typed are tried, as the search reads
    them: "caphe" as "ca phe", "honey" as "mat ong", Telex "caf phee" as "ca phe". Whole
    words that say nothing about which product are left out as the search leaves them out:
    "mua cà phê" suggests coffees (no title starts a word with "mua").
    """
    prefix = queries.drop_generic(prefix.strip()[:100])
    limit = max(1, min(limit, SUGGEST_MAX))
    folded = queries.fold_query(prefix)
    if len(folded) < SUGGEST_MIN_CHARS:
        return SuggestResults([], engine="none")
    results = _suggest_one(prefix, limit)
    if results.suggestions:
        return results
    for reading in queries.query_alternatives(folded, index.load_synonyms())[:SUGGEST_READINGS]:
        results = _suggest_one(reading, limit)
        if results.suggestions:
            break
    return results


def _suggest_one(prefix: str, limit: int) -> SuggestResults:
    if engine.is_available():
        try:
            return queries.suggest(engine.get_client(), prefix, limit, index=index.alias_name())
        except (TransportError, ApiError) as exc:
            _engine_failed("suggest", exc)
    return SuggestResults(fallback.suggest(prefix, limit), engine="database")


def reindex_all(batch_size: int = index.BATCH_SIZE) -> dict:
    """Full rebuild behind the alias (search keeps answering from the old index meanwhile).

    First the database fallback's search_text is brought in line (an edited kinds file reaches
    it here, as it reaches the documents), so both paths know the same kinds.
    """
    refreshed = search_text.refresh()
    return {**index.rebuild_index(batch_size=batch_size), "search_text_refreshed": refreshed}


def ensure_current_index(batch_size: int = index.BATCH_SIZE) -> dict:
    """Rebuild when there is no live index or it was built with another definition (a release
    that adds a field or an analyzer or changes what documents hold, an edited synonyms or
    kinds file): until then the engine cannot answer the queries that read the new field, and
    those searches fall back to the database.
    Beat runs it every few minutes, so a deploy heals itself; `search_index --ensure` too.
    Nothing happens while a rebuild is under way."""
    built_with = index.live_definition()
    if built_with == index.definition_fingerprint():
        return {"rebuilt": False, "reason": "current"}
    if index.rebuild_under_way():
        return {"rebuilt": False, "reason": "rebuild under way"}
    reason = "no live index" if built_with is None else "stale"
    logger.warning("search index %s: rebuilding", reason)
    return {"rebuilt": True, "reason": reason, **reindex_all(batch_size=batch_size)}


def index_products(ids) -> dict:
    """Bring the index in line with the database for these product ids (idempotent)."""
    return index.index_products(ids)
