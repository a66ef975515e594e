"""A local Vietnam Post: the MyVNPost customer-partner API as client.py speaks it, and each parcel's journey.

- Same paths, field names and answers as the client expects: GetAccessToken tokens (kept in the
  cache; `revoke_tokens` makes every token stale), HTTP 401 for a stale token, HTTP 400
  `{success: false, message}` for a refusal in VNPost's words, bare JSON lists where the client
  reads lists. Which of these shapes the real VNPost uses is mostly our assumption (see client.py).
- Its network (own postal-style codes for the former units, what it skips, its tariff) is in
  simulated_network.py. Waybills are UPU S10 codes with a valid check digit ("CK123456785VN").
- `advance` moves a parcel one step along a script of the (assumed) VNPost status codes and posts
  it as a signed webhook, retried while the answer is not HTTP 200; `drive` goes to the end.
  Faults: simulation.set_fault.
"""

import datetime
import json
import re
import secrets
import time
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core.cache import cache

from logistics.carriers import simulation
from logistics.carriers.base import ShipmentStatus
from logistics.carriers.simulation import TTL, ParcelStore, raise_fault, send_webhook

from . import simulated_network as network
from .client import (
    ADDON_COD,
    CANCELLABLE,
    CODE_IS_ITEM_CODE,
    HISTORY_DATE_FORMAT,
    HISTORY_HOUR_FORMAT,
    NAME,
    ORDER_PUBLISH,
    SCOPE_DOMESTIC,
    STATUS_MAP,
    TOKEN_TTL,
    VN_TIME,
    WEBHOOK_SIGNATURE_HEADER,
    sign,
)
from .simulated_network import area_of  # noqa: F401 - part of the simulator's face for tests and the demo

CODE = "vnpost"
store = ParcelStore(CODE)
PREFIX = f"sim:carrier:{CODE}:"
MAX_COD = 30_000_000
PHONE = re.compile(r"^0\d{9}$")

SCRIPTS = {
    "deliver": ("2", "4", "5", "6", "7", "8"),
    "return": ("2", "4", "5", "6", "7", "9", "7", "9", "10", "11"),
    "fail_once": ("2", "4", "5", "6", "7", "9", "7", "8"),
}
PLACES = {"2": "Bưu cục gốc", "4": "Bưu cục gốc", "5": "Trung tâm khai thác", "10": "Trung tâm khai thác"}
PLACES.update(dict.fromkeys(("6", "7", "8", "9"), "Bưu cục phát"))
PLACES["11"] = "Bưu cục gốc"


# --- the API -------------------------------------------------------------------------------------------


def _refused(message: str, status: int = 400) -> tuple[int, dict]:
    return status, {"success": False, "message": message}


def _generation() -> int:
    return cache.get(PREFIX + "token-generation") or 0


def revoke_tokens() -> None:
    """Every token handed out so far stops working (an expiry, or a password change)."""
    cache.set(PREFIX + "token-generation", _generation() + 1, TTL)


def login_count() -> int:
    return cache.get(PREFIX + "logins") or 0


def _login(body: dict, query: dict) -> tuple[int, dict]:
    if body.get("username") != settings.VNPOST_USERNAME or body.get("password") != settings.VNPOST_PASSWORD:
        return 200, {"success": False, "token": None, "message": "Tên đăng nhập hoặc mật khẩu không đúng"}
    token = secrets.token_urlsafe(32)
    cache.set(PREFIX + "token:" + token, _generation(), TOKEN_TTL)
    cache.set(PREFIX + "logins", login_count() + 1, TTL)
    return 200, {"success": True, "token": token, "message": "Thành công"}


def _token_ok(headers: dict) -> bool:
    token = {str(k).lower(): v for k, v in (headers or {}).items()}.get("token")
    return bool(token) and cache.get(PREFIX + "token:" + str(token)) == _generation()


def _int(data: dict, key: str) -> int | None:
    try:
        return int(data.get(key) or 0)
    except (TypeError, ValueError):
        return None


