"""Card payments through the local Stripe: idempotent creates, webhooks applied once, refunds, queries."""

import datetime
import json
import socket
import threading
import time
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from payments import tasks
from payments.checkout import services as checkout
from payments.gateways.base import PaymentRequest, ProviderUnavailable
from payments.gateways.stripe import simulator
from payments.gateways.stripe.client import SIM_WEBHOOK_SECRET, StripeGateway, StripeRejected
from payments.gateways.stripe.wire import signature_header
from payments.models import AttemptStatus, PaymentAttempt, ProviderEvent
from payments.services import RefundProviderUnavailable, RefundRefused, refund_attempt
from tests.checkout.conftest import address, basket_of, stock

pytestmark = pytest.mark.django_db

PaymentEvent = get_model("order", "PaymentEvent")
TOTAL = Decimal("555000")  # 2 tea (240 000) + 1 honey (250 000) + shipping 30 000 + 35 000


def card_order(buyer, vietnam, two_sellers):
    tea, honey = two_sellers
    basket = basket_of(buyer, (tea, 2), (honey, 1))
    order = checkout.place_order(basket=basket, user=buyer, shipping_address=address(vietnam), payment_method="card")
    nxt = checkout.start_order_payment(order=order, method="card", base_url="http://testserver")
    return order, nxt, PaymentAttempt.objects.get(reference=nxt.reference)


def pay(client, redirect_url, card="4242 4242 4242 4242"):
    page = urlsplit(redirect_url)
    return client.post(page.path, {**dict(parse_qsl(page.query)), "card_number": card})


def intent_event(attempt, *, amount=None, kind="payment_intent.succeeded", event_id="evt_test_1"):
    amount = int(attempt.amount if amount is None else amount)
    intent = {
        "id": "pi_test1",
        "object": "payment_intent",
        "amount": amount,
        "amount_received": amount,
        "currency": "vnd",
        "status": "succeeded",
        "metadata": {"reference": attempt.reference},
    }
    return {"id": event_id, "object": "event", "type": kind, "created": int(time.time()), "data": {"object": intent}}


def post_event(client, event, *, at=None, secret=SIM_WEBHOOK_SECRET, body=None):
    raw = body or json.dumps(event).encode()
    header = signature_header(json.dumps(event).encode(), secret, int(time.time()) if at is None else at)
    return client.post(
        reverse("stripe:webhook"), data=raw, content_type="application/json", headers={"Stripe-Signature": header}
    )


def snapshot(order, attempt):
    order.refresh_from_db()
    attempt.refresh_from_db()
    return (
        order.status,
        attempt.status,
        ProviderEvent.objects.count(),
        PaymentEvent.objects.filter(order=order).count(),
    )


# --- creating the PaymentIntent --------------------------------------------------------------------
class Recorder:
    """The simulator's transport, remembering what the client sent."""

    def __init__(self):
        self.calls = []

    def __call__(self, method, url, body, headers, timeout):
        self.calls.append({"method": method, "url": url, "body": dict(parse_qsl(body)), "headers": dict(headers)})
        return simulator.local_transport(method, url, body, headers, timeout)


def request(reference="100042TABC", amount="150000"):
    return PaymentRequest(
        reference=reference,
        amount=Decimal(amount),
        description="Thanh toan don hang 100042",
        return_url="http://testserver/payments/stripe/return/",
        notify_url="",
    )


def test_create_sends_whole_dong_in_vnd_with_our_reference_and_an_idempotency_key():
    recorder = Recorder()
    start = StripeGateway(transport=recorder).start(request())
    sent = recorder.calls[0]
    assert (sent["method"], sent["url"]) == ("POST", "/v1/payment_intents")
    assert sent["body"]["amount"] == "150000" and sent["body"]["currency"] == "vnd"  # zero-decimal: not 15000000
    assert sent["body"]["metadata[reference]"] == "100042TABC"
    assert sent["headers"]["Idempotency-Key"] == "pi-create-100042TABC"
    assert sent["headers"]["Authorization"] == "Bearer sk_test_simulator"
    intent = simulator.load_intent(start.provider_reference)
    assert intent["amount"] == 150000 and intent["status"] == "requires_payment_method"
    assert urlsplit(start.redirect_url).path == reverse("stripe:sim-pay", args=[intent["id"]])


