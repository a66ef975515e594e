"""Telling a seller about their OCOP certificate: one function, so the delivery can be rewired in one place."""

import logging
import re
import uuid

logger = logging.getLogger("catalog.ocop")


def _e164(phone: str) -> str:
    """ "0912 345 678" -> "+84912345678" (the SMS adapter wants E.164; older rows keep the national form)."""
    digits = re.sub(r"[^\d+]", "", phone or "")
    if digits.startswith("0"):
        return "+84" + digits[1:]
    if digits.startswith("84"):
        return "+" + digits
    return digits


def notify_seller(partner, text: str, *, reference: str = "") -> bool:
    """Text the producer's phone once the current transaction commits; log when SMS is unavailable.

    `reference` identifies this message (e.g. "ocop-12-remind-90"): the SMS task sends each
    reference once, so a re-delivered job does not text the farmer twice. Returns True when queued.
    Never raises: one seller's missing phone must not stop the daily job for every other seller.
    """
    phone = _e164(getattr(partner, "phone", "") or "")
    try:
        from marketplace.core.tasks import enqueue_after_commit
        from marketplace.notifications.sms.tasks import send_sms
    except ImportError:
        logger.info("SMS unavailable; message for %s (%s): %s", partner, phone or "no phone", text)
        return False
    if not phone:
        logger.warning("no phone number for %s; message not sent: %s", partner, text)
        return False
    enqueue_after_commit(send_sms, phone, str(text), reference or uuid.uuid4().hex)
    return True
