"""The one status machine: forward only, late news kept but not applied, terminal states kept."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from logistics import status
from logistics.carriers.base import ShipmentStatus as S

HAPPY = [S.CREATED, S.PICKED_UP, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERED]
RETURN = [S.CREATED, S.PICKED_UP, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.FAILED_ATTEMPT, S.RETURNING, S.RETURNED]


def run(events, start=""):
    current = start
    for event in events:
        if status.moves(current, event):
            current = event
    return current


def test_happy_path_in_order_reaches_delivered():
    assert run(HAPPY) == S.DELIVERED


@given(st.permutations(HAPPY))
def test_any_arrival_order_of_the_happy_path_ends_delivered(events):
    assert run(events) == S.DELIVERED


@given(st.permutations(RETURN))
def test_any_arrival_order_of_a_return_ends_returned(events):
    assert run(events) == S.RETURNED


def test_delivered_before_picked_up_keeps_delivered():
    assert run([S.CREATED, S.DELIVERED, S.PICKED_UP, S.IN_TRANSIT]) == S.DELIVERED


def test_failed_attempt_then_new_delivery_run_then_delivered():
    assert run([S.OUT_FOR_DELIVERY, S.FAILED_ATTEMPT, S.OUT_FOR_DELIVERY, S.DELIVERED]) == S.DELIVERED


@pytest.mark.parametrize("final", [S.RETURNED, S.CANCELLED])
def test_returned_and_cancelled_are_never_left(final):
    for event in S.values:
        assert not status.moves(final, event)


def test_a_picked_up_parcel_cannot_be_cancelled_by_a_late_event():
    assert not status.moves(S.IN_TRANSIT, S.CANCELLED)
    assert status.moves(S.CREATED, S.CANCELLED)


def test_informational_events_move_nothing():
    for current in S.values:
        assert not status.moves(current, "")


def test_every_status_has_a_rank():
    assert set(status.RANK) >= set(S.values)
    assert [status.RANK[s] for s in HAPPY] == sorted(status.RANK[s] for s in HAPPY)
