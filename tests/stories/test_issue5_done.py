"""Issue 5's "Done means", as one story told through the web pages.

A buyer puts products of two sellers in the basket and goes through Oscar's checkout three
times: paying by VNPay (through the local VNPay page, whose IPN reaches us over HTTP), by
VietQR bank transfer (the QR page, then the simulated bank app's signed bank-feed webhook) and
cash on delivery. After each order each seller sees only its own part, as paid (or to confirm
for COD); replaying VNPay's IPN changes nothing; the buyer's order page shows the payment status
and the per-seller parts. Each step asserts its own outcome.
"""

import re
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.order.models import FulfilmentGroup
from marketplace.workspace import selectors
from payments.checkout.services import OrderStatus
from payments.models import AttemptStatus, PaymentAttempt, ProviderEvent
from tests.factories import PartnerFactory, ProductFactory

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")
Country = get_model("address", "Country")
StockRecord = get_model("partner", "StockRecord")
User = get_user_model()

pytestmark = pytest.mark.django_db(transaction=True)  # the VNPay simulator calls our IPN over HTTP

ADDRESS = {
    "first_name": "Nguyễn",
    "last_name": "Văn An",
    "phone_number": "0912 345 678",
    "line1": "12 Lê Lợi",
    "line2": "Phường Mộc Châu",
    "line4": "Tỉnh Sơn La",
    "postcode": "",
    "notes": "Gọi trước khi giao",
}
TEA, HONEY = "Chè Shan tuyết Mộc Châu", "Mật ong bạc hà Hà Giang"


@pytest.fixture(autouse=True)
def _settings(settings, live_server):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The IPN address a merchant registers with VNPay: here, the live test server.
    settings.VNPAY_SIM_IPN_URL = f"{live_server.url}{reverse('vnpay:ipn')}"
    settings.VNPAY_SIM_IPN_BACKOFF = 0
    settings.VNPAY_SIM_IPN_TIMEOUT = 5
    settings.PAYMENT_SIMULATORS = True


@pytest.fixture
def market(db):
    Country.objects.update_or_create(
        iso_3166_1_a2="VN", defaults={"name": "Việt Nam", "printable_name": "Việt Nam", "is_shipping_country": True}
    )
    tea_farm = PartnerFactory(name="HTX Chè Mộc Châu")
    bee_farm = PartnerFactory(name="HTX Mật ong Hà Giang")
    tea = ProductFactory(
        title=TEA, producer=tea_farm, shipping_weight_grams=500, stock__price=Decimal("120000"), stock__num_in_stock=10
    )
    honey = ProductFactory(
        title=HONEY,
        producer=bee_farm,
        shipping_weight_grams=1200,
        stock__price=Decimal("250000"),
        stock__num_in_stock=5,
    )
    people = {}
    for name, shop in (("tea_seller", tea_farm), ("honey_seller", bee_farm), ("buyer", None)):
        people[name] = User.objects.create_user(username=name, email=f"{name}@example.vn", password="pw-12345")
        if shop is not None:
            shop.users.add(people[name])
    return {"tea": tea, "honey": honey, **people}


def logged_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password="pw-12345")
    return client


def check_out(client, market, method: str):
    """Basket with one product of each seller, then every checkout step; returns the placed order."""
    for product in (market["tea"], market["honey"]):
        added = client.post(reverse("basket:add", args=[product.pk]), {"quantity": 1})
        assert added.status_code == 302
    assert client.get(reverse("checkout:index"))["Location"] == reverse("checkout:shipping-address")

    form_page = client.get(reverse("checkout:shipping-address"))
    assert form_page.status_code == 200
    shipped = client.post(reverse("checkout:shipping-address"), ADDRESS)
    assert shipped.status_code == 302, shipped.context["form"].errors
    # One shipping method (each seller's parcel by weight) and one payment page: both skip ahead.
    assert client.get(reverse("checkout:shipping-method"))["Location"] == reverse("checkout:payment-method")
    assert client.get(reverse("checkout:payment-method"))["Location"] == reverse("checkout:payment-details")

    details = client.get(reverse("checkout:payment-details"))
    assert details.status_code == 200
    page = details.content.decode()
    assert f'value="{method}"' in page and TEA in page and HONEY in page
    chosen = client.post(reverse("checkout:payment-details"), {"method": method})
    assert chosen["Location"] == reverse("checkout:preview")

    preview = client.get(reverse("checkout:preview"))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "HTX Chè Mộc Châu" in page and "HTX Mật ong Hà Giang" in page and "Phường Mộc Châu" in page
    assert "435.000" in page  # 120 000 + 250 000 + 30 000 (0.5 kg) + 35 000 (1.2 kg)

    before = set(Order.objects.values_list("pk", flat=True))
    placed = client.post(reverse("checkout:preview"), {"action": "place_order"})
    assert placed.status_code == 302, placed.content.decode()[:2000]
    order = Order.objects.exclude(pk__in=before).get()
    assert order.total_incl_tax == Decimal("435000") and order.user == market["buyer"]
    assert order.shipping_address.line2 == "Phường Mộc Châu"
    return order, placed["Location"]


