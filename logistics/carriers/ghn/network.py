"""The simulated GHN's network: its units (master data in GHN-like ids) and its prices.

Master data is our former-ward table in a GHN-like id space (ProvinceID 2xx, DistrictID 1xxx ints,
WardCode strings), minus a few island districts it does not serve, so some current communes get no
GHN mapping. Fees come from a small table by chargeable weight and route (same province < same
region < across regions); express costs more, insurance above 1,000,000 VND and remote islands add.
"""

import re

from django.core.cache import cache

from logistics.carriers import simulation
from logistics.carriers.simulation import legacy_master_data, new_code

CODE = "ghn"

# Units GHN's simulator does not serve: the island districts our former-ward table has
# (Trường Sa and Cô Tô are in it; the others are listed for data that has them).
UNSERVED_DISTRICTS = {"trường sa", "hoàng sa", "côn đảo", "bạch long vĩ", "cồn cỏ", "lý sơn", "cô tô"}
REMOTE_DISTRICTS = {"vân đồn", "cát hải", "kiên hải", "phú quốc", "phú quý"}  # served, with a surcharge

SERVICES = (
    {"service_id": 53320, "short_name": "Chuẩn", "service_type_id": 2, "factor": 1.0, "extra_days": 1},
    {"service_id": 53321, "short_name": "Nhanh", "service_type_id": 1, "factor": 1.35, "extra_days": 0},
)
# Route -> (first 500 g, each further 500 g, days), VND.
FEES = {"province": (16_500, 2_500, 1), "region": (30_000, 5_000, 2), "national": (35_000, 5_000, 3)}
REMOTE_FEE = 15_000
INSURANCE_FREE_UP_TO, INSURANCE_RATE = 1_000_000, 0.005


# --- master data -------------------------------------------------------------------------
def province_id(code: str) -> int:
    return 200 + int(code)


def district_id(code: str) -> int:
    return 1000 + int(code)


def ward_code(code: str) -> str:
    return str(20000 + int(code))


def _bare(name: str) -> str:
    return re.sub(r"^(huyện|quận|thị xã|thành phố)\s+", "", name.strip().lower())


def _region(legacy_province_code: int) -> str:
    return "north" if legacy_province_code <= 37 else "central" if legacy_province_code <= 68 else "south"


_built: dict = {}


def master() -> dict:
    """GHN's units: {"provinces": [...], "districts": {id: ...}, "wards": {district id: [...]},
    "names": {(province name, district name): district id}}.

    Built from LegacyWard once per cache generation: the cache holds only a token, because
    unpickling ten thousand wards on every call would make a master-data sync crawl.
    """
    key = f"sim:carrier:{CODE}:md"
    token = cache.get(key)
    if token in _built:
        return _built[token]
    rows = legacy_master_data(
        province_id=lambda c: str(province_id(c)),
        district_id=lambda c: str(district_id(c)),
        ward_id=ward_code,
        skip=lambda ward: _bare(ward.district_name) in UNSERVED_DISTRICTS,
    )
    provinces, districts, wards, names = {}, {}, {}, {}
    for row in rows:
        pid, did = int(row["province_id"]), int(row["district_id"])
        provinces.setdefault(pid, {"ProvinceID": pid, "ProvinceName": row["province_name"], "Code": str(pid - 200)})
        districts.setdefault(
            did,
            {
                "DistrictID": did,
                "ProvinceID": pid,
                "DistrictName": row["district_name"],
                "Code": str(did - 1000),
                "SupportType": 3,
                "region": _region(pid - 200),
                "remote": _bare(row["district_name"]) in REMOTE_DISTRICTS,
            },
        )
        wards.setdefault(did, []).append({"WardCode": row["ward_id"], "DistrictID": did, "WardName": row["ward_name"]})
        names[(row["province_name"], row["district_name"])] = did
    built = {"provinces": list(provinces.values()), "districts": districts, "wards": wards, "names": names}
    if token is None:
        token = new_code("md", 12)
        cache.set(key, token, simulation.TTL)
    _built.clear()
    _built[token] = built
    return built


# --- prices -----------------------------------------------------------------------------
def route(from_district: dict, to_district: dict) -> str:
    if from_district["ProvinceID"] == to_district["ProvinceID"]:
        return "province"
    return "region" if from_district["region"] == to_district["region"] else "national"


def whole(value) -> int | None:
    """An int from a JSON value (GHN sends and takes numbers, sometimes as strings); None if not one."""
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def fee(body: dict, from_district: dict, to_district: dict, service: dict) -> dict:
    """GHN's fee answer (field names of the fee API, reference 6.1) for a fee or create body."""
    weight = whole(body.get("weight")) or 0
    volume = (whole(body.get("length")) or 0) * (whole(body.get("width")) or 0) * (whole(body.get("height")) or 0)
    chargeable = max(weight, volume // 5)  # 5,000 cm³ per kg
    first, step, _days = FEES[route(from_district, to_district)]
    main = (first + step * max(0, -(-chargeable // 500) - 1)) * service["factor"]
    main = int(round(main / 500) * 500)
    insurance_value = whole(body.get("insurance_value")) or 0
    insurance = int(insurance_value * INSURANCE_RATE) if insurance_value > INSURANCE_FREE_UP_TO else 0
    answer = {
        "service_fee": main,
        "insurance_fee": insurance,
        "pick_station_fee": 0,
        "coupon_value": 0,
        "r2s_fee": 0,
        "document_return": 0,
        "double_check": 0,
        "cod_fee": 0,
        "pick_remote_areas_fee": REMOTE_FEE if from_district["remote"] else 0,
        "deliver_remote_areas_fee": REMOTE_FEE if to_district["remote"] else 0,
        "cod_failed_fee": 0,
    }
    answer["total"] = sum(answer.values())
    return answer
