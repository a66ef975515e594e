"""Sellers ship with Giao Hàng Nhanh: the client speaks GHN v2 to the local GHN (and, for failures,
to a real HTTP server); webhooks verify before anything is read; the simulator re-sends like GHN."""

import json
from decimal import Decimal

import pytest

from logistics.carriers.base import (
    CarrierArea,
    CarrierError,
    CarrierUnavailable,
    Endpoint,
    InvalidWebhook,
    Parcel,
    ParcelItem,
    QuoteRequest,
    ShipmentRequest,
    ShipmentStatus,
    UnmappedAddress,
)
from logistics.carriers.ghn import simulator
from logistics.carriers.ghn.client import LIMITS, STATUS_MAP, GHNCarrier
from logistics.carriers.simulation import set_fault
from tests.logistics.fake_http import serving

pytestmark = pytest.mark.django_db

S = ShipmentStatus
SELLER_WARD = ("Thành phố Hà Nội", "Huyện Đan Phượng", "Xã Tân Lập")
HANOI_WARD = ("Thành phố Hà Nội", "Quận Ba Đình", "Phường Phúc Xá")
SAIGON_WARD = ("Thành phố Hồ Chí Minh", "Quận 1", "Phường Bến Nghé")
DANANG_WARD = ("Thành phố Đà Nẵng", "Quận Hải Châu", "Phường Thạch Thang")
# Every status string in the reference (6.1), in GHN's words.
GHN_STATUSES = (
    "ready_to_pick picking cancel money_collect_picking picked storing transporting sorting delivering "
    "money_collect_delivering delivered delivery_fail waiting_to_return return return_transporting return_sorting "
    "returning return_fail returned exception damage lost"
).split()


@pytest.fixture(autouse=True)
def _no_backoff(settings):
    settings.LOGISTICS_SIM_WEBHOOK_BACKOFF = 0


@pytest.fixture
def ghn_areas():
    """GHN's wards as the client reads them from (simulated) master data, by names."""
    return {
        (row["province_name"], row["district_name"], row["ward_name"]): CarrierArea(**row)
        for row in GHNCarrier().master_data()
    }


def endpoint(area, name="HTX Chè Đan Phượng", phone="+84912000001", street="Thôn 3"):
    return Endpoint(
        name=name,
        phone=phone,
        street=street,
        commune_code="00000",
        commune_name=area.ward_name,
        province_name=area.province_name,
        area=area,
    )


def quote_request(ghn_areas, to=SAIGON_WARD, *, grams=1000, value="300000", cod="0"):
    return QuoteRequest(
        sender=endpoint(ghn_areas[SELLER_WARD]),
        receiver=endpoint(ghn_areas[to], name="Nguyễn Văn An", phone="0987654321", street="12 Lê Lợi"),
        parcel=Parcel(weight_grams=grams, declared_value=Decimal(value)),
        cod_amount=Decimal(cod),
    )


def shipment(ghn_areas, *, reference="P-1001", cod="350000", service="", to=SAIGON_WARD, grams=1700):
    request = quote_request(ghn_areas, to=to, grams=grams)
    return ShipmentRequest(
        reference=reference,
        sender=request.sender,
        receiver=request.receiver,
        parcel=Parcel(
            weight_grams=grams,
            declared_value=Decimal("350000"),
            items=(
                ParcelItem(name="Chè Shan tuyết", quantity=2, weight_grams=500, price=Decimal("120000"), code="TEA"),
                ParcelItem(name="Mật ong bạc hà", quantity=1, weight_grams=700, price=Decimal("110000")),
            ),
        ),
        service=service,
        cod_amount=Decimal(cod),
        note="Gọi trước khi giao",
    )


