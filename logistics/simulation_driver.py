"""Moving simulated parcels along: each step is the carrier simulator posting its own webhook to
our webhook URL, exactly as the real carrier would (so the demo and tests exercise the real path).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

from logistics.models import Shipment

SIMULATED = {
    "ghn": "GHN_API_BASE",
    "ghtk": "GHTK_API_BASE",
    "viettelpost": "VIETTELPOST_API_BASE",
    "vnpost": "VNPOST_API_BASE",
}


def is_simulated(carrier: str) -> bool:
    return carrier in SIMULATED and not getattr(settings, SIMULATED[carrier], "")


def webhook_url(carrier: str, base_url: str) -> str:
    path = reverse("logistics:webhook", args=[carrier, settings.LOGISTICS_WEBHOOK_TOKEN])
    if carrier == "ghtk":
        path += f"?hash={settings.GHTK_WEBHOOK_HASH}"
    return base_url.rstrip("/") + path


def site_base() -> str:
    return (getattr(settings, "SITE_URL", "") or settings.LOGISTICS_SIMULATOR_SITE).rstrip("/")


def advance(shipment: Shipment, *, base_url: str = "", request_host: str = "", scenario: str = "deliver") -> str | None:
    """One step of the parcel's journey at its simulated carrier; the carrier's new status, or None at the end."""
    if not is_simulated(shipment.carrier) or not shipment.tracking_code:
        return None
    base_url = base_url or site_base()
    simulator = import_string(f"logistics.carriers.{shipment.carrier}.simulator.advance")
    return simulator(
        shipment.tracking_code,
        webhook_url=webhook_url(shipment.carrier, base_url),
        request_host=request_host or urlsplit(base_url).netloc,
        scenario=scenario,
    )


def drive(shipment: Shipment, **kwargs) -> list[str]:
    """Every remaining step of the parcel's journey (each one a webhook to us)."""
    from logistics.carriers import simulation

    return simulation.drive(lambda _code, **kw: advance(shipment, **kw), shipment.tracking_code, **kwargs)