def _check_parcel(data: dict) -> tuple[dict, str]:
    """(addon amounts, refusal message or "") for the route, weight and add-ons of a parcel."""
    for side, who in (("sender", "người gửi"), ("receiver", "người nhận")):
        codes = [str(data.get(f"{side}{unit}Code") or "") for unit in ("Province", "District", "Commune")]
        problem = network.known_commune(*codes)
        if problem == "served":
            return {}, f"Địa chỉ {who} không thuộc vùng phục vụ"
        if problem:
            return {}, f"Mã {'quận/huyện' if problem == 'district' else 'phường/xã'} {who} không hợp lệ"
    weight = _int(data, "weight")
    if not weight or not 0 < weight <= network.MAX_GRAMS:
        return {}, "Khối lượng không hợp lệ"
    try:
        addons = network.addon_amounts(data.get("addonService"))
    except (ValueError, AttributeError, TypeError):
        return {}, "Dịch vụ cộng thêm không hợp lệ"
    if not 0 <= addons.get(ADDON_COD, 0) <= MAX_COD:
        return {}, "Số tiền thu hộ vượt quá giới hạn"
    return addons, ""


def _offers(data: dict, addons: dict) -> list[dict]:
    sides = [_int(data, side) or 0 for side in ("length", "width", "height")]
    return network.offers(
        str(data["senderProvinceCode"]),
        str(data["receiverProvinceCode"]),
        _int(data, "weight"),
        sides[0] * sides[1] * sides[2] // 6,
        addons,
    )


def _charge(body: dict, query: dict) -> tuple[int, object]:
    data = body.get("data")
    if body.get("scope") != SCOPE_DOMESTIC or not isinstance(data, dict):
        return _refused("Dữ liệu không hợp lệ")
    addons, problem = _check_parcel(data)
    if problem:
        return _refused(problem)
    rows = _offers(data, addons)
    wanted = str(data.get("serviceCode") or "")
    if wanted:
        rows = [row for row in rows if row["serviceCode"] == wanted]
        if not rows:
            return _refused("Mã dịch vụ không hợp lệ")
    return 200, rows


def s10(prefix: str = "CK") -> str:
    """A UPU S10 item code with its check digit (weights 8 6 4 2 3 5 9 7)."""
    digits = [secrets.randbelow(10) for _ in range(8)]
    check = 11 - sum(d * w for d, w in zip(digits, (8, 6, 4, 2, 3, 5, 9, 7), strict=True)) % 11
    check = {10: 0, 11: 5}.get(check, check)
    return f"{prefix}{''.join(map(str, digits))}{check}VN"


def _create(body: dict, query: dict) -> tuple[int, dict]:
    reference = str(body.get("saleOrderCode") or "").strip()
    if not reference or len(reference) > 50:
        return _refused("Mã đơn hàng của khách hàng (saleOrderCode) không hợp lệ")
    if body.get("orderCreationStatus") != ORDER_PUBLISH:
        return _refused("Đơn nháp không được hỗ trợ qua kênh này")  # drafts are not simulated
    for side, who in (("sender", "người gửi"), ("receiver", "người nhận")):
        if not str(body.get(f"{side}Name") or "").strip() or not str(body.get(f"{side}Address") or "").strip():
            return _refused(f"Thiếu thông tin {who}")
        if not PHONE.match(re.sub(r"[\s.]", "", str(body.get(f"{side}Phone") or "")).replace("+84", "0", 1)):
            return _refused(f"Số điện thoại {who} không hợp lệ")
    addons, problem = _check_parcel(body)
    if problem:
        return _refused(problem)
    offer = next((row for row in _offers(body, addons) if row["serviceCode"] == body.get("serviceCode")), None)
    if offer is None:
        return _refused("Mã dịch vụ không hợp lệ")
    if store.find("saleOrderCode", reference):
        return _refused(f"Mã đơn hàng {reference} đã tồn tại")
    item_code, original_id = s10(), str(10**9 + secrets.randbelow(9 * 10**9))
    order = {
        "originalId": original_id,
        "itemCode": item_code,
        "saleOrderCode": reference,
        "serviceCode": offer["serviceCode"],
        **{key: offer[key] for key in ("mainFee", "codFee", "insuranceFee", "vatFee", "totalFee")},
        "codAmount": addons.get(ADDON_COD, 0),
        "weight": _int(body, "weight"),
    }
    parcel = {**order, "status": "1", "history": [], "scenario": None, "step": 0, "clock": 0, "webhooks": []}
    _record(parcel, "1")
    store.put(item_code, parcel)
    cache.set(PREFIX + "original:" + original_id, item_code, TTL)
    return 200, {**order, "status": "1"}