# --- master data -------------------------------------------------------------------------------
def test_master_data_is_three_levels_in_ghn_ids_and_leaves_island_districts_out():
    rows = GHNCarrier().master_data()
    assert len(rows) > 9000
    first = rows[0]
    assert set(first) == {"province_id", "province_name", "district_id", "district_name", "ward_id", "ward_name"}
    assert first["province_id"].isdigit() and first["district_id"].isdigit() and first["ward_id"]
    assert (first["province_name"], first["district_name"], first["ward_name"]) == HANOI_WARD
    # GHN's own ids, not the statistics office's codes.
    assert first["district_id"] != "001" and first["ward_id"] != "00001"
    districts = {row["district_name"] for row in rows}
    assert "Huyện Trường Sa" not in districts and "Huyện Cô Tô" not in districts  # not served
    assert "Huyện Vân Đồn" in districts


def test_master_data_answers_in_ghn_field_names():
    headers = {"Token": "sim-ghn-token"}
    status, provinces = simulator.local_transport("GET", "/master-data/province", headers=headers, timeout=1)
    assert status == 200 and provinces["code"] == 200
    hanoi = next(p for p in provinces["data"] if p["ProvinceName"] == "Thành phố Hà Nội")
    _, districts = simulator.local_transport(
        "GET", "/master-data/district", headers=headers, params={"province_id": hanoi["ProvinceID"]}, timeout=1
    )
    ba_dinh = next(d for d in districts["data"] if d["DistrictName"] == "Quận Ba Đình")
    assert isinstance(ba_dinh["DistrictID"], int) and ba_dinh["ProvinceID"] == hanoi["ProvinceID"]
    _, wards = simulator.local_transport(
        "GET", "/master-data/ward", headers=headers, params={"district_id": ba_dinh["DistrictID"]}, timeout=1
    )
    assert {"WardCode", "DistrictID", "WardName"} <= set(wards["data"][0])
    assert isinstance(wards["data"][0]["WardCode"], str)


def test_the_island_communes_ghn_does_not_serve_get_no_mapping():
    from logistics.addresses import sync_carrier_areas
    from logistics.models import CarrierAreaMapping

    result = sync_carrier_areas(GHNCarrier(), communes=["00004", "22736", "07192"])  # Ba Đình, Trường Sa, Cô Tô
    assert (result["mapped"], result["unmapped"]) == (1, 2)
    ba_dinh = CarrierAreaMapping.objects.get(carrier="ghn", commune_id="00004")
    assert ba_dinh.district_id.isdigit() and ba_dinh.ward_id and ba_dinh.district_name == "Quận Ba Đình"


# --- quotes ------------------------------------------------------------------------------------
def test_quote_offers_each_ghn_service_and_the_fee_grows_with_weight(ghn_areas):
    carrier = GHNCarrier()
    light = carrier.quote(quote_request(ghn_areas, grams=500))
    heavy = carrier.quote(quote_request(ghn_areas, grams=6000))
    assert [q.service for q in light] == ["53320", "53321"]
    assert all(q.carrier == "ghn" and q.service_name and q.fee > 0 for q in light)
    assert heavy[0].fee > light[0].fee and heavy[1].fee > light[1].fee
    assert light[1].fee > light[0].fee  # express costs more
    assert {"total", "service_fee", "insurance_fee", "cod_fee", "deliver_remote_areas_fee"} <= set(light[0].raw["fee"])


def test_same_province_is_cheaper_than_the_same_region_which_is_cheaper_than_across_regions(ghn_areas):
    carrier = GHNCarrier()
    fees = [carrier.quote(quote_request(ghn_areas, to=to))[0].fee for to in (HANOI_WARD, DANANG_WARD, SAIGON_WARD)]
    hanoi, danang, saigon = fees
    assert hanoi < saigon and hanoi < danang <= saigon


def test_declared_value_above_the_free_insurance_adds_to_the_fee(ghn_areas):
    carrier = GHNCarrier()
    cheap = carrier.quote(quote_request(ghn_areas, value="500000"))[0]
    dear = carrier.quote(quote_request(ghn_areas, value="4000000"))[0]
    assert dear.raw["fee"]["insurance_fee"] == 20000 and cheap.raw["fee"]["insurance_fee"] == 0
    assert dear.fee == cheap.fee + 20000


