"""Logistics services: fees at checkout, booking a seller's parcel, applying the carrier's news.

- `quotes_for_basket` asks each seller's carriers for a fee (cached briefly, through the circuit
  breaker); a carrier that is down or does not serve the commune is skipped with a message.
- `confirm_group` is the seller's "I have it, ship it": the part is confirmed and its shipment is
  booked at the chosen carrier by a Celery task after commit (`book_shipment`, retried with backoff).
- `apply_updates` is the one place carrier news changes a shipment: each event once (unique key),
  only forward along the status machine (late events go into the timeline, they move nothing),
  the seller's part follows, stock is consumed at pick-up and restocked on return if the seller
  says so, and the cash a carrier collected on delivery is recorded on the order.
"""

import datetime
import hashlib
import logging
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from logistics import addresses, breaker
from logistics import status as machine
from logistics.carriers.base import (
    CarrierError,
    CarrierUnavailable,
    Parcel,
    ParcelItem,
    Quote,
    QuoteRequest,
    ShipmentRequest,
    ShipmentStatus,
    TrackingUpdate,
)
from logistics.carriers.registry import CARRIERS, default_carriers, get_carrier
from logistics.models import SellerCarrier, Shipment, ShipmentEvent
from marketplace.order.models import FulfilmentGroup, FulfilmentStatus

logger = logging.getLogger(__name__)

StockRecord = get_model("partner", "StockRecord")
Line = get_model("order", "Line")

FRESH_WORDS = ("tươi", "rau", "trái cây", "hoa quả", "nấm tươi", "thịt", "cá tươi", "fresh")


# --- which carriers, which parcel ------------------------------------------------------------


def carrier_for(code: str, partner=None):
    """A carrier adapter; self-delivery carries the seller's own flat fee when it set one."""
    if code == "self" and partner is not None:
        from logistics.carriers.local import SelfDelivery

        row = SellerCarrier.objects.filter(partner=partner, carrier="self").first()
        return SelfDelivery(flat_fee=row.flat_fee if row else None)
    return get_carrier(code)


def enabled_carrier_codes(partner) -> list[str]:
    rows = list(SellerCarrier.objects.filter(partner=partner).values_list("carrier", "enabled"))
    if not rows:
        return [c for c in default_carriers() if c in CARRIERS]
    return [code for code, enabled in rows if enabled and code in CARRIERS]


def is_fresh(product) -> bool:
    """Fresh produce (vegetables, fruit, fresh meat or fish): carriers with a tag for it get it."""
    if getattr(product, "is_fresh", False):
        return True
    names = " ".join(c.name.lower() for c in product.get_categories().all())
    return any(word in names for word in FRESH_WORDS)


def parcel_for(items) -> Parcel:
    """`items`: (product, quantity, unit price incl. tax) triples from a basket or an order."""
    parcel_items, grams, value, fresh = [], 0, Decimal("0"), False
    for product, quantity, unit_price in items:
        weight = (product.shipping_weight_grams or 0) or 500
        grams += weight * quantity
        value += (unit_price or Decimal("0")) * quantity
        fresh = fresh or is_fresh(product)
        parcel_items.append(
            ParcelItem(
                name=product.get_title()[:100],
                quantity=quantity,
                weight_grams=weight,
                price=unit_price or Decimal("0"),
                code=product.upc or str(product.pk),
            )
        )
    return Parcel(weight_grams=max(grams, 1), declared_value=value, fresh=fresh, items=tuple(parcel_items))


# --- fees at checkout ------------------------------------------------------------------------


@dataclass
class GroupQuotes:
    """One seller's part of the basket with the fees its carriers offer."""

    partner: object
    lines: list
    weight_grams: int
    subtotal: Decimal
    fresh: bool
    quotes: list[Quote] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why a carrier is missing, in plain words

    @property
    def cheapest(self) -> Quote | None:
        return min(self.quotes, key=lambda q: (q.fee, q.expected_days or 99), default=None)

    def find(self, carrier: str, service: str) -> Quote | None:
        return next((q for q in self.quotes if q.carrier == carrier and q.service == service), None)


