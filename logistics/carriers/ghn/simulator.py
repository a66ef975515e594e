"""A local GHN: the v2 endpoints the client uses, in GHN's own ids, envelope and status strings.

- Its units and prices (master data in GHN-like ids, a fee table by weight and route) are in
  `network.py`.
- Validation answers as GHN does: HTTP 400, `{"code": 400, "message": ..., "code_message":
  "USER_ERR_COMMON"}` for a missing field, an unknown district/ward, weight, size or COD over limit.
- `advance()` moves a parcel one step along a scenario in GHN's status strings, logs it (so
  `detail` answers it) and POSTs GHN's webhook JSON, re-sent while the answer is not 200.
"""

import datetime
import json
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from logistics.carriers import simulation
from logistics.carriers.simulation import ParcelStore, new_code, raise_fault

from . import network
from .client import LIMITS, parse_time
from .network import whole

CODE = "ghn"
store = ParcelStore(CODE)
PATH_PREFIX = "/shiip/public-api"

REQUIRED_NOTES = {"CHOTHUHANG", "CHOXEMHANGKHONGTHU", "KHONGCHOXEMHANG"}
PHONE = re.compile(r"^0\d{9}$")
CANCELLABLE = {"ready_to_pick", "picking", "money_collect_picking"}
FINAL = {"delivered", "returned", "cancel"}
WEBHOOK_RESENDS = 10  # [C] GHN re-sends 10 times (5 s apart) while the answer is not 200

_TO_DOOR = ["ready_to_pick", "picking", "picked", "storing", "transporting", "sorting", "delivering"]
_RETURN = ["waiting_to_return", "return", "return_transporting", "return_sorting", "returning", "returned"]
SCRIPTS = {
    "deliver": [*_TO_DOOR, "delivered"],
    "fail_once": [*_TO_DOOR, "delivery_fail", "delivering", "delivered"],
    "return": [*_TO_DOOR, "delivery_fail", "delivering", "delivery_fail", *_RETURN],
}
DESCRIPTIONS = {
    "ready_to_pick": "Mới tạo đơn hàng", "picking": "Nhân viên đang lấy hàng", "picked": "Nhân viên đã lấy hàng",
    "storing": "Hàng đang nằm ở kho", "transporting": "Đang luân chuyển hàng", "sorting": "Đang phân loại hàng hóa",
    "delivering": "Nhân viên đang giao cho người nhận", "delivered": "Nhân viên đã giao hàng thành công",
    "delivery_fail": "Nhân viên giao hàng thất bại", "waiting_to_return": "Đang đợi trả hàng về cho người gửi",
    "return": "Trả hàng", "return_transporting": "Đang luân chuyển hàng trả",
    "return_sorting": "Đang phân loại hàng trả",
    "returning": "Nhân viên đang đi trả hàng", "returned": "Nhân viên trả hàng thành công", "cancel": "Hủy đơn hàng",
}  # fmt: skip


# --- the API -----------------------------------------------------------------------------
def _ok(data, message="Success") -> tuple[int, dict]:
    return 200, {"code": 200, "message": message, "data": data}


def _error(message: str, status: int = 400) -> tuple[int, dict]:
    return status, {"code": status, "message": message, "data": None, "code_message": "USER_ERR_COMMON"}


def _service(body: dict) -> dict | None:
    service_id, type_id = whole(body.get("service_id")), whole(body.get("service_type_id"))
    for service in network.SERVICES:
        if (service_id and service["service_id"] == service_id) or (
            not service_id and service["service_type_id"] == type_id
        ):
            return service
    return None


def _check_parcel(body: dict, *, creating: bool) -> str | None:
    """The first validation problem, worded as GHN words them, or None."""
    weight = whole(body.get("weight"))
    if weight is None or weight <= 0:
        return "Khối lượng (weight) không hợp lệ"
    if weight > LIMITS["weight_grams"]:
        return f"Khối lượng tối đa {LIMITS['weight_grams']} gram"
    for side in ("length", "width", "height"):
        value = whole(body.get(side)) if creating or body.get(side) is not None else 1
        if value is None or value <= 0:
            return f"Thiếu thông tin {side}"
        if value > LIMITS["side_cm"]:
            return f"Kích thước tối đa {LIMITS['side_cm']} cm"
    if (whole(body.get("insurance_value")) or 0) > LIMITS["insurance"]:
        return f"Giá trị bảo hiểm tối đa {LIMITS['insurance']:,} VNĐ"
    if (whole(body.get("cod_amount" if creating else "cod_value")) or 0) > LIMITS["cod"]:
        return f"Tiền thu hộ tối đa {LIMITS['cod']:,} VNĐ"
    return None


