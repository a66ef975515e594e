"""Six months of demo trade for the monitoring dashboard (`load_demo_data` calls this last).

Orders DEMO-M-000001… for the demo producers of the featured provinces (Sơn La, Thanh Hóa,
Cà Mau, Đắk Lắk), growing month by month: cash on delivery, VNPay, MoMo and VietQR; most
delivered, some cancelled (refunded when paid online) or returned; parcels with carriers and
delivery times. Bulk inserts, deterministic, added only where missing, so a second run writes
nothing; then the roll-ups of those provinces are rebuilt. The demo producers and their products
are dated back before the first order, so the history reads like one.
"""

import datetime
import random
import zlib
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.monitoring import events, rollups

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")
Line = get_model("order", "Line")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

PROVINCES = ("14", "38", "96", "66")
DAYS = 183
ORDERS = 1800
PREFIX = "DEMO-M-"
BUYER_EMAIL = "buyer@demo.chocop.vn"
CARRIERS = ("ghn", "ghtk", "viettelpost", "vnpost")


def _stable(text: str) -> int:
    return zlib.crc32(text.encode())


def _date_back(today: datetime.date) -> None:
    """Sellers opened 7–13 months ago and listed within a month (only ever moved earlier)."""
    tz = timezone.get_default_timezone()
    first_order = today - datetime.timedelta(days=DAYS)
    for partner in Partner.objects.filter(commune__province_id__in=PROVINCES).only("pk", "code", "created_at"):
        opened = datetime.datetime.combine(
            first_order - datetime.timedelta(days=20 + _stable(partner.code) % 180), datetime.time(9), tzinfo=tz
        )
        if partner.created_at is None or partner.created_at > opened:
            Partner.objects.filter(pk=partner.pk).update(created_at=opened)
        listed = opened + datetime.timedelta(days=_stable(partner.code + "p") % 20)
        Product.objects.filter(producer=partner, date_created__gt=listed).update(
            date_created=listed, date_updated=listed
        )


def _shop():
    """{province: [(partner, [(product, price, grams)])]} of sellers with something to sell."""
    shops: dict = {}
    records = StockRecord.objects.filter(
        partner__commune__province_id__in=PROVINCES,
        product__is_public=True,
        product__product_class__requires_shipping=True,
    ).select_related("partner__commune", "product")
    for record in records.order_by("partner_id", "product_id"):
        province = record.partner.commune.province_id
        sellers = shops.setdefault(province, {})
        sellers.setdefault(record.partner, []).append(
            (record.product, record.price, record.product.shipping_weight_grams)
        )
    return {province: sorted(sellers.items(), key=lambda kv: kv[0].pk) for province, sellers in shops.items()}


def load_demo_orders(*, today: datetime.date | None = None) -> int:
    """Add the demo orders that are missing and rebuild the featured provinces' roll-ups; returns orders added."""
    today = today or timezone.localdate()
    shops = _shop()
    if not shops:
        return 0
    have = set(Order.objects.filter(number__startswith=PREFIX).values_list("number", flat=True))
    added = 0
    events.disconnect()  # one rebuild afterwards instead of a refresh per row
    try:
        with transaction.atomic():
            _date_back(today)
            if len(have) < ORDERS:
                added = _insert(today, shops, have)
    finally:
        events.connect()
    for province in shops:
        rollups.refresh_province(province)
    return added