def _quote_cache_key(carrier_code: str, request: QuoteRequest) -> str:
    p = request.parcel
    raw = "|".join(
        str(x)
        for x in (
            translation.get_language(),
            carrier_code,
            request.sender.commune_code,
            request.receiver.commune_code,
            p.weight_grams,
            p.declared_value,
            p.fresh,
            request.cod_amount,
        )
    )
    return "logistics:quote:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def quote_one(carrier, request: QuoteRequest) -> list[Quote]:
    """Fees from one carrier (cached for LOGISTICS_QUOTE_TTL seconds, through the breaker)."""
    key = _quote_cache_key(carrier.code, request)
    cached = cache.get(key)
    if cached is not None:
        return cached
    quotes = breaker.call(carrier, "quote", request)
    cache.set(key, quotes, getattr(settings, "LOGISTICS_QUOTE_TTL", 600))
    return quotes


def _named(carrier, quote: Quote) -> Quote:
    """Buyers choose between carriers: every offer starts with the carrier's name."""
    name = str(carrier.name)
    if quote.service_name.startswith(name) or carrier.code in ("self", "pickup"):
        return quote
    return replace(quote, service_name=f"{name} – {quote.service_name}")


def quote_group(partner, items, receiver_address, *, cod_amount=Decimal("0")) -> GroupQuotes:
    """Fees for one seller's parcel to `receiver_address` from every carrier the seller ships with."""
    items = list(items)
    parcel = parcel_for(items)
    group = GroupQuotes(
        partner=partner,
        lines=[],
        weight_grams=parcel.weight_grams,
        subtotal=sum((price * qty for _p, qty, price in items), Decimal("0")),
        fresh=parcel.fresh,
    )
    try:
        sender, sender_commune = addresses.seller_endpoint(partner)
        receiver, receiver_commune = addresses.buyer_endpoint(receiver_address)
    except CarrierError as exc:
        group.notes.append(str(exc))
        return group
    for code in enabled_carrier_codes(partner):
        carrier = carrier_for(code, partner)
        try:
            request = QuoteRequest(
                sender=addresses.with_area(sender, addresses.carrier_area(carrier, sender_commune)),
                receiver=addresses.with_area(receiver, addresses.carrier_area(carrier, receiver_commune)),
                parcel=parcel,
                cod_amount=cod_amount,
            )
            group.quotes.extend(_named(carrier, q) for q in quote_one(carrier, request))
        except CarrierUnavailable as exc:
            logger.warning("quote from %s skipped: %s", code, exc)
            group.notes.append(
                _("%(carrier)s did not answer in time and is not offered for now.") % {"carrier": carrier.name}
            )
        except CarrierError as exc:
            group.notes.append(str(exc))
    group.quotes.sort(key=lambda q: (q.fee, q.expected_days or 99))
    return group


def quotes_for_basket(basket, receiver_address) -> list[GroupQuotes]:
    """Per seller of the basket (in partner order), the fees its carriers offer to this address."""
    from payments.checkout.shipping import basket_groups

    result = []
    for lines in basket_groups(basket).values():
        partner = lines[0].stockrecord.partner
        items = [(line.product, line.quantity, line.unit_price_incl_tax) for line in lines]
        group = quote_group(partner, items, receiver_address)
        group.lines = lines
        result.append(group)
    return result


def carriers_set_up() -> bool:
    """Whether any carrier's areas were synced; until then checkout uses the weight table."""
    from logistics.models import CarrierAreaMapping

    return CarrierAreaMapping.objects.exists()


