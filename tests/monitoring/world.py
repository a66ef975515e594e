"""A generated marketplace history for the monitoring tests, from a seed.

Three provinces (Sơn La 14, Đắk Lắk 66, Thanh Hóa 38), two communes each, sellers of every
producer type (one from before `created_at` was recorded, one without a commune), products in
OCOP groups, in none, in two, or only under the 2019 scheme, certificates in every state
(verified, pending, rejected, proposed, revoked, expired, expiring), helpers (one revoked), and
orders over about sixteen months: one to three sellers each, paid by every method, unpaid,
failed then paid, refunded, cash on delivery; seller parts in every status; parcels delivered,
returned, lost on the way, booked or not; times close to local midnight. Dates are written
straight into the rows (bulk inserts and `update()`), as an import would.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.order.models import FulfilmentGroup, FulfilmentStatus
from tests.factories import ProductClassFactory

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
OcopCertificate = get_model("catalogue", "OcopCertificate")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Commune = get_model("regions", "Commune")
Order = get_model("order", "Order")
Line = get_model("order", "Line")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
PaymentAttempt = get_model("payment", "PaymentAttempt")
HelperAssignment = get_model("sellers", "HelperAssignment")

PROVINCES = ("14", "66", "38")
TYPES = ("household", "coop_group", "cooperative", "enterprise")
SHIPMENT_STATUSES = (
    "created",
    "in_transit",
    "delivered",
    "delivered",
    "delivered",
    "returned",
    "returning",
    "cancelled",
)


@dataclass
class World:
    today: datetime.date
    communes: dict  # {province: [commune codes]}
    partners: list
    products: list
    groups: dict  # {code: root Category}


def local(day: datetime.date, minutes: int) -> datetime.datetime:
    """A moment `minutes` after local midnight of `day` (may spill into the next day)."""
    tz = timezone.get_default_timezone()
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=tz) + datetime.timedelta(minutes=minutes)


def _moment(rng, day):
    # A third of the moments sit within 40 minutes of a local midnight, where a UTC day differs.
    minutes = rng.choice([rng.randint(0, 40), rng.randint(1400, 1439), rng.randint(0, 1439)])
    return local(day, minutes)


def _categories() -> dict:
    roots = {}
    for code, name, scheme, children in (
        ("ocop148-tp", "Thực phẩm", "qd148-2023", ["ocop148-tp-che", "ocop148-tp-gao"]),
        ("ocop148-du", "Đồ uống", "qd148-2023", ["ocop148-du-ruou"]),
        ("ocop148-tc", "Hàng thủ công mỹ nghệ", "qd148-2023", []),
        ("ocop1048-tp", "Thực phẩm (2019)", "qd1048-2019", ["ocop1048-tp-n5"]),
    ):
        root = Category.objects.filter(code=code).first() or Category.objects.add_root(
            instance=Category(code=code, name=name, scheme=scheme)
        )
        roots[code] = root
        for child in children:
            if not Category.objects.filter(code=child).exists():
                root.refresh_from_db()
                Category.objects.add_child(root, instance=Category(code=child, name=child, scheme=scheme))
    return roots


def build_world(seed: int, *, today: datetime.date, orders: int = 160) -> World:
    rng = random.Random(seed)
    roots = _categories()
    leaves = list(Category.objects.filter(code__startswith="ocop"))
    communes = {
        p: list(Commune.objects.filter(province_id=p).order_by("code").values_list("code", flat=True)[:2])
        for p in PROVINCES
    }
    product_class = ProductClassFactory()
    user = get_user_model().objects.create_user(username=f"helper-{seed}", password="x")

    partners = []
    for i in range(13):
        province = PROVINCES[i % 3]
        partner = Partner.objects.create(
            name=f"Seller {seed}-{i}",
            code=f"s{seed}-{i}",
            producer_type=TYPES[rng.randrange(4)],
            commune_id=None if i == 12 else rng.choice(communes[province]),
        )
        created = None if i == 5 else _moment(rng, today - datetime.timedelta(days=rng.randint(20, 520)))
        Partner.objects.filter(pk=partner.pk).update(created_at=created)
        partner.created_at = created
        partners.append(partner)
        if partner.producer_type == "household" and rng.random() < 0.7:
            assignment = HelperAssignment.objects.create(
                helper=user,
                partner=partner,
                consent_method="otp",
                consent_at=timezone.now(),
                consent_recorded_by=user,
                revoked_at=timezone.now() if rng.random() < 0.3 else None,
            )
            HelperAssignment.objects.filter(pk=assignment.pk).update(
                created_at=_moment(rng, today - datetime.timedelta(days=rng.randint(0, 400)))
            )

    products = _products(rng, partners, product_class, leaves, today)
    _certificates(rng, products, today)
    _orders(rng, partners, products, today, orders)
    return World(today, communes, partners, products, roots)


def _products(rng, partners, product_class, leaves, today):
    products = []
    for partner in partners:
        for _ in range(rng.randint(0, 5)):
            n = len(products)
            product = Product.objects.create(
                title=f"Product {partner.code}-{n}",
                upc=f"U{partner.code}-{n}",
                product_class=product_class,
                producer=partner,
                is_public=rng.random() < 0.8,
                shipping_weight_grams=rng.choice([250, 500, 1000, 1500, 0]),
            )
            start = partner.created_at.date() if partner.created_at else today - datetime.timedelta(days=600)
            created = _moment(rng, start + datetime.timedelta(days=rng.randint(0, 200)))
            updated = created + datetime.timedelta(days=rng.randint(0, 300), minutes=rng.randint(0, 600))
            Product.objects.filter(pk=product.pk).update(date_created=created, date_updated=updated)
            kind = rng.random()
            if kind < 0.6:
                ProductCategory.objects.create(
                    product=product, category=rng.choice([c for c in leaves if c.scheme == "qd148-2023"])
                )
            elif kind < 0.7:  # two groups: the first in tree order decides
                for category in rng.sample([c for c in leaves if c.scheme == "qd148-2023"], 2):
                    ProductCategory.objects.create(product=product, category=category)
            elif kind < 0.8:
                ProductCategory.objects.create(
                    product=product, category=rng.choice([c for c in leaves if c.scheme != "qd148-2023"])
                )
            record = StockRecord.objects.create(
                product=product,
                partner=partner,
                partner_sku=f"SKU-{product.upc}",
                price=Decimal(rng.choice([50000, 120000, 99000])),
                num_in_stock=10,
            )
            StockRecord.objects.filter(pk=record.pk).update(
                date_updated=_moment(rng, today - datetime.timedelta(days=rng.randint(0, 420)))
            )
            products.append(product)
    return products


def _certificates(rng, products, today):
    for product in products:
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            decision = today - datetime.timedelta(days=rng.randint(-5, 1200))
            decision = min(decision, today)
            cert = OcopCertificate.objects.create(
                product=product,
                stars=rng.choice([3, 4, 5]),
                status=rng.choice(["awarded"] * 4 + ["proposed"]),
                decision_number=f"{rng.randint(1, 99999)}/QĐ",
                decision_date=decision,
                verification=rng.choice(["verified"] * 4 + ["pending", "rejected"]),
            )
            changes = {}
            if rng.random() < 0.4:
                changes["verified_at"] = _moment(rng, decision + datetime.timedelta(days=rng.randint(0, 60)))
            if rng.random() < 0.15:
                changes["revoked_at"] = _moment(rng, decision + datetime.timedelta(days=rng.randint(1, 900)))
            if changes:
                OcopCertificate.objects.filter(pk=cert.pk).update(**changes)


def _payment(rng, order, total):
    """Attach a payment story; returns the order status that goes with it."""
    kind = rng.choice(
        ["cod", "cod", "vnpay", "momo", "vietqr", "card", "unpaid", "failed-then-paid", "refunded", "cod+paid"]
    )
    cod_type, _ = SourceType.objects.get_or_create(code="cod", defaults={"name": "COD"})
    if kind in ("cod", "cod+paid"):
        Source.objects.create(order=order, source_type=cod_type, currency="VND", amount_allocated=total)
    statuses = {
        "vnpay": ["succeeded"],
        "momo": ["succeeded"],
        "vietqr": ["partially_refunded"],
        "card": ["succeeded"],
        "unpaid": [rng.choice(["pending", "failed", "expired", "needs_review"])],
        "failed-then-paid": ["failed", "succeeded"],
        "refunded": ["succeeded", "refunded"],
        "cod+paid": ["succeeded"],
        "cod": [],
    }[kind]
    for n, status in enumerate(statuses):
        method = kind if kind in ("vnpay", "momo", "vietqr", "card") else rng.choice(["vnpay", "momo", "vietqr"])
        PaymentAttempt.objects.create(
            order=order,
            order_number=order.number,
            reference=f"{order.number}-{n}",
            method=method,
            amount=total,
            status=status,
            amount_refunded=total if status == "refunded" else 0,
        )
    return "awaiting_payment" if kind == "unpaid" else rng.choice(["placed", "placed", "cancelled", "refund_due"])


def _orders(rng, partners, products, today, count):
    Shipment = get_model("logistics", "Shipment")
    by_partner = {}
    for product in products:
        by_partner.setdefault(product.producer_id, []).append(product)
    sellers = [p for p in partners if p.pk in by_partner]
    for n in range(count):
        placed = _moment(rng, today - datetime.timedelta(days=rng.randint(0, 480)))
        order = Order.objects.create(
            number=f"T{rng.random():.12f}"[2:] + str(n),
            currency="VND",
            total_incl_tax=0,
            total_excl_tax=0,
            shipping_method="test",
            status="placed",
            guest_email="",
            date_placed=placed,
        )
        total = Decimal(0)
        for seller in rng.sample(sellers, rng.choice([1, 1, 1, 2, 3])):
            subtotal = Decimal(0)
            for product in rng.sample(by_partner[seller.pk], min(len(by_partner[seller.pk]), rng.randint(1, 3))):
                quantity = rng.randint(1, 4)
                price = Decimal(rng.choice([45000, 120000, 250000])) * quantity
                deleted = rng.random() < 0.05  # the product was deleted since (Oscar keeps the line)
                Line.objects.create(
                    order=order,
                    partner=seller,
                    partner_name=seller.name,
                    partner_sku="x",
                    title=product.title,
                    upc=product.upc,
                    product=None if deleted else product,
                    quantity=quantity,
                    line_price_incl_tax=price,
                    line_price_excl_tax=price,
                    line_price_before_discounts_incl_tax=price,
                    line_price_before_discounts_excl_tax=price,
                    num_allocated=0,
                )
                subtotal += price
            status = rng.choice(FulfilmentStatus.values)
            group = FulfilmentGroup.objects.create(order=order, partner=seller, subtotal=subtotal, status=status)
            total += subtotal
            if rng.random() < 0.7:
                ship_status = rng.choice(SHIPMENT_STATUSES)
                booked = None if rng.random() < 0.1 else placed + datetime.timedelta(hours=rng.randint(1, 48))
                start = booked or placed
                done = start + datetime.timedelta(hours=rng.randint(5, 200), minutes=rng.randint(0, 59))
                Shipment.objects.create(
                    group=group,
                    carrier="ghn",
                    reference=f"R{group.pk}",
                    status=ship_status,
                    booked_at=booked,
                    delivered_at=done if ship_status == "delivered" else None,
                    returned_at=done if ship_status == "returned" else None,
                )
        status = _payment(rng, order, total)
        Order.objects.filter(pk=order.pk).update(total_incl_tax=total, total_excl_tax=total, status=status)
