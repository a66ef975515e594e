"""Checkout services: one order for a basket of many sellers, its stock, its payment, its cancellation.

Stock is reserved with Oscar's allocation counters (`num_allocated`): available = in stock -
allocated. Reserving locks the stock records (`SELECT ... FOR UPDATE`, in primary-key order so two
checkouts never wait on each other crosswise) and then allocates with a conditional UPDATE that
refuses to go past what is in stock, so the count cannot oversell even where row locks do not exist
(SQLite). Every later change of an order (paid, failed, expired, cancelled) locks the order row
first, so releases are applied once.
"""

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from oscar.apps.checkout.calculators import OrderTotalCalculator
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.apps.order.utils import OrderCreator, OrderNumberGenerator
from oscar.core.loading import get_model

from marketplace.order.models import CANCELLABLE_STATUSES, FulfilmentGroup, FulfilmentStatus
from payments.checkout.shipping import (
    PerSellerCarrierShipping,
    PerSellerWeightShipping,
    basket_groups,
    line_weight_grams,
)
from payments.models import AttemptStatus, PaymentAttempt, PaymentMethod

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
Line = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

ONLINE_METHODS = (PaymentMethod.VNPAY, PaymentMethod.MOMO, PaymentMethod.VIETQR, PaymentMethod.CARD)
CHECKOUT_METHODS = (*ONLINE_METHODS, PaymentMethod.COD)


class OrderStatus:
    """Oscar's free-text Order.status, as the order as a whole stands."""

    AWAITING_PAYMENT = "awaiting_payment"
    PLACED = "placed"  # paid, or cash on delivery: the sellers confirm their parts
    PAYMENT_FAILED = "payment_failed"  # stock released; a late success may revive it
    PAYMENT_EXPIRED = "payment_expired"  # same
    CANCELLED = "cancelled"  # by buyer, seller or staff: never revived
    REFUND_DUE = "refund_due"  # money came in for an order we cannot fulfil, the refund did not go through


GIVEN_UP = (OrderStatus.PAYMENT_FAILED, OrderStatus.PAYMENT_EXPIRED)

# What the buyer reads for Oscar's free-text Order.status.
ORDER_STATUS_LABELS = {
    OrderStatus.AWAITING_PAYMENT: _lazy("Awaiting payment"),
    OrderStatus.PLACED: _lazy("Order placed"),
    OrderStatus.PAYMENT_FAILED: _lazy("Payment failed"),
    OrderStatus.PAYMENT_EXPIRED: _lazy("Payment time ran out"),
    OrderStatus.CANCELLED: _lazy("Cancelled"),
    OrderStatus.REFUND_DUE: _lazy("Refund in progress"),
}


def order_status_label(status: str) -> str:
    return str(ORDER_STATUS_LABELS.get(status, status))


class OutOfStock(UnableToPlaceOrder):
    """Not enough units left for a line of the basket; nothing was reserved."""


class CannotCancel(Exception):
    """The order (or part of it) has already left the seller."""


@dataclass(frozen=True)
class PaymentNext:
    """Where the buyer goes after placing the order."""

    method: str
    redirect_url: str
    reference: str = ""
    qr_payload: str = ""
    expires_at: datetime.datetime | None = None  # the order's stock is held until then


# --- stock -----------------------------------------------------------------------------------


def _tracked(line) -> bool:
    return line.stockrecord_id is not None and line.product.get_product_class().track_stock


