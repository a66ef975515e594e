"""Payment services: start an attempt, apply provider results exactly once, settle, refund.

Every gateway (`payments/gateways/<name>/client.py`) turns the provider's messages into
`ProviderResult`s; `apply_provider_result` is the one place where they change an attempt.
Order-side effects (Oscar payment events, stock) come from optional hooks in `payments.hooks`
(`on_paid`, `on_failed`, `on_late_success`, `on_expired`, `on_refunded`, `on_needs_review`),
looked up at call time and run inside the same transaction.
"""

import datetime
import importlib
import inspect
import logging
import re
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from payments.gateways.base import PaymentRequest, PaymentStart, ProviderResult, ProviderUnavailable, RefundRequest
from payments.models import AttemptStatus, PaymentAttempt, ProviderEvent

logger = logging.getLogger(__name__)

ATTEMPT_LIFETIME = datetime.timedelta(minutes=15)  # a method missing from settings.PAYMENT_LIFETIMES
GATEWAYS = {
    "vnpay": "payments.gateways.vnpay.client.VNPayGateway",
    "momo": "payments.gateways.momo.client.MomoGateway",
    "vietqr": "payments.gateways.vietqr.client.VietQRGateway",
    "card": "payments.gateways.stripe.client.StripeGateway",
}
CONFIRMED = {
    AttemptStatus.SUCCEEDED,
    AttemptStatus.REFUNDED,
    AttemptStatus.PARTIALLY_REFUNDED,
    AttemptStatus.NEEDS_REVIEW,
}


class RefundRefused(Exception):
    """The refund is not allowed (state or amount) or the provider refused it; nothing changed."""


class RefundProviderUnavailable(ProviderUnavailable):
    """The provider did not answer the refund in time; nothing changed, try again later."""


def lifetime(method: str) -> datetime.timedelta:
    """How long an attempt of this method keeps its order's stock (settings.PAYMENT_LIFETIMES, minutes)."""
    minutes = getattr(settings, "PAYMENT_LIFETIMES", {}).get(method)
    return datetime.timedelta(minutes=minutes) if minutes else ATTEMPT_LIFETIME


def get_gateway(method: str):
    """The gateway for a PaymentMethod value (a new provider is one entry in GATEWAYS)."""
    return import_string(GATEWAYS[method])()


def _hook(name: str, *args) -> None:
    try:
        hooks = importlib.import_module("payments.hooks")
    except ModuleNotFoundError as exc:
        if exc.name != "payments.hooks":
            raise
        return
    func = getattr(hooks, name, None)
    if func is not None:
        func(*args)


def _new_reference(order_number: str) -> str:
    base = re.sub(r"[^A-Za-z0-9]", "", order_number)[:40] or "ORDER"
    return f"{base}T{secrets.token_hex(5).upper()}"


def start_payment(
    *,
    order_number: str,
    amount: Decimal,
    method: str,
    return_url: str,
    notify_url: str = "",
    client_ip: str = "127.0.0.1",
    description: str = "",
    locale: str = "vn",
    order=None,
    gateway=None,
) -> tuple[PaymentAttempt, PaymentStart]:
    """Create a pending attempt (unique reference, expires after its method's lifetime) and ask the provider to start."""
    amount = Decimal(amount)
    if amount <= 0 or amount != amount.to_integral_value():
        raise ValueError("amount must be a positive whole number of VND")
    gateway = gateway or get_gateway(method)
    attempt = PaymentAttempt.objects.create(
        order=order,
        order_number=order_number,
        reference=_new_reference(order_number),
        method=method,
        amount=amount,
        status=AttemptStatus.PENDING,
    )
    # expires_at derives from the saved created_at so providers can send both dates consistently.
    created_at = attempt.created_at.replace(microsecond=0)
    attempt.expires_at = created_at + lifetime(method)
    attempt.save(update_fields=["expires_at"])
    start = gateway.start(
        PaymentRequest(
            reference=attempt.reference,
            amount=amount,
            description=description or f"Thanh toan don hang {order_number}",
            return_url=return_url,
            notify_url=notify_url,
            client_ip=client_ip,
            expires_at=attempt.expires_at,
            locale=locale,
            created_at=created_at,
        )
    )
    return attempt, start


def attempt_by_reference(reference: str) -> PaymentAttempt | None:
    return PaymentAttempt.objects.filter(reference=reference).first()


