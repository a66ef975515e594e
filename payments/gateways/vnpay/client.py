"""VNPay 2.1.0 client: the signed payment URL, callback verification, querydr and refund.

Protocol facts: ../shared/reference/payments-logistics.md section 1. The payment URL and every
return/IPN callback are signed with HMAC-SHA512 over the sorted, form-encoded `vnp_*` fields;
the JSON transaction API (querydr, refund) signs pipe-joined values in a fixed order instead.
"""

import datetime
import hashlib
import hmac
import json
import logging
import re
import secrets
import unicodedata
import urllib.error
import urllib.request
from decimal import Decimal, InvalidOperation
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

logger = logging.getLogger(__name__)

VERSION = "2.1.0"
GMT7 = datetime.timezone(datetime.timedelta(hours=7))
EXPIRY = datetime.timedelta(minutes=15)
HASH_FIELDS = ("vnp_SecureHash", "vnp_SecureHashType")
QUERY_REQUEST_ORDER = (
    "vnp_RequestId vnp_Version vnp_Command vnp_TmnCode vnp_TxnRef vnp_TransactionDate vnp_CreateDate vnp_IpAddr "
    "vnp_OrderInfo"
).split()
REFUND_REQUEST_ORDER = (
    "vnp_RequestId vnp_Version vnp_Command vnp_TmnCode vnp_TransactionType vnp_TxnRef vnp_Amount vnp_TransactionNo "
    "vnp_TransactionDate vnp_CreateBy vnp_CreateDate vnp_IpAddr vnp_OrderInfo"
).split()
REFUND_RESPONSE_ORDER = (
    "vnp_ResponseId vnp_Command vnp_ResponseCode vnp_Message vnp_TmnCode vnp_TxnRef vnp_Amount vnp_BankCode "
    "vnp_PayDate vnp_TransactionNo vnp_TransactionType vnp_TransactionStatus vnp_OrderInfo"
).split()
QUERY_RESPONSE_ORDER = [*REFUND_RESPONSE_ORDER, "vnp_PromotionCode", "vnp_PromotionAmount"]


# --- signatures -------------------------------------------------------------------------------


def hmac_sha512(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode("utf-8"), hashlib.sha512).hexdigest()


def canonical_query(params: dict) -> str:
    """Sorted, form-encoded `vnp_*` fields with a value, without the hash fields (= the query string)."""
    fields = {k: str(v) for k, v in params.items() if k.startswith("vnp_") and k not in HASH_FIELDS and str(v) != ""}
    return urlencode(sorted(fields.items()))


def sign_query(params: dict, secret: str) -> str:
    return hmac_sha512(secret, canonical_query(params))


def signed_query_string(params: dict, secret: str) -> str:
    return f"{canonical_query(params)}&vnp_SecureHash={sign_query(params, secret)}"


def sign_pipe(body: dict, order: list[str], secret: str) -> str:
    return hmac_sha512(secret, "|".join(str(body.get(name, "")) for name in order))


def signature_matches(expected: str, received: str) -> bool:
    return hmac.compare_digest(expected.lower().encode(), (received or "").lower().encode())


# --- small formats ----------------------------------------------------------------------------


def vnp_datetime(moment: datetime.datetime) -> str:
    return moment.astimezone(GMT7).strftime("%Y%m%d%H%M%S")


def parse_vnp_datetime(text: str) -> datetime.datetime:
    return datetime.datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=GMT7)


def vnp_amount(amount: Decimal) -> str:
    return str(int(Decimal(amount) * 100))