def choose(groups: list[GroupQuotes], wanted: dict) -> tuple[dict, list[str]]:
    """Each seller's chosen offer ({str(partner id): "carrier:service"}; the cheapest when none was
    asked for) as checkout-session choices, and the names of sellers no offer matched."""
    choices, missing = {}, []
    for group in groups:
        carrier, _sep, service = str(wanted.get(str(group.partner.pk), "")).partition(":")
        quote = group.find(carrier, service) if carrier else group.cheapest
        if quote is None:
            missing.append(group.partner.name)
            continue
        choices[str(group.partner.pk)] = {
            "carrier": quote.carrier,
            "service": quote.service,
            "fee": str(quote.fee),
            "name": quote.service_name,
        }
    return choices, missing


# --- booking -----------------------------------------------------------------------------------


class CannotConfirm(Exception):
    """The seller's part is not waiting for confirmation (unpaid, cancelled, already confirmed)."""


def confirm_group(*, group: FulfilmentGroup, actor: str) -> Shipment:
    """The seller confirms its part: it is confirmed now, its parcel is booked after commit."""
    from logistics import tasks

    with transaction.atomic():
        locked = FulfilmentGroup.objects.select_for_update().get(pk=group.pk)
        if locked.status != FulfilmentStatus.TO_CONFIRM:
            raise CannotConfirm(
                _("This part of the order cannot be confirmed now (it is “%(status)s”).")
                % {"status": locked.get_status_display()}
            )
        locked.status = FulfilmentStatus.CONFIRMED
        locked.save(update_fields=["status", "updated_at"])
        shipment = _shipment_for(locked)
        logger.info("order %s part of seller %s confirmed by %s", locked.order.number, locked.partner_id, actor)
        transaction.on_commit(lambda: tasks.book_shipment.delay(shipment.pk))
    return shipment


def _is_cod(order) -> bool:
    return order.sources.filter(source_type__code="cod").exists()


def _shipment_for(group: FulfilmentGroup) -> Shipment:
    carrier = group.carrier or "self"
    cod = group.total if _is_cod(group.order) else Decimal("0")
    shipment, _created = Shipment.objects.get_or_create(
        group=group,
        defaults={
            "carrier": carrier,
            "service": group.carrier_service or carrier,
            "reference": f"{group.order.number}-{group.partner_id}",
            "cod_amount": cod,
            "weight_grams": group.weight_grams,
        },
    )
    return shipment


def shipment_request(shipment: Shipment) -> ShipmentRequest:
    group = shipment.group
    order = group.order
    carrier = carrier_for(shipment.carrier, group.partner)
    lines = list(order.lines.filter(partner_id=group.partner_id).select_related("product"))
    parcel = parcel_for([(line.product, line.quantity, line.unit_price_incl_tax) for line in lines if line.product])
    sender, sender_commune = addresses.seller_endpoint(group.partner)
    receiver, receiver_commune = addresses.buyer_endpoint(order.shipping_address)
    return ShipmentRequest(
        reference=shipment.reference,
        sender=addresses.with_area(sender, addresses.carrier_area(carrier, sender_commune)),
        receiver=addresses.with_area(receiver, addresses.carrier_area(carrier, receiver_commune)),
        parcel=parcel,
        service=shipment.service,
        cod_amount=shipment.cod_amount,
        note=(order.shipping_address.notes or "")[:200],
    )