def group_statuses(order) -> dict:
    return dict(FulfilmentGroup.objects.filter(order=order).values_list("partner__name", "status"))


def seller_sees_own_part(
    market, order, seller: str, title: str, other_title: str, subtotal: str, payment: str = "paid"
):
    """Through /seller/orders/: the seller's list and order page show its own line and subtotal only."""
    user = market[seller]
    shop = user.partners.get()
    client = logged_in(user)
    listing = client.get(reverse("workspace:orders", args=[shop.pk]))
    assert listing.status_code == 200 and order.number in listing.content.decode()
    found = client.get(reverse("workspace:order-lookup", args=[order.number]))
    assert found["Location"] == reverse("workspace:order-detail", args=[shop.pk, order.number])
    page = client.get(found["Location"]).content.decode()
    assert title in page and other_title not in page and subtotal in page
    assert "435.000" not in page  # never the whole order's total
    label = {"paid": "Đã thanh toán", "cod": "Thanh toán khi nhận hàng"}[payment]
    assert label in page and "Chờ người bán xác nhận" in page  # its own part: paid (or COD) and waiting for the seller

    view = selectors.seller_order([shop], number=order.number)
    assert [line.title for line in view.lines] == [title]
    assert view.subtotal == Decimal(subtotal.replace(".", ""))
    assert view.payment == payment
    return view


def ipn_replay_changes_nothing(client, order, location):
    """The signed parameters VNPay sent, delivered again (GET, as VNPay does): RspCode 02, nothing changes."""
    params = dict(parse_qsl(urlsplit(location).query))
    state = (
        ProviderEvent.objects.count(),
        PaymentEvent.objects.filter(order=order).count(),
        list(PaymentAttempt.objects.filter(order=order).values_list("status", flat=True)),
        Order.objects.get(pk=order.pk).status,
        group_statuses(order),
        StockRecord.objects.get(product__title=TEA).num_allocated,
    )
    for _ in range(3):
        answer = client.get(reverse("vnpay:ipn"), params)
        assert answer.json() == {"RspCode": "02", "Message": "Order already confirmed"}
    assert state == (
        ProviderEvent.objects.count(),
        PaymentEvent.objects.filter(order=order).count(),
        list(PaymentAttempt.objects.filter(order=order).values_list("status", flat=True)),
        Order.objects.get(pk=order.pk).status,
        group_statuses(order),
        StockRecord.objects.get(product__title=TEA).num_allocated,
    )


def buyer_order_page(client, order) -> str:
    page = client.get(reverse("customer:order", args=[order.number]))
    assert page.status_code == 200
    return page.content.decode()