def _to_district(body: dict, master: dict) -> tuple[dict | None, str | None]:
    district_id_, ward = whole(body.get("to_district_id")), body.get("to_ward_code")
    if not district_id_:
        return None, "Thiếu thông tin to_district_id"
    if not ward:
        return None, "Thiếu thông tin to_ward_code"
    district = master["districts"].get(district_id_)
    if district is None:
        return None, f"Không tìm thấy quận/huyện to_district_id={district_id_}"
    if str(ward) not in {w["WardCode"] for w in master["wards"][district_id_]}:
        return None, f"Phường/xã to_ward_code={ward} không thuộc quận/huyện {district_id_}"
    return district, None


def _shop_district(master: dict) -> dict:
    # GHN falls back to the address registered with the shop; ours is the first district.
    return next(iter(master["districts"].values()))


def handle_fee(body: dict) -> tuple[int, dict]:
    master = network.master()
    to_district, problem = _to_district(body, master)
    problem = problem or _check_parcel(body, creating=False)
    if problem:
        return _error(problem)
    from_district = master["districts"].get(whole(body.get("from_district_id")) or 0) or _shop_district(master)
    service = _service(body)
    if service is None:
        return _error("Dịch vụ (service_id) không hợp lệ")
    return _ok(network.fee(body, from_district, to_district, service))


def handle_available_services(body: dict) -> tuple[int, dict]:
    master = network.master()
    for field in ("shop_id", "from_district", "to_district"):
        if not whole(body.get(field)):
            return _error(f"Thiếu thông tin {field}")
    if str(body["shop_id"]) != str(settings.GHN_SHOP_ID):
        return _error("Cửa hàng (shop_id) không hợp lệ")
    for field in ("from_district", "to_district"):
        if whole(body[field]) not in master["districts"]:
            return _error(f"Không tìm thấy quận/huyện {field}={body[field]}")
    return _ok([{k: s[k] for k in ("service_id", "short_name", "service_type_id")} for s in network.SERVICES])


def handle_create(body: dict) -> tuple[int, dict]:
    master = network.master()
    for field in ("to_name", "to_phone", "to_address", "required_note", "payment_type_id"):
        if not body.get(field):
            return _error(f"Thiếu thông tin {field}")
    to_district, problem = _to_district(body, master)
    problem = problem or _check_parcel(body, creating=True)
    if problem:
        return _error(problem)
    if not PHONE.match(str(body["to_phone"])):
        return _error("Số điện thoại người nhận (to_phone) không hợp lệ")
    if body["required_note"] not in REQUIRED_NOTES:
        return _error("Ghi chú bắt buộc (required_note) không hợp lệ")
    if whole(body["payment_type_id"]) not in (1, 2):
        return _error("Hình thức thanh toán (payment_type_id) không hợp lệ")
    service = _service(body)
    if service is None:
        return _error("Thiếu thông tin service_id hoặc service_type_id")
    items = body.get("items")
    if not isinstance(items, list) or not items:
        return _error("Thiếu thông tin items")
    for item in items:
        if not isinstance(item, dict) or not item.get("name") or not whole(item.get("quantity")):
            return _error("Thông tin hàng hóa (items) không hợp lệ: cần name, quantity")
    client_code = body.get("client_order_code") or ""
    if client_code and store.find("client_order_code", client_code):
        return _error(f"Mã đơn hàng client_order_code={client_code} đã tồn tại")
    from_did = master["names"].get((body.get("from_province_name"), body.get("from_district_name")))
    from_district = master["districts"].get(from_did) or _shop_district(master)
    fee = network.fee(body, from_district, to_district, service)
    now = timezone.now()
    days = network.FEES[network.route(from_district, to_district)][2] + service["extra_days"]
    order_code = new_code("G", 7)
    parcel = {
        "order_code": order_code,
        "client_order_code": client_code,
        "status": "ready_to_pick",
        "log": [{"status": "ready_to_pick", "updated_date": _ghn_time(now)}],
        "scenario": None,
        "webhooks": [],
        "shop_id": whole(settings.GHN_SHOP_ID),
        "payment_type_id": whole(body["payment_type_id"]),
        "cod_amount": whole(body.get("cod_amount")) or 0,
        "insurance_value": whole(body.get("insurance_value")) or 0,
        **{k: whole(body.get(k)) for k in ("weight", "length", "width", "height")},
        **{
            k: body.get(k)
            for k in ("to_name", "to_phone", "to_address", "to_ward_code", "note", "required_note", "items")
        },
        "to_district_id": to_district["DistrictID"],
        "service_id": service["service_id"],
        "fee": fee,
        "total_fee": fee["total"],
        "created_date": _ghn_time(now),
        "leadtime": _ghn_time(now + datetime.timedelta(days=days)),
    }
    store.put(order_code, parcel)
    return _ok(
        {
            "order_code": order_code,
            "sort_code": f"{to_district['ProvinceID']}-{to_district['DistrictID']}",
            "trans_type": "truck",
            "fee": {  # the create answer names the parts differently from the fee API [X] SDK
                "main_service": fee["service_fee"],
                "insurance": fee["insurance_fee"],
                "station_do": 0,
                "station_pu": fee["pick_station_fee"],
                "return": 0,
                "r2s": fee["r2s_fee"],
                "coupon": fee["coupon_value"],
            },
            "total_fee": fee["total"],
            "expected_delivery_time": parcel["leadtime"],
        },
        message="Success",
    )


