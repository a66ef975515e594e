"""Vietnam Post (MyVNPost "customer-partner" API) spoken as a Carrier. Reference: payments-logistics.md 6.4.

Much less is known than for the other carriers; the reference has one third-party source and a
few more integrations were read for this adapter. What they agree on [X]: hosts
`https://connect-my.vnpost.vn` (production) and `https://my-uat.vnpost.vn/MYVNP_API` (UAT), paths
under `/customer-partner/`; `GetAccessToken {username, password, customerCode}` answers
`{success, token}` and the token goes back in a `token` header (401/403 = get a new one);
`ServicesCharge {scope: 1, customerCode, data: {...}}` and `CreateOrder` take VNPost's own codes
for the former province/district/commune (`senderProvinceCode`, `receiverCommuneCode`, ...), weight
in grams, `serviceCode` (CTN007/CTN009/ETN037 ...), `addonService` [{code, propValue}] with COD as
GTG021/PROP0018, `vehicle` "BO"; `orderCancel {originalId}` (VNPost's own order id, not the
waybill); `getOrder` and `GetStatusHistoryOrder` take `?code=&type=`.

ASSUMPTIONS [?], all in the block below so they are easy to correct when VNPost's documents
arrive: the shape of every answer (ServicesCharge rows, CreateOrder's answer, getOrder,
orderCancel, the status history), what `type` means, the category answers, error bodies, the
token lifetime, the whole table of status codes, and the webhook. No public source documents a
VNPost webhook, so we designed one: JSON {itemCode, originalId, saleOrderCode, status,
statusName, statusTime "dd/MM/yyyy HH:mm:ss" (Vietnam time), codAmount, locateName, note},
authenticated by a hex HMAC-SHA256 of the raw body with VNPOST_WEBHOOK_SECRET in the
X-VNPost-Signature header, compared in constant time; the webhook view also checks the secret
token in the URL path.
"""

import datetime
import json
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
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
# Protocol facts. [X] = seen in more than one integration; [?] = single source or our assumption.
# ================================================================================================
LOGIN_PATH = "/customer-partner/GetAccessToken"  # [X]
CHARGE_PATH = "/customer-partner/ServicesCharge"  # [X]
CREATE_PATH = "/customer-partner/CreateOrder"  # [X]
CANCEL_PATH = "/customer-partner/orderCancel"  # [X] body {originalId} [X]; answers a list [?]
ORDER_PATH = "/customer-partner/getOrder"  # [X] GET ?code=&type=
HISTORY_PATH = "/customer-partner/GetStatusHistoryOrder"  # [X] GET ?code=&type=
PROVINCES_PATH = "/customer-partner/getAllProvince"  # [X]
DISTRICTS_PATH = "/customer-partner/getAllDistrict"  # [X]
COMMUNES_PATH = "/customer-partner/getAllCommune"  # [X]
AUTH_HEADER = "token"  # [X] a header named "token", not Authorization: Bearer
CODE_IS_ITEM_CODE = 1  # [?] type=1: `code` is the waybill (itemCode); type=2: VNPost's order id
SCOPE_DOMESTIC = 1  # [X] ServicesCharge scope
ORDER_PUBLISH = 1  # [X] orderCreationStatus: 1 = publish now, 0 = draft
VEHICLE_ROAD = "BO"  # [X]
ADDON_COD, PROP_COD_AMOUNT = "GTG021", "PROP0018"  # [?] one catalogue: "phát hàng thu tiền COD"
ADDON_INSURANCE, PROP_DECLARED_VALUE = "GTG008", "PROP0026"  # [?] same catalogue: "khai giá"
INSURE_FROM = 1_000_000  # [?] ours: declare the value (a paid service) only from this many VND
# [?] fixed values copied from one sample order; their meaning is not documented here.
ORDER_DEFAULTS = {"sendType": "1", "isBroken": "0", "deliveryTime": "N", "deliveryRequire": "2"}
SERVICE_NAMES = {"CTN007": "Tiết kiệm TMĐT", "CTN009": "Tiêu chuẩn TMĐT", "ETN037": "Nhanh TMĐT"}  # [?]
AUTH_FAILED_STATUSES = frozenset({401, 403})  # [X] one integration re-logs in on these
TOKEN_TTL = 50 * 60  # [?] integrations reuse a token for about an hour
TIME_FORMAT = "%d/%m/%Y %H:%M:%S"  # [?] webhook statusTime; the history splits it in two [X]
HISTORY_DATE_FORMAT, HISTORY_HOUR_FORMAT = "%d/%m/%Y", "%H:%M:%S"  # [X] createdDate, createHour
WEBHOOK_SIGNATURE_HEADER = "X-VNPost-Signature"  # [?] our scheme: hex HMAC-SHA256(secret, raw body)

