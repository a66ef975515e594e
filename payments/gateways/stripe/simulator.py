"""A local Stripe: the PaymentIntents/Refunds API the client uses, idempotency keys, a card page, signed webhooks.

Real Stripe: the buyer types the card into Stripe.js/Elements on the merchant's own page, which confirms
the PaymentIntent with its client_secret and then sends the browser to return_url
(`?payment_intent=...&payment_intent_client_secret=...&redirect_status=...`). Here the card page under
`sim/pay/<intent id>/` stands in for that page: test card 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002
is declined (Stripe's own test numbers), any other number is refused on the page. Unlike Elements, the
page also sends the buyer back after a decline (our attempt fails on the first decline).

Stripe then POSTs signed events (`Stripe-Signature`) to the webhook endpoint registered for the account;
here that is the merchant's `stripe:webhook` route on the return_url's host, retried (bounded) while the
answer is not 2xx, through payments/gateways/simulation.py (in process for our own host). A refund's
`charge.refunded` event goes out once the merchant's transaction commits, as Stripe's asynchronous events do.

Answers have Stripe's shapes (`{"id": "pi_...", "object": "payment_intent", ...}`, errors
`{"error": {"type", "code", "message"}}` with 4xx). Idempotency keys behave as Stripe documents: the first
answer per key is saved (not validation errors); the same key with the same parameters gets it again, with
other parameters a 400 idempotency_error, while the first is still running a 409. State lives in Django's
cache. Served only when STRIPE_API_BASE is empty or PAYMENT_SIMULATORS is on.
"""

import hmac
import json
import logging
import re
import secrets
import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from payments.gateways import simulation
from payments.gateways.base import ProviderUnavailable

from .client import API_VERSION, configured_secret_key, configured_webhook_secret
from .wire import decode_form, signature_header

logger = logging.getLogger(__name__)

RETRY_DELAYS = (0, 0.5, 1, 2)  # seconds before each delivery try (Stripe's own schedule runs for days)
CACHE_PREFIX = "sim:stripe:"
CACHE_TTL = 24 * 3600  # also how long an idempotency key is remembered (Stripe: at least 24 h)
MAX_AMOUNT = 99_999_999  # [?] Stripe's eight-digit amount cap, read as whole dong for VND
SUCCEEDING_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"
SEARCH_QUERY = re.compile(r"^metadata\['reference'\]:'([^']*)'$")


def enabled() -> bool:
    default = settings.DEBUG or not getattr(settings, "STRIPE_API_BASE", "")
    return bool(getattr(settings, "PAYMENT_SIMULATORS", default))


class _NotSaved(Exception):
    """A request refused before execution (validation): its answer is not kept under the idempotency key."""

    def __init__(self, status: int, body: dict):
        super().__init__(body["error"]["message"])
        self.status, self.body = status, body


def _error(status: int, kind: str, message: str, code: str = "", param: str = "") -> tuple[int, dict]:
    error = {"type": kind, "message": message}
    if code:
        error["code"] = code
    if param:
        error["param"] = param
    return status, {"error": error}


def _invalid(code: str, message: str, param: str) -> _NotSaved:
    return _NotSaved(*_error(400, "invalid_request_error", message, code, param))


def _new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def _load(kind: str, object_id: str) -> dict | None:
    return cache.get(f"{CACHE_PREFIX}{kind}:{object_id}")


def _save(kind: str, obj: dict) -> None:
    cache.set(f"{CACHE_PREFIX}{kind}:{obj['id']}", obj, CACHE_TTL)


def load_intent(intent_id: str) -> dict | None:
    return _load("pi", intent_id)


def load_charge(charge_id: str) -> dict | None:
    return _load("ch", charge_id)


def _whole(value, param: str) -> int:
    if not str(value).isdigit():
        raise _invalid("parameter_invalid_integer", f"Invalid integer: {value}", param)
    return int(value)


