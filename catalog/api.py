"""Read-only catalogue API: products with their OCOP, producer and origin data."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from oscar.core.loading import get_class, get_model
from rest_framework import generics, serializers

from catalog import certificates
from catalog.selectors import browsable_products, with_listing_data

Selector = get_class("partner.strategy", "Selector")
Partner = get_model("partner", "Partner")
OcopCertificate = get_model("catalogue", "OcopCertificate")


class OcopSerializer(serializers.Serializer):
    stars = serializers.IntegerField()
    status = serializers.CharField()
    state = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()
    issuing_level = serializers.CharField()
    valid_until = serializers.DateField()


class ProducerSerializer(serializers.ModelSerializer):
    producer_type_label = serializers.CharField(source="get_producer_type_display")
    commune = serializers.CharField(source="commune.name", default=None)
    commune_code = serializers.CharField(source="commune_id", default=None)
    province = serializers.CharField(source="commune.province.name", default=None)

    class Meta:
        model = Partner
        fields = ["id", "name", "producer_type", "producer_type_label", "commune", "commune_code", "province"]


class OriginSerializer(serializers.Serializer):
    commune_code = serializers.CharField(source="code")
    commune = serializers.CharField(source="name")
    province_code = serializers.CharField(source="province.code")
    province = serializers.CharField(source="province.name")


class ProductSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")
    description = serializers.CharField()
    unit = serializers.CharField()
    shipping_weight_grams = serializers.IntegerField()
    price = serializers.SerializerMethodField(help_text="VND, no minor unit")
    currency = serializers.SerializerMethodField()
    available = serializers.SerializerMethodField()
    num_in_stock = serializers.SerializerMethodField()
    ocop = serializers.SerializerMethodField()
    producer = ProducerSerializer()
    origin = OriginSerializer(source="origin_commune", allow_null=True)
    image = serializers.SerializerMethodField()

    def _info(self, product):
        cache = self.context.setdefault("_purchase_info", {})
        if product.id not in cache:
            strategy = Selector().strategy(request=self.context.get("request"))
            cache[product.id] = strategy.fetch_for_product(product)
        return cache[product.id]

    def get_price(self, product) -> int | None:
        info = self._info(product)
        return int(info.price.incl_tax) if info.price.exists else None

    def get_currency(self, product) -> str | None:
        info = self._info(product)
        return info.price.currency if info.price.exists else None

    def get_available(self, product) -> bool:
        return self._info(product).availability.is_available_to_buy

    def get_num_in_stock(self, product) -> int | None:
        record = self._info(product).stockrecord
        return record.net_stock_level if record else None

    @extend_schema(responses=OcopSerializer(allow_null=True))
    def get_ocop(self, product) -> dict | None:
        today = timezone.localdate()
        cert = product.current_certificate(today)
        if cert is None:
            return None
        return OcopSerializer({**cert.__dict__, "state": certificates.state(cert, today)}).data

    def get_image(self, product) -> str | None:
        images = list(product.images.all())
        if not images:
            return None
        url = images[0].original.url
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ProductListView(generics.ListAPIView):
    """Public products, newest first, with their OCOP star, producer and origin."""

    serializer_class = ProductSerializer

    def get_queryset(self):
        return with_listing_data(browsable_products())


class ProductDetailView(generics.RetrieveAPIView):
    serializer_class = ProductSerializer

    def get_queryset(self):
        return with_listing_data(browsable_products())
