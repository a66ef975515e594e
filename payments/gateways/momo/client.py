"""MoMo API v2 spoken as a Gateway. Protocol facts: shared/reference/payments-logistics.md section 2.

Every request and callback is signed with HMAC-SHA256(secretKey, rawSignature), hex, where
rawSignature is "key=value&..." in a fixed, alphabetical field order per message, values raw
(not URL-encoded), accessKey included although it is not sent in the body.
"""

import datetime
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings

from payments.gateways.base import (
    InvalidSignature,
    PaymentRequest,
    PaymentStart,
    ProviderResult,
    ProviderUnavailable,
    RefundRequest,
    RefundResult,
)

logger = logging.getLogger(__name__)

CREATE_FIELDS = (
    "accessKey",
    "amount",
    "extraData",
    "ipnUrl",
    "orderId",
    "orderInfo",
    "partnerCode",
    "redirectUrl",
    "requestId",
    "requestType",
)
IPN_FIELDS = (
    "accessKey",
    "amount",
    "extraData",
    "message",
    "orderId",
    "orderInfo",
    "orderType",
    "partnerCode",
    "payType",
    "requestId",
    "responseTime",
    "resultCode",
    "transId",
)
QUERY_FIELDS = ("accessKey", "orderId", "partnerCode", "requestId")
REFUND_FIELDS = ("accessKey", "amount", "description", "orderId", "partnerCode", "requestId", "transId")

SUCCESS_CODES = {0, 9000}  # 9000 = authorized; with captureWallet's default autoCapture it is paid
PENDING_CODES = {1000, 7000, 7002, 8000}
CREATE_TIMEOUT = 30  # MoMo asks for at least 30 s
API_TIMEOUT = 30

Transport = Callable[[str, dict, float], dict]


class MomoRejected(Exception):
    """MoMo answered a request with a non-zero resultCode (bad amount, duplicate id, ...)."""

    def __init__(self, result_code, message):
        super().__init__(f"MoMo resultCode {result_code}: {message}")
        self.result_code = result_code


def raw_signature(fields: tuple[str, ...], values: dict, *, access_key: str) -> str:
    return "&".join(f"{name}={access_key if name == 'accessKey' else _text(values.get(name, ''))}" for name in fields)


def _text(value) -> str:
    return "" if value is None else str(value)


def sign(raw: str, secret_key: str) -> str:
    return hmac.new(secret_key.encode("utf-8"), raw.encode("utf-8"), hashlib.sha256).hexdigest()


def response_fields(values: dict) -> tuple[str, ...]:
    # [?] MoMo's rule for signing its query/refund answers is not in the reference: accessKey plus the
    # answer's own fields, alphabetical, is what the simulator does. Real answers are only logged on mismatch.
    return (
        "accessKey",
        *sorted(k for k in values if k not in ("signature", "accessKey") and not isinstance(values[k], list | dict)),
    )


