"""One-time codes by SMS: sending with rate limits, checking with a lockout.

Rules (issue 3): 6-digit codes, stored only as an HMAC keyed with SECRET_KEY, valid 5 minutes,
single use; 5 wrong codes lock the number for 15 minutes; at most 1 code per 60 s and 5 per hour
per number, 20 per hour per IP address.

Counters live in Django's cache (locmem by default, Redis in production) rather than the
database: a wrong code is answered with an error, and the request's transaction must not be
able to roll the counting back.
"""

import hashlib
import hmac
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from marketplace.notifications.sms.tasks import queue_sms

from .errors import Refused
from .models import OtpPurpose, PhoneVerification
from .validators import normalize_phone
from .wording import in_site_language

CODE_DIGITS = 6
CODE_TTL = timedelta(minutes=5)
MAX_WRONG_CODES = 5
LOCK_SECONDS = 15 * 60
SEND_INTERVAL_SECONDS = 60
SENDS_PER_HOUR_PER_PHONE = 5
SENDS_PER_HOUR_PER_IP = 20
HOUR = 3600

NO_CODE_SENT = _("No code was sent to this number. Please ask for a code first.")


class OtpError(Refused):
    """A refused send or check of a one-time code."""


class InvalidPhoneNumber(OtpError):
    pass


class SendTooSoon(OtpError):
    def __init__(self, seconds: int):
        super().__init__(
            ngettext_lazy(
                "Please wait %(seconds)d second before asking for a new code.",
                "Please wait %(seconds)d seconds before asking for a new code.",
                "seconds",
            )
            % {"seconds": seconds}
        )
        self.retry_after = seconds


class TooManyCodes(OtpError):
    """The hourly limit for this number or this IP address is used up."""


class PhoneLocked(OtpError):
    def __init__(self, minutes: int):
        super().__init__(
            ngettext_lazy(
                "Too many wrong codes. This number is locked; try again in %(minutes)d minute.",
                "Too many wrong codes. This number is locked; try again in %(minutes)d minutes.",
                "minutes",
            )
            % {"minutes": minutes}
        )
        self.retry_after = minutes * 60


class NoCodeSent(OtpError):
    pass


class CodeExpired(OtpError):
    pass


class CodeAlreadyUsed(OtpError):
    pass


class WrongCode(OtpError):
    def __init__(self, remaining: int):
        super().__init__(
            ngettext_lazy(
                "The code is not correct. You have %(remaining)d more try.",
                "The code is not correct. You have %(remaining)d more tries.",
                "remaining",
            )
            % {"remaining": remaining}
        )
        self.remaining = remaining


def parse_phone(phone: str) -> str:
    """normalize_phone, refusing with the OTP error family so callers catch one kind of error."""
    try:
        return normalize_phone(phone)
    except ValidationError as exc:
        raise InvalidPhoneNumber(exc.messages[0]) from exc


def _digest(phone: str, purpose: str, code: str) -> str:
    # Phone and purpose are in the MAC so a code hash cannot be replayed for another number or flow.
    message = f"{purpose}:{phone}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _key(*parts) -> str:
    return "otp:" + ":".join(parts)


def _hit(key: str, window: int) -> int:
    """Count one event in a fixed window starting at the first event; returns the new count."""
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the window expired between add() and incr()
        cache.set(key, 1, window)
        return 1


