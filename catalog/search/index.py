"""The product index: Vietnamese analysis, zero-downtime rebuilds behind an alias, bulk updates.

Names: searches read the alias `<prefix>_products`; each full rebuild writes a fresh
`<prefix>_products-v<timestamp>` index (reachable meanwhile through `<prefix>_products-building`),
then one atomic `_aliases` call moves the alias, so search never goes dark. Updates between
rebuild start and swap are written to both indices, so none is lost.
"""

import datetime
import hashlib
import json
import logging
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from elasticsearch import NotFoundError, helpers
from elasticsearch.dsl import Index, Mapping
from oscar.core.loading import get_model

from catalog.selectors import browsable_products
from marketplace.core.text import fold_vietnamese

from . import engine, facet_cache
from .documents import DOCUMENT_VERSION, IndexContext, ProductDocument, documents_for
from .kinds import load_kinds
from .staff_files import read_staff_file

logger = logging.getLogger("catalog.search")
Product = get_model("catalogue", "Product")

SYNONYMS_FILE = Path(__file__).with_name("synonyms_vi.txt")
BATCH_SIZE = 1000
SENDERS = 2  # bulk requests in flight during a rebuild while the next batch is built
BULK_TIMEOUT = 120.0  # bulk loads may take far longer than a search may
MAX_RESULT_WINDOW = 20_000  # the storefront pages up to 500 x 24 results
EDGE_NGRAM_MAX = 15
# A building index younger than this is a rebuild at work (100 000 products take ~2 min here).
REBUILD_UNDER_WAY = datetime.timedelta(minutes=30)


def alias_name() -> str:
    return f"{settings.SEARCH_INDEX_PREFIX}_products"


def building_alias_name() -> str:
    return f"{alias_name()}-building"


def _index_pattern() -> str:
    return f"{alias_name()}-v*"


def _new_index_name() -> str:
    return f"{alias_name()}-v{timezone.now().astimezone(datetime.UTC):%Y%m%d%H%M%S%f}"


# --- synonyms -------------------------------------------------------------------------------
def load_synonyms(path: Path = SYNONYMS_FILE) -> list[tuple[str, ...]]:
    """Synonym groups from the staff-editable file, folded like the index folds text.

    Re-read whenever the file changes, so an edit reaches the app's own query expansion
    (embedded engine) at once; the production engine picks it up at the next rebuild.
    """
    return read_staff_file(path, _synonym_groups)


def _synonym_groups(lines) -> list[tuple[str, ...]]:
    groups = []
    for line in lines:
        words = [" ".join(fold_vietnamese(w).split()) for w in line.split(",")]
        words = tuple(dict.fromkeys(w for w in words if w))
        if len(words) > 1:
            groups.append(words)
    return groups


# --- settings and mapping -------------------------------------------------------------------
def analysis_settings(synonyms: list[tuple[str, ...]]) -> dict:
    """Analyzers named by documents.ProductDocument.

    vi_exact keeps diacritics ("cà" != "cá") so exact matches can outrank folded ones;
    vi_folded lowercases and ASCII-folds (Lucene's asciifolding maps đ/Đ to d, unlike NFKD);
    vi_folded_search adds the synonyms at query time only, so editing them needs no re-analysis
    of stored text; vi_autocomplete indexes word prefixes for search-as-you-type.
    """
    search_filters = ["lowercase", "asciifolding"]
    token_filters: dict = {"vi_edge": {"type": "edge_ngram", "min_gram": 1, "max_gram": EDGE_NGRAM_MAX}}
    if synonyms:
        token_filters["vi_synonyms"] = {
            "type": "synonym_graph",
            "synonyms": [", ".join(group) for group in synonyms],
            "lenient": True,  # a bad line staff typed is skipped, not a failed rebuild
        }
        search_filters.append("vi_synonyms")
    return {
        "analyzer": {
            "vi_exact": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
            "vi_folded": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
            "vi_folded_search": {"type": "custom", "tokenizer": "standard", "filter": search_filters},
            "vi_autocomplete": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding", "vi_edge"],
            },
        },
        "filter": token_filters,
        "normalizer": {"vi_code": {"type": "custom", "filter": ["lowercase", "asciifolding"]}},
    }


def _definition() -> tuple[dict, dict]:
    """(the mapping, the analysis settings) an index built now gets."""
    return ProductDocument._doc_type.mapping.to_dict(), analysis_settings(load_synonyms())


