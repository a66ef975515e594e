"""A local VNPay 2.1.0: payment page, signed return redirect, IPN with retries, transaction API.

It speaks the real protocol (same field names, HMAC-SHA512 over the sorted form-encoded query,
pipe-ordered checksums on the JSON API) and keeps its own state in Django's cache keyed by
TxnRef, independent of the merchant's database. The IPN URL is what a merchant registers with
VNPay: `VNPAY_SIM_IPN_URL`, else the merchant's `vnpay:ipn` route on the return URL's host.
"""

import json
import logging
import secrets
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template import engines
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from marketplace.core.tasks import enqueue_after_commit
from payments.gateways.vnpay.client import (
    QUERY_REQUEST_ORDER,
    QUERY_RESPONSE_ORDER,
    REFUND_REQUEST_ORDER,
    REFUND_RESPONSE_ORDER,
    VERSION,
    parse_vnp_datetime,
    sign_pipe,
    sign_query,
    signature_matches,
    signed_query_string,
    vnp_datetime,
)

logger = logging.getLogger(__name__)

STATE_TTL = 60 * 60 * 24 * 2
REQUIRED = (
    "vnp_Version vnp_Command vnp_TmnCode vnp_Amount vnp_CreateDate vnp_CurrCode vnp_IpAddr vnp_Locale "
    "vnp_OrderInfo vnp_OrderType vnp_ReturnUrl vnp_ExpireDate vnp_TxnRef"
).split()

PAGE = engines["django"].from_string(
    """<!doctype html><html><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:2rem auto">
<h1>{{ title }}</h1>
{% if error %}<p role="alert">{{ error }} (code={{ code }})</p>{% else %}
<dl><dt>{{ labels.merchant }}</dt><dd>{{ txn.tmn_code }}</dd>
<dt>{{ labels.order }}</dt><dd>{{ txn.order_info }} ({{ txn.txn_ref }})</dd>
<dt>{{ labels.amount }}</dt><dd>{{ amount }} VND</dd></dl>
<form method="post" action="{{ action }}"><input type="hidden" name="vnp_TxnRef" value="{{ txn.txn_ref }}">
<button name="action" value="pay">{{ labels.pay }}</button>
<button name="action" value="cancel">{{ labels.cancel }}</button></form>{% endif %}
</body></html>"""
)


def _secret() -> str:
    return getattr(settings, "VNPAY_HASH_SECRET", "sim-vnpay-secret")


def _tmn_code() -> str:
    return getattr(settings, "VNPAY_TMN_CODE", "SIMTMN01")


def _txn_key(txn_ref: str) -> str:
    return f"vnpay-sim:txn:{txn_ref}"


def get_transaction(txn_ref: str) -> dict | None:
    """The simulator's own record of a TxnRef (for tests and the transaction API)."""
    return cache.get(_txn_key(txn_ref))


def _save(txn: dict) -> None:
    cache.set(_txn_key(txn["txn_ref"]), txn, STATE_TTL)


def ipn_log(txn_ref: str) -> list:
    """Every IPN delivery try for a TxnRef: [(try number, merchant RspCode or error)]."""
    return cache.get(f"vnpay-sim:ipn-log:{txn_ref}", [])


def _error_page(code: str, message: str) -> HttpResponse:
    html = PAGE.render({"title": _("VNPay payment gateway (simulator)"), "error": message, "code": code})
    return HttpResponse(html, status=400)


def _validate_payment_request(params: dict) -> tuple[str, str]:
    """("", "") when VNPay would accept the payment URL, else (error code, message)."""
    received = params.get("vnp_SecureHash", "")
    if not received or not signature_matches(sign_query(params, _secret()), received):
        logger.warning("VNPay simulator refused a payment URL with a bad signature: %s", params.get("vnp_TxnRef"))
        return "70", _("Invalid signature.")
    missing = [name for name in REQUIRED if not params.get(name)]
    if missing:
        return "03", _("Missing parameters: %(names)s") % {"names": ", ".join(missing)}
    if params["vnp_TmnCode"] != _tmn_code():
        return "02", _("Unknown merchant terminal.")
    if (params["vnp_Version"], params["vnp_Command"], params["vnp_CurrCode"]) != (VERSION, "pay", "VND"):
        return "03", _("Unsupported version, command or currency.")
    if not params["vnp_Amount"].isdigit() or params["vnp_Locale"] not in ("vn", "en"):
        return "03", _("Invalid data format.")
    try:
        expires = parse_vnp_datetime(params["vnp_ExpireDate"])
        parse_vnp_datetime(params["vnp_CreateDate"])
    except ValueError:
        return "03", _("Invalid data format.")
    if expires < timezone.now():
        return "11", _("The payment time has expired.")
    return "", ""


