"""Buyers pay with MoMo through the local MoMo; only verified IPNs change anything, and only once."""

import hashlib
import hmac
import json
import socket
import threading
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

from payments.gateways.base import PaymentRequest, ProviderUnavailable, RefundRequest
from payments.gateways.momo import simulator
from payments.gateways.momo.client import MomoGateway
from payments.models import AttemptStatus, ProviderEvent
from payments.services import RefundProviderUnavailable, refund_attempt, start_payment

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.payments.momo.urls")]


@pytest.fixture(autouse=True)
def _fresh_simulator(monkeypatch):
    cache.clear()
    monkeypatch.setattr(simulator, "RETRY_DELAYS", (0, 0, 0))


def _start(amount="150000"):
    return start_payment(
        order_number="100042",
        amount=Decimal(amount),
        method="momo",
        gateway=MomoGateway(),
        return_url="http://testserver/payments/momo/return/",
        notify_url="http://testserver/payments/momo/ipn/",
    )


def test_create_signature_matches_momo_raw_string_computed_independently():
    gateway = MomoGateway(
        partner_code="MOMOBKUN20180529", access_key="klm05TvNBzhg7h7j", secret_key="at67qH6mk8w5Y1nAyMoYKMWACiEi2bsa"
    )
    request = PaymentRequest(
        reference="MM1540456472575",
        amount=Decimal(150000),
        description="SDK team.",
        return_url="https://momo.vn/return",
        notify_url="https://callback.url/notify",
    )
    body = gateway.create_body(request, request_id="MM1540456472575")
    raw = (
        "accessKey=klm05TvNBzhg7h7j&amount=150000&extraData=&ipnUrl=https://callback.url/notify&orderId=MM1540456472575"
        "&orderInfo=SDK team.&partnerCode=MOMOBKUN20180529&redirectUrl=https://momo.vn/return&requestId=MM1540456472575"
        "&requestType=captureWallet"
    )
    assert body["signature"] == hmac.new(b"at67qH6mk8w5Y1nAyMoYKMWACiEi2bsa", raw.encode(), hashlib.sha256).hexdigest()
    assert "accessKey" not in body and body["requestType"] == "captureWallet"


def _pay(client, start):
    app = client.get(start.redirect_url)
    assert app.status_code == 200 and b'value="pay"' in app.content
    return client.post(start.redirect_url, {"action": "pay"})


def test_buyer_pays_with_momo_through_the_simulator_and_ipn_applies_once(client):
    attempt, start = _start()
    assert urlsplit(start.redirect_url).path == reverse("momo:sim-app", args=[attempt.reference])
    back = _pay(client, start)
    assert back.status_code == 302 and back["Location"].startswith("http://testserver/payments/momo/return/?")
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED and attempt.provider_transaction_id
    order = simulator.load(attempt.reference)
    assert order["ipn_statuses"] == [204]
    # The return page shows the result and changes nothing.
    page = client.get(back["Location"])
    assert b"Payment received" in page.content or "Đã nhận".encode() in page.content
    # Paying twice in the app sends nothing new.
    client.post(start.redirect_url, {"action": "pay"})
    assert ProviderEvent.objects.filter(provider="momo").count() == 1
    assert MomoGateway().query(attempt.reference).succeeded


def test_buyer_cancels_in_momo_and_the_attempt_fails(client):
    attempt, start = _start()
    client.post(start.redirect_url, {"action": "cancel"})
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FAILED


def _signed_ipn(attempt, **changes):
    gateway = MomoGateway()
    ipn = {
        "partnerCode": "SIMMOMO",
        "orderId": attempt.reference,
        "requestId": "r1",
        "amount": int(attempt.amount),
        "orderInfo": "x",
        "orderType": "momo_wallet",
        "transId": 4088878653,
        "resultCode": 0,
        "message": "Successful.",
        "payType": "qr",
        "responseTime": 1721720663942,
        "extraData": "",
    }
    from payments.gateways.momo.client import IPN_FIELDS

    ipn["signature"] = gateway.signature(IPN_FIELDS, ipn)
    ipn.update(changes)
    return ipn


def _post_ipn(client, ipn):
    return client.post(reverse("momo:ipn"), data=json.dumps(ipn), content_type="application/json")


def test_forged_ipn_is_refused_and_nothing_changes(client, caplog):
    attempt, _ = _start()
    assert _post_ipn(client, _signed_ipn(attempt, signature="0" * 64)).status_code == 400
    assert _post_ipn(client, _signed_ipn(attempt, amount=1000)).status_code == 400  # valid signature, changed amount
    assert _post_ipn(client, {"not": "momo"}).status_code == 400
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING and not ProviderEvent.objects.exists()
    assert "MoMo IPN refused" in caplog.text


def test_replayed_ipn_is_applied_once(client):
    attempt, _ = _start()
    ipn = _signed_ipn(attempt)
    for _ in range(20):
        assert _post_ipn(client, ipn).status_code == 204
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED
    assert ProviderEvent.objects.get(provider="momo").event_key == f"{attempt.reference}:4088878653:0"


def test_refund_through_the_simulator(client):
    attempt, start = _start()
    _pay(client, start)
    attempt.refresh_from_db()
    refund_attempt(attempt=attempt, amount=Decimal(50000), reason="het hang", actor="staff", gateway=MomoGateway())
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PARTIALLY_REFUNDED and attempt.amount_refunded == 50000


@pytest.fixture
def silent_server():
    """A MoMo host that accepts the connection and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()


def test_refund_timeout_gives_a_clear_error_and_changes_nothing(client, silent_server, monkeypatch):
    attempt, start = _start()
    _pay(client, start)
    attempt.refresh_from_db()
    monkeypatch.setattr("payments.gateways.momo.client.API_TIMEOUT", 0.3)
    gateway = MomoGateway(endpoint=silent_server)
    with pytest.raises(ProviderUnavailable):
        gateway.refund(
            RefundRequest(
                reference=attempt.reference,
                provider_transaction_id=attempt.provider_transaction_id,
                amount=Decimal(1000),
                full=False,
                reason="x",
                requested_by="staff",
            )
        )
    with pytest.raises(RefundProviderUnavailable, match="không phản hồi"):
        refund_attempt(attempt=attempt, amount=Decimal(50000), reason="x", actor="staff", gateway=gateway)
    simulator.set_behaviour("refund", "timeout")
    with pytest.raises(RefundProviderUnavailable):
        refund_attempt(attempt=attempt, amount=Decimal(50000), reason="x", actor="staff", gateway=MomoGateway())
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED and attempt.amount_refunded == 0
    assert ProviderEvent.objects.filter(provider="momo").count() == 1


def test_simulated_create_refuses_a_bad_signature(client):
    body = MomoGateway().create_body(
        PaymentRequest(
            reference="X1",
            amount=Decimal(5000),
            description="d",
            return_url="http://testserver/r",
            notify_url="http://testserver/i",
        )
    )
    body["amount"] = 6000
    answer = client.post(reverse("momo:sim-create"), data=json.dumps(body), content_type="application/json").json()
    assert answer["resultCode"] == 13
    body = MomoGateway().create_body(
        PaymentRequest(
            reference="X2",
            amount=Decimal(5000),
            description="d",
            return_url="http://testserver/r",
            notify_url="http://testserver/i",
        )
    )
    answer = client.post(reverse("momo:sim-create"), data=json.dumps(body), content_type="application/json").json()
    assert answer["resultCode"] == 0 and parse_qs(urlsplit(answer["payUrl"]).query) == {}
