"""How long each payment method holds the stock, the beat that settles payments whose IPN never
came, and staff refunding a late payment whose automatic refund did not go through."""

import datetime
import socket
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.order.models import FulfilmentGroup
from payments import services, tasks
from payments.checkout import services as checkout
from payments.gateways.vnpay import simulator
from payments.models import AttemptStatus, PaymentAttempt
from tests.checkout.conftest import make_buyer, stock
from tests.checkout.test_stories import place

PaymentEvent = get_model("order", "PaymentEvent")

pytestmark = pytest.mark.urls("tests.checkout.urls")


def later(minutes):
    return (timezone.now() + datetime.timedelta(minutes=minutes)).isoformat()


def attempt_of(nxt):
    return PaymentAttempt.objects.get(reference=nxt.reference)


@pytest.mark.django_db
def test_each_method_holds_the_stock_for_its_own_lifetime(buyer, vietnam, two_sellers):
    tea, honey = two_sellers
    by_card = place(buyer, vietnam, [(tea, 1)], "vnpay")
    by_transfer = place(buyer, vietnam, [(honey, 1)], "vietqr")
    vnpay = checkout.start_order_payment(order=by_card, method="vnpay", base_url="http://testserver")
    vietqr = checkout.start_order_payment(order=by_transfer, method="vietqr", base_url="http://testserver")

    held = {
        n.method: attempt_of(n).expires_at - attempt_of(n).created_at.replace(microsecond=0) for n in (vnpay, vietqr)
    }
    assert held == {"vnpay": datetime.timedelta(minutes=15), "vietqr": datetime.timedelta(hours=24)}
    # VNPay's own page closes at the same moment our reservation ends.
    sent = dict(parse_qsl(urlsplit(vnpay.redirect_url).query))
    expected_close = timezone.localtime(attempt_of(vnpay).expires_at, datetime.timezone(datetime.timedelta(hours=7)))
    assert sent["vnp_ExpireDate"] == expected_close.strftime("%Y%m%d%H%M%S")

    tasks.expire_unpaid_attempts(later(16))
    assert attempt_of(vnpay).status == AttemptStatus.EXPIRED
    assert attempt_of(vietqr).status == AttemptStatus.PENDING  # a transfer may still come from the bank app
    assert stock(honey).num_allocated == 1 and stock(tea).num_allocated == 0

    tasks.expire_unpaid_attempts(later(24 * 60 + 1))
    assert attempt_of(vietqr).status == AttemptStatus.EXPIRED
    assert stock(honey).num_allocated == 0


@pytest.mark.django_db
def test_lifetimes_are_a_setting(settings, buyer, vietnam, two_sellers):
    settings.PAYMENT_LIFETIMES = {**settings.PAYMENT_LIFETIMES, "vietqr": 90}
    tea, _honey = two_sellers
    order = place(buyer, vietnam, [(tea, 1)], "vietqr")
    nxt = checkout.start_order_payment(order=order, method="vietqr", base_url="http://testserver")
    attempt = attempt_of(nxt)
    assert attempt.expires_at - attempt.created_at.replace(microsecond=0) == datetime.timedelta(minutes=90)


@pytest.mark.django_db
def test_beat_settles_a_payment_whose_ipn_never_came_before_the_stock_expires(client, buyer, vietnam, two_sellers):
    # Nothing commits in this test, so the simulator's IPN (sent after commit) never reaches us.
    tea, honey = two_sellers
    paid_order = place(buyer, vietnam, [(tea, 2)], "vnpay")
    paid = checkout.start_order_payment(order=paid_order, method="vnpay", base_url="http://testserver")
    client.get(paid.redirect_url)
    client.post(reverse("vnpay:sim-decide"), {"vnp_TxnRef": paid.reference, "action": "pay"})
    walked_away = checkout.start_order_payment(
        order=place(buyer, vietnam, [(tea, 1)], "vnpay"), method="vnpay", base_url="http://testserver"
    )
    transfer = checkout.start_order_payment(
        order=place(buyer, vietnam, [(honey, 1)], "vietqr"), method="vietqr", base_url="http://testserver"
    )
    assert attempt_of(paid).status == AttemptStatus.PENDING

    assert tasks.query_missing_callbacks(later(2)) == {}  # too young: its IPN may still come
    counts = tasks.query_missing_callbacks(later(6))

    assert counts == {"succeeded": 1, "still_pending": 1}  # the transfer is not asked about: no query
    assert attempt_of(paid).status == AttemptStatus.SUCCEEDED
    paid_order.refresh_from_db()
    assert paid_order.status == checkout.OrderStatus.PLACED
    assert PaymentEvent.objects.get(order=paid_order, event_type__name="Paid").reference == (
        attempt_of(paid).provider_transaction_id
    )
    assert attempt_of(walked_away).status == attempt_of(transfer).status == AttemptStatus.PENDING
    assert tasks.query_missing_callbacks(later(7)) == {"still_pending": 1}  # settled once


