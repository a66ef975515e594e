"""The indicators computed straight from the raw tables (orders, lines, payments, shipments,
products, certificates, sellers) with SQL aggregates, following `definitions.py` to the letter.

This is the yardstick for the roll-ups: the tests require both to give the same figures, and
`bench/monitoring.py` times both. It is too slow for pages over a large history.
"""

import datetime
from collections import defaultdict

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from marketplace.monitoring import definitions as d
from marketplace.monitoring.facts import local_midnight
from marketplace.monitoring.figures import Figures, Scope
from marketplace.monitoring.periods import ONE_DAY, Period

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
OcopCertificate = get_model("catalogue", "OcopCertificate")
Line = get_model("order", "Line")
Source = get_model("payment", "Source")

KEY_PATHS = {"province": "commune__province_id", "commune": "commune_id", "producer_type": "producer_type"}


def _partner_q(prefix: str, scope: Scope) -> Q:
    """Rows whose seller (reached through `prefix`) is in the scope; sellers without a commune never are."""
    p = f"{prefix}__" if prefix else ""
    q = Q(**{f"{p}commune__isnull": False})
    if scope.province:
        q &= Q(**{f"{p}commune__province_id": scope.province})
    if scope.commune:
        q &= Q(**{f"{p}commune_id": scope.commune})
    if scope.producer_type:
        q &= Q(**{f"{p}producer_type": scope.producer_type})
    return q


def _key(prefix: str, by: str | None) -> list[str]:
    if by is None:
        return []
    if by == "seller":
        return [f"{prefix}_id" if prefix else "pk"]
    return [f"{prefix}__{KEY_PATHS[by]}" if prefix else KEY_PATHS[by]]


def _grouped(qs, keys, **aggregates):
    if not keys:
        return [{**qs.aggregate(**aggregates)}]
    return qs.values(*keys).annotate(**aggregates).order_by()


def _method(order_ref: str):
    """The order's payment method: its latest paid attempt's, else cash on delivery, else NULL (unpaid)."""
    PaymentAttempt = get_model("payment", "PaymentAttempt")
    paid = PaymentAttempt.objects.filter(order_id=OuterRef(order_ref), status__in=d.PAID).order_by("-pk")
    cod = Source.objects.filter(order_id=OuterRef(order_ref), source_type__code=d.COD)
    return Coalesce(
        Subquery(paid.values("method")[:1], output_field=CharField()),
        Case(When(Exists(cod), then=Value(d.COD)), default=Value(None), output_field=CharField()),
        output_field=CharField(),
    )


def _seller_orders(scope, start, stop):
    FulfilmentGroup = get_model("order", "FulfilmentGroup")
    parts = FulfilmentGroup.objects.filter(
        _partner_q("partner", scope), status__in=d.COUNTED, order__date_placed__gte=start, order__date_placed__lt=stop
    )
    if scope.ocop_group != d.ALL:
        mine = Line.objects.filter(order_id=OuterRef("order_id"), partner_id=OuterRef("partner_id"))
        parts = parts.filter(Exists(mine.filter(d.products_in_group_q(scope.ocop_group))))
    return parts.annotate(method=_method("order_id")).filter(method__isnull=False)


def _flows(out, scope, period, by, key_of):
    start, stop = local_midnight(period.start), local_midnight(period.end + ONE_DAY)
    parts = _seller_orders(scope, start, stop)
    standing = Q(status__in=d.STANDING)
    for row in _grouped(
        parts, _key("partner", by),
        orders=Count("pk", filter=standing),
        orders_cancelled=Count("pk", filter=Q(status__in=d.CANCELLED)),
        orders_returned=Count("pk", filter=Q(status__in=d.RETURNED)),
        **{f"orders_{m}": Count("pk", filter=standing & Q(method=m)) for m in d.METHODS},
    ):  # fmt: skip
        if any(row.get(k) for k in row if k.startswith("orders")):
            out[key_of(row)].add_sums({k: v for k, v in row.items() if k.startswith("orders")})

    FulfilmentGroup = get_model("order", "FulfilmentGroup")
    part = FulfilmentGroup.objects.filter(order_id=OuterRef("order_id"), partner_id=OuterRef("partner_id"))
    lines = Line.objects.filter(
        _partner_q("partner", scope), order__date_placed__gte=start, order__date_placed__lt=stop
    ).filter(d.products_in_group_q(scope.ocop_group))
    lines = lines.annotate(part_status=Subquery(part.values("status")[:1]), method=_method("order_id"))
    lines = lines.filter(method__isnull=False, part_status__in=d.COUNTED)
    on_hand = Q(part_status__in=d.STANDING)
    price = "line_price_incl_tax"
    for row in _grouped(
        lines, _key("partner", by),
        items=Sum("quantity", filter=on_hand),
        weight_grams=Sum(F("quantity") * F("product__shipping_weight_grams"), filter=on_hand),
        gross_value=Sum(price, filter=on_hand),
        value_cancelled=Sum(price, filter=Q(part_status__in=d.CANCELLED)),
        value_returned=Sum(price, filter=Q(part_status__in=d.RETURNED)),
        refund_value=Sum(price, filter=Q(part_status__in=d.CANCELLED + d.RETURNED) & ~Q(method=d.COD)),
        **{f"value_{m}": Sum(price, filter=on_hand & Q(method=m)) for m in d.METHODS},
    ):  # fmt: skip
        values = {k: v for k, v in row.items() if k in Figures.__dataclass_fields__ or k.startswith("value_")}
        if any(values.values()):
            out[key_of(row)].add_sums(values)
    return parts


