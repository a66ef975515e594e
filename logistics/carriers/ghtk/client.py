"""Giao Hàng Tiết Kiệm (GHTK) spoken as a Carrier.

Protocol facts: shared/reference/payments-logistics.md section 6.2. Every call carries the headers
`Token` and `X-Client-Source` (our partner code); answers are `{"success": true|false, "message":
..., ...}`. Addresses are names (pre-2025 province/district/ward), not ids, so `needs_area_ids` is
False; the names still come from the receiver's `CarrierArea`. Mind the units: the fee API takes
grams, products in a booking take kilograms.

Webhooks are form-encoded and unsigned; the URL we register carries `?hash=<GHTK_WEBHOOK_HASH>`,
compared in constant time before anything is read. GHTK sends no event id: the event key is
label + status_id + action_time.
"""

import datetime
import hmac
import json
import re
from decimal import Decimal
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

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
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

# [?] The reference gives no GHTK parcel limits; these are GHTK's usual figures for its standard
# (non-BBS) service, from no confirmed source. Correct them here.
LIMITS = {"weight_grams": 20_000, "cod": 20_000_000, "value": 20_000_000}

FARM_PRODUCE_TAG = 7  # [C] tags [7]: farm products / dry food
DELIVER_OPTION = "none"  # [C] "xteam" is GHTK's same-day express team; "none" the normal network
FALLBACK_PRODUCT_NAME = "Hàng OCOP"
NO_HAMLET = "Khác"  # [C] hamlet is "Khác" when the address has none

# status_id [X] (many independent implementations; the official table was not read).
STATUS_MAP = {
    -1: S.CANCELLED,
    1: S.CREATED,  # not yet received by GHTK: booked, nothing moves
    2: S.CREATED,
    12: S.CREATED,  # a shipper is on the way to pick up
    3: S.PICKED_UP,
    4: S.OUT_FOR_DELIVERY,  # "dispatched / delivering": GHTK has no separate line-haul status
    5: S.DELIVERED,
    6: S.DELIVERED,  # delivered and the COD settled with us
    9: S.FAILED_ATTEMPT,
    20: S.RETURNING,
    21: S.RETURNED,
    # 7/8 (could not pick / pick postponed), 10 (delivery delayed), 11 (return debt settled),
    # 13 (compensation) and the shipper reports 123, 127, 128, 45, 49, 410: timeline only.
}
STATUS_TEXT = {
    -1: "Hủy đơn hàng", 1: "Chưa tiếp nhận", 2: "Đã tiếp nhận", 3: "Đã lấy hàng/Đã nhập kho",
    4: "Đã điều phối giao hàng/Đang giao hàng", 5: "Đã giao hàng/Chưa đối soát", 6: "Đã đối soát",
    7: "Không lấy được hàng", 8: "Hoãn lấy hàng", 9: "Không giao được hàng", 10: "Delay giao hàng",
    11: "Đã đối soát công nợ trả hàng", 12: "Đã điều phối lấy hàng/Đang lấy hàng", 13: "Đơn hàng bồi hoàn",
    20: "Đang trả hàng (COD cầm hàng đi trả)", 21: "Đã trả hàng (COD đã trả xong hàng)",
}  # fmt: skip
SETTLED = 6


def local_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return "0" + digits[2:] if digits.startswith("84") and len(digits) == 11 else digits


def parse_time(value) -> datetime.datetime | None:
    """Webhook action_time is ISO 8601 with +07:00; the status API says "YYYY-MM-DD HH:MM:SS" local."""
    if not value or not isinstance(value, str):
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)


def event_key(label: str, status_id: int, moment: datetime.datetime) -> str:
    instant = moment.astimezone(datetime.UTC).isoformat(timespec="seconds")
    return f"{label}:{status_id}:{instant}"


class Refused(CarrierError):
    """GHTK said `success: false`; `answer` is what it said (its `error` may tell more)."""

    def __init__(self, message: str, *, answer: dict):
        super().__init__(message)
        self.answer = answer


