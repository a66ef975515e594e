"""Sellers ship with Giao Hàng Tiết Kiệm: the client speaks GHTK (names, not ids; grams to quote,
kilograms to book) to the local GHTK and to a real HTTP server; form-encoded webhooks count only
with our hash; the simulator retries like GHTK."""

import json
from decimal import Decimal
from urllib.parse import parse_qs, urlencode, urlsplit

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
from logistics.carriers.ghtk import simulator
from logistics.carriers.ghtk.client import LIMITS, STATUS_MAP, GHTKCarrier
from logistics.carriers.simulation import set_fault
from tests.logistics.fake_http import serving

pytestmark = pytest.mark.django_db

S = ShipmentStatus
HEADERS = {"Token": "sim-ghtk-token", "X-Client-Source": "SIMGHTK"}
SELLER = ("Tỉnh Sơn La", "Thị xã Mộc Châu", "Phường Mộc Lỵ")
NEIGHBOUR = ("Tỉnh Sơn La", "Thành phố Sơn La", "Phường Chiềng Lề")
HANOI = ("Thành phố Hà Nội", "Quận Ba Đình", "Phường Phúc Xá")
SAIGON = ("Thành phố Hồ Chí Minh", "Quận 1", "Phường Bến Nghé")
KIEN_HAI = ("Tỉnh Kiên Giang", "Huyện Kiên Hải", "Xã Hòn Tre")  # an island GHTK's simulator does not serve


@pytest.fixture(autouse=True)
def _no_backoff(settings):
    settings.LOGISTICS_SIM_WEBHOOK_BACKOFF = 0


def area(names) -> CarrierArea:
    province, district, ward = names
    return CarrierArea(province_name=province, district_name=district, ward_name=ward)


def endpoint(names, name="HTX Chè Mộc Châu", phone="+84912000001", street="Tiểu khu 7"):
    return Endpoint(
        name=name,
        phone=phone,
        street=street,
        commune_code="00000",
        commune_name=names[2],
        province_name=names[0],
        area=area(names),
    )


def quote_request(to=HANOI, *, grams=1000, value="300000", fresh=False, cod="0"):
    return QuoteRequest(
        sender=endpoint(SELLER),
        receiver=endpoint(to, name="Nguyễn Văn An", phone="0987654321", street="12 Lê Lợi"),
        parcel=Parcel(weight_grams=grams, declared_value=Decimal(value), fresh=fresh),
        cod_amount=Decimal(cod),
    )


def shipment(*, reference="P-2001", cod="360000", fresh=True, to=HANOI, service="road", tea=2):
    request = quote_request(to=to)
    return ShipmentRequest(
        reference=reference,
        sender=request.sender,
        receiver=request.receiver,
        parcel=Parcel(
            weight_grams=500 * tea + 1200,
            declared_value=Decimal("360000"),
            fresh=fresh,
            items=(
                ParcelItem(name="Chè Shan tuyết", quantity=tea, weight_grams=500, price=Decimal("55000"), code="TEA"),
                ParcelItem(name="Mận hậu", quantity=1, weight_grams=1200, price=Decimal("250000")),
            ),
        ),
        service=service,
        cod_amount=Decimal(cod),
        note="Hàng tươi, giao trong ngày",
    )


# --- master data -------------------------------------------------------------------------------
def test_master_data_is_names_only_and_leaves_kien_hai_out():
    rows = GHTKCarrier().master_data()
    assert len(rows) > 9000
    assert rows[0] == {
        "province_id": "",
        "province_name": "Thành phố Hà Nội",
        "district_id": "",
        "district_name": "Quận Ba Đình",
        "ward_id": "",
        "ward_name": "Phường Phúc Xá",
    }
    districts = {row["district_name"] for row in rows}
    assert "Huyện Kiên Hải" not in districts and "Huyện Trường Sa" not in districts
    assert "Huyện Cô Tô" in districts  # GHTK's simulator reaches Cô Tô, GHN's does not


def test_kien_hai_gets_no_ghtk_mapping_but_co_to_does():
    from logistics.addresses import sync_carrier_areas
    from logistics.models import CarrierAreaMapping

    result = sync_carrier_areas(GHTKCarrier(), communes=["00004", "31108", "07192"])  # Ba Đình, Kiên Hải, Cô Tô
    assert (result["mapped"], result["unmapped"]) == (2, 1)
    co_to = CarrierAreaMapping.objects.get(carrier="ghtk", commune_id="07192")
    assert (co_to.province_name, co_to.district_name, co_to.district_id) == ("Tỉnh Quảng Ninh", "Huyện Cô Tô", "")