def _insert(today, shops, have) -> int:
    rng = random.Random(20250701)
    tz = timezone.get_default_timezone()
    buyer = get_user_model().objects.filter(username=BUYER_EMAIL).first()
    cod_type = SourceType.objects.get_or_create(code="cod", defaults={"name": "Cash on delivery"})[0]
    paid_types = {
        m: SourceType.objects.get_or_create(code=m, defaults={"name": m})[0] for m in ("vnpay", "momo", "vietqr")
    }
    provinces = sorted(shops)
    plans = []
    for n in range(1, ORDERS + 1):
        # Trade grows: later days are likelier (the square root of a uniform draw leans to 1).
        age = int(DAYS * (1 - rng.random() ** 0.5))
        placed = datetime.datetime.combine(today - datetime.timedelta(days=age), datetime.time(7), tzinfo=tz)
        placed += datetime.timedelta(minutes=rng.randint(0, 15 * 60))
        province = rng.choices(provinces, weights=[3 if p == "14" else 2 for p in provinces])[0]
        sellers = rng.sample(shops[province], min(len(shops[province]), rng.choice([1, 1, 1, 2])))
        method = rng.choices(["cod", "vnpay", "momo", "vietqr"], weights=[45, 20, 20, 15])[0]
        plans.append((f"{PREFIX}{n:06d}", placed, age, sellers, method, rng.random()))
    plans = [p for p in plans if p[0] not in have]
    orders = [
        Order(number=number, user=buyer, currency="VND", total_incl_tax=0, total_excl_tax=0, shipping_method="Giao hàng",
              shipping_code="per-seller", status="placed", guest_email="", date_placed=placed)
        for number, placed, *_ in plans
    ]  # fmt: skip
    Order.objects.bulk_create(orders)
    numbers = dict(Order.objects.filter(number__in=[o.number for o in orders]).values_list("number", "pk"))
    lines, groups, attempts, sources, shipments, totals = [], [], [], [], [], {}
    FulfilmentGroup = get_model("order", "FulfilmentGroup")
    for number, _placed, age, sellers, method, luck in plans:
        order_id, total = numbers[number], Decimal(0)
        for partner, products in sellers:
            subtotal, grams = Decimal(0), 0
            for product, price, weight in rng.sample(products, min(len(products), rng.choice([1, 1, 2, 3]))):
                quantity = rng.choice([1, 1, 2, 3, 5])
                amount = price * quantity
                subtotal, grams = subtotal + amount, grams + weight * quantity
                lines.append(Line(order_id=order_id, partner=partner, partner_name=partner.name, partner_sku=product.upc or "",
                                  title=product.title, upc=product.upc, product=product, quantity=quantity, stockrecord=None,
                                  line_price_incl_tax=amount, line_price_excl_tax=amount, unit_price_incl_tax=price,
                                  unit_price_excl_tax=price, line_price_before_discounts_incl_tax=amount,
                                  line_price_before_discounts_excl_tax=amount, num_allocated=0, status=""))  # fmt: skip
            status = _status(age, luck)
            groups.append(FulfilmentGroup(order_id=order_id, partner=partner, subtotal=subtotal, weight_grams=grams,
                                          shipping_fee=30000, carrier=CARRIERS[partner.pk % 4], status=status))  # fmt: skip
            total += subtotal + 30000
        totals[order_id] = (total, method, luck, number)
    FulfilmentGroup.objects.bulk_create(groups)
    for group in FulfilmentGroup.objects.filter(order_id__in=list(totals)).select_related("order"):
        shipment = _shipment(group, rng)
        if shipment is not None:
            shipments.append(shipment)
    for order_id, (total, method, luck, number) in totals.items():
        if method == "cod":
            sources.append(Source(order_id=order_id, source_type=cod_type, currency="VND", amount_allocated=total))
        else:
            refunded = luck < 0.08  # the cancelled ones (see _status) got their money back
            attempts.append(_attempt(order_id, number, method, total, refunded))
            sources.append(Source(order_id=order_id, source_type=paid_types[method], currency="VND", amount_allocated=total,
                                  amount_debited=total, amount_refunded=total if refunded else 0))  # fmt: skip
    Line.objects.bulk_create(lines, batch_size=1000)
    Source.objects.bulk_create(sources, batch_size=1000)
    get_model("payment", "PaymentAttempt").objects.bulk_create(attempts, batch_size=1000)
    get_model("logistics", "Shipment").objects.bulk_create(shipments, batch_size=1000)
    for order_id, (total, *_rest) in totals.items():
        Order.objects.filter(pk=order_id).update(total_incl_tax=total, total_excl_tax=total)
    return len(orders)


def _status(age: int, luck: float) -> str:
    if luck < 0.08:
        return "cancelled"
    if age <= 2:
        return ("to_confirm", "confirmed", "packed")[int(luck * 100) % 3]
    if age <= 6:
        return "shipped" if luck < 0.7 else "delivered"
    return "returned" if luck > 0.95 else "delivered"


def _attempt(order_id, number, method, total, refunded):
    PaymentAttempt = get_model("payment", "PaymentAttempt")
    return PaymentAttempt(order_id=order_id, order_number=number, reference=f"PAY-{number}",
                          method=method, amount=total, amount_refunded=total if refunded else 0,
                          status="refunded" if refunded else "succeeded")  # fmt: skip


def _shipment(group, rng):
    Shipment = get_model("logistics", "Shipment")
    if group.status not in ("shipped", "delivered", "returned"):
        return None
    booked = group.order.date_placed + datetime.timedelta(hours=rng.randint(3, 30))
    done = booked + datetime.timedelta(hours=rng.randint(20, 110))
    status = {"shipped": "in_transit", "delivered": "delivered", "returned": "returned"}[group.status]
    return Shipment(group=group, carrier=group.carrier, reference=f"{PREFIX}{group.pk}", tracking_code=f"DM{group.pk:08d}",
                    status=status, booked_at=booked, picked_up_at=booked + datetime.timedelta(hours=6),
                    delivered_at=done if status == "delivered" else None,
                    returned_at=done + datetime.timedelta(days=2) if status == "returned" else None,
                    weight_grams=group.weight_grams, last_event_at=done)  # fmt: skip
