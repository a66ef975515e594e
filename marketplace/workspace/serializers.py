"""Shapes of the seller API. Input serializers only check types; rules live in `services`.

Order serializers read the `selectors` read shapes (`SellerOrder`, `SellerOrderSummary`), which
hold only the seller's own lines, so no field here can expose another seller's goods.
"""

from django.utils import timezone
from oscar.core.loading import get_model
from rest_framework import serializers

from catalog import certificates
from catalog.models import CertificateVerification, SellingUnit

from . import selectors, services

Partner = get_model("partner", "Partner")
Commune = get_model("regions", "Commune")


class ShopSerializer(serializers.ModelSerializer):
    commune = serializers.CharField(source="commune.name", default=None)
    commune_code = serializers.CharField(source="commune_id", default=None)
    province = serializers.CharField(source="commune.province.name", default=None)
    role = serializers.SerializerMethodField(help_text="seller: the user's own shop; helper: a shop the user helps")

    class Meta:
        model = Partner
        fields = ["id", "name", "producer_type", "phone", "commune", "commune_code", "province", "role"]

    def get_role(self, shop) -> str:
        return selectors.shop_role(self.context["request"].user, shop)


class SellerProductSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url", help_text="storefront page")
    is_public = serializers.BooleanField()
    unit = serializers.CharField()
    shipping_weight_grams = serializers.IntegerField()
    origin_commune = serializers.CharField(source="origin_commune_id", allow_null=True)
    categories = serializers.SerializerMethodField()
    price = serializers.SerializerMethodField(help_text="VND, no minor unit")
    currency = serializers.SerializerMethodField()
    num_in_stock = serializers.SerializerMethodField()
    num_allocated = serializers.SerializerMethodField(help_text="ordered and not yet shipped; stock cannot go below it")
    partner_sku = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField()

    def _record(self, product):
        return selectors.seller_stockrecord(product)

    def get_categories(self, product) -> list[int]:
        return [c.pk for c in product.categories.all()]

    def get_price(self, product) -> int | None:
        record = self._record(product)
        return int(record.price) if record and record.price is not None else None

    def get_currency(self, product) -> str | None:
        record = self._record(product)
        return record.price_currency if record else None

    def get_num_in_stock(self, product) -> int | None:
        record = self._record(product)
        return record.num_in_stock if record else None

    def get_num_allocated(self, product) -> int | None:
        record = self._record(product)
        return (record.num_allocated or 0) if record else None

    def get_partner_sku(self, product) -> str | None:
        record = self._record(product)
        return record.partner_sku if record else None

    def get_image(self, product) -> str | None:
        images = list(product.images.all())
        if not images:
            return None
        request = self.context.get("request")
        url = images[0].original.url
        return request.build_absolute_uri(url) if request else url


class ProductCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    category = serializers.PrimaryKeyRelatedField(
        queryset=services.listable_categories(), help_text="a leaf of the current OCOP group tree"
    )
    price = serializers.IntegerField(min_value=1, max_value=int(services.MAX_PRICE), help_text="VND")
    unit = serializers.ChoiceField(choices=SellingUnit.choices)
    shipping_weight_grams = serializers.IntegerField(min_value=1, max_value=100_000)
    num_in_stock = serializers.IntegerField(min_value=0, max_value=services.MAX_STOCK)
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    origin_commune = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Commune.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="commune code; defaults to the producer's commune",
    )


class ProductUpdateSerializer(serializers.Serializer):
    price = serializers.IntegerField(min_value=1, max_value=int(services.MAX_PRICE), required=False, help_text="VND")
    num_in_stock = serializers.IntegerField(min_value=0, max_value=services.MAX_STOCK, required=False)
    is_public = serializers.BooleanField(required=False)


class OrderSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    date_placed = serializers.DateTimeField()
    status = serializers.CharField(help_text="this shop's part of the order, in words")
    payment = serializers.ChoiceField(choices=["paid", "cod", "unpaid"])
    item_count = serializers.IntegerField(help_text="items of this shop in the order")
    subtotal = serializers.SerializerMethodField(help_text="this shop's lines only, VND incl. tax")
    currency = serializers.CharField()

    def get_subtotal(self, order) -> int:
        return int(order.subtotal)


class SellerLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    shop_id = serializers.IntegerField()
    product_id = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    partner_sku = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = serializers.SerializerMethodField()
    line_price = serializers.SerializerMethodField()
    status = serializers.CharField()

    def get_unit_price(self, line) -> int:
        return int(line.unit_price)

    def get_line_price(self, line) -> int:
        return int(line.line_price)


class ShipToSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()
    notes = serializers.CharField()


class SellerOrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    date_placed = serializers.DateTimeField()
    status = serializers.CharField(help_text="this shop's part of the order, in words")
    payment = serializers.ChoiceField(choices=["paid", "cod", "unpaid"])
    currency = serializers.CharField()
    lines = SellerLineSerializer(many=True, help_text="only lines of shops the user manages")
    item_count = serializers.IntegerField()
    subtotal = serializers.SerializerMethodField(
        help_text="sum of the lines shown, VND incl. tax; never the order total"
    )
    ship_to = ShipToSerializer(allow_null=True)

    def get_subtotal(self, order) -> int:
        return int(order.subtotal)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(required=False, help_text="e-mail or username; omit when signed in by session")
    password = serializers.CharField(required=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


# --- uploads (photos and OCOP certificates) ----------------------------------------------------------
class PhotoUploadSerializer(serializers.Serializer):
    image = serializers.FileField(help_text="JPEG, PNG, WebP or HEIC; stored without its metadata")
    caption = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class ProductPhotoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_order = serializers.IntegerField()
    original = serializers.SerializerMethodField(help_text="the cleaned JPEG as stored")
    renditions = serializers.SerializerMethodField(
        help_text="URL per rendition kind; the original's URL until the rendition is made"
    )

    def _absolute(self, url):
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_original(self, image) -> str:
        return self._absolute(image.original.url)

    def get_renditions(self, image) -> dict[str, str]:
        from catalog.photos import SPECS, rendition_url

        return {kind: self._absolute(rendition_url(image, kind)) for kind in sorted(SPECS)}


class CertificateUploadSerializer(serializers.Serializer):
    stars = serializers.IntegerField(help_text="3, 4 or 5")
    status = serializers.CharField(help_text="awarded or proposed")
    decision_number = serializers.CharField(max_length=64)
    decision_date = serializers.DateField()
    issuing_level = serializers.CharField(help_text="province, central or district")
    document = serializers.FileField(help_text="PDF, or a photo of the certificate")


class SellerCertificateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product_id = serializers.IntegerField()
    stars = serializers.IntegerField()
    status = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()
    issuing_level = serializers.CharField()
    valid_until = serializers.DateField()
    verification = serializers.ChoiceField(
        choices=CertificateVerification.choices, help_text="pending until staff of the province check it"
    )
    shows_star = serializers.SerializerMethodField(help_text="whether buyers see this certificate's star")

    def get_shows_star(self, cert) -> bool:
        return certificates.displayed_certificate([cert], timezone.localdate()) is not None