# --- quotes ------------------------------------------------------------------------------------
def test_quote_by_road_within_the_province_and_also_by_air_across_regions():
    carrier = GHTKCarrier()
    near = carrier.quote(quote_request(to=NEIGHBOUR))
    far = carrier.quote(quote_request(to=SAIGON))
    assert [q.service for q in near] == ["road"] and [q.service for q in far] == ["road", "fly"]
    assert all(q.carrier == "ghtk" and q.service_name and q.fee > 0 for q in near + far)
    assert near[0].fee < carrier.quote(quote_request(to=HANOI))[0].fee < far[0].fee < far[1].fee


def test_the_fee_grows_with_weight_and_sends_grams():
    carrier = GHTKCarrier()
    assert carrier.quote(quote_request(grams=4000))[0].fee > carrier.quote(quote_request(grams=600))[0].fee
    params = carrier.fee_params(quote_request(grams=1500), "road")
    assert params["weight"] == 1500 and params["deliver_option"] == "none" and params["transport"] == "road"
    assert (params["pick_province"], params["pick_district"], params["province"], params["district"]) == (
        "Tỉnh Sơn La",
        "Thị xã Mộc Châu",
        "Thành phố Hà Nội",
        "Quận Ba Đình",
    )


def test_fresh_produce_is_quoted_with_the_farm_produce_tag():
    carrier = GHTKCarrier()
    plain, fresh = carrier.quote(quote_request())[0], carrier.quote(quote_request(fresh=True))[0]
    assert "tags[]" not in carrier.fee_params(quote_request(), "road")
    assert carrier.fee_params(quote_request(fresh=True), "road")["tags[]"] == [7]
    assert fresh.fee == plain.fee + 5000 and fresh.raw["extFees"][0]["amount"] == 5000


def test_insurance_above_a_million_is_part_of_the_quote():
    carrier = GHTKCarrier()
    cheap, dear = carrier.quote(quote_request(value="800000"))[0], carrier.quote(quote_request(value="3000000"))[0]
    assert dear.raw["insurance_fee"] == 15000 and cheap.raw["insurance_fee"] == 0
    assert dear.fee == cheap.fee + 15000


def test_an_island_ghtk_does_not_serve_cannot_be_quoted():
    with pytest.raises(CarrierError, match="Kiên Hải") as refused:
        GHTKCarrier().quote(quote_request(to=KIEN_HAI))
    assert not isinstance(refused.value, CarrierUnavailable)


def test_a_receiver_without_ghtk_names_is_unmapped():
    request = quote_request()
    unnamed = QuoteRequest(sender=request.sender, receiver=endpoint(("", "", "")), parcel=request.parcel)
    with pytest.raises(UnmappedAddress):
        GHTKCarrier().quote(unnamed)


def test_ghtk_refuses_a_district_it_cannot_find_and_the_seller_reads_why():
    with pytest.raises(CarrierError, match="Không tìm thấy quận/huyện Quận 13"):
        GHTKCarrier().quote(quote_request(to=("Thành phố Hồ Chí Minh", "Quận 13", "Phường 1")))


def test_ghtk_matches_names_with_or_without_their_unit_word():
    status, answer = simulator.local_transport(
        "GET", "/services/shipment/fee", headers=HEADERS, timeout=1,
        params={"pick_province": "Sơn La", "pick_district": "Mộc Châu", "province": "Hà Nội",
                "district": "Ba Đình", "weight": 500, "deliver_option": "none"},
    )  # fmt: skip
    assert status == 200 and answer["success"] is True and answer["fee"]["delivery"] is True


def test_a_parcel_over_the_weight_limit_is_refused_before_and_by_ghtk():
    with pytest.raises(CarrierError, match="20"):
        GHTKCarrier().quote(quote_request(grams=LIMITS["weight_grams"] + 1))
    params = GHTKCarrier().fee_params(quote_request(), "road")
    params["weight"] = LIMITS["weight_grams"] + 1
    status, answer = simulator.local_transport(
        "GET", "/services/shipment/fee", headers=HEADERS, params=params, timeout=1
    )
    assert status == 200 and answer["success"] is False and "20kg" in answer["message"]


