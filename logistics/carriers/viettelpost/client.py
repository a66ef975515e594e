"""Viettel Post (partner API v2) spoken as a Carrier. Reference: shared/reference/payments-logistics.md 6.3.

What several independent integrations agree on [X] (the official document was not read): base
`https://partner.viettelpost.vn/v2`; `POST /user/Login {USERNAME, PASSWORD}` answers `data.token`,
sent back in the `Token` header; answers use the envelope `{status, error, message, data}` and a
refusal is `error: true`, often on HTTP 200; `/order/getPriceAll` answers a bare list of services
`{MA_DV_CHINH, TEN_DICHVU, GIA_CUOC, THOI_GIAN, EXCHANGE_WEIGHT}`; `/order/createOrder` takes
SENDER_*/RECEIVER_* with Viettel Post's own numeric PROVINCE/DISTRICT/WARD ids (pre-2025 units,
hence `needs_area_ids`); `/order/UpdateOrder` with `TYPE` 4 cancels; the numeric ORDER_STATUS codes
in STATUS_MAP; webhooks post `{"DATA": {ORDER_NUMBER, ORDER_REFERENCE, ORDER_STATUS,
ORDER_STATUSDATE "dd/MM/yyyy HH:mm:ss", STATUS_NAME, NOTE, MONEY_COLLECTION, ...}}`.

ASSUMPTIONS [?], all in the block below so they are easy to correct when Viettel Post's documents
arrive: the status query path (one integration says there is none: then set TRACK_PATH to "" and
tracking relies on webhooks), listing all districts/wards with id -1, how an expired token is
reported, the token lifetime, the meaning of a few status codes, and the webhook's authentication.
Public sources disagree on the latter (a TOKEN field in the body, or the secret in an Authorization
header), so we use our own scheme: a hex HMAC-SHA256 of the raw body with
VIETTELPOST_WEBHOOK_SECRET in the X-VTP-Signature header, compared in constant time; the webhook
view also checks the secret token in the URL path.
"""

