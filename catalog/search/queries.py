"""The engine query for SearchParams, and search-as-you-type.

Shape of a text search (the costly clauses are kept where they pay, see bench/search.py):
- recall: every folded word must be in `all` (title, producer, categories, place), so
  "mat ong dak lak" finds honey from Đắk Lắk; when that finds nothing, a second pass adds
  typo tolerance (fuzziness) and the description, instead of paying for fuzziness on every query;
- ranking: exact-diacritic title matches > folded title matches > phrase bonus, then a mild
  popularity and OCOP-star bonus;
- facets: multi-select, so each facet's counts ignore its own selection (filter aggregations)
  while the hits obey all of them (post_filter).
"""

import datetime
import functools

from django.utils import timezone
from django.utils.translation import gettext as _
from elasticsearch.dsl import Q, Search
from elasticsearch.dsl.query import Query
from oscar.core.loading import get_model

from marketplace.core.text import fold_vietnamese
from marketplace.partner.models import ProducerType

from .types import PRICE_RANGES, FacetValue, SearchParams, SearchResults, Suggestion

Category = get_model("catalogue", "Category")
Province = get_model("regions", "Province")

FACETS = ("group", "stars", "province", "producer_type", "price", "in_stock", "certified")
HIGHLIGHT = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html", "number_of_fragments": 0}
MAX_SYNONYM_ALTERNATIVES = 8


def fold_query(text: str) -> str:
    return " ".join(fold_vietnamese(text).split())


# --- text ---------------------------------------------------------------------------------
def synonym_alternatives(folded: str, groups) -> list[str]:
    """The query with one synonym phrase swapped for each of its equivalents.

    Only used where the engine ignores synonym filters (osmem); Elasticsearch applies the
    same groups itself through the `vi_folded_search` analyzer.
    """
    tokens = folded.split()
    alternatives = []
    for group in groups:
        for word in group:
            phrase = word.split()
            n = len(phrase)
            for start in range(len(tokens) - n + 1):
                if tokens[start : start + n] != phrase:
                    continue
                for other in group:
                    if other != word:
                        alternatives.append(" ".join(tokens[:start] + other.split() + tokens[start + n :]))
    return list(dict.fromkeys(a for a in alternatives if a != folded))[:MAX_SYNONYM_ALTERNATIVES]


def _folded_ranking(text: str, boost: float = 1.0) -> list[Query]:
    return [
        Q("match", **{"title.folded": {"query": text, "boost": 2 * boost}}),
        Q("match_phrase", **{"title.folded": {"query": text, "slop": 1, "boost": 3 * boost}}),
        Q("match_phrase", title_head={"query": text, "boost": 2 * boost}),
        Q("match_phrase", **{"categories.folded": {"query": text, "boost": boost}}),  # "ca phe" is the coffee group
    ]


def text_query(q: str, *, broad: bool = False, synonyms=()) -> Query:
    """Recall on `all` (+ synonyms; + fuzziness and description when `broad`), ranking on the title."""
    alternatives = synonym_alternatives(fold_query(q), synonyms)
    recall = [Q("match", all={"query": q, "operator": "and"}), Q("term", codes={"value": q.strip(), "boost": 20})]
    recall += [Q("match", all={"query": alt, "operator": "and", "boost": 0.9}) for alt in alternatives]
    if broad:
        # prefix_length 1: the first letter of a Vietnamese syllable is rarely the typo, and it
        # cuts the terms the fuzzy automaton must visit; max_expansions bounds the rest.
        fuzzy = {"fuzziness": "AUTO", "prefix_length": 1, "max_expansions": 20, "operator": "and"}
        recall += [
            Q("match", all={"query": q, "boost": 0.5, **fuzzy}),
            Q("match", **{"description.folded": {"query": q, "operator": "and", "boost": 0.3}}),
        ]
    ranking = [
        Q("match", title={"query": q, "boost": 3}),  # diacritics kept: "cà phê" beats "cá"
        Q("match_phrase", title={"query": q, "boost": 2}),
        *_folded_ranking(q),
    ]
    # A synonym ranks like the word it stands for, a little lower ("coffee" -> "cà phê" titles).
    ranking += [clause for alt in alternatives for clause in _folded_ranking(alt, 0.9)]
    return Q("bool", must=[Q("bool", should=recall, minimum_should_match=1)], should=ranking)


def _boosted(query: Query) -> Query:
    """A mild bonus for what sells and for OCOP stars, added to (not multiplied with) relevance."""
    return Q(
        "function_score",
        query=query,
        functions=[
            {"field_value_factor": {"field": "popularity", "modifier": "log1p", "factor": 0.5, "missing": 0}},
            {"field_value_factor": {"field": "stars", "factor": 0.2, "missing": 0}},
        ],
        score_mode="sum",
        boost_mode="sum",
    )


