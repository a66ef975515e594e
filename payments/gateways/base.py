"""The boundary to payment providers: small typed values in, small typed values out.

Each provider package (`payments/gateways/<name>/`) has `client.py` (speaks the real protocol,
implements `Gateway`), `simulator.py` (plays the provider locally with the same protocol:
field names, signatures, callback retries) and its tests under `tests/payments/<name>/`.
Callbacks are verified before anything in them is read.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol


class InvalidSignature(Exception):
    """A callback whose signature does not verify: answered as the provider expects, never applied."""


class ProviderUnavailable(Exception):
    """The provider timed out or answered 5xx: retry later, change nothing now."""


@dataclass(frozen=True)
class PaymentRequest:
    reference: str  # our unique merchant reference for this attempt
    amount: Decimal  # VND, whole number
    description: str  # shown to the buyer at the provider (ASCII-safe where the provider needs it)
    return_url: str
    notify_url: str
    client_ip: str = "127.0.0.1"
    expires_at: datetime.datetime | None = None
    locale: str = "vn"
    created_at: datetime.datetime | None = None  # when the attempt was made (VNPay sends it as vnp_CreateDate)


@dataclass(frozen=True)
class PaymentStart:
    """What the buyer's browser does next: go to `redirect_url`, or show `qr_payload`."""

    redirect_url: str = ""
    qr_payload: str = ""
    provider_reference: str = ""


@dataclass(frozen=True)
class ProviderResult:
    """A verified statement from the provider about one attempt."""

    reference: str
    event_key: str  # unique per provider event (see ProviderEvent)
    succeeded: bool
    amount: Decimal
    provider_transaction_id: str = ""
    code: str = ""  # the provider's own result code
    message: str = ""
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RefundRequest:
    reference: str
    provider_transaction_id: str
    amount: Decimal
    full: bool
    reason: str
    requested_by: str
    client_ip: str = "127.0.0.1"
    # Booked refunds before this one: a retried refund (same before, same amount) is the same refund,
    # which lets idempotent providers (Stripe) answer it once.
    refunded_before: Decimal = Decimal(0)


@dataclass(frozen=True)
class RefundResult:
    succeeded: bool
    provider_refund_id: str = ""
    code: str = ""
    message: str = ""


class Gateway(Protocol):
    code: str  # PaymentMethod value

    def start(self, request: PaymentRequest) -> PaymentStart: ...

    def verify_callback(self, params: dict) -> ProviderResult:
        """Verify and parse a return-URL/IPN/webhook payload; raise InvalidSignature."""

    def query(self, reference: str, *, created_at: datetime.datetime) -> ProviderResult | None: ...

    def refund(self, request: RefundRequest) -> RefundResult: ...
