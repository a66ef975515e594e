"""Giao Hàng Nhanh (GHN public API v2) spoken as a Carrier.

Protocol facts: shared/reference/payments-logistics.md section 6.1. Every call carries the headers
`Token` and `ShopId` (master data needs only the token) and answers in the envelope
`{"code": 200, "message": "Success", "data": ...}`; a refusal is `code` 400 with a `message`.
GHN keys addresses on its own pre-2025 ids (to_district_id int, to_ward_code string), so the
receiver's `CarrierArea` must come from a mapping synced from GHN's master data.

Webhooks are JSON, unsigned (GHN documents no signature): the URL carries our secret token (checked
by the view) and we check that `ShopID` is ours. GHN re-sends a delivery until it gets HTTP 200.
"""

import datetime
import json
import re
from decimal import Decimal

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from logistics.carriers.base import (
    Booking,
    CarrierError,
    CarrierUnavailable,
    InvalidWebhook,
    Quote,
    QuoteRequest,
    ShipmentRequest,
    ShipmentStatus,
    TrackingUpdate,
    UnmappedAddress,
    WebhookAnswer,
)
from logistics.carriers.http import Transport, pick_transport

S = ShipmentStatus

# [?] GHN's limits disagree between sources (reference 6.1): the SDK says 30 kg, 150 cm a side,
# COD 10,000,000 and insurance 5,000,000 VND; one fee page says insurance 10,000,000; a community
# sample says 50 kg / 200 cm / COD 50,000,000. We hold the strictest set; correct it here.
LIMITS = {"weight_grams": 30_000, "side_cm": 150, "cod": 10_000_000, "insurance": 5_000_000}

PAYMENT_TYPE_SHOP_PAYS = 1  # [X] 1 = the shop pays GHN (the buyer paid us for shipping), 2 = the receiver pays
REQUIRED_NOTE = "CHOXEMHANGKHONGTHU"  # [X] the buyer may look at the goods but not try them
# [?] Only used when a booking names no service: the docs disagree on what 2 means (Standard vs light goods).
DEFAULT_SERVICE_TYPE_ID = 2
FALLBACK_ITEM_NAME = "Hàng OCOP"  # items[] is required; a parcel without item lines gets one

# GHN's order status strings [X] (community maps; the official table was not read).
STATUS_MAP = {
    "ready_to_pick": S.CREATED,
    "picking": S.CREATED,  # a shipper is on the way to the seller: still with the seller
    "money_collect_picking": S.CREATED,
    "picked": S.PICKED_UP,
    "storing": S.IN_TRANSIT,
    "transporting": S.IN_TRANSIT,
    "sorting": S.IN_TRANSIT,
    "delivering": S.OUT_FOR_DELIVERY,
    "money_collect_delivering": S.OUT_FOR_DELIVERY,
    "delivered": S.DELIVERED,
    "delivery_fail": S.FAILED_ATTEMPT,
    "waiting_to_return": S.RETURNING,
    "return": S.RETURNING,
    "return_transporting": S.RETURNING,
    "return_sorting": S.RETURNING,
    "returning": S.RETURNING,
    "returned": S.RETURNED,
    "cancel": S.CANCELLED,
    # return_fail, exception, damage, lost: kept in the timeline, staff follow up; they move nothing.
}
STATUS_TYPES = ("create", "switch_status")  # webhook Types that report a status; the update_* ones do not


def local_phone(phone: str) -> str:
    """GHN wants the domestic form 0xxxxxxxxx."""
    digits = re.sub(r"\D", "", phone or "")
    return "0" + digits[2:] if digits.startswith("84") and len(digits) == 11 else digits


def parse_time(value) -> datetime.datetime | None:
    """GHN times are ISO 8601 UTC ("2021-11-11T03:52:50.158Z")."""
    if not value or not isinstance(value, str):
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def event_key(order_code: str, kind: str, status: str, moment: datetime.datetime) -> str:
    """OrderCode + Type + Status + Time; the time normalised so the same instant gives the same key."""
    instant = moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds")
    return f"{order_code}:{kind}:{status}:{instant}"


