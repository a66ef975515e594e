"""The signed payment URL and callback verification, checked against an independent HMAC-SHA512."""

import datetime
import hashlib
import hmac
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest

from payments.gateways.base import InvalidSignature, PaymentRequest
from payments.gateways.vnpay.client import VNPayGateway

SECRET = "sim-vnpay-secret"
SANDBOX = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"


def gateway():
    return VNPayGateway(tmn_code="SIMTMN01", hash_secret=SECRET, payment_url=SANDBOX, api_url="")


def test_payment_url_carries_every_required_field_signed_with_hmac_sha512():
    request = PaymentRequest(
        reference="DH100023T0A1B2C3D4E",
        amount=Decimal("150000"),
        description="Thanh toán đơn hàng 100023 (mật ong)",
        return_url="http://shop.test/payments/vnpay/return/",
        notify_url="http://shop.test/payments/vnpay/ipn/",
        client_ip="113.161.1.2",
        expires_at=datetime.datetime(2026, 1, 15, 3, 15, tzinfo=datetime.UTC),  # 10:15 in Hanoi
    )
    url = gateway().start(request).redirect_url

    expected_query = (
        "vnp_Amount=15000000&vnp_Command=pay&vnp_CreateDate=20260115100000&vnp_CurrCode=VND"
        "&vnp_ExpireDate=20260115101500&vnp_IpAddr=113.161.1.2&vnp_Locale=vn"
        "&vnp_OrderInfo=Thanh+toan+don+hang+100023+mat+ong&vnp_OrderType=other"
        "&vnp_ReturnUrl=http%3A%2F%2Fshop.test%2Fpayments%2Fvnpay%2Freturn%2F&vnp_TmnCode=SIMTMN01"
        "&vnp_TxnRef=DH100023T0A1B2C3D4E&vnp_Version=2.1.0"
    )
    expected_hash = hmac.new(SECRET.encode(), expected_query.encode(), hashlib.sha512).hexdigest()
    assert url == f"{SANDBOX}?{expected_query}&vnp_SecureHash={expected_hash}"
    assert len(expected_hash) == 128
    assert "vnp_SecureHashType" not in url


def callback(**overrides):
    params = {
        "vnp_Amount": "15000000",
        "vnp_BankCode": "NCB",
        "vnp_OrderInfo": "Thanh toan don hang 100023",
        "vnp_PayDate": "20260115100512",
        "vnp_ResponseCode": "00",
        "vnp_TmnCode": "SIMTMN01",
        "vnp_TransactionNo": "14012345",
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": "DH100023T0A1B2C3D4E",
    }
    params.update(overrides)
    query = "&".join(f"{k}={v.replace(' ', '+')}" for k, v in sorted(params.items()) if v)
    params["vnp_SecureHash"] = hmac.new(SECRET.encode(), query.encode(), hashlib.sha512).hexdigest()
    return params


def test_verified_callback_gives_amount_in_vnd_and_one_event_key():
    result = gateway().verify_callback(callback())
    assert result.succeeded and result.amount == Decimal("150000")
    assert result.event_key == "DH100023T0A1B2C3D4E:14012345:00"
    assert result.provider_transaction_id == "14012345"


def test_hash_type_field_is_not_part_of_the_signature():
    params = callback()
    params["vnp_SecureHashType"] = "HmacSHA512"
    assert gateway().verify_callback(params).succeeded


def test_forged_or_changed_callback_is_refused():
    params = callback()
    params["vnp_Amount"] = "1500000"
    with pytest.raises(InvalidSignature):
        gateway().verify_callback(params)
    with pytest.raises(InvalidSignature):
        gateway().verify_callback({**callback(), "vnp_SecureHash": "ab" * 64})
    with pytest.raises(InvalidSignature):
        gateway().verify_callback({k: v for k, v in callback().items() if k != "vnp_SecureHash"})


def test_cancelled_payment_is_a_failure():
    result = gateway().verify_callback(
        callback(vnp_ResponseCode="24", vnp_TransactionStatus="02", vnp_TransactionNo="0")
    )
    assert not result.succeeded and result.code == "24"
    assert result.event_key == "DH100023T0A1B2C3D4E:0:24"


def test_query_string_round_trips_through_parsing():
    request = PaymentRequest(
        reference="R1", amount=Decimal("10000"), description="x", return_url="http://a.test/r/", notify_url=""
    )
    url = gateway().start(request, now=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)).redirect_url
    params = dict(parse_qsl(urlsplit(url).query))
    assert params["vnp_Amount"] == "1000000" and params["vnp_CreateDate"] == "20260101070000"
    assert params["vnp_ExpireDate"] == "20260101071500"
