"""The simulated GHTK's network: the places it knows (names, as GHTK takes them) and its prices.

GHTK takes pre-2025 province/district/ward names. The simulator knows every former ward of our
table, matching names with or without their unit word ("Thành phố Hà Nội" / "Hà Nội", "Quận 1" /
"1") as GHTK does, but does not deliver to a few island districts (an answer with "delivery":
false), so some current communes get no GHTK mapping. Prices: a small table by weight, route
(same province < same region < across regions) and transport (road/fly); the farm-produce tag,
insurance above 1,000,000 VND and islands add.
"""

import re
import unicodedata

from django.core.cache import cache

from logistics.carriers import simulation
from logistics.carriers.simulation import legacy_master_data, new_code

CODE = "ghtk"

UNSERVED_DISTRICTS = {"trường sa", "hoàng sa", "côn đảo", "bạch long vĩ", "cồn cỏ", "lý sơn", "kiên hải"}
REMOTE_DISTRICTS = {"vân đồn", "cô tô", "cát hải", "phú quốc", "phú quý"}  # delivered, with a surcharge
_UNIT_WORD = re.compile(r"^(tỉnh|thành phố|tp\.?|quận|huyện|thị xã|phường|xã|thị trấn)\s+")

# (transport, route) -> (grams in the first step, its price, each further 500 g), VND.
FEES = {
    ("road", "province"): (3000, 22_000, 2_500),
    ("road", "region"): (500, 30_000, 2_500),
    ("road", "national"): (500, 32_000, 5_000),
    ("fly", "province"): (3000, 22_000, 2_500),  # nothing flies inside a province
    ("fly", "region"): (500, 32_000, 7_500),
    ("fly", "national"): (500, 35_000, 10_000),
}
AREA_NAMES = {"province": "area1", "region": "area2", "national": "area3"}
FARM_PRODUCE_FEE = 5_000  # the simulator's surcharge for tags [7] (careful handling of produce)
REMOTE_FEE = 10_000
INSURANCE_FREE_UP_TO, INSURANCE_RATE = 1_000_000, 0.005


def key(name) -> str:
    text = " ".join(unicodedata.normalize("NFC", str(name or "")).lower().split())
    return _UNIT_WORD.sub("", text)


def full(name) -> str:
    return " ".join(unicodedata.normalize("NFC", str(name or "")).lower().split())


def _region(legacy_province_code: int) -> str:
    return "north" if legacy_province_code <= 37 else "central" if legacy_province_code <= 68 else "south"


def _table() -> dict:
    return {"full": {}, "bare": {}}


def _add(table: dict, name: str, value) -> None:
    table["full"][full(name)] = value
    table["bare"].setdefault(key(name), []).append(value)


def lookup(table: dict, name):
    """The unit `name` stands for: its full name first, else its bare name when that is unambiguous
    (a province may have both "Huyện Kỳ Anh" and "Thị xã Kỳ Anh")."""
    found = table["full"].get(full(name))
    if found is not None:
        return found
    candidates = table["bare"].get(key(name)) or []
    return candidates[0] if len(candidates) == 1 else None


_built: dict = {}


def places() -> dict:
    """Provinces -> districts -> wards, each a lookup table; built once per cache generation."""
    cache_key = f"sim:carrier:{CODE}:md"
    token = cache.get(cache_key)
    if token in _built:
        return _built[token]
    provinces, rows, seen = _table(), [], {}
    for row in legacy_master_data(province_id=str, district_id=str, ward_id=lambda c: ""):
        province = seen.get(row["province_name"])
        if province is None:
            province = {
                "name": row["province_name"],
                "region": _region(int(row["province_id"])),
                "districts": _table(),
                "_seen": {},
            }
            seen[row["province_name"]] = province
            _add(provinces, row["province_name"], province)
        district = province["_seen"].get(row["district_name"])
        if district is None:
            bare = key(row["district_name"])
            district = {
                "name": row["district_name"],
                "served": bare not in UNSERVED_DISTRICTS,
                "remote": bare in REMOTE_DISTRICTS,
                "wards": _table(),
            }
            province["_seen"][row["district_name"]] = district
            _add(province["districts"], row["district_name"], district)
        _add(district["wards"], row["ward_name"], row["ward_name"])
        if district["served"]:
            rows.append({**row, "province_id": "", "district_id": ""})
    built = {"provinces": provinces, "rows": rows}
    if token is None:
        token = new_code("md", 12)
        cache.set(cache_key, token, simulation.TTL)
    _built.clear()
    _built[token] = built
    return built


def find(province: str, district: str, ward: str = "") -> tuple[dict | None, dict | None, str]:
    """(province, district, problem): the problem worded as GHTK would, or ""."""
    found_province = lookup(places()["provinces"], province)
    if found_province is None:
        return None, None, f"Không tìm thấy tỉnh/thành phố: {province}"
    found_district = lookup(found_province["districts"], district)
    if found_district is None:
        return found_province, None, f"Không tìm thấy quận/huyện {district} thuộc {province}"
    if ward and lookup(found_district["wards"], ward) is None:
        return found_province, found_district, f"Không tìm thấy phường/xã {ward} thuộc {district}"
    return found_province, found_district, ""


def route(pick_province: dict, province: dict) -> str:
    if pick_province["name"] == province["name"]:
        return "province"
    return "region" if pick_province["region"] == province["region"] else "national"


def fee(*, grams: int, value: int, transport: str, route_name: str, farm_produce: bool, remote: bool) -> dict:
    """GHTK's `fee` object: "fee" is the shipping with its surcharges, "insurance_fee" apart."""
    first_grams, first_price, step = FEES[(transport, route_name)]
    steps = max(0, -(-(grams - first_grams) // 500))
    ext_fees = []
    if farm_produce:
        ext_fees.append({"display": "Phụ phí nông sản/thực phẩm khô", "title": "tags", "amount": FARM_PRODUCE_FEE})
    if remote:
        ext_fees.append({"display": "Phụ phí giao hàng huyện đảo", "title": "remote", "amount": REMOTE_FEE})
    shipping = first_price + step * steps + sum(e["amount"] for e in ext_fees)
    return {
        "name": AREA_NAMES[route_name],
        "fee": shipping,
        "insurance_fee": int(value * INSURANCE_RATE) if value > INSURANCE_FREE_UP_TO else 0,
        "include_vat": 0,
        "cost_id": 0,
        "delivery_type": transport,
        "dt": route_name,
        "extFees": ext_fees,
        "delivery": True,
    }
