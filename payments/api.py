"""Checkout and payment endpoints for the mobile app: place the basket as one order, read its status.

Views parse input, call one service, render output (services live in payments/checkout/services.py).
"""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from oscar.core.loading import get_class, get_model
from rest_framework import permissions, serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from payments.checkout import services as checkout

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
Selector = get_class("partner.strategy", "Selector")


class ShippingAddressIn(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    phone = serializers.CharField(max_length=32)
    line1 = serializers.CharField(max_length=255)
    line2 = serializers.CharField(max_length=255, required=False, allow_blank=True)
    province = serializers.CharField(max_length=255)
    notes = serializers.CharField(required=False, allow_blank=True)


class PlaceOrderIn(serializers.Serializer):
    payment_method = serializers.ChoiceField(choices=checkout.CHECKOUT_METHODS)
    shipping_address = ShippingAddressIn()
    carriers = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text="Per seller id, the offer chosen from /api/checkout/shipping-quotes/ as 'carrier:service'; "
        "a seller left out gets its cheapest offer. Fees are always re-quoted on the server.",
    )


class QuotesIn(serializers.Serializer):
    shipping_address = ShippingAddressIn()


class QuoteOut(serializers.Serializer):
    carrier = serializers.CharField()
    service = serializers.CharField()
    name = serializers.CharField(source="service_name")
    fee = serializers.DecimalField(max_digits=12, decimal_places=0)
    expected_days = serializers.IntegerField(allow_null=True)
    choice = serializers.SerializerMethodField()

    def get_choice(self, quote) -> str:
        return f"{quote.carrier}:{quote.service}"


class SellerQuotesOut(serializers.Serializer):
    seller_id = serializers.IntegerField(source="partner.pk")
    seller = serializers.CharField(source="partner.name")
    weight_grams = serializers.IntegerField()
    fresh = serializers.BooleanField()
    quotes = QuoteOut(many=True)
    notes = serializers.ListField(child=serializers.CharField())


class LineOut(serializers.Serializer):
    title = serializers.CharField()
    quantity = serializers.IntegerField()
    line_price = serializers.DecimalField(max_digits=14, decimal_places=0, source="line_price_incl_tax")


class TimelineOut(serializers.Serializer):
    when = serializers.DateTimeField()
    status = serializers.CharField()
    label = serializers.CharField()
    description = serializers.CharField()


class DeliveryOut(serializers.Serializer):
    carrier = serializers.CharField(source="group.carrier")
    carrier_name = serializers.CharField(source="carrier_label")
    tracking_code = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    cod_collected = serializers.SerializerMethodField()
    timeline = TimelineOut(many=True)

    def get_tracking_code(self, delivery) -> str:
        return delivery.shipment.tracking_code if delivery.shipment else ""

    def get_status(self, delivery) -> str:
        return delivery.shipment.status if delivery.shipment else ""

    def get_cod_collected(self, delivery) -> str | None:
        value = delivery.shipment.cod_collected if delivery.shipment else None
        return None if value is None else str(value)


class GroupOut(serializers.Serializer):
    seller = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    subtotal = serializers.DecimalField(max_digits=14, decimal_places=0)
    shipping_fee = serializers.DecimalField(max_digits=14, decimal_places=0)
    total = serializers.DecimalField(max_digits=14, decimal_places=0)
    lines = LineOut(many=True)
    delivery = DeliveryOut(allow_null=True)


class PaymentOut(serializers.Serializer):
    method = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    reference = serializers.CharField()
    redirect_url = serializers.CharField(required=False)
    qr_payload = serializers.CharField(required=False)


