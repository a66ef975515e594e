"""A local MoMo: the v2 create/query/refund API and the MoMo app page where the buyer pays or cancels.

It speaks MoMo's protocol (field names, HMAC-SHA256 signatures, resultCodes, HTTP 204 IPN
answers) and keeps its state in Django's cache. After Pay/Cancel it POSTs the signed IPN to
ipnUrl, retrying while the answer is not 204/200 (bounded), then sends the buyer to redirectUrl.
An ipnUrl on this same site is delivered in-process through Django's handler (works under the
test client and one dev process); other URLs get real HTTP. Served only when MOMO_ENDPOINT is
empty or PAYMENT_SIMULATORS is on.
"""

import hmac
import json
import logging
import random
import re
import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from payments.gateways import simulation
from payments.gateways.base import ProviderUnavailable

from .client import CREATE_FIELDS, IPN_FIELDS, QUERY_FIELDS, REFUND_FIELDS, raw_signature, response_fields, sign

logger = logging.getLogger(__name__)

RETRY_DELAYS = (0, 0.5, 1, 2)  # seconds before each IPN try (MoMo's own schedule is longer)
CACHE_PREFIX = "sim:momo:"
CACHE_TTL = 24 * 3600
ORDER_ID = re.compile(r"^[0-9a-zA-Z]([-_.]*[0-9a-zA-Z]+)*$")
MIN_AMOUNT, MAX_AMOUNT = 1_000, 50_000_000


def enabled() -> bool:
    default = settings.DEBUG or not getattr(settings, "MOMO_ENDPOINT", "")
    return bool(getattr(settings, "PAYMENT_SIMULATORS", default))


def _keys():
    return (
        getattr(settings, "MOMO_PARTNER_CODE", "SIMMOMO"),
        getattr(settings, "MOMO_ACCESS_KEY", "sim-momo-access"),
        getattr(settings, "MOMO_SECRET_KEY", "sim-momo-secret"),
    )


def _signed(values: dict, fields=None) -> dict:
    _, access_key, secret_key = _keys()
    values = {k: v for k, v in values.items() if k != "signature"}
    values["signature"] = sign(
        raw_signature(fields or response_fields(values), values, access_key=access_key), secret_key
    )
    return values


def _verified(body: dict, fields) -> bool:
    partner_code, access_key, secret_key = _keys()
    expected = sign(raw_signature(fields, body, access_key=access_key), secret_key)
    return body.get("partnerCode") == partner_code and hmac.compare_digest(str(body.get("signature", "")), expected)


def _now_ms() -> int:
    return int(time.time() * 1000)


def _answer(body: dict, code: int, message: str, **extra) -> dict:
    return _signed(
        {
            "partnerCode": body.get("partnerCode", ""),
            "orderId": body.get("orderId", ""),
            "requestId": body.get("requestId", ""),
            "resultCode": code,
            "message": message,
            "responseTime": _now_ms(),
            **extra,
        }
    )


def load(order_id: str) -> dict | None:
    return cache.get(CACHE_PREFIX + "order:" + order_id)


def save(order: dict) -> None:
    cache.set(CACHE_PREFIX + "order:" + order["orderId"], order, CACHE_TTL)


# --- the API --------------------------------------------------------------------------------
def handle_create(body: dict, *, base_url: str = "") -> dict:
    if not _verified(body, CREATE_FIELDS):
        return _answer(body, 13, "Merchant authentication failed.")
    if not ORDER_ID.match(str(body.get("orderId", ""))):
        return _answer(body, 42, "Invalid orderId.")
    if not isinstance(body.get("amount"), int) or not MIN_AMOUNT <= body["amount"] <= MAX_AMOUNT:
        return _answer(body, 22, "Amount out of range.")
    existing = load(body["orderId"])
    if existing and existing["requestId"] != body["requestId"]:
        return _answer(body, 41, "Duplicate orderId.")
    order = existing or {
        **{
            k: body.get(k)
            for k in ("orderId", "requestId", "amount", "orderInfo", "redirectUrl", "ipnUrl", "extraData")
        },
        "status": "created",
        "refunded": 0,
    }
    save(order)
    pay_url = base_url + reverse("momo:sim-app", args=[order["orderId"]])
    return _answer(body, 0, "Successful.", amount=order["amount"], payUrl=pay_url, deeplink="", qrCodeUrl="")


