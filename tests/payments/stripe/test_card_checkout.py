"""A buyer abroad pays a two-seller basket by card: Oscar's checkout, the (simulated) card page, Stripe's
signed webhook, each seller's paid part, then a cancellation refunded through Stripe. A declined card
gives the stock back; the mobile app gets the same card page.
"""

import json
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from rest_framework.test import APIClient

from marketplace.order.models import FulfilmentGroup
from marketplace.workspace import selectors
from payments.checkout import services as checkout
from payments.gateways.stripe import simulator
from payments.gateways.stripe.client import SIM_WEBHOOK_SECRET
from payments.gateways.stripe.wire import signature_header
from payments.models import AttemptStatus, PaymentAttempt, ProviderEvent
from tests.checkout.conftest import address, basket_of, stock

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")

ADDRESS = {
    "first_name": "Nguyễn",
    "last_name": "Văn An",
    "phone_number": "0912 345 678",
    "line1": "12 Lê Lợi",
    "line2": "Phường Mộc Châu",
    "line4": "Tỉnh Sơn La",
    "postcode": "",
}


def check_out_by_card(client, tea, honey):
    """Tea x2 and honey x1 in the basket, every checkout page, "card" chosen; the order and where we are sent."""
    for product, quantity in ((tea, 2), (honey, 1)):
        assert client.post(reverse("basket:add", args=[product.pk]), {"quantity": quantity}).status_code == 302
    shipped = client.post(reverse("checkout:shipping-address"), ADDRESS)
    assert shipped.status_code == 302, shipped.context and shipped.context["form"].errors
    # One shipping method (each seller's parcel by weight) and one payment page: both skip ahead.
    assert client.get(reverse("checkout:shipping-method"))["Location"] == reverse("checkout:payment-method")
    assert client.get(reverse("checkout:payment-method"))["Location"] == reverse("checkout:payment-details")
    details = client.get(reverse("checkout:payment-details"))
    assert 'value="card"' in details.content.decode()
    assert client.post(reverse("checkout:payment-details"), {"method": "card"})["Location"] == reverse(
        "checkout:preview"
    )
    placed = client.post(reverse("checkout:preview"), {"action": "place_order"})
    assert placed.status_code == 302, placed.content.decode()[:2000]
    return Order.objects.get(user__isnull=False), placed["Location"]


def enter_card(client, location, number):
    page = urlsplit(location)
    form = client.get(location)
    assert form.status_code == 200 and b'name="card_number"' in form.content
    return client.post(page.path, {**dict(parse_qsl(page.query)), "card_number": number})


def parts(order) -> dict:
    return dict(FulfilmentGroup.objects.filter(order=order).values_list("partner__name", "status"))


def test_buyer_pays_two_sellers_by_card_each_seller_sees_its_paid_part_and_a_cancel_is_refunded(
    client, buyer, vietnam, two_sellers, django_capture_on_commit_callbacks
):
    tea, honey = two_sellers
    client.force_login(buyer)
    order, location = check_out_by_card(client, tea, honey)

    # Reserved while the buyer pays; the intent is for the whole order, in whole dong.
    assert order.status == checkout.OrderStatus.AWAITING_PAYMENT and set(parts(order).values()) == {"awaiting_payment"}
    assert urlsplit(location).path.startswith("/payments/stripe/sim/pay/pi_")
    attempt = PaymentAttempt.objects.get(order=order)
    assert attempt.method == "card" and attempt.amount == order.total_incl_tax == Decimal("555000")
    intent = simulator.load_intent(urlsplit(location).path.rstrip("/").rsplit("/", 1)[1])
    assert (intent["amount"], intent["currency"], intent["metadata"]) == (
        555000,
        "vnd",
        {"reference": attempt.reference},
    )

    # A mistyped number stays on the page; the test card pays, Stripe signs and sends the webhook.
    assert enter_card(client, location, "4242 4242 4242 4241").status_code == 400
    back = enter_card(client, location, "4242 4242 4242 4242")
    assert back.status_code == 302 and urlsplit(back["Location"]).path == reverse("stripe:return")
    sent = [(d["event"]["type"], d["statuses"]) for d in simulator.deliveries()]
    assert sent == [("payment_intent.succeeded", [200]), ("charge.succeeded", [200])]

    attempt.refresh_from_db()
    order.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED and attempt.provider_transaction_id == intent["id"]
    assert order.status == checkout.OrderStatus.PLACED and set(parts(order).values()) == {"to_confirm"}
    assert order.sources.get().amount_debited == Decimal("555000")
    page = client.get(back["Location"]).content.decode()
    assert f'href="/accounts/orders/{order.number}/"' in page

    tea_view = selectors.seller_order([tea.producer], number=order.number)
    honey_view = selectors.seller_order([honey.producer], number=order.number)
    assert [line.title for line in tea_view.lines] == ["Chè Shan tuyết"] and tea_view.subtotal == Decimal("240000")
    assert [line.title for line in honey_view.lines] == ["Mật ong bạc hà"] and honey_view.subtotal == Decimal("250000")
    assert tea_view.payment == honey_view.payment == "paid"

    # Stripe delivering the same event again (and the buyer paying twice) changes nothing.
    succeeded = simulator.deliveries()[0]["event"]
    raw = json.dumps(succeeded).encode()
    for _ in range(3):
        again = client.post(
            reverse("stripe:webhook"),
            data=raw,
            content_type="application/json",
            headers={"Stripe-Signature": signature_header(raw, SIM_WEBHOOK_SECRET, succeeded["created"])},
        )
        assert again.json() == {"received": True, "outcome": "duplicate"}
    assert client.get(location)["Location"] == back["Location"]  # the page of a paid intent only sends back
    page = urlsplit(location)
    client.post(page.path, {**dict(parse_qsl(page.query)), "card_number": "4242424242424242"})
    assert len(simulator.deliveries()) == 2
    assert PaymentEvent.objects.filter(order=order, event_type__name="Paid").count() == 1
    assert (stock(tea).num_allocated, stock(honey).num_allocated) == (2, 1)

    # The buyer cancels before shipping: stock back, the whole amount refunded on the card.
    with django_capture_on_commit_callbacks(execute=True):
        checkout.cancel_order(order=order, actor="buyer", reason="Đặt nhầm")
    attempt.refresh_from_db()
    order.refresh_from_db()
    assert order.status == checkout.OrderStatus.CANCELLED and attempt.status == AttemptStatus.REFUNDED
    assert simulator.load_charge(simulator.load_intent(intent["id"])["latest_charge"])["refunded"] is True
    assert (stock(tea).num_allocated, stock(honey).num_allocated) == (0, 0)
    assert simulator.deliveries()[-1]["event"]["type"] == "charge.refunded"
    assert ProviderEvent.objects.filter(provider="card").count() == 3  # paid, our refund, Stripe's charge.refunded


