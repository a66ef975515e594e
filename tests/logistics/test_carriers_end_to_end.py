"""Carriers end to end through their simulators: live quotes at checkout, one shipment per seller
on confirmation, webhooks driving the shared timeline, polling when webhooks stop, and every bad
input the issue lists (forged, repeated, out of order, unknown, carrier down, unmapped commune)."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from logistics import breaker, services, simulation_driver
from logistics.addresses import sync_carrier_areas
from logistics.carriers import simulation
from logistics.carriers.base import CarrierUnavailable, ShipmentStatus
from logistics.carriers.registry import get_carrier
from logistics.models import Shipment, ShipmentEvent
from marketplace.order.models import FulfilmentGroup, FulfilmentStatus
from tests.logistics.conftest import BA_DINH, CON_DAO, HA_GIANG, MOC_CHAU, only_carriers, place, ship_to

API_CARRIERS = ("ghn", "ghtk", "viettelpost", "vnpost")
COMMUNES = [MOC_CHAU, HA_GIANG, BA_DINH, CON_DAO]


@pytest.fixture
def areas(db):
    for code in API_CARRIERS:
        sync_carrier_areas(get_carrier(code), communes=COMMUNES)


@pytest.fixture(autouse=True)
def _healthy_carriers():
    yield
    for code in API_CARRIERS:
        simulation.set_fault(code, None)
        breaker.record_success(code)


def quotes_for(farm, product, vietnam, commune=BA_DINH):
    return services.quote_group(farm, [(product, 1, product.stockrecords.first().price)], ship_to(vietnam, commune))


@pytest.mark.django_db
@pytest.mark.parametrize("code", API_CARRIERS)
def test_every_carrier_quotes_through_its_simulator(areas, vietnam, farms, code):
    only_carriers(farms["bee_farm"], code)
    group = quotes_for(farms["bee_farm"], farms["honey"], vietnam)
    assert group.quotes, group.notes
    assert all(q.carrier == code and q.fee > 0 for q in group.quotes)


@pytest.mark.django_db
def test_a_commune_no_carrier_maps_is_said_plainly(areas, vietnam, farms):
    only_carriers(farms["bee_farm"], "ghn", "ghtk")
    group = quotes_for(farms["bee_farm"], farms["honey"], vietnam, CON_DAO)
    assert group.quotes == []
    assert len(group.notes) == 2 and all("Côn Đảo" in note for note in group.notes)


@pytest.mark.django_db
def test_a_carrier_that_is_down_is_skipped_and_its_circuit_opens(areas, vietnam, farms):
    only_carriers(farms["bee_farm"], "ghn", "ghtk")
    simulation.set_fault("ghn", "timeout")
    for _ in range(breaker.THRESHOLD):
        group = quotes_for(farms["bee_farm"], farms["honey"], vietnam)
        assert {q.carrier for q in group.quotes} == {"ghtk"}  # the other carrier is still offered
        assert any("Giao Hàng Nhanh" in note for note in group.notes)
    assert breaker.is_open("ghn")
    simulation.set_fault("ghn", None)
    with pytest.raises(CarrierUnavailable):  # open: refused at once, the carrier is not even asked
        breaker.check("ghn", "Giao Hàng Nhanh")


def _web_checkout(client, buyer, vietnam, farms, pick=None):
    """The buyer's web checkout up to the shipping step; returns the shipping-method page."""
    client.force_login(buyer)
    for product in (farms["tea"], farms["honey"]):
        assert client.post(reverse("basket:add", args=[product.pk]), {"quantity": 1}).status_code == 302
    commune_address = ship_to(vietnam)
    posted = client.post(
        reverse("checkout:shipping-address"),
        {
            "first_name": "Nguyễn",
            "last_name": "Văn An",
            "phone_number": "0912345678",
            "line1": "12 Lê Lợi",
            "line2": commune_address.line2,
            "line4": commune_address.line4,
        },
    )
    assert posted.status_code == 302, posted.context["form"].errors
    return client.get(reverse("checkout:shipping-method"))


