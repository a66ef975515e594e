"""Incoming transfers from the bank feed (SePay-style webhook), matched to VietQR attempts.

Protocol facts: shared/reference/payments-logistics.md section 3.3.
- Payload: SePay's flat camelCase object (id, gateway, transactionDate, accountNumber, code,
  content, transferType, transferAmount, referenceCode, ...) [X]; Casso V2's
  {"error": 0, "data": {id, description, amount, accountNumber, reference, ...}} is read too [C].
- Signature: HMAC-SHA256 of the raw request body with BANK_FEED_WEBHOOK_SECRET, hex, in the
  `X-Bankfeed-Signature` header ("sha256=" prefix tolerated). [?] SePay offers HMAC-SHA256 but
  its exact header and format were not seen; Casso V2 signs differently (HMAC-SHA512 over
  "t.sorted JSON"). Re-check against the chosen feed before go-live.
- Answer: HTTP 2xx with {"success": true}; anything else makes the feed retry.

Matching: the memo must carry the attempt's code (payload.memo_code); bank apps add spaces,
change case, add diacritics and prefixes, so both sides are compared as letters and digits only.
The transferred amount is passed to the ledger as it is: a different amount is never credited,
the ledger flags it for staff.
"""

import hashlib
import hmac
import json
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Replace, Upper

from payments.gateways.base import InvalidSignature, ProviderResult
from payments.models import PaymentAttempt, PaymentMethod, ProviderEvent

from . import account
from .payload import MEMO_PREFIX, ascii_fold

logger = logging.getLogger(__name__)

PROVIDER = "vietqr"
SIGNATURE_HEADER = "X-Bankfeed-Signature"
UNMATCHED = "unmatched"


def webhook_secret() -> str:
    return getattr(settings, "BANK_FEED_WEBHOOK_SECRET", "sim-bankfeed-secret")


def sign(body: bytes, secret: str | None = None) -> str:
    return hmac.new((secret or webhook_secret()).encode(), body, hashlib.sha256).hexdigest()


def verify_signature(body: bytes, header_value: str | None, secret: str | None = None) -> None:
    """Raise InvalidSignature unless the header carries the HMAC of exactly these bytes."""
    given = (header_value or "").strip()
    if given.lower().startswith("sha256="):
        given = given[len("sha256=") :]
    if not given or not hmac.compare_digest(given.lower(), sign(body, secret)):
        raise InvalidSignature("bank-feed signature does not match")


@dataclass(frozen=True)
class Transfer:
    transaction_id: str  # the feed's own id: our exactly-once key
    amount: Decimal
    memo: str
    account_number: str = ""
    code: str = ""  # the payment code the feed itself parsed from the memo, if any
    bank_reference: str = ""
    incoming: bool = True
    raw: dict = field(default_factory=dict)


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError) as exc:
        raise ValueError(f"bad transfer amount {value!r}") from exc
    return amount


def parse_transfers(data: dict) -> list[Transfer]:
    """Transfers in a verified webhook body; raises ValueError when the shape is not a bank feed's."""
    if not isinstance(data, dict):
        raise ValueError("bank-feed body is not a JSON object")
    if "data" in data:  # Casso V2 (one object) or legacy (a list)
        items = data["data"] if isinstance(data["data"], list) else [data["data"]]
        transfers = []
        for item in items:
            amount = _amount(item.get("amount"))
            transfers.append(
                Transfer(
                    transaction_id=str(item.get("id") or item.get("tid") or ""),
                    amount=abs(amount),
                    memo=str(item.get("description") or ""),
                    account_number=str(item.get("accountNumber") or ""),
                    bank_reference=str(item.get("reference") or item.get("tid") or ""),
                    incoming=amount > 0,
                    raw=item,
                )
            )
    else:  # SePay
        transfers = [
            Transfer(
                transaction_id=str(data.get("id") or ""),
                amount=_amount(data.get("transferAmount")),
                memo=str(data.get("content") or ""),
                account_number=str(data.get("accountNumber") or ""),
                code=str(data.get("code") or ""),
                bank_reference=str(data.get("referenceCode") or ""),
                incoming=str(data.get("transferType") or "in").lower() == "in",
                raw=data,
            )
        ]
    if any(not t.transaction_id for t in transfers):
        raise ValueError("bank-feed transfer without an id")
    return transfers


def squash(text: str) -> str:
    """Letters and digits only, upper case, no diacritics: how memo codes are compared."""
    return re.sub(r"[^A-Z0-9]", "", ascii_fold(text).upper())


def find_attempt(transfer: Transfer) -> PaymentAttempt | None:
    """The VietQR attempt whose memo code appears in the transfer's memo (longest code wins)."""
    memo = squash(transfer.code) + " " + squash(transfer.memo)
    candidates: set[str] = set()
    for match in re.finditer(MEMO_PREFIX, memo):
        tail = memo[match.end() : match.end() + 40].split(" ")[0]
        candidates.update(tail[:n] for n in range(1, len(tail) + 1))
    if not candidates:
        return None
    squashed_reference = Replace(Replace(Upper("reference"), Value("-"), Value("")), Value("_"), Value(""))
    attempts = (
        PaymentAttempt.objects.filter(method=PaymentMethod.VIETQR)
        .annotate(squashed=squashed_reference)
        .filter(squashed__in=candidates)
    )
    return max(attempts, key=lambda a: len(a.squashed), default=None)


def _record_unmatched(transfer: Transfer) -> str:
    try:
        with transaction.atomic():
            _, created = ProviderEvent.objects.get_or_create(
                provider=PROVIDER,
                event_key=transfer.transaction_id,
                defaults={"payload": transfer.raw, "outcome": UNMATCHED},
            )
    except IntegrityError:  # a concurrent delivery of the same transfer won the insert
        created = False
    if created:
        logger.warning(
            "bank transfer %s (%s VND, memo %r) matches no order; left for staff",
            transfer.transaction_id,
            transfer.amount,
            transfer.memo,
        )
    return UNMATCHED if created else "duplicate"


def reconcile(transfer: Transfer) -> str:
    """Apply one incoming transfer exactly once; returns the ledger's outcome (or "unmatched"/"ignored")."""
    if not transfer.incoming:
        return "ignored"
    if transfer.account_number and transfer.account_number != account.ACCOUNT_NUMBER:
        return _record_unmatched(transfer)
    attempt = find_attempt(transfer)
    if attempt is None:
        return _record_unmatched(transfer)
    from payments.services import apply_provider_result

    result = ProviderResult(
        reference=attempt.reference,
        event_key=transfer.transaction_id,
        succeeded=True,  # money did arrive; the ledger compares the amount and flags any difference
        amount=transfer.amount,
        provider_transaction_id=transfer.bank_reference or transfer.transaction_id,
        code="transfer",
        message=transfer.memo[:200],
        raw=transfer.raw,
    )
    outcome = apply_provider_result(provider=PROVIDER, result=result)
    if outcome == "amount_mismatch":
        logger.warning(
            "transfer %s pays %s VND for %s (expects %s): flagged for staff",
            transfer.transaction_id,
            transfer.amount,
            attempt.reference,
            attempt.amount,
        )
    return outcome


def handle_webhook(*, body: bytes, signature: str | None) -> list[str]:
    """Verify, parse and reconcile one bank-feed delivery; raises InvalidSignature or ValueError."""
    verify_signature(body, signature)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError("bank-feed body is not JSON") from exc
    return [reconcile(transfer) for transfer in parse_transfers(data)]