# --- filters and facets -------------------------------------------------------------------
def _price_range_query(key: str) -> Query | None:
    for range_key, low, high in PRICE_RANGES:
        if range_key == key:
            bounds = {"gte": low} | ({"lt": high} if high is not None else {})
            return Q("range", price=bounds)
    return None


def _star_shows(today: datetime.date) -> Query:
    # The document's star is re-checked against today, so an expiry between two reindexes
    # never lets an expired certificate match a star filter or count in a facet.
    return Q("range", star_until={"gte": today.isoformat()})


def facet_filters(params: SearchParams, today: datetime.date) -> dict[str, Query]:
    """The active multi-select facet filters, by facet name."""
    active = {}
    if params.groups:
        active["group"] = Q("terms", group=list(params.groups))
    if params.stars:
        active["stars"] = Q("bool", filter=[Q("terms", stars=list(params.stars)), _star_shows(today)])
    if params.provinces:
        active["province"] = Q("terms", province=list(params.provinces))
    if params.producer_types:
        active["producer_type"] = Q("terms", producer_type=list(params.producer_types))
    if params.price_range and (price := _price_range_query(params.price_range)):
        active["price"] = price
    if params.in_stock:
        active["in_stock"] = Q("term", in_stock=True)
    if params.certified_only:
        active["certified"] = _star_shows(today)
    return active


def base_filters(params: SearchParams) -> list[Query]:
    """Filters that are not facets: they narrow the facet counts too."""
    filters = []
    if params.category_ids:
        filters.append(Q("terms", category_ids=list(params.category_ids)))
    bounds = {}
    if params.price_min is not None:
        bounds["gte"] = int(params.price_min)
    if params.price_max is not None:
        bounds["lte"] = int(params.price_max)
    if bounds:
        filters.append(Q("range", price=bounds))
    return filters


def _add_facet_aggs(search: Search, active: dict[str, Query], today: datetime.date) -> None:
    def scope(name, *extra):
        others = [q for facet, q in active.items() if facet != name] + list(extra)
        return search.aggs.bucket(name, "filter", filter=Q("bool", filter=others))

    scope("group").bucket("values", "terms", field="group", size=30)
    scope("stars", _star_shows(today)).bucket("values", "terms", field="stars", size=5)
    scope("province").bucket("values", "terms", field="province", size=40)
    scope("producer_type").bucket("values", "terms", field="producer_type", size=10)
    ranges = [{"key": key, "from": low} | ({"to": high} if high is not None else {}) for key, low, high in PRICE_RANGES]
    scope("price").bucket("values", "range", field="price", ranges=ranges)
    scope("in_stock").bucket("values", "filter", filter=Q("term", in_stock=True))
    scope("certified").bucket("values", "filter", filter=_star_shows(today))


# --- the search ---------------------------------------------------------------------------
SORT_CLAUSES = {
    "price_asc": [{"price": {"order": "asc", "missing": "_last"}}, "_score"],
    "price_desc": [{"price": {"order": "desc", "missing": "_last"}}, "_score"],
    "newest": [{"date_created": {"order": "desc"}}, "_score"],
    "best_selling": [{"popularity": {"order": "desc"}}, "_score"],
    "stars": [{"stars": {"order": "desc", "missing": "_last"}}, {"popularity": {"order": "desc"}}, "_score"],
}
BROWSE_ORDER = [{"popularity": {"order": "desc"}}, {"stars": {"order": "desc", "missing": "_last"}}, {"date_created": {"order": "desc"}}]


def build_search(params: SearchParams, *, index: str, broad: bool = False, synonyms=(), today=None) -> Search:
    today = today or timezone.localdate()
    search = Search(index=index)
    query = text_query(params.q, broad=broad, synonyms=synonyms) if params.q.strip() else Q("match_all")
    filters = base_filters(params)
    search = search.query(_boosted(Q("bool", must=[query], filter=filters)) if params.q.strip() else Q("bool", must=[query], filter=filters))
    active = facet_filters(params, today)
    if active:
        search = search.post_filter(Q("bool", filter=list(active.values())))
    if params.facets:
        _add_facet_aggs(search, active, today)
    if params.sort == "relevance":
        search = search.sort(*(["_score", {"popularity": {"order": "desc"}}] if params.q.strip() else BROWSE_ORDER))
    else:
        search = search.sort(*SORT_CLAUSES[params.sort])
    if params.q.strip():
        # The folded field marks every matched word, accented or not, in the original title.
        search = search.highlight("title.folded").highlight_options(**HIGHLIGHT)
    start = (max(params.page, 1) - 1) * params.per_page
    return search.source(False).extra(track_total_hits=True)[start : start + params.per_page]