def _deliveries(out, scope, period, by, key_of, *, hours=True):
    Shipment = get_model("logistics", "Shipment")
    start, stop = local_midnight(period.start), local_midnight(period.end + ONE_DAY)
    ships = Shipment.objects.filter(_partner_q("group__partner", scope))
    if scope.ocop_group != d.ALL:
        mine = Line.objects.filter(order_id=OuterRef("group__order_id"), partner_id=OuterRef("group__partner_id"))
        ships = ships.filter(Exists(mine.filter(d.products_in_group_q(scope.ocop_group))))
    keys = _key("group__partner", by)
    delivered = ships.filter(status=d.SHIPMENT_DELIVERED, delivered_at__gte=start, delivered_at__lt=stop)
    for row in delivered.values(*keys, "booked_at", "delivered_at").order_by():
        figures = out[key_of(row)]
        figures.delivered += 1
        taken = d.delivery_hours(row["booked_at"], row["delivered_at"])
        if hours and taken is not None:
            figures.delivery_hours[taken] += 1
    returned = ships.filter(status=d.SHIPMENT_RETURNED, returned_at__gte=start, returned_at__lt=stop)
    for row in _grouped(returned, keys, n=Count("pk")):
        if row["n"]:
            out[key_of(row)].shipments_returned += row["n"]


def _active(out, scope, period, by, key_of, parts):
    start, stop = local_midnight(period.start), local_midnight(period.end + ONE_DAY)
    group = scope.ocop_group
    products = Product.objects.filter(_partner_q("producer", scope)).filter(d.products_in_group_q(group, "pk"))
    touched = products.filter(
        Q(date_created__gte=start, date_created__lt=stop) | Q(date_updated__gte=start, date_updated__lt=stop)
    )
    records = StockRecord.objects.filter(_partner_q("partner", scope), date_updated__gte=start, date_updated__lt=stop)
    records = records.filter(d.products_in_group_q(group, "product"))
    seen = set()
    for qs, prefix in ((touched, "producer"), (records, "partner"), (parts, "partner")):
        for row in qs.values(*_key(prefix, by), f"{prefix}_id").distinct().order_by():
            seen.add((key_of(row), row[f"{prefix}_id"]))
    for key, _seller in seen:
        out[key].active_sellers += 1


def _stock(out, scope, day: datetime.date, by, key_of):
    """The state at the end of `day`."""
    HelperAssignment = get_model("sellers", "HelperAssignment")
    cutoff = local_midnight(day + ONE_DAY)
    group = scope.ocop_group
    sellers = Partner.objects.filter(_partner_q("", scope))
    if group != d.ALL:
        sellers = sellers.filter(pk__in=Product.objects.filter(pk__in=d.group_products(group)).values("producer_id"))
    counted = sellers.filter(Q(created_at__lt=cutoff) | Q(created_at__isnull=True))
    helped = sellers.filter(
        producer_type="household", pk__in=HelperAssignment.objects.filter(created_at__lt=cutoff).values("partner_id")
    )
    not_revoked = Q(revoked_at__isnull=True) | Q(revoked_at__gte=cutoff)
    valid = Q(status="awarded", decision_date__lte=day, valid_until__gte=day) & not_revoked
    star = OcopCertificate.objects.filter(valid, product=OuterRef("pk"), verification="verified").filter(
        Q(verified_at__isnull=True) | Q(verified_at__lt=cutoff)
    )
    certified = OcopCertificate.objects.filter(valid, product=OuterRef("pk")).exclude(verification="rejected")
    products = Product.objects.filter(_partner_q("producer", scope), date_created__lt=cutoff)
    products = products.filter(d.products_in_group_q(group, "pk"))
    expiring = OcopCertificate.objects.filter(valid, product__in=products.values("pk")).exclude(verification="rejected")
    expiring = expiring.filter(valid_until__lte=day + datetime.timedelta(days=d.EXPIRING_WINDOW_DAYS))
    for target, qs, prefix in (
        ("sellers", counted, ""),
        ("helper_households", helped, ""),
        ("products_listed", products.filter(is_public=True), "producer"),
        ("ocop_online", products.filter(Exists(star), is_public=True), "producer"),
        ("ocop_certified", products.filter(Exists(certified)), "producer"),
        ("certs_expiring", expiring, "product__producer"),
    ):
        for row in _grouped(qs, _key(prefix, by), n=Count("pk")):
            if row["n"]:
                figures = out[key_of(row)]
                setattr(figures, target, getattr(figures, target) + row["n"])


def figures(
    scope: Scope, period: Period, by: str | None = None, *, stock: bool = True, hours: bool = True, keys=None
) -> dict:
    if by == "ocop_group":
        out = {}
        for group in d.ocop_groups():
            found = figures(scope.replace(ocop_group=group.code), period, stock=stock, hours=hours).get(None)
            if found is not None and found != Figures():
                out[group.code] = found
        return out
    out: dict = defaultdict(Figures)
    key_of = _keyed(by)
    parts = _flows(out, scope, period, by, key_of)
    _deliveries(out, scope, period, by, key_of, hours=hours)
    _active(out, scope, period, by, key_of, parts)
    if stock:
        _stock(out, scope, period.end, by, key_of)
    return out


def _keyed(by):
    """Reads the breakdown key out of a result row, whatever path led to the seller."""
    if by is None:
        return lambda row: None
    suffix = "_id" if by == "seller" else KEY_PATHS[by]

    def key_of(row):
        for name, value in row.items():
            if name == "pk" or name.endswith(suffix):
                return value
        raise KeyError(suffix)

    return key_of


def trend(scope: Scope, period: Period) -> list[tuple[Period, Figures]]:
    return [
        (bucket, figures(scope, bucket, stock=False, hours=False).get(None, Figures())) for bucket in period.buckets()
    ]