def test_a_declined_card_fails_the_payment_and_gives_the_stock_back(client, buyer, vietnam, two_sellers):
    tea, honey = two_sellers
    client.force_login(buyer)
    order, location = check_out_by_card(client, tea, honey)
    assert (stock(tea).num_allocated, stock(honey).num_allocated) == (2, 1)

    back = enter_card(client, location, "4000 0000 0000 0002")

    assert dict(parse_qsl(urlsplit(back["Location"]).query))["redirect_status"] == "failed"
    attempt = PaymentAttempt.objects.get(order=order)
    order.refresh_from_db()
    assert attempt.status == AttemptStatus.FAILED and order.status == checkout.OrderStatus.PAYMENT_FAILED
    assert ProviderEvent.objects.get(provider="card").payload["type"] == "payment_intent.payment_failed"
    assert (stock(tea).num_allocated, stock(honey).num_allocated) == (0, 0)
    assert set(parts(order).values()) == {"cancelled"}
    assert f'href="/accounts/orders/{order.number}/"' in client.get(back["Location"]).content.decode()


def test_the_app_places_a_card_order_and_gets_the_card_page(buyer, vietnam, two_sellers):
    tea, honey = two_sellers
    basket_of(buyer, (tea, 1), (honey, 1))
    api = APIClient()
    api.force_authenticate(buyer)
    address = {"name": "Nguyễn Văn An", "phone": "0912345678", "line1": "12 Lê Lợi", "province": "Sơn La"}

    created = api.post("/api/checkout/orders/", {"payment_method": "card", "shipping_address": address}, format="json")

    assert created.status_code == 201, created.content
    payment = created.json()["payment"]
    assert payment["method"] == "card" and payment["status"] == "pending"
    assert "/payments/stripe/sim/pay/pi_" in payment["redirect_url"]


@pytest.mark.django_db(transaction=True)
def test_with_real_stripe_the_buyer_gets_our_page_with_stripes_payment_element(
    client, live_server, settings, buyer, vietnam, two_sellers
):
    """STRIPE_API_BASE set (here: the local Stripe over HTTP, as real Stripe would answer): the card is typed
    into Stripe.js's Payment Element on our page, which only the holder of the intent's client_secret sees."""
    from payments.gateways.stripe.client import SIM_SECRET_KEY

    settings.STRIPE_API_BASE = f"{live_server.url}/payments/stripe/sim"
    settings.PAYMENT_SIMULATORS = True  # the local Stripe answers although STRIPE_API_BASE is set
    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = SIM_SECRET_KEY, "pk_test_51Ocop"
    tea, honey = two_sellers
    order = checkout.place_order(
        basket=basket_of(buyer, (tea, 2), (honey, 1)),
        user=buyer,
        shipping_address=address(vietnam),
        payment_method="card",
    )
    nxt = checkout.start_order_payment(order=order, method="card", base_url=live_server.url)
    page_url = urlsplit(nxt.redirect_url)
    assert page_url.path == reverse("stripe:card", args=[page_url.path.rstrip("/").split("/")[-1]])
    secret = dict(parse_qsl(page_url.query))["client_secret"]

    page = client.get(nxt.redirect_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<script src="https://js.stripe.com/v3/">' in html
    config = json.loads(html.split('id="stripe-config" type="application/json">')[1].split("</script>")[0])
    assert config["publishableKey"] == "pk_test_51Ocop" and config["clientSecret"] == secret
    assert f"{order.total_incl_tax:,.0f}".replace(",", ".") + "\xa0₫" in html  # "555.000 ₫"
    assert f'data-return-url="http://testserver{reverse("stripe:return")}"' in html
    # Anyone without the client secret gets nothing.
    intent_path = page_url.path
    assert client.get(intent_path).status_code == 404
    assert client.get(f"{intent_path}?client_secret={secret}x").status_code == 404
    # Without a publishable key the page says card payment is unavailable rather than breaking.
    settings.STRIPE_PUBLISHABLE_KEY = ""
    assert client.get(nxt.redirect_url).status_code == 503