def apply_provider_result(
    *, provider: str, result: ProviderResult, occurred_at: datetime.datetime | None = None
) -> str:
    """Apply one verified provider statement exactly once; return what happened.

    `occurred_at` is when the provider says the payment happened (a success after the attempt's
    expiry is late); without it, now. A retried or queried result for an in-time payment is not late.

    Outcomes: "succeeded", "failed", "late_success", "amount_mismatch", "already_confirmed",
    "duplicate" (this event key was applied before: nothing changes), "unknown_reference".
    """
    now = occurred_at or timezone.now()
    with transaction.atomic():
        attempt = PaymentAttempt.objects.select_for_update().filter(reference=result.reference).first()
        if attempt is None:
            logger.warning(
                "%s result for unknown reference %s refused (%s)", provider, result.reference, result.event_key
            )
            return "unknown_reference"
        try:
            with transaction.atomic():
                event = ProviderEvent.objects.create(
                    provider=provider, event_key=result.event_key, attempt=attempt, payload=result.raw
                )
        except IntegrityError:
            logger.info("%s event %s delivered again: nothing changes", provider, result.event_key)
            return "duplicate"
        outcome = _decide(attempt, result, now)
        event.outcome = outcome
        event.save(update_fields=["outcome"])
        _run_hook_for(outcome, attempt)
    return outcome


def _decide(attempt: PaymentAttempt, result: ProviderResult, now: datetime.datetime) -> str:
    if Decimal(result.amount) != attempt.amount:
        logger.warning(
            "%s amount %s differs from attempt %s (%s): refused, sent to review",
            attempt.method,
            result.amount,
            attempt.reference,
            attempt.amount,
        )
        if attempt.status not in CONFIRMED:
            _set_status(attempt, AttemptStatus.NEEDS_REVIEW)
        return "amount_mismatch"
    if attempt.status in CONFIRMED or (attempt.status == AttemptStatus.FAILED and not result.succeeded):
        return "already_confirmed"
    if not result.succeeded:
        if attempt.status == AttemptStatus.PENDING:
            _set_status(attempt, AttemptStatus.FAILED)
            return "failed"
        return "already_confirmed"
    late = attempt.status in (AttemptStatus.EXPIRED, AttemptStatus.FAILED) or (
        attempt.expires_at is not None and now > attempt.expires_at
    )
    attempt.provider_transaction_id = result.provider_transaction_id
    if late:
        logger.warning("%s success for %s after it expired: sent to review", attempt.method, attempt.reference)
        _set_status(attempt, AttemptStatus.NEEDS_REVIEW)
        return "late_success"
    _set_status(attempt, AttemptStatus.SUCCEEDED)
    return "succeeded"


def _set_status(attempt: PaymentAttempt, status: str) -> None:
    attempt.status = status
    attempt.save(update_fields=["status", "provider_transaction_id", "updated_at"])


def _run_hook_for(outcome: str, attempt: PaymentAttempt) -> None:
    name = {
        "succeeded": "on_paid",
        "failed": "on_failed",
        "late_success": "on_late_success",
        "amount_mismatch": "on_needs_review",
    }.get(outcome)
    if name:
        _hook(name, attempt)


def settle_pending_by_query(
    gateway,
    now: datetime.datetime | None = None,
    *,
    min_age: datetime.timedelta = datetime.timedelta(minutes=5),
    expired_only: bool = False,
) -> dict:
    """Ask the provider about pending attempts whose callback never came; apply what it says.

    Asks about attempts at least `min_age` old (or, with `expired_only`, those past their expiry).
    Attempts the provider reports as unpaid stay pending until they expire, then become expired.
    Returns counts per outcome (plus "unavailable" for attempts the provider did not answer).
    """
    now = now or timezone.now()
    counts: dict[str, int] = {}
    pending = PaymentAttempt.objects.filter(method=gateway.code, status=AttemptStatus.PENDING)
    pending = pending.filter(expires_at__lt=now) if expired_only else pending.filter(created_at__lte=now - min_age)
    for attempt in pending.order_by("created_at"):
        try:
            result = gateway.query(attempt.reference, created_at=attempt.created_at)
        except ProviderUnavailable as exc:
            logger.warning("%s query for %s failed: %s", gateway.code, attempt.reference, exc)
            outcome = "unavailable"
        else:
            if result is not None:
                outcome = apply_provider_result(
                    provider=gateway.code, result=result, occurred_at=occurred_at(gateway, result, now)
                )
            elif attempt.expires_at is not None and attempt.expires_at < now:
                outcome = _expire(attempt.pk)
            else:
                outcome = "still_pending"
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def occurred_at(gateway, result: ProviderResult, default: datetime.datetime | None = None):
    """When the provider says the result happened, if the gateway can tell; else `default`."""
    read = getattr(gateway, "occurred_at", None)
    return (read(result) if read else None) or default