def execute(client, params: SearchParams, *, index: str, synonyms=()) -> SearchResults:
    """Run the search; when the strict pass finds nothing, one broad pass (typos, description)."""
    body = build_search(params, index=index, synonyms=synonyms).to_dict()
    response = client.search(index=index, body=body)
    took = response["took"]
    if params.q.strip() and response["hits"]["total"]["value"] == 0:
        body = build_search(params, index=index, broad=True, synonyms=synonyms).to_dict()
        response = client.search(index=index, body=body)
        took += response["took"]
    return parse_response(response, params, took)


def parse_response(response: dict, params: SearchParams, took: float) -> SearchResults:
    hits = response["hits"]["hits"]
    highlights = {}
    for hit in hits:
        marked = hit.get("highlight", {})
        title = (marked.get("title.folded") or [None])[0]
        if title:
            highlights[int(hit["_id"])] = title
    return SearchResults(
        product_ids=[int(hit["_id"]) for hit in hits],
        total=response["hits"]["total"]["value"],
        page=params.page,
        per_page=params.per_page,
        facets=facet_values(response.get("aggregations", {}), params) if params.facets else {},
        highlights=highlights,
        engine="elasticsearch",
        took_ms=float(took),
    )


# --- facet labels -------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _province_labels() -> dict[str, str]:
    return dict(Province.objects.values_list("code", "short_name"))  # fixed data, loaded once


def _group_labels() -> dict[str, str]:
    return {code or slug: name for code, slug, name in Category.objects.filter(depth=1).values_list("code", "slug", "name")}


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + "\xa0₫"


def price_label(key: str) -> str:
    for range_key, low, high in PRICE_RANGES:
        if range_key == key:
            if not low:
                return _("Under %(high)s") % {"high": _vnd(high)}
            if high is None:
                return _("%(low)s and above") % {"low": _vnd(low)}
            return f"{_vnd(low)} – {_vnd(high)}"
    return key


def facet_values(aggs: dict, params: SearchParams) -> dict[str, list[FacetValue]]:
    """Aggregations -> FacetValues with labels; a selected value is listed even at count 0."""
    selected = {
        "group": set(params.groups),
        "stars": {str(s) for s in params.stars},
        "province": set(params.provinces),
        "producer_type": set(params.producer_types),
        "price": {params.price_range} if params.price_range else set(),
        "in_stock": {"1"} if params.in_stock else set(),
        "certified": {"1"} if params.certified_only else set(),
    }
    labels = {
        "group": _group_labels(),
        "stars": {str(n): f"{n}★" for n in (3, 4, 5)},
        "province": _province_labels(),
        "producer_type": {str(k): str(v) for k, v in ProducerType.choices},
    }
    facets = {}
    for name in ("group", "stars", "province", "producer_type"):
        counts = {str(b["key"]): b["doc_count"] for b in aggs.get(name, {}).get("values", {}).get("buckets", [])}
        counts |= {key: 0 for key in selected[name] if key not in counts}
        values = [FacetValue(key, labels[name].get(key, key), n, key in selected[name]) for key, n in counts.items()]
        values.sort(key=(lambda v: -int(v.key)) if name == "stars" else (lambda v: (-v.count, v.label)))
        facets[name] = values
    buckets = aggs.get("price", {}).get("values", {}).get("buckets", [])
    facets["price"] = [FacetValue(b["key"], price_label(b["key"]), b["doc_count"], b["key"] in selected["price"]) for b in buckets]
    for name, label in (("in_stock", _("In stock")), ("certified", _("Valid OCOP certificate"))):
        count = aggs.get(name, {}).get("values", {}).get("doc_count", 0)
        facets[name] = [FacetValue("1", label, count, "1" in selected[name])]
    return facets


# --- search-as-you-type -------------------------------------------------------------------
def build_suggest(prefix: str, limit: int, *, index: str) -> Search:
    """Every typed word must start a title word (edge n-grams, folded); whole words rank higher."""
    query = Q(
        "bool",
        must=[Q("match", **{"title.ngram": {"query": prefix, "operator": "and"}})],
        should=[
            Q("match", **{"title.folded": {"query": prefix, "boost": 2}}),
            Q("match_phrase_prefix", **{"title.folded": {"query": prefix, "boost": 2}}),
            Q("match_phrase_prefix", title_head={"query": prefix, "boost": 2}),
        ],
    )
    search = Search(index=index).query(_boosted(query)).source(["title", "url", "image"])
    return search.highlight("title.ngram").highlight_options(**HIGHLIGHT)[:limit]


def suggest(client, prefix: str, limit: int, *, index: str) -> list[Suggestion]:
    response = client.search(index=index, body=build_suggest(prefix, limit, index=index).to_dict())
    return [
        Suggestion(
            id=int(hit["_id"]),
            title=hit["_source"]["title"],
            url=hit["_source"].get("url") or "",
            image=hit["_source"].get("image"),
            highlight=(hit.get("highlight", {}).get("title.ngram") or [""])[0],
        )
        for hit in response["hits"]["hits"]
    ]