def _raise_if_locked(phone: str) -> None:
    unlock_at = cache.get(_key("lock", phone))
    if unlock_at:
        raise PhoneLocked(max(1, -(-int(unlock_at - time.time()) // 60)))


def _sms_text(purpose: str, code: str, requested_by) -> str:
    shop = settings.OSCAR_SHOP_NAME
    if purpose == OtpPurpose.CONSENT:
        helper = (requested_by.get_full_name() or requested_by.get_username()) if requested_by else ""
        return in_site_language(
            _(
                "%(helper)s is registering a %(shop)s shop for you. If you agree, tell them the code %(code)s. "
                "It expires in 5 minutes."
            ),
            helper=helper,
            shop=shop,
            code=code,
        )
    if purpose == OtpPurpose.LOGIN:
        return in_site_language(
            _("Your %(shop)s login code is %(code)s. It expires in 5 minutes. Never share it."), shop=shop, code=code
        )
    return in_site_language(
        _("Your %(shop)s verification code is %(code)s. It expires in 5 minutes. Never share it."), shop=shop, code=code
    )


def send_code(*, phone: str, purpose: str, ip_address: str | None = None, requested_by=None) -> PhoneVerification:
    """Send a new code to `phone` for `purpose` (an OtpPurpose). The SMS goes out after commit.

    Refuses with InvalidPhoneNumber, PhoneLocked, SendTooSoon or TooManyCodes.
    """
    phone = parse_phone(phone)
    _raise_if_locked(phone)
    ip_key = _key("ip", ip_address) if ip_address else None
    if ip_key and (cache.get(ip_key) or 0) >= SENDS_PER_HOUR_PER_IP:
        raise TooManyCodes(_("Too many codes were requested from this connection. Please try again in an hour."))
    # add() is atomic in every cache backend: of two simultaneous requests only one sends.
    now = time.time()
    if not cache.add(_key("interval", phone), now + SEND_INTERVAL_SECONDS, SEND_INTERVAL_SECONDS):
        next_at = cache.get(_key("interval", phone)) or now + SEND_INTERVAL_SECONDS
        raise SendTooSoon(max(1, int(next_at - now)))
    if _hit(_key("hour", phone), HOUR) > SENDS_PER_HOUR_PER_PHONE:
        raise TooManyCodes(_("This number has received too many codes. Please try again in an hour."))
    if ip_key:
        _hit(ip_key, HOUR)

    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    verification = PhoneVerification.objects.create(
        phone=phone,
        purpose=purpose,
        code_hash=_digest(phone, purpose, code),
        expires_at=timezone.now() + CODE_TTL,
        requested_by=requested_by,
        ip_address=ip_address,
    )
    queue_sms(to=phone, text=_sms_text(purpose, code, requested_by))
    return verification


def verify_code(*, phone: str, code: str, purpose: str) -> PhoneVerification:
    """Check `code` against the latest code sent to `phone` for `purpose` and use it up.

    Refuses with InvalidPhoneNumber, PhoneLocked, NoCodeSent, CodeAlreadyUsed, CodeExpired or WrongCode.
    """
    phone = parse_phone(phone)
    _raise_if_locked(phone)
    # Only the newest code counts: asking for a new code retires the older ones.
    verification = PhoneVerification.objects.filter(phone=phone, purpose=purpose).order_by("-created_at", "-pk").first()
    if verification is None:
        raise NoCodeSent(NO_CODE_SENT)
    if verification.verified_at is not None:
        raise CodeAlreadyUsed(_("This code has already been used. Please ask for a new code."))
    if verification.expires_at <= timezone.now():
        raise CodeExpired(_("This code has expired. Please ask for a new code."))

    entered = "".join(str(code or "").split())
    if not hmac.compare_digest(_digest(phone, purpose, entered), verification.code_hash):
        failures = _hit(_key("fail", phone), LOCK_SECONDS)
        if failures >= MAX_WRONG_CODES:
            cache.set(_key("lock", phone), time.time() + LOCK_SECONDS, LOCK_SECONDS)
            cache.delete(_key("fail", phone))
            raise PhoneLocked(LOCK_SECONDS // 60)
        raise WrongCode(MAX_WRONG_CODES - failures)

    # The conditional update makes "single use" hold even for two simultaneous submissions.
    now = timezone.now()
    if not PhoneVerification.objects.filter(pk=verification.pk, verified_at__isnull=True).update(verified_at=now):
        raise CodeAlreadyUsed(_("This code has already been used. Please ask for a new code."))
    cache.delete(_key("fail", phone))
    verification.verified_at = now
    return verification