def test_buyer_pays_two_sellers_by_vnpay_then_vietqr_then_cod(market):
    buyer = logged_in(market["buyer"])

    # --- a. VNPay ------------------------------------------------------------------------------
    order, location = check_out(buyer, market, "vnpay")
    assert urlsplit(location).path == reverse("vnpay:sim-pay")
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert set(group_statuses(order).values()) == {"awaiting_payment"}
    assert buyer.get(reverse("basket:summary")).context["basket"].is_empty

    vnpay_page = buyer.get(location)
    assert vnpay_page.status_code == 200 and b'value="pay"' in vnpay_page.content
    attempt = PaymentAttempt.objects.get(order=order)
    assert attempt.method == "vnpay" and attempt.amount == Decimal("435000")
    assert dict(parse_qsl(urlsplit(location).query))["vnp_Amount"] == "43500000"
    paid = buyer.post(reverse("vnpay:sim-decide"), {"vnp_TxnRef": attempt.reference, "action": "pay"})
    assert paid.status_code == 302
    back = buyer.get(urlsplit(paid["Location"]).path, dict(parse_qsl(urlsplit(paid["Location"]).query)))
    assert back.status_code == 200 and order.number in back.content.decode()
    assert "Thanh toán thành công" in back.content.decode()
    assert f'href="{reverse("customer:order", args=[order.number])}"' in back.content.decode()

    # The simulator delivered the IPN over HTTP; it was applied.
    attempt.refresh_from_db()
    order.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED
    assert order.status == OrderStatus.PLACED
    assert set(group_statuses(order).values()) == {"to_confirm"}
    assert PaymentEvent.objects.get(order=order, event_type__name="Paid").amount == Decimal("435000")
    assert ProviderEvent.objects.filter(attempt=attempt).count() == 1

    seller_sees_own_part(market, order, "tea_seller", TEA, HONEY, "120.000")
    seller_sees_own_part(market, order, "honey_seller", HONEY, TEA, "250.000")
    ipn_replay_changes_nothing(buyer, order, paid["Location"])

    page = buyer_order_page(buyer, order)
    assert "VNPay" in page and "Đã thanh toán" in page and attempt.reference in page
    assert "Đã đặt hàng" in page and ">placed<" not in page
    assert "HTX Chè Mộc Châu" in page and "HTX Mật ong Hà Giang" in page
    assert page.count("Chờ người bán xác nhận") == 2

    # --- b. VietQR -----------------------------------------------------------------------------
    order, location = check_out(buyer, market, "vietqr")
    attempt = PaymentAttempt.objects.get(order=order)
    assert location == reverse("vietqr:qr-page", args=[attempt.reference])
    qr_page = buyer.get(location).content.decode()
    memo = f"OCOP{attempt.reference}"
    assert memo in qr_page and '<dd class="amount">435.000\xa0₫</dd>' in qr_page
    png_url = re.search(r'<img src="([^"]+)"', qr_page).group(1)
    png = buyer.get(png_url)
    assert png.status_code == 200 and png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    bank_link = re.search(r'href="([^"]*sim/bank/[^"]*)"', qr_page).group(1).replace("&amp;", "&")
    assert buyer.get(bank_link).status_code == 200

    # The buyer's bank app transfers the exact amount with the memo; the bank feed tells us (twice).
    bank = buyer.post(reverse("vietqr:bank-app"), {"amount": "435000", "memo": memo})
    assert bank.status_code == 200
    transfer_id = ProviderEvent.objects.get(provider="vietqr").event_key
    buyer.post(reverse("vietqr:bank-app"), {"resend": transfer_id})
    attempt.refresh_from_db()
    order.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED and order.status == OrderStatus.PLACED
    assert set(group_statuses(order).values()) == {"to_confirm"}
    assert ProviderEvent.objects.filter(provider="vietqr").count() == 1
    assert PaymentEvent.objects.filter(order=order, event_type__name="Paid").count() == 1
    qr_page = buyer.get(location).content.decode()
    assert "Đã nhận thanh toán" in qr_page and reverse("customer:order", args=[order.number]) in qr_page
    seller_sees_own_part(market, order, "tea_seller", TEA, HONEY, "120.000")
    seller_sees_own_part(market, order, "honey_seller", HONEY, TEA, "250.000")
    page = buyer_order_page(buyer, order)
    assert "Đã thanh toán" in page and page.count("Chờ người bán xác nhận") == 2

    # --- c. Cash on delivery -------------------------------------------------------------------
    order, location = check_out(buyer, market, "cod")
    assert location == reverse("checkout:thank-you")
    assert buyer.get(location).status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED and not PaymentAttempt.objects.filter(order=order).exists()
    assert set(group_statuses(order).values()) == {"to_confirm"}
    seller_sees_own_part(market, order, "tea_seller", TEA, HONEY, "120.000", payment="cod")
    seller_sees_own_part(market, order, "honey_seller", HONEY, TEA, "250.000", payment="cod")
    page = buyer_order_page(buyer, order)
    assert "Thanh toán khi nhận hàng" in page and "Trả tiền cho người giao hàng khi nhận" in page
    assert page.count("Chờ người bán xác nhận") == 2

    # Three orders, each unit reserved once.
    assert StockRecord.objects.get(product=market["tea"]).num_allocated == 3
    assert StockRecord.objects.get(product=market["honey"]).num_allocated == 3