def test_a_receiver_without_a_ghn_area_cannot_be_quoted(ghn_areas):
    request = quote_request(ghn_areas)
    unmapped = QuoteRequest(
        sender=request.sender, receiver=endpoint(CarrierArea(), street="Đặc khu Trường Sa"), parcel=request.parcel
    )
    with pytest.raises(UnmappedAddress):
        GHNCarrier().quote(unmapped)


def test_ghn_refuses_a_ward_outside_the_district_and_the_seller_reads_why(ghn_areas):
    saigon = ghn_areas[SAIGON_WARD]
    wrong = CarrierArea(**{**saigon.__dict__, "ward_id": ghn_areas[HANOI_WARD].ward_id})
    request = quote_request(ghn_areas)
    with pytest.raises(CarrierError) as refused:
        GHNCarrier().quote(QuoteRequest(sender=request.sender, receiver=endpoint(wrong), parcel=request.parcel))
    assert "to_ward_code" in str(refused.value) and not isinstance(refused.value, CarrierUnavailable)


def test_a_parcel_over_ghns_weight_limit_is_refused_before_and_by_ghn(ghn_areas):
    with pytest.raises(CarrierError, match="30"):
        GHNCarrier().quote(quote_request(ghn_areas, grams=LIMITS["weight_grams"] + 1))
    body = GHNCarrier().create_body(shipment(ghn_areas))
    body["weight"] = LIMITS["weight_grams"] + 1
    status, answer = simulator.local_transport(
        "POST",
        "/v2/shipping-order/create",
        headers={"Token": "sim-ghn-token", "ShopId": "885"},
        json_body=body,
        timeout=1,
    )
    assert status == 400 and answer["code"] == 400 and "30000" in answer["message"] and answer["data"] is None


# --- booking -----------------------------------------------------------------------------------
def test_create_sends_ghns_fields_with_the_receivers_ghn_ids(ghn_areas):
    body = GHNCarrier().create_body(shipment(ghn_areas))
    saigon = ghn_areas[SAIGON_WARD]
    assert body["to_district_id"] == int(saigon.district_id) and body["to_ward_code"] == saigon.ward_id
    assert body["client_order_code"] == "P-1001" and body["cod_amount"] == 350000 and body["weight"] == 1700
    assert body["payment_type_id"] == 1 and body["required_note"] == "CHOXEMHANGKHONGTHU"
    assert body["to_phone"] == "0987654321" and body["from_phone"] == "0912000001"
    assert body["service_type_id"] == 2 and "service_id" not in body
    assert body["items"][0] == {"name": "Chè Shan tuyết", "code": "TEA", "quantity": 2, "price": 120000, "weight": 500}
    assert GHNCarrier().create_body(shipment(ghn_areas, service="53321"))["service_id"] == 53321


def test_seller_books_a_cod_parcel_and_ghn_holds_the_amount_to_collect(ghn_areas):
    carrier = GHNCarrier()
    chosen = carrier.quote(quote_request(ghn_areas, grams=1700))[0]
    booking = carrier.create(shipment(ghn_areas, service=chosen.service))
    assert booking.tracking_code.startswith("G") and booking.fee == chosen.fee
    assert booking.expected_delivery is not None and booking.expected_delivery.tzinfo is not None
    parcel = simulator.store.get(booking.tracking_code)
    assert parcel["cod_amount"] == 350000 and parcel["client_order_code"] == "P-1001"
    assert parcel["status"] == "ready_to_pick" and parcel["to_phone"] == "0987654321"


def test_ghn_refuses_the_same_client_order_code_twice(ghn_areas):
    GHNCarrier().create(shipment(ghn_areas))
    with pytest.raises(CarrierError, match="client_order_code"):
        GHNCarrier().create(shipment(ghn_areas))


