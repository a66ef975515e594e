"""Search from the database, for when the engine is down or too slow.

Diacritics-insensitive through Product.search_text (folded title, UPC and description) and
fold_vietnamese(q): every folded word must start a word of search_text (or every word of
another reading of the query: run-together words split, synonyms swapped). The same filters
as the engine path, a simple ranking (exact title phrase > title starting
with the folded phrase > title starting with the first two of three words or more > title
holding the phrase > folded phrase anywhere > the rest), no
facets. Correct on SQLite and PostgreSQL alike; slow on big catalogues by design (it is a
fallback; bench/search.py measures it).
"""

import datetime
import functools
from collections import defaultdict

from django.db.models import Case, Count, IntegerField, Max, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.selectors import browsable_products
from marketplace.core.text import fold_vietnamese
from marketplace.regions.models import Commune, Province
from marketplace.regions.services import commune_place_names

from .documents import POPULARITY_DAYS
from .queries import drop_generic, find_places, fold_query, highlight_title, place_key, query_head, reading_sets
from .types import PRICE_RANGES, SearchParams, SearchResults, Suggestion

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
OcopCertificate = get_model("catalogue", "OcopCertificate")
Line = get_model("order", "Line")


def _word_starts(token: str, field: str = "search_text") -> Q:
    # search_text is space-separated folded words: a token must start one of them.
    return Q(**{f"{field}__startswith": token}) | Q(**{f"{field}__contains": f" {token}"})


def text_filter(q: str, alternatives=(), field: str = "search_text") -> Q:
    """Every folded word of `q`, or of one of its other readings (split words, synonyms), starts a word."""
    condition = Q()
    for reading in [fold_vietnamese(q), *alternatives]:
        words = Q()
        for token in reading.split():
            words &= _word_starts(token, field)
        condition |= words
    return condition


def _query_parts(q: str, alternatives=()) -> tuple[str, list[str], str, list[str]]:
    """(the query and its other readings without generic words ("đặc sản"), as the engine drops
    them; the query's words that are not a place; the places it names)."""
    q = drop_generic(q.strip())
    rest, places = find_places(q)
    return q, [drop_generic(alt) for alt in alternatives], rest, places


def query_filter(q: str, alternatives=()) -> Q:
    """What a query asks of the database: its words (text_filter), where a place it names (a
    province, a commune, a former district or province, a region) may also be where the product
    comes from.

    "chè hà giang" finds the Hoàng Su Phì tea whose commune is in Tuyên Quang since 2025, as
    the engine does through the place names of its documents (documents.py, `place_aliases`).
    """
    q, alternatives, rest, places = _query_parts(q, alternatives)
    words = text_filter(q, alternatives)
    if not places:
        return words
    from_there = Q()
    for name in places:
        from_there &= _from_place(name)
    readings = [what for what, named in map(find_places, alternatives) if named == places and what]
    return words | (text_filter(rest, readings) & from_there if rest else from_there)


def _from_place(folded_name: str) -> Q:
    """Products whose commune (their origin's, else their producer's) the name covers."""
    provinces, communes = _place_units().get(folded_name, ((), ()))

    def there(commune: str) -> Q:
        return Q(**{f"{commune}__province_id__in": provinces}) | Q(**{f"{commune}_id__in": communes})

    return there("origin_commune") | (Q(origin_commune__isnull=True) & there("producer__commune"))


@functools.lru_cache(maxsize=1)
def _place_units() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """{folded place name: (codes of the provinces so named, codes of the communes it names)}.

    The provinces' short names, the communes' own and the names they still go by
    (regions.services.commune_place_names: former districts and provinces, their regions) are
    the engine's `place_aliases` (documents.place_names_of), so both paths read a place alike;
    fixed data.
    """
    provinces, communes = defaultdict(set), defaultdict(set)
    for code, name in Province.objects.values_list("code", "short_name"):
        provinces[place_key(name)].add(code)
    for code, name in Commune.objects.values_list("code", "short_name"):
        communes[place_key(name)].add(code)
    for code, names in commune_place_names().items():
        for name in names:
            communes[place_key(name)].add(code)
    return {
        key: (frozenset(provinces.get(key, ())), frozenset(communes.get(key, ())))
        for key in provinces.keys() | communes.keys()
    }