def ascii_order_info(text: str) -> str:
    """VNPay wants OrderInfo without diacritics or special characters."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", re.sub(r"[^A-Za-z0-9 ]", " ", text)).strip()[:255] or "Thanh toan"


def _request_id() -> str:
    return secrets.token_hex(16)


# --- the gateway ------------------------------------------------------------------------------


class VNPayGateway:
    """Implements `payments.gateways.base.Gateway` for VNPay 2.1.0.

    With `VNPAY_PAYMENT_URL` / `VNPAY_API_URL` unset it talks to the local simulator
    (`payments.gateways.vnpay.simulator`): the browser is sent to its page, and the
    transaction API is answered in process.
    """

    code = "vnpay"

    def __init__(
        self, *, tmn_code=None, hash_secret=None, payment_url=None, api_url=None, timeout=None, server_ip="127.0.0.1"
    ):
        self.tmn_code = tmn_code or getattr(settings, "VNPAY_TMN_CODE", "SIMTMN01")
        self.hash_secret = hash_secret or getattr(settings, "VNPAY_HASH_SECRET", "sim-vnpay-secret")
        self.payment_url = payment_url if payment_url is not None else getattr(settings, "VNPAY_PAYMENT_URL", "")
        self.api_url = api_url if api_url is not None else getattr(settings, "VNPAY_API_URL", "")
        self.timeout = timeout if timeout is not None else getattr(settings, "VNPAY_API_TIMEOUT", 10)
        self.server_ip = server_ip

    # -- pay ---------------------------------------------------------------------------------

    def payment_params(self, request: PaymentRequest, *, now: datetime.datetime | None = None) -> dict:
        """The `vnp_*` fields of the payment URL, unsigned; the attempt's own dates when given."""
        if request.created_at is not None:
            created = request.created_at
        elif request.expires_at is not None:
            created = request.expires_at - EXPIRY
        else:
            created = now or datetime.datetime.now(datetime.UTC)
        expires = request.expires_at or created + EXPIRY
        return {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": vnp_amount(request.amount),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": request.reference,
            "vnp_OrderInfo": ascii_order_info(request.description),
            "vnp_OrderType": "other",
            "vnp_Locale": request.locale if request.locale in ("vn", "en") else "vn",
            "vnp_ReturnUrl": request.return_url,
            "vnp_IpAddr": request.client_ip or "127.0.0.1",
            "vnp_CreateDate": vnp_datetime(created),
            "vnp_ExpireDate": vnp_datetime(expires),
        }

    def start(self, request: PaymentRequest, *, now: datetime.datetime | None = None) -> PaymentStart:
        params = self.payment_params(request, now=now)
        base = self.payment_url or reverse("vnpay:sim-pay")
        return PaymentStart(
            redirect_url=f"{base}?{signed_query_string(params, self.hash_secret)}",
            provider_reference=request.reference,
        )

    # -- callbacks ---------------------------------------------------------------------------

    def verify_callback(self, params: dict) -> ProviderResult:
        """Verify a return-URL or IPN query (`request.GET`) and parse it; raise InvalidSignature."""
        flat = {k: (params.get(k) or "") for k in params.keys()}
        received = flat.get("vnp_SecureHash", "")
        if not received or not signature_matches(sign_query(flat, self.hash_secret), received):
            raise InvalidSignature(f"vnp_SecureHash does not match for TxnRef {flat.get('vnp_TxnRef', '?')!r}")
        if flat.get("vnp_TmnCode") != self.tmn_code:
            raise InvalidSignature(f"callback for another terminal {flat.get('vnp_TmnCode')!r}")
        try:
            amount = Decimal(flat["vnp_Amount"]) / 100
        except (KeyError, InvalidOperation) as exc:
            raise ValueError("vnp_Amount missing or not a number") from exc
        reference = flat.get("vnp_TxnRef", "")
        response_code = flat.get("vnp_ResponseCode", "")
        transaction_no = flat.get("vnp_TransactionNo", "")
        status = flat.get("vnp_TransactionStatus", response_code)
        return ProviderResult(
            reference=reference,
            event_key=f"{reference}:{transaction_no}:{response_code}",
            succeeded=response_code == "00" and status == "00",
            amount=amount,
            provider_transaction_id=transaction_no if transaction_no not in ("", "0") else "",
            code=response_code,
            message=flat.get("vnp_OrderInfo", ""),
            raw=flat,
        )

    def occurred_at(self, result: ProviderResult) -> datetime.datetime | None:
        """vnp_PayDate (signed by VNPay) as an aware datetime, if present and well formed."""
        try:
            return parse_vnp_datetime(str(result.raw.get("vnp_PayDate", "")))
        except ValueError:
            return None

    # -- transaction API ---------------------------------------------------------------------

    def query(self, reference: str, *, created_at: datetime.datetime) -> ProviderResult | None:
        """querydr: a ProviderResult when VNPay knows a final result, None while unpaid or unknown."""
        body = {
            "vnp_RequestId": _request_id(),
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": reference,
            "vnp_OrderInfo": f"Truy van giao dich {ascii_order_info(reference)}",
            "vnp_TransactionDate": vnp_datetime(created_at),
            "vnp_CreateDate": vnp_datetime(datetime.datetime.now(datetime.UTC)),
            "vnp_IpAddr": self.server_ip,
        }
        body["vnp_SecureHash"] = sign_pipe(body, QUERY_REQUEST_ORDER, self.hash_secret)
        answer = self._post(body, QUERY_RESPONSE_ORDER)
        code, status = answer.get("vnp_ResponseCode"), answer.get("vnp_TransactionStatus")
        if code == "91" or (code == "00" and status == "01"):
            return None
        if code != "00":
            raise ProviderUnavailable(f"VNPay querydr answered {code}: {answer.get('vnp_Message', '')}")
        transaction_no = str(answer.get("vnp_TransactionNo", ""))
        succeeded = status == "00"
        # Same key as the IPN of a success, so whichever arrives second is a duplicate.
        key_code = "00" if succeeded else f"qdr{status}"
        return ProviderResult(
            reference=reference,
            event_key=f"{reference}:{transaction_no}:{key_code}",
            succeeded=succeeded,
            amount=Decimal(str(answer.get("vnp_Amount", "0"))) / 100,
            provider_transaction_id=transaction_no if transaction_no not in ("", "0") else "",
            code=status or "",
            message=answer.get("vnp_Message", ""),
            raw=answer,
        )

    def refund(self, request: RefundRequest, *, transaction_date: datetime.datetime | None = None) -> RefundResult:
        """Refund "02" (full) or "03" (partial); ProviderUnavailable on timeout or 5xx."""
        body = {
            "vnp_RequestId": _request_id(),
            "vnp_Version": VERSION,
            "vnp_Command": "refund",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TransactionType": "02" if request.full else "03",
            "vnp_TxnRef": request.reference,
            "vnp_Amount": vnp_amount(request.amount),
            "vnp_TransactionNo": request.provider_transaction_id or "0",
            "vnp_TransactionDate": vnp_datetime(transaction_date or datetime.datetime.now(datetime.UTC)),
            "vnp_CreateBy": request.requested_by[:64] or "system",
            "vnp_CreateDate": vnp_datetime(datetime.datetime.now(datetime.UTC)),
            "vnp_IpAddr": request.client_ip or self.server_ip,
            "vnp_OrderInfo": ascii_order_info(request.reason or f"Hoan tien {request.reference}"),
        }
        body["vnp_SecureHash"] = sign_pipe(body, REFUND_REQUEST_ORDER, self.hash_secret)
        answer = self._post(body, REFUND_RESPONSE_ORDER)
        code = answer.get("vnp_ResponseCode", "")
        return RefundResult(
            succeeded=code == "00",
            provider_refund_id=str(answer.get("vnp_TransactionNo") or answer.get("vnp_ResponseId") or ""),
            code=code,
            message=answer.get("vnp_Message", ""),
        )

    def _post(self, body: dict, response_order: list[str]) -> dict:
        if self.api_url:
            answer = self._post_http(body)
        else:
            from payments.gateways.vnpay import simulator  # local simulator answers in process

            answer = simulator.transaction_api(body)
        expected = sign_pipe(answer, response_order, self.hash_secret)
        if not signature_matches(expected, answer.get("vnp_SecureHash", "")):
            logger.warning("VNPay %s answer with a bad signature refused: %s", body["vnp_Command"], answer)
            raise InvalidSignature(f"VNPay {body['vnp_Command']} answer signature does not match")
        return answer

    def _post_http(self, body: dict) -> dict:
        if not self.api_url.startswith(("https://", "http://")):
            raise ProviderUnavailable(f"VNPAY_API_URL must be an http(s) URL, not {self.api_url!r}")
        data = json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        req = urllib.request.Request(self.api_url, data=data, headers=headers)  # noqa: S310 (scheme checked above)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                return json.loads(response.read().decode())
        except urllib.error.HTTPError as exc:
            if exc.code >= 500:
                raise ProviderUnavailable(f"VNPay answered HTTP {exc.code}") from exc
            raise ProviderUnavailable(f"VNPay refused the request with HTTP {exc.code}") from exc
        except (TimeoutError, urllib.error.URLError, OSError, ValueError) as exc:
            raise ProviderUnavailable(f"VNPay did not answer {body['vnp_Command']} in {self.timeout}s: {exc}") from exc