# status -> (our status or "" for news that moves nothing, VNPost's wording). [?] The whole table
# is our assumption: no public source lists MyVNPost's status codes.
STATUS_MAP: dict[str, tuple[str, str]] = {
    "1": (S.CREATED, "Tạo đơn thành công, chờ lấy hàng"),
    "2": ("", "Bưu tá đang đi nhận hàng"),
    "3": ("", "Nhận hàng không thành công"),
    "4": (S.PICKED_UP, "Đã nhận hàng, chấp nhận bưu gửi"),
    "5": (S.IN_TRANSIT, "Đi khỏi bưu cục, đang vận chuyển"),
    "6": (S.IN_TRANSIT, "Đến bưu cục phát"),
    "7": (S.OUT_FOR_DELIVERY, "Bưu tá đang phát"),
    "8": (S.DELIVERED, "Phát thành công"),
    "9": (S.FAILED_ATTEMPT, "Phát không thành công, chờ phát lại"),
    "10": (S.RETURNING, "Chuyển hoàn về người gửi"),
    "11": (S.RETURNED, "Phát hoàn thành công"),
    "12": (S.CANCELLED, "Đơn hàng đã hủy"),
    "13": ("", "Đã trả tiền thu hộ cho người gửi"),
}
CANCELLABLE = frozenset({"1", "2", "3"})  # [X] only before VNPost has the parcel; codes [?]
# ================================================================================================

VN_TIME = datetime.timezone(datetime.timedelta(hours=7), "ICT")
NAME = gettext_lazy("Vietnam Post")
CANCEL_NOTE = "Người bán hủy đơn"  # read by VNPost staff: Vietnamese whatever the seller's language


