"""Read shapes of a seller's part's delivery, shared by the seller's page and the buyer's page."""

from dataclasses import dataclass

from logistics import services, simulation_driver
from logistics import status as machine
from logistics.carriers.base import ShipmentStatus
from logistics.models import CarrierCode, Shipment
from marketplace.order.models import FulfilmentGroup, FulfilmentStatus


@dataclass(frozen=True)
class Delivery:
    group: FulfilmentGroup
    carrier_label: str
    shipment: Shipment | None
    timeline: list

    @property
    def can_confirm(self) -> bool:
        return self.group.status == FulfilmentStatus.TO_CONFIRM

    @property
    def can_retry_booking(self) -> bool:
        s = self.shipment
        return s is not None and not s.is_booked and s.status == "" and self.group.status == FulfilmentStatus.CONFIRMED

    @property
    def seller_steps(self) -> list[tuple[str, str]]:
        s = self.shipment
        if s is None or s.carrier not in ("self", "pickup") or s.status in machine.FINAL:
            return []
        labels = dict(ShipmentStatus.choices)
        return [(step, labels[step]) for step in services.SELLER_STEPS if machine.moves(s.status, step)]

    @property
    def can_cancel_part(self) -> bool:
        from marketplace.order.models import CANCELLABLE_STATUSES

        s = self.shipment
        return self.group.status in CANCELLABLE_STATUSES and (s is None or s.status in ("", ShipmentStatus.CREATED))

    @property
    def needs_return_decision(self) -> bool:
        s = self.shipment
        return s is not None and s.status == ShipmentStatus.RETURNED and not s.return_handled

    @property
    def simulated(self) -> bool:
        return self.shipment is not None and simulation_driver.is_simulated(self.shipment.carrier)


def delivery(order_id: int, partner_id: int) -> Delivery | None:
    group = FulfilmentGroup.objects.filter(order_id=order_id, partner_id=partner_id).select_related("order").first()
    if group is None:
        return None
    shipment = Shipment.objects.filter(group=group).first()
    return Delivery(
        group=group,
        carrier_label=str(dict(CarrierCode.choices).get(group.carrier or "", "")),
        shipment=shipment,
        timeline=services.timeline(shipment) if shipment else [],
    )


def deliveries(order) -> list[Delivery]:
    """Every seller's part of the order with its parcel and timeline (the buyer's view)."""
    return [
        d
        for d in (
            delivery(order.pk, pid)
            for pid in FulfilmentGroup.objects.filter(order=order)
            .order_by("partner_id")
            .values_list("partner_id", flat=True)
        )
        if d
    ]