def _find(query: dict) -> dict | None:
    code = str(query.get("code") or "")
    if str(query.get("type") or CODE_IS_ITEM_CODE) != str(CODE_IS_ITEM_CODE):
        code = cache.get(PREFIX + "original:" + code) or ""
    return store.get(code) if code else None


def _order(body: dict, query: dict) -> tuple[int, object]:
    parcel = _find(query)
    if parcel is None:
        return _refused("Không tìm thấy đơn hàng")
    return 200, [
        {key: value for key, value in parcel.items() if key not in ("history", "scenario", "step", "clock", "webhooks")}
    ]


def _cancel(body: dict, query: dict) -> tuple[int, object]:
    original_id = str(body.get("originalId") or "")
    parcel = _find({"code": original_id, "type": 2})
    if parcel is None:
        return 200, [{"originalId": original_id, "success": False, "message": "Không tìm thấy đơn hàng"}]
    if parcel["status"] not in CANCELLABLE:
        return 200, [{"originalId": original_id, "success": False, "message": "Đơn hàng đã được nhận, không thể hủy"}]
    _record(parcel, "12")
    store.put(parcel["itemCode"], parcel)
    store.close(parcel["itemCode"])
    return 200, [{"originalId": original_id, "success": True, "message": "Hủy đơn hàng thành công"}]


def _history(body: dict, query: dict) -> tuple[int, dict]:
    parcel = _find(query)
    if parcel is None:
        return _refused("Không tìm thấy đơn hàng")
    order = {key: parcel[key] for key in ("itemCode", "originalId", "saleOrderCode", "codAmount")}
    return 200, {"data": [{**order, "statusHistory": parcel["history"]}]}


def _provinces(body: dict, query: dict) -> tuple[int, object]:
    seen = {}
    for row in network.master_rows():
        seen.setdefault(row["province_id"], {"provinceCode": row["province_id"], "provinceName": row["province_name"]})
    return 200, list(seen.values())


def _districts(body: dict, query: dict) -> tuple[int, object]:
    seen = {}
    for row in network.master_rows():
        seen.setdefault(
            row["district_id"],
            {
                "districtCode": row["district_id"],
                "districtName": row["district_name"],
                "provinceCode": row["province_id"],
            },
        )
    return 200, list(seen.values())


def _communes(body: dict, query: dict) -> tuple[int, object]:
    return 200, [
        {"communeCode": row["ward_id"], "communeName": row["ward_name"], "districtCode": row["district_id"]}
        for row in network.master_rows()
    ]


# path suffix: (handler, needs a token)
ROUTES = {
    "/customer-partner/GetAccessToken": (_login, False),
    "/customer-partner/ServicesCharge": (_charge, True),
    "/customer-partner/CreateOrder": (_create, True),
    "/customer-partner/getOrder": (_order, True),
    "/customer-partner/orderCancel": (_cancel, True),
    "/customer-partner/GetStatusHistoryOrder": (_history, True),
    "/customer-partner/getAllProvince": (_provinces, True),
    "/customer-partner/getAllDistrict": (_districts, True),
    "/customer-partner/getAllCommune": (_communes, True),
}


