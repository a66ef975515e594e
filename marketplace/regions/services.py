"""Loading and querying administrative units."""

import csv
import datetime
import functools
import re
from collections import defaultdict
from pathlib import Path

from django.db import transaction

from .models import Commune, LegacyWard, Province, UnitMapping

DATA_DIR = Path(__file__).parent / "data"
REFORM_DATE = datetime.date(2025, 7, 1)


def _rows(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def _upsert(model, objs, fields):
    model.objects.bulk_create(
        objs, batch_size=2000, update_conflicts=True, unique_fields=[model._meta.pk.name], update_fields=fields
    )


@transaction.atomic
def load_admin_units(apps=None) -> dict:
    """Load (or refresh in place) the shipped unit tables. Idempotent.

    `apps` is a migration's app registry when called from a data migration.
    """
    if apps is not None:
        Province, Commune, LegacyWard, UnitMapping = (
            apps.get_model("regions", n) for n in ("Province", "Commune", "LegacyWard", "UnitMapping")
        )
    else:
        from .models import Commune, LegacyWard, Province, UnitMapping
    _upsert(
        Province,
        [Province(code=r["code"], name=r["name"], short_name=r["short_name"]) for r in _rows("provinces_2025.csv")],
        ["name", "short_name"],
    )
    _upsert(
        Commune,
        [
            Commune(
                code=r["code"],
                province_id=r["province_code"],
                name=r["name"],
                short_name=r["short_name"],
                unit_type=r["unit_type"],
                latitude=float(r["lat"]) if r["lat"] else None,
                longitude=float(r["lon"]) if r["lon"] else None,
            )
            for r in _rows("communes_2025.csv")
        ],
        ["province", "name", "short_name", "unit_type", "latitude", "longitude"],
    )
    _upsert(
        LegacyWard,
        [
            LegacyWard(
                code=r["ward_code"],
                name=r["ward_name"],
                district_code=r["district_code"],
                district_name=r["district_name"],
                province_code=r["province_code"],
                province_name=r["province_name"],
            )
            for r in _rows("legacy_units_2024.csv")
        ],
        ["name", "district_code", "district_name", "province_code", "province_name"],
    )
    UnitMapping.objects.bulk_create(
        [
            UnitMapping(
                legacy_ward_id=r["legacy_ward_code"],
                commune_id=r["commune_code"],
                effective_from=REFORM_DATE,
                is_default=r["is_default"] == "1",
                is_divided=r["is_divided"] == "1",
            )
            for r in _rows(f"mapping_{REFORM_DATE.isoformat()}.csv")
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return {
        "provinces": Province.objects.count(),
        "communes": Commune.objects.count(),
        "legacy_wards": LegacyWard.objects.count(),
        "mappings": UnitMapping.objects.count(),
    }


def commune_for_legacy_ward(legacy_ward_code: str, *, on: datetime.date | None = None) -> Commune | None:
    """The current commune a former ward's address belongs to (the default part if it was divided)."""
    on = on or datetime.date.today()
    mapping = (
        UnitMapping.objects.filter(legacy_ward_id=legacy_ward_code, effective_from__lte=on)
        .select_related("commune__province")
        .order_by("-effective_from", "-is_default")
        .first()
    )
    return mapping.commune if mapping else None


# "Tỉnh Bến Tre", "Thành phố Huế": the former names carry their unit type, the short names do not.
_UNIT_PREFIX = re.compile(r"^(?:Tỉnh|Thành phố)\s+")


def former_province_name(name: str) -> str:
    return _UNIT_PREFIX.sub("", name)


@functools.lru_cache(maxsize=1)
def regions() -> dict[str, frozenset[str]]:
    """{region as buyers name it: its former provinces} from data/regions_vi.csv."""
    return {r["region"]: frozenset(r["former_provinces"].split("|")) for r in _rows("regions_vi.csv")}


# "Huyện Lục Ngạn", "Thành phố Buôn Ma Thuột": a former district's name as people say it.
_DISTRICT_PREFIX = re.compile(r"^(?:Huyện|Quận|Thị xã|Thành phố)\s+")


def former_district_name(name: str) -> str:
    return _DISTRICT_PREFIX.sub("", name)


def _named(name: str) -> bool:
    # "Quận 1" is no name a buyer gives a product's place.
    return not name.isdigit()


@functools.lru_cache(maxsize=1)
def commune_place_names() -> dict[str, tuple[str, ...]]:
    """{commune code: the names people still give its place}: the former district(s) and
    province(s) its wards were in before 1 July 2025, then the regions of those ("Hoàng Su Phì",
    "Hà Giang", "Đông Bắc").

    Product titles, addresses and buyers keep the old names for years: a Hoàng Su Phì tea is
    "chè Hà Giang" though the commune is in Tuyên Quang now, and "vải thiều Lục Ngạn" names a
    district that is gone. Fixed data, read once per process.
    """
    districts, provinces = defaultdict(set), defaultdict(set)
    # Default parts only: a divided ward's other parts are slivers (and one upstream row sends a
    # piece of Tân An, Long An, to Tân Ninh, Tây Ninh).
    rows = UnitMapping.objects.filter(is_default=True).values_list(
        "commune_id", "legacy_ward__district_name", "legacy_ward__province_name"
    )
    for code, district, province in rows.distinct().iterator(chunk_size=5000):
        districts[code].add(former_district_name(district))
        provinces[code].add(former_province_name(province))
    named = regions()
    return {
        code: (
            *sorted(filter(_named, districts[code])),
            *sorted(names),
            *sorted(r for r, former in named.items() if names & former),
        )
        for code, names in provinces.items()
    }


def place_names() -> set[str]:
    """Every province or region name a buyer may type: the 34 provinces, the 63 before the
    2025 merger and the regions of data/regions_vi.csv."""
    rows = LegacyWard.objects.values_list("province_name", flat=True).distinct()
    return {
        *Province.objects.values_list("short_name", flat=True),
        *(former_province_name(name) for name in rows),
        *regions(),
    }


# Names buyers still use for a place whose official name is another ({other name: the name}).
# Ours, unconfirmed by the regions' offices: add a line when the search misses list one.
OTHER_NAMES = {
    "Ban Mê Thuột": "Buôn Ma Thuột",  # the city's name until 2010, still on many signs
    "Buôn Mê Thuột": "Buôn Ma Thuột",
    "Sài Gòn": "Hồ Chí Minh",  # the city (Phường Sài Gòn is one of its wards since 2025)
}


def other_place_names() -> dict[str, str]:
    """{a name buyers use: the place's name as place_names or local_place_names hold it}."""
    return dict(OTHER_NAMES)


def local_place_names() -> set[str]:
    """The names of the places within a province a buyer may type: today's communes and wards
    by their short names ("Buôn Ma Thuột", "Tân Cương") and the districts before 1 July 2025
    ("Lục Ngạn", "Hoàng Su Phì"). Product words among them ("Thanh Long") are the query
    reader's to leave out (catalog.search.queries)."""
    districts = LegacyWard.objects.values_list("district_name", flat=True).distinct()
    return {
        *Commune.objects.values_list("short_name", flat=True),
        *filter(_named, map(former_district_name, districts)),
    }


def unit_names() -> set[str]:
    """Every name of a unit, now or before 1 July 2025: provinces, communes and wards, former
    districts ("Buôn Ma Thuột"), former provinces and regions. Words buyers type as places."""
    legacy = LegacyWard.objects.values_list("name", "district_name", "province_name")
    return {
        *(name for row in legacy.iterator(chunk_size=5000) for name in row),
        *Province.objects.values_list("name", flat=True),
        *Commune.objects.values_list("name", flat=True),
        *place_names(),
    }