def book(shipment_id: int) -> Shipment:
    """Create the parcel at the carrier (idempotent: a booked shipment is left alone).

    Raises CarrierUnavailable for the task to retry; a refusal (CarrierError) is stored on the
    shipment for the seller to read and is not retried.
    """
    shipment = Shipment.objects.select_related("group__order", "group__partner").get(pk=shipment_id)
    if shipment.is_booked:
        return shipment
    carrier = carrier_for(shipment.carrier, shipment.group.partner)
    try:
        request = shipment_request(shipment)
        booking = breaker.call(carrier, "create", request)
    except CarrierUnavailable as exc:
        Shipment.objects.filter(pk=shipment.pk).update(
            booking_error=_("%(carrier)s is not answering; we keep trying to book the parcel.")
            % {"carrier": carrier.name}
        )
        logger.warning("booking %s at %s: %s", shipment.reference, shipment.carrier, exc)
        raise
    except CarrierError as exc:
        Shipment.objects.filter(pk=shipment.pk).update(booking_error=str(exc), booking_refused=True)
        logger.warning("booking %s refused by %s: %s", shipment.reference, shipment.carrier, exc)
        return Shipment.objects.get(pk=shipment.pk)
    now = timezone.now()
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if locked.is_booked:
            return locked
        locked.tracking_code = booking.tracking_code
        locked.label_url = booking.label_url
        locked.fee = booking.fee
        locked.booked_at = now
        locked.booking_error = ""
        locked.booking_refused = False
        if not locked.status:
            locked.status = ShipmentStatus.CREATED
        locked.last_event_at = now
        locked.fresh = request.parcel.fresh
        locked.save()
        ShipmentEvent.objects.get_or_create(
            carrier=locked.carrier,
            event_key=f"booked:{locked.reference}",
            defaults={
                "shipment": locked,
                "status": ShipmentStatus.CREATED,
                "carrier_status": "booked",
                "description": _("Booked with %(carrier)s, tracking code %(code)s")
                % {"carrier": carrier.name, "code": booking.tracking_code},
                "occurred_at": now,
            },
        )
    logger.info("shipment %s booked at %s: %s", locked.reference, locked.carrier, locked.tracking_code)
    return locked


def cancel_shipment(*, shipment: Shipment, actor: str) -> Shipment:
    """Cancel a parcel the carrier has not picked up yet."""
    if shipment.status in machine.LEFT_SELLER:
        raise CarrierError(_("The parcel has already left the seller; it can no longer be cancelled."))
    if shipment.is_booked:
        breaker.call(carrier_for(shipment.carrier, shipment.group.partner), "cancel", shipment.tracking_code)
    apply_updates(
        shipment.carrier,
        [
            TrackingUpdate(
                tracking_code=shipment.tracking_code,
                reference=shipment.reference,
                event_key=f"cancel:{shipment.reference}:{actor}",
                status=ShipmentStatus.CANCELLED,
                carrier_status="cancelled_by_us",
                occurred_at=timezone.now(),
                description=_("Cancelled by %(actor)s") % {"actor": actor},
            )
        ],
    )
    return Shipment.objects.get(pk=shipment.pk)


# --- carrier news ------------------------------------------------------------------------------


GROUP_FOLLOWS = {
    ShipmentStatus.PICKED_UP: FulfilmentStatus.SHIPPED,
    ShipmentStatus.IN_TRANSIT: FulfilmentStatus.SHIPPED,
    ShipmentStatus.OUT_FOR_DELIVERY: FulfilmentStatus.SHIPPED,
    ShipmentStatus.FAILED_ATTEMPT: FulfilmentStatus.SHIPPED,
    ShipmentStatus.RETURNING: FulfilmentStatus.SHIPPED,
    ShipmentStatus.DELIVERED: FulfilmentStatus.DELIVERED,
    ShipmentStatus.RETURNED: FulfilmentStatus.RETURNED,
}


@dataclass(frozen=True)
class Applied:
    event_key: str
    outcome: str  # applied | late | duplicate | unknown


def _find_shipment(carrier_code: str, update: TrackingUpdate):
    qs = Shipment.objects.select_for_update()
    if update.tracking_code:
        found = qs.filter(carrier=carrier_code, tracking_code=update.tracking_code).first()
        if found is not None:
            return found
    if update.reference:
        return qs.filter(carrier=carrier_code, reference=update.reference).first()
    return None


