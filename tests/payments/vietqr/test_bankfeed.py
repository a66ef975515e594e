"""Buyers pay by bank transfer; the bank feed tells us, and only exact transfers pay an order."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from payments.gateways.vietqr import bankfeed, simulator
from payments.gateways.vietqr.client import VietQRGateway
from payments.models import AttemptStatus, ProviderEvent
from payments.services import start_payment

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.payments.vietqr.urls")]


@pytest.fixture(autouse=True)
def _no_retry_waits(monkeypatch):
    monkeypatch.setattr(simulator, "RETRY_DELAYS", (0, 0, 0))


@pytest.fixture
def attempt():
    attempt, start = start_payment(
        order_number="100023",
        amount=Decimal("250000"),
        method="vietqr",
        return_url="http://testserver/",
        gateway=VietQRGateway(),
    )
    assert start.provider_reference == "OCOP" + attempt.reference
    return attempt


def _post(client, data, *, secret=None, signature=None):
    body = json.dumps(data, ensure_ascii=False).encode()
    header = signature if signature is not None else bankfeed.sign(body, secret)
    return client.post(
        reverse("vietqr:bankfeed-webhook"),
        data=body,
        content_type="application/json",
        headers={bankfeed.SIGNATURE_HEADER: header},
    )


def _transfer(transfer_id, amount, memo):
    return {
        "id": transfer_id,
        "gateway": "Vietcombank",
        "transactionDate": "2026-11-21 10:00:00",
        "accountNumber": "0011001234567",
        "code": None,
        "content": memo,
        "transferType": "in",
        "transferAmount": amount,
        "referenceCode": f"FT{transfer_id}",
    }


def test_forged_bank_feed_signature_is_refused_and_nothing_recorded(client, attempt, caplog):
    response = _post(client, _transfer(9001, 250000, f"OCOP{attempt.reference}"), secret="not-the-secret")
    assert response.status_code == 401
    assert _post(client, _transfer(9001, 250000, "x"), signature="").status_code == 401
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING and not ProviderEvent.objects.exists()
    assert "bad signature" in caplog.text


def test_exact_transfer_pays_once_even_when_delivered_five_times(client, attempt):
    for _ in range(5):
        response = _post(client, _transfer(9002, 250000, f"MBVCB.3344.OCOP{attempt.reference}.CT tu NGUYEN VAN A"))
        assert response.status_code == 200 and response.json()["success"] is True
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED and attempt.provider_transaction_id == "FT9002"
    assert ProviderEvent.objects.filter(provider="vietqr", event_key="9002").count() == 1


@pytest.mark.parametrize("amount", [200000, 300000])
def test_under_and_over_payment_are_flagged_for_staff_never_credited(client, attempt, amount):
    response = _post(client, _transfer(9003, amount, f"OCOP{attempt.reference}"))
    assert response.json()["outcomes"] == ["amount_mismatch"]
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.NEEDS_REVIEW


def test_memo_with_spaces_lower_case_and_diacritics_still_matches(client, attempt):
    ref = attempt.reference.lower()
    memo = f"chuyển tiền  ocop {ref[:4]} {ref[4:]} cảm ơn"
    assert _post(client, _transfer(9004, 250000, memo)).json()["outcomes"] == ["succeeded"]
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED


def test_transfer_with_unknown_memo_is_recorded_as_unmatched_for_staff(client, attempt):
    for _ in range(2):
        assert _post(client, _transfer(9005, 250000, "tra tien rau cho chi Lan")).status_code == 200
    event = ProviderEvent.objects.get(provider="vietqr", event_key="9005")
    assert (
        event.outcome == "unmatched"
        and event.attempt is None
        and event.payload["content"] == "tra tien rau cho chi Lan"
    )
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING


def test_casso_shaped_body_is_read_too(client, attempt):
    body = {
        "error": 0,
        "data": {
            "id": 77,
            "reference": "BANKREF77",
            "description": f"OCOP{attempt.reference}",
            "amount": 250000,
            "accountNumber": "0011001234567",
        },
    }
    assert _post(client, body).json()["outcomes"] == ["succeeded"]


def test_buyer_sees_qr_and_pays_in_the_simulated_bank_app(client, attempt):
    page = client.get(reverse("vietqr:qr-page", args=[attempt.reference]))
    assert page.status_code == 200 and f"OCOP{attempt.reference}".encode() in page.content
    png = client.get(reverse("vietqr:qr-image", args=[attempt.reference, "png"]))
    assert png["Content-Type"] == "image/png"
    response = client.post(reverse("vietqr:bank-app"), {"amount": "250000", "memo": f"OCOP{attempt.reference}"})
    assert response.status_code == 200
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED
    transfer_id = ProviderEvent.objects.get(provider="vietqr").event_key
    client.post(reverse("vietqr:bank-app"), {"resend": transfer_id})  # the feed delivers again
    assert ProviderEvent.objects.filter(provider="vietqr").count() == 1