def test_a_retried_create_returns_the_same_intent_even_when_the_first_answer_was_lost():
    gateway = StripeGateway()
    simulator.set_behaviour("create", "timeout_after")  # Stripe created it; we never heard back
    with pytest.raises(ProviderUnavailable):
        gateway.start(request())
    simulator.set_behaviour("create", None)
    first, again = gateway.start(request()), gateway.start(request())
    assert first.provider_reference == again.provider_reference
    found = gateway._request("GET", "/v1/payment_intents/search", {"query": "metadata['reference']:'100042TABC'"})
    assert [intent["id"] for intent in found["data"]] == [first.provider_reference]
    # The same key with other parameters is Stripe's idempotency error, not a second intent.
    with pytest.raises(StripeRejected) as refused:
        gateway.start(request(amount="160000"))
    assert refused.value.status == 400 and refused.value.type == "idempotency_error"


def test_the_simulated_api_over_http_answers_in_stripes_shapes(client):
    url = reverse("stripe:sim-api", args=["payment_intents"])
    form = "amount=150000&currency=vnd&metadata[reference]=R1"
    refused = client.post(url, data=form, content_type="application/x-www-form-urlencoded")
    assert refused.status_code == 401 and refused.json()["error"]["type"] == "invalid_request_error"
    auth = {"Authorization": "Bearer sk_test_simulator"}
    created = client.post(url, data=form, content_type="application/x-www-form-urlencoded", headers=auth)
    intent = created.json()
    assert created.status_code == 200 and intent["object"] == "payment_intent" and intent["id"].startswith("pi_")
    assert (intent["amount"], intent["currency"], intent["metadata"]) == (150000, "vnd", {"reference": "R1"})
    assert intent["client_secret"].startswith(intent["id"] + "_secret_")
    missing = client.get(reverse("stripe:sim-api", args=["payment_intents/pi_nope"]), headers=auth)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "resource_missing"
    bad = client.post(url, data="currency=vnd", content_type="application/x-www-form-urlencoded", headers=auth)
    assert bad.status_code == 400 and bad.json()["error"] == {
        "type": "invalid_request_error",
        "code": "parameter_missing",
        "param": "amount",
        "message": "Missing required param: amount.",
    }


# --- webhooks --------------------------------------------------------------------------------------
def test_the_same_webhook_delivered_100_times_pays_the_order_once(client, buyer, vietnam, two_sellers):
    order, _nxt, attempt = card_order(buyer, vietnam, two_sellers)
    assert attempt.amount == order.total_incl_tax == TOTAL
    event = intent_event(attempt)
    answers = {post_event(client, event).status_code for _ in range(100)}

    assert answers == {200}
    assert snapshot(order, attempt) == (checkout.OrderStatus.PLACED, AttemptStatus.SUCCEEDED, 1, 1)
    assert ProviderEvent.objects.get().event_key == "evt_test_1" and attempt.provider_transaction_id == "pi_test1"
    assert PaymentEvent.objects.get(order=order).event_type.name == "Paid"
    assert order.sources.get().amount_debited == TOTAL
    assert stock(two_sellers[0]).num_allocated == 2


def test_forged_changed_stale_or_future_webhooks_get_400_and_change_nothing(client, buyer, vietnam, two_sellers):
    order, _nxt, attempt = card_order(buyer, vietnam, two_sellers)
    before = snapshot(order, attempt)
    event = intent_event(attempt)
    changed = json.dumps(intent_event(attempt, amount=1000)).encode()
    now = int(time.time())

    assert post_event(client, event, secret="whsec_forged").status_code == 400
    assert post_event(client, event, body=changed).status_code == 400  # signed body, amount changed after
    assert post_event(client, event, at=now - 400).status_code == 400  # older than the tolerance: a replay
    assert post_event(client, event, at=now + 400).status_code == 400
    no_header = client.post(reverse("stripe:webhook"), data=json.dumps(event), content_type="application/json")
    assert no_header.status_code == 400
    assert snapshot(order, attempt) == before and before[1] == AttemptStatus.PENDING


def test_tolerance_comes_from_settings(client, settings, buyer, vietnam, two_sellers):
    settings.STRIPE_WEBHOOK_TOLERANCE = 3600
    order, _nxt, attempt = card_order(buyer, vietnam, two_sellers)
    assert post_event(client, intent_event(attempt), at=int(time.time()) - 1800).status_code == 200
    assert snapshot(order, attempt)[:2] == (checkout.OrderStatus.PLACED, AttemptStatus.SUCCEEDED)


def test_a_genuine_event_with_another_amount_goes_to_review_and_is_not_credited(client, buyer, vietnam, two_sellers):
    order, _nxt, attempt = card_order(buyer, vietnam, two_sellers)
    answer = post_event(client, intent_event(attempt, amount=1000))
    assert answer.status_code == 200 and answer.json()["outcome"] == "amount_mismatch"
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.NEEDS_REVIEW and order.status == checkout.OrderStatus.AWAITING_PAYMENT
    assert not order.sources.exists()


