"""A seller quotes, books, cancels and tracks parcels at Vietnam Post, through the client against the
local VNPost (and against a real local HTTP server for the network failures)."""

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils.translation import gettext

from logistics.carriers import simulation
from logistics.carriers.base import CarrierArea, CarrierError, CarrierUnavailable, ShipmentStatus, UnmappedAddress
from logistics.carriers.registry import get_carrier
from logistics.carriers.vnpost import simulator
from logistics.carriers.vnpost.client import VNPostCarrier
from tests.logistics.fake_http import serving

from .helpers import HOA_MINH, HUONG_PHONG, PHUC_XA, TAN_DINH, TRUC_BACH, TRUONG_SA, parcel, quote_request, shipment

pytestmark = pytest.mark.django_db


@pytest.fixture
def vnp():
    return VNPostCarrier()


def test_registry_gives_the_simulated_vnpost_when_no_api_base_is_set():
    carrier = get_carrier("vnpost")
    assert isinstance(carrier, VNPostCarrier) and carrier.simulated
    assert carrier.needs_area_ids and carrier.supports_cod


def test_seller_sees_vnpost_services_priced_by_route_weight_and_extras(vnp):
    across = {q.service: q for q in vnp.quote(quote_request(PHUC_XA, TAN_DINH))}
    assert set(across) == {"CTN007", "CTN009", "ETN037"}
    assert across["ETN037"].fee > across["CTN009"].fee > across["CTN007"].fee > 0
    assert (across["CTN009"].service_name, across["CTN009"].expected_days) == ("Tiêu chuẩn TMĐT", 5)
    assert across["CTN009"].raw["totalFee"] == int(across["CTN009"].fee)

    same_city = {q.service: q for q in vnp.quote(quote_request(PHUC_XA, TRUC_BACH))}
    same_region = {q.service: q for q in vnp.quote(quote_request(HUONG_PHONG, HOA_MINH))}
    assert same_city["CTN009"].fee < same_region["CTN009"].fee < across["CTN009"].fee

    heavier = {q.service: q for q in vnp.quote(quote_request(PHUC_XA, TAN_DINH, grams=5000))}
    with_cod = {q.service: q for q in vnp.quote(quote_request(PHUC_XA, TAN_DINH, cod="2000000"))}
    assert heavier["CTN009"].fee > across["CTN009"].fee and with_cod["CTN009"].raw["codFee"] == 20000
    valuable = vnp.quote(replace(quote_request(PHUC_XA, TAN_DINH), parcel=parcel(value="4000000")))
    assert {q.service: q for q in valuable}["CTN009"].raw["insuranceFee"] == 20000  # declared value, GTG008


def test_booking_returns_an_s10_waybill_and_tracking_shows_it_created(vnp):
    booking = vnp.create(shipment("OCOP-100042-1"))
    code = booking.tracking_code
    assert code.startswith("CK") and code.endswith("VN") and len(code) == 13
    digits = [int(d) for d in code[2:10]]
    check = 11 - sum(d * w for d, w in zip(digits, (8, 6, 4, 2, 3, 5, 9, 7), strict=True)) % 11
    assert int(code[10]) == {10: 0, 11: 5}.get(check, check)
    assert booking.fee == Decimal(booking.raw["totalFee"]) > 0 and booking.raw["originalId"]
    assert simulator.store.get(code)["codAmount"] == 250000
    [created] = vnp.track(code)
    assert (created.status, created.carrier_status, created.reference) == (ShipmentStatus.CREATED, "1", "OCOP-100042-1")


def test_the_booking_carries_cod_and_the_former_units_as_vnpost_writes_them(vnp):
    sent = []

    def watching(method, url, **kwargs):
        sent.append((url, kwargs.get("json_body")))
        return simulator.local_transport(method, url, **kwargs)

    VNPostCarrier(transport=watching).create(shipment("OCOP-100043-1"))
    [body] = [body for url, body in sent if url.endswith("/CreateOrder")]
    assert body["addonService"] == [{"code": "GTG021", "propValue": "PROP0018:250000"}]
    assert body["saleOrderCode"] == "OCOP-100043-1" and body["orderCreationStatus"] == 1
    assert body["receiverProvinceName"] == "TP. Hồ Chí Minh" and body["receiverDistrictName"] == "Q. 1"
    assert body["receiverCommuneName"] == "P. Tân Định"
    assert body["receiverCommuneCode"].startswith(body["receiverDistrictCode"])
    assert body["receiverDistrictCode"].startswith(body["receiverProvinceCode"])


def test_seller_cancels_before_pickup_but_not_after(vnp):
    booking = vnp.create(shipment("OCOP-100044-1"))
    vnp.cancel(booking.tracking_code)
    history = vnp.track(booking.tracking_code)
    assert [(u.carrier_status, u.status) for u in history] == [
        ("1", ShipmentStatus.CREATED),
        ("12", ShipmentStatus.CANCELLED),
    ]
    again = vnp.create(shipment("OCOP-100044-1"))  # the parcel code is free again
    for _ in range(2):
        simulator.advance(again.tracking_code, webhook_url="http://testserver/nowhere/", request_host="testserver")
    with pytest.raises(CarrierError, match="không thể hủy"):
        vnp.cancel(again.tracking_code)
    with pytest.raises(CarrierError, match="Không tìm thấy"):
        vnp.cancel("CK000000000VN")