# --- booking -----------------------------------------------------------------------------------
def test_create_sends_products_in_kilograms_and_the_order_by_names():
    body = GHTKCarrier().create_body(shipment())
    assert body["products"][0] == {
        "name": "Chè Shan tuyết",
        "weight": 0.5,
        "quantity": 2,
        "product_code": "TEA",
        "price": 55000,
    }
    order = body["order"]
    assert order["id"] == "P-2001" and order["pick_money"] == 360000 and order["tags"] == [7]
    assert (order["province"], order["district"], order["ward"]) == HANOI and order["hamlet"] == "Khác"
    assert order["tel"] == "0987654321" and order["pick_tel"] == "0912000001"
    assert order["is_freeship"] == "1" and order["transport"] == "road" and order["deliver_option"] == "none"
    assert "tags" not in GHTKCarrier().create_body(shipment(fresh=False))["order"]


def test_seller_books_a_cod_parcel_and_ghtk_holds_the_amount_to_collect():
    carrier = GHTKCarrier()
    chosen = carrier.quote(QuoteRequest(**{**quote_request().__dict__, "parcel": shipment().parcel}))[0]
    booking = carrier.create(shipment())
    assert booking.tracking_code.startswith("S1.A1.") and booking.fee == chosen.fee
    assert booking.expected_delivery is not None
    parcel = simulator.store.get(booking.tracking_code)
    assert parcel["pick_money"] == 360000 and parcel["partner_id"] == "P-2001" and parcel["weight"] == 2200
    assert parcel["tags"] == [7] and parcel["status_id"] == 1


def test_booking_the_same_order_again_gives_back_the_parcel_ghtk_already_has():
    carrier = GHTKCarrier()
    first = carrier.create(shipment())
    again = carrier.create(shipment())
    assert again.tracking_code == first.tracking_code and again.fee == first.fee
    assert len(simulator.store.open_codes()) == 1


def test_create_without_a_required_field_gets_ghtks_refusal():
    body = GHTKCarrier().create_body(shipment())
    del body["order"]["tel"]
    status, answer = simulator.local_transport(
        "POST", "/services/shipment/order/?ver=1.5", headers=HEADERS, json_body=body, timeout=1
    )
    assert status == 200 and answer == {"success": False, "message": "Thiếu tham số: tel"}


def test_booking_refusals_reach_the_seller_as_carrier_errors():
    with pytest.raises(CarrierError, match="chưa hỗ trợ"):
        GHTKCarrier().create(shipment(to=KIEN_HAI))
    with pytest.raises(CarrierError):
        GHTKCarrier().create(shipment(cod=str(LIMITS["cod"] + 1)))
    with pytest.raises(CarrierError, match="Token"):
        GHTKCarrier(token="not-ours").create(shipment())


# --- cancel and track -------------------------------------------------------------------------
def test_seller_cancels_before_pickup_but_not_after():
    carrier = GHTKCarrier()
    first = carrier.create(shipment(reference="P-1"))
    carrier.cancel(first.tracking_code)
    [now] = carrier.track(first.tracking_code)
    assert (now.status, now.carrier_status) == (S.CANCELLED, "-1")
    with pytest.raises(CarrierError, match="đã bị hủy"):
        carrier.cancel(first.tracking_code)

    second = carrier.create(shipment(reference="P-2"))
    with serving() as (url, _server):
        for _ in range(3):  # 2 received, 12 picking, 3 picked up
            simulator.advance(second.tracking_code, webhook_url=url, request_host="testserver")
    with pytest.raises(CarrierError, match="không thể hủy"):
        carrier.cancel(second.tracking_code)


def test_track_reports_where_the_parcel_is_now_keyed_like_its_webhook():
    carrier = GHTKCarrier(webhook_hash="h")
    booking = carrier.create(shipment())
    with serving() as (url, server):
        steps = simulator.drive(booking.tracking_code, webhook_url=url + "/hook?hash=h", request_host="testserver")
    assert steps == ["2", "12", "3", "4", "5", "6"]
    [now] = carrier.track(booking.tracking_code)
    assert (now.status, now.carrier_status, now.reference) == (S.DELIVERED, "6", "P-2001")
    assert now.cod_collected == Decimal("360000")
    last = server.received[-1]
    [posted] = carrier.parse_webhook(
        body=last["body"], content_type=last["headers"]["content-type"],
        query={k: v[0] for k, v in parse_qs(urlsplit(last["path"]).query).items()}, headers=last["headers"],
    )  # fmt: skip
    assert posted.event_key == now.event_key and posted.occurred_at == now.occurred_at
    assert simulator.advance(booking.tracking_code, webhook_url=url, request_host="testserver") is None