class OrderOut(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    total = serializers.DecimalField(max_digits=14, decimal_places=0)
    shipping = serializers.DecimalField(max_digits=14, decimal_places=0)
    payment = PaymentOut()
    groups = GroupOut(many=True)


def order_out(order, next_step=None) -> dict:
    payment = checkout.order_payment(order)
    if next_step is not None:
        payment = {**payment, "redirect_url": next_step.redirect_url, "qr_payload": next_step.qr_payload}
    return OrderOut(
        {
            "number": order.number,
            "status": order.status,
            "total": order.total_incl_tax,
            "shipping": order.shipping_incl_tax,
            "payment": payment,
            "groups": _groups_with_delivery(order),
        }
    ).data


def _groups_with_delivery(order) -> list[dict]:
    from logistics.selectors import deliveries

    by_seller = {d.group.partner_id: d for d in deliveries(order)}
    return [{**vars(g), "delivery": by_seller.get(g.partner_id)} for g in checkout.order_groups(order)]


def _vietnam():
    return Country.objects.get_or_create(
        iso_3166_1_a2="VN", defaults={"name": "Việt Nam", "printable_name": "Việt Nam", "is_shipping_country": True}
    )[0]


def _address(addr: dict):
    first, _sep, last = addr["name"].partition(" ")
    return ShippingAddress(
        first_name=first,
        last_name=last,
        line1=addr["line1"],
        line2=addr.get("line2", ""),
        line4=addr["province"],
        phone_number=addr["phone"],
        notes=addr.get("notes", ""),
        country=_vietnam(),
    )


def _open_basket(request):
    basket = Basket.open.filter(owner=request.user).order_by("-pk").first()
    if basket is not None:
        basket.strategy = Selector().strategy(request=request, user=request.user)
    return basket


def shipping_choices(basket, shipping_address, wanted: dict) -> tuple[dict | None, list[str]]:
    """Re-quote every seller's parcel and take the offer asked for (or the cheapest).

    Returns (choices for place_order, names of sellers no carrier can serve); (None, []) when
    carriers are not set up here, so the weight table applies.
    """
    from logistics import services as logistics

    if not logistics.carriers_set_up():
        return None, []
    return logistics.choose(logistics.quotes_for_basket(basket, shipping_address), wanted)


class ShippingQuotesView(APIView):
    """POST: for each seller of the open basket, the fees of the carriers it ships with to this address."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=QuotesIn, responses={200: SellerQuotesOut(many=True)}, operation_id="checkout_shipping_quotes"
    )
    def post(self, request):
        from logistics import services as logistics

        data = QuotesIn(data=request.data)
        data.is_valid(raise_exception=True)
        basket = _open_basket(request)
        if basket is None or basket.is_empty:
            return Response({"detail": "empty_basket"}, status=status.HTTP_400_BAD_REQUEST)
        groups = logistics.quotes_for_basket(basket, _address(data.validated_data["shipping_address"]))
        return Response(SellerQuotesOut(groups, many=True).data)


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class PlaceOrderView(APIView):
    """POST: the signed-in buyer's open basket becomes one order; online methods answer where to pay."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=PlaceOrderIn, responses={201: OrderOut, 409: None}, operation_id="checkout_place_order")
    def post(self, request):
        data = PlaceOrderIn(data=request.data)
        data.is_valid(raise_exception=True)
        basket = _open_basket(request)
        if basket is None or basket.is_empty:
            return Response({"detail": "empty_basket"}, status=status.HTTP_400_BAD_REQUEST)
        shipping_address = _address(data.validated_data["shipping_address"])
        choices, missing = shipping_choices(basket, shipping_address, data.validated_data.get("carriers") or {})
        if missing:
            return Response({"detail": "no_carrier", "sellers": missing}, status=status.HTTP_409_CONFLICT)
        method = data.validated_data["payment_method"]
        try:
            with transaction.atomic():
                order = checkout.place_order(
                    basket=basket,
                    user=request.user,
                    shipping_address=shipping_address,
                    payment_method=method,
                    request=request,
                    shipping_choices=choices,
                )
                next_step = None
                if method in checkout.ONLINE_METHODS:
                    next_step = checkout.start_order_payment(
                        order=order,
                        method=method,
                        base_url=f"{request.scheme}://{request.get_host()}",
                        client_ip=request.META.get("REMOTE_ADDR", "127.0.0.1"),
                    )
        except checkout.OutOfStock as exc:
            return Response({"detail": "out_of_stock", "message": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(order_out(order, next_step), status=status.HTTP_201_CREATED)


class OrderStatusView(APIView):
    """GET: the buyer's order with its payment status and per-seller parts."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=OrderOut, operation_id="checkout_order_status")
    def get(self, request, number):
        order = get_object_or_404(Order, number=number, user=request.user)
        return Response(order_out(order))