@require_GET
def payment_page(request):
    """VNPay's `paymentv2/vpcpay.html`: check the signed URL, then show a bank page."""
    params = {k: request.GET.get(k, "") for k in request.GET}
    code, message = _validate_payment_request(params)
    if code:
        return _error_page(code, message)
    txn = get_transaction(params["vnp_TxnRef"])
    if txn and txn["status"] != "pending":
        return _error_page("01", _("This transaction has already been processed."))
    if not txn:
        txn = {
            "txn_ref": params["vnp_TxnRef"],
            "tmn_code": params["vnp_TmnCode"],
            "amount100": params["vnp_Amount"],
            "order_info": params["vnp_OrderInfo"],
            "return_url": params["vnp_ReturnUrl"],
            "create_date": params["vnp_CreateDate"],
            "expire_date": params["vnp_ExpireDate"],
            "status": "pending",
            "transaction_no": "",
            "pay_date": "",
            "refunded100": 0,
            "request_ids": [],
        }
        _save(txn)
    labels = {
        "merchant": _("Merchant"),
        "order": _("Order"),
        "amount": _("Amount"),
        "pay": _("Pay"),
        "cancel": _("Cancel"),
    }
    html = PAGE.render(
        {
            "title": _("VNPay payment gateway (simulator)"),
            "txn": txn,
            "labels": labels,
            "amount": f"{int(txn['amount100']) // 100:,}".replace(",", "."),
            "action": reverse("vnpay:sim-decide"),
        }
    )
    return HttpResponse(html)


def _result_params(txn: dict, response_code: str) -> dict:
    paid = response_code == "00"
    params = {
        "vnp_TmnCode": txn["tmn_code"],
        "vnp_Amount": txn["amount100"],
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": f"VNP{txn['transaction_no']}" if paid else "",
        "vnp_CardType": "ATM",
        "vnp_PayDate": txn["pay_date"],
        "vnp_OrderInfo": txn["order_info"],
        "vnp_TransactionNo": txn["transaction_no"],
        "vnp_ResponseCode": response_code,
        "vnp_TransactionStatus": "00" if paid else "02",
        "vnp_TxnRef": txn["txn_ref"],
    }
    params = {k: v for k, v in params.items() if v != ""}
    params["vnp_SecureHash"] = sign_query(params, _secret())
    return params


def merchant_ipn_url(return_url: str) -> str:
    configured = getattr(settings, "VNPAY_SIM_IPN_URL", "")
    if configured:
        return configured
    parts = urlsplit(return_url)
    return f"{parts.scheme}://{parts.netloc}{reverse('vnpay:ipn')}"


@csrf_exempt
@require_POST
def decide(request):
    """The buyer pressed Pay or Cancel: redirect the browser back, and call the IPN server-side."""
    txn = get_transaction(request.POST.get("vnp_TxnRef", ""))
    if not txn or txn["status"] != "pending":
        return _error_page("01", _("This transaction has already been processed."))
    now = timezone.now()
    if parse_vnp_datetime(txn["expire_date"]) < now:
        code, txn["status"], txn["transaction_no"] = "11", "expired", "0"
    elif request.POST.get("action") == "pay":
        code, txn["status"] = "00", "paid"
        txn["transaction_no"] = str(10_000_000 + secrets.randbelow(89_999_999))
        txn["pay_date"] = vnp_datetime(now)
    else:
        code, txn["status"], txn["transaction_no"] = "24", "cancelled", "0"
    txn["response_code"] = code
    _save(txn)
    params = _result_params(txn, code)
    query = signed_query_string(params, _secret())
    separator = "&" if "?" in txn["return_url"] else "?"
    enqueue_after_commit(deliver_ipn, merchant_ipn_url(txn["return_url"]), params)
    return HttpResponseRedirect(f"{txn['return_url']}{separator}{query}")


@shared_task(name="payments.vnpay_simulator.deliver_ipn", ignore_result=True)
def deliver_ipn(ipn_url: str, params: dict, attempt_no: int = 1) -> str:
    """GET the merchant's IPN like VNPay; retry (bounded) until it answers RspCode 00 or 02."""
    url = f"{ipn_url}{'&' if '?' in ipn_url else '?'}{signed_query_string(params, _secret())}"
    try:
        with urllib.request.urlopen(url, timeout=getattr(settings, "VNPAY_SIM_IPN_TIMEOUT", 10)) as response:  # noqa: S310
            answer = json.loads(response.read().decode()).get("RspCode", "")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        answer = f"error: {exc}"
    log_key = f"vnpay-sim:ipn-log:{params['vnp_TxnRef']}"
    cache.set(log_key, [*cache.get(log_key, []), (attempt_no, answer)], STATE_TTL)
    tries = getattr(settings, "VNPAY_SIM_IPN_TRIES", 3)
    if answer not in ("00", "02") and attempt_no < tries:
        logger.info("VNPay simulator: IPN for %s answered %r; retry %d", params["vnp_TxnRef"], answer, attempt_no + 1)
        backoff = getattr(settings, "VNPAY_SIM_IPN_BACKOFF", 5)
        deliver_ipn.apply_async((ipn_url, params, attempt_no + 1), countdown=backoff * attempt_no)
    return answer