def http_transport(url: str, body: dict, timeout: float) -> dict:
    """POST JSON; timeouts, connection errors and 5xx become ProviderUnavailable."""
    if not url.startswith(("https://", "http://")):
        raise ProviderUnavailable(f"MoMo endpoint {url!r} is not an http(s) URL")
    data = json.dumps(body).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        url, data=data, headers={"Content-Type": "application/json; charset=UTF-8"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        if exc.code >= 500:
            raise ProviderUnavailable(f"MoMo answered HTTP {exc.code}") from exc
        try:
            return json.loads(exc.read().decode("utf-8"))
        except ValueError as parse_exc:
            raise ProviderUnavailable(f"MoMo answered HTTP {exc.code} without JSON") from parse_exc
    except (TimeoutError, urllib.error.URLError, ConnectionError) as exc:
        raise ProviderUnavailable(f"MoMo did not answer: {exc}") from exc
    except ValueError as exc:
        raise ProviderUnavailable("MoMo answered with something that is not JSON") from exc


class MomoGateway:
    code = "momo"

    def __init__(
        self, *, partner_code=None, access_key=None, secret_key=None, endpoint=None, transport: Transport | None = None
    ):
        self.partner_code = partner_code or getattr(settings, "MOMO_PARTNER_CODE", "SIMMOMO")
        self.access_key = access_key or getattr(settings, "MOMO_ACCESS_KEY", "sim-momo-access")
        self.secret_key = secret_key or getattr(settings, "MOMO_SECRET_KEY", "sim-momo-secret")
        self.endpoint = (getattr(settings, "MOMO_ENDPOINT", "") if endpoint is None else endpoint).rstrip("/")
        self.simulated = not self.endpoint
        if transport is None:
            if self.simulated:
                from . import simulator

                transport = simulator.local_transport
            else:
                transport = http_transport
        self.transport = transport

    # --- signing -------------------------------------------------------------------------
    def signature(self, fields: tuple[str, ...], values: dict) -> str:
        return sign(raw_signature(fields, values, access_key=self.access_key), self.secret_key)

    def check_signature(self, fields: tuple[str, ...], values: dict) -> bool:
        return hmac.compare_digest(_text(values.get("signature")).lower(), self.signature(fields, values))

    def _call(self, path: str, body: dict, timeout: float, fields_for_answer=response_fields) -> dict:
        answer = self.transport(f"{self.endpoint}{path}", body, timeout)
        if "signature" in answer and not self.check_signature(fields_for_answer(answer), answer):
            if self.simulated:
                raise InvalidSignature(f"MoMo answer to {path} has a bad signature")
            logger.warning("MoMo answer to %s: signature not verified under our assumed field order", path)
        return answer

    # --- Gateway ---------------------------------------------------------------------------
    def create_body(self, request: PaymentRequest, *, request_id: str = "") -> dict:
        body = {
            "partnerCode": self.partner_code,
            "requestId": request_id or f"{request.reference}-{uuid.uuid4().hex[:8]}",
            "amount": int(request.amount),
            "orderId": request.reference,
            "orderInfo": request.description,
            "redirectUrl": request.return_url,
            "ipnUrl": request.notify_url,
            "requestType": "captureWallet",
            "extraData": "",
            "lang": "en" if request.locale == "en" else "vi",
        }
        body["signature"] = self.signature(CREATE_FIELDS, body)
        return body

    def start(self, request: PaymentRequest) -> PaymentStart:
        """POST /v2/gateway/api/create; the buyer then goes to payUrl."""
        answer = self._call("/v2/gateway/api/create", self.create_body(request), CREATE_TIMEOUT)
        if int(answer.get("resultCode", -1)) != 0 or not answer.get("payUrl"):
            raise MomoRejected(answer.get("resultCode"), answer.get("message", ""))
        return PaymentStart(redirect_url=answer["payUrl"], provider_reference=request.reference)

    def verify_callback(self, params: dict) -> ProviderResult:
        """Verify an IPN (or the redirect's query string: same fields) before reading anything from it."""
        if not isinstance(params, dict) or not self.check_signature(IPN_FIELDS, params):
            raise InvalidSignature("MoMo callback signature does not match")
        if params.get("partnerCode") != self.partner_code:
            raise InvalidSignature("MoMo callback for another partner")
        return self._result(params)

    def _result(self, values: dict) -> ProviderResult:
        code = int(values.get("resultCode", -1))
        return ProviderResult(
            reference=_text(values.get("orderId")),
            event_key=f"{values.get('orderId')}:{values.get('transId')}:{code}",
            succeeded=code in SUCCESS_CODES,
            amount=Decimal(_text(values.get("amount")) or "0"),
            provider_transaction_id=_text(values.get("transId")),
            code=str(code),
            message=_text(values.get("message")),
            raw=dict(values),
        )

    def query(self, reference: str, *, created_at: datetime.datetime | None = None) -> ProviderResult | None:
        """The order's status at MoMo; None while it is still pending there."""
        body = {
            "partnerCode": self.partner_code,
            "requestId": f"q-{uuid.uuid4().hex[:16]}",
            "orderId": reference,
            "lang": "en",
        }
        body["signature"] = self.signature(QUERY_FIELDS, body)
        answer = self._call("/v2/gateway/api/query", body, API_TIMEOUT)
        if int(answer.get("resultCode", -1)) in PENDING_CODES:
            return None
        return self._result(answer)

    def refund(self, request: RefundRequest) -> RefundResult:
        """POST /v2/gateway/api/refund with a new orderId; ProviderUnavailable on timeout (nothing changed)."""
        body = {
            "partnerCode": self.partner_code,
            "orderId": f"{request.reference}-R{uuid.uuid4().hex[:8]}",
            "requestId": f"r-{uuid.uuid4().hex[:16]}",
            "amount": int(request.amount),
            "transId": int(request.provider_transaction_id)
            if request.provider_transaction_id.isdigit()
            else request.provider_transaction_id,
            "lang": "en",
            "description": request.reason[:200],
        }
        body["signature"] = self.signature(REFUND_FIELDS, body)
        answer = self._call("/v2/gateway/api/refund", body, API_TIMEOUT)
        code = int(answer.get("resultCode", -1))
        return RefundResult(
            succeeded=code == 0,
            provider_refund_id=_text(answer.get("transId")),
            code=str(code),
            message=_text(answer.get("message")),
        )