import datetime
import json
import math
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logistics.carriers.base import (
    Booking,
    CarrierError,
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
from logistics.carriers.token_api import TokenLoginAPI, join_areas, read_signed_json, reason, rows_by, sign  # noqa: F401 (sign: simulator, tests)

S = ShipmentStatus

# ================================================================================================
# Protocol facts. [X] = seen in several independent integrations; [?] = our assumption.
# ================================================================================================
LOGIN_PATH = "/user/Login"  # [X]
PRICE_ALL_PATH = "/order/getPriceAll"  # [X]
CREATE_PATH = "/order/createOrder"  # [X]
UPDATE_PATH = "/order/UpdateOrder"  # [X]
UPDATE_TYPE_CANCEL = 4  # [X] TYPE: 1 approve, 2 approve return, 3 deliver again, 4 cancel, 5 delete
TRACK_PATH = "/order/orderTracking"  # [?] our guess; "" = no status query (webhooks only)
PROVINCES_PATH = "/categories/listProvince"  # [X]
DISTRICTS_PATH = "/categories/listDistrict"  # [X] ?provinceId=
WARDS_PATH = "/categories/listWards"  # [X] ?districtId=
ALL_IDS = -1  # [?] provinceId/districtId -1 lists every unit at once
PRODUCT_TYPE_GOODS = "HH"  # [X] hàng hóa (goods), as opposed to "TH" (letters)
PRICE_TYPE_DOMESTIC = 1  # [X] getPriceAll TYPE
ORDER_PAYMENT_NO_COD = 1  # [X] nothing collected; the fee is billed to the sender
ORDER_PAYMENT_COLLECT_GOODS = 3  # [X] collect the goods' price only; the fee is billed to the sender
PRODUCT_NAME_MAX_BYTES = 150  # [X] one integration refuses longer names (UTF-8 bytes)
ENVELOPE_OK = 200  # [X]
ENVELOPE_REFUSED = 400  # [?] the `status` of a refusal envelope (we only read `error`)
AUTH_FAILED_STATUSES = frozenset({401, 403})  # [?] HTTP or envelope status of a bad/expired token
AUTH_FAILED_MESSAGES = ("token invalid", "token is required", "token expired")  # [X] messages seen
TOKEN_TTL = 6 * 3600  # [?] seconds we reuse a /user/Login token; an auth error re-logs in anyway
STATUS_TIME_FORMAT = "%d/%m/%Y %H:%M:%S"  # [X] ORDER_STATUSDATE, Vietnam time
WEBHOOK_SIGNATURE_HEADER = "X-VTP-Signature"  # [?] our scheme: hex HMAC-SHA256(secret, raw body)

# ORDER_STATUS -> (our status or "" for news that moves nothing, Viettel Post's name for it).
# Names and meanings [X] from several integrations; the mapping is ours. Codes marked [?] are
# ambiguous between sources.
STATUS_MAP: dict[int, tuple[str, str]] = {
    -100: (S.CREATED, "Đơn hàng mới tạo, chưa duyệt"),  # [?]
    -108: ("", "Đơn hàng gửi tại bưu cục"),  # [?]
    100: (S.CREATED, "Tiếp nhận đơn hàng từ đối tác"),
    101: (S.CANCELLED, "ViettelPost yêu cầu hủy đơn hàng"),  # final; VTP refused the order
    102: ("", "Đơn hàng chờ xử lý"),
    103: ("", "Giao cho bưu cục"),
    104: ("", "Giao cho bưu tá đi nhận"),
    105: (S.PICKED_UP, "Bưu tá đã nhận hàng"),
    106: ("", "Đối tác yêu cầu lấy lại hàng"),  # [?]
    107: (S.CANCELLED, "Đối tác yêu cầu hủy qua API"),
    200: (S.PICKED_UP, "Nhận từ bưu tá - Bưu cục gốc"),
    201: (S.CANCELLED, "Hủy nhập phiếu gửi"),  # [?] final per sources; read as "the booking was voided"
    202: ("", "Sửa phiếu gửi"),
    300: (S.IN_TRANSIT, "Khai thác đi"),
    301: (S.IN_TRANSIT, "Đóng bảng kê đi"),
    302: (S.IN_TRANSIT, "Đóng túi gói"),
    303: (S.IN_TRANSIT, "Đóng tuyến xe"),
    310: (S.IN_TRANSIT, "Đóng bảng kê"),
    320: (S.IN_TRANSIT, "Bàn giao"),
    400: (S.IN_TRANSIT, "Nhận bảng kê đến"),
    401: (S.IN_TRANSIT, "Nhận túi gói"),
    402: (S.IN_TRANSIT, "Nhận chuyến thư"),
    403: (S.IN_TRANSIT, "Nhận chuyến xe"),
    500: (S.OUT_FOR_DELIVERY, "Giao bưu tá đi phát"),
    501: (S.DELIVERED, "Phát thành công"),
    502: (S.RETURNING, "Chuyển hoàn bưu cục gốc"),
    503: (S.CANCELLED, "Hủy - Theo yêu cầu khách hàng"),  # [?] one source reads "destroyed"
    504: (S.RETURNED, "Thành công - Chuyển trả người gửi"),
    505: (S.FAILED_ATTEMPT, "Tồn - Thông báo chuyển hoàn bưu cục gốc"),  # a return proposed, not approved
    506: (S.FAILED_ATTEMPT, "Tồn - Khách hàng nghỉ, không có nhà"),
    507: (S.FAILED_ATTEMPT, "Tồn - Khách hàng đến bưu cục nhận"),
    508: ("", "Phát tiếp"),  # a request to deliver again, not a courier on the road
    509: (S.IN_TRANSIT, "Chuyển tiếp bưu cục khác"),
    510: ("", "Hủy phân công phát"),
    515: (S.RETURNING, "Bưu cục phát duyệt hoàn"),
    550: ("", "Đơn vị yêu cầu phát tiếp"),
}
CANCELLABLE = frozenset({-100, 100, 102, 103, 104})  # [?] before a courier has the parcel
# ================================================================================================

VN_TIME = datetime.timezone(datetime.timedelta(hours=7), "ICT")
NAME = gettext_lazy("Viettel Post")
# Read by Viettel Post's couriers, so Vietnamese whatever the seller's language.
FRESH_NOTE = "Nông sản tươi, xin giao nhanh."
FALLBACK_PRODUCT_NAME = "Hàng nông sản OCOP"
CANCEL_NOTE = "Người bán hủy đơn"


class ViettelPostCarrier(TokenLoginAPI):
    """Quotes, books, cancels and tracks parcels at Viettel Post; verifies its webhooks."""

    code = "viettelpost"
    name = NAME
    supports_cod = True
    needs_area_ids = True

    def __init__(
        self,
        *,
        api_base: str | None = None,
        username: str | None = None,
        password: str | None = None,
        webhook_secret: str | None = None,
        transport: Transport | None = None,
        timeout: float | None = None,
    ):
        self.api_base = (settings.VIETTELPOST_API_BASE if api_base is None else api_base).rstrip("/")
        self.username = settings.VIETTELPOST_USERNAME if username is None else username
        self.password = settings.VIETTELPOST_PASSWORD if password is None else password
        self.webhook_secret = settings.VIETTELPOST_WEBHOOK_SECRET if webhook_secret is None else webhook_secret
        self.timeout = settings.LOGISTICS_CARRIER_TIMEOUT if timeout is None else timeout
        self.simulated = not self.api_base
        self.transport = pick_transport(self.api_base, "logistics.carriers.viettelpost.simulator", transport)

    # --- the wire (shared with Vietnam Post: logistics/carriers/token_api.py) ------------------
    token_ttl = TOKEN_TTL

    def _account(self) -> str:
        return self.username

    def _login(self) -> str:
        status, answer = self._send(
            "POST", LOGIN_PATH, headers={}, json_body={"USERNAME": self.username, "PASSWORD": self.password}
        )
        data = answer.get("data") if isinstance(answer.get("data"), dict) else {}
        token = data.get("token")
        if answer.get("error") is True or status >= 400 or not token:
            raise CarrierError(
                _("%(carrier)s did not accept the platform's account: %(reason)s")
                % {"carrier": self.name, "reason": reason(status, answer)}
            )
        return token

    def _auth_failed(self, status: int, answer: dict) -> bool:
        if status in AUTH_FAILED_STATUSES or answer.get("status") in AUTH_FAILED_STATUSES:
            return True
        message = str(answer.get("message") or "").lower()
        return answer.get("error") is True and any(text in message for text in AUTH_FAILED_MESSAGES)

    def _refused(self, status: int, answer: dict) -> bool:
        envelope_status = answer.get("status")
        return (
            answer.get("error") is True
            or status >= 400
            or (isinstance(envelope_status, int) and envelope_status >= 300)
        )

    # --- Carrier -----------------------------------------------------------------------------
    def quote(self, request: QuoteRequest) -> list[Quote]:
        """getPriceAll: every service Viettel Post offers on this route, with its fee."""
        sender, receiver = _ids(request.sender), _ids(request.receiver)
        body = {
            "SENDER_PROVINCE": sender["province"],
            "SENDER_DISTRICT": sender["district"],
            "RECEIVER_PROVINCE": receiver["province"],
            "RECEIVER_DISTRICT": receiver["district"],
            "PRODUCT_TYPE": PRODUCT_TYPE_GOODS,
            "PRODUCT_WEIGHT": int(request.parcel.weight_grams),
            "PRODUCT_PRICE": int(request.parcel.declared_value),
            "MONEY_COLLECTION": int(request.cod_amount),
            "PRODUCT_LENGTH": request.parcel.length_cm,
            "PRODUCT_WIDTH": request.parcel.width_cm,
            "PRODUCT_HEIGHT": request.parcel.height_cm,
            "TYPE": PRICE_TYPE_DOMESTIC,
        }
        services = self._call("POST", PRICE_ALL_PATH, json_body=body).get("data")
        if not isinstance(services, list):
            raise CarrierError(_("Viettel Post answered the price request in a form we cannot read."))
        quotes = []
        for service in services:
            try:
                fee = Decimal(str(service["GIA_CUOC"]))
                code = str(service["MA_DV_CHINH"])
            except (KeyError, TypeError, InvalidOperation):
                continue
            quotes.append(
                Quote(
                    carrier=self.code,
                    service=code,
                    service_name=str(service.get("TEN_DICHVU") or code),
                    fee=fee,
                    expected_days=_days(service.get("THOI_GIAN")),
                    raw=service,
                )
            )
        return quotes

    def create(self, request: ShipmentRequest) -> Booking:
        """createOrder with our parcel code as ORDER_NUMBER; Viettel Post answers its own waybill number."""
        sender, receiver = _ids(request.sender, ward=True), _ids(request.receiver, ward=True)
        parcel = request.parcel
        items = list(parcel.items)
        cod = int(request.cod_amount)
        note = request.note
        if parcel.fresh:
            note = " ".join(filter(None, [FRESH_NOTE, note]))
        body = {
            "ORDER_NUMBER": request.reference,
            "GROUPADDRESS_ID": 0,
            "CUS_ID": 0,
            "DELIVERY_DATE": timezone.now().astimezone(VN_TIME).strftime(STATUS_TIME_FORMAT),
            **_party("SENDER", request.sender, sender),
            **_party("RECEIVER", request.receiver, receiver),
            "PRODUCT_NAME": _clip(", ".join(i.name for i in items) or FALLBACK_PRODUCT_NAME, PRODUCT_NAME_MAX_BYTES),
            "PRODUCT_DESCRIPTION": "",
            "PRODUCT_QUANTITY": sum(i.quantity for i in items) or 1,
            "PRODUCT_PRICE": int(parcel.declared_value),
            "PRODUCT_WEIGHT": int(parcel.weight_grams),
            "PRODUCT_LENGTH": parcel.length_cm,
            "PRODUCT_WIDTH": parcel.width_cm,
            "PRODUCT_HEIGHT": parcel.height_cm,
            "PRODUCT_TYPE": PRODUCT_TYPE_GOODS,
            "ORDER_PAYMENT": ORDER_PAYMENT_COLLECT_GOODS if cod else ORDER_PAYMENT_NO_COD,
            "ORDER_SERVICE": request.service,
            "ORDER_SERVICE_ADD": "",
            "ORDER_VOUCHER": "",
            "ORDER_NOTE": note[:500],
            "MONEY_COLLECTION": cod,
            "MONEY_TOTALFEE": 0,
            "MONEY_FEECOD": 0,
            "MONEY_FEEVAS": 0,
            "MONEY_FEEINSURRANCE": 0,  # sic: Viettel Post's spelling
            "MONEY_FEE": 0,
            "MONEY_FEEOTHER": 0,
            "MONEY_TOTALVAT": 0,
            "MONEY_TOTAL": 0,
            "LIST_ITEM": [
                {
                    "PRODUCT_NAME": _clip(i.name, PRODUCT_NAME_MAX_BYTES),
                    "PRODUCT_PRICE": int(i.price),
                    "PRODUCT_WEIGHT": int(i.weight_grams),
                    "PRODUCT_QUANTITY": int(i.quantity),
                }
                for i in items
            ],
        }
        data = self._call("POST", CREATE_PATH, json_body=body).get("data")
        if not isinstance(data, dict) or not data.get("ORDER_NUMBER"):
            raise CarrierError(_("Viettel Post accepted the booking but sent no waybill number."))
        hours = _decimal(data.get("KPI_HT"))
        return Booking(
            tracking_code=str(data["ORDER_NUMBER"]),
            fee=_decimal(data.get("MONEY_TOTAL")),
            expected_delivery=timezone.now() + datetime.timedelta(hours=float(hours)) if hours else None,
            raw=data,
        )

    def cancel(self, tracking_code: str) -> None:
        """UpdateOrder TYPE 4; Viettel Post refuses once a courier has the parcel."""
        self._call(
            "POST",
            UPDATE_PATH,
            json_body={"TYPE": UPDATE_TYPE_CANCEL, "ORDER_NUMBER": tracking_code, "NOTE": CANCEL_NOTE},
        )

    def track(self, tracking_code: str) -> list[TrackingUpdate]:
        if not TRACK_PATH:
            return []
        events = self._call("POST", TRACK_PATH, json_body={"ORDER_NUMBER": tracking_code}).get("data")
        if not isinstance(events, list):
            raise CarrierError(_("Viettel Post answered the tracking request in a form we cannot read."))
        try:
            return [tracking_update(event) for event in events]
        except InvalidWebhook as exc:
            raise CarrierError(
                _("Viettel Post sent tracking news we cannot read: %(detail)s") % {"detail": exc}
            ) from exc

    def parse_webhook(self, *, body: bytes, content_type: str, query: dict, headers: dict) -> list[TrackingUpdate]:
        """Verify our assumed HMAC header first, then read `DATA` (see the module docstring)."""
        payload = read_signed_json(
            body=body,
            headers=headers,
            header_name=WEBHOOK_SIGNATURE_HEADER,
            secret=self.webhook_secret,
            setting_name="VIETTELPOST_WEBHOOK_SECRET",
            carrier=NAME,
        )
        data = payload.get("DATA")
        if not isinstance(data, dict):
            raise InvalidWebhook("Viettel Post webhook has no DATA object")
        return [tracking_update(data)]

    def webhook_answer(self, *, ok: bool) -> WebhookAnswer:
        """Viettel Post re-sends (about 5 times [X]) until it gets HTTP 200."""
        if ok:
            return WebhookAnswer(status=200, body=json.dumps({"status": 200, "error": False, "message": "OK"}))
        return WebhookAnswer(status=400, body=json.dumps({"status": 400, "error": True, "message": "rejected"}))

    def master_data(self) -> list[dict]:
        """Every ward Viettel Post serves, in its own ids and names (pre-2025 units)."""
        provinces = rows_by(self._call("GET", PROVINCES_PATH), "PROVINCE_ID")
        districts = rows_by(self._call("GET", DISTRICTS_PATH, params={"provinceId": ALL_IDS}), "DISTRICT_ID")
        wards = self._call("GET", WARDS_PATH, params={"districtId": ALL_IDS}).get("data") or []
        return join_areas(
            provinces,
            districts,
            wards,
            province=("PROVINCE_ID", "PROVINCE_NAME"),
            district=("DISTRICT_ID", "DISTRICT_NAME"),
            ward=("WARDS_ID", "WARDS_NAME"),
        )


# --- reading and writing Viettel Post's fields -------------------------------------------------------


def tracking_update(data: dict) -> TrackingUpdate:
    """One ORDER_STATUS event (a webhook's DATA, or a line of the status query) as a TrackingUpdate."""
    try:
        number = str(data["ORDER_NUMBER"]).strip()
        code = int(str(data["ORDER_STATUS"]).strip())
        stamp = str(data["ORDER_STATUSDATE"]).strip()
        occurred_at = datetime.datetime.strptime(stamp, STATUS_TIME_FORMAT).replace(tzinfo=VN_TIME)
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidWebhook(f"Viettel Post status event is missing or garbles a field: {exc}") from exc
    if not number:
        raise InvalidWebhook("Viettel Post status event without ORDER_NUMBER")
    status, known_name = STATUS_MAP.get(code, ("", ""))
    collected = _decimal(data.get("MONEY_COLLECTION"))
    description = " - ".join(filter(None, [str(data.get("STATUS_NAME") or known_name), str(data.get("NOTE") or "")]))
    return TrackingUpdate(
        tracking_code=number,
        event_key=f"{number}:{code}:{occurred_at.isoformat()}",
        status=str(status),
        carrier_status=str(code),
        occurred_at=occurred_at,
        description=description[:255],
        cod_collected=collected if status == S.DELIVERED and collected else None,
        reference=str(data.get("ORDER_REFERENCE") or ""),
        raw=dict(data),
    )


def _ids(endpoint, *, ward: bool = False) -> dict:
    area = endpoint.area
    needed = [area.province_id, area.district_id] + ([area.ward_id] if ward else [])
    if not all(str(value).strip().lstrip("-").isdigit() for value in needed):
        raise UnmappedAddress(
            _("Viettel Post does not deliver to %(commune)s, %(province)s (no matching area in its list).")
            % {"commune": endpoint.commune_name, "province": endpoint.province_name}
        )
    return {
        "province": int(area.province_id),
        "district": int(area.district_id),
        "ward": int(area.ward_id) if ward else 0,
    }


def _party(prefix: str, endpoint, ids: dict) -> dict:
    area = endpoint.area
    # The ids route the parcel; the text is for the courier, in the same (former) units as the ids.
    address = ", ".join(
        part for part in (endpoint.street, area.ward_name, area.district_name, area.province_name) if part
    )
    return {
        f"{prefix}_FULLNAME": endpoint.name,
        f"{prefix}_ADDRESS": address,
        f"{prefix}_PHONE": endpoint.phone,
        f"{prefix}_EMAIL": "",
        f"{prefix}_WARD": ids["ward"],
        f"{prefix}_DISTRICT": ids["district"],
        f"{prefix}_PROVINCE": ids["province"],
        f"{prefix}_LATITUDE": 0,
        f"{prefix}_LONGITUDE": 0,
    }


def _days(text) -> int | None:
    """THOI_GIAN such as "48 giờ" or "Khoảng 3 ngày làm việc" as whole days."""
    match = re.search(r"(\d+(?:[.,]\d+)?)\s*(giờ|h|ngày)?", str(text or ""), re.IGNORECASE)
    if not match:
        return None
    amount = float(match.group(1).replace(",", "."))
    if (match.group(2) or "").lower() in ("giờ", "h"):
        return max(1, math.ceil(amount / 24))
    return max(1, math.ceil(amount))


def _decimal(value) -> Decimal:
    try:
        return Decimal(str(value or 0))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def _clip(text: str, max_bytes: int) -> str:
    encoded = text.encode("utf-8")[:max_bytes]
    return encoded.decode("utf-8", errors="ignore")