@pytest.mark.django_db
def test_two_sellers_two_quotes_two_shipments_driven_to_delivered_with_cod(
    client, buyer, vietnam, farms, areas, django_capture_on_commit_callbacks
):
    only_carriers(farms["tea_farm"], "ghn", "ghtk")
    only_carriers(farms["bee_farm"], "ghtk", "viettelpost")
    page = _web_checkout(client, buyer, vietnam, farms)
    assert page.status_code == 200
    html = page.content.decode()
    assert "HTX Chè Mộc Châu" in html and "HTX Mật ong Hà Giang" in html
    groups = page.context["groups"]
    assert [sorted({q.carrier for q in g.quotes}) for g in groups] == [["ghn", "ghtk"], ["ghtk", "viettelpost"]]
    tea_quote = next(q for q in groups[0].quotes if q.carrier == "ghn")
    honey_quote = next(q for q in groups[1].quotes if q.carrier == "viettelpost")
    chosen = client.post(
        reverse("checkout:shipping-method"),
        {
            f"carrier-{farms['tea_farm'].pk}": f"ghn:{tea_quote.service}",
            f"carrier-{farms['bee_farm'].pk}": f"viettelpost:{honey_quote.service}",
        },
    )
    assert chosen.status_code == 302
    assert client.post(reverse("checkout:payment-details"), {"method": "cod"}).status_code == 302
    preview = client.get(reverse("checkout:preview"))
    assert preview.status_code == 200
    placed = client.post(reverse("checkout:preview"), {"action": "place_order"})
    assert placed.status_code == 302
    order = buyer.orders.get()
    assert order.shipping_incl_tax == tea_quote.fee + honey_quote.fee
    assert order.total_incl_tax == Decimal("370000") + tea_quote.fee + honey_quote.fee

    shipments = []
    for group in FulfilmentGroup.objects.filter(order=order).order_by("partner_id"):
        with django_capture_on_commit_callbacks(execute=True):
            services.confirm_group(group=group, actor="seller")
        shipment = Shipment.objects.get(group=group)
        assert shipment.tracking_code and shipment.status == ShipmentStatus.CREATED, shipment.booking_error
        assert shipment.cod_amount == group.total
        shipments.append(shipment)
    assert [s.carrier for s in shipments] == ["ghn", "viettelpost"]

    for shipment in shipments:  # the simulators play the carriers: webhooks to our endpoint, in process
        steps = simulation_driver.drive(shipment, base_url="http://testserver", request_host="testserver")
        assert steps, shipment.carrier
        shipment.refresh_from_db()
        assert shipment.status == ShipmentStatus.DELIVERED, (shipment.carrier, steps)
        assert shipment.cod_collected == shipment.cod_amount
        assert shipment.picked_up_at and shipment.delivered_at
    assert set(FulfilmentGroup.objects.filter(order=order).values_list("status", flat=True)) == {
        FulfilmentStatus.DELIVERED
    }

    mine = client.get(reverse("customer:order", args=[order.number])).content.decode()
    for shipment in shipments:
        assert shipment.tracking_code in mine
    api = client.get(reverse("api-checkout-order", args=[order.number])).json()
    statuses = [[e["status"] for e in g["delivery"]["timeline"]] for g in api["groups"]]
    assert all(s[0] == "created" and s[-1] == "delivered" and "picked_up" in s for s in statuses), statuses


def _booked(buyer, vietnam, farms, confirm, carrier="ghn"):
    only_carriers(farms["tea_farm"], carrier)
    group_quotes = quotes_for(farms["tea_farm"], farms["tea"], vietnam)
    quote = group_quotes.cheapest
    choices = {farms["tea_farm"].pk: {"carrier": carrier, "service": quote.service, "fee": str(quote.fee), "name": "x"}}
    order = place(buyer, vietnam, [(farms["tea"], 1)], method="cod", choices=choices)
    return confirm(FulfilmentGroup.objects.get(order=order))


def _webhook_url(carrier):
    return simulation_driver.webhook_url(carrier, "http://testserver")