def test_the_access_token_is_reused_and_a_stale_one_replaced_once(vnp):
    vnp.quote(quote_request())
    vnp.create(shipment("OCOP-100045-1"))
    VNPostCarrier().quote(quote_request())
    assert simulator.login_count() == 1 and cache.get(vnp._token_key)
    simulator.revoke_tokens()
    assert vnp.quote(quote_request()) and simulator.login_count() == 2


def test_a_wrong_password_is_a_plain_refusal():
    with pytest.raises(CarrierError, match="mật khẩu không đúng") as refused:
        VNPostCarrier(password="not-it").quote(quote_request())
    assert not isinstance(refused.value, CarrierUnavailable)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"service": "NOPE"}, "Mã dịch vụ không hợp lệ"),
        ({"receiver_phone": "12345"}, "Số điện thoại người nhận không hợp lệ"),
        ({"grams": 31_000}, "Khối lượng không hợp lệ"),
        ({"cod": "40000000"}, "thu hộ vượt quá giới hạn"),
        ({"receiver": TRUONG_SA}, "không thuộc vùng phục vụ"),
    ],
)
def test_refusals_reach_the_seller_with_vnposts_reason(vnp, change, reason):
    with pytest.raises(CarrierError, match=reason) as refused:
        vnp.create(shipment("OCOP-100046-1", **change))
    assert not isinstance(refused.value, CarrierUnavailable) and gettext("Vietnam Post") in str(refused.value)
    assert not simulator.store.open_codes()


def test_a_commune_code_from_another_district_is_refused(vnp):
    request = shipment("OCOP-100047-1")
    elsewhere = simulator.area_of(TRUC_BACH)
    wrong = replace(request.receiver.area, ward_id=elsewhere.ward_id)
    with pytest.raises(CarrierError, match="phường/xã người nhận"):
        vnp.create(replace(request, receiver=replace(request.receiver, area=wrong)))


def test_a_parcel_code_booked_twice_is_refused(vnp):
    vnp.create(shipment("OCOP-100048-1"))
    with pytest.raises(CarrierError, match="đã tồn tại"):
        vnp.create(shipment("OCOP-100048-1"))


def test_an_address_without_vnpost_codes_cannot_be_quoted(vnp):
    request = quote_request()
    unmapped = replace(request, receiver=replace(request.receiver, area=CarrierArea(province_name="Hà Nội")))
    with pytest.raises(UnmappedAddress, match="Phường Ba Đình"):
        vnp.quote(unmapped)
    assert simulator.login_count() == 0


@pytest.mark.parametrize("fault", ["500", "timeout"])
def test_a_simulated_outage_is_carrier_unavailable_and_books_nothing(vnp, fault):
    simulation.set_fault("vnpost", fault)
    with pytest.raises(CarrierUnavailable, match=gettext("Vietnam Post")):
        vnp.quote(quote_request())
    with pytest.raises(CarrierUnavailable):
        vnp.create(shipment("OCOP-100049-1"))
    simulation.set_fault("vnpost", None)
    assert not simulator.store.open_codes()
    assert vnp.create(shipment("OCOP-100049-1")).tracking_code


LOGIN = (200, {"success": True, "token": "t-1", "message": "Thành công"}, 0)


def test_a_real_vnpost_that_hangs_or_answers_500_is_unavailable():
    with serving(LOGIN, (200, [], 2)) as (base, server):
        with pytest.raises(CarrierUnavailable):
            VNPostCarrier(api_base=base + "/MYVNP_API", customer_code="C000368268", timeout=0.3).quote(quote_request())
    login, charge = server.received
    assert login["path"] == "/MYVNP_API/customer-partner/GetAccessToken"
    assert json.loads(login["body"])["customerCode"] == "C000368268"
    assert charge["path"] == "/MYVNP_API/customer-partner/ServicesCharge" and charge["headers"]["token"] == "t-1"
    assert json.loads(charge["body"])["scope"] == 1
    with serving(LOGIN, (502, {"message": "Bad Gateway"}, 0)) as (base, _):
        with pytest.raises(CarrierUnavailable, match="502"):
            VNPostCarrier(api_base=base, timeout=2).create(shipment())


def test_a_real_vnpost_asking_for_a_new_token_gets_one_login_more():
    services = [{"serviceCode": "CTN009", "totalFee": 31320, "deliveryTime": "3-4 ngày"}]
    with serving(LOGIN, (401, {"message": "Unauthorized"}, 0), LOGIN, (200, services, 0)) as (base, server):
        [offer] = VNPostCarrier(api_base=base).quote(quote_request())
    assert (offer.service, offer.service_name, offer.fee, offer.expected_days) == (
        "CTN009",
        "Tiêu chuẩn TMĐT",
        Decimal("31320"),
        4,
    )
    assert [r["path"].rsplit("/", 1)[1] for r in server.received] == [
        "GetAccessToken",
        "ServicesCharge",
        "GetAccessToken",
        "ServicesCharge",
    ]