def _scalar(qs, group_by: str, aggregate):
    """A correlated subquery: one value per product, without multiplying the outer rows."""
    return Subquery(qs.values(group_by).annotate(v=aggregate).values("v")[:1])


def _popularity():
    since = timezone.now() - datetime.timedelta(days=POPULARITY_DAYS)
    own = Line.objects.filter(product=OuterRef("pk"), order__date_placed__gte=since)
    variants = Line.objects.filter(product__parent=OuterRef("pk"), order__date_placed__gte=since)
    return Coalesce(_scalar(own, "product_id", Count("id")), 0) + Coalesce(
        _scalar(variants, "product__parent_id", Count("id")), 0
    )


def annotate_listing(qs, today: datetime.date):
    """shown_stars, listing_price and popularity, as the engine's document has them."""
    shown = OcopCertificate.objects.filter(
        product=OuterRef("pk"),
        status="awarded",
        verification="verified",
        revoked_at__isnull=True,
        valid_until__gte=today,
    )
    own_stock = StockRecord.objects.filter(product=OuterRef("pk"))
    variant_stock = StockRecord.objects.filter(product__parent=OuterRef("pk"))
    return qs.annotate(
        shown_stars=_scalar(shown, "product_id", Max("stars")),
        listing_price=Coalesce(
            _scalar(own_stock, "product_id", Min("price")), _scalar(variant_stock, "product__parent_id", Min("price"))
        ),
        popularity=_popularity(),
    )


def _in_stock():
    available = Q(num_in_stock__gt=Coalesce("num_allocated", 0))
    untracked = Q(product__product_class__track_stock=False) | Q(product__parent__product_class__track_stock=False)
    records = StockRecord.objects.filter(available | untracked)
    return Q(id__in=records.values("product_id")) | Q(
        id__in=records.filter(product__parent__isnull=False).values("product__parent_id")
    )


def filtered(params: SearchParams, today: datetime.date, alternatives=()):
    qs = annotate_listing(browsable_products(), today)
    if params.q.strip():
        qs = qs.filter(query_filter(params.q, alternatives))
    # Category conditions as `id IN (subquery)`: a join would repeat rows and need DISTINCT.
    if params.category_ids:
        qs = qs.filter(id__in=_in_categories(params.category_ids))
    if params.groups:
        roots = Category.objects.filter(depth=1).filter(Q(code__in=params.groups) | Q(slug__in=params.groups))
        qs = qs.filter(id__in=_in_categories(roots.values_list("id", flat=True)))
    if params.stars:
        qs = qs.filter(shown_stars__in=params.stars)
    if params.certified_only:
        qs = qs.filter(shown_stars__isnull=False)
    if params.provinces:
        qs = qs.filter(
            Q(origin_commune__province_id__in=params.provinces)
            | Q(origin_commune__isnull=True, producer__commune__province_id__in=params.provinces)
        )
    if params.producer_types:
        qs = qs.filter(producer__producer_type__in=params.producer_types)
    for key, low, high in PRICE_RANGES:
        if key == params.price_range:
            qs = qs.filter(listing_price__gte=low, **({"listing_price__lt": high} if high is not None else {}))
    if params.price_min is not None:
        qs = qs.filter(listing_price__gte=params.price_min)
    if params.price_max is not None:
        qs = qs.filter(listing_price__lte=params.price_max)
    if params.in_stock:
        qs = qs.filter(_in_stock())
    return qs


def _in_categories(category_ids):
    """Ids of products in these categories or their descendants (treebeard path prefixes)."""
    paths = Category.objects.filter(id__in=list(category_ids)).values_list("path", flat=True)
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return ProductCategory.objects.filter(category__in=Category.objects.filter(condition)).values("product_id")


