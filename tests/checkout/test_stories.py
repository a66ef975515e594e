"""Checkout user stories: one basket from two sellers, paid by COD or VNPay, failing, expiring, cancelled."""

import datetime
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.order.models import FulfilmentGroup
from marketplace.workspace import selectors
from payments import services, tasks
from payments.checkout import services as checkout
from payments.models import AttemptStatus, PaymentAttempt
from tests.checkout.conftest import address, basket_of, stock

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")

pytestmark = pytest.mark.urls("tests.checkout.urls")


def place(buyer, vietnam, items, method):
    basket = basket_of(buyer, *items)
    return checkout.place_order(basket=basket, user=buyer, shipping_address=address(vietnam), payment_method=method)


@pytest.mark.django_db
def test_basket_of_two_sellers_becomes_one_order_with_two_groups(buyer, vietnam, two_sellers):
    tea, honey = two_sellers
    order = place(buyer, vietnam, [(tea, 2), (honey, 3)], "cod")

    assert Order.objects.count() == 1
    groups = {g.partner_id: g for g in FulfilmentGroup.objects.filter(order=order)}
    assert set(groups) == {tea.producer_id, honey.producer_id}
    tea_part, honey_part = groups[tea.producer_id], groups[honey.producer_id]
    assert tea_part.subtotal == Decimal("240000") and tea_part.weight_grams == 1000
    assert tea_part.shipping_fee == Decimal("30000")  # 1 kg: base fee
    assert honey_part.subtotal == Decimal("750000") and honey_part.weight_grams == 3600
    assert honey_part.shipping_fee == Decimal("45000")  # 3.6 kg: 30 000 + 3 started kg x 5 000
    assert order.shipping_incl_tax == Decimal("75000")
    assert order.total_incl_tax == Decimal("240000") + Decimal("750000") + Decimal("75000")
    assert [line.partner_id for line in tea_part.lines] == [tea.producer_id]


@pytest.mark.django_db
def test_cash_on_delivery_order_goes_to_sellers_without_payment(buyer, vietnam, two_sellers):
    tea, honey = two_sellers
    order = place(buyer, vietnam, [(tea, 1), (honey, 1)], "cod")

    assert order.status == checkout.OrderStatus.PLACED
    assert set(FulfilmentGroup.objects.filter(order=order).values_list("status", flat=True)) == {"to_confirm"}
    assert not PaymentAttempt.objects.exists()
    assert checkout.order_payment(order)["method"] == "cod"
    assert (stock(tea).num_allocated, stock(honey).num_allocated) == (1, 1)


def pay_through_vnpay_simulator(client, live_server, order):
    nxt = checkout.start_order_payment(order=order, method="vnpay", base_url=live_server.url)
    page = client.get(nxt.redirect_url)
    assert page.status_code == 200
    decided = client.post(reverse("vnpay:sim-decide"), {"vnp_TxnRef": nxt.reference, "action": "pay"})
    assert decided.status_code == 302
    return nxt, decided["Location"]


@pytest.mark.django_db(transaction=True)
def test_buyer_pays_with_vnpay_and_each_seller_sees_only_its_paid_part(
    client, live_server, buyer, vietnam, two_sellers
):
    tea, honey = two_sellers
    order = place(buyer, vietnam, [(tea, 2), (honey, 1)], "vnpay")
    assert set(FulfilmentGroup.objects.filter(order=order).values_list("status", flat=True)) == {"awaiting_payment"}

    nxt, location = pay_through_vnpay_simulator(client, live_server, order)

    attempt = PaymentAttempt.objects.get(reference=nxt.reference)
    assert attempt.status == AttemptStatus.SUCCEEDED  # the simulator called our IPN over HTTP
    order.refresh_from_db()
    assert order.status == checkout.OrderStatus.PLACED
    assert set(FulfilmentGroup.objects.filter(order=order).values_list("status", flat=True)) == {"to_confirm"}
    paid = PaymentEvent.objects.get(order=order, event_type__name="Paid")
    assert paid.amount == order.total_incl_tax and paid.reference == attempt.provider_transaction_id
    assert order.sources.get().amount_debited == order.total_incl_tax

    tea_view = selectors.seller_order([tea.producer], number=order.number)
    honey_view = selectors.seller_order([honey.producer], number=order.number)
    assert [line.title for line in tea_view.lines] == ["Chè Shan tuyết"] and tea_view.subtotal == Decimal("240000")
    assert [line.title for line in honey_view.lines] == ["Mật ong bạc hà"] and honey_view.subtotal == Decimal("250000")

    # Replaying the IPN changes nothing.
    ipn = client.get(reverse("vnpay:ipn"), dict(parse_qsl(urlsplit(location).query)))
    assert ipn.json()["RspCode"] == "02"
    assert PaymentEvent.objects.filter(order=order, event_type__name="Paid").count() == 1
    assert stock(tea).num_allocated == 2


@pytest.mark.django_db(transaction=True)
def test_payment_failure_releases_stock_and_cancels_the_parts(client, live_server, buyer, vietnam, two_sellers):
    tea, honey = two_sellers
    order = place(buyer, vietnam, [(tea, 3), (honey, 2)], "vnpay")
    assert (stock(tea).num_allocated, stock(honey).num_allocated) == (3, 2)
    nxt = checkout.start_order_payment(order=order, method="vnpay", base_url=live_server.url)
    client.get(nxt.redirect_url)
    # Buyer presses Cancel at VNPay (code 24): the IPN reports the failure.
    client.post(reverse("vnpay:sim-decide"), {"vnp_TxnRef": nxt.reference, "action": "cancel"})

    assert PaymentAttempt.objects.get(reference=nxt.reference).status == AttemptStatus.FAILED
    order.refresh_from_db()
    assert order.status == checkout.OrderStatus.PAYMENT_FAILED
    assert (stock(tea).num_allocated, stock(honey).num_allocated) == (0, 0)
    assert set(FulfilmentGroup.objects.filter(order=order).values_list("status", flat=True)) == {"cancelled"}


