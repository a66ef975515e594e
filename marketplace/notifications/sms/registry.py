"""Which SMS backend this deployment uses: settings.SMS_BACKEND ("console" by default)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .base import SmsBackend
from .console import ConsoleSmsBackend
from .esms import EsmsBackend

BACKENDS = {
    "console": ConsoleSmsBackend,
    "esms": EsmsBackend.from_settings,
}


def get_sms_backend() -> SmsBackend:
    """A new provider is a module with an SmsBackend and one entry in BACKENDS (or a dotted path)."""
    name = getattr(settings, "SMS_BACKEND", "console") or "console"
    factory = BACKENDS.get(name)
    if factory is None:
        if "." not in name:
            raise ImproperlyConfigured(
                f"Unknown SMS_BACKEND {name!r}; choose one of {sorted(BACKENDS)} or a dotted path."
            )
        factory = import_string(name)
    return factory()
