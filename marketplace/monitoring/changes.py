"""Which province × day rows of the roll-ups a change can touch.

- an order (or its lines, parts, payment, shipments): the day it was placed and the days its
  parcels were delivered or returned, in each of its sellers' provinces;
- a product, its price/stock or a certificate: the days it was listed and updated, the days its
  certificates start or stop counting (decision, verification, revocation, 90 days before the
  end, the day after the end), and its seller's first day and helper day (a new product group
  changes the groups a seller is counted in);
- a product's category links: all that, plus every day its past sales and parcels are counted on;
- a seller: its first day and helper day; a seller that moved commune or changed type: the old
  and the new province entirely.
"""

import datetime
from collections import defaultdict

from django.db.models import Min
from oscar.core.loading import get_model

from marketplace.monitoring.facts import local_day
from marketplace.monitoring.models import SellerDay

ONE_DAY = datetime.timedelta(days=1)
EVERY_DAY = None


class Affected:
    """{province code: set of days, or EVERY_DAY}."""

    def __init__(self):
        self.days: dict = defaultdict(set)

    def add(self, province, *days):
        if province and self.days[province] is not EVERY_DAY:
            self.days[province].update(day for day in days if day)

    def everything(self, province):
        if province:
            self.days[province] = EVERY_DAY


def _order_days(affected: Affected, order_ids=None, shipment_ids=None):
    FulfilmentGroup = get_model("order", "FulfilmentGroup")
    Shipment = get_model("logistics", "Shipment")
    if shipment_ids:
        order_ids = set(order_ids or ()) | set(
            Shipment.objects.filter(pk__in=shipment_ids).values_list("group__order_id", flat=True)
        )
    if not order_ids:
        return
    for placed, province in FulfilmentGroup.objects.filter(order_id__in=order_ids).values_list(
        "order__date_placed", "partner__commune__province_id"
    ):
        affected.add(province, local_day(placed))
    for delivered, returned, province in Shipment.objects.filter(group__order_id__in=order_ids).values_list(
        "delivered_at", "returned_at", "group__partner__commune__province_id"
    ):
        affected.add(province, *(local_day(m) for m in (delivered, returned) if m))


def _partner_days(affected: Affected, partner_ids):
    Partner = get_model("partner", "Partner")
    HelperAssignment = get_model("sellers", "HelperAssignment")
    first_help = dict(
        HelperAssignment.objects.filter(partner_id__in=partner_ids)
        .values("partner_id")
        .annotate(first=Min("created_at"))
        .values_list("partner_id", "first")
    )
    for pk, province, created in Partner.objects.filter(pk__in=partner_ids).values_list(
        "pk", "commune__province_id", "created_at"
    ):
        affected.add(
            province, local_day(created) if created else None, local_day(first_help[pk]) if pk in first_help else None
        )


def _product_days(affected: Affected, product_ids, *, history=False):
    Product = get_model("catalogue", "Product")
    StockRecord = get_model("partner", "StockRecord")
    OcopCertificate = get_model("catalogue", "OcopCertificate")
    Line = get_model("order", "Line")
    rows = list(
        Product.objects.filter(pk__in=product_ids).values_list(
            "pk", "producer_id", "producer__commune__province_id", "date_created", "date_updated"
        )
    )
    province_of = {pk: province for pk, _producer, province, _c, _u in rows}
    for _pk, _producer, province, created, updated in rows:
        affected.add(province, local_day(created), local_day(updated))
    for product_id, updated in StockRecord.objects.filter(product_id__in=product_ids).values_list(
        "product_id", "date_updated"
    ):
        affected.add(province_of.get(product_id), local_day(updated))
    for cert in OcopCertificate.objects.filter(product_id__in=product_ids):
        affected.add(
            province_of.get(cert.product_id),
            cert.decision_date,
            local_day(cert.verified_at) if cert.verified_at else None,
            local_day(cert.revoked_at) if cert.revoked_at else None,
            cert.valid_until - datetime.timedelta(days=90),
            cert.valid_until + ONE_DAY,
        )
    _partner_days(affected, {producer for _pk, producer, *_ in rows if producer})
    if history:
        _order_days(
            affected, order_ids=set(Line.objects.filter(product_id__in=product_ids).values_list("order_id", flat=True))
        )


def _moved_partners(affected: Affected, partner_ids):
    """Sellers whose facts sit under another commune or type than they have now: both provinces, all days."""
    Partner = get_model("partner", "Partner")
    now = {
        pk: (commune, ptype, province)
        for pk, commune, ptype, province in Partner.objects.filter(pk__in=partner_ids).values_list(
            "pk", "commune_id", "producer_type", "commune__province_id"
        )
    }
    stale = (
        SellerDay.objects.filter(partner_id__in=partner_ids)
        .values_list("partner_id", "commune_id", "producer_type", "province_id")
        .distinct()
    )
    for pk, commune, ptype, province in stale:
        if pk not in now or now[pk][:2] != (commune, ptype):
            affected.everything(province)
            affected.everything(now.get(pk, (None, None, None))[2])


def affected(*, orders=(), shipments=(), products=(), product_history=(), partners=(), provinces=()) -> dict:
    """{province code: set of days, or None for every day} that these changes can touch."""
    result = Affected()
    _order_days(result, order_ids=set(orders), shipment_ids=set(shipments))
    if products:
        _product_days(result, set(products))
    if product_history:
        _product_days(result, set(product_history), history=True)
    if partners:
        _partner_days(result, set(partners))
        _moved_partners(result, set(partners))
    for province in provinces:
        result.everything(province)
    return dict(result.days)


def is_empty(found: dict) -> bool:
    return not any(days is EVERY_DAY or days for days in found.values())
