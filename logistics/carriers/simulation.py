"""What every carrier simulator does alike.

- Parcels live in Django's cache (Redis in production-like runs, local memory in tests), under a
  per-carrier prefix, with an index of open tracking codes so a driver can walk them.
- Master data (the carrier's own provinces/districts/wards in its own id space) is generated from
  our former-ward table, so the mapping code meets the same shape of data as with the real carrier;
  each simulator decides which units it does not serve, so "no carrier serves this commune" happens.
- Faults: `set_fault(code, "500" | "timeout")` makes the carrier's API fail until cleared, so tests
  and the demo can show a carrier that is down without mocking anything of ours.
- Webhooks are delivered with the payment simulators' delivery (in process for our own host, real
  HTTP otherwise), retried while the answer is not the one the carrier waits for.
"""

import secrets
from collections.abc import Callable, Iterable

from django.core.cache import cache

from logistics.carriers.base import CarrierUnavailable
from payments.gateways import simulation as delivery

TTL = 7 * 24 * 3600


class ParcelStore:
    def __init__(self, code: str):
        self.prefix = f"sim:carrier:{code}:"

    def put(self, tracking_code: str, parcel: dict) -> None:
        cache.set(self.prefix + tracking_code, parcel, TTL)
        index = cache.get(self.prefix + "_open") or []
        if tracking_code not in index:
            cache.set(self.prefix + "_open", [*index, tracking_code], TTL)

    def get(self, tracking_code: str) -> dict | None:
        return cache.get(self.prefix + tracking_code)

    def close(self, tracking_code: str) -> None:
        index = cache.get(self.prefix + "_open") or []
        cache.set(self.prefix + "_open", [c for c in index if c != tracking_code], TTL)

    def open_codes(self) -> list[str]:
        return list(cache.get(self.prefix + "_open") or [])

    def find(self, key: str, value) -> dict | None:
        """An open parcel whose `key` equals `value` (e.g. the client order code)."""
        for code in self.open_codes():
            parcel = self.get(code)
            if parcel and parcel.get(key) == value:
                return parcel
        return None


def new_code(prefix: str, length: int = 8) -> str:
    return prefix + "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(length))


# --- faults --------------------------------------------------------------------------------


def set_fault(code: str, fault: str | None) -> None:
    """ "500" (the carrier answers 5xx), "timeout" (it never answers in time) or None (healthy)."""
    if fault:
        cache.set(f"sim:carrier:{code}:fault", fault, TTL)
    else:
        cache.delete(f"sim:carrier:{code}:fault")


def raise_fault(code: str, name: str) -> None:
    """Called first by every simulated endpoint: behave like a carrier that is down."""
    fault = cache.get(f"sim:carrier:{code}:fault")
    if fault == "timeout":
        raise CarrierUnavailable(f"{name} did not answer in time")
    if fault:
        raise CarrierUnavailable(f"{name} answered HTTP 500")


# --- master data ---------------------------------------------------------------------------


def legacy_master_data(
    *,
    province_id: Callable[[str], str],
    district_id: Callable[[str], str],
    ward_id: Callable[[str], str],
    skip: Callable[[object], bool] = lambda ward: False,
) -> list[dict]:
    """The former three-level units (our LegacyWard table) in a carrier's id space."""
    from marketplace.regions.models import LegacyWard

    return [
        {
            "province_id": province_id(w.province_code),
            "province_name": w.province_name,
            "district_id": district_id(w.district_code),
            "district_name": w.district_name,
            "ward_id": ward_id(w.code),
            "ward_name": w.name,
        }
        for w in LegacyWard.objects.order_by("code")
        if not skip(w)
    ]


# --- webhooks ------------------------------------------------------------------------------


def send_webhook(
    url: str,
    body: bytes,
    *,
    request_host: str,
    delays: Iterable[float],
    accepted: Callable[[int], bool] = lambda status: status == 200,
    content_type: str = "application/json",
    headers: dict | None = None,
    what: str = "carrier webhook",
) -> list[int]:
    return delivery.deliver(
        lambda: delivery.post_json(
            url, body, request_host=request_host, headers=headers, content_type=content_type, timeout=10
        ),
        delays=delays,
        accepted=accepted,
        what=what,
    )


def drive(advance: Callable[..., str | None], tracking_code: str, **kwargs) -> list[str]:
    """Call a simulator's `advance` until the parcel is at the end of its script; the steps taken."""
    steps = []
    while step := advance(tracking_code, **kwargs):
        steps.append(step)
    return steps


def advance_script(
    store: ParcelStore,
    tracking_code: str,
    *,
    scenario: str,
    scripts: dict,
    cancelled: Callable,
    record: Callable,
    post: Callable,
):
    """One step of a parcel's scripted road (Viettel Post, VNPost): `record(parcel, code)` writes the
    next code into the parcel, `post(parcel, recorded)` sends it as a webhook and returns the answers.
    The code, or None at the end of the road (or once `cancelled(parcel["status"])`). The scenario
    ("deliver", "return", "fail_once") is fixed by the first step."""
    if scenario not in scripts:
        raise ValueError(f"unknown scenario {scenario!r}; one of {sorted(scripts)}")
    parcel = store.get(tracking_code)
    if parcel is None:
        return None
    script = scripts[parcel["scenario"] or scenario]
    if cancelled(parcel["status"]) or parcel["step"] >= len(script):
        store.close(tracking_code)  # cancelled, or at the end of its road
        return None
    parcel["scenario"] = parcel["scenario"] or scenario
    code = script[parcel["step"]]
    parcel["step"] += 1
    recorded = record(parcel, code)
    store.put(tracking_code, parcel)  # saved before the webhook: the receiver may ask for the status
    statuses = post(parcel, recorded)
    parcel = store.get(tracking_code)
    parcel["webhooks"].append(statuses)
    store.put(tracking_code, parcel)
    if parcel["step"] >= len(script):
        store.close(tracking_code)
    return code