class GHNCarrier:
    """GHN v2. With GHN_API_BASE empty it talks to the in-process simulator (same protocol)."""

    code = "ghn"
    name = "Giao Hàng Nhanh"
    supports_cod = True
    needs_area_ids = True

    def __init__(self, *, api_base=None, token=None, shop_id=None, transport: Transport | None = None, timeout=None):
        base = getattr(settings, "GHN_API_BASE", "") if api_base is None else api_base
        self.api_base = base.rstrip("/")
        self.token = token if token is not None else getattr(settings, "GHN_TOKEN", "")
        self.shop_id = str(shop_id if shop_id is not None else getattr(settings, "GHN_SHOP_ID", "")).strip()
        self.timeout = timeout if timeout is not None else getattr(settings, "LOGISTICS_CARRIER_TIMEOUT", 5.0)
        self.simulated = not self.api_base
        self.transport = pick_transport(self.api_base, "logistics.carriers.ghn.simulator", transport)

    # --- the wire ----------------------------------------------------------------------------
    def _call(self, method: str, path: str, refused: str, *, body=None, params=None, shop=True):
        """One call; the envelope's `data`. `refused` is the seller-facing message with %(reason)s."""
        headers = {"Token": self.token}
        if shop:
            headers["ShopId"] = self.shop_id
        status, answer = self.transport(
            method, self.api_base + path, headers=headers, params=params, json_body=body, timeout=self.timeout
        )
        if status != 200 or answer.get("code") != 200:
            reason = answer.get("message") or answer.get("code_message") or f"HTTP {status}"
            raise CarrierError(refused % {"reason": reason})
        return answer.get("data")

    def _area(self, endpoint) -> tuple[int, str]:
        area = endpoint.area
        try:
            district_id = int(area.district_id)
        except (TypeError, ValueError):
            district_id = 0
        if not district_id or not area.ward_id:
            raise UnmappedAddress(
                _("Giao Hàng Nhanh does not serve %(commune)s yet.") % {"commune": endpoint.commune_name}
            )
        return district_id, area.ward_id

    def _check_limits(self, parcel, cod_amount: Decimal) -> None:
        if parcel.weight_grams > LIMITS["weight_grams"]:
            raise CarrierError(
                _("Giao Hàng Nhanh carries parcels up to %(limit)s kg; this one weighs %(weight)s kg.")
                % {"limit": LIMITS["weight_grams"] // 1000, "weight": round(parcel.weight_grams / 1000, 1)}
            )
        if max(parcel.length_cm, parcel.width_cm, parcel.height_cm) > LIMITS["side_cm"]:
            raise CarrierError(
                _("Giao Hàng Nhanh carries parcels up to %(limit)s cm a side.") % {"limit": LIMITS["side_cm"]}
            )
        if cod_amount > LIMITS["cod"]:
            raise CarrierError(
                _("Giao Hàng Nhanh collects at most %(limit)s VND on delivery.")
                % {"limit": number_format(LIMITS["cod"], force_grouping=True)}
            )

    @staticmethod
    def _insurance(parcel) -> int:
        # Declared value above GHN's insurance ceiling is insured up to the ceiling, not refused.
        return int(min(parcel.declared_value, LIMITS["insurance"]))

    # --- Carrier -----------------------------------------------------------------------------
    def quote(self, request: QuoteRequest) -> list[Quote]:
        """available-services for the route, then one fee call per service."""
        refused = _("Giao Hàng Nhanh cannot quote this parcel: %(reason)s")
        self._check_limits(request.parcel, request.cod_amount)
        from_district, from_ward = self._area(request.sender)
        to_district, to_ward = self._area(request.receiver)
        services = self._call(
            "POST",
            "/v2/shipping-order/available-services",
            refused,
            body={"shop_id": int(self.shop_id or 0), "from_district": from_district, "to_district": to_district},
        )
        parcel = request.parcel
        quotes, last_error = [], None
        for service in services or []:
            body = {
                "service_id": service["service_id"],
                "service_type_id": service.get("service_type_id"),
                "from_district_id": from_district,
                "from_ward_code": from_ward,
                "to_district_id": to_district,
                "to_ward_code": to_ward,
                "weight": parcel.weight_grams,
                "length": parcel.length_cm,
                "width": parcel.width_cm,
                "height": parcel.height_cm,
                "insurance_value": self._insurance(parcel),
                "cod_value": int(request.cod_amount),
                "coupon": None,
            }
            try:
                fee = self._call("POST", "/v2/shipping-order/fee", refused, body=body)
            except CarrierUnavailable:
                raise
            except CarrierError as exc:
                last_error = exc  # this service does not run on this route; others may
                continue
            quotes.append(
                Quote(
                    carrier=self.code,
                    service=str(service["service_id"]),
                    service_name=service.get("short_name") or self.name,
                    fee=Decimal(str(fee["total"])),
                    raw={"service": service, "fee": fee},
                )
            )
        if not quotes and last_error:
            raise last_error
        return quotes

    def create_body(self, request: ShipmentRequest) -> dict:
        to_district, to_ward = self._area(request.receiver)
        sender, receiver, parcel = request.sender, request.receiver, request.parcel
        items = [
            {
                "name": item.name[:200],
                "code": item.code,
                "quantity": item.quantity,
                "price": int(item.price),
                "weight": item.weight_grams,
            }
            for item in parcel.items
        ] or [
            {
                "name": FALLBACK_ITEM_NAME,
                "quantity": 1,
                "price": int(parcel.declared_value),
                "weight": parcel.weight_grams,
            }
        ]
        body = {
            "payment_type_id": PAYMENT_TYPE_SHOP_PAYS,
            "note": request.note[:500],
            "required_note": REQUIRED_NOTE,
            "client_order_code": request.reference,
            # The seller's address by name (doc id=123's name form); GHN otherwise uses the shop's.
            "from_name": sender.name,
            "from_phone": local_phone(sender.phone),
            "from_address": _full_address(sender),
            "from_ward_name": sender.area.ward_name,
            "from_district_name": sender.area.district_name,
            "from_province_name": sender.area.province_name,
            "to_name": receiver.name,
            "to_phone": local_phone(receiver.phone),
            "to_address": _full_address(receiver),
            "to_ward_code": to_ward,
            "to_district_id": to_district,
            "cod_amount": int(request.cod_amount),
            "content": ", ".join(item["name"] for item in items)[:2000],
            "weight": parcel.weight_grams,
            "length": parcel.length_cm,
            "width": parcel.width_cm,
            "height": parcel.height_cm,
            "insurance_value": self._insurance(parcel),
            "items": items,
        }
        if request.service:
            body["service_id"] = int(request.service)
        else:
            body["service_type_id"] = DEFAULT_SERVICE_TYPE_ID
        return body

    def create(self, request: ShipmentRequest) -> Booking:
        self._check_limits(request.parcel, request.cod_amount)
        data = self._call(
            "POST",
            "/v2/shipping-order/create",
            _("Giao Hàng Nhanh did not accept the shipment: %(reason)s"),
            body=self.create_body(request),
        )
        return Booking(
            tracking_code=data["order_code"],
            fee=Decimal(str(data.get("total_fee") or 0)),
            expected_delivery=parse_time(data.get("expected_delivery_time")),
            raw=data,
        )

    def cancel(self, tracking_code: str) -> None:
        refused = _("Giao Hàng Nhanh could not cancel the shipment: %(reason)s")
        results = self._call("POST", "/v2/switch-status/cancel", refused, body={"order_codes": [tracking_code]})
        for result in results or []:
            if result.get("order_code") == tracking_code and not result.get("result"):
                raise CarrierError(refused % {"reason": result.get("message") or tracking_code})

    def track(self, tracking_code: str) -> list[TrackingUpdate]:
        """Every line of the order's `log`, keyed as the matching webhook would be."""
        data = self._call(
            "POST",
            "/v2/shipping-order/detail",
            _("Giao Hàng Nhanh could not report on the shipment: %(reason)s"),
            body={"order_code": tracking_code},
        )
        log = data.get("log") or [{"status": data.get("status"), "updated_date": data.get("updated_date")}]
        updates = []
        for position, line in enumerate(log):
            carrier_status, moment = line.get("status") or "", parse_time(line.get("updated_date"))
            if not carrier_status or moment is None:
                continue
            # GHN reports an order's birth as a "create" webhook, every later change as "switch_status".
            kind = "create" if position == 0 and carrier_status == "ready_to_pick" else "switch_status"
            status = STATUS_MAP.get(carrier_status, "")
            updates.append(
                TrackingUpdate(
                    tracking_code=tracking_code,
                    event_key=event_key(tracking_code, kind, carrier_status, moment),
                    status=status,
                    carrier_status=carrier_status,
                    occurred_at=moment,
                    cod_collected=_money(data.get("cod_amount")) if status == S.DELIVERED else None,
                    reference=data.get("client_order_code") or "",
                    raw=line,
                )
            )
        return updates

    def parse_webhook(self, *, body: bytes, content_type: str, query: dict, headers: dict) -> list[TrackingUpdate]:
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise InvalidWebhook("GHN webhook body is not JSON") from exc
        if not isinstance(payload, dict):
            raise InvalidWebhook("GHN webhook body is not a JSON object")
        if not self.shop_id or str(payload.get("ShopID", "")).strip() != self.shop_id:
            raise InvalidWebhook("GHN webhook for another shop")
        order_code, kind = payload.get("OrderCode"), str(payload.get("Type") or "").lower()
        carrier_status, moment = str(payload.get("Status") or ""), parse_time(payload.get("Time"))
        if not order_code or not isinstance(order_code, str) or not kind or moment is None:
            raise InvalidWebhook("GHN webhook lacks OrderCode, Type or Time")
        if kind in STATUS_TYPES and not carrier_status:
            raise InvalidWebhook("GHN status webhook without Status")
        status = STATUS_MAP.get(carrier_status, "") if kind in STATUS_TYPES else ""
        description = " - ".join(str(payload[k]) for k in ("Description", "Reason") if payload.get(k))
        if kind not in STATUS_TYPES:
            description = f"{kind}: {description}" if description else kind
        return [
            TrackingUpdate(
                tracking_code=order_code,
                event_key=event_key(order_code, kind, carrier_status, moment),
                status=status,
                carrier_status=carrier_status or kind,
                occurred_at=moment,
                description=description[:255],
                cod_collected=_money(payload.get("CODAmount")) if status == S.DELIVERED else None,
                reference=str(payload.get("ClientOrderCode") or ""),
                raw=payload,
            )
        ]

    def webhook_answer(self, *, ok: bool) -> WebhookAnswer:
        # Anything but 200 makes GHN re-send (10 times, 5 s apart): only what we applied gets 200.
        if ok:
            return WebhookAnswer(status=200, body=json.dumps({"code": 200, "message": "Success"}))
        return WebhookAnswer(status=400, body=json.dumps({"code": 400, "message": "Invalid webhook"}))

    def master_data(self) -> list[dict]:
        """Every GHN ward: province list, then districts per province, then wards per district."""
        refused = _("Giao Hàng Nhanh did not send its list of areas: %(reason)s")
        rows = []
        for province in self._call("GET", "/master-data/province", refused, shop=False) or []:
            districts = self._call(
                "GET", "/master-data/district", refused, params={"province_id": province["ProvinceID"]}, shop=False
            )
            for district in districts or []:
                wards = self._call(
                    "GET", "/master-data/ward", refused, params={"district_id": district["DistrictID"]}, shop=False
                )
                rows.extend(
                    {
                        "province_id": str(province["ProvinceID"]),
                        "province_name": province["ProvinceName"],
                        "district_id": str(district["DistrictID"]),
                        "district_name": district["DistrictName"],
                        "ward_id": str(ward["WardCode"]),
                        "ward_name": ward["WardName"],
                    }
                    for ward in wards or []
                )
        return rows


def _full_address(endpoint) -> str:
    return ", ".join(part for part in (endpoint.street, endpoint.commune_name, endpoint.province_name) if part)


def _money(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None
