"""What each seller of a province did on each day, computed from the raw tables: orders and their
outcome, payment methods, parcels delivered or returned, listing activity, and the day-by-day
changes of the stock figures (sellers, products, OCOP stars, certificates). `rollups.py` writes
the result into `SellerDay` rows; everything here follows `definitions.py`.

Days are calendar days in Asia/Ho_Chi_Minh; a set of days travels as `windows` ((first, last) ranges).
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Min, Q
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.monitoring import definitions as d
from marketplace.monitoring.models import SellerDay

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
OcopCertificate = get_model("catalogue", "OcopCertificate")
Line = get_model("order", "Line")
Source = get_model("payment", "Source")

ONE_DAY = datetime.timedelta(days=1)
FAR_FUTURE = datetime.date(2999, 12, 30)
ALL_TIME = ((d.EPOCH, FAR_FUTURE),)


# --- days and local time ---------------------------------------------------------------------------


def local_midnight(day: datetime.date) -> datetime.datetime:
    """The start of a calendar day in the project's time zone (Asia/Ho_Chi_Minh)."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def windows_of(days) -> tuple:
    """Consecutive days merged into (first, last) ranges."""
    out: list[list[datetime.date]] = []
    for day in sorted(set(days)):
        if out and day == out[-1][1] + ONE_DAY:
            out[-1][1] = day
        else:
            out.append([day, day])
    return tuple((a, b) for a, b in out)


def moments_in(field_name: str, windows) -> Q:
    """Rows whose datetime `field_name` falls on one of the windows' days (local time)."""
    q = Q()
    for first, last in windows:
        q |= Q(**{f"{field_name}__gte": local_midnight(first), f"{field_name}__lt": local_midnight(last + ONE_DAY)})
    return q


def days_in(field_name: str, windows) -> Q:
    q = Q()
    for first, last in windows:
        q |= Q(**{f"{field_name}__range": (first, last)})
    return q


def _inside(day, windows) -> bool:
    return any(first <= day <= last for first, last in windows)


# --- the facts of one province -------------------------------------------------------------------


@dataclass
class Seller:
    id: int
    province_id: str
    commune_id: str
    producer_type: str
    created_on: datetime.date
    groups: set = field(default_factory=set)


class FactSink:
    """Facts keyed (seller, day, group); every addition also goes to the seller's "*" row."""

    def __init__(self, sellers: dict[int, Seller], windows):
        self.sellers, self.windows = sellers, windows
        self.rows: dict[tuple, dict] = {}

    def add(self, seller_id, day, groups, *, hours=None, active=False, **measures):
        if not _inside(day, self.windows):
            return
        for group in {*groups, d.ALL}:
            row = self.rows.setdefault(
                (seller_id, day, group), {"measures": Counter(), "hours": Counter(), "active": False}
            )
            row["measures"].update(measures)
            row["active"] = row["active"] or active
            if hours is not None:
                row["hours"][str(hours)] += 1

    def models(self):
        for (seller_id, day, group), row in self.rows.items():
            seller = self.sellers[seller_id]
            yield SellerDay(
                partner_id=seller_id,
                day=day,
                ocop_group=group,
                province_id=seller.province_id,
                commune_id=seller.commune_id,
                producer_type=seller.producer_type,
                active=row["active"],
                delivery_hours=dict(row["hours"]),
                **row["measures"],
            )


def sellers_of(province_code: str) -> dict[int, Seller]:
    rows = Partner.objects.filter(commune__province_id=province_code).values_list(
        "pk", "commune_id", "producer_type", "created_at"
    )
    sellers = {
        pk: Seller(pk, province_code, commune, ptype, local_day(created) if created else d.EPOCH)
        for pk, commune, ptype, created in rows
    }
    groups = d.product_groups(Product.objects.filter(producer_id__in=list(sellers)).values("pk"))
    for pk, producer in Product.objects.filter(producer_id__in=list(sellers)).values_list("pk", "producer_id"):
        sellers[producer].groups.add(d.group_of(groups, pk))
    return sellers


