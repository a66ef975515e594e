"""Reads of the catalogue, shaped so a page costs the same number of queries at any size."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
OcopCertificate = get_model("catalogue", "OcopCertificate")
ProductImage = get_model("catalogue", "ProductImage")
Option = get_model("catalogue", "Option")


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