def local_transport(method, url, *, headers, params=None, json_body=None, timeout) -> tuple[int, dict]:
    """The client's transport when VNPOST_API_BASE is empty: the same JSON, handled in process."""
    raise_fault(CODE, NAME)
    parts = urlsplit(url)
    query = {**dict(parse_qsl(parts.query)), **{k: str(v) for k, v in (params or {}).items()}}
    route = next((route for suffix, route in ROUTES.items() if parts.path.endswith(suffix)), None)
    if route is None:
        return 404, {"message": "Not Found"}
    handler, needs_token = route
    if needs_token and not _token_ok(headers):
        return 401, {"message": "Token không hợp lệ hoặc đã hết hạn"}
    body = json.loads(json.dumps(json_body)) if json_body is not None else {}
    status, answer = handler(body, query) if isinstance(body, dict) else _refused("Dữ liệu không hợp lệ")
    answer = json.loads(json.dumps(answer, ensure_ascii=False))  # exactly what would cross the wire
    return status, answer if isinstance(answer, dict) else {"data": answer}  # as http_transport hands a list on


# --- the parcel's journey -------------------------------------------------------------------------------


def _record(parcel: dict, code: str, note: str = "") -> dict:
    # Event times strictly increase, so two runs at the door within a second stay two events.
    clock = max(int(time.time()), parcel["clock"] + 1)
    parcel["clock"] = clock
    moment = datetime.datetime.fromtimestamp(clock, VN_TIME)
    line = {
        "status": code,
        "statusName": STATUS_MAP[code][1],
        "createdDate": moment.strftime(HISTORY_DATE_FORMAT),
        "createHour": moment.strftime(HISTORY_HOUR_FORMAT),
        "locateName": PLACES.get(code, ""),
        "note": note,
    }
    parcel["status"] = code
    parcel["history"].append(line)
    return line


def webhook_payload(parcel: dict, line: dict) -> dict:
    """Our assumed VNPost webhook (see client.py): the cash is reported with the delivery."""
    return {
        "itemCode": parcel["itemCode"],
        "originalId": parcel["originalId"],
        "saleOrderCode": parcel["saleOrderCode"],
        "status": line["status"],
        "statusName": line["statusName"],
        "statusTime": f"{line['createdDate']} {line['createHour']}",
        "codAmount": parcel["codAmount"] if STATUS_MAP[line["status"]][0] == ShipmentStatus.DELIVERED else 0,
        "locateName": line["locateName"],
        "note": line["note"],
    }


def webhook_delays() -> tuple[float, ...]:
    """Five tries, doubling from LOGISTICS_SIM_WEBHOOK_BACKOFF (VNPost's own schedule is unknown)."""
    backoff = float(getattr(settings, "LOGISTICS_SIM_WEBHOOK_BACKOFF", 0.5))
    return (0, *(backoff * 2**n for n in range(4)))


def post_webhook(url: str, payload: dict, *, request_host: str) -> list[int]:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return send_webhook(
        url,
        body,
        request_host=request_host,
        delays=webhook_delays(),
        headers={WEBHOOK_SIGNATURE_HEADER: sign(body, settings.VNPOST_WEBHOOK_SECRET)},
        what=f"Vietnam Post webhook {payload['itemCode']} {payload['status']}",
    )


def advance(tracking_code: str, *, webhook_url: str, request_host: str, scenario: str = "deliver") -> str | None:
    """One step of the parcel's script, posted as a webhook; the new status code, or None at the end."""
    return simulation.advance_script(
        store,
        tracking_code,
        scenario=scenario,
        scripts=SCRIPTS,
        record=_record,
        cancelled=lambda status: STATUS_MAP[status][0] == ShipmentStatus.CANCELLED,
        post=lambda parcel, line: post_webhook(webhook_url, webhook_payload(parcel, line), request_host=request_host),
    )


def drive(tracking_code: str, *, webhook_url: str, request_host: str, scenario: str = "deliver") -> list[str]:
    """Every remaining step of the parcel's script; the status codes posted."""
    return simulation.drive(
        advance, tracking_code, webhook_url=webhook_url, request_host=request_host, scenario=scenario
    )
