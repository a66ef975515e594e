"""Order-side effects of payment outcomes, called by `payments.services` inside its transaction.

The attempt row is already locked by the caller; each hook then locks the order row, so the
order's stock and parts change once however the provider's messages interleave. Every outcome is
an Oscar PaymentEvent carrying the provider's reference.
"""

import logging
from decimal import Decimal

from django.apps import apps
from oscar.core.loading import get_model

if not apps.is_installed("marketplace.order"):
    # Settings still list Oscar's own order app: there are no fulfilment groups to update, so
    # behave as if this module did not exist (payments.services then runs no hooks).
    raise ModuleNotFoundError("marketplace.order is not installed", name="payments.hooks")

from payments.checkout import services as checkout  # noqa: E402
from payments.models import AttemptStatus, PaymentAttempt

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")


def _order(attempt: PaymentAttempt):
    order_id = (
        attempt.order_id or Order.objects.filter(number=attempt.order_number).values_list("pk", flat=True).first()
    )
    if order_id is None:
        logger.warning("payment %s has no order %s", attempt.reference, attempt.order_number)
        return None
    return checkout.lock_order(order_id)


def _event(order, attempt: PaymentAttempt, name: str, amount: Decimal, *, with_lines: bool = False):
    event_type, _created = PaymentEventType.objects.get_or_create(name=name)
    event = PaymentEvent.objects.create(
        order=order,
        event_type=event_type,
        amount=amount,
        reference=attempt.provider_transaction_id or attempt.reference,
    )
    if with_lines:
        PaymentEventQuantity.objects.bulk_create(
            [PaymentEventQuantity(event=event, line=line, quantity=line.quantity) for line in order.lines.all()]
        )
    return event


def _record_money_in(order, attempt: PaymentAttempt, name: str) -> None:
    source_type, _created = SourceType.objects.get_or_create(
        code=attempt.method, defaults={"name": str(attempt.get_method_display())}
    )
    Source.objects.create(
        order=order,
        source_type=source_type,
        currency=order.currency,
        amount_allocated=attempt.amount,
        amount_debited=attempt.amount,
        reference=attempt.provider_transaction_id or attempt.reference,
    )
    _event(order, attempt, name, attempt.amount, with_lines=True)


def _set_attempt(attempt: PaymentAttempt, status: str) -> None:
    attempt.status = status
    PaymentAttempt.objects.filter(pk=attempt.pk).update(status=status)


def _honour_or_refund(order, attempt: PaymentAttempt) -> None:
    """Money arrived for an order that had let its stock go: serve it again if stock allows, else refund."""
    if order.status in checkout.GIVEN_UP and checkout.rereserve_stock(order):
        checkout.set_groups(order, checkout.FulfilmentStatus.TO_CONFIRM, only=[checkout.FulfilmentStatus.CANCELLED])
        checkout.set_order_status(order, checkout.OrderStatus.PLACED)
        _set_attempt(attempt, AttemptStatus.SUCCEEDED)
        logger.info("order %s revived by a late payment %s", order.number, attempt.reference)
        return
    from payments import services as payment_services

    # The money is ours to give back: refund_attempt only refunds a paid attempt.
    _set_attempt(attempt, AttemptStatus.SUCCEEDED)
    try:
        payment_services.refund_attempt(
            attempt=attempt,
            amount=attempt.amount,
            reason="out of stock after late payment",
            actor="system",
            gateway=checkout.gateway_for(attempt.method),
        )
    except (payment_services.RefundRefused, payment_services.RefundProviderUnavailable) as exc:
        logger.warning(
            "order %s: late payment %s could not be refunded (%s): staff must refund",
            order.number,
            attempt.reference,
            exc,
        )
        _set_attempt(attempt, AttemptStatus.NEEDS_REVIEW)
        checkout.set_order_status(order, checkout.OrderStatus.REFUND_DUE)
        _event(order, attempt, "Refund due", attempt.amount)
        return
    checkout.set_groups(order, checkout.FulfilmentStatus.REFUNDED, only=[checkout.FulfilmentStatus.CANCELLED])


def on_paid(attempt: PaymentAttempt) -> None:
    order = _order(attempt)
    if order is None:
        return
    _record_money_in(order, attempt, "Paid")
    if order.status == checkout.OrderStatus.AWAITING_PAYMENT:
        checkout.mark_paid(order)
    elif order.status in checkout.GIVEN_UP or order.status == checkout.OrderStatus.CANCELLED:
        _honour_or_refund(order, attempt)


def on_late_success(attempt: PaymentAttempt) -> None:
    order = _order(attempt)
    if order is None:
        return
    _record_money_in(order, attempt, "Paid late")
    if order.status == checkout.OrderStatus.AWAITING_PAYMENT:
        # Nobody released the stock yet: the order is simply paid.
        checkout.mark_paid(order)
        _set_attempt(attempt, AttemptStatus.SUCCEEDED)
    else:
        _honour_or_refund(order, attempt)


def _give_up(attempt: PaymentAttempt, status: str, event_name: str) -> None:
    order = _order(attempt)
    if order is None:
        return
    _event(order, attempt, event_name, Decimal("0"))
    others = (
        PaymentAttempt.objects.filter(order_id=order.pk)
        .exclude(pk=attempt.pk)
        .filter(status__in=[AttemptStatus.PENDING, AttemptStatus.SUCCEEDED])
    )
    if order.status != checkout.OrderStatus.AWAITING_PAYMENT or others.exists():
        return
    checkout.give_up(order, status)
    logger.info("order %s: payment %s %s, stock released", order.number, attempt.reference, status)


def on_failed(attempt: PaymentAttempt) -> None:
    _give_up(attempt, checkout.OrderStatus.PAYMENT_FAILED, "Payment failed")


def on_expired(attempt: PaymentAttempt) -> None:
    _give_up(attempt, checkout.OrderStatus.PAYMENT_EXPIRED, "Payment expired")


def on_refunded(attempt: PaymentAttempt, amount: Decimal) -> None:
    order = _order(attempt)
    if order is None:
        return
    _event(order, attempt, "Refunded", amount)
    checkout.settle_refund_due(order)


def on_needs_review(attempt: PaymentAttempt) -> None:
    order = _order(attempt)
    if order is None:
        return
    _event(order, attempt, "Needs review", Decimal("0"))
