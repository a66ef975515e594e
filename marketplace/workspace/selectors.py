"""Reads of the seller workspace.

Orders are shared between sellers (one basket, one payment), so an order is never handed to a
seller's page or API as an Oscar `Order`: selectors return plain read shapes holding only the
seller's own lines and the sum of those lines. Nothing downstream can reach `order.lines` or
`order.total_incl_tax` by accident.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.sellers.roles import acts_as_helper, managed_partners

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")
FulfilmentGroup = get_model("order", "FulfilmentGroup")
PaymentAttempt = get_model("payment", "PaymentAttempt")

PAID_ATTEMPT = ("succeeded", "partially_refunded")
PAYMENT_LABELS = {"paid": _("Paid"), "cod": _("Cash on delivery"), "unpaid": _("Awaiting payment")}
Line = get_model("order", "Line")


# --- shops ------------------------------------------------------------------------------------


def shops_of(user) -> QuerySet:
    """The shops (partners) a user works in, as seller or as an active helper."""
    return managed_partners(user).select_related("commune__province").order_by("name", "pk")


def shop_role(user, partner) -> str:
    return "helper" if acts_as_helper(user, partner) else "seller"


# --- products ---------------------------------------------------------------------------------


def partner_products(partner) -> QuerySet:
    """All of a producer's products, hidden ones included, newest first, with the producer's
    stock record (as `seller_stock`, a one-item list) and photos prefetched."""
    return (
        Product.objects.filter(producer=partner)
        .select_related("producer", "origin_commune")
        .prefetch_related(
            Prefetch("stockrecords", queryset=StockRecord.objects.filter(partner=partner), to_attr="seller_stock"),
            Prefetch("images", queryset=ProductImage.objects.order_by("display_order", "id")),
            "categories",
        )
        .order_by("-date_created", "-id")
    )


def products_of_user(user) -> QuerySet:
    """Products of every shop the user manages (what the API's product endpoints may touch)."""
    return Product.objects.filter(producer__in=managed_partners(user).values("pk")).select_related("producer")


def seller_stockrecord(product):
    """The producer's stock record from `partner_products`' prefetch (None when missing)."""
    records = getattr(product, "seller_stock", None)
    if records is None:
        records = list(StockRecord.objects.filter(product=product, partner_id=product.producer_id)[:1])
    return records[0] if records else None


# --- orders -----------------------------------------------------------------------------------


def _part_label(value: str | None) -> str:
    from marketplace.order.models import FulfilmentStatus

    return str(FulfilmentStatus(value).label) if value in FulfilmentStatus.values else (value or "–")


def _payment_state(has_attempt: bool, paid: bool) -> str:
    # No payment attempt at all means the buyer chose cash on delivery.
    return "paid" if paid else ("unpaid" if has_attempt else "cod")


@dataclass(frozen=True)
class SellerOrderSummary:
    id: int
    number: str
    date_placed: datetime.datetime
    status: str  # the seller's own part (its fulfilment group), as words
    payment: str  # "paid", "cod" or "unpaid"
    item_count: int
    subtotal: Decimal
    currency: str


def _payment_label(self) -> str:
    return str(PAYMENT_LABELS[self.payment])


SellerOrderSummary.payment_label = property(_payment_label)


@dataclass(frozen=True)
class SellerLine:
    id: int
    shop_id: int
    product_id: int | None
    title: str
    partner_sku: str
    quantity: int
    unit_price: Decimal
    line_price: Decimal
    status: str


@dataclass(frozen=True)
class ShipTo:
    name: str
    phone: str
    address: str
    notes: str


@dataclass(frozen=True)
class SellerOrder:
    id: int
    number: str
    date_placed: datetime.datetime
    status: str  # the seller's own part (its fulfilment group), as words
    payment: str  # "paid", "cod" or "unpaid"
    currency: str
    lines: list[SellerLine]
    subtotal: Decimal
    ship_to: ShipTo | None

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    payment_label = property(_payment_label)


def _partner_ids(partners) -> list[int]:
    if isinstance(partners, QuerySet):
        return list(partners.values_list("pk", flat=True))
    return [p.pk for p in partners]


def order_summaries(partners) -> QuerySet:
    """One row per order containing lines of `partners`, with only those lines counted:
    `subtotal` is the sum of the partners' lines (incl. tax), never the order total."""
    ids = _partner_ids(partners)
    own = Q(lines__partner_id__in=ids)
    part = (
        FulfilmentGroup.objects.filter(order=OuterRef("pk"), partner_id__in=ids)
        .order_by("partner_id")
        .values("status")[:1]
    )
    attempts = PaymentAttempt.objects.filter(order=OuterRef("pk"))
    return (
        Order.objects.filter(own)
        .annotate(
            part_status=Subquery(part),
            has_attempt=Exists(attempts),
            paid=Exists(attempts.filter(status__in=PAID_ATTEMPT)),
        )
        .values("id", "number", "date_placed", "part_status", "has_attempt", "paid", "currency")
        .annotate(item_count=Sum("lines__quantity", filter=own), subtotal=Sum("lines__line_price_incl_tax", filter=own))
        .order_by("-date_placed", "-id")
    )


def as_summary(row: dict) -> SellerOrderSummary:
    return SellerOrderSummary(
        id=row["id"],
        number=row["number"],
        date_placed=row["date_placed"],
        status=_part_label(row["part_status"]),
        payment=_payment_state(row["has_attempt"], row["paid"]),
        item_count=row["item_count"] or 0,
        subtotal=row["subtotal"] or Decimal("0"),
        currency=row["currency"],
    )


def seller_order(partners, *, number: str | None = None, pk: int | None = None) -> SellerOrder:
    """The order, reduced to the lines of `partners`; Order.DoesNotExist when it holds none."""
    ids = _partner_ids(partners)
    lookup = {"number": number} if number is not None else {"pk": pk}
    order = Order.objects.select_related("shipping_address").filter(lines__partner_id__in=ids).distinct().get(**lookup)
    lines = [
        SellerLine(
            id=line.pk,
            shop_id=line.partner_id,
            product_id=line.product_id,
            title=line.title,
            partner_sku=line.partner_sku,
            quantity=line.quantity,
            unit_price=line.unit_price_incl_tax or Decimal("0"),
            line_price=line.line_price_incl_tax,
            status=line.status,
        )
        for line in Line.objects.filter(order=order, partner_id__in=ids).order_by("pk")
    ]
    return SellerOrder(
        id=order.pk,
        number=order.number,
        date_placed=order.date_placed,
        status=_part_label(
            FulfilmentGroup.objects.filter(order=order, partner_id__in=ids)
            .order_by("partner_id")
            .values_list("status", flat=True)
            .first()
        ),
        payment=_payment_state(
            PaymentAttempt.objects.filter(order=order).exists(),
            PaymentAttempt.objects.filter(order=order, status__in=PAID_ATTEMPT).exists(),
        ),
        currency=order.currency,
        lines=lines,
        subtotal=sum((line.line_price for line in lines), Decimal("0")),
        ship_to=_ship_to(order.shipping_address),
    )


def shop_for_order(user, number: str):
    """The first shop of `user` that has lines in order `number` (None when there is none)."""
    return shops_of(user).filter(order_lines__order__number=number).first()


def _ship_to(address) -> ShipTo | None:
    # The seller ships its own lines, so it needs the delivery address; nothing else of the buyer.
    if address is None:
        return None
    parts = [address.line1, address.line2, address.line3, address.line4, address.state, address.postcode]
    return ShipTo(
        name=address.name,
        phone=str(address.phone_number or ""),
        address=", ".join(p for p in parts if p),
        notes=address.notes or "",
    )
