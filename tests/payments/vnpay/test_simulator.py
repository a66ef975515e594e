"""The buyer's trip through the local VNPay, querydr for a lost IPN, and refunds."""

import datetime
import socket
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import include, path, reverse
from django.utils import timezone

from payments import services
from payments.gateways.vnpay import simulator
from payments.gateways.vnpay.client import VNPayGateway
from payments.models import AttemptStatus, PaymentAttempt, ProviderEvent

urlpatterns = [path("payments/vnpay/", include("payments.gateways.vnpay.urls"))]
pytestmark = pytest.mark.urls(__name__)


@pytest.fixture(autouse=True)
def _fast_ipn_retries(settings):
    settings.VNPAY_SIM_IPN_BACKOFF = 0
    settings.VNPAY_SIM_IPN_TIMEOUT = 5


def start(base="http://testserver", amount="150000"):
    return services.start_payment(
        order_number="100023",
        amount=Decimal(amount),
        method="vnpay",
        return_url=f"{base}/payments/vnpay/return/",
        client_ip="113.161.1.2",
    )


def buyer_decides(client, attempt, redirect_url, action="pay"):
    page = client.get(redirect_url)
    assert page.status_code == 200 and b'value="pay"' in page.content
    response = client.post(reverse("vnpay:sim-decide"), {"vnp_TxnRef": attempt.reference, "action": action})
    assert response.status_code == 302
    return response["Location"]


def follow_return(client, location):
    parts = urlsplit(location)
    return client.get(parts.path, dict(parse_qsl(parts.query)))


@pytest.mark.django_db(transaction=True)
def test_buyer_pays_with_vnpay_through_the_simulator_and_the_ipn_is_applied_once(client, live_server):
    attempt, payment = start(base=live_server.url)
    assert payment.redirect_url.startswith(reverse("vnpay:sim-pay") + "?")
    location = buyer_decides(client, attempt, payment.redirect_url)

    assert simulator.ipn_log(attempt.reference) == [(1, "00")]  # the simulator called our IPN
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED
    page = follow_return(client, location)
    assert page.status_code == 200 and b"100023" in page.content
    assert ProviderEvent.objects.filter(attempt=attempt).count() == 1


@pytest.mark.django_db(transaction=True)
def test_simulator_retries_the_ipn_while_the_merchant_does_not_confirm(client, live_server):
    attempt, payment = start(base=live_server.url)
    PaymentAttempt.objects.filter(pk=attempt.pk).delete()  # the merchant "lost" the order: 01
    buyer_decides(client, attempt, payment.redirect_url)
    assert simulator.ipn_log(attempt.reference) == [(1, "01"), (2, "01"), (3, "01")]


@pytest.mark.django_db
def test_simulator_refuses_a_tampered_payment_url(client):
    attempt, payment = start()
    tampered = payment.redirect_url.replace("vnp_Amount=15000000", "vnp_Amount=100")
    response = client.get(tampered)
    assert response.status_code == 400 and b"code=70" in response.content
    assert simulator.get_transaction(attempt.reference) is None


@pytest.mark.django_db
def test_buyer_cancels_and_the_return_page_says_so(client):
    attempt, payment = start()
    location = buyer_decides(client, attempt, payment.redirect_url, action="cancel")
    assert dict(parse_qsl(urlsplit(location).query))["vnp_ResponseCode"] == "24"
    assert follow_return(client, location).status_code == 200
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING  # the return URL changes nothing


