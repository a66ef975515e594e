"""The simulated Viettel Post's network: which former units it serves, under which ids, at what price.

Ids are Viettel Post's own kind (small integers, not NSO codes), numbered from our former-ward
table in NSO order, so they stay the same from run to run; names are in capitals as Viettel Post
writes them [X]. A few island districts are not served. Fees by charged weight (actual, or volume
at 6000 cm³ per kg) and route zone (same province / same region / across regions), 8% VAT in.
"""

import math

from django.core.cache import cache

from logistics.carriers.base import CarrierArea
from logistics.carriers.simulation import TTL, legacy_master_data

PREFIX = "sim:carrier:viettelpost:"

# Island districts this simulated Viettel Post does not serve (NSO district codes of our table).
NOT_SERVED = {"576": "Huyện Trường Sa", "207": "Huyện Cô Tô", "912": "Huyện Kiên Hải"}

# code: (name, first 500 g by zone, each further 500 g by zone, hours by zone, max grams);
# zones: same province / same region / across regions; None = not offered in that zone.
SERVICES = {
    "VCBO": ("Chuyển phát thường", (16_500, 22_000, 30_000), (2_500, 4_000, 5_500), (24, 72, 120), 50_000),
    "VCN": ("Chuyển phát nhanh", (23_000, 30_000, 40_000), (3_500, 5_000, 8_000), (12, 48, 72), 50_000),
    "PHS": ("Nội tỉnh tiết kiệm", (15_000, None, None), (2_000, None, None), (24, None, None), 20_000),
}
MAX_GRAMS = max(service[4] for service in SERVICES.values())
VAT = 0.08
COD_RATE, COD_MIN = 0.008, 5_000


def index() -> dict:
    """Former units numbered in Viettel Post's own id space, with the parent of each."""
    units = cache.get(PREFIX + "index")
    if units is None:
        from marketplace.regions.models import LegacyWard

        rows = list(LegacyWard.objects.order_by("code").values_list("code", "district_code", "province_code"))
        province = {code: n for n, code in enumerate(sorted({p for _, _, p in rows}), start=1)}
        district = {code: n for n, code in enumerate(sorted({d for _, d, _ in rows}), start=1)}
        ward = {code: n for n, (code, _, _) in enumerate(rows, start=1)}
        units = {
            "province": province,
            "district": district,
            "ward": ward,
            "district_province": {district[d]: province[p] for _, d, p in rows},
            "ward_district": {ward[w]: district[d] for w, d, _ in rows},
            "region": {n: _region(code) for code, n in province.items()},
            "not_served": {district[d] for d in NOT_SERVED if d in district},
        }
        cache.set(PREFIX + "index", units, TTL)
    return units


def _region(province_code: str) -> int:
    code = int(province_code)
    return 0 if code <= 37 else 1 if code <= 68 else 2  # north; centre and highlands; south


def area_of(legacy_ward_code: str) -> CarrierArea:
    """A former ward in this carrier's ids (tests and the demo use it to skip the mapping sync)."""
    from marketplace.regions.models import LegacyWard

    ward = LegacyWard.objects.get(code=legacy_ward_code)
    units = index()
    return CarrierArea(
        province_id=str(units["province"][ward.province_code]),
        province_name=ward.province_name.upper(),
        district_id=str(units["district"][ward.district_code]),
        district_name=ward.district_name.upper(),
        ward_id=str(units["ward"][ward.code]),
        ward_name=ward.name.upper(),
    )


def master_rows() -> list[dict]:
    """Every served ward, one row each (ids as int, names in capitals)."""
    units = index()
    rows = legacy_master_data(
        province_id=lambda code: units["province"][code],
        district_id=lambda code: units["district"][code],
        ward_id=lambda code: units["ward"][code],
        skip=lambda ward: ward.district_code in NOT_SERVED,
    )
    for row in rows:
        for key in ("province_name", "district_name", "ward_name"):
            row[key] = row[key].upper()
    return rows


def offers(sender_province: int, receiver_province: int, weight: int, volume_grams: int, cod: int) -> list[dict]:
    """getPriceAll's rows for this route, each with a private `_fees` breakdown for createOrder."""
    regions = index()["region"]
    if sender_province == receiver_province:
        zone = 0
    else:
        zone = 1 if regions[sender_province] == regions[receiver_province] else 2
    charged = max(weight, volume_grams)
    rows = []
    for code, (name, firsts, steps, hours, max_grams) in SERVICES.items():
        if firsts[zone] is None or weight > max_grams:
            continue
        main = firsts[zone] + steps[zone] * math.ceil(max(0, charged - 500) / 500)
        cod_fee = max(COD_MIN, round(cod * COD_RATE)) if cod else 0
        vat = round((main + cod_fee) * VAT)
        rows.append(
            {
                "MA_DV_CHINH": code,
                "TEN_DICHVU": name,
                "GIA_CUOC": main + cod_fee + vat,
                "THOI_GIAN": f"{hours[zone]} giờ",
                "EXCHANGE_WEIGHT": charged,
                "EXTRA_SERVICE": [],
                "_fees": {
                    "MONEY_FEE": main,
                    "MONEY_COLLECTION_FEE": cod_fee,
                    "MONEY_FEE_VAT": vat,
                    "KPI_HT": hours[zone],
                },
            }
        )
    return rows