def test_an_event_for_an_unknown_reference_is_acknowledged_and_changes_nothing(client, buyer, vietnam, two_sellers):
    order, _nxt, attempt = card_order(buyer, vietnam, two_sellers)
    before = snapshot(order, attempt)
    stranger = intent_event(attempt)
    stranger["data"]["object"]["metadata"] = {"reference": "SOMEONEELSE1"}
    answer = post_event(client, stranger)
    assert answer.status_code == 200 and answer.json()["outcome"] == "unknown_reference"
    ignored = post_event(client, {**intent_event(attempt), "type": "customer.created", "id": "evt_2"})
    assert ignored.status_code == 200 and ignored.json()["ignored"] == "customer.created"
    assert snapshot(order, attempt) == before


# --- paying on the card page, refunds --------------------------------------------------------------
def paid_card_order(client, buyer, vietnam, two_sellers):
    order, nxt, attempt = card_order(buyer, vietnam, two_sellers)
    back = pay(client, nxt.redirect_url)
    assert back.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED and attempt.provider_transaction_id.startswith("pi_")
    return order, attempt


def test_partial_then_full_refund_through_stripe(
    client, buyer, vietnam, two_sellers, django_capture_on_commit_callbacks
):
    order, attempt = paid_card_order(client, buyer, vietnam, two_sellers)
    charge_id = simulator.load_intent(attempt.provider_transaction_id)["latest_charge"]

    with django_capture_on_commit_callbacks(execute=True):
        refund_attempt(attempt=attempt, amount=Decimal(100000), reason="het hang", actor="staff")
    assert (attempt.status, attempt.amount_refunded) == (AttemptStatus.PARTIALLY_REFUNDED, 100000)
    assert simulator.load_charge(charge_id)["amount_refunded"] == 100000
    # Stripe's charge.refunded for our own refund reached the webhook and changed nothing more.
    refunded_event = simulator.deliveries()[-1]
    assert refunded_event["event"]["type"] == "charge.refunded" and refunded_event["statuses"] == [200]
    assert ProviderEvent.objects.get(event_key=refunded_event["event"]["id"]).outcome == "already_confirmed"

    with django_capture_on_commit_callbacks(execute=True):
        refund_attempt(attempt=attempt, amount=TOTAL - 100000, reason="huy don", actor="staff")
    assert (attempt.status, attempt.amount_refunded) == (AttemptStatus.REFUNDED, TOTAL)
    assert simulator.load_charge(charge_id)["refunded"] is True
    assert PaymentEvent.objects.filter(order=order, event_type__name="Refunded").count() == 2
    with pytest.raises(RefundRefused):
        refund_attempt(attempt=attempt, amount=Decimal(1), reason="x", actor="staff")


