"""Seller self-delivery and pick-up at the producer: quotes, booking on confirm, the seller's own
timeline, cash collected on delivery, returns restocked or written off."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from logistics import services
from logistics.carriers.base import CarrierError, ShipmentStatus
from logistics.models import Shipment, ShipmentEvent
from marketplace.order.models import FulfilmentGroup, FulfilmentStatus
from tests.logistics.conftest import only_carriers, place, ship_to

StockRecord = get_model("partner", "StockRecord")
Source = get_model("payment", "Source")
PaymentEvent = get_model("order", "PaymentEvent")

TO_HIEU = "03646"  # Phường Tô Hiệu, Sơn La: same province as the tea farm


@pytest.mark.django_db
def test_self_delivery_is_offered_only_within_the_sellers_province(vietnam, farms):
    only_carriers(farms["tea_farm"], "self", "pickup")
    items = [(farms["tea"], 2, Decimal("120000"))]
    near = services.quote_group(farms["tea_farm"], items, ship_to(vietnam, TO_HIEU))
    far = services.quote_group(farms["tea_farm"], items, ship_to(vietnam))
    assert {q.carrier for q in near.quotes} == {"self", "pickup"}
    assert {q.carrier for q in far.quotes} == {"pickup"}
    assert near.find("self", "self").fee == Decimal("30000")  # the weight table: 1 kg
    assert near.find("pickup", "pickup").fee == 0


@pytest.mark.django_db
def test_a_sellers_flat_fee_replaces_the_table(vietnam, farms):
    only_carriers(farms["tea_farm"], "self")
    farms["tea_farm"].carriers.filter(carrier="self").update(flat_fee=Decimal("15000"))
    group = services.quote_group(farms["tea_farm"], [(farms["tea"], 1, Decimal("120000"))], ship_to(vietnam, TO_HIEU))
    assert [q.fee for q in group.quotes] == [Decimal("15000")]


def _cod_order_with_self_delivery(buyer, vietnam, farms):
    tea_farm = farms["tea_farm"]
    choices = {tea_farm.pk: {"carrier": "self", "service": "self", "fee": "20000", "name": "Người bán giao"}}
    order = place(buyer, vietnam, [(farms["tea"], 2)], method="cod", choices=choices, commune_code=TO_HIEU)
    return order, FulfilmentGroup.objects.get(order=order, partner=tea_farm)


@pytest.mark.django_db
def test_checkout_fee_is_the_chosen_quote_and_confirming_books_the_parcel(buyer, vietnam, farms, confirm):
    order, group = _cod_order_with_self_delivery(buyer, vietnam, farms)
    assert group.carrier == "self" and group.shipping_fee == Decimal("20000")
    assert order.total_incl_tax == Decimal("260000")  # 2 × 120 000 + 20 000

    shipment = confirm(group)
    group.refresh_from_db()
    assert group.status == FulfilmentStatus.CONFIRMED
    assert shipment.tracking_code == f"TU-{order.number}-{group.partner_id}"
    assert shipment.status == ShipmentStatus.CREATED and shipment.cod_amount == Decimal("260000")
    with pytest.raises(services.CannotConfirm):
        confirm(group)  # twice is refused, not a second parcel
    assert Shipment.objects.filter(group=group).count() == 1


@pytest.mark.django_db
def test_seller_steps_consume_stock_at_pick_up_and_record_the_cash_on_delivery(buyer, vietnam, farms, confirm):
    order, group = _cod_order_with_self_delivery(buyer, vietnam, farms)
    record = StockRecord.objects.get(product=farms["tea"])
    assert (record.num_in_stock, record.num_allocated) == (10, 2)
    shipment = confirm(group)

    services.record_seller_step(shipment=shipment, status=ShipmentStatus.PICKED_UP, actor="seller")
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (8, 0)  # the goods left: consumed once
    group.refresh_from_db()
    assert group.status == FulfilmentStatus.SHIPPED

    services.record_seller_step(shipment=shipment, status=ShipmentStatus.DELIVERED, actor="seller")
    shipment.refresh_from_db()
    group.refresh_from_db()
    assert shipment.status == ShipmentStatus.DELIVERED and group.status == FulfilmentStatus.DELIVERED
    assert shipment.cod_collected == Decimal("260000") and shipment.delivered_at is not None
    source = Source.objects.get(order=order, source_type__code="cod")
    assert source.amount_debited == Decimal("260000")
    assert PaymentEvent.objects.filter(order=order, event_type__name="cod_collected").count() == 1
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (8, 0)
    labels = [entry.status for entry in services.timeline(shipment)]
    assert labels == [ShipmentStatus.CREATED, ShipmentStatus.PICKED_UP, ShipmentStatus.DELIVERED]


@pytest.mark.django_db
def test_a_seller_cannot_report_a_carriers_step(buyer, vietnam, farms, confirm):
    order, group = _cod_order_with_self_delivery(buyer, vietnam, farms)
    shipment = confirm(group)
    with pytest.raises(CarrierError):
        services.record_seller_step(shipment=shipment, status=ShipmentStatus.IN_TRANSIT, actor="seller")
    Shipment.objects.filter(pk=shipment.pk).update(carrier="ghn")
    shipment.refresh_from_db()
    with pytest.raises(CarrierError):
        services.record_seller_step(shipment=shipment, status=ShipmentStatus.DELIVERED, actor="seller")


@pytest.mark.django_db
@pytest.mark.parametrize("restock, expected_stock", [(True, 10), (False, 8)])
def test_a_returned_parcel_is_restocked_or_written_off_once(buyer, vietnam, farms, restock, expected_stock, confirm):
    order, group = _cod_order_with_self_delivery(buyer, vietnam, farms)
    shipment = confirm(group)
    for step in (ShipmentStatus.PICKED_UP, ShipmentStatus.FAILED_ATTEMPT, ShipmentStatus.RETURNED):
        services.record_seller_step(shipment=shipment, status=step, actor="seller")
    shipment.refresh_from_db()
    group.refresh_from_db()
    assert shipment.status == ShipmentStatus.RETURNED and group.status == FulfilmentStatus.RETURNED
    assert shipment.cod_collected is None  # nothing was collected
    services.handle_return(shipment=shipment, restock=restock, actor="seller")
    services.handle_return(shipment=shipment, restock=restock, actor="seller")  # a double click changes nothing
    assert StockRecord.objects.get(product=farms["tea"]).num_in_stock == expected_stock


@pytest.mark.django_db
def test_seller_page_confirms_and_buyer_page_shows_the_same_timeline(
    client, buyer, vietnam, farms, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    order, group = _cod_order_with_self_delivery(buyer, vietnam, farms)
    seller = get_user_model().objects.create_user(username="tea", email="tea@example.vn", password="pw-12345")
    farms["tea_farm"].users.add(seller)
    client.force_login(seller)
    url = reverse("workspace:order-delivery", kwargs={"partner_id": farms["tea_farm"].pk, "number": order.number})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"action": "confirm"}).status_code == 302
    assert client.post(url, {"action": "step", "status": "picked_up"}).status_code == 302
    page = client.get(
        reverse("workspace:order-detail", kwargs={"partner_id": farms["tea_farm"].pk, "number": order.number})
    )
    tracking = Shipment.objects.get(group=group).tracking_code
    assert tracking in page.content.decode()

    client.force_login(buyer)
    mine = client.get(reverse("customer:order", args=[order.number])).content.decode()
    assert tracking in mine
    assert ShipmentEvent.objects.filter(shipment__group=group).count() == 2
    for event in ShipmentEvent.objects.filter(shipment__group=group):
        assert timezone.localtime(event.occurred_at).strftime("%d/%m/%Y %H:%M") in mine


@pytest.mark.django_db
def test_another_seller_cannot_act_on_the_part(client, buyer, vietnam, farms):
    from django.contrib.auth import get_user_model

    order, group = _cod_order_with_self_delivery(buyer, vietnam, farms)
    other = get_user_model().objects.create_user(username="bee", email="bee@example.vn", password="pw-12345")
    farms["bee_farm"].users.add(other)
    client.force_login(other)
    for partner in (farms["tea_farm"], farms["bee_farm"]):
        url = reverse("workspace:order-delivery", kwargs={"partner_id": partner.pk, "number": order.number})
        assert client.post(url, {"action": "confirm"}).status_code == 404
    group.refresh_from_db()
    assert group.status == FulfilmentStatus.TO_CONFIRM


@pytest.mark.django_db(transaction=True)
def test_a_seller_cancels_its_own_part_of_a_paid_order_and_only_that_part_is_refunded(
    client, live_server, buyer, vietnam, farms, settings
):
    """Two sellers, paid by VNPay through its simulator; the tea seller cancels its part: its stock
    comes back and VNPay refunds exactly that part (a partial refund); the honey part goes on."""
    from django.contrib.auth import get_user_model

    from payments.checkout import services as checkout
    from payments.models import AttemptStatus, PaymentAttempt

    settings.VNPAY_SIM_IPN_BACKOFF = 0
    order = place(buyer, vietnam, [(farms["tea"], 2), (farms["honey"], 1)], method="vnpay")
    nxt = checkout.start_order_payment(order=order, method="vnpay", base_url=live_server.url)
    assert client.get(nxt.redirect_url).status_code == 200
    assert client.post(reverse("vnpay:sim-decide"), {"vnp_TxnRef": nxt.reference, "action": "pay"}).status_code == 302
    attempt = PaymentAttempt.objects.get(reference=nxt.reference)
    assert attempt.status == AttemptStatus.SUCCEEDED

    seller = get_user_model().objects.create_user(username="tea", email="tea@example.vn", password="pw-12345")
    farms["tea_farm"].users.add(seller)
    client.force_login(seller)
    url = reverse("workspace:order-delivery", kwargs={"partner_id": farms["tea_farm"].pk, "number": order.number})
    assert client.post(url, {"action": "cancel_part", "reason": "Hết hàng"}).status_code == 302

    tea_group = FulfilmentGroup.objects.get(order=order, partner=farms["tea_farm"])
    honey_group = FulfilmentGroup.objects.get(order=order, partner=farms["bee_farm"])
    attempt.refresh_from_db()
    assert tea_group.status == FulfilmentStatus.REFUNDED
    assert attempt.amount_refunded == tea_group.total and attempt.status == AttemptStatus.PARTIALLY_REFUNDED
    assert PaymentEvent.objects.get(order=order, event_type__name="Refunded").amount == tea_group.total
    assert StockRecord.objects.get(product=farms["tea"]).num_allocated == 0
    assert StockRecord.objects.get(product=farms["honey"]).num_allocated == 1
    assert honey_group.status == FulfilmentStatus.TO_CONFIRM
    # A second click refunds nothing more.
    assert client.post(url, {"action": "cancel_part"}).status_code == 302
    attempt.refresh_from_db()
    assert attempt.amount_refunded == tea_group.total


@pytest.mark.django_db
def test_staff_cancel_a_cod_part_and_others_cannot_reach_the_page(client, buyer, vietnam, farms):
    from django.contrib.auth import get_user_model

    order = place(buyer, vietnam, [(farms["tea"], 2), (farms["honey"], 1)], method="cod")
    url = reverse("payments-staff:order", args=[order.number])
    client.force_login(buyer)
    assert client.get(url).status_code == 302  # to the admin login
    assert client.post(url, {"action": "cancel_part", "partner_id": farms["tea_farm"].pk}).status_code == 302
    assert FulfilmentGroup.objects.get(order=order, partner=farms["tea_farm"]).status == FulfilmentStatus.TO_CONFIRM

    staff = get_user_model().objects.create_user(username="ops", email="ops@example.vn", password="pw", is_staff=True)
    client.force_login(staff)
    page = client.get(url)
    assert page.status_code == 200 and "HTX Chè Mộc Châu" in page.content.decode()
    client.post(url, {"action": "cancel_part", "partner_id": farms["tea_farm"].pk, "reason": "Sai giá"})
    assert FulfilmentGroup.objects.get(order=order, partner=farms["tea_farm"]).status == FulfilmentStatus.CANCELLED
    assert StockRecord.objects.get(product=farms["tea"]).num_allocated == 0
    assert StockRecord.objects.get(product=farms["honey"]).num_allocated == 1
    order.refresh_from_db()
    assert order.status == "placed"  # the honey part goes on
    client.post(url, {"action": "cancel_part", "partner_id": farms["bee_farm"].pk})
    order.refresh_from_db()
    assert order.status == "cancelled"
