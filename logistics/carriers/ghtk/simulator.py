"""A local GHTK: the endpoints the client uses, with GHTK's field names, names-not-ids addresses,
`{"success": ..., "message": ...}` answers and status_id codes.

- Places and prices are in `network.py` (former-ward names; a few island districts not served).
- Refusals answer `success: false` with a Vietnamese message, as GHTK does: a missing field, a
  place it cannot find, weight or COD over its limit, an order id it already has (ORDER_ID_EXIST,
  with the label), cancelling a parcel already picked up.
- `advance()` moves a parcel one step along a scenario in status_ids, records it (the status API
  answers the latest) and POSTs GHTK's form-encoded webhook, re-sent once if the answer is not 200.
"""

import datetime
import re
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.utils import timezone

from logistics.carriers import simulation
from logistics.carriers.simulation import ParcelStore, new_code, raise_fault

from . import network
from .client import FARM_PRODUCE_TAG, LIMITS, STATUS_TEXT, VIETNAM, parse_time

CODE = "ghtk"
store = ParcelStore(CODE)
PHONE = re.compile(r"^0\d{9}$")
CANCELLABLE = {1, 2, 12}
WEBHOOK_RETRIES = 1  # [?] GHTK's newer docs: retried once; older docs only say it re-sends

_TO_DOOR = [1, 2, 12, 3, 4]
SCRIPTS = {
    "deliver": [*_TO_DOOR, 5, 6],
    "fail_once": [*_TO_DOOR, 9, 4, 5, 6],
    "return": [*_TO_DOOR, 9, 10, 4, 9, 20, 21, 11],
}
REASONS = {9: ("Người nhận không nghe máy", "131"), 10: ("Người nhận hẹn giao lại", "")}


def master_data() -> list[dict]:
    """GHTK's areas as the client's master_data gives them: names only, unserved districts left out."""
    return [dict(row) for row in network.places()["rows"]]


# --- the API -----------------------------------------------------------------------------
def _ok(**fields) -> tuple[int, dict]:
    return 200, {"success": True, "message": "", **fields}


def _refuse(message: str, status: int = 200, **fields) -> tuple[int, dict]:
    return status, {"success": False, "message": message, **fields}


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _number(value) -> float | None:
    try:
        return float(str(value).strip())
    except (TypeError, ValueError):
        return None


def _missing(fields: dict, names) -> str:
    absent = [name for name in names if fields.get(name) in (None, "", [])]
    return f"Thiếu tham số: {', '.join(absent)}" if absent else ""


def _tags(values) -> list[int]:
    values = values if isinstance(values, list) else [values] if values not in (None, "") else []
    return [tag for tag in (_int(v) for v in values) if tag is not None]


def _quote(fields: dict, *, grams: int, value: int, transport: str, tags: list[int]):
    """(fee object, None) or (None, refusal) for a route named in `fields` (fee params or an order)."""
    pick_province, _pick_district, problem = network.find(
        fields.get("pick_province"), fields.get("pick_district"), fields.get("pick_ward") or ""
    )
    if problem:
        return None, problem
    province, district, problem = network.find(fields.get("province"), fields.get("district"), fields.get("ward") or "")
    if problem:
        return None, problem
    if transport not in ("road", "fly"):
        return None, "transport không hợp lệ: road hoặc fly"
    answer = network.fee(
        grams=grams,
        value=value,
        transport=transport,
        route_name=network.route(pick_province, province),
        farm_produce=FARM_PRODUCE_TAG in tags,
        remote=district["remote"],
    )
    if not district["served"]:
        answer.update(delivery=False, fee=0, insurance_fee=0)
    return answer, None