# --- outages ----------------------------------------------------------------------------------
@pytest.mark.parametrize("fault", ["500", "timeout"])
def test_ghtk_down_is_carrier_unavailable(fault):
    set_fault("ghtk", fault)
    with pytest.raises(CarrierUnavailable):
        GHTKCarrier().quote(quote_request())
    with pytest.raises(CarrierUnavailable):
        GHTKCarrier().create(shipment())
    set_fault("ghtk", None)
    assert GHTKCarrier().quote(quote_request())


def test_over_real_http_a_hanging_ghtk_times_out_and_a_5xx_is_unavailable():
    with serving((200, {"success": True}, 2)) as (url, _server):
        with pytest.raises(CarrierUnavailable):
            GHTKCarrier(api_base=url, timeout=0.3).create(shipment())
    with serving((500, {"success": False}, 0)) as (url, _server):
        with pytest.raises(CarrierUnavailable):
            GHTKCarrier(api_base=url, timeout=2).quote(quote_request())


def test_over_real_http_the_client_sends_ghtks_headers_paths_and_tags():
    fee = {"success": True, "message": "", "fee": {"name": "area2", "fee": 35000, "insurance_fee": 0, "delivery": True}}
    booked = {"success": True, "order": {"label": "S1.A1.123456789", "fee": 35000, "insurance_fee": 0}}
    with serving((200, fee, 0), (200, fee, 0), (200, booked, 0)) as (url, server):
        carrier = GHTKCarrier(api_base=url, timeout=2)
        road, fly = carrier.quote(quote_request(fresh=True))
        booking = carrier.create(shipment())
    assert road.fee == Decimal("35000") and booking.tracking_code == "S1.A1.123456789"
    asked, asked_fly, booked_with = server.received
    assert parse_qs(urlsplit(asked_fly["path"]).query)["transport"] == ["fly"]
    query = parse_qs(urlsplit(asked["path"]).query)
    assert asked["method"] == "GET" and urlsplit(asked["path"]).path == "/services/shipment/fee"
    assert query["tags[]"] == ["7"] and query["weight"] == ["1000"] and query["district"] == ["Quận Ba Đình"]
    assert asked["headers"]["token"] == "sim-ghtk-token" and asked["headers"]["x-client-source"] == "SIMGHTK"
    assert booked_with["method"] == "POST" and booked_with["path"] == "/services/shipment/order/?ver=1.5"
    assert json.loads(booked_with["body"])["order"]["pick_money"] == 360000


def test_over_real_http_a_refusal_is_a_carrier_error_with_ghtks_reason():
    with serving((200, {"success": False, "message": "Địa chỉ lấy hàng không hợp lệ"}, 0)) as (url, _server):
        with pytest.raises(CarrierError, match="Địa chỉ lấy hàng không hợp lệ") as refused:
            GHTKCarrier(api_base=url, timeout=2).create(shipment())
    assert not isinstance(refused.value, CarrierUnavailable)


# --- webhooks ---------------------------------------------------------------------------------
def ghtk_webhook(**changes) -> bytes:
    fields = {
        "label_id": "S1.A1.17373471", "partner_id": "P-2001", "status_id": 5,
        "action_time": "2025-08-02T14:18:39+07:00", "reason_code": "", "reason": "", "weight": 2.2, "fee": 36000,
        "pick_money": 360000, "return_part_package": 0,
    }  # fmt: skip
    fields.update(changes)
    return urlencode({k: v for k, v in fields.items() if v is not None}).encode()


def parse(body, *, query=None, content_type="application/x-www-form-urlencoded"):
    query = {"hash": "sim-ghtk-hash"} if query is None else query
    return GHTKCarrier().parse_webhook(body=body, content_type=content_type, query=query, headers={})


def test_a_delivered_webhook_reports_delivery_and_the_settlement_reports_the_cash():
    [delivered] = parse(ghtk_webhook())
    assert (delivered.status, delivered.carrier_status, delivered.reference) == (S.DELIVERED, "5", "P-2001")
    assert delivered.tracking_code == "S1.A1.17373471" and delivered.cod_collected is None
    assert delivered.occurred_at.isoformat() == "2025-08-02T14:18:39+07:00"
    assert delivered.event_key == "S1.A1.17373471:5:2025-08-02T07:18:39+00:00"
    [settled] = parse(ghtk_webhook(status_id=6, action_time="2025-08-05T09:00:00+07:00"))
    assert settled.status == S.DELIVERED and settled.cod_collected == Decimal("360000")
    assert settled.event_key != delivered.event_key
    assert parse(ghtk_webhook())[0].event_key == delivered.event_key  # a re-sent webhook is the same event