@pytest.mark.django_db
def test_querydr_settles_attempts_whose_ipn_never_came(client):
    # In a non-transactional test nothing commits, so the simulator's IPN is never sent.
    paid, paid_start = start()
    location = buyer_decides(client, paid, paid_start.redirect_url)
    unpaid, unpaid_start = start()
    client.get(unpaid_start.redirect_url)
    never_visited, _ = start()
    fresh, _ = start()
    PaymentAttempt.objects.filter(pk=fresh.pk).update(
        created_at=timezone.now() + datetime.timedelta(minutes=20),
        expires_at=timezone.now() + datetime.timedelta(minutes=35),
    )

    counts = services.settle_pending_by_query(VNPayGateway(), now=timezone.now() + datetime.timedelta(minutes=16))

    assert counts == {"succeeded": 1, "expired": 2}
    statuses = {a.pk: a.status for a in PaymentAttempt.objects.all()}
    assert statuses[paid.pk] == AttemptStatus.SUCCEEDED
    assert statuses[unpaid.pk] == statuses[never_visited.pk] == AttemptStatus.EXPIRED
    assert statuses[fresh.pk] == AttemptStatus.PENDING
    # The IPN finally arrives: same event key, answered "already confirmed".
    ipn = client.get(reverse("vnpay:ipn"), dict(parse_qsl(urlsplit(location).query)))
    assert ipn.json()["RspCode"] == "02"
    assert ProviderEvent.objects.filter(attempt=paid).count() == 1


def paid_attempt(client):
    attempt, payment = start()
    location = buyer_decides(client, attempt, payment.redirect_url)
    client.get(reverse("vnpay:ipn"), dict(parse_qsl(urlsplit(location).query)))
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUCCEEDED
    return attempt


@pytest.mark.django_db
def test_staff_refunds_part_then_the_rest(client):
    attempt = paid_attempt(client)
    services.refund_attempt(attempt=attempt, amount=Decimal("50000"), reason="Thiếu 1 hũ mật ong", actor="staff1")
    assert (attempt.status, attempt.amount_refunded) == (AttemptStatus.PARTIALLY_REFUNDED, Decimal("50000"))
    services.refund_attempt(attempt=attempt, amount=Decimal("100000"), reason="Huy don", actor="staff1")
    assert (attempt.status, attempt.amount_refunded) == (AttemptStatus.REFUNDED, Decimal("150000"))
    assert simulator.get_transaction(attempt.reference)["refunded100"] == 15000000
    with pytest.raises(services.RefundRefused):
        services.refund_attempt(attempt=attempt, amount=Decimal("1"), reason="again", actor="staff1")


@pytest.mark.django_db(transaction=True)
def test_full_refund_over_http_to_the_simulator_api(client, live_server):
    attempt = paid_attempt(client)
    gateway = VNPayGateway(api_url=f"{live_server.url}{reverse('vnpay:sim-api')}", timeout=5)
    services.refund_attempt(attempt=attempt, amount=attempt.amount, reason="Het hang", actor="seller7", gateway=gateway)
    assert attempt.status == AttemptStatus.REFUNDED
    assert simulator.get_transaction(attempt.reference)["status"] == "refunded"


@pytest.mark.django_db
def test_refund_more_than_paid_is_refused_without_asking_vnpay(client):
    attempt = paid_attempt(client)
    with pytest.raises(services.RefundRefused):
        services.refund_attempt(attempt=attempt, amount=Decimal("150001"), reason="x", actor="staff1")
    assert simulator.get_transaction(attempt.reference)["refunded100"] == 0


@pytest.mark.django_db
def test_refund_that_times_out_changes_nothing(client):
    attempt = paid_attempt(client)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts connections, never answers
    try:
        gateway = VNPayGateway(api_url=f"http://127.0.0.1:{silent.getsockname()[1]}/api", timeout=0.5)
        with pytest.raises(services.RefundProviderUnavailable, match="không phản hồi"):
            services.refund_attempt(
                attempt=attempt, amount=Decimal("50000"), reason="x", actor="staff1", gateway=gateway
            )
    finally:
        silent.close()
    attempt.refresh_from_db()
    assert (attempt.status, attempt.amount_refunded) == (AttemptStatus.SUCCEEDED, Decimal("0"))
    assert simulator.get_transaction(attempt.reference)["refunded100"] == 0
