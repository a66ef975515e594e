"""A local "bank app": the buyer transfers an amount with a memo to our account, and the bank feed
posts a signed webhook to our endpoint, like SePay would, retrying while the answer is not 2xx.

Only served when simulators are on (PAYMENT_SIMULATORS, default: DEBUG or the demo feed secret).
A webhook aimed at this same site is delivered in-process through Django's request handler, so
it works under the test client and a single-process dev server alike; any other URL gets HTTP.
"""

import json
import logging
import uuid
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from payments.gateways import simulation

from . import account, bankfeed, pages

logger = logging.getLogger(__name__)

RETRY_DELAYS = (0, 0.5, 1, 2)  # seconds before each try; SePay's real schedule is 7 tries over ~33 min
CACHE_PREFIX = "sim:vietqr:"
CACHE_TTL = 24 * 3600


def enabled() -> bool:
    default = settings.DEBUG or bankfeed.webhook_secret().startswith("sim-")
    return bool(getattr(settings, "PAYMENT_SIMULATORS", default))


def prefill_query(*, amount, memo: str) -> str:
    return urlencode({"amount": str(int(amount)), "memo": memo})


def deliver(url: str, body: bytes, headers: dict, *, request_host: str) -> list[int]:
    """POST until a 2xx answer or the tries run out; returns every status seen (0 = no answer)."""
    return simulation.deliver(
        lambda: simulation.post_json(url, body, request_host=request_host, headers=headers, timeout=10),
        delays=RETRY_DELAYS,
        accepted=lambda status: 200 <= status < 300,
        what=f"bank feed {url}",
    )


def transfer_body(*, transaction_id: str, amount: Decimal, memo: str) -> bytes:
    """A SePay-style money-in notification."""
    data = {
        "id": transaction_id,
        "gateway": account.BANK_NAME,
        "transactionDate": timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
        "accountNumber": account.ACCOUNT_NUMBER,
        "code": None,
        "content": memo,
        "transferType": "in",
        "transferAmount": int(amount),
        "accumulated": 0,
        "subAccount": None,
        "referenceCode": "FT" + transaction_id[-10:].upper(),
        "description": memo,
    }
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def send_transfer(*, amount: Decimal, memo: str, webhook_url: str, request_host: str, transaction_id: str = "") -> dict:
    """Make (or re-send) a transfer and deliver its signed webhook; the delivery is kept in the cache."""
    if transaction_id:
        body = cache.get(CACHE_PREFIX + transaction_id)
        if body is None:
            raise KeyError(transaction_id)
    else:
        transaction_id = str(uuid.uuid4().int)[:12]
        body = transfer_body(transaction_id=transaction_id, amount=amount, memo=memo)
        cache.set(CACHE_PREFIX + transaction_id, body, CACHE_TTL)
    headers = {bankfeed.SIGNATURE_HEADER: "sha256=" + bankfeed.sign(body)}
    statuses = deliver(webhook_url, body, headers, request_host=request_host)
    return {"transaction_id": transaction_id, "statuses": statuses}


@require_http_methods(["GET", "POST"])
def bank_app(request):
    if not enabled():
        return HttpResponse(status=404)
    context = {
        "bank_name": account.BANK_NAME,
        "account_number": account.ACCOUNT_NUMBER,
        "account_name": account.ACCOUNT_NAME,
        "amount": request.GET.get("amount", ""),
        "memo": request.GET.get("memo", ""),
    }
    if request.method == "POST":
        webhook_url = request.build_absolute_uri(reverse("vietqr:bankfeed-webhook"))
        resend = request.POST.get("resend", "")
        try:
            amount = Decimal(request.POST.get("amount", "0") or "0")
            if not resend and (amount <= 0 or amount != amount.to_integral_value()):
                raise InvalidOperation
            context["delivery"] = send_transfer(
                amount=amount,
                memo=request.POST.get("memo", ""),
                webhook_url=webhook_url,
                request_host=request.get_host(),
                transaction_id=resend,
            )
        except (InvalidOperation, KeyError):
            return HttpResponseBadRequest("bad amount or unknown transfer")
        context.update(amount=request.POST.get("amount", ""), memo=request.POST.get("memo", ""))
    return HttpResponse(pages.bank_app(context, request))
