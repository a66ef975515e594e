"""Which carriers exist, and how to get one (a new carrier is one entry here)."""

from django.conf import settings
from django.utils.module_loading import import_string

CARRIERS = {
    "ghn": "logistics.carriers.ghn.client.GHNCarrier",
    "ghtk": "logistics.carriers.ghtk.client.GHTKCarrier",
    "viettelpost": "logistics.carriers.viettelpost.client.ViettelPostCarrier",
    "vnpost": "logistics.carriers.vnpost.client.VNPostCarrier",
    "self": "logistics.carriers.local.SelfDelivery",
    "pickup": "logistics.carriers.local.PickupAtProducer",
}


def get_carrier(code: str):
    if code not in CARRIERS:
        raise KeyError(f"unknown carrier {code!r}")
    return import_string(CARRIERS[code])()


def default_carriers() -> list[str]:
    """What a seller who configured nothing ships with (settings.LOGISTICS_DEFAULT_CARRIERS)."""
    return list(getattr(settings, "LOGISTICS_DEFAULT_CARRIERS", ["ghn", "ghtk", "viettelpost", "vnpost", "self"]))