@pytest.mark.parametrize(
    ("status_id", "status"),
    [(-1, S.CANCELLED), (1, S.CREATED), (2, S.CREATED), (12, S.CREATED), (3, S.PICKED_UP),
     (4, S.OUT_FOR_DELIVERY), (9, S.FAILED_ATTEMPT), (20, S.RETURNING), (21, S.RETURNED),
     (7, ""), (8, ""), (10, ""), (11, ""), (13, ""), (123, ""), (45, ""), (410, "")],
)  # fmt: skip
def test_ghtk_status_ids_map_onto_our_status_machine(status_id, status):
    [update] = parse(ghtk_webhook(status_id=status_id, reason="Khách hẹn lại" if status_id == 9 else ""))
    assert update.status == status and update.carrier_status == str(status_id)
    assert set(STATUS_MAP.values()) <= set(S.values)


def test_a_webhook_sent_as_json_is_read_too():
    body = json.dumps(
        dict(
            parse_qs(ghtk_webhook().decode()),
            status_id="3",
            label_id="S1.A1.9",
            action_time="2025-08-02T08:00:00+07:00",
        )
    )
    [update] = parse(body.encode(), content_type="application/json")
    assert update.status == S.PICKED_UP and update.tracking_code == "S1.A1.9"


@pytest.mark.parametrize(
    ("body", "query"),
    [
        (ghtk_webhook(), {}),  # no hash: anyone could have sent it
        (ghtk_webhook(), {"hash": "guessed"}),
        (ghtk_webhook(), {"hash": ""}),
        (ghtk_webhook(label_id=None), None),
        (ghtk_webhook(status_id="delivered"), None),
        (ghtk_webhook(action_time="hôm qua"), None),
        (b"\xff\xfe not text", None),
    ],
)
def test_forged_or_malformed_webhooks_are_refused(body, query):
    with pytest.raises(InvalidWebhook):
        parse(body, query=query)


def test_ghtk_is_answered_200_only_for_what_we_took():
    assert GHTKCarrier().webhook_answer(ok=True).status == 200
    assert GHTKCarrier().webhook_answer(ok=False).status != 200


# --- the simulator's road and its webhook retries ---------------------------------------------
def test_the_simulator_posts_a_form_and_retries_once_when_the_answer_is_not_200():
    booking = GHTKCarrier().create(shipment())
    with serving((500, {}, 0), (200, {}, 0)) as (url, server):
        assert simulator.advance(booking.tracking_code, webhook_url=url + "/hook?hash=x", request_host="t") == "2"
    assert len(server.received) == 2
    first = server.received[0]
    assert first["path"] == "/hook?hash=x" and first["headers"]["content-type"] == "application/x-www-form-urlencoded"
    fields = {k: v[0] for k, v in parse_qs(first["body"].decode()).items()}
    assert fields["label_id"] == booking.tracking_code and fields["partner_id"] == "P-2001"
    assert fields["status_id"] == "2" and fields["weight"] == "2.2" and fields["pick_money"] == "360000"
    assert fields["action_time"].endswith("+07:00")


def test_the_simulator_gives_up_after_one_retry():
    booking = GHTKCarrier().create(shipment())
    with serving((500, {}, 0), (500, {}, 0), (200, {}, 0)) as (url, server):
        simulator.advance(booking.tracking_code, webhook_url=url, request_host="t")
    assert len(server.received) == 1 + simulator.WEBHOOK_RETRIES == 2
    assert simulator.store.get(booking.tracking_code)["webhooks"][-1] == {"status_id": 2, "answers": [500, 500]}


@pytest.mark.parametrize(
    ("scenario", "steps", "last"),
    [
        ("return", ["2", "12", "3", "4", "9", "10", "4", "9", "20", "21", "11"], S.RETURNED),
        ("fail_once", ["2", "12", "3", "4", "9", "4", "5", "6"], S.DELIVERED),
    ],
)
def test_scenarios_fail_at_the_door_then_return_or_deliver(scenario, steps, last):
    carrier = GHTKCarrier()
    booking = carrier.create(shipment())
    with serving() as (url, server):
        assert (
            simulator.drive(
                booking.tracking_code, webhook_url=url + "?hash=sim-ghtk-hash", request_host="t", scenario=scenario
            )
            == steps
        )
    statuses = [parse(r["body"])[0].status for r in server.received]
    assert S.FAILED_ATTEMPT in statuses and [s for s in statuses if s][-1] == last
    assert booking.tracking_code not in simulator.store.open_codes()