# --- the API -------------------------------------------------------------------------------------
def _create_intent(params: dict) -> tuple[int, dict]:
    for name in ("amount", "currency"):
        if name not in params:
            raise _invalid("parameter_missing", f"Missing required param: {name}.", name)
    amount = _whole(params["amount"], "amount")
    if amount < 1:
        raise _invalid("amount_too_small", "Amount must be at least ₫1.", "amount")
    if amount > MAX_AMOUNT:
        raise _invalid("amount_too_large", f"Amount must be no more than ₫{MAX_AMOUNT:,}.", "amount")
    if params["currency"] != "vnd":  # this simulated account only settles dong
        raise _invalid("parameter_invalid_string", f"Invalid currency: {params['currency']}.", "currency")
    metadata = params.get("metadata") if isinstance(params.get("metadata"), dict) else {}
    intent_id = _new_id("pi")
    intent = {
        "id": intent_id,
        "object": "payment_intent",
        "amount": amount,
        "amount_received": 0,
        "currency": "vnd",
        "status": "requires_payment_method",
        "client_secret": f"{intent_id}_secret_{secrets.token_hex(12)}",
        "capture_method": "automatic",
        "payment_method_types": params.get("payment_method_types") or ["card"],
        "description": params.get("description"),
        "metadata": metadata,
        "latest_charge": None,
        "last_payment_error": None,
        "created": int(time.time()),
        "livemode": False,
    }
    _save("pi", intent)
    if metadata.get("reference"):
        key = f"{CACHE_PREFIX}ref:{metadata['reference']}"
        cache.set(key, [*(cache.get(key) or []), intent_id], CACHE_TTL)
    return 200, intent


def _search_intents(params: dict) -> tuple[int, dict]:
    match = SEARCH_QUERY.match(str(params.get("query", "")))
    if match is None:
        raise _invalid("parameter_invalid", "This simulator searches only metadata['reference']:'...'.", "query")
    intents = [i for i in map(load_intent, cache.get(f"{CACHE_PREFIX}ref:{match[1]}") or []) if i]
    return 200, {
        "object": "search_result",
        "url": "/v1/payment_intents/search",
        "has_more": False,
        "next_page": None,
        "data": intents,
    }


def _retrieve_intent(params: dict, intent_id: str) -> tuple[int, dict]:
    intent = load_intent(intent_id)
    if intent is None:
        return _error(
            404, "invalid_request_error", f"No such payment_intent: '{intent_id}'", "resource_missing", "intent"
        )
    if "latest_charge" in (params.get("expand") or []) and intent["latest_charge"]:
        intent = {**intent, "latest_charge": load_charge(intent["latest_charge"])}
    return 200, intent


def _create_refund(params: dict) -> tuple[int, dict]:
    if not params.get("payment_intent"):
        raise _invalid("parameter_missing", "Missing required param: payment_intent.", "payment_intent")
    intent = load_intent(str(params["payment_intent"]))
    if intent is None:
        return _error(
            404,
            "invalid_request_error",
            f"No such payment_intent: '{params['payment_intent']}'",
            "resource_missing",
            "payment_intent",
        )
    charge = load_charge(intent["latest_charge"]) if intent["latest_charge"] else None
    if charge is None:
        return _error(
            400,
            "invalid_request_error",
            "This PaymentIntent does not have a successful charge to refund.",
            "charge_not_refundable",
        )
    remaining = charge["amount_captured"] - charge["amount_refunded"]
    amount = _whole(params.get("amount", remaining), "amount")
    if not 1 <= amount <= remaining:
        return _error(
            400,
            "invalid_request_error",
            f"Refund amount (₫{amount:,}) is greater than unrefunded amount on charge (₫{remaining:,})",
            "amount_too_large",
            "amount",
        )
    charge["amount_refunded"] += amount
    charge["refunded"] = charge["amount_refunded"] == charge["amount_captured"]
    _save("ch", charge)
    refund = {
        "id": _new_id("re"),
        "object": "refund",
        "amount": amount,
        "currency": charge["currency"],
        "charge": charge["id"],
        "payment_intent": intent["id"],
        "status": "succeeded",
        "metadata": params.get("metadata") if isinstance(params.get("metadata"), dict) else {},
        "created": int(time.time()),
    }
    _save("re", refund)
    event = _event("charge.refunded", charge)
    transaction.on_commit(lambda: deliver_event(event))
    return 200, refund


