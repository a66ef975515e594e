"""Stripe-Signature checks: only the raw body signed with our secret, within the tolerance, is read."""

import hashlib
import hmac
import json

import pytest

from payments.gateways.base import InvalidSignature
from payments.gateways.stripe.client import StripeGateway, UnhandledEvent
from payments.gateways.stripe.wire import decode_form, encode_form, signature_header

SECRET = "whsec_test_secret"
NOW = 1_750_000_000


def event(amount=435000, kind="payment_intent.succeeded", currency="vnd"):
    return {
        "id": "evt_1",
        "object": "event",
        "created": NOW - 5,
        "type": kind,
        "data": {
            "object": {
                "id": "pi_abc",
                "object": "payment_intent",
                "amount": amount,
                "amount_received": amount,
                "currency": currency,
                "status": "succeeded",
                "metadata": {"reference": "100042TABC"},
            }
        },
    }


def body(payload=None) -> bytes:
    return json.dumps(payload or event()).encode()


def gateway(tolerance=300, now=NOW, secret=SECRET):
    def no_network(*args):
        raise AssertionError("verifying a payment_intent event needs no API call")

    return StripeGateway(
        webhook_secret=secret,
        api_base="https://api.stripe.test",
        tolerance=tolerance,
        transport=no_network,
        clock=lambda: now,
    )


def verify(payload: bytes, header: str, **kwargs):
    return gateway(**kwargs).verify_callback({"payload": payload, "signature": header})


def test_a_good_signature_is_hmac_sha256_of_timestamp_dot_raw_body_and_reads_the_event():
    payload = body()
    expected = hmac.new(SECRET.encode(), f"{NOW}.".encode() + payload, hashlib.sha256).hexdigest()
    header = signature_header(payload, SECRET, NOW)
    assert header == f"t={NOW},v1={expected}"

    result = verify(payload, header)
    assert result.reference == "100042TABC" and result.succeeded and result.amount == 435000  # whole dong, not x100
    assert result.event_key == "evt_1" and result.provider_transaction_id == "pi_abc"
    assert gateway().occurred_at(result).timestamp() == NOW - 5


def test_forged_signature_is_refused():
    payload = body()
    with pytest.raises(InvalidSignature):
        verify(payload, f"t={NOW},v1={'0' * 64}")
    with pytest.raises(InvalidSignature):
        verify(payload, signature_header(payload, "whsec_someone_else", NOW))
    with pytest.raises(InvalidSignature):
        verify(payload, "")
    with pytest.raises(InvalidSignature):
        verify(payload, signature_header(payload, SECRET, NOW).replace(f"t={NOW},", ""))  # no timestamp


def test_a_valid_signature_over_a_changed_amount_is_refused():
    payload = body()
    header = signature_header(payload, SECRET, NOW)
    tampered = payload.replace(b'"amount": 435000', b'"amount": 1000').replace(
        b'"amount_received": 435000', b'"amount_received": 1000'
    )
    assert tampered != payload
    with pytest.raises(InvalidSignature):
        verify(tampered, header)
    with pytest.raises(InvalidSignature):  # the same JSON re-serialised is not the signed body either
        verify(json.dumps(json.loads(payload), indent=1).encode(), header)


def test_a_signature_older_than_the_tolerance_is_refused_and_the_tolerance_is_configurable():
    payload = body()
    assert verify(payload, signature_header(payload, SECRET, NOW - 300)).succeeded  # at the edge: accepted
    with pytest.raises(InvalidSignature, match="tolerance"):
        verify(payload, signature_header(payload, SECRET, NOW - 301))
    assert verify(payload, signature_header(payload, SECRET, NOW - 301), tolerance=600).succeeded


def test_a_timestamp_from_the_future_beyond_the_tolerance_is_refused():
    payload = body()
    assert verify(payload, signature_header(payload, SECRET, NOW + 300)).succeeded
    with pytest.raises(InvalidSignature, match="tolerance"):
        verify(payload, signature_header(payload, SECRET, NOW + 301))


def test_any_of_several_v1_signatures_may_match_but_v0_does_not_count():
    payload = body()
    good = signature_header(payload, SECRET, NOW).split("v1=")[1]
    old = signature_header(payload, "whsec_old_secret", NOW).split("v1=")[1]
    assert verify(payload, f"t={NOW},v1={old},v1={good}").succeeded  # secret being rolled
    assert verify(payload, f"t={NOW}, v1={good}, v0={old}").succeeded
    with pytest.raises(InvalidSignature):
        verify(payload, f"t={NOW},v0={good}")
    with pytest.raises(InvalidSignature):
        verify(payload, f"t={NOW},v1={old},v1={old[::-1]}")


def test_without_a_webhook_secret_against_real_stripe_every_webhook_is_refused(settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    payload = body()
    real = StripeGateway(api_base="https://api.stripe.test", clock=lambda: NOW)
    with pytest.raises(InvalidSignature):
        real.verify_callback({"payload": payload, "signature": signature_header(payload, "", NOW)})


def test_failed_events_are_failures_and_other_types_are_acknowledged_but_not_applied():
    failed = event(kind="payment_intent.payment_failed")
    failed["data"]["object"]["last_payment_error"] = {"code": "card_declined", "decline_code": "insufficient_funds"}
    result = verify(body(failed), signature_header(body(failed), SECRET, NOW))
    assert not result.succeeded and result.code == "insufficient_funds"

    other = event(kind="customer.created")
    with pytest.raises(UnhandledEvent):
        verify(body(other), signature_header(body(other), SECRET, NOW))
    usd = event(currency="usd")  # never ours: zero cannot match an attempt, so it would go to review
    assert verify(body(usd), signature_header(body(usd), SECRET, NOW)).amount == 0


def test_form_bodies_use_stripe_bracket_notation():
    pairs = encode_form(
        {
            "amount": 150000,
            "metadata": {"reference": "R1"},
            "payment_method_types": ["card"],
            "confirm": False,
            "description": None,
        }
    )
    assert pairs == [
        ("amount", "150000"),
        ("metadata[reference]", "R1"),
        ("payment_method_types[0]", "card"),
        ("confirm", "false"),
    ]
    assert decode_form("amount=150000&metadata%5Breference%5D=R1&payment_method_types%5B0%5D=card&expand[]=x") == {
        "amount": "150000",
        "metadata": {"reference": "R1"},
        "payment_method_types": ["card"],
        "expand": ["x"],
    }
