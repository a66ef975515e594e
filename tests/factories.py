"""factory-boy factories for the catalogue, producers and certificates."""

import datetime
from decimal import Decimal

import factory
from oscar.core.loading import get_model

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Category = get_model("catalogue", "Category")
OcopCertificate = get_model("catalogue", "OcopCertificate")
Commune = get_model("regions", "Commune")


def commune(code="03980"):
    """A real commune from the shipped data (default: Phường Mộc Châu, Sơn La)."""
    return Commune.objects.select_related("province").get(code=code)


class ProductClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductClass
        django_get_or_create = ("slug",)

    name = "Nông sản"
    slug = "nong-san"
    requires_shipping = True
    track_stock = True


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"HTX Nông sản số {n}")
    code = factory.Sequence(lambda n: f"producer-{n}")
    producer_type = "cooperative"
    phone = factory.Sequence(lambda n: f"09120{n:05d}")
    commune = factory.LazyFunction(commune)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Sản phẩm {n}")
    upc = factory.Sequence(lambda n: f"TEST-{n:06d}")
    product_class = factory.SubFactory(ProductClassFactory)
    producer = factory.SubFactory(PartnerFactory)
    origin_commune = factory.LazyAttribute(lambda o: o.producer.commune)
    unit = "kg"
    shipping_weight_grams = 1000
    is_public = True

    @factory.post_generation
    def stock(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        price = kwargs.get("price", Decimal("120000"))
        StockRecord.objects.create(
            product=obj,
            partner=obj.producer,
            partner_sku=f"SKU-{obj.upc}",
            price=price,
            price_currency="VND",
            num_in_stock=kwargs.get("num_in_stock", 20),
        )


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OcopCertificate

    product = factory.SubFactory(ProductFactory)
    stars = 4
    status = "awarded"
    decision_number = factory.Sequence(lambda n: f"{1000 + n}/QĐ-UBND")
    decision_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=200))
    issuing_level = "province"


def tea_and_honey(tea_farm, bee_farm, *, tea_units=10, honey_units=5):
    """Chè Shan tuyết (0.5 kg, 120 000 ₫) from `tea_farm`, Mật ong bạc hà (1.2 kg, 250 000 ₫) from `bee_farm`:
    the two products of the order stories, from two sellers."""
    tea = ProductFactory(
        title="Chè Shan tuyết",
        producer=tea_farm,
        shipping_weight_grams=500,
        stock__price=Decimal("120000"),
        stock__num_in_stock=tea_units,
    )
    honey = ProductFactory(
        title="Mật ong bạc hà",
        producer=bee_farm,
        shipping_weight_grams=1200,
        stock__price=Decimal("250000"),
        stock__num_in_stock=honey_units,
    )
    return tea, honey
