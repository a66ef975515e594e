"""VietQR as a Gateway: the "provider" is the buyer's own bank app, so start() only builds the QR.

Money is confirmed by the bank feed (bankfeed.py), not by anything the buyer's browser sends.
There is no provider to query and no API refund: staff refund a transfer by hand.
"""

import datetime

from django.utils.translation import gettext_lazy as _

from payments.gateways.base import (
    InvalidSignature,
    PaymentRequest,
    PaymentStart,
    ProviderResult,
    RefundRequest,
    RefundResult,
)

from . import account
from .payload import build_payload, memo_code


class VietQRGateway:
    code = "vietqr"
    can_query = False  # transfers are only known from the bank feed

    def __init__(self, *, bank_bin: str = account.BANK_BIN, account_number: str = account.ACCOUNT_NUMBER):
        self.bank_bin = bank_bin
        self.account_number = account_number

    def start(self, request: PaymentRequest) -> PaymentStart:
        """The QR payload (shown as an image) and the memo code the transfer must carry."""
        return self._start(request.reference, request.amount)

    def start_for_attempt(self, attempt) -> PaymentStart:
        """The same QR again for an existing attempt (the payload is deterministic)."""
        return self._start(attempt.reference, attempt.amount)

    def _start(self, reference: str, amount) -> PaymentStart:
        code = memo_code(reference)
        payload = build_payload(bank_bin=self.bank_bin, account_number=self.account_number, amount=amount, purpose=code)
        return PaymentStart(qr_payload=payload, provider_reference=code)

    def verify_callback(self, params: dict) -> ProviderResult:
        # Transfers are only learned from the signed bank feed (bankfeed.handle_webhook), never from the buyer.
        raise InvalidSignature("VietQR has no buyer-side callback; use the bank-feed webhook")

    def query(self, reference: str, *, created_at: datetime.datetime) -> ProviderResult | None:
        return None

    def refund(self, request: RefundRequest) -> RefundResult:
        return RefundResult(
            succeeded=False, code="manual", message=str(_("Bank transfers are refunded by hand by staff."))
        )
