"""What a product looks like in the search index, built from prefetched data.

`ProductDocument` declares the mapping (through elasticsearch.dsl); the analyzers it names are
defined in catalog/search/index.py. `documents_for(ids)` turns a batch of product ids into
index documents with a fixed number of queries whatever the batch size: no query per product.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from elasticsearch.dsl import Boolean, Byte, Date, Document, Integer, Keyword, Long, Text
from oscar.core.loading import get_model

from catalog import certificates

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")
ProductImage = get_model("catalogue", "ProductImage")
OcopCertificate = get_model("catalogue", "OcopCertificate")
Line = get_model("order", "Line")

POPULARITY_DAYS = 90  # "best selling" = order lines of the last 90 days
DESCRIPTION_CHARS = 2000
TITLE_HEAD_WORDS = 3  # "Mật ong rừng", not "Trà gừng mật ong": the noun comes first  # enough to find a product by its story, bounded for index size


def _text(*, copy_to: str | None = "all", **kwargs) -> Text:
    """A text field with diacritics kept (`vi_exact`) and a folded sub-field, copied into `all`."""
    extra = {"copy_to": copy_to} if copy_to else {}
    folded = Text(analyzer="vi_folded", search_analyzer="vi_folded_search", similarity="boolean")
    return Text(analyzer="vi_exact", similarity="boolean", fields={"folded": folded}, **extra, **kwargs)


class ProductDocument(Document):
    """The product index mapping. Analyzer names refer to index.analysis_settings()."""

    # Boolean similarity (a matching term scores its boost, nothing else) on the short fields:
    # a longer title ("Cà phê Buôn Ma Thuột rang xay nguyên chất") is not less about coffee
    # than a short one, and term rarity in a small catalogue says little. Ranking comes from
    # our boosts (exact > folded > phrase > head), ties from stars and sales. osmem ignores
    # `norms: false` and BM25 parameters but honours this, so both engines rank alike.
    title = Text(
        analyzer="vi_exact",
        copy_to="all",
        similarity="boolean",
        fields={
            "folded": Text(analyzer="vi_folded", search_analyzer="vi_folded_search", similarity="boolean"),
            # Search-as-you-type: prefixes of every folded word ("duo" -> "Đường").
            "ngram": Text(analyzer="vi_autocomplete", search_analyzer="vi_folded", similarity="boolean"),
        },
    )
    # The first words say what the product is ("Mật ong ..." vs "Trà gừng mật ong").
    title_head = Text(analyzer="vi_folded", search_analyzer="vi_folded_search", similarity="boolean")
    description = _text(copy_to=None)
    producer = _text()
    categories = _text()  # names of the product's categories and their ancestors
    place = _text()  # commune and province names
    # Everything a buyer may name in one query ("mat ong dak lak"): the recall field.
    all = Text(analyzer="vi_folded", search_analyzer="vi_folded_search", similarity="boolean")
    codes = Keyword(normalizer="vi_code")  # UPC, product code, SKUs, origin commune code

    producer_id = Integer()
    producer_type = Keyword()
    group = Keyword()  # top-level OCOP group code
    subgroups = Keyword()  # second-level category codes
    category_ids = Integer()  # the product's categories and all their ancestors
    stars = Byte()  # only from a displayed (awarded, unexpired, unrevoked) certificate
    star_until = Date()  # last day the star may show; queries re-check it against today
    certificate_state = Keyword()  # active / expiring / expired / revoked / none
    proposed_stars = Byte()
    province = Keyword()  # NSO code of the origin (or the producer's) province
    commune = Keyword()
    price = Long()  # VND has no minor unit
    in_stock = Boolean()
    num_in_stock = Integer()
    popularity = Integer()
    date_created = Date()
    url = Keyword(index=False)
    image = Keyword(index=False)


@dataclass
class IndexContext:
    """Data shared by a batch: the category tree (small) and today's date."""

    today: datetime.date = field(default_factory=timezone.localdate)
    categories_by_path: dict = field(default_factory=dict)

    @classmethod
    def load(cls, today: datetime.date | None = None) -> "IndexContext":
        cats = Category.objects.only("id", "path", "depth", "name", "code", "slug")
        return cls(today=today or timezone.localdate(), categories_by_path={c.path: c for c in cats})

    def lineage(self, category) -> list:
        """The category and its ancestors, root first (treebeard paths are prefix-encoded)."""
        step = Category.steplen
        paths = [category.path[: step * d] for d in range(1, len(category.path) // step + 1)]
        return [self.categories_by_path[p] for p in paths if p in self.categories_by_path]


def products_for_indexing(ids) -> list:
    """Products with everything a document needs, in a fixed number of queries."""
    child_qs = Product.objects.only("id", "parent_id").prefetch_related("stockrecords")
    return list(
        Product.objects.filter(id__in=ids)
        .select_related("product_class", "producer__commune__province", "origin_commune__province")
        .prefetch_related(
            Prefetch("stockrecords", queryset=StockRecord.objects.order_by("id")),
            Prefetch("children", queryset=child_qs),
            Prefetch("images", queryset=ProductImage.objects.order_by("display_order", "id")),
            Prefetch("ocop_certificates", queryset=OcopCertificate.objects.all()),
            "categories",
        )
    )


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


def listing_offer(product) -> tuple[Decimal | None, bool, int]:
    """(price, in stock, units in stock) as the storefront's strategy sees it.

    Mirrors marketplace.partner.strategy (first stock record; stock required when the
    product class tracks stock); a parent shows its cheapest variant and is in stock
    when any variant is.
    """
    track_stock = product.product_class.track_stock if product.product_class_id else True
    if product.structure == "parent":
        records = [r for child in product.children.all() for r in child.stockrecords.all()[:1]]
    else:
        records = list(product.stockrecords.all()[:1])
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


def document_for(product, ctx: IndexContext, popularity: int = 0) -> dict:
    """The index document of one prefetched product (see products_for_indexing)."""
    lineages = [ctx.lineage(c) for c in product.categories.all()]
    ancestors = {c.id: c for lineage in lineages for c in lineage}
    groups = sorted({lineage[0].code or lineage[0].slug for lineage in lineages if lineage})
    subgroups = sorted({lineage[1].code or lineage[1].slug for lineage in lineages if len(lineage) > 1})
    origin = product.origin_commune or (product.producer.commune if product.producer else None)
    producer = product.producer
    price, in_stock, units = listing_offer(product)
    images = list(product.images.all())
    records = list(product.stockrecords.all())
    codes = [product.upc, getattr(product, "code", None), origin.code if origin else None]
    codes += [r.partner_sku for r in records]
    return {
        "title": product.title,
        "title_head": " ".join(product.title.split()[:TITLE_HEAD_WORDS]),
        "description": (product.description or "")[:DESCRIPTION_CHARS],
        "producer": producer.name if producer else "",
        "categories": " · ".join(c.name for c in ancestors.values()),
        "place": f"{origin.name}, {origin.province.name}" if origin else "",
        "codes": sorted({c for c in codes if c}),
        "producer_id": producer.id if producer else None,
        "producer_type": producer.producer_type if producer else None,
        "group": groups,
        "subgroups": subgroups,
        "category_ids": sorted(ancestors),
        **certificate_fields(list(product.ocop_certificates.all()), ctx.today),
        "province": origin.province_id if origin else None,
        "commune": origin.code if origin else None,
        "price": int(price) if price is not None else None,
        "in_stock": in_stock,
        "num_in_stock": units,
        "popularity": popularity,
        "date_created": product.date_created.isoformat(),
        "url": product.get_absolute_url(),
        "image": images[0].original.url if images and images[0].original else None,
    }


def documents_for(ids, ctx: IndexContext | None = None) -> tuple[dict[int, dict], set[int]]:
    """Documents for the indexable products among `ids`, and the ids that must leave the index."""
    ctx = ctx or IndexContext.load()
    products = [p for p in products_for_indexing(ids) if is_indexable(p)]
    popularity = popularity_by_product([p.id for p in products])
    docs = {p.id: document_for(p, ctx, popularity.get(p.id, 0)) for p in products}
    return docs, set(ids) - set(docs)
