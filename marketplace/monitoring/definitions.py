"""What each indicator counts, as constants and plain functions shared by the roll-up builder
(`rollups.py`) and the direct computation over the raw tables (`direct.py`).

The words are the data dictionary's (`dictionary.py`); in short:

- a **seller order** is one producer's part of a buyer's order (a `FulfilmentGroup`), counted in
  the producer's commune on the local day the order was placed. It counts once the order is paid
  (an attempt that succeeded, even if refunded later) or is cash on delivery, and its outcome is
  its status today: *standing* (to confirm … delivered), *cancelled* (cancelled, refunded) or
  *returned* (the parcel came back to the seller);
- an order's **payment method** is that of its latest paid attempt, else cash on delivery;
- **days** are calendar days in Asia/Ho_Chi_Minh; a stock figure ("products listed") is the
  state at the end of the period's last day;
- the **OCOP group** of a product is the top of its first group (by tree position) under the
  current criteria scheme (QĐ 148/2023), or "-" when it is filed under none. Every fact also has
  a row for all groups together ("*"), so a seller order with goods of two groups is one order.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr
from oscar.core.loading import get_model

from catalog.models import CertificateStatus, CertificateVerification, OcopScheme
from marketplace.order.models import FulfilmentStatus
from payments.models import AttemptStatus, PaymentMethod

ALL = "*"
NO_GROUP = "-"
# Partners from before `created_at` was recorded count as sellers from this day.
EPOCH = datetime.date(2000, 1, 1)
EXPIRING_WINDOW_DAYS = 90

STANDING = (
    FulfilmentStatus.TO_CONFIRM,
    FulfilmentStatus.CONFIRMED,
    FulfilmentStatus.PACKED,
    FulfilmentStatus.SHIPPED,
    FulfilmentStatus.DELIVERED,
)
CANCELLED = (FulfilmentStatus.CANCELLED, FulfilmentStatus.REFUNDED)
RETURNED = (FulfilmentStatus.RETURNED,)
COUNTED = (*STANDING, *CANCELLED, *RETURNED)  # every status but "awaiting payment"
PAID = (AttemptStatus.SUCCEEDED, AttemptStatus.REFUNDED, AttemptStatus.PARTIALLY_REFUNDED)
METHODS = (PaymentMethod.VNPAY, PaymentMethod.MOMO, PaymentMethod.VIETQR, PaymentMethod.CARD, PaymentMethod.COD)
CASHLESS = tuple(m for m in METHODS if m != PaymentMethod.COD)
COD = PaymentMethod.COD.value

SHIPMENT_DELIVERED = "delivered"  # logistics.carriers.base.ShipmentStatus values
SHIPMENT_RETURNED = "returned"


def outcome(status: str) -> str | None:
    """'standing', 'cancelled', 'returned', or None for a seller order not counted (awaiting payment)."""
    if status in STANDING:
        return "standing"
    if status in CANCELLED:
        return "cancelled"
    if status in RETURNED:
        return "returned"
    return None


def delivery_hours(booked_at: datetime.datetime | None, delivered_at: datetime.datetime) -> int | None:
    """Whole hours from booking to delivery (rounded down); None without a booking time."""
    if booked_at is None:
        return None
    return max(int((delivered_at - booked_at).total_seconds() // 3600), 0)


def median(histogram: dict) -> float | None:
    """Median of values given as {value: count} (the mean of the two middle values for an even count)."""
    items = sorted((int(k), int(v)) for k, v in histogram.items() if int(v) > 0)
    total = sum(v for _, v in items)
    if not total:
        return None
    lower_rank, upper_rank = (total - 1) // 2, total // 2
    seen, lower = 0, None
    for value, count in items:
        if lower is None and seen + count > lower_rank:
            lower = value
        if seen + count > upper_rank:
            return (lower + value) / 2
        seen += count
    return None  # unreachable


def share(part, whole) -> float | None:
    return None if not whole else part / whole


def tonnes(grams: int) -> float:
    return round(grams / 1_000_000, 3)


# --- OCOP groups ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OcopGroup:
    code: str
    name: str


def group_code(category) -> str:
    return category.code or f"cat{category.pk}"


def ocop_groups() -> list[OcopGroup]:
    """The top groups of the current scheme, in tree order, then "no group"."""
    Category = get_model("catalogue", "Category")
    roots = Category.objects.filter(depth=1, scheme=OcopScheme.QD148_2023).order_by("path")
    return [OcopGroup(group_code(c), c.name) for c in roots] + [OcopGroup(NO_GROUP, "")]


def _roots() -> dict[str, str]:
    """{tree path of a top group of the current scheme: group code}."""
    Category = get_model("catalogue", "Category")
    return {c.path: group_code(c) for c in Category.objects.filter(depth=1, scheme=OcopScheme.QD148_2023)}


def product_groups(product_ids: Iterable[int] | None = None) -> dict[int, str]:
    """{product id: OCOP group code} for products filed under the current scheme (others are "-")."""
    Category = get_model("catalogue", "Category")
    ProductCategory = get_model("catalogue", "ProductCategory")
    roots = _roots()
    links = ProductCategory.objects.filter(category__scheme=OcopScheme.QD148_2023)
    if isinstance(product_ids, QuerySet):
        links = links.filter(product_id__in=product_ids)
    elif product_ids is not None:
        links = links.filter(product_id__in=list(product_ids))
    first: dict[int, str] = {}
    for product_id, path in links.values_list("product_id", "category__path"):
        if product_id not in first or path < first[product_id]:
            first[product_id] = path
    return {pid: roots.get(path[: Category.steplen], NO_GROUP) for pid, path in first.items()}


def group_of(groups: dict[int, str], product_id: int | None) -> str:
    return groups.get(product_id, NO_GROUP) if product_id is not None else NO_GROUP


def group_products(code: str):
    """The products of one OCOP group, as a queryset (the same rule as `product_groups`, in SQL)."""
    Category = get_model("catalogue", "Category")
    Product = get_model("catalogue", "Product")
    ProductCategory = get_model("catalogue", "ProductCategory")
    first_path = Subquery(
        ProductCategory.objects.filter(product=OuterRef("pk"), category__scheme=OcopScheme.QD148_2023)
        .order_by("category__path")
        .values("category__path")[:1]
    )
    products = Product.objects.annotate(ocop_root=Substr(first_path, 1, Category.steplen))
    roots = {c: path for path, c in _roots().items()}
    if code == NO_GROUP:
        return products.filter(Q(ocop_root__isnull=True) | ~Q(ocop_root__in=list(roots.values()))).values("pk")
    return products.filter(ocop_root=roots.get(code, "-none-")).values("pk")


def products_in_group_q(code: str, prefix: str = "product") -> Q:
    """A filter for rows with a product FK at `prefix` that keeps the rows of OCOP group `code`."""
    if code == ALL:
        return Q()
    in_group = Q(**{f"{prefix}__in": group_products(code)})
    return in_group | Q(**{f"{prefix}__isnull": True}) if code == NO_GROUP else in_group


# --- OCOP certificates as day intervals ------------------------------------------------------------
# A certificate counts on day D (at the end of D) between these bounds, inclusive. Revocation at any
# time of day R means it no longer counts on R.


def _end(cert, revoked_on: datetime.date | None) -> datetime.date:
    end = cert.valid_until
    if revoked_on is not None:
        end = min(end, revoked_on - datetime.timedelta(days=1))
    return end


def star_interval(cert, *, listed_on, verified_on, revoked_on):
    """Days the product shows this certificate's star: awarded, verified, listed, valid, unrevoked."""
    if cert.status != CertificateStatus.AWARDED or cert.verification != CertificateVerification.VERIFIED:
        return None
    start = max(cert.decision_date, listed_on, verified_on or cert.decision_date)
    end = _end(cert, revoked_on)
    return (start, end) if start <= end else None


def certified_interval(cert, *, listed_on, revoked_on):
    """Days the product counts as certified: awarded, not rejected by staff, on the platform, valid."""
    if cert.status != CertificateStatus.AWARDED or cert.verification == CertificateVerification.REJECTED:
        return None
    start = max(cert.decision_date, listed_on)
    end = _end(cert, revoked_on)
    return (start, end) if start <= end else None


def expiring_interval(cert, *, listed_on, revoked_on):
    """Days on which the certificate ends within the next 90 days (counted per certificate)."""
    window = certified_interval(cert, listed_on=listed_on, revoked_on=revoked_on)
    if window is None:
        return None
    start = max(window[0], cert.valid_until - datetime.timedelta(days=EXPIRING_WINDOW_DAYS))
    return (start, window[1]) if start <= window[1] else None


def merge(intervals) -> list[tuple[datetime.date, datetime.date]]:
    """Union of inclusive day intervals."""
    merged: list[list[datetime.date]] = []
    for start, end in sorted(i for i in intervals if i):
        if merged and start <= merged[-1][1] + datetime.timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]
