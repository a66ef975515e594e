"""The open-data export: non-personal aggregates by province (the whole country) or by commune
(one province), for one period, as CSV and as JSON with its data dictionary.

No seller, product or buyer is named. A household's sales are its family's income, so an area
with fewer than `MIN_SELLERS` sellers has its trade figures withheld (left empty), and so does
the area total when it would let a withheld row be worked out by subtraction.
"""

import csv
import io
import json

from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.monitoring import selectors
from marketplace.monitoring.figures import INDICATORS, STOCK, Scope
from marketplace.monitoring.periods import Period

Province = get_model("regions", "Province")
Commune = get_model("regions", "Commune")

MIN_SELLERS = 3
# Counts of sellers, products and certificates are public on the storefront; the rest is trade.
OPEN_ALWAYS = set(STOCK) | {"active_sellers", "ocop_online_share"}
COLUMNS = ["area_code", "area_name", "area_level", "period_start", "period_end"] + [i.key for i in INDICATORS]


def dictionary() -> list[dict]:
    return [
        {"key": "area_code", "label": _("Area code"), "unit": "", "definition": _("National Statistics Office code of the province or commune; VN for the whole country.")},
        {"key": "area_name", "label": _("Area name"), "unit": "", "definition": _("Name of the province or commune (units in force since 1 July 2025).")},
        {"key": "area_level", "label": _("Area level"), "unit": "", "definition": _("country, province or commune.")},
        {"key": "period_start", "label": _("First day"), "unit": "date", "definition": _("First day of the period (Asia/Ho_Chi_Minh).")},
        {"key": "period_end", "label": _("Last day"), "unit": "date", "definition": _("Last day of the period, included.")},
        *({"key": i.key, "label": str(i.label), "unit": str(i.unit), "definition": str(i.definition)} for i in INDICATORS),
    ]  # fmt: skip


def _row(code, name, level, period, figures, withheld: bool) -> dict:
    row = {"area_code": code, "area_name": name, "area_level": level,
           "period_start": period.start.isoformat(), "period_end": period.end.isoformat()}  # fmt: skip
    for indicator in INDICATORS:
        value = figures.value(indicator.key)
        row[indicator.key] = None if withheld and indicator.key not in OPEN_ALWAYS else value
    return row


def dataset(area: str, period: Period) -> dict:
    """`area` is "VN" (rows by province) or a province code (rows by commune)."""
    if area == "VN":
        scope, by, level, names = Scope(), "province", "province", dict(Province.objects.values_list("code", "name"))
        total_code, total_name, total_level = "VN", _("Vietnam"), "country"
    else:
        province = Province.objects.get(code=area)
        scope, by, level = Scope(province=area), "commune", "commune"
        names = dict(Commune.objects.filter(province=province).values_list("code", "name"))
        total_code, total_name, total_level = province.code, province.name, "province"
    found = selectors.breakdown(scope, period, by)
    rows, withheld_any = [], False
    for code in sorted(found):
        small = found[code].sellers < MIN_SELLERS
        withheld_any |= small
        rows.append(_row(code, names.get(code, code), level, period, found[code], small))
    total = selectors.indicators(scope, period).current
    small_total = total.sellers < MIN_SELLERS or sum(1 for r in rows if r["orders"] is None) == 1
    rows.append(_row(total_code, total_name, total_level, period, total, small_total))
    return {
        "title": _("OCOP marketplace indicators"),
        "area": total_code,
        "period": {"kind": period.kind, "start": period.start.isoformat(), "end": period.end.isoformat()},
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "note": _("Aggregates only. Trade figures of areas with fewer than %(n)d sellers are withheld (empty).")
        % {"n": MIN_SELLERS},
        "withheld": withheld_any or small_total,
        "dictionary": dictionary(),
        "rows": rows,
    }


def to_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def to_csv(data: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for row in data["rows"]:
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def dictionary_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["key", "label", "unit", "definition"])
    writer.writeheader()
    writer.writerows(dictionary())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