ROUTES = (
    ("POST", re.compile(r"^/v1/payment_intents$"), "create", _create_intent),
    ("GET", re.compile(r"^/v1/payment_intents/search$"), "search", _search_intents),
    ("GET", re.compile(r"^/v1/payment_intents/(pi_[A-Za-z0-9]+)$"), "retrieve", _retrieve_intent),
    ("POST", re.compile(r"^/v1/refunds$"), "refund", _create_refund),
)


def handle_request(method: str, path: str, form: str, headers: dict) -> tuple[int, dict]:
    """One API request (form: the POST body or the GET query string) -> (HTTP status, JSON answer)."""
    headers = {name.lower(): value for name, value in headers.items()}
    route = next(
        (
            (api, handler, match)
            for verb, pattern, api, handler in ROUTES
            if verb == method and (match := pattern.match(path))
        ),
        None,
    )
    if route is None:
        return _error(404, "invalid_request_error", f"Unrecognized request URL ({method}: {path}).")
    api, handler, match = route
    expected = f"Bearer {configured_secret_key(True)}"
    if not hmac.compare_digest(headers.get("authorization", "").encode(), expected.encode()):
        return _error(401, "invalid_request_error", "Invalid API Key provided.")
    behaviour = cache.get(f"{CACHE_PREFIX}behaviour:{api}")
    if behaviour == "timeout":
        raise ProviderUnavailable(f"simulated Stripe {api} timed out")
    params = decode_form(form)
    key = headers.get("idempotency-key", "") if method == "POST" else ""
    if not key:
        status, answer = _execute(handler, params, match.groups())
    else:
        saved = cache.get(f"{CACHE_PREFIX}idem:{key}")
        if saved is not None:
            if (saved["path"], saved["params"]) != (path, params):
                return _error(
                    400,
                    "idempotency_error",
                    "Keys for idempotent requests can only be used with the "
                    f"same parameters they were first used with. Try using a key other than '{key}' if "
                    "you meant to execute a different request.",
                )
            return saved["status"], saved["answer"]
        if not cache.add(f"{CACHE_PREFIX}running:{key}", 1, 60):
            return _error(
                409,
                "idempotency_error",
                "There is currently another in-progress request using this "
                f"Idempotency Key: '{key}'. Please try again later.",
            )
        try:
            status, answer = _execute(handler, params, match.groups(), key=key, path=path)
        finally:
            cache.delete(f"{CACHE_PREFIX}running:{key}")
    if behaviour == "timeout_after":  # Stripe did it, the answer never reached the merchant
        raise ProviderUnavailable(f"simulated Stripe {api} answered too late")
    return status, answer


def _execute(handler, params: dict, groups: tuple, *, key: str = "", path: str = "") -> tuple[int, dict]:
    try:
        status, answer = handler(params, *groups)
    except _NotSaved as refused:
        return refused.status, refused.body
    if key:
        cache.set(
            f"{CACHE_PREFIX}idem:{key}", {"path": path, "params": params, "status": status, "answer": answer}, CACHE_TTL
        )
    return status, answer


def local_transport(method: str, url: str, body: str, headers: dict, timeout: float) -> tuple[int, dict]:
    """The client's transport when STRIPE_API_BASE is empty: the same requests, handled in process."""
    parts = urlsplit(url)
    status, answer = handle_request(method, parts.path, body if method == "POST" else parts.query, headers)
    return status, json.loads(json.dumps(answer))


def set_behaviour(api: str, behaviour: str | None) -> None:
    """Make one API misbehave: "timeout" (nothing happens) or "timeout_after" (done, answer lost); None restores."""
    cache.set(f"{CACHE_PREFIX}behaviour:{api}", behaviour, CACHE_TTL)


# --- the card page and the webhooks ----------------------------------------------------------------
def card_page_url(intent_id: str, client_secret: str, return_url: str) -> str:
    query = urlencode({"client_secret": client_secret, "return_url": return_url})
    return f"{reverse('stripe:sim-pay', args=[intent_id])}?{query}"


def webhook_url_for(return_url: str) -> str:
    """The endpoint the merchant registered with Stripe: its webhook route on the return URL's host."""
    parts = urlsplit(return_url)
    return f"{parts.scheme}://{parts.netloc}{reverse('stripe:webhook')}"