def handle_fee(params: dict) -> tuple[int, dict]:
    problem = _missing(params, ("pick_province", "pick_district", "province", "district", "weight", "deliver_option"))
    if problem:
        return _refuse(problem)
    grams = _int(params["weight"])
    if grams is None or grams <= 0:
        return _refuse("weight không hợp lệ (gram)")
    if grams > LIMITS["weight_grams"]:
        return _refuse(f"Khối lượng vượt quá {LIMITS['weight_grams'] // 1000}kg, vui lòng dùng dịch vụ hàng nặng")
    tags = _tags(params.get("tags[]", params.get("tags")))
    fee, problem = _quote(
        params,
        grams=grams,
        value=_int(params.get("value")) or 0,
        transport=params.get("transport") or "road",
        tags=tags,
    )
    return _refuse(problem) if problem else _ok(fee=fee)


ORDER_FIELDS = (
    "id", "pick_name", "pick_money", "pick_address", "pick_province", "pick_district", "pick_tel",
    "name", "tel", "address", "province", "district", "hamlet",
)  # fmt: skip


def handle_create(body: dict) -> tuple[int, dict]:
    order, products = body.get("order"), body.get("products")
    if not isinstance(order, dict) or not isinstance(products, list) or not products:
        return _refuse("Thiếu thông tin đơn hàng (order) hoặc sản phẩm (products)")
    problem = _missing(order, ORDER_FIELDS)
    if problem:
        return _refuse(problem)
    kilograms = 0.0
    for product in products:
        weight, quantity = _number(product.get("weight")), _int(product.get("quantity", 1))
        if not product.get("name") or weight is None or weight <= 0 or not quantity or quantity < 1:
            return _refuse("Sản phẩm cần có tên (name), khối lượng (weight, kg) và số lượng (quantity)")
        kilograms += weight * quantity
    grams = round(kilograms * 1000)
    if grams > LIMITS["weight_grams"]:
        return _refuse(f"Khối lượng vượt quá {LIMITS['weight_grams'] // 1000}kg, vui lòng dùng dịch vụ hàng nặng")
    pick_money = _int(order["pick_money"])
    if pick_money is None or pick_money < 0:
        return _refuse("pick_money không hợp lệ")
    if pick_money > LIMITS["cod"]:
        return _refuse(f"Tiền thu hộ tối đa {LIMITS['cod']:,} đ")
    for field in ("tel", "pick_tel"):
        if not PHONE.match(str(order[field])):
            return _refuse(f"Số điện thoại không hợp lệ: {field}")
    existing = store.find("partner_id", str(order["id"]))
    if existing:
        return _refuse(
            "Mã đơn hàng đã tồn tại",
            error={
                "code": "ORDER_ID_EXIST",
                "partner_id": existing["partner_id"],
                "ghtk_label": existing["label"],
                "created": existing["created"],
                "status": existing["status_id"],
            },
        )
    value = _int(order.get("value")) or 0
    tags = _tags(order.get("tags"))
    fee, problem = _quote(order, grams=grams, value=value, transport=order.get("transport") or "road", tags=tags)
    if problem:
        return _refuse(problem)
    if not fee["delivery"]:
        return _refuse(f"GHTK chưa hỗ trợ giao hàng đến {order['district']}, {order['province']}")
    now = timezone.localtime(timezone.now(), VIETNAM)
    days = {"area1": 1, "area2": 2, "area3": 3}[fee["name"]]
    label = new_code("S1.A1.", 9)
    parcel = {
        "label": label, "partner_id": str(order["id"]), "status_id": 1, "scenario": None, "webhooks": [],
        "history": [{"status_id": 1, "action_time": _ghtk_time(now)}], "created": now.strftime("%Y-%m-%d %H:%M:%S"),
        "pick_money": pick_money, "value": value, "weight": grams, "fee": fee["fee"],
        "insurance_fee": fee["insurance_fee"], "tags": tags, "is_freeship": _int(order.get("is_freeship")) or 0,
        "customer_fullname": order["name"], "customer_tel": order["tel"],
        "address": ", ".join(str(order.get(k) or "") for k in ("address", "hamlet", "ward", "district", "province")),
        "products": products, "transport": order.get("transport") or "road",
    }  # fmt: skip
    store.put(label, parcel)
    return _ok(
        message="Các đơn hàng đã được add vào hệ thống GHTK thành công.",
        order={
            "partner_id": parcel["partner_id"], "label": label, "area": fee["name"][-1], "fee": fee["fee"],
            "insurance_fee": fee["insurance_fee"],
            "estimated_pick_time": f"Chiều {(now + datetime.timedelta(days=1)).date().isoformat()}",
            "estimated_deliver_time": f"Chiều {(now + datetime.timedelta(days=1 + days)).date().isoformat()}",
            "products": [], "status_id": 1, "tracking_id": int(now.timestamp()),
        },
    )  # fmt: skip