def apply_updates(carrier_code: str, updates: list[TrackingUpdate]) -> list[Applied]:
    """Apply verified carrier news, each event once, only forward. Returns what became of each."""
    results = []
    for update in updates:
        with transaction.atomic():
            shipment = _find_shipment(carrier_code, update)
            if shipment is None:
                logger.warning(
                    "carrier %s: news for unknown parcel %s / %s", carrier_code, update.tracking_code, update.reference
                )
                results.append(Applied(update.event_key, "unknown"))
                continue
            moves = machine.moves(shipment.status, update.status)
            try:
                with transaction.atomic():
                    ShipmentEvent.objects.create(
                        shipment=shipment,
                        carrier=carrier_code,
                        event_key=update.event_key[:160],
                        status=update.status,
                        carrier_status=str(update.carrier_status)[:48],
                        description=(update.description or "")[:255],
                        occurred_at=update.occurred_at,
                        applied=moves,
                        payload=update.raw or {},
                    )
            except IntegrityError:
                results.append(Applied(update.event_key, "duplicate"))
                continue
            _apply(shipment, update, moves)
            results.append(Applied(update.event_key, "applied" if moves else "late"))
    return results


def _apply(shipment: Shipment, update: TrackingUpdate, moves: bool) -> None:
    fields = {"last_event_at": max(filter(None, [shipment.last_event_at, update.occurred_at]))}
    when = update.occurred_at
    # Timestamps are facts whatever the order they arrive in.
    if update.status == ShipmentStatus.PICKED_UP and not shipment.picked_up_at:
        fields["picked_up_at"] = when
    if update.status == ShipmentStatus.DELIVERED and not shipment.delivered_at:
        fields["delivered_at"] = when
    if update.status == ShipmentStatus.RETURNED and not shipment.returned_at:
        fields["returned_at"] = when
    if update.cod_collected is not None and shipment.cod_amount and shipment.cod_collected is None:
        fields["cod_collected"] = update.cod_collected
        _record_cod(shipment, update.cod_collected, update)
    if moves:
        fields["status"] = update.status
        if update.status in machine.LEFT_SELLER and shipment.status not in machine.LEFT_SELLER:
            _consume_stock(shipment)
        target = GROUP_FOLLOWS.get(update.status)
        if update.status == ShipmentStatus.CANCELLED:
            target = FulfilmentStatus.CONFIRMED  # the seller books again or cancels the part
        if target:
            FulfilmentGroup.objects.filter(pk=shipment.group_id).exclude(
                status__in=[FulfilmentStatus.CANCELLED, FulfilmentStatus.REFUNDED]
            ).update(status=target, updated_at=timezone.now())
        if (
            update.status == ShipmentStatus.DELIVERED
            and shipment.cod_amount
            and "cod_collected" not in fields
            and shipment.cod_collected is None
            and shipment.carrier in ("self", "pickup")
        ):
            fields["cod_collected"] = shipment.cod_amount  # the seller took the cash itself
            _record_cod(shipment, shipment.cod_amount, update)
    Shipment.objects.filter(pk=shipment.pk).update(**fields)
    for name, value in fields.items():
        setattr(shipment, name, value)


def _consume_stock(shipment: Shipment) -> None:
    """The parcel left the seller: its reserved units leave the stock for good (Oscar's consume)."""
    for line in Line.objects.filter(order_id=shipment.group.order_id, partner_id=shipment.group.partner_id):
        if line.stockrecord_id and line.num_allocated and not line.allocation_cancelled:
            StockRecord.objects.filter(pk=line.stockrecord_id).update(
                num_in_stock=F("num_in_stock") - line.num_allocated,
                num_allocated=F("num_allocated") - line.num_allocated,
            )
            Line.objects.filter(pk=line.pk).update(num_allocated=0)


def _record_cod(shipment: Shipment, amount: Decimal, update: TrackingUpdate) -> None:
    """The carrier collected cash for this seller's part: debit the order's COD source, log an event."""
    Source = get_model("payment", "Source")
    PaymentEvent = get_model("order", "PaymentEvent")
    PaymentEventType = get_model("order", "PaymentEventType")
    order = shipment.group.order
    source = Source.objects.select_for_update().filter(order=order, source_type__code="cod").first()
    if source is not None:
        Source.objects.filter(pk=source.pk).update(amount_debited=F("amount_debited") + amount)
    event_type, _created = PaymentEventType.objects.get_or_create(name="cod_collected")
    PaymentEvent.objects.create(
        order=order, event_type=event_type, amount=amount, reference=shipment.tracking_code or shipment.reference
    )
    if amount != shipment.cod_amount:
        logger.warning("COD mismatch on %s: collected %s, expected %s", shipment.reference, amount, shipment.cod_amount)