def handle_query(body: dict) -> dict:
    if not _verified(body, QUERY_FIELDS):
        return _answer(body, 13, "Merchant authentication failed.")
    order = load(str(body.get("orderId", "")))
    if order is None:
        return _answer(body, 42, "Order not found.")
    if order["status"] == "created":
        return _answer(
            body, 1000, "Waiting for the user to confirm.", amount=order["amount"], transId=0, extraData="", payType=""
        )
    ipn = order["ipn"]
    return _answer(
        body,
        ipn["resultCode"],
        ipn["message"],
        amount=order["amount"],
        transId=ipn["transId"],
        extraData="",
        payType=ipn["payType"],
    )


def handle_refund(body: dict) -> dict:
    if cache.get(CACHE_PREFIX + "behaviour:refund") == "timeout":
        raise ProviderUnavailable("simulated MoMo refund timed out")
    if not _verified(body, REFUND_FIELDS):
        return _answer(body, 13, "Merchant authentication failed.")
    original = load(cache.get(CACHE_PREFIX + "trans:" + str(body.get("transId")), ""))
    if original is None or original["status"] != "paid":
        return _answer(body, 1080, "Refund rejected: original transaction not found.")
    amount = body.get("amount")
    if not isinstance(amount, int) or amount < MIN_AMOUNT or original["refunded"] + amount > original["amount"]:
        return _answer(body, 1081, "Refund rejected: amount not refundable.")
    original["refunded"] += amount
    save(original)
    return _answer(body, 0, "Successful.", amount=amount, transId=random.randint(10**9, 10**10 - 1))  # noqa: S311


def set_behaviour(api: str, behaviour: str | None) -> None:
    """Make one simulated API misbehave (e.g. set_behaviour("refund", "timeout")); None restores it."""
    cache.set(CACHE_PREFIX + "behaviour:" + api, behaviour, CACHE_TTL)


def local_transport(url: str, body: dict, timeout: float) -> dict:
    """The client's transport when MOMO_ENDPOINT is empty: the same JSON, handled in-process."""
    body = json.loads(json.dumps(body))
    path = urlsplit(url).path
    handlers = {
        "/v2/gateway/api/create": handle_create,
        "/v2/gateway/api/query": handle_query,
        "/v2/gateway/api/refund": handle_refund,
    }
    if path not in handlers:
        raise ProviderUnavailable(f"the MoMo simulator has no {path}")
    return json.loads(json.dumps(handlers[path](body)))


# --- the MoMo app: pay or cancel, then IPN and redirect ----------------------------------------
def deliver_ipn(url: str, body: dict, *, request_host: str) -> list[int]:
    data = json.dumps(body).encode("utf-8")
    return simulation.deliver(
        lambda: simulation.post_json(url, data, request_host=request_host),
        delays=RETRY_DELAYS,
        accepted=lambda status: status in (200, 204),
        what=f"MoMo IPN {url}",
    )


def complete(order_id: str, *, paid: bool, request_host: str) -> tuple[dict, list[int]]:
    """The buyer's choice in the app: fixes the result once, sends the IPN; returns (ipn, statuses)."""
    order = load(order_id)
    if order is None:
        raise KeyError(order_id)
    if order["status"] != "created":  # a second click re-sends nothing new
        return order["ipn"], []
    partner_code, _, _ = _keys()
    trans_id = random.randint(10**9, 10**10 - 1)  # noqa: S311
    ipn = {
        "partnerCode": partner_code,
        "orderId": order["orderId"],
        "requestId": order["requestId"],
        "amount": order["amount"],
        "orderInfo": order["orderInfo"],
        "orderType": "momo_wallet",
        "transId": trans_id,
        "resultCode": 0 if paid else 1006,
        "message": "Successful." if paid else "Transaction denied by user.",
        "payType": "qr",
        "responseTime": _now_ms(),
        "extraData": order["extraData"] or "",
    }
    ipn = _signed(ipn, IPN_FIELDS)
    order.update(status="paid" if paid else "cancelled", ipn=ipn)
    save(order)
    cache.set(CACHE_PREFIX + "trans:" + str(trans_id), order["orderId"], CACHE_TTL)
    statuses = deliver_ipn(order["ipnUrl"], ipn, request_host=request_host)
    order["ipn_statuses"] = statuses
    save(order)
    return ipn, statuses


def redirect_target(order: dict) -> str:
    separator = "&" if "?" in order["redirectUrl"] else "?"
    return order["redirectUrl"] + separator + urlencode(order["ipn"])
