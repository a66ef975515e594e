"""A circuit breaker per carrier, kept in the shared cache so every web and worker process agrees.

After `THRESHOLD` consecutive failures (timeouts, 5xx) the circuit opens for `COOL_OFF` seconds:
calls are refused at once with CarrierUnavailable instead of making buyers and sellers wait on a
carrier that is down. After the cool-off one call goes through ("half open"); a success closes the
circuit, a failure opens it again.
"""

import time

from django.core.cache import cache
from django.utils.translation import gettext as _

from logistics.carriers.base import CarrierUnavailable

THRESHOLD = 3
COOL_OFF = 60  # seconds


def _key(code: str) -> str:
    return f"logistics:breaker:{code}"


def state(code: str) -> dict:
    return cache.get(_key(code)) or {"failures": 0, "open_until": 0.0}


def is_open(code: str) -> bool:
    return state(code)["open_until"] > time.time()


def check(code: str, name: str) -> None:
    if is_open(code):
        raise CarrierUnavailable(_("%(carrier)s is not answering; we will try again in a minute.") % {"carrier": name})


def record_success(code: str) -> None:
    if state(code)["failures"]:
        cache.delete(_key(code))


def record_failure(code: str) -> None:
    current = state(code)
    failures = current["failures"] + 1
    open_until = time.time() + COOL_OFF if failures >= THRESHOLD else current["open_until"]
    cache.set(_key(code), {"failures": failures, "open_until": open_until}, COOL_OFF * 10)


def call(carrier, method: str, *args, **kwargs):
    """`carrier.<method>(*args, **kwargs)` through the breaker."""
    check(carrier.code, str(carrier.name))
    try:
        result = getattr(carrier, method)(*args, **kwargs)
    except CarrierUnavailable:
        record_failure(carrier.code)
        raise
    record_success(carrier.code)
    return result
