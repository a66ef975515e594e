"""What a product looks like in the search index, built from batch-fetched data.

`ProductDocument` declares the mapping (through elasticsearch.dsl); the analyzers it names are
defined in catalog/search/index.py. `documents_for(ids)` turns a batch of product ids into
index documents with a fixed number of queries whatever the batch size: no query per product.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from elasticsearch.dsl import Byte, Date, Document, Integer, Keyword, Long, Object, Text
from oscar.core.loading import get_model

from catalog import certificates
from catalog.photos.renditions import rendition_url
from marketplace.regions.services import commune_place_names

from .kinds import kinds_of
from .places import JOIN, join_places, place_key
from .types import PRICE_RANGES

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
ProductImage = get_model("catalogue", "ProductImage")
OcopCertificate = get_model("catalogue", "OcopCertificate")
Line = get_model("order", "Line")

POPULARITY_DAYS = 90  # "best selling" = order lines of the last 90 days
DESCRIPTION_CHARS = 500  # as Product.search_text: enough to find a product by its story; indexing time grows with it
TITLE_HEAD_WORDS = 3  # "Mật ong rừng", not "Trà gừng mật ong": the noun comes first
NAMED_CATEGORY_DEPTH = 2  # group and sub-group names are searchable; criteria-set names are not


def _folded(**kwargs) -> Text:
    return Text(analyzer="vi_folded", search_analyzer="vi_folded_search", **kwargs)


class ProductDocument(Document):
    """The product index mapping. Analyzer names refer to index.analysis_settings().

    Every indexed field costs indexing time (osmem indexes ~2 ms per document with the first
    draft of this mapping, see ARCHITECTURE.md, "Search"), so a field is indexed only when a query uses
    it: facet filters and counts share one keyword field (`facets`), and what only the API
    displays sits in `card`, stored but not indexed.
    """

    # Boolean similarity (a matching term scores its boost, nothing else) on the short fields:
    # a longer title ("Cà phê Buôn Ma Thuột rang xay nguyên chất") is not less about coffee
    # than a short one, and term rarity in a small catalogue says little. Ranking comes from
    # our boosts (exact > folded > phrase > head), ties from stars and sales. osmem ignores
    # `norms: false` and BM25 parameters but honours this, so both engines rank alike.
    title = Text(
        analyzer="vi_exact",
        similarity="boolean",
        fields={
            "folded": _folded(similarity="boolean"),
            # Search-as-you-type: prefixes of every folded word ("duo" -> "Đường").
            "ngram": Text(analyzer="vi_autocomplete", search_analyzer="vi_folded", similarity="boolean"),
        },
    )
    # The first words say what the product is ("Mật ong ..." vs "Trà gừng mật ong").
    title_head = _folded(similarity="boolean")
    categories = _folded(similarity="boolean")  # group and sub-group names
    # The general words for what it is ("trái cây, hoa quả" for "Bưởi Năm Roi"): kinds.py.
    kinds = _folded(similarity="boolean")
    description = _folded()  # only the broad (second) pass reads it
    producer = Text(index=False)  # found through `all` only
    place = Text(index=False)  # commune and province names, as the card shows them
    # The commune, the province, the former district and province and their regions ("Đồng Văn",
    # "Tuyên Quang", "Hà Giang", "Đông Bắc"): "chè Hà Giang", "vải Lục Ngạn" (place_names_of).
    # Not in `all`: a query matches them only as a whole name (queries.place_phrase), so "dau tay"
    # is no "Dầu gội" + "Tây Bắc". FIELD_GAP between two names.
    place_aliases = _folded(similarity="boolean")
    # Everything a buyer may name in one query ("mat ong dak lak"): the recall field, the fields
    # of ALL_FIELDS with FIELD_GAP between them, filled by the document. Not `copy_to`: osmem
    # starts each copied value at position 0, so "vẽ tay" in a title and "Nguyễn" in its
    # producer read as the phrase "tây nguyên". Not an array either: its values keep their
    # gap, but osmem's phrase queries over arrays cost 10x ("tom kho ca mau" 16 -> 68 ms).
    all = _folded(similarity="boolean")
    # The folded words of `all` that say nothing of what the product is: those only inside a
    # place's name ("ly", "son" for "Tỏi Lý Sơn") or a pack before its size ("hũ" of "hũ 200g";
    # incidental_words). The strict pass wants a query's words outside them, so that "son" (lip
    # balm) is no word of Lý Sơn's garlic, "tra" (tea) none of Trà Bồng's soap, and "hu tieu"
    # (a noodle) no pepper "hũ 200g". A keyword list of a few words, not a second copy of `all`.
    incidental = Keyword()
    codes = Keyword(normalizer="vi_code")  # UPC, product code, SKUs, origin commune code

    facets = Keyword()  # "province:66", "stars:5", ... see facet_tokens()
    category_ids = Integer()  # the product's categories and all their ancestors
    stars = Byte()  # only from a displayed (awarded, unexpired, unrevoked) certificate; sorting
    star_until = Date()  # last day the star may show; queries re-check it against today
    price = Long()  # VND has no minor unit
    popularity = Integer()  # "best selling"
    date_created = Date()  # "newest"
    # Oscar's staff-set priority ("highest priority products are shown first"), sales, stars
    # and age in one number, the order among equals: see listing_rank().
    listing_rank = Long()
    card = Object(enabled=False)  # what a result card shows; stored, never indexed


# What a buyer may name in one query, in `all`, with a word between two fields that no query
# holds, so that a phrase never spans two fields ("tây nguyên" from "vẽ tay" + "Nguyễn ...").
ALL_FIELDS = ("title", "categories", "kinds", "producer", "place")
FIELD_GAP = "qqgapqq"
# Words of the OCOP group names that say how a product is kept or made, not what it is. Folded,
# the "chế" of "sơ chế, chế biến" is "chè" (tea) and the "sống" of "tươi sống" is "sông" (river):
# in `all`, "tra" (read "chè" too) listed every processed food and "ca song" every fresh fish.
# Left out of `all` only; the `categories` field keeps the whole names for ranking.
CATEGORY_STATE_WORDS = re.compile(r"\b(?:sơ chế|chế biến|tươi sống|có cồn|không cồn|khác|nhóm)\b", re.IGNORECASE)
# What document_for() puts in the fields, for the index's definition fingerprint: raise it when a
# field's content changes without its mapping, so that beat rebuilds the index a release finds.
# 2: the commune's and former district's names moved from `all` to `place_aliases`.
# 3: `all` leaves out CATEGORY_STATE_WORDS.
# 4: `incidental`, the words of `all` only inside place names or packs.
DOCUMENT_VERSION = 4

# listing_rank(): (bits, lowest value) of each part, most significant first. 53 bits in all, so
# the number stays exact where a JSON reader or an engine holds it as a double.
RANK_PARTS = {"priority": (10, -512), "popularity": (20, 0), "stars": (3, 0), "hours": (20, 0)}
RANK_EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def listing_rank(priority: int, popularity: int, stars: int | None, created: datetime.datetime) -> int:
    """The browse order (priority, then sales, then stars, then the newest) as one number.

    Sorting on one field instead of four cut osmem's time for the 10 000-product catalogue
    page from 38 to 25 ms (ARCHITECTURE.md, "Search"). Each part is clamped to its bits: a
    priority beyond ±512 or more than a million sales in POPULARITY_DAYS sorts with the
    largest that fits.
    """
    hours = int((created - RANK_EPOCH).total_seconds() // 3600)
    rank = 0
    for name, value in (("priority", priority), ("popularity", popularity), ("stars", stars or 0), ("hours", hours)):
        bits, low = RANK_PARTS[name]
        rank = (rank << bits) | (min(max(value, low), low + (1 << bits) - 1) - low)
    return rank


def price_range_key(price) -> str | None:
    for key, low, high in PRICE_RANGES:
        if price is not None and price >= low and (high is None or price < high):
            return key
    return None


def facet_tokens(doc: dict) -> list[str]:
    """One keyword per facet value ("name:key"): one field to filter on and one pass to count.

    A single terms aggregation over these replaces one aggregation per facet; on osmem that
    is the difference between ~60 ms and ~400 ms for a 10 000-product catalogue page.
    """
    card = doc["card"]
    tokens = [f"group:{g}" for g in card["groups"]]
    tokens += [f"province:{card['province']}"] if card["province"] else []
    tokens += [f"producer_type:{card['producer_type']}"] if card["producer_type"] else []
    tokens += [f"stars:{doc['stars']}", "certified:1"] if doc["stars"] else []
    tokens += [f"price:{key}"] if (key := price_range_key(doc["price"])) else []
    tokens += ["in_stock:1"] if card["in_stock"] else []
    return tokens


@dataclass
class IndexContext:
    """Data shared by a batch: the category tree (small) and today's date."""

    today: datetime.date = field(default_factory=timezone.localdate)
    categories_by_path: dict = field(default_factory=dict)

    @classmethod
    def load(cls, today: datetime.date | None = None) -> "IndexContext":
        cats = Category.objects.only("id", "path", "depth", "name", "code", "slug")
        return cls(today=today or timezone.localdate(), categories_by_path={c.path: c for c in cats})

    def lineage(self, path: str) -> list:
        """The category at `path` and its ancestors, root first (treebeard paths are prefix-encoded)."""
        step = Category.steplen
        paths = [path[: step * d] for d in range(1, len(path) // step + 1)]
        return [self.categories_by_path[p] for p in paths if p in self.categories_by_path]


INDEXED_PRODUCT_FIELDS = (
    "id", "title", "slug", "upc", "code", "description", "is_public", "structure", "date_created", "unit", "priority",
    "parent_id", "product_class_id", "producer_id", "origin_commune_id",
)  # fmt: skip


@dataclass
class Listing:
    """A product and the rows its document needs, fetched for a whole batch at once."""

    product: object
    records: list = field(default_factory=list)  # the product's own stock records, by id
    variant_records: list = field(default_factory=list)  # a parent's: the first record of each variant
    images: list = field(default_factory=list)  # by display order
    certificates: list = field(default_factory=list)
    category_paths: list = field(default_factory=list)


def _grouped(rows, key) -> dict[int, list]:
    out: dict[int, list] = {}
    for row in rows:
        out.setdefault(key(row), []).append(row)
    return out


def products_for_indexing(ids) -> list[Listing]:
    """Products with everything a document needs, in a fixed number of queries.

    One query per relation for the whole batch, grouped here by product id. (prefetch_related
    does the same queries but clones a queryset per product and relation: half of a rebuild's
    database time, measured with bench/search.py.) only(): a product row has ~30 columns of
    which a document needs a dozen.
    """
    ids = list(ids)
    products = list(
        Product.objects.filter(id__in=ids)
        .select_related("product_class", "producer__commune__province", "origin_commune__province")
        .only(
            *INDEXED_PRODUCT_FIELDS,
            "product_class__track_stock",
            "producer__name", "producer__producer_type", "producer__commune",
            "producer__commune__name", "producer__commune__short_name",
            "producer__commune__province__name", "producer__commune__province__short_name",
            "origin_commune__name", "origin_commune__short_name",
            "origin_commune__province__name", "origin_commune__province__short_name",
        )
    )  # fmt: skip
    record_fields = ("id", "product_id", "price", "num_in_stock", "num_allocated", "partner_sku")
    records = _grouped(
        StockRecord.objects.filter(product_id__in=ids).only(*record_fields).order_by("id"), lambda r: r.product_id
    )
    variants = (
        StockRecord.objects.filter(product__parent_id__in=ids).only(*record_fields)
        .annotate(listed_id=F("product__parent_id")).order_by("product_id", "id")
    )  # fmt: skip
    first_of_variant = {}
    for record in variants:
        first_of_variant.setdefault(record.product_id, record)
    variant_records = _grouped(first_of_variant.values(), lambda r: r.listed_id)
    images = _grouped(
        ProductImage.objects.filter(product_id__in=ids).only("id", "product_id", "original", "renditions")
        .order_by("display_order", "id"),
        lambda i: i.product_id,
    )  # fmt: skip
    certs = _grouped(OcopCertificate.objects.filter(product_id__in=ids).order_by("id"), lambda c: c.product_id)
    paths = _grouped(
        ProductCategory.objects.filter(product_id__in=ids)
        .order_by("category__path")
        .values_list("product_id", "category__path"),
        lambda row: row[0],
    )
    return [
        Listing(
            product=p,
            records=records.get(p.id, []),
            variant_records=variant_records.get(p.id, []),
            images=images.get(p.id, []),
            certificates=certs.get(p.id, []),
            category_paths=[path for _pid, path in paths.get(p.id, [])],
        )
        for p in products
    ]


def popularity_by_product(ids) -> Counter:
    """Order lines of the last POPULARITY_DAYS per product; a variant's lines count for its parent."""
    since = timezone.now() - datetime.timedelta(days=POPULARITY_DAYS)
    rows = (
        Line.objects.filter(Q(product_id__in=ids) | Q(product__parent_id__in=ids), order__date_placed__gte=since)
        .annotate(listed_id=Coalesce(F("product__parent_id"), F("product_id")))
        .values_list("listed_id", flat=True)
    )
    return Counter(rows)


def is_indexable(product) -> bool:
    """What buyers may browse: public standalone or parent products."""
    return product.is_public and product.structure in ("standalone", "parent")


def _net_stock(record) -> int:
    return (record.num_in_stock or 0) - (record.num_allocated or 0)


def listing_offer(listing: Listing) -> tuple[Decimal | None, bool, int]:
    """(price, in stock, units in stock) as the storefront's strategy sees it.

    Mirrors marketplace.partner.strategy (first stock record; stock required when the
    product class tracks stock); a parent shows its cheapest variant and is in stock
    when any variant is.
    """
    product = listing.product
    track_stock = product.product_class.track_stock if product.product_class_id else True
    records = listing.variant_records if product.structure == "parent" else listing.records[:1]
    prices = [r.price for r in records if r.price is not None]
    units = sum(max(_net_stock(r), 0) for r in records)
    in_stock = bool(records) and (not track_stock or any(_net_stock(r) > 0 for r in records))
    return (min(prices) if prices else None), in_stock, units


def certificate_fields(certs, today: datetime.date) -> dict:
    """Stars only from the certificate buyers may see (catalog.certificates decides)."""
    shown = certificates.displayed_certificate(certs, today)
    proposed = certificates.proposed_certificate(certs, today)
    if shown is not None:
        state = certificates.state(shown, today)
    elif certs:
        # The most telling reason there is no star: revoked beats expired beats pending.
        states = {certificates.state(c, today) for c in certs}
        state = next((s for s in (certificates.REVOKED, certificates.EXPIRED) if s in states), "none")
    else:
        state = "none"
    return {
        "stars": shown.stars if shown else None,
        "star_until": shown.valid_until.isoformat() if shown else None,
        "certificate_state": state,
        "proposed_stars": proposed.stars if proposed else None,
    }


def place_names_of(origin) -> list[str]:
    """The names of a product's place, each matched only whole (queries.place_phrase): its
    commune's ("Đồng Văn"), the province's ("Tuyên Quang"), then the former district(s) and
    province(s) before 1 July 2025 and their regions ("Hà Giang", "Đông Bắc"). Their words one by
    one were noise: "chả cá" listed Cà Mau's shrimp paste, "bạc hà" Hạ Long's squid through
    "Đông Bắc", "thanh long" whatever a commune "... Long" makes. No origin, no names."""
    if origin is None:
        return []
    return list(
        dict.fromkeys([origin.short_name, origin.province.short_name, *commune_place_names().get(origin.code, ())])
    )


# A pack a title names before its size ("hũ 200g", "chai 500ml", "hộp 10 gói"), folded. Before
# anything else it may be the product ("Túi thổ cẩm", "Hộp quà Tết", "Bình hoa gốm").
PACKS = frozenset(
    {"hu", "tui", "hop", "chai", "lo", "can", "thung", "goi", "binh", "bao", "vi", "khay", "bich", "thoi"}
)


def incidental_words(text: str, own=()) -> list[str]:
    """The folded words of `text` (a document's `all`) that stand only inside a place's name
    (places.join_places, the product's `own` names first) or as a pack before its size, never
    elsewhere in it: ["ly", "son"] for "Tỏi Lý Sơn túi 1kg" (and "tui"); ["la"] for "Son dưỡng
    Sơn La", whose "son" also stands outside."""
    inside, outside = set(), set()
    tokens = join_places(text, own).split()
    for i, token in enumerate(tokens):
        words = place_key(token.replace(JOIN, " ")).split()
        pack = len(words) == 1 and words[0] in PACKS and tokens[i + 1 : i + 2] and tokens[i + 1][:1].isdigit()
        (inside if JOIN in token or pack else outside).update(words)
    return sorted(inside - outside)


def category_words(names: str) -> str:
    """The group names as `all` holds them: without CATEGORY_STATE_WORDS ("Nông, thủy sản sơ
    chế, chế biến" -> "Nông, thủy sản")."""
    return " ".join(CATEGORY_STATE_WORDS.sub(" ", names).split())


def document_for(listing: Listing, ctx: IndexContext, popularity: int = 0) -> dict:
    """The index document of one product, from its batch-fetched rows (see products_for_indexing)."""
    product = listing.product
    lineages = [ctx.lineage(path) for path in listing.category_paths]
    ancestors = {c.id: c for lineage in lineages for c in lineage}
    named = {c.id: c.name for lineage in lineages for c in lineage[:NAMED_CATEGORY_DEPTH]}
    origin = product.origin_commune or (product.producer.commune if product.producer else None)
    producer = product.producer
    price, in_stock, units = listing_offer(listing)
    images, records = listing.images, listing.records
    codes = [product.upc, getattr(product, "code", None), origin.code if origin else None]
    codes += [r.partner_sku for r in records]
    certificate = certificate_fields(listing.certificates, ctx.today)
    doc = {
        "title": product.title,
        "title_head": " ".join(product.title.split()[:TITLE_HEAD_WORDS]),
        "categories": " · ".join(named.values()),
        "kinds": " · ".join(kinds_of(product.title)),
        "description": (product.description or "")[:DESCRIPTION_CHARS],
        "producer": producer.name if producer else "",
        "place": f"{origin.name}, {origin.province.name}" if origin else "",
        "place_aliases": f" {FIELD_GAP} ".join(place_names_of(origin)),
        "codes": sorted({c for c in codes if c}),
        "category_ids": sorted(ancestors),
        "stars": certificate["stars"],
        "star_until": certificate["star_until"],
        "price": int(price) if price is not None else None,
        "popularity": popularity,
        "date_created": product.date_created.isoformat(),
        "listing_rank": listing_rank(product.priority, popularity, certificate["stars"], product.date_created),
        "card": {
            "url": product.get_absolute_url(),
            "image": rendition_url(images[0], "card") if images and images[0].original else None,
            "unit": product.unit,
            "in_stock": in_stock,
            "num_in_stock": units,
            "certificate_state": certificate["certificate_state"],
            "proposed_stars": certificate["proposed_stars"],
            "producer_id": producer.id if producer else None,
            "producer_type": producer.producer_type if producer else None,
            "province": origin.province_id if origin else None,
            "commune": origin.code if origin else None,
            "groups": sorted({lineage[0].code or lineage[0].slug for lineage in lineages if lineage}),
            "subgroups": sorted({lineage[1].code or lineage[1].slug for lineage in lineages if len(lineage) > 1}),
        },
    }
    # The place's names are in `place_aliases`, matched only whole. `all` holds the one-word ones
    # ("Huế", "Pleiku"), which the query side reads as ordinary words ("huệ" is a flower).
    place = [name for name in place_names_of(origin)[:2] if len(name.split()) == 1]
    searched = {**doc, "place": ", ".join(place), "categories": category_words(doc["categories"])}
    doc["all"] = f" {FIELD_GAP} ".join(searched[name] for name in ALL_FIELDS if searched[name])
    doc["incidental"] = incidental_words(doc["all"], own=place_names_of(origin))
    doc["facets"] = facet_tokens(doc)
    return doc


def documents_for(ids, ctx: IndexContext | None = None) -> tuple[dict[int, dict], set[int]]:
    """Documents for the indexable products among `ids`, and the ids that must leave the index."""
    ctx = ctx or IndexContext.load()
    listings = [item for item in products_for_indexing(ids) if is_indexable(item.product)]
    popularity = popularity_by_product([item.product.id for item in listings])
    docs = {item.product.id: document_for(item, ctx, popularity.get(item.product.id, 0)) for item in listings}
    return docs, set(ids) - set(docs)
