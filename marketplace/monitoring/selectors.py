"""Reads of the provincial indicators: for a scope and a period, the figures with the previous
period beside them, broken down by province, commune, seller, producer type or OCOP group, and
as a trend. Everything is read from the roll-ups; `source="raw"` asks `direct.py` instead, which
computes the same definitions over the raw tables (the tests compare the two; the benchmark
times them).
"""

from collections import defaultdict
from types import SimpleNamespace

from django.db import connection
from django.db.models import Sum
from django.db.models.functions import TruncMonth

from marketplace.monitoring import definitions as d
from marketplace.monitoring.facts import days_in
from marketplace.monitoring.figures import Comparison, Figures, Scope
from marketplace.monitoring.models import FLOW_FIELDS, STOCK_FIELDS, ProvinceDeliveryMonth, SellerDay, SellerMonth
from marketplace.monitoring.periods import ONE_DAY, Period, month_parts
from marketplace.partner.models import ProducerType

BREAKDOWNS = {
    "province": "province_id",
    "commune": "commune_id",
    "producer_type": "producer_type",
    "seller": "partner_id",
    "ocop_group": "ocop_group",
}
# Where reads come from unless a caller says: the benchmark switches it to "raw" to time the
# same pages and API over the raw tables.
DEFAULT_SOURCE = "rollups"
STOCK_TO_FIGURE = {
    "d_sellers": "sellers",
    "d_helper_households": "helper_households",
    "d_products": "products_listed",
    "d_ocop_online": "ocop_online",
    "d_ocop_certified": "ocop_certified",
    "d_certs_expiring": "certs_expiring",
}


# --- the services ----------------------------------------------------------------------------------


def indicators(scope: Scope, period: Period, *, source: str | None = None) -> Comparison:
    """Every indicator of the scope for the period and for the period before it."""
    figures = _reader(source).figures
    return Comparison(
        period, figures(scope, period).get(None, Figures()), figures(scope, period.previous()).get(None, Figures())
    )


def breakdown(scope: Scope, period: Period, by: str, *, source: str | None = None, keys=None) -> dict:
    """{province code / commune code / seller id / producer type / OCOP group: Figures} for the period.

    `by="ocop_group"` ignores the scope's own group; keys without any figure are left out. `keys`
    names the indicators the caller will read (default: all); the roll-up reader then skips the
    queries the others need (the raw computation computes everything).
    """
    if by not in BREAKDOWNS:
        raise ValueError(by)
    return dict(_reader(source).figures(scope, period, by=by, keys=keys))


def trend(scope: Scope, period: Period, *, source: str | None = None) -> list[tuple[Period, Figures]]:
    """The period's days (up to two months) or months, each with its orders, values, parcels and
    active sellers (stock figures and delivery times are left out)."""
    return _reader(source).trend(scope, period)


def _reader(source):
    source = source or DEFAULT_SOURCE
    if source == "raw":
        from marketplace.monitoring import direct

        return direct
    if source != "rollups":
        raise ValueError(source)
    return SimpleNamespace(figures=rollup_figures, trend=rollup_trend)


# --- from the roll-ups ---------------------------------------------------------------------------------


def _base(model, scope: Scope, by: str | None = None):
    qs = model.objects.all()
    if by == "ocop_group":  # every group but "*", as a list the (ocop_group, …) indexes can serve
        qs = qs.filter(ocop_group__in=[group.code for group in d.ocop_groups()])
    else:
        qs = qs.filter(ocop_group=scope.ocop_group)
    if scope.province:
        qs = qs.filter(province_id=scope.province)
    if scope.commune:
        qs = qs.filter(commune_id=scope.commune)
    if scope.producer_type:
        qs = qs.filter(producer_type=scope.producer_type)
    return qs


def _flow_parts(scope, start, end, by=None):
    months, ranges = month_parts(start, end)
    parts = []
    if months:
        parts.append(_base(SellerMonth, scope, by).filter(month__in=months))
    if ranges:
        parts.append(_base(SellerDay, scope, by).filter(days_in("day", ranges)))
    return parts