def dead_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/merchant_webapi/api/transaction"


@pytest.mark.django_db
def test_staff_refund_a_late_payment_whose_automatic_refund_timed_out(settings, client, buyer, vietnam, two_sellers):
    _tea, honey = two_sellers
    order = place(buyer, vietnam, [(honey, 5)], "vnpay")
    nxt = checkout.start_order_payment(order=order, method="vnpay", base_url="http://testserver")
    client.get(nxt.redirect_url)
    tasks.expire_unpaid_attempts(later(16))  # VNPay says "not paid yet": the stock goes back
    assert place(make_buyer("other"), vietnam, [(honey, 5)], "cod").status == checkout.OrderStatus.PLACED

    # The buyer pays at VNPay after all; its IPN arrives while VNPay's refund API is down.
    location = client.post(reverse("vnpay:sim-decide"), {"vnp_TxnRef": nxt.reference, "action": "pay"})["Location"]
    settings.VNPAY_API_URL, settings.VNPAY_API_TIMEOUT = dead_url(), 1
    client.get(reverse("vnpay:ipn"), dict(parse_qsl(urlsplit(location).query)))
    order.refresh_from_db()
    assert order.status == checkout.OrderStatus.REFUND_DUE
    assert attempt_of(nxt).status == AttemptStatus.NEEDS_REVIEW
    assert stock(honey).num_allocated == 5  # the other buyer's units, not oversold

    settings.VNPAY_API_URL = ""  # VNPay is back
    staff = get_user_model().objects.create_user(username="ops", email="ops@example.vn", password="pw", is_staff=True)
    client.force_login(staff)
    url = reverse("payments-staff:order", args=[order.number])
    assert nxt.reference in client.get(url).content.decode()  # offered for refund
    client.post(url, {"action": "refund", "reference": nxt.reference, "amount": str(order.total_incl_tax)})

    attempt = attempt_of(nxt)
    assert attempt.status == AttemptStatus.REFUNDED and attempt.amount_refunded == order.total_incl_tax
    assert simulator.get_transaction(nxt.reference)["status"] == "refunded"
    order.refresh_from_db()
    assert order.status == checkout.OrderStatus.CANCELLED
    assert set(FulfilmentGroup.objects.filter(order=order).values_list("status", flat=True)) == {"refunded"}
    assert PaymentEvent.objects.get(order=order, event_type__name="Refunded").amount == order.total_incl_tax
    # Nothing more can be taken back.
    with pytest.raises(services.RefundRefused):
        services.refund_attempt(attempt=attempt, amount=1, reason="again", actor="staff")


@pytest.mark.django_db
def test_a_payment_held_for_a_different_amount_is_not_refunded_through_the_provider(buyer, vietnam, two_sellers):
    tea, _honey = two_sellers
    order = place(buyer, vietnam, [(tea, 1)], "vnpay")
    nxt = checkout.start_order_payment(order=order, method="vnpay", base_url="http://testserver")
    attempt = attempt_of(nxt)
    wrong = services.ProviderResult(
        reference=attempt.reference,
        event_key=f"{attempt.reference}:1:00",
        succeeded=True,
        amount=attempt.amount - 1000,
        provider_transaction_id="1",
    )
    assert services.apply_provider_result(provider="vnpay", result=wrong) == "amount_mismatch"
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.NEEDS_REVIEW
    with pytest.raises(services.RefundRefused):
        services.refund_attempt(attempt=attempt, amount=attempt.amount - 1000, reason="review", actor="staff")