def return_target(intent: dict, return_url: str) -> str:
    """Where Stripe.js sends the buyer after confirming, with the parameters it adds."""
    status = "succeeded" if intent["status"] == "succeeded" else "failed"
    query = urlencode(
        {
            "payment_intent": intent["id"],
            "payment_intent_client_secret": intent["client_secret"],
            "redirect_status": status,
        }
    )
    return f"{return_url}{'&' if '?' in return_url else '?'}{query}"


def _event(kind: str, obj: dict) -> dict:
    return {
        "id": _new_id("evt"),
        "object": "event",
        "api_version": API_VERSION,
        "created": int(time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": kind,
        "data": {"object": json.loads(json.dumps(obj))},
    }


def pay(intent_id: str, *, client_secret: str, card_number: str, return_url: str, request_host: str) -> str:
    """The buyer confirms the intent with a card: "succeeded", "declined", "incorrect_number" or "not_payable".

    KeyError when the intent or its client_secret is unknown. A paid or cancelled intent sends nothing new.
    """
    intent = load_intent(intent_id)
    if intent is None or not hmac.compare_digest(intent["client_secret"].encode(), client_secret.encode()):
        raise KeyError(intent_id)
    if intent["status"] != "requires_payment_method":
        return "not_payable"
    number = re.sub(r"[\s-]", "", card_number)
    if number not in (SUCCEEDING_CARD, DECLINED_CARD):
        return "incorrect_number"  # Stripe.js refuses it before anything reaches Stripe
    cache.set(f"{CACHE_PREFIX}endpoint", {"url": webhook_url_for(return_url), "host": request_host}, CACHE_TTL)
    if number == DECLINED_CARD:
        # The intent stays open for another card, as at Stripe.
        intent["last_payment_error"] = {
            "type": "card_error",
            "code": "card_declined",
            "decline_code": "generic_decline",
            "message": "Your card was declined.",
        }
        _save("pi", intent)
        deliver_event(_event("payment_intent.payment_failed", intent))
        return "declined"
    charge = {
        "id": _new_id("ch"),
        "object": "charge",
        "amount": intent["amount"],
        "amount_captured": intent["amount"],
        "amount_refunded": 0,
        "refunded": False,
        "captured": True,
        "paid": True,
        "status": "succeeded",
        "currency": intent["currency"],
        "payment_intent": intent["id"],
        "metadata": {},  # [?] whether Stripe copies the intent's metadata here: the client does not rely on it
        "created": int(time.time()),
    }
    _save("ch", charge)
    intent.update(
        status="succeeded", amount_received=intent["amount"], latest_charge=charge["id"], last_payment_error=None
    )
    _save("pi", intent)
    deliver_event(_event("payment_intent.succeeded", intent))
    deliver_event(_event("charge.succeeded", charge))  # not acted on: answered 2xx all the same
    return "succeeded"


def deliver_event(event: dict) -> list[int]:
    """POST the signed event to the registered endpoint until it answers 2xx (bounded); every status seen."""
    endpoint = cache.get(f"{CACHE_PREFIX}endpoint")
    if endpoint is None:
        logger.warning("simulated Stripe has no webhook endpoint for %s", event["id"])
        return []
    body = json.dumps(event).encode("utf-8")
    secret = configured_webhook_secret(True)

    def send() -> int:  # each try is signed anew, with its own timestamp, as Stripe does
        header = signature_header(body, secret, int(time.time()))
        return simulation.post_json(
            endpoint["url"], body, request_host=endpoint["host"], headers={"Stripe-Signature": header}
        )

    statuses = simulation.deliver(
        send,
        delays=RETRY_DELAYS,
        accepted=lambda status: 200 <= status < 300,
        what=f"Stripe event {event['type']} {event['id']}",
    )
    log = cache.get(f"{CACHE_PREFIX}deliveries") or []
    cache.set(f"{CACHE_PREFIX}deliveries", [*log, {"event": event, "statuses": statuses}], CACHE_TTL)
    return statuses


def deliveries() -> list[dict]:
    """Every event sent so far, with the merchant's answers: [{"event": {...}, "statuses": [200]}]."""
    return cache.get(f"{CACHE_PREFIX}deliveries") or []
