"""Stripe's PaymentIntents API spoken as a Gateway. Protocol facts: shared/reference/payments-logistics.md section 5.

- Requests are form-encoded with bracket notation (`metadata[reference]=...`), authorised with
  `Authorization: Bearer <secret key>`; errors come back as 4xx `{"error": {"type", "code", "message"}}`.
  429, 409 (a concurrent request with the same idempotency key), 5xx and timeouts are ProviderUnavailable.
- VND is a zero-decimal currency at Stripe: `amount` is whole dong, sent as-is (not x100 as for VNPay).
- Every POST carries an `Idempotency-Key` derived from our own records (the attempt's reference; for a
  refund also what was refunded before and the amount), so a retried create or refund gets Stripe's saved
  answer instead of a second PaymentIntent or a second refund.
- Webhooks are verified (wire.py) before anything in them is read: HMAC-SHA256 over "<t>.<raw body>", and
  `t` within STRIPE_WEBHOOK_TOLERANCE (default 300 s) of now, so an old capture cannot be replayed.
  `verify_callback` therefore takes `{"payload": <raw request body, bytes>, "signature": <header value>}`:
  the raw bytes, because the signature covers them exactly and re-serialised JSON would not verify.

In real Stripe the buyer types the card into Stripe.js's Payment Element on our own page
(`views.card_page`, needs STRIPE_PUBLISHABLE_KEY), which confirms the PaymentIntent with its
client_secret and returns to our return URL. With STRIPE_API_BASE empty the simulator's card page
stands in for it (simulator.py): Stripe.js cannot talk to a local Stripe.
"""

import datetime
import json
import logging
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from payments.gateways.base import (
    InvalidSignature,
    PaymentRequest,
    PaymentStart,
    ProviderResult,
    ProviderUnavailable,
    RefundRequest,
    RefundResult,
)

from .wire import encode_form, verify_signature

logger = logging.getLogger(__name__)

API_VERSION = "2024-06-20"  # pinned: the object shapes below (latest_charge, amount_received) are this version's
API_TIMEOUT = 30
DEFAULT_TOLERANCE = 300  # seconds, as Stripe's SDKs
SIM_SECRET_KEY = "sk_test_simulator"  # noqa: S105 - used only with the simulator, when STRIPE_SECRET_KEY is empty
SIM_WEBHOOK_SECRET = "whsec_simulator"  # noqa: S105 - same, for STRIPE_WEBHOOK_SECRET
INTENT_ID = re.compile(r"^pi_[A-Za-z0-9]+$")
HANDLED_EVENTS = ("payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded")

# (HTTP method, URL, form-encoded body, headers, timeout) -> (HTTP status, JSON answer)
Transport = Callable[[str, str, str, dict, float], tuple[int, dict]]


class StripeRejected(Exception):
    """Stripe answered 4xx (bad parameters, unknown object, card error, idempotency key reused...)."""

    def __init__(self, status: int, error: dict):
        self.status = status
        self.type = str(error.get("type", ""))
        self.code = str(error.get("code") or error.get("decline_code") or "")
        self.message = str(error.get("message", ""))
        super().__init__(f"Stripe HTTP {status} {self.type} {self.code}: {self.message}")


class UnhandledEvent(Exception):
    """A verified event of a type we do not act on: acknowledged (2xx) so Stripe stops sending it."""


# --- transport -----------------------------------------------------------------------------------
def http_transport(method: str, url: str, body: str, headers: dict, timeout: float) -> tuple[int, dict]:
    """One HTTP request to Stripe; timeouts, connection errors and answers that are not JSON are ProviderUnavailable."""
    if not url.startswith(("https://", "http://")):
        raise ProviderUnavailable(f"Stripe endpoint {url!r} is not an http(s) URL")
    data = body.encode("utf-8") if method == "POST" else None
    request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310 - checked above
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        try:
            return exc.code, json.loads(exc.read().decode("utf-8"))
        except ValueError as parse_exc:
            raise ProviderUnavailable(f"Stripe answered HTTP {exc.code} without JSON") from parse_exc
    except (TimeoutError, urllib.error.URLError, ConnectionError) as exc:
        raise ProviderUnavailable(f"Stripe did not answer: {exc}") from exc
    except ValueError as exc:
        raise ProviderUnavailable("Stripe answered with something that is not JSON") from exc


def configured_secret_key(simulated: bool) -> str:
    return getattr(settings, "STRIPE_SECRET_KEY", "") or (SIM_SECRET_KEY if simulated else "")


def configured_webhook_secret(simulated: bool) -> str:
    # Never a built-in secret against real Stripe: without one, every webhook is refused.
    return getattr(settings, "STRIPE_WEBHOOK_SECRET", "") or (SIM_WEBHOOK_SECRET if simulated else "")