@pytest.fixture
def silent_server():
    """A Stripe host that accepts the connection and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    threading.Thread(target=server.accept, daemon=True).start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()


def test_refund_when_stripe_times_out_is_a_clear_error_and_changes_nothing(
    client, buyer, vietnam, two_sellers, silent_server, monkeypatch
):
    order, attempt = paid_card_order(client, buyer, vietnam, two_sellers)
    before = (
        snapshot(order, attempt),
        simulator.load_charge(simulator.load_intent(attempt.provider_transaction_id)["latest_charge"])[
            "amount_refunded"
        ],
    )

    simulator.set_behaviour("refund", "timeout")  # the transport raises ProviderUnavailable
    with pytest.raises(RefundProviderUnavailable):
        refund_attempt(attempt=attempt, amount=Decimal(50000), reason="x", actor="staff")
    monkeypatch.setattr("payments.gateways.stripe.client.API_TIMEOUT", 0.3)
    with pytest.raises(RefundProviderUnavailable):  # a real HTTP request that never gets an answer
        refund_attempt(
            attempt=attempt,
            amount=Decimal(50000),
            reason="x",
            actor="staff",
            gateway=StripeGateway(api_base=silent_server, secret_key="sk_test_x"),
        )

    attempt.refresh_from_db()
    assert (attempt.status, attempt.amount_refunded) == (AttemptStatus.SUCCEEDED, 0)
    assert (
        snapshot(order, attempt),
        simulator.load_charge(simulator.load_intent(attempt.provider_transaction_id)["latest_charge"])[
            "amount_refunded"
        ],
    ) == before


def test_a_refund_whose_answer_was_lost_is_not_refunded_twice_when_retried(client, buyer, vietnam, two_sellers):
    order, attempt = paid_card_order(client, buyer, vietnam, two_sellers)
    charge_id = simulator.load_intent(attempt.provider_transaction_id)["latest_charge"]
    simulator.set_behaviour("refund", "timeout_after")  # Stripe refunded; the answer never came
    with pytest.raises(RefundProviderUnavailable):
        refund_attempt(attempt=attempt, amount=Decimal(50000), reason="x", actor="staff")
    attempt.refresh_from_db()
    assert attempt.amount_refunded == 0 and simulator.load_charge(charge_id)["amount_refunded"] == 50000

    simulator.set_behaviour("refund", None)
    refund_attempt(attempt=attempt, amount=Decimal(50000), reason="x", actor="staff")  # same key: saved answer
    assert attempt.amount_refunded == 50000 and simulator.load_charge(charge_id)["amount_refunded"] == 50000
    refund_attempt(attempt=attempt, amount=Decimal(50000), reason="again", actor="staff")  # a new refund
    assert attempt.amount_refunded == 100000 and simulator.load_charge(charge_id)["amount_refunded"] == 100000


# --- when the webhook never comes, and the buyer's return page -------------------------------------
def test_a_payment_whose_webhook_was_lost_is_found_by_query_and_an_unpaid_one_expires(buyer, vietnam, two_sellers):
    order, nxt, attempt = card_order(buyer, vietnam, two_sellers)
    secret = dict(parse_qsl(urlsplit(nxt.redirect_url).query))["client_secret"]
    # The webhook endpoint refuses connections: every try fails, as if our site were down.
    assert (
        simulator.pay(
            attempt_intent(attempt),
            client_secret=secret,
            card_number="4242424242424242",
            return_url="http://127.0.0.1:9/payments/stripe/return/",
            request_host="testserver",
        )
        == "succeeded"
    )
    assert simulator.deliveries()[0]["statuses"] == [0, 0, 0]
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING

    from tests.checkout.conftest import make_buyer

    unpaid_order, _unpaid_nxt, unpaid = card_order(make_buyer("other"), vietnam, two_sellers)

    def later(minutes):
        return (timezone.now() + datetime.timedelta(minutes=minutes)).isoformat()

    # The beat asks Stripe about attempts whose webhook has not come after 5 minutes.
    assert tasks.query_missing_callbacks(later(6)) == {"succeeded": 1, "still_pending": 1}
    attempt.refresh_from_db()
    order.refresh_from_db()
    # Paid within the attempt's lifetime (the charge's time), so not late.
    assert attempt.status == AttemptStatus.SUCCEEDED and order.status == checkout.OrderStatus.PLACED
    # A card attempt holds the stock for 30 minutes; then the expiry task asks once more and expires it.
    assert "expired" not in tasks.expire_unpaid_attempts(later(16))
    assert tasks.expire_unpaid_attempts(later(31))["expired"] == 1
    unpaid.refresh_from_db()
    unpaid_order.refresh_from_db()
    assert unpaid.status == AttemptStatus.EXPIRED and unpaid_order.status == checkout.OrderStatus.PAYMENT_EXPIRED


def attempt_intent(attempt) -> str:
    gateway = StripeGateway()
    found = gateway._request(
        "GET", "/v1/payment_intents/search", {"query": f"metadata['reference']:'{attempt.reference}'"}
    )
    return found["data"][0]["id"]


def test_the_return_page_shows_the_status_to_the_card_holder_and_changes_nothing(client, buyer, vietnam, two_sellers):
    order, nxt, attempt = card_order(buyer, vietnam, two_sellers)
    order_link = f'href="/accounts/orders/{order.number}/"'
    intent = simulator.load_intent(attempt_intent(attempt))
    target = urlsplit(simulator.return_target(intent, "http://testserver/payments/stripe/return/"))
    params = dict(parse_qsl(target.query))

    before = snapshot(order, attempt)
    page = client.get(target.path, params).content.decode()
    assert order_link in page and snapshot(order, attempt) == before  # the buyer came back before paying

    forged = client.get(target.path, {**params, "payment_intent_client_secret": "pi_x_secret_guess"}).content.decode()
    assert order_link not in forged
    assert order_link not in client.get(target.path, {"payment_intent": "../../v1/refunds"}).content.decode()

    back = pay(client, nxt.redirect_url)
    assert urlsplit(back["Location"]).path == reverse("stripe:return")
    assert dict(parse_qsl(urlsplit(back["Location"]).query))["redirect_status"] == "succeeded"
    paid = snapshot(order, attempt)
    assert order_link in client.get(back["Location"]).content.decode() and snapshot(order, attempt) == paid
