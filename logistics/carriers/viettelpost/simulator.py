"""A local Viettel Post: the partner API v2 as client.py speaks it, and each parcel's journey.

- Same paths, field names and envelopes: /user/Login tokens (kept in the cache; `revoke_tokens`
  makes every token stale, as an expiry does), getPriceAll's bare list of services, createOrder
  and UpdateOrder envelopes, refusals as `error: true` on HTTP 200 with Viettel Post's messages.
- Its network (own ids for the former units, the island districts it skips, its tariff) is in
  simulated_network.py.
- `advance` moves a parcel one step along a script of Viettel Post's own ORDER_STATUS codes and
  posts it as a signed webhook (see client.py: the signature scheme is our assumption), retried
  while the answer is not HTTP 200; `drive` goes to the end. Faults: simulation.set_fault.
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
    CANCELLABLE,
    ENVELOPE_OK,
    ENVELOPE_REFUSED,
    NAME,
    ORDER_PAYMENT_NO_COD,
    STATUS_MAP,
    STATUS_TIME_FORMAT,
    TOKEN_TTL,
    UPDATE_TYPE_CANCEL,
    VN_TIME,
    WEBHOOK_SIGNATURE_HEADER,
    sign,
)
from .simulated_network import area_of  # noqa: F401 - part of the simulator's face for tests and the demo

CODE = "viettelpost"
store = ParcelStore(CODE)
PREFIX = f"sim:carrier:{CODE}:"

MAX_COD = 50_000_000
PHONE = re.compile(r"^0\d{9}$")

SCRIPTS = {
    "deliver": (105, 200, 300, 400, 500, 501),
    "return": (105, 200, 300, 400, 500, 506, 505, 515, 502, 504),
    "fail_once": (105, 200, 300, 400, 500, 506, 500, 501),
}
PLACES = {
    105: "Bưu cục gốc",
    200: "Bưu cục gốc",
    300: "Trung tâm khai thác đi",
    400: "Trung tâm khai thác đến",
    500: "Bưu cục phát",
    501: "Bưu cục phát",
    506: "Bưu cục phát",
    505: "Bưu cục phát",
    515: "Bưu cục phát",
    502: "Trung tâm khai thác",
    504: "Bưu cục gốc",
}


# --- the API -------------------------------------------------------------------------------------------


def _ok(data, message: str = "OK") -> tuple[int, dict]:
    return 200, {"status": ENVELOPE_OK, "error": False, "message": message, "data": data}


def _refused(message: str) -> tuple[int, dict]:
    return 200, {"status": ENVELOPE_REFUSED, "error": True, "message": message, "data": None}


def _generation() -> int:
    return cache.get(PREFIX + "token-generation") or 0


def revoke_tokens() -> None:
    """Every token handed out so far stops working (Viettel Post's expiry, or a password change)."""
    cache.set(PREFIX + "token-generation", _generation() + 1, TTL)


def login_count() -> int:
    return cache.get(PREFIX + "logins") or 0


def _login(body: dict, query: dict) -> tuple[int, dict]:
    if body.get("USERNAME") != settings.VIETTELPOST_USERNAME or body.get("PASSWORD") != settings.VIETTELPOST_PASSWORD:
        return _refused("Invalid owner account or password")
    token = secrets.token_urlsafe(32)
    cache.set(PREFIX + "token:" + token, _generation(), TOKEN_TTL)
    cache.set(PREFIX + "logins", login_count() + 1, TTL)
    expires_ms = int((time.time() + TOKEN_TTL) * 1000)
    return _ok({"userId": 1, "token": token, "partner": 1, "phone": body["USERNAME"], "expired": expires_ms})


def _token_ok(headers: dict) -> bool:
    token = {str(k).lower(): v for k, v in (headers or {}).items()}.get("token")
    return bool(token) and cache.get(PREFIX + "token:" + str(token)) == _generation()


def _route(body: dict, side: str, *, ward: bool = False) -> tuple[int, str]:
    """(province id, problem) for one end; problem is Viettel Post's refusal message or ""."""
    index = network.index()
    try:
        province, district = int(body[f"{side}_PROVINCE"]), int(body[f"{side}_DISTRICT"])
        ward_id = int(body[f"{side}_WARD"]) if ward else 0
    except (KeyError, TypeError, ValueError):
        return 0, f"Incorrect data: {side}_DISTRICT"
    if index["district_province"].get(district) != province:
        return 0, f"Incorrect data: {side}_DISTRICT"
    if ward and index["ward_district"].get(ward_id) != district:
        return 0, f"Incorrect data: {side}_WARD"
    if district in index["not_served"]:
        return 0, "Price does not apply to this itinerary"
    return province, ""


def _int(body: dict, key: str) -> int | None:
    try:
        return int(body.get(key) or 0)
    except (TypeError, ValueError):
        return None


def _volume_grams(body: dict) -> int:
    sides = [_int(body, f"PRODUCT_{side}") or 0 for side in ("LENGTH", "WIDTH", "HEIGHT")]
    return sides[0] * sides[1] * sides[2] // 6  # 6000 cm³ per kg


def _price_all(body: dict, query: dict) -> tuple[int, object]:
    sender, problem = _route(body, "SENDER")
    receiver, problem = (0, problem) if problem else _route(body, "RECEIVER")
    if problem:
        return _refused(problem)
    weight, cod = _int(body, "PRODUCT_WEIGHT"), _int(body, "MONEY_COLLECTION")
    if not weight or weight <= 0 or weight > network.MAX_GRAMS:
        return _refused("Incorrect data: PRODUCT_WEIGHT")
    if cod is None or not 0 <= cod <= MAX_COD:
        return _refused("Incorrect data: MONEY_COLLECTION")
    offers = network.offers(sender, receiver, weight, _volume_grams(body), cod)
    return 200, [{k: v for k, v in offer.items() if k != "_fees"} for offer in offers]  # a bare list [X]


def _create(body: dict, query: dict) -> tuple[int, dict]:
    reference = str(body.get("ORDER_NUMBER") or "").strip()
    if not reference or len(reference) > 50:
        return _refused("Incorrect data: ORDER_NUMBER")
    for side in ("SENDER", "RECEIVER"):
        for field in ("FULLNAME", "ADDRESS"):
            if not str(body.get(f"{side}_{field}") or "").strip():
                return _refused(f"Incorrect data: {side}_{field}")
        if not PHONE.match(re.sub(r"[\s.]", "", str(body.get(f"{side}_PHONE") or "")).replace("+84", "0", 1)):
            return _refused(f"Incorrect data: {side}_PHONE")
    sender, problem = _route(body, "SENDER", ward=True)
    receiver, problem = (0, problem) if problem else _route(body, "RECEIVER", ward=True)
    if problem:
        return _refused(problem)
    weight, cod, payment = _int(body, "PRODUCT_WEIGHT"), _int(body, "MONEY_COLLECTION"), _int(body, "ORDER_PAYMENT")
    if payment not in (1, 2, 3, 4) or (cod and payment == ORDER_PAYMENT_NO_COD):
        return _refused("Incorrect data: ORDER_PAYMENT")
    if cod is None or not 0 <= cod <= MAX_COD:
        return _refused("Incorrect data: MONEY_COLLECTION")
    if not weight or weight <= 0:
        return _refused("Incorrect data: PRODUCT_WEIGHT")
    offers = {o["MA_DV_CHINH"]: o for o in network.offers(sender, receiver, weight, _volume_grams(body), cod)}
    offer = offers.get(str(body.get("ORDER_SERVICE") or ""))
    if offer is None:
        return _refused("Incorrect data: ORDER_SERVICE")
    if store.find("ORDER_REFERENCE", reference):
        return _refused(f"ORDER_NUMBER {reference} already exists")
    waybill = "1" + "".join(str(secrets.randbelow(10)) for _ in range(11))
    fees = offer["_fees"]
    parcel = {
        "ORDER_NUMBER": waybill,
        "ORDER_REFERENCE": reference,
        "ORDER_SERVICE": offer["MA_DV_CHINH"],
        "PRODUCT_WEIGHT": weight,
        "MONEY_COLLECTION": cod,
        "MONEY_FEECOD": fees["MONEY_COLLECTION_FEE"],
        "MONEY_TOTALFEE": offer["GIA_CUOC"],
        "status": 100,
        "history": [],
        "scenario": None,
        "step": 0,
        "clock": 0,
        "webhooks": [],
    }
    _record(parcel, 100)
    store.put(waybill, parcel)
    return _ok(
        {
            "ORDER_NUMBER": waybill,
            "MONEY_COLLECTION": cod,
            "EXCHANGE_WEIGHT": offer["EXCHANGE_WEIGHT"],
            "MONEY_TOTAL": offer["GIA_CUOC"],
            "MONEY_TOTAL_FEE": fees["MONEY_FEE"] + fees["MONEY_COLLECTION_FEE"],
            "MONEY_FEE": fees["MONEY_FEE"],
            "MONEY_COLLECTION_FEE": fees["MONEY_COLLECTION_FEE"],
            "MONEY_FEE_VAT": fees["MONEY_FEE_VAT"],
            "MONEY_OTHER_FEE": 0,
            "MONEY_VAS": 0,
            "KPI_HT": fees["KPI_HT"],
        }
    )


def _update(body: dict, query: dict) -> tuple[int, dict]:
    parcel = store.get(str(body.get("ORDER_NUMBER") or ""))
    if parcel is None:
        return _refused("Order does not exist")
    if _int(body, "TYPE") != UPDATE_TYPE_CANCEL:
        return _refused("Incorrect data: TYPE")  # approving, re-delivering... are not simulated
    if parcel["status"] not in CANCELLABLE:
        return _refused("Đơn hàng đã được lấy, không thể hủy")
    _record(parcel, 107, str(body.get("NOTE") or ""))
    store.put(parcel["ORDER_NUMBER"], parcel)
    store.close(parcel["ORDER_NUMBER"])
    return _ok(None)


def _tracking(body: dict, query: dict) -> tuple[int, dict]:
    parcel = store.get(str(body.get("ORDER_NUMBER") or ""))
    if parcel is None:
        return _refused("Order does not exist")
    return _ok(parcel["history"])


def _provinces(body: dict, query: dict) -> tuple[int, object]:
    seen = {}
    for row in network.master_rows():
        seen.setdefault(row["province_id"], {"PROVINCE_ID": row["province_id"], "PROVINCE_NAME": row["province_name"]})
    return _ok(list(seen.values()))


def _districts(body: dict, query: dict) -> tuple[int, object]:
    wanted = int(query.get("provinceId", -1))
    seen = {}
    for row in network.master_rows():
        if wanted in (-1, row["province_id"]):
            seen.setdefault(
                row["district_id"],
                {
                    "DISTRICT_ID": row["district_id"],
                    "DISTRICT_NAME": row["district_name"],
                    "PROVINCE_ID": row["province_id"],
                },
            )
    return _ok(list(seen.values()))


def _wards(body: dict, query: dict) -> tuple[int, object]:
    wanted = int(query.get("districtId", -1))
    rows = [
        {"WARDS_ID": row["ward_id"], "WARDS_NAME": row["ward_name"], "DISTRICT_ID": row["district_id"]}
        for row in network.master_rows()
        if wanted in (-1, row["district_id"])
    ]
    return _ok(rows)


# path suffix: (handler, needs a token)
ROUTES = {
    "/user/Login": (_login, False),
    "/order/getPriceAll": (_price_all, True),
    "/order/createOrder": (_create, True),
    "/order/UpdateOrder": (_update, True),
    "/order/orderTracking": (_tracking, True),
    "/categories/listProvince": (_provinces, False),
    "/categories/listDistrict": (_districts, False),
    "/categories/listWards": (_wards, False),
}


def local_transport(method, url, *, headers, params=None, json_body=None, timeout) -> tuple[int, dict]:
    """The client's transport when VIETTELPOST_API_BASE is empty: the same JSON, handled in process."""
    raise_fault(CODE, NAME)
    parts = urlsplit(url)
    query = {**dict(parse_qsl(parts.query)), **{k: str(v) for k, v in (params or {}).items()}}
    route = next((route for suffix, route in ROUTES.items() if parts.path.endswith(suffix)), None)
    if route is None:
        return 404, {"status": 404, "error": True, "message": "Not Found", "data": None}
    handler, needs_token = route
    if needs_token and not _token_ok(headers):
        return 200, {"status": 401, "error": True, "message": "Token invalid", "data": None}
    body = json.loads(json.dumps(json_body)) if json_body is not None else {}
    if not isinstance(body, dict):
        status, answer = _refused("Invalid request body")
    else:
        status, answer = handler(body, query)
    answer = json.loads(json.dumps(answer, ensure_ascii=False))  # exactly what would cross the wire
    return status, answer if isinstance(answer, dict) else {"data": answer}  # as http_transport hands a list on


# --- the parcel's journey -------------------------------------------------------------------------------


def _record(parcel: dict, code: int, note: str = "") -> dict:
    # Event times strictly increase, so two runs at the door within a second stay two events.
    clock = max(int(time.time()), parcel["clock"] + 1)
    parcel["clock"] = clock
    event = {
        "ORDER_NUMBER": parcel["ORDER_NUMBER"],
        "ORDER_REFERENCE": parcel["ORDER_REFERENCE"],
        "ORDER_STATUSDATE": time_text(clock),
        "ORDER_STATUS": code,
        "STATUS_NAME": STATUS_MAP[code][1],
        "LOCALION_CURRENTLY": PLACES.get(code, ""),  # sic: Viettel Post's spelling [X]
        "NOTE": note,
        "MONEY_COLLECTION": parcel["MONEY_COLLECTION"],
        "MONEY_FEECOD": parcel["MONEY_FEECOD"],
        "MONEY_TOTALFEE": parcel["MONEY_TOTALFEE"],
        "MONEY_TOTAL": parcel["MONEY_COLLECTION"],
        "PRODUCT_WEIGHT": parcel["PRODUCT_WEIGHT"],
        "ORDER_SERVICE": parcel["ORDER_SERVICE"],
    }
    parcel["status"] = code
    parcel["history"].append(event)
    return event


def time_text(epoch_seconds: int) -> str:
    return datetime.datetime.fromtimestamp(epoch_seconds, VN_TIME).strftime(STATUS_TIME_FORMAT)


def webhook_delays() -> tuple[float, ...]:
    """Five tries [X: Viettel Post re-sends about 5 times], doubling from LOGISTICS_SIM_WEBHOOK_BACKOFF."""
    backoff = float(getattr(settings, "LOGISTICS_SIM_WEBHOOK_BACKOFF", 0.5))
    return (0, *(backoff * 2**n for n in range(4)))


def post_webhook(url: str, event: dict, *, request_host: str) -> list[int]:
    body = json.dumps({"DATA": event}, ensure_ascii=False).encode("utf-8")
    return send_webhook(
        url,
        body,
        request_host=request_host,
        delays=webhook_delays(),
        headers={WEBHOOK_SIGNATURE_HEADER: sign(body, settings.VIETTELPOST_WEBHOOK_SECRET)},
        what=f"Viettel Post webhook {event['ORDER_NUMBER']} {event['ORDER_STATUS']}",
    )


def advance(tracking_code: str, *, webhook_url: str, request_host: str, scenario: str = "deliver") -> str | None:
    """One step of the parcel's script, posted as a webhook; the new ORDER_STATUS, or None at the end."""
    code = simulation.advance_script(
        store,
        tracking_code,
        scenario=scenario,
        scripts=SCRIPTS,
        record=_record,
        cancelled=lambda status: STATUS_MAP[status][0] == ShipmentStatus.CANCELLED,
        post=lambda parcel, recorded: post_webhook(webhook_url, recorded, request_host=request_host),
    )
    return None if code is None else str(code)


def drive(tracking_code: str, *, webhook_url: str, request_host: str, scenario: str = "deliver") -> list[str]:
    """Every remaining step of the parcel's script; the ORDER_STATUS codes posted."""
    return simulation.drive(
        advance, tracking_code, webhook_url=webhook_url, request_host=request_host, scenario=scenario
    )