def _find(ident: str) -> dict | None:
    if ident.startswith("partner_id:"):
        return store.find("partner_id", ident.removeprefix("partner_id:"))
    return store.get(ident) or store.find("partner_id", ident)


def handle_status(ident: str) -> tuple[int, dict]:
    parcel = _find(ident)
    if parcel is None:
        return _refuse("Không tìm thấy đơn hàng")
    last = parse_time(parcel["history"][-1]["action_time"])
    return _ok(
        order={
            "label_id": parcel["label"], "partner_id": parcel["partner_id"], "status": str(parcel["status_id"]),
            "status_text": STATUS_TEXT.get(parcel["status_id"], ""), "created": parcel["created"],
            "modified": last.astimezone(VIETNAM).strftime("%Y-%m-%d %H:%M:%S"), "message": "",
            "pick_date": _first(parcel, 3), "deliver_date": _first(parcel, 5),
            "customer_fullname": parcel["customer_fullname"],
            "customer_tel": parcel["customer_tel"], "address": parcel["address"], "storage_day": 0,
            "ship_money": parcel["fee"], "insurance": parcel["insurance_fee"], "value": parcel["value"],
            "weight": parcel["weight"], "pick_money": parcel["pick_money"], "is_freeship": parcel["is_freeship"],
        }
    )  # fmt: skip


def _first(parcel: dict, status_id: int) -> str:
    for line in parcel["history"]:
        if line["status_id"] == status_id:
            return parse_time(line["action_time"]).astimezone(VIETNAM).strftime("%Y-%m-%d")
    return ""


def handle_cancel(ident: str) -> tuple[int, dict]:
    parcel = _find(ident)
    if parcel is None:
        return _refuse("Không tìm thấy đơn hàng")
    if parcel["status_id"] == -1:
        return _refuse("Đơn hàng đã bị hủy")
    if parcel["status_id"] not in CANCELLABLE:
        return _refuse("Đơn hàng đã được lấy, không thể hủy")
    _record(parcel, -1)
    store.close(parcel["label"])
    return _ok(message="Hủy đơn hàng thành công", log_id=new_code("", 12))


def _wire(params: dict | None) -> dict:
    """Query parameters as the network carries them: strings, lists for repeated keys."""
    return {k: [str(x) for x in v] if isinstance(v, list | tuple) else str(v) for k, v in (params or {}).items()}


def local_transport(method, url, *, headers, params=None, json_body=None, timeout) -> tuple[int, dict]:
    """The client's transport when GHTK_API_BASE is empty: the same requests, handled in process."""
    raise_fault(CODE, "Giao Hàng Tiết Kiệm")
    given = {k.lower(): str(v) for k, v in headers.items()}
    if given.get("token") != str(settings.GHTK_TOKEN):
        return _refuse("Token không hợp lệ", status=401)
    if given.get("x-client-source") != str(settings.GHTK_PARTNER_CODE):
        return _refuse("Mã đối tác (X-Client-Source) không hợp lệ", status=401)
    path = urlsplit(url).path.rstrip("/")
    if method == "GET" and path == "/services/shipment/fee":
        return handle_fee(_wire(params))
    if method == "POST" and path == "/services/shipment/order":
        return handle_create(json_body if isinstance(json_body, dict) else {})
    if method == "GET" and path.startswith("/services/shipment/v2/"):
        return handle_status(path.removeprefix("/services/shipment/v2/"))
    if method == "POST" and path.startswith("/services/shipment/cancel/"):
        return handle_cancel(path.removeprefix("/services/shipment/cancel/"))
    return _refuse(f"Không tìm thấy: {method} {path}", status=404)