@pytest.mark.django_db
def test_unpaid_attempt_expires_releases_stock_once_and_late_payment_revives_the_order(
    client, buyer, vietnam, two_sellers
):
    tea, honey = two_sellers
    order = place(buyer, vietnam, [(tea, 4), (honey, 1)], "vnpay")
    nxt = checkout.start_order_payment(order=order, method="vnpay", base_url="http://testserver")
    client.get(nxt.redirect_url)  # the buyer opened VNPay's page and walked away

    later = (timezone.now() + datetime.timedelta(minutes=16)).isoformat()
    first = tasks.expire_unpaid_attempts(later)
    again = tasks.expire_unpaid_attempts(later)

    assert first["expired"] == 1 and "expired" not in again  # idempotent
    order.refresh_from_db()
    assert order.status == checkout.OrderStatus.PAYMENT_EXPIRED
    assert (stock(tea).num_allocated, stock(honey).num_allocated) == (0, 0)

    # VNPay confirms a payment made before the page closed, after we expired it: stock is still there.
    attempt = PaymentAttempt.objects.get(reference=nxt.reference)
    result = services.ProviderResult(
        reference=attempt.reference,
        event_key=f"{attempt.reference}:999:00",
        succeeded=True,
        amount=attempt.amount,
        provider_transaction_id="999",
    )
    assert services.apply_provider_result(provider="vnpay", result=result) == "late_success"
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.status == checkout.OrderStatus.PLACED and attempt.status == AttemptStatus.SUCCEEDED
    assert (stock(tea).num_allocated, stock(honey).num_allocated) == (4, 1)
    assert set(FulfilmentGroup.objects.filter(order=order).values_list("status", flat=True)) == {"to_confirm"}


@pytest.mark.django_db
def test_late_payment_when_stock_is_gone_is_never_oversold_and_goes_to_refund(buyer, vietnam, two_sellers):
    from tests.checkout.conftest import make_buyer

    tea, honey = two_sellers
    order = place(buyer, vietnam, [(honey, 5)], "vnpay")
    nxt = checkout.start_order_payment(order=order, method="vnpay", base_url="http://testserver")
    tasks.expire_unpaid_attempts((timezone.now() + datetime.timedelta(minutes=16)).isoformat())
    other = place(make_buyer("other"), vietnam, [(honey, 5)], "cod")  # someone else takes all the honey
    assert other.status == checkout.OrderStatus.PLACED

    attempt = PaymentAttempt.objects.get(reference=nxt.reference)
    result = services.ProviderResult(
        reference=attempt.reference,
        event_key=f"{attempt.reference}:777:00",
        succeeded=True,
        amount=attempt.amount,
        provider_transaction_id="777",
    )
    assert services.apply_provider_result(provider="vnpay", result=result) == "late_success"

    order.refresh_from_db()
    attempt.refresh_from_db()
    honey_stock = stock(honey)
    assert honey_stock.num_allocated == 5 and honey_stock.num_in_stock == 5  # not oversold
    # The simulator never saw this payment, so VNPay refuses the refund: staff must refund.
    assert order.status == checkout.OrderStatus.REFUND_DUE
    assert attempt.status == AttemptStatus.NEEDS_REVIEW
    assert PaymentEvent.objects.filter(order=order, event_type__name="Refund due").exists()


@pytest.mark.django_db
def test_cancelling_before_shipping_releases_stock(buyer, vietnam, two_sellers):
    tea, honey = two_sellers
    order = place(buyer, vietnam, [(tea, 2), (honey, 2)], "cod")
    assert stock(honey).num_allocated == 2

    checkout.cancel_order(order=order, actor="buyer", reason="Đặt nhầm")
    checkout.cancel_order(order=order, actor="buyer", reason="Đặt nhầm")  # twice: released once

    order.refresh_from_db()
    assert order.status == checkout.OrderStatus.CANCELLED
    assert (stock(tea).num_allocated, stock(honey).num_allocated) == (0, 0)
    assert set(FulfilmentGroup.objects.filter(order=order).values_list("status", flat=True)) == {"cancelled"}


@pytest.mark.django_db
def test_a_shipped_order_cannot_be_cancelled(buyer, vietnam, two_sellers):
    tea, honey = two_sellers
    order = place(buyer, vietnam, [(tea, 1), (honey, 1)], "cod")
    FulfilmentGroup.objects.filter(order=order, partner=tea.producer).update(status="shipped")
    with pytest.raises(checkout.CannotCancel):
        checkout.cancel_order(order=order, actor="buyer", reason="x")
    assert stock(honey).num_allocated == 1


@pytest.mark.django_db
def test_buying_more_than_is_left_is_refused_and_reserves_nothing(buyer, vietnam, two_sellers):
    tea, honey = two_sellers
    basket = basket_of(buyer, (tea, 2))
    basket.add_product(honey, 1)
    honey_stock = stock(honey)
    honey_stock.num_in_stock = 0
    honey_stock.save()
    with pytest.raises(checkout.OutOfStock, match="Mật ong"):
        checkout.place_order(basket=basket, user=buyer, shipping_address=address(vietnam), payment_method="cod")
    assert stock(tea).num_allocated in (0, None) and not Order.objects.exists()
