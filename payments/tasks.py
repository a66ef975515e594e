"""Periodic payment work (Celery beat): expire unpaid attempts and give their stock back."""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from payments import services
from payments.checkout import services as checkout
from payments.models import AttemptStatus, PaymentAttempt

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")

# An order placed for online payment whose attempt never got created gives its stock back after this.
ORPHAN_GRACE = datetime.timedelta(minutes=5)


@shared_task(name="payments.expire_unpaid_attempts", acks_late=True, time_limit=240, soft_time_limit=200)
def expire_unpaid_attempts(now_iso: str = "") -> dict:
    """Ask each provider about attempts past their lifetime, expire the unpaid ones, release stock.

    Idempotent: an attempt already settled or expired is not touched again, and an order's stock
    is released once (its lines remember the release).
    """
    now = datetime.datetime.fromisoformat(now_iso) if now_iso else timezone.now()
    # Only attempts whose expiry has passed are asked about (once more) and expired.
    counts = _settle_by_query(
        PaymentAttempt.objects.filter(status=AttemptStatus.PENDING, expires_at__lt=now), now, expired_only=True
    )
    counts["orders_released"] = _release_abandoned_orders(now)
    logger.info("expire_unpaid_attempts: %s", counts)
    return counts


@shared_task(name="payments.query_missing_callbacks", acks_late=True, time_limit=240, soft_time_limit=200)
def query_missing_callbacks(now_iso: str = "") -> dict:
    """Settle live attempts whose IPN/webhook never came by asking the provider (VNPay querydr, MoMo
    query, Stripe): the buyer paid, the provider's callbacks were lost, the order should not wait for
    the expiry task. Attempts younger than settings.PAYMENT_QUERY_AFTER minutes are left to their
    callbacks; bank transfers (VietQR) have no query and wait for the bank feed.
    """
    now = datetime.datetime.fromisoformat(now_iso) if now_iso else timezone.now()
    min_age = datetime.timedelta(minutes=getattr(settings, "PAYMENT_QUERY_AFTER", 5))
    pending = PaymentAttempt.objects.filter(status=AttemptStatus.PENDING, created_at__lte=now - min_age)
    counts = _settle_by_query(pending, now, queryable_only=True, min_age=min_age)
    logger.info("query_missing_callbacks: %s", counts)
    return counts


def _settle_by_query(pending, now, *, queryable_only: bool = False, **which) -> dict[str, int]:
    """settle_pending_by_query for each method among `pending`; counts per outcome."""
    counts: dict[str, int] = {}
    for method in sorted(set(pending.values_list("method", flat=True).distinct())):
        try:
            gateway = checkout.gateway_for(method)
        except ValueError:
            continue
        if queryable_only and not getattr(gateway, "can_query", True):
            continue
        for outcome, n in services.settle_pending_by_query(gateway, now=now, **which).items():
            counts[outcome] = counts.get(outcome, 0) + n
    return counts


def _release_abandoned_orders(now) -> int:
    """Orders still awaiting payment with no live attempt (all failed/expired, or none ever started)."""
    released = 0
    waiting = Order.objects.filter(status=checkout.OrderStatus.AWAITING_PAYMENT, date_placed__lt=now - ORPHAN_GRACE)
    for order_id in waiting.values_list("pk", flat=True):
        with transaction.atomic():
            attempts = PaymentAttempt.objects.select_for_update().filter(order_id=order_id)
            if attempts.filter(
                status__in=[AttemptStatus.PENDING, AttemptStatus.SUCCEEDED, AttemptStatus.NEEDS_REVIEW]
            ).exists():
                continue
            order = checkout.lock_order(order_id)
            if order.status != checkout.OrderStatus.AWAITING_PAYMENT:
                continue
            checkout.give_up(order, checkout.OrderStatus.PAYMENT_EXPIRED)
            released += 1
    return released