# --- the parcel's road -------------------------------------------------------------------
def _ghtk_time(moment: datetime.datetime) -> str:
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds")


def _record(parcel: dict, status_id: int) -> str:
    """Record `status_id` now (GHTK times are to the second: each event at least a second after the last)."""
    last = parse_time(parcel["history"][-1]["action_time"])
    moment = max(timezone.now().replace(microsecond=0), last + datetime.timedelta(seconds=1))
    parcel["status_id"] = status_id
    parcel["history"].append({"status_id": status_id, "action_time": _ghtk_time(moment)})
    store.put(parcel["label"], parcel)
    return parcel["history"][-1]["action_time"]


def _next_status(parcel: dict, scenario: str) -> int | None:
    if scenario not in SCRIPTS:
        raise ValueError(f"unknown scenario {scenario!r}; one of {sorted(SCRIPTS)}")
    if parcel["status_id"] == -1:
        return None
    history = [line["status_id"] for line in parcel["history"]]
    for name in (scenario, parcel.get("scenario")):
        script = SCRIPTS.get(name)
        if script and history == script[: len(history)]:
            parcel["scenario"] = name
            return script[len(history)] if len(history) < len(script) else None
    return None


def webhook_fields(parcel: dict, status_id: int, action_time: str) -> dict:
    """GHTK's webhook fields (reference 6.2): form-encoded, weight in kg."""
    reason, reason_code = REASONS.get(status_id, ("", ""))
    return {
        "label_id": parcel["label"],
        "partner_id": parcel["partner_id"],
        "status_id": status_id,
        "action_time": action_time,
        "reason_code": reason_code,
        "reason": reason,
        "weight": round(parcel["weight"] / 1000, 3),
        "fee": parcel["fee"] + parcel["insurance_fee"],
        "pick_money": parcel["pick_money"],
        "return_part_package": 0,
    }


def webhook_delays() -> tuple[float, ...]:
    backoff = float(getattr(settings, "LOGISTICS_SIM_WEBHOOK_BACKOFF", 0.5))
    return (0, *([backoff] * WEBHOOK_RETRIES))


def advance(tracking_code: str, *, webhook_url: str, request_host: str, scenario: str = "deliver") -> str | None:
    """One step along `scenario`; GHTK's new status_id (as text), or None when the parcel is at its end.

    `webhook_url` is the URL registered with GHTK, our `?hash=` included.
    """
    parcel = store.get(tracking_code)
    if parcel is None:
        raise KeyError(tracking_code)
    status_id = _next_status(parcel, scenario)
    if status_id is None:
        store.close(tracking_code)
        return None
    action_time = _record(parcel, status_id)  # saved first: the receiver may ask for the status
    answers = simulation.send_webhook(
        webhook_url,
        urlencode(webhook_fields(parcel, status_id, action_time)).encode("utf-8"),
        request_host=request_host,
        delays=webhook_delays(),
        content_type="application/x-www-form-urlencoded",
        what=f"GHTK webhook {tracking_code} {status_id}",
    )
    parcel["webhooks"].append({"status_id": status_id, "answers": answers})
    store.put(tracking_code, parcel)
    if _next_status(dict(parcel), parcel["scenario"]) is None:
        store.close(tracking_code)
    return str(status_id)


def drive(tracking_code: str, *, webhook_url: str, request_host: str, scenario: str = "deliver") -> list[str]:
    """Advance to the end of the scenario; the status_ids passed through."""
    return simulation.drive(
        advance, tracking_code, webhook_url=webhook_url, request_host=request_host, scenario=scenario
    )