class VNPostCarrier(TokenLoginAPI):
    """Quotes, books, cancels and tracks parcels at Vietnam Post; verifies its (assumed) webhooks."""

    code = "vnpost"
    name = NAME
    supports_cod = True
    needs_area_ids = True

    def __init__(
        self,
        *,
        api_base: str | None = None,
        username: str | None = None,
        password: str | None = None,
        customer_code: str | None = None,
        webhook_secret: str | None = None,
        transport: Transport | None = None,
        timeout: float | None = None,
    ):
        self.api_base = (settings.VNPOST_API_BASE if api_base is None else api_base).rstrip("/")
        self.username = settings.VNPOST_USERNAME if username is None else username
        self.password = settings.VNPOST_PASSWORD if password is None else password
        # Not in settings yet: VNPost gives each customer a code (e.g. "C000368268") used in every call.
        self.customer_code = getattr(settings, "VNPOST_CUSTOMER_CODE", "") if customer_code is None else customer_code
        self.webhook_secret = settings.VNPOST_WEBHOOK_SECRET if webhook_secret is None else webhook_secret
        self.timeout = settings.LOGISTICS_CARRIER_TIMEOUT if timeout is None else timeout
        self.simulated = not self.api_base
        self.transport = pick_transport(self.api_base, "logistics.carriers.vnpost.simulator", transport)

    # --- the wire (shared with Viettel Post: logistics/carriers/token_api.py) -------------------
    auth_header = AUTH_HEADER
    token_ttl = TOKEN_TTL

    def _account(self) -> str:
        return f"{self.username}|{self.customer_code}"

    def _login(self) -> str:
        body = {"username": self.username, "password": self.password, "customerCode": self.customer_code}
        status, answer = self._send("POST", LOGIN_PATH, headers={}, json_body=body)
        token = answer.get("token")
        if status >= 400 or not answer.get("success") or not token:
            raise CarrierError(
                _("%(carrier)s did not accept the platform's account: %(reason)s")
                % {"carrier": self.name, "reason": reason(status, answer)}
            )
        return token

    def _auth_failed(self, status: int, answer: dict) -> bool:
        return status in AUTH_FAILED_STATUSES

    def _refused(self, status: int, answer: dict) -> bool:
        return status >= 400 or answer.get("success") is False

    # --- Carrier -----------------------------------------------------------------------------
    def quote(self, request: QuoteRequest) -> list[Quote]:
        """ServicesCharge without a serviceCode: every service VNPost allows for this parcel."""
        data = {
            **_codes("sender", request.sender),
            **_codes("receiver", request.receiver),
            "receiverAddress": _address(request.receiver),
            **_size(request.parcel),
            "serviceCode": "",
            "addonService": _addons(request.cod_amount, request.parcel.declared_value),
            "additionRequest": [],
            "vehicle": VEHICLE_ROAD,
        }
        body = {"scope": SCOPE_DOMESTIC, "customerCode": self.customer_code, "data": data}
        rows = self._call("POST", CHARGE_PATH, json_body=body).get("data")
        if not isinstance(rows, list):
            raise CarrierError(_("Vietnam Post answered the price request in a form we cannot read."))
        quotes = []
        for row in rows:
            try:
                code, fee = str(row["serviceCode"]), Decimal(str(row["totalFee"]))
            except (KeyError, TypeError, InvalidOperation):
                continue
            quotes.append(
                Quote(
                    carrier=self.code,
                    service=code,
                    service_name=str(row.get("serviceName") or SERVICE_NAMES.get(code, code)),
                    fee=fee,
                    expected_days=_days(row.get("deliveryTime")),
                    raw=row,
                )
            )
        return quotes

    def create(self, request: ShipmentRequest) -> Booking:
        """CreateOrder (published, not a draft) with our parcel code as saleOrderCode."""
        parcel = request.parcel
        contents = ", ".join(f"{i.name} x{i.quantity}" for i in parcel.items)
        body = {
            "customerCode": self.customer_code,
            "orderCreationStatus": ORDER_PUBLISH,
            **_party("sender", request.sender),
            "senderMail": "",
            **_party("receiver", request.receiver),
            "receiverEmail": None,
            "serviceCode": request.service,
            "addonService": _addons(request.cod_amount, parcel.declared_value),
            "additionRequest": [],
            "orgCodeCollect": None,
            "orgCodeAccept": None,
            "saleOrderCode": request.reference,
            "contentNote": (("Nông sản tươi. " if parcel.fresh else "") + contents)[:500],
            **_size(parcel),
            "vehicle": VEHICLE_ROAD,
            **ORDER_DEFAULTS,
            "deliveryInstruction": request.note[:500],
        }
        answer = self._call("POST", CREATE_PATH, json_body=body)
        if not answer.get("itemCode"):
            raise CarrierError(_("Vietnam Post accepted the booking but sent no waybill number."))
        return Booking(tracking_code=str(answer["itemCode"]), fee=_decimal(answer.get("totalFee")), raw=answer)

    def cancel(self, tracking_code: str) -> None:
        """orderCancel takes VNPost's own order id, so the waybill is looked up first."""
        orders = self._call("GET", ORDER_PATH, params={"code": tracking_code, "type": CODE_IS_ITEM_CODE}).get("data")
        original_id = next((o.get("originalId") for o in orders or [] if isinstance(o, dict)), None)
        if not original_id:
            raise CarrierError(_("Vietnam Post has no order with waybill %(code)s.") % {"code": tracking_code})
        results = self._call("POST", CANCEL_PATH, json_body={"originalId": original_id}).get("data") or []
        refused = [r for r in results if isinstance(r, dict) and not r.get("success")]
        if refused or not results:
            reason = refused[0].get("message", "") if refused else ""
            raise CarrierError(_("Vietnam Post refused the request: %(reason)s") % {"reason": reason or "?"})

    def track(self, tracking_code: str) -> list[TrackingUpdate]:
        params = {"code": tracking_code, "type": CODE_IS_ITEM_CODE}
        orders = self._call("GET", HISTORY_PATH, params=params).get("data")
        if not isinstance(orders, list):
            raise CarrierError(_("Vietnam Post answered the tracking request in a form we cannot read."))
        updates = []
        try:
            for order in orders:
                header = {key: value for key, value in order.items() if key != "statusHistory"}
                for line in order.get("statusHistory") or []:
                    stamp = f"{line.get('createdDate', '')} {line.get('createHour', '')}".strip()
                    updates.append(tracking_update({**header, **line, "statusTime": stamp}))
        except (AttributeError, InvalidWebhook) as exc:
            raise CarrierError(
                _("Vietnam Post sent tracking news we cannot read: %(detail)s") % {"detail": exc}
            ) from exc
        return updates

    def parse_webhook(self, *, body: bytes, content_type: str, query: dict, headers: dict) -> list[TrackingUpdate]:
        """Verify our assumed HMAC header first, then read the event (see the module docstring)."""
        payload = read_signed_json(
            body=body,
            headers=headers,
            header_name=WEBHOOK_SIGNATURE_HEADER,
            secret=self.webhook_secret,
            setting_name="VNPOST_WEBHOOK_SECRET",
            carrier=NAME,
        )
        return [tracking_update(payload)]

    def webhook_answer(self, *, ok: bool) -> WebhookAnswer:
        """[?] we assume VNPost, like the others, re-sends until it gets HTTP 200."""
        return WebhookAnswer(status=200 if ok else 400, body=json.dumps({"success": ok}))

    def master_data(self) -> list[dict]:
        """Every commune VNPost serves, in its own codes and names (pre-2025 units)."""
        provinces = rows_by(self._call("GET", PROVINCES_PATH), "provinceCode")
        districts = rows_by(self._call("GET", DISTRICTS_PATH), "districtCode")
        communes = self._call("GET", COMMUNES_PATH).get("data") or []
        return join_areas(
            provinces,
            districts,
            communes,
            province=("provinceCode", "provinceName"),
            district=("districtCode", "districtName"),
            ward=("communeCode", "communeName"),
        )


