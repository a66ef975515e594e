"""Turn a query string into SearchParams (shared by the storefront views and the API)."""

from decimal import Decimal, InvalidOperation

from django.http import QueryDict

from .types import PRICE_RANGES, SORTS, SearchParams

MAX_PAGE = 500  # deep pagination is a crawler, not a buyer; keeps engine work bounded
# The query-string keys that narrow the results (facets and price), as read below.
FILTER_KEYS = (
    "group",
    "stars",
    "province",
    "producer_type",
    "price",
    "price_min",
    "price_max",
    "in_stock",
    "certified",
)


def _ints(values) -> tuple[int, ...]:
    return tuple(int(v) for v in values if str(v).isdigit())


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(value) if value not in (None, "") else None
    except InvalidOperation:
        return None


def params_from_query(query: QueryDict, *, category_ids=(), per_page: int = 24) -> SearchParams:
    """Lenient: an unknown sort or a malformed number falls back to the default, never a 500."""
    try:
        page = min(max(int(query.get("page", 1)), 1), MAX_PAGE)
    except (TypeError, ValueError):
        page = 1
    sort = query.get("sort", "relevance")
    price_keys = {key for key, _low, _high in PRICE_RANGES}
    price_range = query.get("price", "")
    return SearchParams(
        q=(query.get("q") or "").strip()[:200],
        category_ids=tuple(category_ids),
        groups=tuple(query.getlist("group")),
        stars=tuple(s for s in _ints(query.getlist("stars")) if s in (3, 4, 5)),
        provinces=tuple(query.getlist("province")),
        producer_types=tuple(query.getlist("producer_type")),
        price_range=price_range if price_range in price_keys else "",
        price_min=_decimal(query.get("price_min")),
        price_max=_decimal(query.get("price_max")),
        in_stock=query.get("in_stock") in ("1", "true", "on"),
        certified_only=query.get("certified") in ("1", "true", "on"),
        sort=sort if sort in SORTS else "relevance",
        page=page,
        per_page=per_page,
    )
