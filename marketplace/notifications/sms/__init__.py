"""SMS adapter: `queue_sms(to=, text=)` from services; backends behind `SmsBackend.send`."""

from .base import SmsBackend, SmsError, SmsMessage, SmsResult, SmsTransientError
from .registry import get_sms_backend

__all__ = ["SmsBackend", "SmsError", "SmsMessage", "SmsResult", "SmsTransientError", "get_sms_backend"]