def _reserve(wanted: dict[int, int], titles: dict[int, str]) -> None:
    """Allocate `wanted` ({stockrecord id: quantity}) or raise OutOfStock; call inside a transaction."""
    ids = sorted(wanted)
    list(StockRecord.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    for pk in ids:
        quantity = wanted[pk]
        allocated = Coalesce(F("num_allocated"), Value(0))
        taken = StockRecord.objects.filter(pk=pk, num_in_stock__gte=allocated + quantity).update(
            num_allocated=allocated + quantity
        )
        if not taken:
            left = StockRecord.objects.filter(pk=pk).values_list("num_in_stock", "num_allocated").first() or (0, 0)
            raise OutOfStock(
                _("Sorry, “%(title)s” is out of stock: %(left)s left, you asked for %(wanted)s.")
                % {"title": titles[pk], "left": max((left[0] or 0) - (left[1] or 0), 0), "wanted": quantity}
            )


def _wanted(lines) -> tuple[dict[int, int], dict[int, str]]:
    wanted: dict[int, int] = {}
    titles: dict[int, str] = {}
    for line in lines:
        if _tracked(line):
            wanted[line.stockrecord_id] = wanted.get(line.stockrecord_id, 0) + line.quantity
            titles[line.stockrecord_id] = line.product.get_title()
    return wanted, titles


def release_stock(order, *, partner_id: int | None = None) -> int:
    """Give the order's reserved units back (only one seller's lines when `partner_id` is given);
    a line already released is skipped. Returns units released."""
    released = 0
    lines = order.lines.all() if partner_id is None else order.lines.filter(partner_id=partner_id)
    for line in lines.select_related("product__product_class", "product__parent").order_by("stockrecord_id", "pk"):
        if line.allocation_cancelled or not line.num_allocated or not _tracked(line):
            continue
        quantity = line.num_allocated
        StockRecord.objects.filter(pk=line.stockrecord_id).update(
            num_allocated=Greatest(Coalesce(F("num_allocated"), Value(0)) - quantity, Value(0))
        )
        Line.objects.filter(pk=line.pk).update(num_allocated=0, allocation_cancelled=True)
        released += quantity
    return released


def rereserve_stock(order) -> bool:
    """Reserve the released lines of `order` again if stock allows (all or nothing)."""
    lines = [
        line
        for line in order.lines.select_related("product__product_class", "product__parent")
        if line.allocation_cancelled and _tracked(line)
    ]
    try:
        with transaction.atomic():
            _reserve(*_wanted(lines))
            Line.objects.filter(pk__in=[line.pk for line in lines]).update(
                num_allocated=F("quantity"), allocation_cancelled=False
            )
    except OutOfStock:
        return False
    return True


# --- placing the order -----------------------------------------------------------------------


class _ReservedStockOrderCreator(OrderCreator):
    """Oscar's creator, minus its allocation: `place_order` below already reserved with a stock check."""

    def update_stock_records(self, line):
        pass


def place_order(
    *,
    basket,
    user,
    shipping_address,
    payment_method: str,
    billing_address=None,
    order_number=None,
    guest_email: str = "",
    request=None,
    shipping_choices: dict | None = None,
) -> "Order":
    """Place ONE order for the basket (any number of sellers) and reserve its stock.

    Each seller's lines become a FulfilmentGroup with its subtotal and shipping fee: the carrier
    quote the buyer chose (`shipping_choices`, {partner_id: {"carrier", "service", "fee"}}) or,
    where carriers are not set up, the weight table.
    Online methods leave the groups awaiting payment; cash on delivery sends them straight to the
    sellers (to_confirm). Raises OutOfStock (nothing reserved, nothing written) when a line cannot
    be served. The basket must carry a strategy (Oscar's basket middleware sets one).
    """
    if payment_method not in CHECKOUT_METHODS:
        raise ValueError(f"unsupported payment method {payment_method!r}")
    if basket.is_empty:
        raise UnableToPlaceOrder(_("Your basket is empty."))
    shipping_method = PerSellerCarrierShipping(shipping_choices) if shipping_choices else PerSellerWeightShipping()
    chosen = shipping_method.choices if shipping_choices else {}
    shipping_charge = shipping_method.calculate(basket)
    total = OrderTotalCalculator(request).calculate(basket, shipping_charge)
    order_number = str(order_number or OrderNumberGenerator().order_number(basket))
    online = payment_method in ONLINE_METHODS
    extra = {"guest_email": guest_email} if guest_email else {}
    with transaction.atomic():
        _reserve(*_wanted(basket.all_lines()))
        if shipping_address is not None and shipping_address.pk is None:
            shipping_address.save()
        order = _ReservedStockOrderCreator().place_order(
            basket=basket,
            total=total,
            shipping_method=shipping_method,
            shipping_charge=shipping_charge,
            user=user if user is not None and user.is_authenticated else None,
            shipping_address=shipping_address,
            billing_address=billing_address,
            order_number=order_number,
            status=OrderStatus.AWAITING_PAYMENT if online else OrderStatus.PLACED,
            request=request,
            **extra,
        )
        status = FulfilmentStatus.AWAITING_PAYMENT if online else FulfilmentStatus.TO_CONFIRM
        FulfilmentGroup.objects.bulk_create(
            [
                FulfilmentGroup(
                    order=order,
                    partner_id=partner_id,
                    status=status,
                    subtotal=sum((line.line_price_incl_tax for line in lines), Decimal("0")),
                    weight_grams=sum(line_weight_grams(line) for line in lines),
                    shipping_fee=PerSellerCarrierShipping(chosen).fee_for(partner_id, lines),
                    carrier=chosen.get(partner_id, {}).get("carrier", ""),
                    carrier_service=chosen.get(partner_id, {}).get("service", ""),
                )
                for partner_id, lines in basket_groups(basket).items()
            ]
        )
        if not online:
            source_type, _created = SourceType.objects.get_or_create(
                code=PaymentMethod.COD, defaults={"name": str(PaymentMethod.COD.label)}
            )
            # Allocated, not debited: the carrier collects the cash on delivery.
            Source.objects.create(
                order=order, source_type=source_type, currency=order.currency, amount_allocated=order.total_incl_tax
            )
        basket.submit()
    logger.info(
        "order %s placed: %s groups, %s, %s",
        order.number,
        len(basket_groups(basket)),
        payment_method,
        order.total_incl_tax,
    )
    return order


def start_order_payment(
    *, order, method: str, base_url: str, client_ip: str = "127.0.0.1", locale: str = "vn"
) -> PaymentNext:
    """Open a payment attempt for the whole order at its provider; where the buyer goes next."""
    from payments import services as payment_services

    gateway = gateway_for(method)
    if method == PaymentMethod.VNPAY:
        return_url, notify_url = f"{base_url}{reverse('vnpay:return')}", ""
    elif method == PaymentMethod.MOMO:
        return_url, notify_url = f"{base_url}{reverse('momo:return')}", f"{base_url}{reverse('momo:ipn')}"
    elif method == PaymentMethod.CARD:
        # Stripe sends webhooks to the endpoint registered for the account, not per payment: notify_url is ours.
        return_url, notify_url = f"{base_url}{reverse('stripe:return')}", f"{base_url}{reverse('stripe:webhook')}"
    else:
        return_url = notify_url = ""
    attempt, start = payment_services.start_payment(
        order_number=str(order.number),
        amount=order.total_incl_tax,
        method=method,
        return_url=return_url,
        notify_url=notify_url,
        client_ip=client_ip,
        locale=locale,
        order=order,
        gateway=gateway,
        description=f"Thanh toan don hang {order.number}",
    )
    redirect = start.redirect_url
    if method == PaymentMethod.VIETQR:
        redirect = reverse("vietqr:qr-page", args=[attempt.reference])
    return PaymentNext(
        method=method,
        redirect_url=redirect,
        reference=attempt.reference,
        qr_payload=start.qr_payload,
        expires_at=attempt.expires_at,
    )


def gateway_for(method: str):
    """The provider adapter for an online method (one registry: payments.services.GATEWAYS)."""
    from payments import services as payment_services

    if method not in payment_services.GATEWAYS:
        raise ValueError(f"no gateway for {method!r}")
    return payment_services.get_gateway(method)


# --- order state changes (callers hold the order lock) ----------------------------------------


def lock_order(order_id: int):
    return Order.objects.select_for_update().get(pk=order_id)


def set_groups(order, status: str, *, only=None) -> int:
    groups = FulfilmentGroup.objects.filter(order=order)
    if only is not None:
        groups = groups.filter(status__in=only)
    return groups.update(status=status)


def set_order_status(order, status: str) -> None:
    order.status = status
    Order.objects.filter(pk=order.pk).update(status=status)


def mark_paid(order) -> None:
    """The order's money is in: every waiting part goes to its seller to confirm."""
    set_groups(order, FulfilmentStatus.TO_CONFIRM, only=[FulfilmentStatus.AWAITING_PAYMENT])
    set_order_status(order, OrderStatus.PLACED)


def give_up(order, status: str) -> None:
    """Payment failed or expired: release the stock and cancel the waiting parts."""
    release_stock(order)
    set_groups(order, FulfilmentStatus.CANCELLED, only=[FulfilmentStatus.AWAITING_PAYMENT])
    set_order_status(order, status)


def cancel_order(*, order, actor: str, reason: str) -> "Order":
    """Cancel an order before any part has shipped: stock back, parts cancelled, paid money refunded.

    Raises CannotCancel once a part has shipped. A refund the provider does not complete leaves the
    order `refund_due` for staff (bank transfers are always refunded by hand).
    """
    from payments import services as payment_services

    with transaction.atomic():
        # Attempts before the order: the same lock order as the payment callbacks take.
        attempts = list(PaymentAttempt.objects.select_for_update().filter(order_id=order.pk).order_by("pk"))
        locked = lock_order(order.pk)
        groups = list(FulfilmentGroup.objects.filter(order=locked))
        if any(g.status in (FulfilmentStatus.SHIPPED, FulfilmentStatus.DELIVERED) for g in groups):
            raise CannotCancel(_("Part of this order has already shipped; it can no longer be cancelled."))
        if locked.status == OrderStatus.CANCELLED:
            return locked
        release_stock(locked)
        set_groups(locked, FulfilmentStatus.CANCELLED, only=CANCELLABLE_STATUSES)
        set_order_status(locked, OrderStatus.CANCELLED)
        logger.info("order %s cancelled by %s: %s", locked.number, actor, reason)
    for attempt in attempts:
        attempt.refresh_from_db()
        if attempt.status not in (AttemptStatus.SUCCEEDED, AttemptStatus.PARTIALLY_REFUNDED):
            continue
        try:
            payment_services.refund_attempt(
                attempt=attempt,
                amount=attempt.amount - attempt.amount_refunded,
                reason=reason,
                actor=actor,
                gateway=gateway_for(attempt.method),
            )
        except (payment_services.RefundRefused, payment_services.RefundProviderUnavailable) as exc:
            logger.warning(
                "order %s: refund of %s not done (%s); staff must refund", locked.number, attempt.reference, exc
            )
            set_order_status(locked, OrderStatus.REFUND_DUE)
    locked.refresh_from_db()
    return locked


def settle_refund_due(order) -> bool:
    """After a refund on a `refund_due` order (caller holds its lock): once the money still held is
    no more than the parts that will still ship, the cancelled parts count as refunded and the order
    is placed again (or cancelled when nothing ships). Returns whether the order left refund_due."""
    from payments import services as payment_services

    if order.status != OrderStatus.REFUND_DUE:
        return False
    held = sum(
        (
            a.amount - a.amount_refunded
            for a in PaymentAttempt.objects.filter(order_id=order.pk)
            if a.status in (AttemptStatus.SUCCEEDED, AttemptStatus.PARTIALLY_REFUNDED) or payment_services.money_held(a)
        ),
        Decimal(0),
    )
    shipping = FulfilmentGroup.objects.filter(order=order).exclude(
        status__in=[FulfilmentStatus.CANCELLED, FulfilmentStatus.REFUNDED]
    )
    if held > sum((g.total for g in shipping), Decimal(0)):
        return False
    set_groups(order, FulfilmentStatus.REFUNDED, only=[FulfilmentStatus.CANCELLED])
    set_order_status(order, OrderStatus.PLACED if shipping.exists() else OrderStatus.CANCELLED)
    logger.info("order %s: refund due settled", order.number)
    return True


def cancel_part(*, order, partner_id: int, actor: str, reason: str) -> "FulfilmentGroup":
    """A seller (or staff) cancels one seller's part before it ships: its stock back, its parcel
    cancelled at the carrier if booked, and, when the order was paid online, that part's total
    refunded through the same provider (a partial refund). The other sellers' parts go on.

    Raises CannotCancel once the part has left the seller. When the provider does not complete
    the refund, the part stays cancelled and the order is marked `refund_due` for staff.
    """
    from payments import services as payment_services

    with transaction.atomic():
        attempts = list(PaymentAttempt.objects.select_for_update().filter(order_id=order.pk).order_by("pk"))
        locked = lock_order(order.pk)
        group = FulfilmentGroup.objects.select_for_update().get(order=locked, partner_id=partner_id)
        if group.status in (FulfilmentStatus.CANCELLED, FulfilmentStatus.REFUNDED):
            return group
        if group.status not in CANCELLABLE_STATUSES:
            raise CannotCancel(_("This part has already left the seller; it can no longer be cancelled."))
        shipment = getattr(group, "shipment", None)
        if shipment is not None and shipment.status not in ("", "created", "cancelled"):
            raise CannotCancel(_("This part has already left the seller; it can no longer be cancelled."))
        release_stock(locked, partner_id=partner_id)
        group.status = FulfilmentStatus.CANCELLED
        group.save(update_fields=["status", "updated_at"])
        others = FulfilmentGroup.objects.filter(order=locked).exclude(pk=group.pk)
        if not others.exclude(status__in=[FulfilmentStatus.CANCELLED, FulfilmentStatus.REFUNDED]).exists():
            set_order_status(locked, OrderStatus.CANCELLED)
        logger.info("order %s: part of seller %s cancelled by %s: %s", locked.number, partner_id, actor, reason)
    if shipment is not None and shipment.tracking_code and shipment.status == "created":
        from logistics import services as logistics
        from logistics.carriers.base import CarrierError

        try:
            logistics.cancel_shipment(shipment=shipment, actor=actor)
        except CarrierError as exc:  # the carrier will not pick up a cancelled part anyway; staff follow up
            logger.warning(
                "order %s: parcel %s not cancelled at the carrier: %s", locked.number, shipment.tracking_code, exc
            )
    paid = [a for a in attempts if a.status in (AttemptStatus.SUCCEEDED, AttemptStatus.PARTIALLY_REFUNDED)]
    if paid:
        attempt = paid[-1]
        attempt.refresh_from_db()
        try:
            payment_services.refund_attempt(
                attempt=attempt,
                amount=min(group.total, attempt.amount - attempt.amount_refunded),
                reason=reason,
                actor=actor,
                gateway=gateway_for(attempt.method),
            )
            FulfilmentGroup.objects.filter(pk=group.pk).update(status=FulfilmentStatus.REFUNDED)
        except (payment_services.RefundRefused, payment_services.RefundProviderUnavailable) as exc:
            logger.warning(
                "order %s: refund of part %s not done (%s); staff must refund", locked.number, partner_id, exc
            )
            set_order_status(locked, OrderStatus.REFUND_DUE)
    group.refresh_from_db()
    return group


# --- reads ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupView:
    seller: str
    partner_id: int
    status: str
    status_label: str
    subtotal: Decimal
    shipping_fee: Decimal
    total: Decimal
    lines: list


def order_groups(order) -> list[GroupView]:
    """The buyer's view of the order's per-seller parts."""
    lines_by_partner: dict[int, list] = {}
    for line in order.lines.order_by("pk"):
        lines_by_partner.setdefault(line.partner_id, []).append(line)
    return [
        GroupView(
            seller=group.partner.name,
            partner_id=group.partner_id,
            status=group.status,
            status_label=str(group.get_status_display()),
            subtotal=group.subtotal,
            shipping_fee=group.shipping_fee,
            total=group.total,
            lines=lines_by_partner.get(group.partner_id, []),
        )
        for group in FulfilmentGroup.objects.filter(order=order).select_related("partner")
    ]


def order_page_url(attempt) -> str:
    """Where the buyer follows an attempt's order after paying: their order page (or the guest's link)."""
    order = attempt.order if attempt is not None else None
    if order is None:
        return ""
    if order.user_id:
        return reverse("customer:order", args=[order.number])
    return reverse("customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()})


def order_payment(order) -> dict:
    """The latest payment attempt of the order (or cash on delivery) as a small dict."""
    attempt = PaymentAttempt.objects.filter(order_id=order.pk).order_by("-created_at", "-pk").first()
    if attempt is None:
        cod = order.sources.filter(source_type__code=PaymentMethod.COD).exists()
        return {
            "method": PaymentMethod.COD if cod else "",
            "status": "cod" if cod else "",
            "reference": "",
            "status_label": _("Pay the carrier on delivery") if cod else "",
        }
    return {
        "method": attempt.method,
        "status": attempt.status,
        "reference": attempt.reference,
        "status_label": str(attempt.get_status_display()),
        "expires_at": attempt.expires_at,
    }