def test_create_without_a_required_field_gets_ghns_validation_answer(ghn_areas):
    body = GHNCarrier().create_body(shipment(ghn_areas))
    del body["to_phone"]
    status, answer = simulator.local_transport(
        "POST",
        "/v2/shipping-order/create",
        headers={"Token": "sim-ghn-token", "ShopId": "885"},
        json_body=body,
        timeout=1,
    )
    assert (status, answer["code"], answer["code_message"]) == (400, 400, "USER_ERR_COMMON")
    assert "to_phone" in answer["message"]


def test_a_wrong_token_is_a_refusal_not_an_outage(ghn_areas, settings):
    with pytest.raises(CarrierError, match="Token") as refused:
        GHNCarrier(token="not-ours").quote(quote_request(ghn_areas))
    assert not isinstance(refused.value, CarrierUnavailable)


def test_a_cod_above_ghns_limit_is_refused(ghn_areas):
    with pytest.raises(CarrierError):
        GHNCarrier().create(shipment(ghn_areas, cod=str(LIMITS["cod"] + 1)))


# --- cancel and track -------------------------------------------------------------------------
def test_seller_cancels_before_pickup_but_not_once_ghn_has_the_parcel(ghn_areas):
    carrier = GHNCarrier()
    first = carrier.create(shipment(ghn_areas, reference="P-1"))
    carrier.cancel(first.tracking_code)
    assert simulator.store.get(first.tracking_code)["status"] == "cancel"
    assert [u.status for u in carrier.track(first.tracking_code)] == [S.CREATED, S.CANCELLED]
    assert first.tracking_code not in simulator.store.open_codes()

    second = carrier.create(shipment(ghn_areas, reference="P-2"))
    with serving() as (url, _server):
        for _ in range(3):  # picking, picked, storing
            simulator.advance(second.tracking_code, webhook_url=url, request_host="testserver")
    with pytest.raises(CarrierError, match="không thể hủy"):
        carrier.cancel(second.tracking_code)


def test_track_answers_the_whole_log_with_the_same_event_keys_as_the_webhooks(ghn_areas):
    carrier = GHNCarrier()
    booking = carrier.create(shipment(ghn_areas))
    with serving() as (url, server):
        steps = simulator.drive(booking.tracking_code, webhook_url=url, request_host="testserver")
    assert steps == ["picking", "picked", "storing", "transporting", "sorting", "delivering", "delivered"]
    history = carrier.track(booking.tracking_code)
    assert [u.carrier_status for u in history] == ["ready_to_pick", *steps]
    assert [u.status for u in history] == [
        S.CREATED,
        S.CREATED,
        S.PICKED_UP,
        S.IN_TRANSIT,
        S.IN_TRANSIT,
        S.IN_TRANSIT,
        S.OUT_FOR_DELIVERY,
        S.DELIVERED,
    ]
    assert history[-1].cod_collected == Decimal("350000") and history[-1].reference == "P-1001"
    assert all(a.occurred_at < b.occurred_at for a, b in zip(history, history[1:], strict=False))
    posted = [
        carrier.parse_webhook(body=r["body"], content_type="application/json", query={}, headers={})[0]
        for r in server.received
    ]
    assert [u.event_key for u in posted] == [u.event_key for u in history[1:]]
    assert simulator.advance(booking.tracking_code, webhook_url=url, request_host="testserver") is None


def test_tracking_an_unknown_order_is_a_refusal():
    with pytest.raises(CarrierError):
        GHNCarrier().track("GNOSUCH1")


# --- outages ----------------------------------------------------------------------------------
@pytest.mark.parametrize("fault", ["500", "timeout"])
def test_ghn_down_is_carrier_unavailable(ghn_areas, fault):
    set_fault("ghn", fault)
    with pytest.raises(CarrierUnavailable):
        GHNCarrier().quote(quote_request(ghn_areas))
    with pytest.raises(CarrierUnavailable):
        GHNCarrier().create(shipment(ghn_areas))
    set_fault("ghn", None)
    assert GHNCarrier().quote(quote_request(ghn_areas))


