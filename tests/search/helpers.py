"""Small helpers shared by the search tests (no fakes: they call the real services)."""

from decimal import Decimal

from oscar.core.loading import get_model

from catalog.search import services
from catalog.search.types import SearchParams

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Commune = get_model("regions", "Commune")


def search(**kwargs):
    return services.search_products(SearchParams(**kwargs))


def make_product(title, *, price=100_000, province="66", stock=10, public=True, producer=None, upc=None, commune=None):
    """One standalone product with a stock record, made with the ORM (signals fire as in production).

    Its origin is `commune` (a name, looked up in `province`), else the province's first commune."""
    communes = Commune.objects.filter(province_id=province).order_by("code")
    commune = communes.get(name=commune) if commune else communes.first()
    product_class, _ = ProductClass.objects.get_or_create(slug="nong-san", defaults={"name": "Nông sản"})
    producer = producer or Partner.objects.create(name=f"HTX {title}", producer_type="cooperative", commune=commune)
    product = Product.objects.create(
        title=title, upc=upc, product_class=product_class, producer=producer, origin_commune=commune, is_public=public
    )
    StockRecord.objects.create(
        product=product,
        partner=producer,
        partner_sku=f"SKU-{product.pk}",
        price=Decimal(price),
        price_currency="VND",
        num_in_stock=stock,
    )
    return product