def _hour_parts(scope, start, end, by=None):
    """Rows holding the delivery-time histograms: per province for whole months when no commune or
    seller is asked for, per seller otherwise and for the days at the edges."""
    months, ranges = month_parts(start, end)
    parts = []
    if months and scope.commune is None and by not in ("commune", "seller"):
        parts.append(_province_hours(scope, by).filter(month__in=months))
    elif months:
        parts.append(_base(SellerMonth, scope, by).filter(month__in=months, delivered__gt=0))
    if ranges:
        parts.append(_base(SellerDay, scope, by).filter(days_in("day", ranges), delivered__gt=0))
    return parts


def _province_hours(scope, by):
    """`ProvinceDeliveryMonth` rows for the scope; producer type "*" rows hold all types together."""
    qs = ProvinceDeliveryMonth.objects.all()
    if by == "ocop_group":
        qs = qs.filter(ocop_group__in=[group.code for group in d.ocop_groups()])
    else:
        qs = qs.filter(ocop_group=scope.ocop_group)
    if scope.province:
        qs = qs.filter(province_id=scope.province)
    if by == "producer_type":
        return qs.filter(producer_type__in=ProducerType.values)
    return qs.filter(producer_type=scope.producer_type or d.ALL)


def _stock_parts(scope, end, by=None):
    """Rows holding every change up to the end of day `end`: whole months, then the days of `end`'s month."""
    month = end.replace(day=1)
    if (end + ONE_DAY).day == 1:
        return [_base(SellerMonth, scope, by).filter(month__lte=month)]
    return [
        _base(SellerMonth, scope, by).filter(month__lt=month),
        _base(SellerDay, scope, by).filter(day__gte=month, day__lte=end),
    ]


def _grouped(qs, keys, fields):
    sums = {f: Sum(f) for f in fields}
    if not keys:
        return [qs.aggregate(**sums)]
    return qs.values(*keys).annotate(**sums).order_by()


# The roll-up columns an indicator is computed from, where it is not a column of its own.
DEPENDS = {
    "weight_tonnes": ["weight_grams"],
    "cashless_share": ["gross_value", "value_cod"],
    "cashless_order_share": ["orders", "orders_cod"],
    "delivery_success_rate": ["delivered", "shipments_returned"],
    "median_delivery_hours": [],
    "sellers": ["d_sellers"],
    "helper_households": ["d_helper_households"],
    "products_listed": ["d_products"],
    "ocop_online": ["d_ocop_online"],
    "ocop_certified": ["d_ocop_certified"],
    "ocop_online_share": ["d_ocop_online", "d_ocop_certified"],
    "certs_expiring": ["d_certs_expiring"],
    "active_sellers": [],
}


def _columns(wanted, columns):
    """The roll-up columns to sum for the indicators `wanted` (all of `columns` when None)."""
    if wanted is None:
        return columns
    needed = {c for key in wanted for c in DEPENDS.get(key, [key])}
    return [c for c in columns if c in needed]


def _add_flows(out, qs, keys, key_of, *, hours=True, fields=FLOW_FIELDS):
    for row in _grouped(qs, keys, fields):
        if any(row[f] for f in fields):
            out[key_of(row)].add_sums({f: row[f] for f in fields})
    if hours:
        _add_hours(out, qs.filter(delivered__gt=0), keys, key_of)