# --- the JSON transaction API (merchant_webapi/api/transaction) ---------------------------------


def _answer(body: dict, code: str, message: str, txn: dict | None, order: list[str], **extra) -> dict:
    txn = txn or {}
    answer = {
        "vnp_ResponseId": secrets.token_hex(16),
        "vnp_Command": body.get("vnp_Command", ""),
        "vnp_ResponseCode": code,
        "vnp_Message": message,
        "vnp_TmnCode": body.get("vnp_TmnCode", ""),
        "vnp_TxnRef": body.get("vnp_TxnRef", ""),
        "vnp_Amount": txn.get("amount100", ""),
        "vnp_BankCode": "NCB" if txn else "",
        "vnp_PayDate": txn.get("pay_date", ""),
        "vnp_TransactionNo": txn.get("transaction_no", ""),
        "vnp_TransactionType": "01",
        "vnp_TransactionStatus": "",
        "vnp_OrderInfo": txn.get("order_info", ""),
        **extra,
    }
    answer["vnp_SecureHash"] = sign_pipe(answer, order, _secret())
    return answer


def transaction_api(body: dict) -> dict:
    """Answer one querydr/refund request exactly like VNPay's JSON API (signed response)."""
    command = body.get("vnp_Command")
    if command not in ("querydr", "refund"):
        return _answer(body, "03", "Invalid command", None, QUERY_RESPONSE_ORDER)
    request_order, response_order = (
        (QUERY_REQUEST_ORDER, QUERY_RESPONSE_ORDER)
        if command == "querydr"
        else (REFUND_REQUEST_ORDER, REFUND_RESPONSE_ORDER)
    )
    if not signature_matches(sign_pipe(body, request_order, _secret()), body.get("vnp_SecureHash", "")):
        logger.warning("VNPay simulator refused a %s with a bad checksum: %s", command, body.get("vnp_TxnRef"))
        return _answer(body, "97", "Invalid checksum", None, response_order)
    if body.get("vnp_TmnCode") != _tmn_code():
        return _answer(body, "02", "Invalid TmnCode", None, response_order)
    txn = get_transaction(body.get("vnp_TxnRef", ""))
    if txn is None:
        return _answer(body, "91", "Transaction not found", None, response_order)
    if body.get("vnp_RequestId") in txn["request_ids"]:
        return _answer(body, "94", "Duplicate request", txn, response_order)
    txn["request_ids"].append(body.get("vnp_RequestId"))
    _save(txn)
    if command == "querydr":
        status = {"pending": "01", "paid": "00", "refunded": "00"}.get(txn["status"], "02")
        return _answer(
            body,
            "00",
            "Query success",
            txn,
            response_order,
            vnp_TransactionStatus=status,
            vnp_PromotionCode="",
            vnp_PromotionAmount="",
        )
    return _refund(body, txn, response_order)


def _refund(body: dict, txn: dict, order: list[str]) -> dict:
    if txn["status"] not in ("paid", "refunded"):
        return _answer(body, "95", "Transaction not successful at VNPay, refund refused", txn, order)
    amount = body.get("vnp_Amount", "")
    kind = body.get("vnp_TransactionType")
    remaining = int(txn["amount100"]) - txn["refunded100"]
    if not str(amount).isdigit() or kind not in ("02", "03") or not 0 < int(amount) <= remaining:
        return _answer(body, "03", "Invalid amount or transaction type", txn, order)
    if kind == "02" and (int(amount) != int(txn["amount100"]) or txn["refunded100"]):
        return _answer(body, "03", "A full refund must be the whole original amount", txn, order)
    txn["refunded100"] += int(amount)
    txn["status"] = "refunded" if txn["refunded100"] == int(txn["amount100"]) else "paid"
    _save(txn)
    refund_no = str(10_000_000 + secrets.randbelow(89_999_999))
    return _answer(
        body,
        "00",
        "Refund success",
        {**txn, "transaction_no": refund_no, "amount100": amount},
        order,
        vnp_TransactionType=kind,
        vnp_TransactionStatus="05",
    )


@csrf_exempt
@require_POST
def transaction_endpoint(request):
    """POST JSON `merchant_webapi/api/transaction` (querydr and refund)."""
    try:
        body = json.loads(request.body.decode() or "{}")
    except ValueError:
        body = {}
    return JsonResponse(transaction_api(body if isinstance(body, dict) else {}))