def order_methods(order_ids) -> dict[int, str]:
    """{order id: payment method} for orders that are paid (latest paid attempt) or cash on delivery."""
    PaymentAttempt = get_model("payment", "PaymentAttempt")
    methods = {
        oid: d.COD
        for oid in Source.objects.filter(order_id__in=order_ids, source_type__code=d.COD).values_list(
            "order_id", flat=True
        )
    }
    paid = PaymentAttempt.objects.filter(order_id__in=order_ids, status__in=d.PAID).order_by("order_id", "pk")
    methods.update(paid.values_list("order_id", "method"))  # the latest attempt of an order comes last
    return methods


def _orders(sink: FactSink, seller_ids, windows):
    FulfilmentGroup = get_model("order", "FulfilmentGroup")
    parts = FulfilmentGroup.objects.filter(partner_id__in=seller_ids, status__in=d.COUNTED).filter(
        moments_in("order__date_placed", windows)
    )
    order_ids = parts.values("order_id")
    methods = order_methods(order_ids)
    lines = defaultdict(list)
    product_ids = set()
    for order_id, partner_id, product_id, quantity, price in Line.objects.filter(
        order_id__in=order_ids, partner_id__in=seller_ids
    ).values_list("order_id", "partner_id", "product_id", "quantity", "line_price_incl_tax"):
        lines[(order_id, partner_id)].append((product_id, quantity, int(price)))
        product_ids.add(product_id)
    weights = dict(Product.objects.filter(pk__in=product_ids - {None}).values_list("pk", "shipping_weight_grams"))
    groups = d.product_groups(product_ids - {None})
    for order_id, partner_id, status, placed in parts.values_list(
        "order_id", "partner_id", "status", "order__date_placed"
    ):
        method = methods.get(order_id)
        if method is None:
            continue  # never paid: not an order
        day, outcome = local_day(placed), d.outcome(status)
        mine = lines[(order_id, partner_id)]
        for product_id, quantity, value in mine:
            group = [d.group_of(groups, product_id)]
            if outcome == "standing":
                weight = quantity * (weights.get(product_id) or 0)
                sink.add(
                    partner_id,
                    day,
                    group,
                    items=quantity,
                    weight_grams=weight,
                    gross_value=value,
                    **({f"value_{method}": value} if method in d.METHODS else {}),
                )
            else:
                refund = {"refund_value": value} if method != d.COD else {}
                sink.add(partner_id, day, group, **{f"value_{outcome}": value}, **refund)
        counted = {"standing": "orders", "cancelled": "orders_cancelled", "returned": "orders_returned"}[outcome]
        by_method = {f"orders_{method}": 1} if outcome == "standing" and method in d.METHODS else {}
        sink.add(partner_id, day, {d.group_of(groups, p) for p, _, _ in mine}, active=True, **{counted: 1}, **by_method)


def _shipments(sink: FactSink, seller_ids, windows):
    Shipment = get_model("logistics", "Shipment")
    finished = Shipment.objects.filter(group__partner_id__in=seller_ids).filter(
        (Q(status=d.SHIPMENT_DELIVERED) & moments_in("delivered_at", windows))
        | (Q(status=d.SHIPMENT_RETURNED) & moments_in("returned_at", windows))
    )
    rows = list(
        finished.values_list(
            "group__order_id", "group__partner_id", "status", "booked_at", "delivered_at", "returned_at"
        )
    )
    products = defaultdict(set)
    for order_id, partner_id, product_id in Line.objects.filter(
        order_id__in=finished.values("group__order_id"), partner_id__in=seller_ids
    ).values_list("order_id", "partner_id", "product_id"):
        products[(order_id, partner_id)].add(product_id)
    groups = d.product_groups({p for ps in products.values() for p in ps} - {None})
    for order_id, partner_id, status, booked, delivered, returned in rows:
        in_groups = {d.group_of(groups, p) for p in products[(order_id, partner_id)]}
        if status == d.SHIPMENT_DELIVERED:
            sink.add(
                partner_id, local_day(delivered), in_groups, delivered=1, hours=d.delivery_hours(booked, delivered)
            )
        else:
            sink.add(partner_id, local_day(returned), in_groups, shipments_returned=1)