class GHTKCarrier:
    """GHTK. With GHTK_API_BASE empty it talks to the in-process simulator (same protocol)."""

    code = "ghtk"
    name = "Giao Hàng Tiết Kiệm"
    supports_cod = True
    needs_area_ids = False

    def __init__(
        self, *, api_base=None, token=None, partner_code=None, webhook_hash=None, transport: Transport | None = None,
        timeout=None,
    ):  # fmt: skip
        base = getattr(settings, "GHTK_API_BASE", "") if api_base is None else api_base
        self.api_base = base.rstrip("/")
        self.token = token if token is not None else getattr(settings, "GHTK_TOKEN", "")
        self.partner_code = partner_code if partner_code is not None else getattr(settings, "GHTK_PARTNER_CODE", "")
        self.webhook_hash = webhook_hash if webhook_hash is not None else getattr(settings, "GHTK_WEBHOOK_HASH", "")
        self.timeout = timeout if timeout is not None else getattr(settings, "LOGISTICS_CARRIER_TIMEOUT", 5.0)
        self.simulated = not self.api_base
        self.transport = pick_transport(self.api_base, "logistics.carriers.ghtk.simulator", transport)

    # --- the wire ----------------------------------------------------------------------------
    def _call(self, method: str, path: str, refused: str, *, params=None, body=None) -> dict:
        status, answer = self.transport(
            method,
            self.api_base + path,
            headers={"Token": self.token, "X-Client-Source": self.partner_code},
            params=params,
            json_body=body,
            timeout=self.timeout,
        )
        if status != 200 or answer.get("success") is not True:
            raise Refused(refused % {"reason": answer.get("message") or f"HTTP {status}"}, answer=answer)
        return answer

    def _names(self, endpoint) -> dict:
        area = endpoint.area
        if not (area.province_name and area.district_name):
            raise UnmappedAddress(
                _("Giao Hàng Tiết Kiệm does not serve %(commune)s yet.") % {"commune": endpoint.commune_name}
            )
        return {"province": area.province_name, "district": area.district_name, "ward": area.ward_name}

    def _check_limits(self, parcel, cod_amount: Decimal) -> None:
        if parcel.weight_grams > LIMITS["weight_grams"]:
            raise CarrierError(
                _("Giao Hàng Tiết Kiệm carries parcels up to %(limit)s kg; this one weighs %(weight)s kg.")
                % {"limit": LIMITS["weight_grams"] // 1000, "weight": round(parcel.weight_grams / 1000, 1)}
            )
        if cod_amount > LIMITS["cod"]:
            raise CarrierError(
                _("Giao Hàng Tiết Kiệm collects at most %(limit)s VND on delivery.")
                % {"limit": number_format(LIMITS["cod"], force_grouping=True)}
            )

    @staticmethod
    def _value(parcel) -> int:
        return int(min(parcel.declared_value, LIMITS["value"]))  # insured up to the ceiling, not refused

    # --- Carrier -----------------------------------------------------------------------------
    def fee_params(self, request: QuoteRequest, transport: str) -> dict:
        pick, to = self._names(request.sender), self._names(request.receiver)
        params = {
            "pick_province": pick["province"],
            "pick_district": pick["district"],
            "pick_ward": pick["ward"],
            "pick_address": request.sender.street,
            "province": to["province"],
            "district": to["district"],
            "ward": to["ward"],
            "address": request.receiver.street,
            "weight": request.parcel.weight_grams,
            "value": self._value(request.parcel),
            "transport": transport,
            "deliver_option": DELIVER_OPTION,
        }
        if request.parcel.fresh:
            params["tags[]"] = [FARM_PRODUCE_TAG]  # GHTK reads PHP-style arrays
        return params

    def quote(self, request: QuoteRequest) -> list[Quote]:
        """Road always; air too when the parcel leaves its province (GET /services/shipment/fee)."""
        refused = _("Giao Hàng Tiết Kiệm cannot quote this parcel: %(reason)s")
        self._check_limits(request.parcel, request.cod_amount)
        transports = ["road"]
        if request.sender.area.province_name != request.receiver.area.province_name:
            transports.append("fly")
        quotes, last_error = [], None
        for transport in transports:
            try:
                answer = self._call(
                    "GET", "/services/shipment/fee", refused, params=self.fee_params(request, transport)
                )
            except CarrierUnavailable:
                raise
            except CarrierError as exc:
                last_error = exc
                continue
            fee = answer.get("fee") or {}
            if not fee.get("delivery"):
                last_error = CarrierError(
                    _("Giao Hàng Tiết Kiệm does not deliver to %(place)s.")
                    % {"place": request.receiver.area.district_name}
                )
                continue
            quotes.append(
                Quote(
                    carrier=self.code,
                    service=transport,
                    service_name=_("Air") if transport == "fly" else _("Road"),
                    fee=Decimal(str(fee.get("fee") or 0)) + Decimal(str(fee.get("insurance_fee") or 0)),
                    raw=fee,
                )
            )
        if not quotes and last_error:
            raise last_error
        return quotes

    def create_body(self, request: ShipmentRequest) -> dict:
        pick, to = self._names(request.sender), self._names(request.receiver)
        parcel = request.parcel
        products = [
            {
                "name": item.name[:200],
                "weight": round(item.weight_grams / 1000, 3),  # kg, per unit
                "quantity": item.quantity,
                "product_code": item.code,
                "price": int(item.price),
            }
            for item in parcel.items
        ] or [{"name": FALLBACK_PRODUCT_NAME, "weight": round(parcel.weight_grams / 1000, 3), "quantity": 1}]
        order = {
            "id": request.reference,
            "pick_name": request.sender.name,
            "pick_money": int(request.cod_amount),
            "pick_address": request.sender.street,
            "pick_province": pick["province"],
            "pick_district": pick["district"],
            "pick_ward": pick["ward"],
            "pick_tel": local_phone(request.sender.phone),
            "name": request.receiver.name,
            "tel": local_phone(request.receiver.phone),
            "address": request.receiver.street,
            "province": to["province"],
            "district": to["district"],
            "ward": to["ward"],
            "hamlet": NO_HAMLET,
            "is_freeship": "1",  # the buyer paid shipping at checkout: GHTK collects only pick_money
            "note": request.note[:120],
            "value": self._value(parcel),
            "transport": request.service or "road",
            "pick_option": "cod",
            "deliver_option": DELIVER_OPTION,
        }
        if parcel.fresh:
            order["tags"] = [FARM_PRODUCE_TAG]
        return {"products": products, "order": order}

    def create(self, request: ShipmentRequest) -> Booking:
        refused = _("Giao Hàng Tiết Kiệm did not accept the shipment: %(reason)s")
        self._check_limits(request.parcel, request.cod_amount)
        try:
            answer = self._call("POST", "/services/shipment/order/?ver=1.5", refused, body=self.create_body(request))
        except Refused as exc:
            error = exc.answer.get("error") or {}
            # [?] A retried booking GHTK already has comes back as ORDER_ID_EXIST with its label:
            # the parcel is booked, so answer with that booking instead of failing.
            if error.get("code") == "ORDER_ID_EXIST" and error.get("ghtk_label"):
                return self._existing_booking(error["ghtk_label"])
            raise
        order = answer.get("order") or {}
        return Booking(
            tracking_code=order["label"],
            fee=Decimal(str(order.get("fee") or 0)) + Decimal(str(order.get("insurance_fee") or 0)),
            expected_delivery=_estimated(order.get("estimated_deliver_time")),
            raw=order,
        )

    def _existing_booking(self, label: str) -> Booking:
        order = self._status(label)
        return Booking(
            tracking_code=order["label_id"],
            fee=Decimal(str(order.get("ship_money") or 0)) + Decimal(str(order.get("insurance") or 0)),
            raw=order,
        )

    def cancel(self, tracking_code: str) -> None:
        self._call(
            "POST",
            f"/services/shipment/cancel/{tracking_code}",
            _("Giao Hàng Tiết Kiệm could not cancel the shipment: %(reason)s"),
        )

    def _status(self, tracking_code: str) -> dict:
        refused = _("Giao Hàng Tiết Kiệm could not report on the shipment: %(reason)s")
        return self._call("GET", f"/services/shipment/v2/{tracking_code}", refused).get("order") or {}

    def track(self, tracking_code: str) -> list[TrackingUpdate]:
        """GHTK's status API tells only where the parcel is now: one update, keyed like its webhook."""
        order = self._status(tracking_code)
        status_id, moment = _int(order.get("status")), parse_time(order.get("modified"))
        if status_id is None or moment is None:
            return []
        label = order.get("label_id") or tracking_code
        return [
            TrackingUpdate(
                tracking_code=label,
                event_key=event_key(label, status_id, moment),
                status=STATUS_MAP.get(status_id, ""),
                carrier_status=str(status_id),
                occurred_at=moment,
                description=(order.get("status_text") or STATUS_TEXT.get(status_id, ""))[:255],
                cod_collected=_money(order.get("pick_money")) if status_id == SETTLED else None,
                reference=str(order.get("partner_id") or ""),
                raw=order,
            )
        ]

    def parse_webhook(self, *, body: bytes, content_type: str, query: dict, headers: dict) -> list[TrackingUpdate]:
        given = query.get("hash") or ""
        if isinstance(given, list | tuple):
            given = given[0] if given else ""
        if not self.webhook_hash or not hmac.compare_digest(str(given).encode(), self.webhook_hash.encode()):
            raise InvalidWebhook("GHTK webhook without our hash")
        try:
            text = body.decode("utf-8")
            if (content_type or "").startswith("application/json"):
                payload = json.loads(text)
            else:
                payload = {key: values[-1] for key, values in parse_qs(text, keep_blank_values=True).items()}
        except (UnicodeDecodeError, ValueError) as exc:
            raise InvalidWebhook("GHTK webhook body does not parse") from exc
        if not isinstance(payload, dict):
            raise InvalidWebhook("GHTK webhook body is not a set of fields")
        label, status_id = str(payload.get("label_id") or ""), _int(payload.get("status_id"))
        moment = parse_time(payload.get("action_time"))
        if not label or status_id is None or moment is None:
            raise InvalidWebhook("GHTK webhook lacks label_id, status_id or action_time")
        description = payload.get("reason") or STATUS_TEXT.get(status_id, "")
        return [
            TrackingUpdate(
                tracking_code=label,
                event_key=event_key(label, status_id, moment),
                status=STATUS_MAP.get(status_id, ""),
                carrier_status=str(status_id),
                occurred_at=moment,
                description=str(description)[:255],
                cod_collected=_money(payload.get("pick_money")) if status_id == SETTLED else None,
                reference=str(payload.get("partner_id") or ""),
                raw=payload,
            )
        ]

    def webhook_answer(self, *, ok: bool) -> WebhookAnswer:
        # Only HTTP 200 counts as received; GHTK re-sends otherwise (once, in its newer docs).
        if ok:
            return WebhookAnswer(status=200, body=json.dumps({"success": True}))
        return WebhookAnswer(status=400, body=json.dumps({"success": False, "message": "invalid webhook"}))

    def master_data(self) -> list[dict]:
        """GHTK's areas, as names. [?] GHTK publishes no province/district/ward list API: it takes
        the official pre-2025 names, so outside simulation the list is our own former-ward table."""
        if self.simulated:
            from . import simulator

            return simulator.master_data()
        from logistics.carriers.simulation import legacy_master_data

        return legacy_master_data(province_id=lambda c: "", district_id=lambda c: "", ward_id=lambda c: "")


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _money(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _estimated(text) -> datetime.datetime | None:
    """GHTK estimates are words and a date ("Chiều 2025-08-02"): the date, at the end of its day."""
    match = re.search(r"(\d{4})-(\d{2})-(\d{2})", text or "")
    if not match:
        return None
    year, month, day = map(int, match.groups())
    return datetime.datetime(year, month, day, 18, 0, tzinfo=VIETNAM)