def _add_hours(out, qs, keys, key_of):
    """Merge the rows' delivery-hour histograms, in the database where it can read JSON."""
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        for row in qs.values(*keys, "delivery_hours").order_by():
            out[key_of(row)].delivery_hours.update({int(h): c for h, c in row["delivery_hours"].items()})
        return
    meta = qs.model._meta
    columns = [f"m.{connection.ops.quote_name(meta.get_field(k).column)}" for k in keys]
    inner, params = qs.values("pk").query.get_compiler(using=qs.db).as_sql()
    each = "json_each(m.delivery_hours) j" if vendor == "sqlite" else "jsonb_each_text(m.delivery_hours) j"
    count = "SUM(j.value)" if vendor == "sqlite" else "SUM(j.value::integer)"
    selected, group = ", ".join([*columns, "j.key", count]), ", ".join([*columns, "j.key"])
    table = connection.ops.quote_name(meta.db_table)
    # Only column and table names and our own queryset's SQL are interpolated; values travel as parameters.
    sql = f"SELECT {selected} FROM {table} m, {each} WHERE m.id IN ({inner}) GROUP BY {group}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for *key, hours, parcels in cursor.fetchall():
            out[key_of(dict(zip(keys, key, strict=True)))].delivery_hours[int(hours)] += int(parcels)


def _add_active(out, parts, keys, key_of):
    seen = set()
    for qs in parts:
        for row in qs.filter(active=True).values(*keys, "partner_id").distinct().order_by():
            seen.add((key_of(row), row["partner_id"]))
    for key, _partner in seen:
        out[key].active_sellers += 1


def rollup_figures(scope: Scope, period: Period, by: str | None = None, *, keys=None) -> dict:
    wanted = set(keys) if keys is not None else None
    hours = wanted is None or "median_delivery_hours" in wanted
    active = wanted is None or "active_sellers" in wanted
    flow_fields, stock_fields = _columns(wanted, FLOW_FIELDS), _columns(wanted, STOCK_FIELDS)
    keys = [BREAKDOWNS[by]] if by else []

    def key_of(row):
        return row[keys[0]] if keys else None

    out: dict = defaultdict(Figures)
    parts = _flow_parts(scope, period.start, period.end, by)
    for qs in parts if flow_fields else ():
        _add_flows(out, qs, keys, key_of, hours=False, fields=flow_fields)
    for qs in _hour_parts(scope, period.start, period.end, by) if hours else ():
        _add_hours(out, qs, keys, key_of)
    if active:
        _add_active(out, parts, keys, key_of)
    for qs in _stock_parts(scope, period.end, by) if stock_fields else ():
        for row in _grouped(qs, keys, stock_fields):
            if any(row[f] for f in stock_fields):
                figure = out[key_of(row)]
                for name in stock_fields:
                    target = STOCK_TO_FIGURE[name]
                    setattr(figure, target, getattr(figure, target) + int(row[name] or 0))
    return out


def rollup_trend(scope: Scope, period: Period) -> list[tuple[Period, Figures]]:
    buckets = period.buckets()
    out: dict = defaultdict(Figures)
    if period.bucket_kind == "day":
        days = _base(SellerDay, scope).filter(day__range=(period.start, period.end))
        _add_flows(out, days, ["day"], lambda row: row["day"], hours=False)
        _add_active(out, [days], ["day"], lambda row: row["day"])
        return [(bucket, out.get(bucket.start, Figures())) for bucket in buckets]
    months, ranges = month_parts(period.start, period.end)
    whole = _base(SellerMonth, scope).filter(month__in=months)
    edges = (
        _base(SellerDay, scope).filter(days_in("day", ranges)).annotate(in_month=TruncMonth("day")) if ranges else None
    )
    _add_flows(out, whole, ["month"], lambda row: row["month"], hours=False)
    if edges is not None:
        _add_flows(out, edges, ["in_month"], lambda row: row["in_month"], hours=False)
    seen = set()
    for row in whole.filter(active=True).values_list("month", "partner_id").distinct().order_by():
        seen.add(row)
    if edges is not None:
        seen |= set(edges.filter(active=True).values_list("in_month", "partner_id").distinct().order_by())
    for month, _partner in seen:
        out[month].active_sellers += 1
    return [(bucket, out.get(bucket.start.replace(day=1), Figures())) for bucket in buckets]