def _activity(sink: FactSink, seller_ids, windows):
    """Listing or updating a product (or its price and stock) makes its seller active that day."""
    products = Product.objects.filter(producer_id__in=seller_ids).filter(
        moments_in("date_created", windows) | moments_in("date_updated", windows)
    )
    records = StockRecord.objects.filter(partner_id__in=seller_ids).filter(moments_in("date_updated", windows))
    rows = list(products.values_list("producer_id", "pk", "date_created", "date_updated"))
    touched = list(records.values_list("partner_id", "product_id", "date_updated"))
    groups = d.product_groups({r[1] for r in rows} | {r[1] for r in touched})
    for producer_id, pk, created, updated in rows:
        for moment in (created, updated):
            sink.add(producer_id, local_day(moment), [d.group_of(groups, pk)], active=True)
    for partner_id, product_id, updated in touched:
        sink.add(partner_id, local_day(updated), [d.group_of(groups, product_id)], active=True)


def _step(sink, seller_id, group, interval, measure):
    """+1 on the first day of an interval, -1 on the day after its last."""
    first, last = interval
    sink.add(seller_id, first, [group], **{measure: 1})
    if last < FAR_FUTURE:
        sink.add(seller_id, last + ONE_DAY, [group], **{measure: -1})


def _stock(sink: FactSink, sellers: dict[int, Seller]):
    HelperAssignment = get_model("sellers", "HelperAssignment")
    for seller in sellers.values():
        sink.add(seller.id, seller.created_on, seller.groups, d_sellers=1)
    helped = HelperAssignment.objects.filter(partner_id__in=list(sellers), partner__producer_type="household")
    for partner_id, first in (
        helped.values("partner_id").annotate(first=Min("created_at")).values_list("partner_id", "first")
    ):
        sink.add(partner_id, local_day(first), sellers[partner_id].groups, d_helper_households=1)

    products = list(
        Product.objects.filter(producer_id__in=list(sellers)).values_list(
            "pk", "producer_id", "is_public", "date_created"
        )
    )
    groups = d.product_groups(p[0] for p in products)
    certs = defaultdict(list)
    for cert in OcopCertificate.objects.filter(product__producer_id__in=list(sellers)).only(
        "product_id", "stars", "status", "verification", "decision_date", "valid_until", "revoked_at", "verified_at"
    ):
        certs[cert.product_id].append(cert)
    for pk, producer_id, is_public, created in products:
        group, listed_on = d.group_of(groups, pk), local_day(created)
        if is_public:
            sink.add(producer_id, listed_on, [group], d_products=1)
        online, certified = [], []
        for cert in certs[pk]:
            revoked_on = local_day(cert.revoked_at) if cert.revoked_at else None
            verified_on = local_day(cert.verified_at) if cert.verified_at else None
            if is_public:
                online.append(
                    d.star_interval(cert, listed_on=listed_on, verified_on=verified_on, revoked_on=revoked_on)
                )
            certified.append(d.certified_interval(cert, listed_on=listed_on, revoked_on=revoked_on))
            expiring = d.expiring_interval(cert, listed_on=listed_on, revoked_on=revoked_on)
            if expiring:
                _step(sink, producer_id, group, expiring, "d_certs_expiring")
        for interval in d.merge(online):
            _step(sink, producer_id, group, interval, "d_ocop_online")
        for interval in d.merge(certified):
            _step(sink, producer_id, group, interval, "d_ocop_certified")


def compute(sellers: dict[int, Seller], windows) -> FactSink:
    """Every fact of these sellers on the windows' days, from the raw tables."""
    sink = FactSink(sellers, windows)
    ids = list(sellers)
    if ids:
        _orders(sink, ids, windows)
        _shipments(sink, ids, windows)
        _activity(sink, ids, windows)
        _stock(sink, sellers)
    return sink
