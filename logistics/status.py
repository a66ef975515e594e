"""The shipment status machine shared by every carrier.

Carriers deliver webhooks late, twice and out of order ("delivered" before "picked up"). Each
status has a rank along the parcel's road; an event moves the shipment only forward, so an older
event arriving late goes into the timeline but does not move the parcel back. A failed attempt
may be followed by another delivery run (same rank as out-for-delivery), and the terminal states
(delivered, returned, cancelled) are never left, except that a delivered parcel can still be
reported returning by a carrier that takes it back.
"""

from logistics.carriers.base import ShipmentStatus as S

RANK = {
    "": 0,
    S.CREATED: 1,
    S.PICKED_UP: 2,
    S.IN_TRANSIT: 3,
    S.OUT_FOR_DELIVERY: 4,
    S.FAILED_ATTEMPT: 4,
    S.DELIVERED: 6,
    S.RETURNING: 7,
    S.RETURNED: 8,
    S.CANCELLED: 9,
}
FINAL = frozenset({S.DELIVERED, S.RETURNED, S.CANCELLED})
# Shipments in these states have left the seller: the order part can no longer be cancelled.
LEFT_SELLER = frozenset(
    {S.PICKED_UP, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.FAILED_ATTEMPT, S.DELIVERED, S.RETURNING, S.RETURNED}
)


def moves(current: str, new: str) -> bool:
    """Whether an event reporting `new` changes a shipment now at `current`."""
    if not new or new == current:
        return False
    if current in (S.RETURNED, S.CANCELLED):
        return False
    if current == S.DELIVERED:
        return new in (S.RETURNING, S.RETURNED)
    if new == S.CANCELLED:
        # A carrier cancels only a parcel it has not picked up.
        return RANK[current] <= RANK[S.CREATED]
    if current in (S.OUT_FOR_DELIVERY, S.FAILED_ATTEMPT) and new in (S.OUT_FOR_DELIVERY, S.FAILED_ATTEMPT):
        return True  # another try at the door
    return RANK[new] > RANK[current]
