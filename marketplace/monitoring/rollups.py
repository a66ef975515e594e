"""Recompute the roll-ups (`SellerDay`, `SellerMonth`, `ProvinceDeliveryMonth`) from the raw tables.

The unit of work is one province and a set of days: every fact of the province's sellers on
those days is computed again (`facts.py`), the old rows of those days are deleted and the new
ones written, then the months that hold those days are summed again from the day rows. Nothing is
ever incremented, so running the same refresh twice, or a refresh and the nightly rebuild at
once, leaves the same rows.
"""

import datetime
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.monitoring import definitions as d
from marketplace.monitoring.facts import ALL_TIME, compute, days_in, sellers_of, windows_of
from marketplace.monitoring.models import SUM_FIELDS, ProvinceDeliveryMonth, RollupState, SellerDay, SellerMonth

logger = logging.getLogger("marketplace.monitoring")

Province = get_model("regions", "Province")
BATCH = 2000


def refresh_province(province_code: str, days=None) -> int:
    """Recompute a province's facts on `days` (every day when None); returns the day rows written."""
    windows = windows_of(days) if days is not None else ALL_TIME
    if not windows:
        return 0
    with transaction.atomic():
        # One refresh of a province at a time: the state row is the lock (the whole file on SQLite).
        RollupState.objects.get_or_create(province_id=province_code)
        RollupState.objects.select_for_update().filter(province_id=province_code).first()
        sellers = sellers_of(province_code)
        sink = compute(sellers, windows)
        mine = Q(province_id=province_code) | Q(partner_id__in=list(sellers))
        SellerDay.objects.filter(mine).filter(days_in("day", windows)).delete()
        rows = list(sink.models())
        SellerDay.objects.bulk_create(rows, batch_size=BATCH)
        _resum_months(province_code, mine, windows)
        now = timezone.now()
        stamp = {"refreshed_at": now, **({"rebuilt_at": now} if days is None else {})}
        RollupState.objects.filter(province_id=province_code).update(**stamp)
    return len(rows)


def _months(windows):
    months = set()
    for first, last in windows:
        if (first, last) in ALL_TIME:
            return None
        month = first.replace(day=1)
        while month <= last:
            months.add(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
    return sorted(months)


def _resum_months(province: str, mine: Q, windows):
    months = _months(windows)
    days = SellerDay.objects.filter(mine)
    old = SellerMonth.objects.filter(mine)
    if months is not None:
        old = old.filter(month__in=months)
        span = Q()
        for month in months:
            span |= Q(day__gte=month, day__lt=(month + datetime.timedelta(days=32)).replace(day=1))
        days = days.filter(span)
    old.delete()
    totals: dict[tuple, SellerMonth] = {}
    keep = ["partner_id", "ocop_group", "province_id", "commune_id", "producer_type"]
    for row in days.values(*keep, "day", "active", "delivery_hours", *SUM_FIELDS).iterator(chunk_size=BATCH):
        key = (row["partner_id"], row["day"].replace(day=1), row["ocop_group"])
        month = totals.get(key)
        if month is None:
            month = totals[key] = SellerMonth(month=key[1], **{k: row[k] for k in keep}, delivery_hours={})
        month.active = month.active or row["active"]
        for name in SUM_FIELDS:
            setattr(month, name, getattr(month, name) + row[name])
        for hours, count in (row["delivery_hours"] or {}).items():
            month.delivery_hours[hours] = month.delivery_hours.get(hours, 0) + count
    SellerMonth.objects.bulk_create(totals.values(), batch_size=BATCH)
    _resum_province_deliveries(province, months, totals.values())


def _resum_province_deliveries(province: str, months, seller_months):
    old = ProvinceDeliveryMonth.objects.filter(province_id=province)
    if months is not None:
        old = old.filter(month__in=months)
    old.delete()
    merged: dict[tuple, dict] = {}
    for row in seller_months:
        if row.delivery_hours and row.province_id == province:
            for producer_type in (row.producer_type, d.ALL):  # each type, and all types together
                histogram = merged.setdefault((row.month, producer_type, row.ocop_group), {})
                for hours, count in row.delivery_hours.items():
                    histogram[hours] = histogram.get(hours, 0) + count
    ProvinceDeliveryMonth.objects.bulk_create(
        (ProvinceDeliveryMonth(province_id=province, month=m, producer_type=t, ocop_group=g, delivery_hours=h)
         for (m, t, g), h in merged.items()),
        batch_size=BATCH,
    )  # fmt: skip


def rebuild_all() -> dict:
    """Rebuild every province from scratch and drop rows of sellers that left a province."""
    from django.db.models import F

    written = {}
    for code in Province.objects.filter(communes__producers__isnull=False).distinct().values_list("code", flat=True):
        written[code] = refresh_province(code)
    for model in (SellerDay, SellerMonth):
        stale = model.objects.exclude(partner__commune__province_id=F("province_id"))
        stale.delete()
    ProvinceDeliveryMonth.objects.exclude(province_id__in=list(written)).delete()
    return written