def definition_fingerprint(definition: tuple[dict, dict] | None = None) -> str:
    """A digest of the mapping and analysis an index built now gets and of what its documents
    hold: a deploy that adds or changes a field, an analyzer, the synonyms file or
    documents.DOCUMENT_VERSION changes it, and so does an edit of the kinds file (the
    documents carry the kinds of their titles)."""
    content = [*(definition or _definition()), DOCUMENT_VERSION, load_kinds()]
    text = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _index_definition(name: str) -> Index:
    definition = _definition()
    index = Index(name)
    index.settings(
        number_of_shards=1,  # a national catalogue (~12 000 OCOP products) fits one shard with room
        max_result_window=MAX_RESULT_WINDOW,
        refresh_interval="-1",  # set back to 1s when the bulk load is done
        analysis=definition[1],
    )
    index.document(ProductDocument)
    meta = Mapping()
    meta.meta("_meta", definition=definition_fingerprint(definition))  # read back by live_definition()
    index.mapping(meta)
    return index


def _bulk_client():
    return engine.get_client().options(request_timeout=BULK_TIMEOUT)


# --- alias bookkeeping ----------------------------------------------------------------------
def _aliases() -> dict[str, set[str]]:
    """Our concrete indices and the aliases each carries."""
    try:
        found = engine.get_client().indices.get_alias(index=_index_pattern())
    except NotFoundError:
        return {}
    return {name: set(body.get("aliases", {})) for name, body in found.items()}


def live_index_names() -> list[str]:
    return sorted(name for name, aliases in _aliases().items() if alias_name() in aliases)


def live_definition() -> str | None:
    """The definition fingerprint the live index was built with; None without a live index
    ("" for one built before fingerprints were kept)."""
    try:
        found = engine.get_client().indices.get_mapping(index=alias_name())
    except NotFoundError:
        return None
    return next((body["mappings"].get("_meta", {}).get("definition", "") for body in found.values()), None)


def rebuild_under_way(now: datetime.datetime | None = None) -> bool:
    """Whether an index is being built: one started within REBUILD_UNDER_WAY and not yet
    swapped in. An older one is a rebuild that died; the next rebuild drops it."""
    now = now or timezone.now()
    for name, role in write_targets().items():
        started = _built_at(name)
        if role == "building" and started and now - started < REBUILD_UNDER_WAY:
            return True
    return False


