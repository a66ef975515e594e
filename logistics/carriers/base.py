"""The boundary to carriers: small typed values in, small typed values out.

Each carrier package (`logistics/carriers/<code>/`) has `client.py` (speaks the carrier's real
protocol and implements `Carrier`), `simulator.py` (plays the carrier locally with the same
protocol: field names, status codes, webhook format and retries) and its tests under
`tests/logistics/<code>/`. Addresses reach a carrier already mapped to that carrier's own units
(`CarrierArea`), because carriers still key on the pre-2025 province/district/ward structure.
Webhooks are verified (where the carrier offers a way) before anything in them is read.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _


class ShipmentStatus(models.TextChoices):
    """One status machine for every carrier; each adapter maps its own codes onto it."""

    CREATED = "created", _("Booked with the carrier")
    PICKED_UP = "picked_up", _("Picked up")
    IN_TRANSIT = "in_transit", _("In transit")
    OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
    DELIVERED = "delivered", _("Delivered")
    FAILED_ATTEMPT = "failed_attempt", _("Delivery attempt failed")
    RETURNING = "returning", _("Returning to the seller")
    RETURNED = "returned", _("Returned to the seller")
    CANCELLED = "cancelled", _("Cancelled")


class CarrierError(Exception):
    """The carrier refused the request (bad address, weight over its limit...): not worth retrying.

    `message` is shown to the seller as is, so it is plain language and translated.
    """


class CarrierUnavailable(CarrierError):
    """The carrier timed out, answered 5xx or its circuit is open: retry later, nothing changed."""


class UnmappedAddress(CarrierError):
    """A commune this carrier has no mapping for (it cannot be quoted or booked there)."""


class InvalidWebhook(Exception):
    """A webhook that does not verify or parse: answered as the carrier expects, never applied."""


@dataclass(frozen=True)
class CarrierArea:
    """A current commune in one carrier's own unit space (ids and/or names, pre-2025 structure)."""

    province_id: str = ""
    province_name: str = ""
    district_id: str = ""
    district_name: str = ""
    ward_id: str = ""
    ward_name: str = ""


@dataclass(frozen=True)
class Endpoint:
    """One end of a parcel: who, how to call them, where (street + current commune + carrier area)."""

    name: str
    phone: str
    street: str
    commune_code: str
    commune_name: str
    province_name: str
    area: CarrierArea = field(default_factory=CarrierArea)


@dataclass(frozen=True)
class Parcel:
    weight_grams: int
    declared_value: Decimal  # VND, drives insurance
    length_cm: int = 20
    width_cm: int = 20
    height_cm: int = 15
    fresh: bool = False  # farm produce / fresh food: carriers with a tag for it get it
    items: tuple = ()  # ParcelItem


@dataclass(frozen=True)
class ParcelItem:
    name: str
    quantity: int
    weight_grams: int
    price: Decimal
    code: str = ""


@dataclass(frozen=True)
class QuoteRequest:
    sender: Endpoint
    receiver: Endpoint
    parcel: Parcel
    cod_amount: Decimal = Decimal("0")


@dataclass(frozen=True)
class Quote:
    carrier: str
    service: str  # the carrier's service id/code to book with
    service_name: str
    fee: Decimal  # VND the buyer pays for this parcel
    expected_days: int | None = None
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ShipmentRequest:
    reference: str  # our unique client order code for this parcel
    sender: Endpoint
    receiver: Endpoint
    parcel: Parcel
    service: str
    cod_amount: Decimal = Decimal("0")  # VND the carrier collects from the buyer (0 = prepaid)
    note: str = ""


@dataclass(frozen=True)
class Booking:
    tracking_code: str
    fee: Decimal
    label_url: str = ""
    expected_delivery: datetime.datetime | None = None
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TrackingUpdate:
    """A verified statement from the carrier about one parcel."""

    tracking_code: str
    event_key: str  # unique per carrier event: the same webhook twice has the same key
    status: str  # a ShipmentStatus value, or "" for an informational event that moves nothing
    carrier_status: str  # the carrier's own code, kept for the timeline
    occurred_at: datetime.datetime
    description: str = ""
    cod_collected: Decimal | None = None  # set when the carrier reports the cash it collected
    reference: str = ""  # our client order code, when the carrier echoes it
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class WebhookAnswer:
    status: int
    body: str = ""
    content_type: str = "application/json"


class Carrier(Protocol):
    code: str
    name: str
    supports_cod: bool
    needs_area_ids: bool  # True when the carrier keys on its own numeric ids (then a synced mapping is required)

    def quote(self, request: QuoteRequest) -> list[Quote]:
        """Fees for this parcel on this route; raise CarrierUnavailable / CarrierError."""

    def create(self, request: ShipmentRequest) -> Booking: ...

    def cancel(self, tracking_code: str) -> None: ...

    def track(self, tracking_code: str) -> list[TrackingUpdate]:
        """The parcel's history as the carrier reports it now (used when webhooks stop)."""

    def parse_webhook(self, *, body: bytes, content_type: str, query: dict, headers: dict) -> list[TrackingUpdate]:
        """Verify and parse a webhook delivery; raise InvalidWebhook."""

    def webhook_answer(self, *, ok: bool) -> WebhookAnswer:
        """What this carrier expects back (e.g. GHN: HTTP 200; anything else is re-sent)."""

    def master_data(self) -> list[dict]:
        """The carrier's own wards: dicts with CarrierArea fields, for building the mapping table."""