# --- the seller's own steps (self-delivery, pick-up) and returns --------------------------------


SELLER_STEPS = (
    ShipmentStatus.PICKED_UP,
    ShipmentStatus.OUT_FOR_DELIVERY,
    ShipmentStatus.DELIVERED,
    ShipmentStatus.FAILED_ATTEMPT,
    ShipmentStatus.RETURNED,
)


def record_seller_step(*, shipment: Shipment, status: str, actor: str) -> list[Applied]:
    """A seller who delivers (or hands over at the farm) writes the timeline itself."""
    if shipment.carrier not in ("self", "pickup") or status not in SELLER_STEPS:
        raise CarrierError(_("This step is reported by the carrier, not by the seller."))
    now = timezone.now()
    count = ShipmentEvent.objects.filter(shipment=shipment).count()
    return apply_updates(
        shipment.carrier,
        [
            TrackingUpdate(
                tracking_code=shipment.tracking_code,
                reference=shipment.reference,
                event_key=f"seller:{shipment.reference}:{status}:{count}",
                status=status,
                carrier_status=f"seller:{status}",
                occurred_at=now,
                description=_("Reported by %(actor)s") % {"actor": actor},
            )
        ],
    )


def handle_return(*, shipment: Shipment, restock: bool, actor: str) -> Shipment:
    """A returned parcel: put the units back on sale, or write them off (spoilt fresh goods)."""
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if locked.status != ShipmentStatus.RETURNED:
            raise CarrierError(_("Only a parcel that has come back can be restocked or written off."))
        if locked.return_handled:
            return locked
        if restock:
            for line in Line.objects.filter(order_id=locked.group.order_id, partner_id=locked.group.partner_id):
                if line.stockrecord_id:
                    StockRecord.objects.filter(pk=line.stockrecord_id).update(
                        num_in_stock=F("num_in_stock") + line.quantity
                    )
        locked.return_handled = "restocked" if restock else "written_off"
        locked.save(update_fields=["return_handled"])
        logger.info("returned parcel %s %s by %s", locked.reference, locked.return_handled, actor)
    return locked


# --- polling when webhooks stop ------------------------------------------------------------------


def stale_shipments(*, older_than: datetime.timedelta = datetime.timedelta(hours=2)):
    cutoff = timezone.now() - older_than
    return (
        Shipment.objects.exclude(status__in=machine.FINAL)
        .exclude(tracking_code="")
        .exclude(carrier__in=["self", "pickup"])
        .filter(last_event_at__lt=cutoff)
    )


def poll(shipment: Shipment) -> list[Applied]:
    """Ask the carrier for the parcel's history and apply what we have not heard yet."""
    carrier = carrier_for(shipment.carrier, shipment.group.partner)
    updates = breaker.call(carrier, "track", shipment.tracking_code)
    results = apply_updates(shipment.carrier, updates)
    Shipment.objects.filter(pk=shipment.pk, last_event_at__lt=timezone.now()).update(last_event_at=timezone.now())
    return results


# --- reads ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime.datetime
    status: str
    label: str
    description: str


def timeline(shipment: Shipment) -> list[TimelineEntry]:
    """What buyer and seller both see: every event, in the order it happened."""
    labels = dict(ShipmentStatus.choices)
    return [
        TimelineEntry(
            when=event.occurred_at,
            status=event.status,
            label=str(labels.get(event.status, "")) if event.status else _("Carrier note"),
            description=event.description,
        )
        for event in shipment.events.order_by("occurred_at", "pk")
    ]
