"""The embedded-default SMS backend: writes each message to the log and keeps it in memory.

Tests read `outbox`; so does the demo (with `make run` Celery is eager, so the outbox lives in
the web process and the DEBUG-only outbox page can show the codes that "would have been sent").
"""

import itertools
import logging
from collections import deque

from .base import SmsBackend, SmsMessage, SmsResult

logger = logging.getLogger("marketplace.notifications.sms")

# Bounded so a long-running dev server does not grow without limit.
outbox: deque[SmsMessage] = deque(maxlen=500)
_ids = itertools.count(1)


def clear_outbox() -> None:
    outbox.clear()


def messages_to(phone: str) -> list[SmsMessage]:
    return [m for m in outbox if m.to == phone]


class ConsoleSmsBackend(SmsBackend):
    name = "console"

    def send(self, message: SmsMessage) -> SmsResult:
        outbox.append(message)
        logger.info("SMS to %s: %s", message.to, message.text)
        return SmsResult(accepted=True, provider=self.name, provider_message_id=f"console-{next(_ids)}")