def _expire(attempt_pk: int) -> str:
    with transaction.atomic():
        attempt = PaymentAttempt.objects.select_for_update().get(pk=attempt_pk)
        if attempt.status != AttemptStatus.PENDING:
            return "already_confirmed"
        _set_status(attempt, AttemptStatus.EXPIRED)
        _hook("on_expired", attempt)
    return "expired"


def refund_attempt(
    *, attempt: PaymentAttempt, amount: Decimal, reason: str, actor: str, gateway=None, client_ip: str = "127.0.0.1"
) -> PaymentAttempt:
    """Refund part or all of a paid attempt through its provider.

    Raises RefundRefused (not allowed, or the provider said no) or RefundProviderUnavailable
    (timeout/5xx); in both cases the attempt is left unchanged. The attempt row stays locked while
    the provider is asked, so two refunds cannot both spend the same remaining amount.
    """
    amount = Decimal(amount)
    gateway = gateway or get_gateway(attempt.method)
    with transaction.atomic():
        locked = PaymentAttempt.objects.select_for_update().get(pk=attempt.pk)
        if not (locked.status in (AttemptStatus.SUCCEEDED, AttemptStatus.PARTIALLY_REFUNDED) or money_held(locked)):
            raise RefundRefused(_("Only a paid payment can be refunded."))
        remaining = locked.amount - locked.amount_refunded
        if amount <= 0 or amount > remaining or amount != amount.to_integral_value():
            raise RefundRefused(
                _("The refund must be a whole amount between 1 and %(remaining)s VND.") % {"remaining": remaining}
            )
        request = RefundRequest(
            reference=locked.reference,
            provider_transaction_id=locked.provider_transaction_id,
            amount=amount,
            full=amount == locked.amount,
            reason=reason,
            requested_by=actor,
            client_ip=client_ip,
            refunded_before=locked.amount_refunded,
        )
        try:
            result = _call_refund(gateway, request, locked)
        except ProviderUnavailable as exc:
            logger.warning("%s refund of %s for %s not answered: %s", gateway.code, amount, locked.reference, exc)
            raise RefundProviderUnavailable(
                _("The payment provider did not answer the refund in time. Nothing was refunded; try again later.")
            ) from exc
        if not result.succeeded:
            logger.warning(
                "%s refused refund of %s for %s: %s %s",
                gateway.code,
                amount,
                locked.reference,
                result.code,
                result.message,
            )
            raise RefundRefused(_("The payment provider refused the refund (code %(code)s).") % {"code": result.code})
        locked.amount_refunded += amount
        locked.status = (
            AttemptStatus.REFUNDED if locked.amount_refunded == locked.amount else AttemptStatus.PARTIALLY_REFUNDED
        )
        locked.save(update_fields=["amount_refunded", "status", "updated_at"])
        ProviderEvent.objects.create(
            provider=gateway.code,
            attempt=locked,
            outcome=locked.status,
            event_key=f"refund:{locked.reference}:{result.provider_refund_id or secrets.token_hex(6)}",
            payload={"amount": str(amount), "reason": reason, "actor": actor, "code": result.code},
        )
        _hook("on_refunded", locked, amount)
    attempt.refresh_from_db()
    return attempt


def money_held(attempt: PaymentAttempt) -> bool:
    """A payment under review whose full amount the provider did take (a late success whose
    automatic refund did not go through): staff may refund it. An amount that differed from the
    order's is not: the provider holds another sum, refunded by hand after review."""
    return attempt.status == AttemptStatus.NEEDS_REVIEW and attempt.events.filter(outcome="late_success").exists()


def _call_refund(gateway, request: RefundRequest, attempt: PaymentAttempt):
    # VNPay needs the original payment date, which RefundRequest does not carry.
    if "transaction_date" in inspect.signature(gateway.refund).parameters:
        return gateway.refund(request, transaction_date=attempt.created_at)
    return gateway.refund(request)
