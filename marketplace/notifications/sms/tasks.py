"""Sending goes through Celery, enqueued only after the caller's transaction commits."""

import logging
import uuid

from celery import shared_task
from django.core.cache import cache

from marketplace.core.tasks import enqueue_after_commit

from .base import SmsMessage, SmsTransientError
from .registry import get_sms_backend

logger = logging.getLogger("marketplace.notifications.sms")

# How long a sent reference is remembered; longer than the whole retry schedule below.
SENT_MEMORY_SECONDS = 24 * 3600


@shared_task(
    name="notifications.send_sms",
    bind=True,
    autoretry_for=(SmsTransientError,),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
    soft_time_limit=45,
    time_limit=60,
)
def send_sms(self, to: str, text: str, reference: str) -> str:
    """Send one SMS once. A re-delivered task (acks_late after a worker crash) finds the
    reference already claimed and does nothing; a transient failure releases the claim and retries."""
    claim = f"sms:sent:{reference}"
    if not cache.add(claim, "1", SENT_MEMORY_SECONDS):
        logger.info("SMS %s already sent; skipping", reference)
        return "duplicate"
    try:
        result = get_sms_backend().send(SmsMessage(to=to, text=text, reference=reference))
    except SmsTransientError:
        cache.delete(claim)
        raise
    if not result.accepted:
        # A definitive refusal (bad template, bad credentials) will not heal by retrying; it is
        # logged loudly and the claim released so an operator can re-send by hand.
        cache.delete(claim)
        logger.error("SMS %s to %s refused by %s: %s", reference, to, result.provider, result.error)
        return "refused"
    return result.provider_message_id or "sent"


def queue_sms(*, to: str, text: str) -> str:
    """Send `text` to `to` (E.164) after the current transaction commits; returns the reference."""
    reference = uuid.uuid4().hex
    enqueue_after_commit(send_sms, to, str(text), reference)
    return reference
