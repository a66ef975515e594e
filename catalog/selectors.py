"""Reads of the catalogue, shaped so a page costs the same number of queries at any size."""

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
OcopCertificate = get_model("catalogue", "OcopCertificate")
ProductImage = get_model("catalogue", "ProductImage")
Option = get_model("catalogue", "Option")
Province = get_model("regions", "Province")

FEATURED = 12
PICKS_CACHE_KEY = "storefront:home-picks"
PICKS_CACHE_SECONDS = 120  # a new product or star shows on the home page within two minutes


def browsable_products() -> QuerySet:
    """Public, standalone or parent products, newest first (what buyers can browse)."""
    return Product.objects.browsable().filter(is_public=True).order_by("-date_created", "-id")


def with_listing_data(qs: QuerySet) -> QuerySet:
    """Attach everything a product card shows in a fixed number of queries."""
    # Product.has_options reads these annotations (as Oscar's base_queryset sets them); without
    # them the add-to-basket form costs one query per card.
    qs = qs.annotate(
        has_product_class_options=Exists(Option.objects.filter(productclass=OuterRef("product_class"))),
        has_product_options=Exists(Option.objects.filter(product=OuterRef("pk"))),
    )
    return qs.select_related(
        "product_class", "producer__commune__province", "origin_commune__province"
    ).prefetch_related(
        Prefetch("stockrecords", queryset=StockRecord.objects.select_related("partner")),
        Prefetch("images", queryset=ProductImage.objects.order_by("display_order", "id")),
        Prefetch("ocop_certificates", queryset=OcopCertificate.objects.all()),
        "children",
        "categories",
    )


def products_by_ids(ids: list[int]) -> list:
    """Products in the order of `ids` (search results come as ids)."""
    by_id = {p.id: p for p in with_listing_data(Product.objects.filter(id__in=ids))}
    return [by_id[i] for i in ids if i in by_id]


def storefront_picks() -> dict:
    """{"featured": ids, "newest": ids, "provinces": [{code, short_name, n}]}: what the home page
    (and a search that found nothing) shows; ids and counts only, cached briefly. The cards
    themselves (price, stock, star) are read fresh on every request. From the database, so
    they show during a search outage too."""
    return cache.get_or_set(PICKS_CACHE_KEY, _picks, PICKS_CACHE_SECONDS)


def _picks() -> dict:
    today = timezone.localdate()
    certified = Q(
        ocop_certificates__status="awarded",
        ocop_certificates__verification="verified",
        ocop_certificates__revoked_at__isnull=True,
        ocop_certificates__valid_until__gte=today,
    )
    featured = browsable_products().filter(certified).order_by("-ocop_certificates__stars", "-date_created")
    # distinct() over an ordered join can repeat ids; keep first occurrences
    featured_ids = list(dict.fromkeys(featured.values_list("id", flat=True)[: FEATURED * 3]))[:FEATURED]
    provinces = (
        Province.objects.annotate(n=Count("communes__products", filter=Q(communes__products__is_public=True)))
        .filter(n__gt=0)
        .order_by("-n")[:12]
    )
    return {
        "featured": featured_ids,
        "newest": list(browsable_products().values_list("id", flat=True)[:FEATURED]),
        "provinces": [{"code": p.code, "short_name": p.short_name, "n": p.n} for p in provinces],
    }


def browsable_by_ids(ids: list[int]) -> list:
    """The browsable products among `ids`, in their order, as cards (a cached list of ids may
    name a product since hidden)."""
    by_id = {p.id: p for p in with_listing_data(browsable_products().filter(id__in=ids))}
    return [by_id[i] for i in ids if i in by_id]


def featured_products(limit: int = FEATURED) -> list:
    """The home page's featured products (the highest OCOP stars, newest first), as cards."""
    return browsable_by_ids(storefront_picks()["featured"][:limit])
