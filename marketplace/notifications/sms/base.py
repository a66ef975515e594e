"""The SMS boundary: plain dataclasses in and out, one `send` method per provider.

A backend either returns an `SmsResult` (the provider accepted or definitively refused the
message) or raises `SmsTransientError` (timeout, 5xx, connection refused) so the Celery task
retries with backoff. Nothing else about a provider leaks past this module.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass


@dataclass(frozen=True)
class SmsMessage:
    to: str  # E.164, e.g. "+84912345678"
    text: str
    # Our id for this send; providers that deduplicate (eSMS RequestId) get it, so a task
    # re-delivered after a worker crash does not text the farmer twice.
    reference: str = ""


@dataclass(frozen=True)
class SmsResult:
    accepted: bool
    provider: str
    provider_message_id: str = ""
    error: str = ""


class SmsError(Exception):
    """A provider problem; subclasses say whether trying again can help."""


class SmsTransientError(SmsError):
    """Worth retrying later: timeouts, 5xx, network errors."""


class SmsBackend(ABC):
    name: str = "abstract"

    @abstractmethod
    def send(self, message: SmsMessage) -> SmsResult:
        """Hand one message to the provider. Raise SmsTransientError only when a retry may succeed."""


def national_number(e164: str) -> str:
    """ "+84912345678" -> "0912345678", the form Vietnamese providers document in their examples."""
    return "0" + e164[3:] if e164.startswith("+84") else e164