def handle_detail(body: dict) -> tuple[int, dict]:
    parcel = store.get(str(body.get("order_code") or ""))
    if parcel is None:
        return _error("Không tìm thấy đơn hàng")
    keys = (
        "order_code", "client_order_code", "status", "cod_amount", "weight", "length", "width", "height",
        "to_name", "to_phone", "to_address", "to_ward_code", "to_district_id", "service_id", "payment_type_id",
        "required_note", "note", "insurance_value", "items", "log", "leadtime", "created_date",
    )  # fmt: skip
    data = {key: parcel.get(key) for key in keys}
    data.update(shop_id=parcel["shop_id"], updated_date=parcel["log"][-1]["updated_date"])
    return _ok(data)


def handle_cancel(body: dict) -> tuple[int, dict]:
    codes = body.get("order_codes")
    if not isinstance(codes, list) or not codes:
        return _error("Thiếu thông tin order_codes")
    results = []
    for code in codes:
        parcel = store.get(str(code))
        if parcel is None:
            results.append({"order_code": code, "result": False, "message": "Không tìm thấy đơn hàng"})
        elif parcel["status"] not in CANCELLABLE:
            results.append(
                {"order_code": code, "result": False, "message": "Đơn hàng không thể hủy ở trạng thái hiện tại"}
            )
        else:
            _record(parcel, "cancel")
            store.close(code)
            results.append({"order_code": code, "result": True, "message": "OK"})
    return _ok(results)


def handle_provinces(body: dict) -> tuple[int, dict]:
    return _ok(network.master()["provinces"])


def handle_districts(body: dict) -> tuple[int, dict]:
    public = ("DistrictID", "ProvinceID", "DistrictName", "Code", "SupportType")
    wanted = whole(body.get("province_id"))
    return _ok(
        [
            {k: d[k] for k in public}
            for d in network.master()["districts"].values()
            if not wanted or d["ProvinceID"] == wanted
        ]
    )


def handle_wards(body: dict) -> tuple[int, dict]:
    wanted = whole(body.get("district_id"))
    if not wanted:
        return _error("Thiếu thông tin district_id")
    return _ok(network.master()["wards"].get(wanted))  # GHN answers data: null for a district it does not know


ROUTES = {
    "/master-data/province": handle_provinces,
    "/master-data/district": handle_districts,
    "/master-data/ward": handle_wards,
    "/v2/shipping-order/available-services": handle_available_services,
    "/v2/shipping-order/fee": handle_fee,
    "/v2/shipping-order/create": handle_create,
    "/v2/shipping-order/detail": handle_detail,
    "/v2/switch-status/cancel": handle_cancel,
}
SHOP_FREE = {"/master-data/province", "/master-data/district", "/master-data/ward"}


def local_transport(method, url, *, headers, params=None, json_body=None, timeout) -> tuple[int, dict]:
    """The client's transport when GHN_API_BASE is empty: the same JSON, handled in process."""
    raise_fault(CODE, "Giao Hàng Nhanh")
    path = urlsplit(url).path
    path = path.removeprefix(PATH_PREFIX).rstrip("/")
    handler = ROUTES.get(path)
    if handler is None:
        return 404, {"code": 404, "message": f"Not found: {path}", "data": None}
    given = {k.lower(): str(v) for k, v in headers.items()}
    if given.get("token") != str(settings.GHN_TOKEN):
        return _error("Token is not valid!", 401)
    if path not in SHOP_FREE and given.get("shopid") != str(settings.GHN_SHOP_ID):
        return _error("ShopId is not valid!", 401)
    body = {**(params or {}), **json.loads(json.dumps(json_body or {}))}  # what the wire would carry
    status, answer = handler(body)
    return status, json.loads(json.dumps(answer))