# --- reading and writing VNPost's fields ----------------------------------------------------------------


def tracking_update(event: dict) -> TrackingUpdate:
    """One status event (a webhook, or a line of the status history) as a TrackingUpdate."""
    try:
        item_code = str(event["itemCode"]).strip()
        code = str(int(str(event["status"]).strip()))
        stamp = str(event["statusTime"]).strip()
        occurred_at = datetime.datetime.strptime(stamp, TIME_FORMAT).replace(tzinfo=VN_TIME)
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidWebhook(f"Vietnam Post status event is missing or garbles a field: {exc}") from exc
    if not item_code:
        raise InvalidWebhook("Vietnam Post status event without itemCode")
    status, known_name = STATUS_MAP.get(code, ("", ""))
    collected = _decimal(event.get("codAmount"))
    parts = [
        str(event.get("statusName") or known_name),
        str(event.get("locateName") or ""),
        str(event.get("note") or ""),
    ]
    return TrackingUpdate(
        tracking_code=item_code,
        event_key=f"{item_code}:{code}:{occurred_at.isoformat()}",
        status=str(status),
        carrier_status=code,
        occurred_at=occurred_at,
        description=" - ".join(filter(None, parts))[:255],
        cod_collected=collected if status == S.DELIVERED and collected else None,
        reference=str(event.get("saleOrderCode") or ""),
        raw=dict(event),
    )


def _codes(side: str, endpoint) -> dict:
    area = endpoint.area
    if not (area.province_id and area.district_id and area.ward_id):
        raise UnmappedAddress(
            _("Vietnam Post does not deliver to %(commune)s, %(province)s (no matching area in its list).")
            % {"commune": endpoint.commune_name, "province": endpoint.province_name}
        )
    return {
        f"{side}ProvinceCode": area.province_id,
        f"{side}DistrictCode": area.district_id,
        f"{side}CommuneCode": area.ward_id,
    }


def _party(side: str, endpoint) -> dict:
    area = endpoint.area
    return {
        f"{side}Name": endpoint.name,
        f"{side}Phone": endpoint.phone,
        f"{side}Address": _address(endpoint),
        **_codes(side, endpoint),
        f"{side}ProvinceName": area.province_name,
        f"{side}DistrictName": area.district_name,
        f"{side}CommuneName": area.ward_name,
    }


def _address(endpoint) -> str:
    # The codes route the parcel; the text is for the postman, in the same (former) units.
    area = endpoint.area
    return ", ".join(p for p in (endpoint.street, area.ward_name, area.district_name, area.province_name) if p)


def _size(parcel) -> dict:
    return {
        "weight": int(parcel.weight_grams),
        "length": parcel.length_cm,
        "width": parcel.width_cm,
        "height": parcel.height_cm,
    }


def _addons(cod_amount, declared_value) -> list[dict]:
    addons = []
    if int(cod_amount):
        addons.append({"code": ADDON_COD, "propValue": f"{PROP_COD_AMOUNT}:{int(cod_amount)}"})
    if int(declared_value) >= INSURE_FROM:
        addons.append({"code": ADDON_INSURANCE, "propValue": f"{PROP_DECLARED_VALUE}:{int(declared_value)}"})
    return addons


def _days(text) -> int | None:
    """deliveryTime such as "2-3 ngày" as the longer whole number of days."""
    numbers = [int(n) for n in re.findall(r"\d+", str(text or ""))]
    return max(numbers) if numbers else None


def _decimal(value) -> Decimal:
    try:
        return Decimal(str(value or 0))
    except (InvalidOperation, ValueError):
        return Decimal(0)
