"""Addresses for carriers: our current units (province → commune, since 1 July 2025) on one side,
each carrier's own pre-2025 units (province → district → ward, ids or names) on the other.

The bridge is a dated table, `CarrierAreaMapping`, built from the carrier's master data by
`sync_carrier_areas`: for each current commune we take the former wards it was formed from
(`regions.UnitMapping`, default part first) and look them up, by folded name, in the carrier's
own ward list. A commune none of whose former wards the carrier knows gets no row, and quoting or
booking there raises `UnmappedAddress` with a message that names the commune and the carrier.
"""

import datetime
import logging
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.carriers.base import CarrierArea, Endpoint, UnmappedAddress
from logistics.models import CarrierAreaMapping
from marketplace.core.text import fold_vietnamese
from marketplace.regions.models import Commune, UnitMapping

logger = logging.getLogger(__name__)

# Unit-type words carriers add or drop freely ("Thành phố Hà Nội" / "Hà Nội", "Quận 1" / "Q.1").
_UNIT_WORDS = re.compile(
    r"^(thanh pho|tinh|quan|huyen|thi xa|thi tran|phuong|xa|dac khu|tp\.?|q\.|h\.|p\.|tt\.?|x\.)\s+"
)


def normalise(name: str) -> str:
    folded = " ".join(fold_vietnamese(name or "").lower().split())
    folded = _UNIT_WORDS.sub("", folded)
    return re.sub(r"^0+(\d)", r"\1", folded)  # "Phường 01" and "Phường 1" are the same ward


# --- building the table ----------------------------------------------------------------------


@transaction.atomic
def sync_carrier_areas(carrier, *, effective_from: datetime.date | None = None, communes=None) -> dict:
    """Rebuild `carrier`'s mapping from its master data (dated `effective_from`, default today).

    `communes` limits the work to some commune codes (tests, a partial refresh). Returns counts.
    """
    effective_from = effective_from or timezone.localdate()
    index: dict[tuple[str, str, str], dict] = {}
    for row in carrier.master_data():
        key = (normalise(row["province_name"]), normalise(row["district_name"]), normalise(row["ward_name"]))
        index.setdefault(key, row)
    mappings = UnitMapping.objects.select_related("legacy_ward").order_by("commune_id", "-is_default", "legacy_ward_id")
    if communes is not None:
        mappings = mappings.filter(commune_id__in=list(communes))
    chosen: dict[str, tuple[dict, str]] = {}
    seen: set[str] = set()
    for mapping in mappings:
        seen.add(mapping.commune_id)
        if mapping.commune_id in chosen:
            continue
        ward = mapping.legacy_ward
        row = index.get((normalise(ward.province_name), normalise(ward.district_name), normalise(ward.name)))
        if row is not None:
            chosen[mapping.commune_id] = (row, "default former ward" if mapping.is_default else "former ward part")
    rows = [
        CarrierAreaMapping(
            carrier=carrier.code,
            commune_id=commune,
            effective_from=effective_from,
            province_id=str(row.get("province_id", "")),
            province_name=row.get("province_name", ""),
            district_id=str(row.get("district_id", "")),
            district_name=row.get("district_name", ""),
            ward_id=str(row.get("ward_id", "")),
            ward_name=row.get("ward_name", ""),
            source=source,
        )
        for commune, (row, source) in chosen.items()
    ]
    stale = CarrierAreaMapping.objects.filter(carrier=carrier.code, effective_from=effective_from)
    if communes is not None:
        stale = stale.filter(commune_id__in=list(communes))
    stale.delete()
    CarrierAreaMapping.objects.bulk_create(rows, batch_size=2000)
    result = {"mapped": len(rows), "unmapped": len(seen - set(chosen)), "carrier_wards": len(index)}
    logger.info("carrier areas for %s (from %s): %s", carrier.code, effective_from, result)
    return result


# --- reading it ----------------------------------------------------------------------------


def carrier_area(carrier, commune: Commune, *, on: datetime.date | None = None) -> CarrierArea:
    """`commune` in `carrier`'s units, as of `on`; raises UnmappedAddress when the carrier has none."""
    if not getattr(carrier, "uses_area_mapping", True):
        return CarrierArea(province_name=commune.province.name, ward_name=commune.name)
    on = on or timezone.localdate()
    row = (
        CarrierAreaMapping.objects.filter(carrier=carrier.code, commune=commune, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    if row is None:
        raise UnmappedAddress(
            _("%(carrier)s does not deliver to %(commune)s (%(province)s) yet.")
            % {"carrier": carrier.name, "commune": commune.name, "province": commune.province.name}
        )
    return CarrierArea(
        province_id=row.province_id,
        province_name=row.province_name,
        district_id=row.district_id,
        district_name=row.district_name,
        ward_id=row.ward_id,
        ward_name=row.ward_name,
    )


def commune_of_address(address) -> Commune | None:
    """The current commune of an Oscar shipping address (commune name in line2, province in line4)."""
    province, commune = (address.line4 or "").strip(), (address.line2 or "").strip()
    if not province or not commune:
        return None
    wanted = " ".join(commune.split()).casefold()
    for candidate in Commune.objects.filter(province__name=province).select_related("province"):
        if wanted in (" ".join(candidate.name.split()).casefold(), " ".join(candidate.short_name.split()).casefold()):
            return candidate
    return None


class NoAddress(UnmappedAddress):
    """We cannot tell which commune an address is in."""


def buyer_endpoint(address) -> tuple[Endpoint, Commune]:
    commune = commune_of_address(address)
    if commune is None:
        raise NoAddress(
            _("We could not find the commune “%(commune)s” in %(province)s; please check the delivery address.")
            % {"commune": address.line2 or "", "province": address.line4 or ""}
        )
    endpoint = Endpoint(
        name=address.name or "",
        phone=str(address.phone_number or ""),
        street=address.line1 or "",
        commune_code=commune.code,
        commune_name=commune.name,
        province_name=commune.province.name,
    )
    return endpoint, commune


def seller_endpoint(partner) -> tuple[Endpoint, Commune]:
    commune = partner.commune
    if commune is None:
        raise NoAddress(
            _("The seller %(seller)s has no commune on its profile, so no carrier can pick up.")
            % {"seller": partner.name}
        )
    address = partner.primary_address
    street = address.line1 if address is not None else ""
    return (
        Endpoint(
            name=partner.name,
            phone=partner.phone or "",
            # Many households have no street address: the commune is where the carrier asks for them.
            street=street or commune.name,
            commune_code=commune.code,
            commune_name=commune.name,
            province_name=commune.province.name,
        ),
        commune,
    )


def with_area(endpoint: Endpoint, area: CarrierArea) -> Endpoint:
    from dataclasses import replace

    return replace(endpoint, area=area)