def _built_at(name: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(name.rsplit("-v", 1)[1], "%Y%m%d%H%M%S%f").replace(tzinfo=datetime.UTC)
    except (IndexError, ValueError):
        return None


def write_targets() -> dict[str, str]:
    """Index name -> "live" or "building": where an update must go so no rebuild misses it."""
    targets = {}
    for name, aliases in _aliases().items():
        if alias_name() in aliases:
            targets[name] = "live"
        elif building_alias_name() in aliases:
            targets[name] = "building"
    return targets


# --- bulk writes ----------------------------------------------------------------------------
def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _bulk(actions: Iterable[dict], *, refresh=False, tolerate=()) -> int:
    """Send actions; failures other than the expected statuses (`tolerate`) raise."""
    ok, errors = helpers.bulk(_bulk_client(), actions, chunk_size=BATCH_SIZE, raise_on_error=False, refresh=refresh)
    real = [e for e in errors if next(iter(e.values())).get("status") not in tolerate]
    if real:
        raise RuntimeError(f"search bulk failed for {len(real)} documents, first: {real[0]}")
    return ok


def _listed_ids(ids: Iterable[int]) -> list[int]:
    """Variants are listed through their parent: index the parent for a changed child."""
    ids = {int(i) for i in ids}
    parents = Product.objects.filter(id__in=ids, parent__isnull=False).values_list("parent_id", flat=True)
    return sorted(ids | set(parents))


def index_products(ids: Iterable[int], *, refresh="wait_for") -> dict:
    """Bring the index in line with the database for `ids`; idempotent.

    Indexable products are (re)written whole; missing, private or child products are deleted.
    `refresh="wait_for"` returns once the change is searchable (without forcing a refresh).
    """
    ids = _listed_ids(ids)
    targets = write_targets()
    if not targets or not ids:
        return {"indexed": 0, "deleted": 0, "targets": []}
    indexed = deleted = 0
    ctx = IndexContext.load()
    for chunk in _chunks(ids, BATCH_SIZE):
        docs, gone = documents_for(chunk, ctx)
        for name, role in targets.items():
            actions = [{"_index": name, "_id": pid, "_source": doc} for pid, doc in docs.items()]
            actions += [{"_op_type": "delete", "_index": name, "_id": pid} for pid in gone]
            # The building index has refresh disabled: waiting for a refresh there would hang.
            _bulk(actions, refresh=refresh if role == "live" else False, tolerate=(404,))
        indexed, deleted = indexed + len(docs), deleted + len(gone)
    if "live" in targets.values():
        facet_cache.changed()
    return {"indexed": indexed, "deleted": deleted, "targets": sorted(targets)}


def rebuild_index(batch_size: int = BATCH_SIZE) -> dict:
    """Build a new index from the database, swap the alias to it atomically, drop the old ones."""
    client = engine.get_client()
    started = time.monotonic()
    name = _new_index_name()
    _index_definition(name).create(using=_bulk_client())
    client.indices.update_aliases(actions=[{"add": {"index": name, "alias": building_alias_name()}}])
    ids = list(browsable_products().order_by("id").values_list("id", flat=True))
    ctx = IndexContext.load()
    indexed = 0
    # A pipeline: this thread reads the database and builds the next batch while sender
    # threads (HTTP only, no database) bulk-load the previous ones into the engine.
    with ThreadPoolExecutor(max_workers=SENDERS, thread_name_prefix="search-bulk") as senders:
        in_flight = deque()
        for chunk in _chunks(ids, batch_size):
            docs, _gone = documents_for(chunk, ctx)
            # op_type=create: a live update that reached the new index first is newer; keep it.
            actions = [{"_op_type": "create", "_index": name, "_id": pid, "_source": doc} for pid, doc in docs.items()]
            in_flight.append(senders.submit(_bulk, actions, tolerate=(409,)))
            while len(in_flight) > SENDERS:
                indexed += in_flight.popleft().result()
        indexed += sum(future.result() for future in in_flight)
    client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "1s"}})
    client.indices.refresh(index=name)
    _swap_alias(name)
    return {"index": name, "products": indexed, "seconds": round(time.monotonic() - started, 2)}


def _swap_alias(name: str) -> None:
    client = engine.get_client()
    alias = alias_name()
    if client.indices.exists(index=alias) and not client.indices.exists_alias(name=alias):
        # A concrete index squatting on the alias name (e.g. auto-created by a stray write).
        client.indices.delete(index=alias)
    old = [n for n in live_index_names() if n != name]
    actions = [{"remove": {"index": n, "alias": alias}} for n in old]
    actions += [{"add": {"index": name, "alias": alias}}, {"remove": {"index": name, "alias": building_alias_name()}}]
    client.indices.update_aliases(actions=actions)
    facet_cache.changed()
    stale = [n for n in _aliases() if n != name]
    if stale:
        client.indices.delete(index=",".join(stale), ignore_unavailable=True)
    logger.info("search index %s is live (dropped %s)", name, ", ".join(stale) or "nothing")


def drop_all() -> None:
    """Delete every product index of this prefix (tests, and `search_index --drop`)."""
    client = engine.get_client()
    names = list(_aliases())
    if names:
        client.indices.delete(index=",".join(names), ignore_unavailable=True)
    if client.indices.exists(index=alias_name()):
        client.indices.delete(index=alias_name())
    facet_cache.changed()


def status() -> dict:
    """What `search_index --status` prints."""
    info = {"engine": engine.engine_url() or None, "alias": alias_name(), "available": engine.is_available()}
    info["products_in_database"] = browsable_products().count()
    if not info["available"]:
        return info
    client = engine.get_client()
    info["indices"] = {
        name: {
            "aliases": sorted(aliases),
            "documents": client.count(index=name)["count"],
        }
        for name, aliases in sorted(_aliases().items())
    }
    info["documents_in_alias"] = client.count(index=alias_name())["count"] if live_index_names() else 0
    built_with = live_definition()
    # "stale": built by an older release (a field, an analyzer, the synonyms or what documents
    # hold changed since);
    # services.ensure_current_index rebuilds it.
    info["definition"] = (
        None if built_with is None else "current" if built_with == definition_fingerprint() else "stale"
    )
    return info