def _vnd(obj: dict, field: str) -> Decimal:
    # Our intents are always VND. Anything else cannot be read as dong: zero never equals an attempt's
    # amount, so apply_provider_result refuses it and sends the attempt to staff review.
    if obj.get("currency") != "vnd" or not isinstance(obj.get(field), int):
        return Decimal(0)
    return Decimal(obj[field])


class StripeGateway:
    """Card payments: one PaymentIntent per attempt, our reference in its metadata."""

    code = "card"

    def __init__(
        self,
        *,
        secret_key=None,
        webhook_secret=None,
        api_base=None,
        tolerance=None,
        transport: Transport | None = None,
        clock: Callable[[], float] = time.time,
    ):
        self.api_base = (getattr(settings, "STRIPE_API_BASE", "") if api_base is None else api_base).rstrip("/")
        self.simulated = not self.api_base
        self.secret_key = secret_key or configured_secret_key(self.simulated)
        self.webhook_secret = webhook_secret or configured_webhook_secret(self.simulated)
        self.tolerance = int(
            getattr(settings, "STRIPE_WEBHOOK_TOLERANCE", DEFAULT_TOLERANCE) if tolerance is None else tolerance
        )
        if transport is None:
            if self.simulated:
                from . import simulator

                transport = simulator.local_transport
            else:
                transport = http_transport
        self.transport = transport
        self.clock = clock

    def _request(self, method: str, path: str, params: dict | None = None, *, idempotency_key: str = "") -> dict:
        body = urlencode(encode_form(params or {}))
        url = f"{self.api_base}{path}"
        if method == "GET" and body:
            url, body = f"{url}?{body}", ""
        headers = {"Authorization": f"Bearer {self.secret_key}", "Stripe-Version": API_VERSION}
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        status, answer = self.transport(method, url, body, headers, API_TIMEOUT)
        if status in (409, 429) or status >= 500:
            raise ProviderUnavailable(f"Stripe answered HTTP {status} to {method} {path}")
        if status >= 400:
            raise StripeRejected(status, answer.get("error") or {})
        return answer

    # --- Gateway -----------------------------------------------------------------------------------
    def start(self, request: PaymentRequest) -> PaymentStart:
        """POST /v1/payment_intents (idempotent per reference); the buyer then confirms it with the card."""
        intent = self._request(
            "POST",
            "/v1/payment_intents",
            {
                "amount": int(request.amount),  # zero-decimal: whole dong
                "currency": "vnd",
                "payment_method_types": ["card"],
                "description": request.description,
                "metadata": {"reference": request.reference},
            },
            idempotency_key=f"pi-create-{request.reference}",
        )
        if self.simulated:
            from . import simulator

            redirect_url = simulator.card_page_url(intent["id"], intent["client_secret"], request.return_url)
        else:
            query = urlencode({"client_secret": intent["client_secret"]})
            redirect_url = f"{reverse('stripe:card', args=[intent['id']])}?{query}"
        return PaymentStart(redirect_url=redirect_url, provider_reference=intent["id"])

    def verify_callback(self, params: dict) -> ProviderResult:
        """Verify a webhook ({"payload": raw body, "signature": Stripe-Signature}) before reading it.

        Raises InvalidSignature (forged, changed, too old or from the future), ValueError (signed but not
        an event) or UnhandledEvent (a type we do not act on).
        """
        if not isinstance(params, dict):
            raise InvalidSignature("a Stripe webhook is its raw body and its Stripe-Signature header")
        payload = params.get("payload", b"")
        if isinstance(payload, str):
            payload = payload.encode("utf-8")
        if not self.webhook_secret:
            raise InvalidSignature("no Stripe webhook secret is configured")
        verify_signature(
            payload, str(params.get("signature", "")), self.webhook_secret, tolerance=self.tolerance, now=self.clock()
        )
        event = json.loads(payload.decode("utf-8"))
        if not isinstance(event, dict) or event.get("object") != "event":
            raise ValueError("the signed body is not a Stripe event")
        return self.result_from_event(event)

    def result_from_event(self, event: dict) -> ProviderResult:
        """A verified event as a ProviderResult keyed by the event id (Stripe may deliver it many times)."""
        kind, obj = event.get("type"), (event.get("data") or {}).get("object")
        if kind not in HANDLED_EVENTS or not isinstance(obj, dict):
            raise UnhandledEvent(str(kind))
        common = {"event_key": str(event.get("id", "")), "raw": event}
        if kind == "payment_intent.succeeded":
            return ProviderResult(
                reference=_reference(obj),
                succeeded=True,
                amount=_vnd(obj, "amount_received"),
                provider_transaction_id=str(obj.get("id", "")),
                code="succeeded",
                **common,
            )
        if kind == "payment_intent.payment_failed":
            error = obj.get("last_payment_error") or {}
            return ProviderResult(
                reference=_reference(obj),
                succeeded=False,
                amount=_vnd(obj, "amount"),
                provider_transaction_id=str(obj.get("id", "")),
                code=str(error.get("decline_code") or error.get("code") or "payment_failed"),
                message=str(error.get("message", "")),
                **common,
            )
        # charge.refunded: a refund implies the charge succeeded, so it confirms the payment (a no-op once
        # it is booked). Refunds we make are booked by refund_attempt; the view warns about any other.
        intent_id = str(obj.get("payment_intent") or "")
        reference = _reference(obj) or self._reference_of_intent(intent_id)
        return ProviderResult(
            reference=reference,
            succeeded=True,
            amount=_vnd(obj, "amount_captured"),
            provider_transaction_id=intent_id,
            code="refunded",
            message=f"amount_refunded={obj.get('amount_refunded')}",
            **common,
        )

    def _reference_of_intent(self, intent_id: str) -> str:
        # [?] Whether a charge carries its PaymentIntent's metadata is unconfirmed: ask for the intent then.
        if not INTENT_ID.match(intent_id):
            return ""
        return _reference(self.retrieve_intent(intent_id))

    def retrieve_intent(self, intent_id: str, *, with_charge: bool = False) -> dict:
        """GET /v1/payment_intents/{id} (optionally with latest_charge expanded); ValueError for a malformed id."""
        if not INTENT_ID.match(intent_id or ""):
            raise ValueError(f"not a PaymentIntent id: {intent_id!r}")
        return self._request(
            "GET", f"/v1/payment_intents/{intent_id}", {"expand": ["latest_charge"]} if with_charge else None
        )

    def query(self, reference: str, *, created_at: datetime.datetime | None = None) -> ProviderResult | None:
        """The attempt's intent at Stripe (found by its metadata); None while the buyer may still pay."""
        found = self._request(
            "GET", "/v1/payment_intents/search", {"query": f"metadata['reference']:'{reference}'", "limit": 10}
        )
        intents = sorted(found.get("data") or [], key=lambda pi: pi.get("status") != "succeeded")
        if not intents:
            return None
        # Search is eventually consistent; the object itself is not.
        intent = self.retrieve_intent(str(intents[0].get("id", "")), with_charge=True)
        status = intent.get("status")
        if status not in ("succeeded", "canceled"):  # requires_payment_method/_action, processing: not decided yet
            return None
        return ProviderResult(
            reference=reference,
            event_key=f"query:{intent['id']}:{status}",
            succeeded=status == "succeeded",
            amount=_vnd(intent, "amount_received" if status == "succeeded" else "amount"),
            provider_transaction_id=str(intent["id"]),
            code=str(status),
            raw=intent,
        )

    def occurred_at(self, result: ProviderResult) -> datetime.datetime | None:
        """When Stripe says it happened: the event's creation, or the intent's latest charge."""
        raw = result.raw or {}
        if raw.get("object") == "event":
            seconds = raw.get("created")
        else:
            charge = raw.get("latest_charge")
            seconds = charge.get("created") if isinstance(charge, dict) else None
        return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC) if isinstance(seconds, int) else None

    def refund(self, request: RefundRequest) -> RefundResult:
        """POST /v1/refunds for the intent; the same refund retried (after a timeout) is answered once by Stripe."""
        if not INTENT_ID.match(request.provider_transaction_id or ""):
            return RefundResult(
                succeeded=False, code="no_payment_intent", message="the attempt has no Stripe PaymentIntent id"
            )
        key = f"refund-{request.reference}-{int(request.refunded_before)}-{int(request.amount)}"
        try:
            refund = self._request(
                "POST",
                "/v1/refunds",
                {
                    "payment_intent": request.provider_transaction_id,
                    "amount": int(request.amount),
                    "metadata": {"reference": request.reference},
                },
                idempotency_key=key,
            )
        except StripeRejected as exc:
            return RefundResult(succeeded=False, code=exc.code or exc.type, message=exc.message)
        # "pending" means accepted and on its way back to the card; failed/canceled mean it will not arrive.
        status = str(refund.get("status", ""))
        return RefundResult(
            succeeded=status in ("succeeded", "pending"),
            provider_refund_id=str(refund.get("id", "")),
            code=status,
            message=str(refund.get("failure_reason") or ""),
        )


def _reference(obj: dict) -> str:
    metadata = obj.get("metadata")
    return str(metadata.get("reference", "")) if isinstance(metadata, dict) else ""
