"""VNPay's IPN and return URL: verified, applied exactly once, answered as VNPay expects."""

import datetime
import hashlib
import hmac
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import include, path, reverse
from django.utils import timezone

from payments import services
from payments.gateways.vnpay.client import vnp_datetime
from payments.models import AttemptStatus, PaymentAttempt, ProviderEvent

SECRET = "sim-vnpay-secret"
urlpatterns = [path("payments/vnpay/", include("payments.gateways.vnpay.urls"))]
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def signed(params: dict) -> dict:
    """Sign callback params the way VNPay does, independently of the code under test."""
    query = urlencode(sorted((k, v) for k, v in params.items() if v))
    return {**params, "vnp_SecureHash": hmac.new(SECRET.encode(), query.encode(), hashlib.sha512).hexdigest()}


def new_attempt(amount="150000") -> PaymentAttempt:
    attempt, _ = services.start_payment(
        order_number="100023",
        amount=Decimal(amount),
        method="vnpay",
        return_url="http://testserver/payments/vnpay/return/",
    )
    return attempt


def callback_for(attempt, *, amount=None, code="00", transaction_no="14012345") -> dict:
    paid_at = vnp_datetime(timezone.now())
    return signed(
        {
            "vnp_Amount": str(int((amount or attempt.amount) * 100)),
            "vnp_BankCode": "NCB",
            "vnp_OrderInfo": "Thanh toan don hang 100023",
            "vnp_PayDate": paid_at,
            "vnp_ResponseCode": code,
            "vnp_TmnCode": "SIMTMN01",
            "vnp_TransactionNo": transaction_no,
            "vnp_TransactionStatus": "00" if code == "00" else "02",
            "vnp_TxnRef": attempt.reference,
        }
    )


def ipn(client, params) -> dict:
    response = client.get(reverse("vnpay:ipn"), params)
    assert response.status_code == 200
    return response.json()


def test_start_creates_a_pending_attempt_that_expires_in_15_minutes():
    attempt = new_attempt()
    assert attempt.status == AttemptStatus.PENDING and attempt.method == "vnpay"
    assert attempt.expires_at - attempt.created_at <= datetime.timedelta(minutes=15)
    assert attempt.expires_at - attempt.created_at > datetime.timedelta(minutes=14, seconds=58)


def test_paid_ipn_marks_the_attempt_succeeded(client):
    attempt = new_attempt()
    assert ipn(client, callback_for(attempt)) == {"RspCode": "00", "Message": "Confirm Success"}
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED and attempt.provider_transaction_id == "14012345"


def test_forged_signature_is_answered_97_and_changes_nothing(client, caplog):
    attempt = new_attempt()
    params = {**callback_for(attempt), "vnp_SecureHash": "0" * 128}
    assert ipn(client, params)["RspCode"] == "97"
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING and not ProviderEvent.objects.exists()
    assert "refused (97)" in caplog.text


def test_valid_signature_over_a_changed_amount_is_answered_97(client):
    attempt = new_attempt()
    params = {**callback_for(attempt), "vnp_Amount": "100"}
    assert ipn(client, params)["RspCode"] == "97"
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING and not ProviderEvent.objects.exists()


def test_signed_callback_with_another_amount_is_answered_04_and_sent_to_review(client):
    attempt = new_attempt()
    assert ipn(client, callback_for(attempt, amount=Decimal("1000")))["RspCode"] == "04"
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.NEEDS_REVIEW
    assert ProviderEvent.objects.get().outcome == "amount_mismatch"


def test_the_same_ipn_replayed_100_times_credits_once(client):
    attempt = new_attempt()
    params = callback_for(attempt)
    codes = [ipn(client, params)["RspCode"] for _ in range(100)]
    assert codes.count("00") == 1 and codes.count("02") == 99
    assert ProviderEvent.objects.filter(attempt=attempt).count() == 1
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED


def test_unknown_reference_is_answered_01(client):
    attempt = new_attempt()
    params = callback_for(attempt)
    params = signed({**{k: v for k, v in params.items() if k != "vnp_SecureHash"}, "vnp_TxnRef": "NOSUCHREF"})
    assert ipn(client, params) == {"RspCode": "01", "Message": "Order not found"}
    assert not ProviderEvent.objects.exists()


def test_cancelled_payment_fails_the_attempt_once(client):
    attempt = new_attempt()
    params = callback_for(attempt, code="24", transaction_no="0")
    assert ipn(client, params)["RspCode"] == "00"
    assert ipn(client, params)["RspCode"] == "02"
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FAILED


def test_success_after_expiry_is_a_late_success_for_review(client):
    attempt = new_attempt()
    PaymentAttempt.objects.filter(pk=attempt.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert ipn(client, callback_for(attempt))["RspCode"] == "00"
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.NEEDS_REVIEW
    assert ProviderEvent.objects.get().outcome == "late_success"


def test_return_url_shows_the_result_and_only_the_ipn_applies_it(client):
    attempt = new_attempt()
    params = callback_for(attempt)
    before = client.get(reverse("vnpay:return"), params)
    assert before.status_code == 200 and attempt.order_number.encode() in before.content
    assert not ProviderEvent.objects.exists()
    assert ipn(client, params)["RspCode"] == "00"
    after = client.get(reverse("vnpay:return"), params)
    assert after.status_code == 200
    assert ipn(client, params)["RspCode"] == "02"
    assert ProviderEvent.objects.filter(attempt=attempt).count() == 1


def test_forged_return_url_is_refused_without_changes(client):
    attempt = new_attempt()
    response = client.get(reverse("vnpay:return"), {**callback_for(attempt), "vnp_ResponseCode": "24"})
    assert response.status_code == 400
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING


def test_paid_hook_runs_once(client, monkeypatch):
    import sys
    import types

    calls = []
    hooks = types.ModuleType("payments.hooks")
    hooks.on_paid = calls.append
    monkeypatch.setitem(sys.modules, "payments.hooks", hooks)
    attempt = new_attempt()
    params = callback_for(attempt)
    for _ in range(3):
        ipn(client, params)
    assert [a.pk for a in calls] == [attempt.pk]