def test_over_real_http_a_hanging_ghn_times_out_and_a_5xx_is_unavailable(ghn_areas):
    with serving((200, {"code": 200, "data": []}, 2)) as (url, server):
        with pytest.raises(CarrierUnavailable):
            GHNCarrier(api_base=url, timeout=0.3).quote(quote_request(ghn_areas))
    with serving((502, {"code": 502, "message": "Bad gateway"}, 0)) as (url, server):
        with pytest.raises(CarrierUnavailable):
            GHNCarrier(api_base=url, timeout=2).quote(quote_request(ghn_areas))


def test_over_real_http_the_client_sends_ghns_headers_and_reads_a_refusal(ghn_areas):
    refusal = {"code": 400, "message": "Sai thông tin Ward", "data": None, "code_message": "USER_ERR_COMMON"}
    with serving((400, refusal, 0)) as (url, server):
        with pytest.raises(CarrierError, match="Sai thông tin Ward") as refused:
            GHNCarrier(api_base=url + "/shiip/public-api", timeout=2).quote(quote_request(ghn_areas))
    assert not isinstance(refused.value, CarrierUnavailable)
    request = server.received[0]
    assert request["path"] == "/shiip/public-api/v2/shipping-order/available-services"
    assert request["headers"]["token"] == "sim-ghn-token" and request["headers"]["shopid"] == "885"
    assert json.loads(request["body"])["to_district"] == int(ghn_areas[SAIGON_WARD].district_id)


# --- webhooks ---------------------------------------------------------------------------------
def ghn_webhook(**changes):
    payload = {
        "CODAmount": 350000,
        "CODTransferDate": None,
        "ClientOrderCode": "P-1001",
        "ConvertedWeight": 1700,
        "Description": "Giao hàng thành công",
        "Fee": {"Total": 36000},
        "Height": 15,
        "IsPartialReturn": False,
        "Length": 20,
        "OrderCode": "GABCDEFG",
        "PartialReturnCode": "",
        "PaymentType": 1,
        "Reason": "",
        "ReasonCode": "",
        "ShopID": 885,
        "Status": "delivered",
        "Time": "2025-08-01T03:52:50.158Z",
        "TotalFee": 36000,
        "Type": "switch_status",
        "Warehouse": "Bưu cục Quận 1",
        "Weight": 1700,
        "Width": 20,
    }
    payload.update(changes)
    return json.dumps(payload).encode()


def parse(body, **kwargs):
    return GHNCarrier().parse_webhook(body=body, content_type="application/json", query={}, headers={}, **kwargs)


def test_a_delivered_webhook_reports_delivery_and_the_cash_collected():
    [update] = parse(ghn_webhook())
    assert update.status == S.DELIVERED and update.carrier_status == "delivered"
    assert update.tracking_code == "GABCDEFG" and update.reference == "P-1001"
    assert update.cod_collected == Decimal("350000")
    assert update.occurred_at.isoformat() == "2025-08-01T03:52:50.158000+00:00"
    assert update.event_key == "GABCDEFG:switch_status:delivered:2025-08-01T03:52:50.158+00:00"
    # The same event re-sent (GHN does, until it gets 200) has the same key; another time does not.
    assert parse(ghn_webhook())[0].event_key == update.event_key
    assert parse(ghn_webhook(Time="2025-08-01T03:52:51Z"))[0].event_key != update.event_key


def test_webhook_statuses_map_onto_our_status_machine():
    assert parse(ghn_webhook(Status="picked"))[0].status == S.PICKED_UP
    assert parse(ghn_webhook(Status="delivery_fail", Reason="Khách vắng nhà"))[0].status == S.FAILED_ATTEMPT
    [lost] = parse(ghn_webhook(Status="lost"))
    assert lost.status == "" and lost.carrier_status == "lost"
    assert parse(ghn_webhook(Status="delivering"))[0].cod_collected is None
    [cod_change] = parse(ghn_webhook(Type="update_cod", Status="storing", CODAmount=300000))
    assert cod_change.status == "" and cod_change.description.startswith("update_cod")
    assert {value for value in STATUS_MAP.values()} <= set(S.values)
    for status in GHN_STATUSES:
        assert STATUS_MAP.get(status, "") in (*S.values, "")


