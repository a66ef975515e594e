"""The search layer's boundary: plain dataclasses in, plain dataclasses out.

Views, the API and the benchmarks speak only these; `catalog.search.services.search_products`
decides whether the engine or the database fallback answers.
"""

from dataclasses import dataclass, field
from decimal import Decimal

MATCHED = ("all", "incidental", "fuzzy", "partial")  # which pass answered, in the order they run
SORTS = ("relevance", "price_asc", "price_desc", "newest", "best_selling", "stars")
PRICE_RANGES = (  # VND; (key, low inclusive, high exclusive)
    ("0-100000", 0, 100_000),
    ("100000-200000", 100_000, 200_000),
    ("200000-500000", 200_000, 500_000),
    ("500000-", 500_000, None),
)


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    category_ids: tuple[int, ...] = ()  # a category and its descendants
    groups: tuple[str, ...] = ()  # top-level OCOP group codes
    stars: tuple[int, ...] = ()
    provinces: tuple[str, ...] = ()  # NSO province codes
    producer_types: tuple[str, ...] = ()
    price_range: str = ""  # a key of PRICE_RANGES
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    in_stock: bool = False
    certified_only: bool = False  # an active or expiring awarded certificate
    sort: str = "relevance"
    page: int = 1
    per_page: int = 24
    facets: bool = True


@dataclass
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResults:
    product_ids: list[int]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    highlights: dict[int, str] = field(default_factory=dict)  # product id -> title with <mark>
    engine: str = "elasticsearch"  # or "database" when the fallback answered
    took_ms: float | None = None  # the engine's own `took`
    # product id -> the indexed document (title, price, stars, card...): lets the API answer
    # without the database; empty when the database answered.
    documents: dict[int, dict] = field(default_factory=dict)
    # Which pass answered: "all" (every word, none only inside a place's name or as a pack
    # before its size), "incidental" (every word, some only there: "ca phe buon ma" for Buôn
    # Ma Thuột's coffee, "mat ong chai" for bottled honey), "fuzzy" (neither did; typos
    # tolerated, phrases of the description read) or "partial" (none did; all words but one,
    # 3 words or more).
    matched: str = "all"
    # How the typo pass read a mistyped query, as the products write it ("cà phê buôn ma
    # thuột" for "ca phe buon ma thout"); "" when the words were searched as typed.
    corrected: str = ""

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass
class Suggestion:
    """One search-as-you-type entry: enough to render a dropdown line and link to the product."""

    id: int
    title: str
    url: str
    image: str | None = None
    highlight: str = ""  # the title with the typed prefix in <mark>, HTML-escaped


@dataclass
class SuggestResults:
    suggestions: list[Suggestion]
    engine: str = "elasticsearch"  # or "database"
    took_ms: float | None = None