def _ordering(params: SearchParams, qs, alternatives=()):
    if params.sort == "price_asc":
        return qs.order_by(Coalesce("listing_price", Value(10**15)).asc(), "-id")
    if params.sort == "price_desc":
        return qs.order_by(Coalesce("listing_price", Value(-1)).desc(), "-id")
    if params.sort == "newest":
        return qs.order_by("-date_created", "-id")
    if params.sort == "best_selling":
        return qs.order_by("-popularity", "-id")
    if params.sort == "stars":
        return qs.order_by(Coalesce("shown_stars", Value(0)).desc(), "-popularity", "-id")
    if params.q.strip():
        q, alternatives, rest, places = _query_parts(params.q, alternatives)
        # The product words rank on their own too: "chè hà giang" is a tea from there.
        readings = [fold_query(q), *alternatives, *([fold_query(rest)] if places and rest else [])]
        starts, holds, anywhere = Q(), Q(), Q()
        for reading in readings:
            starts |= Q(folded_title__startswith=reading)
            holds |= Q(folded_title__contains=f" {reading}")
            anywhere |= Q(search_text__contains=reading)
        # The product a query of three words or more names first, as the engine ranks it
        # (queries._head_ranking): the coffees of "ca phe buon ma thuot" before the honey
        # whose title holds the whole phrase.
        head = query_head(fold_query(rest if places and rest else q))
        rank = Case(
            When(title__icontains=q, then=Value(5)),
            When(starts, then=Value(4)),
            *([When(folded_title__startswith=f"{head} ", then=Value(3))] if head else []),
            When(holds, then=Value(2)),
            When(anywhere, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        return qs.annotate(folded_title=_folded_title(), rank=rank).order_by("-rank", *_listing_order())
    return qs.order_by(*_listing_order())


def _folded_title():
    """The folded title: search_text starts with it, and folding keeps a title's length.

    (fold_vietnamese drops each mark with its letter's decomposition; a title typed in
    decomposed form is longer, and then the window takes a few letters of the kinds too,
    which only moves a product between ranking tiers.)
    """
    return Substr("search_text", 1, Length("title"))


def _listing_order():
    """The engine's tie order (documents.listing_rank): priority, sales, stars, the newest."""
    return ["-priority", "-popularity", Coalesce("shown_stars", Value(0)).desc(), "-date_created", "-id"]


def search_products(params: SearchParams, words=frozenset(), alternatives=()) -> SearchResults:
    """The database's answer to a search: same filters, simple ranking, no facets.

    `alternatives`: other folded readings of the query (queries.query_alternatives), any of
    which may match; `words` (folded query words) are marked in the titles, with a reading's
    words where the title has them all, as the engine path does.
    """
    qs = filtered(params, timezone.localdate(), alternatives)
    total = qs.count()
    start = (max(params.page, 1) - 1) * params.per_page
    rows = list(_ordering(params, qs, alternatives).values_list("id", "title")[start : start + params.per_page])
    readings = reading_sets(alternatives)
    highlights = {pid: marked for pid, title in rows if (marked := highlight_title(title, words, readings))}
    return SearchResults(
        product_ids=[pid for pid, _title in rows],
        total=total,
        page=params.page,
        per_page=params.per_page,
        highlights=highlights,
        engine="database",
    )


def suggest(prefix: str, limit: int) -> list[Suggestion]:
    """Titles whose folded words start with the typed words, most sold first (titles only, as the engine)."""
    if len(fold_vietnamese(prefix).strip()) < 2:
        return []
    # Title words only, as the engine suggests: a description's "honey process" is no honey.
    qs = browsable_products().annotate(popularity=_popularity(), folded_title=_folded_title())
    qs = qs.filter(text_filter(prefix, field="folded_title"))
    products = qs.order_by("-popularity", "-id").only("id", "title", "slug")[:limit]
    return [Suggestion(id=p.id, title=p.title, url=p.get_absolute_url()) for p in products]