# --- the parcel's road -------------------------------------------------------------------
def _ghn_time(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _record(parcel: dict, status: str) -> str:
    """Log `status` now (never at or before the last line, so the order of lines is the order of events)."""
    last = parse_time(parcel["log"][-1]["updated_date"])
    moment = max(timezone.now(), last + datetime.timedelta(milliseconds=1))
    parcel["status"] = status
    parcel["log"].append({"status": status, "updated_date": _ghn_time(moment)})
    store.put(parcel["order_code"], parcel)
    return parcel["log"][-1]["updated_date"]


def _next_status(parcel: dict, scenario: str) -> str | None:
    if scenario not in SCRIPTS:
        raise ValueError(f"unknown scenario {scenario!r}; one of {sorted(SCRIPTS)}")
    if parcel["status"] in FINAL:
        return None
    history = [line["status"] for line in parcel["log"]]
    for name in (scenario, parcel.get("scenario")):
        script = SCRIPTS.get(name)
        if script and history == script[: len(history)]:
            parcel["scenario"] = name
            return script[len(history)] if len(history) < len(script) else None
    return None


def webhook_body(parcel: dict, status: str, time: str) -> dict:
    """GHN's webhook JSON for a status change (field list: reference 6.1, doc id=47)."""
    fee = parcel["fee"]
    return {
        "CODAmount": parcel["cod_amount"],
        "CODTransferDate": None,
        "ClientOrderCode": parcel["client_order_code"],
        "ConvertedWeight": max(parcel["weight"], parcel["length"] * parcel["width"] * parcel["height"] // 5),
        "Description": DESCRIPTIONS.get(status, ""),
        "Fee": {
            "CODFailedFee": 0,
            "CODFee": fee["cod_fee"],
            "Coupon": 0,
            "DeliverRemoteAreasFee": fee["deliver_remote_areas_fee"],
            "DocumentReturn": 0,
            "DoubleCheck": 0,
            "Insurance": fee["insurance_fee"],
            "MainService": fee["service_fee"],
            "PickRemoteAreasFee": fee["pick_remote_areas_fee"],
            "R2S": 0,
            "Return": 0,
            "StationDO": 0,
            "StationPU": 0,
            "Total": fee["total"],
        },
        "Height": parcel["height"],
        "IsPartialReturn": False,
        "Length": parcel["length"],
        "OrderCode": parcel["order_code"],
        "PartialReturnCode": "",
        "PaymentType": parcel["payment_type_id"],
        "Reason": "Khách hẹn giao lại" if status == "delivery_fail" else "",
        "ReasonCode": "GHN-DFC1A0" if status == "delivery_fail" else "",
        "ShopID": parcel["shop_id"],
        "Status": status,
        "Time": time,
        "TotalFee": fee["total"],
        "Type": "switch_status",
        "Warehouse": "Bưu cục mô phỏng",
        "Weight": parcel["weight"],
        "Width": parcel["width"],
    }


def webhook_delays() -> tuple[float, ...]:
    backoff = float(getattr(settings, "LOGISTICS_SIM_WEBHOOK_BACKOFF", 0.5))  # GHN waits 5 s
    return (0, *([backoff] * WEBHOOK_RESENDS))


def advance(tracking_code: str, *, webhook_url: str, request_host: str, scenario: str = "deliver") -> str | None:
    """One step along `scenario`; GHN's new status string, or None when the parcel is at its end."""
    parcel = store.get(tracking_code)
    if parcel is None:
        raise KeyError(tracking_code)
    status = _next_status(parcel, scenario)
    if status is None:
        store.close(tracking_code)
        return None
    time = _record(parcel, status)  # saved before the webhook: the receiver may ask for `detail`
    answers = simulation.send_webhook(
        webhook_url,
        json.dumps(webhook_body(parcel, status, time), ensure_ascii=False).encode("utf-8"),
        request_host=request_host,
        delays=webhook_delays(),
        what=f"GHN webhook {tracking_code} {status}",
    )
    parcel["webhooks"].append({"status": status, "answers": answers})
    store.put(tracking_code, parcel)
    if status in FINAL:
        store.close(tracking_code)
    return status


def drive(tracking_code: str, *, webhook_url: str, request_host: str, scenario: str = "deliver") -> list[str]:
    """Advance to the end of the scenario; the statuses passed through."""
    return simulation.drive(
        advance, tracking_code, webhook_url=webhook_url, request_host=request_host, scenario=scenario
    )
