"""One HTTP call to a carrier's API, the way every adapter needs it.

Timeouts, connection errors and 5xx become `CarrierUnavailable` (retry later, nothing changed);
any other answer comes back as `(status, parsed JSON)` for the adapter to read in the carrier's
own envelope. Adapters take a `transport` with this signature, so the simulator can stand in for
the network (`simulator.local_transport`) without anything else changing.
"""

import json
import urllib.error
import urllib.request
from typing import Protocol
from urllib.parse import urlencode

from logistics.carriers.base import CarrierUnavailable


class Transport(Protocol):
    def __call__(
        self,
        method: str,
        url: str,
        *,
        headers: dict,
        params: dict | None = None,
        json_body: dict | list | None = None,
        timeout: float,
    ) -> tuple[int, dict]: ...


def pick_transport(api_base: str, simulator: str, transport: "Transport | None" = None) -> "Transport":
    """`transport` if given; else the network for a configured API base, the carrier's simulator
    (`<simulator>.local_transport`, in process) when none is set."""
    if transport is not None:
        return transport
    if api_base:
        return http_transport
    from django.utils.module_loading import import_string

    return import_string(f"{simulator}.local_transport")


def http_transport(
    method: str, url: str, *, headers: dict, params: dict | None = None, json_body=None, timeout: float
) -> tuple[int, dict]:
    if not url.startswith(("https://", "http://")):
        raise CarrierUnavailable(f"carrier endpoint {url!r} is not an http(s) URL")
    if params:
        url = f"{url}{'&' if '?' in url else '?'}{urlencode(params, doseq=True)}"
    data = None
    headers = dict(headers)
    if json_body is not None:
        data = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
        headers.setdefault("Content-Type", "application/json; charset=UTF-8")
    request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310 - checked above
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, _json(response.read())
    except urllib.error.HTTPError as exc:
        if exc.code >= 500:
            raise CarrierUnavailable(f"carrier answered HTTP {exc.code}") from exc
        return exc.code, _json(exc.read())
    except (TimeoutError, urllib.error.URLError, ConnectionError) as exc:
        raise CarrierUnavailable(f"carrier did not answer: {exc}") from exc


def _json(raw: bytes) -> dict:
    try:
        value = json.loads(raw.decode("utf-8") or "{}")
    except ValueError as exc:
        raise CarrierUnavailable("carrier answered with something that is not JSON") from exc
    return value if isinstance(value, dict) else {"data": value}
