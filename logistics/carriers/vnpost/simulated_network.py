"""The simulated Vietnam Post's network: which former units it serves, under which codes, at what price.

Codes are VNPost's own kind, built like postal codes (2-digit province, province + 2 digits for a
district, district + 2 digits for a commune, e.g. "49" / "4910" / "491006"), numbered from our
former-ward table in NSO order so they stay the same from run to run; names are abbreviated the way
VNPost writes them ("TP. Huế", "P. Xuân Phú" [X], from one sample). The national post goes almost
everywhere: only the Trường Sa archipelago is not served here. Fees by charged weight (actual, or
volume at 6000 cm³ per kg) and route zone, COD and declared-value fees, 8% VAT in.
"""

import math
import re

from django.core.cache import cache

from logistics.carriers.base import CarrierArea
from logistics.carriers.simulation import TTL, legacy_master_data

from .client import ADDON_COD, ADDON_INSURANCE, PROP_COD_AMOUNT, PROP_DECLARED_VALUE, SERVICE_NAMES

PREFIX = "sim:carrier:vnpost:"
NOT_SERVED = {"576": "Huyện Trường Sa"}

# code: (first 500 g by zone, each further 500 g by zone, delivery time by zone); zones: same
# province / same region / across regions.
SERVICES = {
    "CTN007": ((14_000, 18_000, 24_000), (2_000, 3_000, 4_500), ("2-3 ngày", "3-4 ngày", "5-7 ngày")),
    "CTN009": ((16_000, 21_000, 28_000), (2_500, 3_500, 5_000), ("1-2 ngày", "2-3 ngày", "4-5 ngày")),
    "ETN037": ((22_000, 30_000, 38_000), (3_500, 5_000, 7_500), ("1 ngày", "1-2 ngày", "2-3 ngày")),
}
MAX_GRAMS = 30_000  # heavier goods go as PTN001 logistics, not simulated
VAT = 0.08
COD_RATE, COD_MIN = 0.01, 8_000
INSURANCE_RATE = 0.005

_ABBREVIATIONS = [
    (re.compile(r"^Thành phố "), "TP. "),
    (re.compile(r"^Tỉnh "), ""),
    (re.compile(r"^Quận "), "Q. "),
    (re.compile(r"^Huyện "), "H. "),
    (re.compile(r"^Phường "), "P. "),
    (re.compile(r"^Xã "), "X. "),
    (re.compile(r"^Thị trấn "), "TT. "),
]


def vnpost_name(name: str) -> str:
    for pattern, short in _ABBREVIATIONS:
        if pattern.match(name):
            return pattern.sub(short, name, count=1)
    return name


def index() -> dict:
    """NSO code -> VNPost code for each former unit, and each unit's parent."""
    units = cache.get(PREFIX + "index")
    if units is None:
        from marketplace.regions.models import LegacyWard

        rows = list(LegacyWard.objects.order_by("code").values_list("code", "district_code", "province_code"))
        province = {code: f"{10 + n}" for n, code in enumerate(sorted({p for _, _, p in rows}))}
        district, commune, counters = {}, {}, {}
        for ward_code, district_code, province_code in rows:
            if district_code not in district:
                counters[province_code] = counters.get(province_code, 0) + 1
                district[district_code] = f"{province[province_code]}{counters[province_code]:02d}"
            counters[district_code] = counters.get(district_code, 0) + 1
            commune[ward_code] = f"{district[district_code]}{counters[district_code]:02d}"
        units = {
            "province": province,
            "district": district,
            "commune": commune,
            "region": {code: _region(nso) for nso, code in province.items()},
            "districts": set(district.values()),
            "communes": set(commune.values()),
            "not_served": {district[d] for d in NOT_SERVED if d in district},
        }
        cache.set(PREFIX + "index", units, TTL)
    return units


def _region(province_code: str) -> int:
    code = int(province_code)
    return 0 if code <= 37 else 1 if code <= 68 else 2  # north; centre and highlands; south


def area_of(legacy_ward_code: str) -> CarrierArea:
    """A former ward in VNPost's codes (tests and the demo use it to skip the mapping sync)."""
    from marketplace.regions.models import LegacyWard

    ward = LegacyWard.objects.get(code=legacy_ward_code)
    units = index()
    return CarrierArea(
        province_id=units["province"][ward.province_code],
        province_name=vnpost_name(ward.province_name),
        district_id=units["district"][ward.district_code],
        district_name=vnpost_name(ward.district_name),
        ward_id=units["commune"][ward.code],
        ward_name=vnpost_name(ward.name),
    )


def master_rows() -> list[dict]:
    """Every served commune, one row each, in VNPost's codes and names."""
    units = index()
    rows = legacy_master_data(
        province_id=lambda code: units["province"][code],
        district_id=lambda code: units["district"][code],
        ward_id=lambda code: units["commune"][code],
        skip=lambda ward: ward.district_code in NOT_SERVED,
    )
    for row in rows:
        for key in ("province_name", "district_name", "ward_name"):
            row[key] = vnpost_name(row[key])
    return rows


def known_commune(province: str, district: str, commune: str) -> str:
    """ "" when the three codes are one served place, else which of them is wrong."""
    units = index()
    if province not in units["region"] or district not in units["districts"] or not district.startswith(province):
        return "district"
    if commune not in units["communes"] or not commune.startswith(district):
        return "commune"
    if district in units["not_served"]:
        return "served"
    return ""


def addon_amounts(addons: list) -> dict[str, int]:
    """{addon code: amount} from addonService [{code, propValue "PROP:amount"}]; ValueError if garbled."""
    amounts = {}
    for addon in addons or []:
        prop, _, amount = str(addon.get("propValue") or "").partition(":")
        wanted = {ADDON_COD: PROP_COD_AMOUNT, ADDON_INSURANCE: PROP_DECLARED_VALUE}.get(addon.get("code"))
        if wanted is None or prop != wanted:
            raise ValueError(addon.get("code"))
        amounts[addon["code"]] = int(amount)
    return amounts


def offers(sender_province: str, receiver_province: str, weight: int, volume_grams: int, addons: dict) -> list[dict]:
    """ServicesCharge rows for this route and parcel."""
    regions = index()["region"]
    if sender_province == receiver_province:
        zone = 0
    else:
        zone = 1 if regions[sender_province] == regions[receiver_province] else 2
    charged = max(weight, volume_grams)
    cod = addons.get(ADDON_COD, 0)
    cod_fee = max(COD_MIN, round(cod * COD_RATE)) if cod else 0
    insurance_fee = round(addons.get(ADDON_INSURANCE, 0) * INSURANCE_RATE)
    rows = []
    for code, (firsts, steps, times) in SERVICES.items():
        main = firsts[zone] + steps[zone] * math.ceil(max(0, charged - 500) / 500)
        vat = round((main + cod_fee + insurance_fee) * VAT)
        rows.append(
            {
                "serviceCode": code,
                "serviceName": SERVICE_NAMES[code],
                "mainFee": main,
                "codFee": cod_fee,
                "insuranceFee": insurance_fee,
                "vatFee": vat,
                "totalFee": main + cod_fee + insurance_fee + vat,
                "deliveryTime": times[zone],
                "chargedWeight": charged,
            }
        )
    return rows