@pytest.mark.parametrize(
    "body",
    [
        ghn_webhook(ShopID=886),  # another shop's news, or a forgery
        ghn_webhook(ShopID=None),
        b"OrderCode=GABCDEFG&Status=delivered",  # not JSON
        b"[1, 2]",
        ghn_webhook(OrderCode=""),
        ghn_webhook(Time="yesterday"),
        ghn_webhook(Status=""),
    ],
)
def test_forged_or_malformed_webhooks_are_refused(body):
    with pytest.raises(InvalidWebhook):
        parse(body)


def test_ghn_is_answered_200_only_for_what_we_took():
    carrier = GHNCarrier()
    assert carrier.webhook_answer(ok=True).status == 200
    assert json.loads(carrier.webhook_answer(ok=True).body)["code"] == 200
    assert carrier.webhook_answer(ok=False).status != 200


# --- the simulator's road and its webhook retries ---------------------------------------------
def test_the_simulator_resends_a_webhook_until_ghn_gets_200(ghn_areas):
    booking = GHNCarrier().create(shipment(ghn_areas))
    with serving((500, {}, 0), (500, {}, 0), (200, {}, 0)) as (url, server):
        assert (
            simulator.advance(booking.tracking_code, webhook_url=url + "/hook", request_host="testserver") == "picking"
        )
    assert len(server.received) == 3
    assert simulator.store.get(booking.tracking_code)["webhooks"][-1] == {
        "status": "picking",
        "answers": [500, 500, 200],
    }
    sent = json.loads(server.received[0]["body"])
    assert server.received[0]["path"] == "/hook" and server.received[0]["headers"]["content-type"] == "application/json"
    assert sent["Type"] == "switch_status" and sent["Status"] == "picking" and sent["ShopID"] == 885
    assert sent["OrderCode"] == booking.tracking_code and sent["ClientOrderCode"] == "P-1001"


def test_the_simulator_gives_up_after_ghns_ten_resends(ghn_areas):
    booking = GHNCarrier().create(shipment(ghn_areas))
    with serving(default=(500, {}, 0)) as (url, server):
        simulator.advance(booking.tracking_code, webhook_url=url, request_host="testserver")
    assert len(server.received) == 1 + simulator.WEBHOOK_RESENDS == 11


@pytest.mark.parametrize(
    ("scenario", "ending"),
    [
        (
            "return",
            [
                "delivery_fail",
                "delivering",
                "delivery_fail",
                "waiting_to_return",
                "return",
                "return_transporting",
                "return_sorting",
                "returning",
                "returned",
            ],
        ),
        ("fail_once", ["delivery_fail", "delivering", "delivered"]),
    ],
)
def test_scenarios_fail_at_the_door_then_return_or_deliver(ghn_areas, scenario, ending):
    carrier = GHNCarrier()
    booking = carrier.create(shipment(ghn_areas))
    with serving() as (url, server):
        steps = simulator.drive(booking.tracking_code, webhook_url=url, request_host="testserver", scenario=scenario)
    assert steps[-len(ending) :] == ending and steps[:6] == [
        "picking",
        "picked",
        "storing",
        "transporting",
        "sorting",
        "delivering",
    ]
    statuses = [
        carrier.parse_webhook(body=r["body"], content_type="", query={}, headers={})[0].status for r in server.received
    ]
    assert statuses[-1] == (S.RETURNED if scenario == "return" else S.DELIVERED)
    assert S.FAILED_ATTEMPT in statuses
    assert booking.tracking_code not in simulator.store.open_codes()


def test_an_unknown_scenario_is_a_programming_error(ghn_areas):
    booking = GHNCarrier().create(shipment(ghn_areas))
    with pytest.raises(ValueError):
        simulator.advance(booking.tracking_code, webhook_url="http://x/", request_host="x", scenario="teleport")