@pytest.mark.django_db
def test_the_same_webhook_ten_times_is_applied_once(client, buyer, vietnam, farms, areas, confirm):
    shipment = _booked(buyer, vietnam, farms, confirm, "ghn")
    body = {
        "Type": "switch_status",
        "Status": "picked",
        "OrderCode": shipment.tracking_code,
        "ClientOrderCode": shipment.reference,
        "ShopID": int(get_carrier("ghn").shop_id),
        "CODAmount": 0,
        "Time": "2026-11-21T02:00:00.000Z",
        "Description": "Đã lấy hàng",
    }
    for _ in range(10):
        answer = client.post(_webhook_url("ghn"), json.dumps(body), content_type="application/json")
        assert answer.status_code == 200
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.PICKED_UP
    assert ShipmentEvent.objects.filter(shipment=shipment, status=ShipmentStatus.PICKED_UP).count() == 1


@pytest.mark.django_db
def test_delivered_before_picked_up_keeps_delivered_and_both_enter_the_timeline(
    client, buyer, vietnam, farms, areas, confirm
):
    shipment = _booked(buyer, vietnam, farms, confirm, "ghn")
    shop = int(get_carrier("ghn").shop_id)
    now = timezone.now().astimezone(datetime.UTC)
    later = [(now + datetime.timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%SZ") for h in (1, 3)]
    for status, time in (("delivered", later[1]), ("picked", later[0])):
        body = {
            "Type": "switch_status",
            "Status": status,
            "OrderCode": shipment.tracking_code,
            "ShopID": shop,
            "CODAmount": int(shipment.cod_amount) if status == "delivered" else 0,
            "Time": time,
        }
        assert client.post(_webhook_url("ghn"), json.dumps(body), content_type="application/json").status_code == 200
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.DELIVERED
    assert shipment.picked_up_at < shipment.delivered_at  # the facts, whatever the arrival order
    events = list(ShipmentEvent.objects.filter(shipment=shipment).order_by("occurred_at"))
    assert [e.status for e in events] == [ShipmentStatus.CREATED, ShipmentStatus.PICKED_UP, ShipmentStatus.DELIVERED]
    assert [e.applied for e in events] == [True, False, True]


@pytest.mark.django_db
def test_forged_and_malformed_webhooks_change_nothing(client, buyer, vietnam, farms, areas, confirm):
    shipment = _booked(buyer, vietnam, farms, confirm, "ghn")
    forged = {
        "Type": "switch_status",
        "Status": "delivered",
        "OrderCode": shipment.tracking_code,
        "ShopID": 1,
        "CODAmount": 999,
        "Time": "2026-11-21T05:00:00Z",
    }
    assert client.post(_webhook_url("ghn"), json.dumps(forged), content_type="application/json").status_code >= 400
    assert client.post(_webhook_url("ghn"), "{not json", content_type="application/json").status_code >= 400
    wrong_token = reverse("logistics:webhook", args=["ghn", "guess"])
    good = {**forged, "ShopID": int(get_carrier("ghn").shop_id)}
    assert client.post(wrong_token, json.dumps(good), content_type="application/json").status_code == 404
    ghtk = client.post(
        reverse("logistics:webhook", args=["ghtk", "sim-carrier-webhooks"]) + "?hash=wrong",
        {"label_id": shipment.tracking_code, "status_id": "5", "action_time": "2026-11-21T12:00:00+07:00"},
    )
    assert ghtk.status_code >= 400
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.CREATED and shipment.cod_collected is None
    assert ShipmentEvent.objects.filter(shipment=shipment).count() == 1


@pytest.mark.django_db
def test_news_about_an_unknown_parcel_is_acknowledged_and_changes_nothing(client, db, areas):
    body = {
        "Type": "switch_status",
        "Status": "delivered",
        "OrderCode": "GHNNOSUCH",
        "ShopID": int(get_carrier("ghn").shop_id),
        "CODAmount": 100000,
        "Time": "2026-11-21T05:00:00Z",
    }
    answer = client.post(_webhook_url("ghn"), json.dumps(body), content_type="application/json")
    assert answer.status_code == 200  # else GHN re-sends it ten times
    assert not ShipmentEvent.objects.exists()


@pytest.mark.django_db
def test_a_booking_while_the_carrier_is_down_is_kept_and_retried(buyer, vietnam, farms, areas, confirm):
    only_carriers(farms["tea_farm"], "ghtk")
    quote = quotes_for(farms["tea_farm"], farms["tea"], vietnam).cheapest
    choices = {farms["tea_farm"].pk: {"carrier": "ghtk", "service": quote.service, "fee": str(quote.fee), "name": "x"}}
    order = place(buyer, vietnam, [(farms["tea"], 1)], method="vnpay", choices=choices)
    group = FulfilmentGroup.objects.get(order=order)
    FulfilmentGroup.objects.filter(pk=group.pk).update(status=FulfilmentStatus.TO_CONFIRM)  # as if paid
    simulation.set_fault("ghtk", "500")
    shipment = confirm(group)
    assert shipment.tracking_code == "" and shipment.booking_error and not shipment.booking_refused
    group.refresh_from_db()
    assert group.status == FulfilmentStatus.CONFIRMED  # the seller's confirmation is not lost
    simulation.set_fault("ghtk", None)
    breaker.record_success("ghtk")
    booked = services.book(shipment.pk)
    assert booked.tracking_code and booked.booking_error == "", booked.booking_error
    assert services.book(shipment.pk).tracking_code == booked.tracking_code  # idempotent


@pytest.mark.django_db
def test_polling_catches_up_when_webhooks_stop(buyer, vietnam, farms, areas, confirm):
    shipment = _booked(buyer, vietnam, farms, confirm, "ghn")
    # The carrier moves the parcel but its webhooks reach nobody.
    for _ in range(3):
        simulation_driver.advance(shipment, base_url="http://127.0.0.1:9", request_host="nobody")
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.CREATED
    Shipment.objects.filter(pk=shipment.pk).update(last_event_at=timezone.now() - datetime.timedelta(hours=3))
    from logistics import tasks

    counts = tasks.poll_stale_shipments()
    shipment.refresh_from_db()
    assert counts["polled"] == 1 and counts["applied"] >= 1
    assert shipment.status != ShipmentStatus.CREATED
    assert tasks.poll_stale_shipments()["polled"] == 0  # heard from it just now


@pytest.mark.django_db
def test_the_app_gets_quotes_then_orders_with_its_choice_and_is_refused_where_no_carrier_goes(
    client, buyer, vietnam, farms, areas
):
    from tests.logistics.conftest import basket_of

    only_carriers(farms["tea_farm"], "ghn", "ghtk")
    only_carriers(farms["bee_farm"], "ghtk")
    basket_of(buyer, (farms["tea"], 1), (farms["honey"], 1))
    client.force_login(buyer)
    here = ship_to(vietnam)
    address = {
        "name": "Nguyễn Văn An",
        "phone": "0912345678",
        "line1": "12 Lê Lợi",
        "line2": here.line2,
        "province": here.line4,
    }
    quotes = client.post(
        reverse("api-checkout-shipping-quotes"), {"shipping_address": address}, content_type="application/json"
    )
    assert quotes.status_code == 200
    sellers = {row["seller_id"]: row for row in quotes.json()}
    assert {q["carrier"] for q in sellers[farms["tea_farm"].pk]["quotes"]} == {"ghn", "ghtk"}
    ghn = next(q for q in sellers[farms["tea_farm"].pk]["quotes"] if q["carrier"] == "ghn")

    cut_off = {**address, "line2": "Đặc khu Côn Đảo", "province": "Thành phố Hồ Chí Minh"}
    refused = client.post(
        reverse("api-checkout-place-order"),
        {"payment_method": "cod", "shipping_address": cut_off},
        content_type="application/json",
    )
    assert refused.status_code == 409 and refused.json()["detail"] == "no_carrier"
    assert not buyer.orders.exists()

    placed = client.post(
        reverse("api-checkout-place-order"),
        {
            "payment_method": "cod",
            "shipping_address": address,
            "carriers": {str(farms["tea_farm"].pk): ghn["choice"]},
        },  # honey: left to the cheapest
        content_type="application/json",
    )
    assert placed.status_code == 201, placed.content
    order = buyer.orders.get()
    tea = FulfilmentGroup.objects.get(order=order, partner=farms["tea_farm"])
    honey = FulfilmentGroup.objects.get(order=order, partner=farms["bee_farm"])
    assert (tea.carrier, tea.shipping_fee) == ("ghn", Decimal(ghn["fee"]))
    cheapest_honey = min(Decimal(q["fee"]) for q in sellers[farms["bee_farm"].pk]["quotes"])
    assert honey.carrier == "ghtk" and honey.shipping_fee == cheapest_honey
