"""A seller quotes, books, cancels and tracks parcels at Viettel Post, through the client against the
local Viettel Post (and against a real local HTTP server for the network failures)."""

from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.cache import cache

from logistics.carriers import simulation
from logistics.carriers.base import CarrierArea, CarrierError, CarrierUnavailable, ShipmentStatus, UnmappedAddress
from logistics.carriers.registry import get_carrier
from logistics.carriers.viettelpost import simulator
from logistics.carriers.viettelpost.client import ViettelPostCarrier
from tests.logistics.fake_http import serving

from .helpers import HOA_MINH, HUONG_PHONG, PHUC_XA, TAN_DINH, TRUC_BACH, TRUONG_SA, quote_request, shipment

pytestmark = pytest.mark.django_db


@pytest.fixture
def vtp():
    return ViettelPostCarrier()


def test_registry_gives_the_simulated_viettel_post_when_no_api_base_is_set():
    carrier = get_carrier("viettelpost")
    assert isinstance(carrier, ViettelPostCarrier) and carrier.simulated
    assert carrier.needs_area_ids and carrier.supports_cod


def test_seller_sees_viettel_post_services_priced_by_route_and_weight(vtp):
    across = {q.service: q for q in vtp.quote(quote_request(PHUC_XA, TAN_DINH))}
    assert set(across) == {"VCBO", "VCN"}  # no intra-province economy service from Hà Nội to Sài Gòn
    assert across["VCN"].fee > across["VCBO"].fee > 0
    assert across["VCBO"].service_name == "Chuyển phát thường" and across["VCBO"].expected_days == 5
    assert all(q.carrier == "viettelpost" and q.raw["MA_DV_CHINH"] == q.service for q in across.values())

    same_city = {q.service: q for q in vtp.quote(quote_request(PHUC_XA, TRUC_BACH))}
    assert "PHS" in same_city and same_city["VCBO"].fee < across["VCBO"].fee
    same_region = {q.service: q for q in vtp.quote(quote_request(HUONG_PHONG, HOA_MINH))}
    assert same_city["VCBO"].fee < same_region["VCBO"].fee < across["VCBO"].fee
    assert "PHS" not in same_region

    heavier = {q.service: q for q in vtp.quote(quote_request(PHUC_XA, TAN_DINH, grams=5000))}
    assert heavier["VCBO"].fee > across["VCBO"].fee
    with_cod = {q.service: q for q in vtp.quote(quote_request(PHUC_XA, TAN_DINH, cod="2000000"))}
    assert with_cod["VCBO"].fee > across["VCBO"].fee  # the collection fee is in GIA_CUOC


def test_booking_returns_the_waybill_and_fee_and_tracking_shows_it_received(vtp):
    booking = vtp.create(shipment("OCOP-100042-1"))
    assert booking.tracking_code.isdigit() and len(booking.tracking_code) == 12
    assert booking.fee > 0 and booking.expected_delivery is not None
    parcel = simulator.store.get(booking.tracking_code)
    assert parcel["ORDER_REFERENCE"] == "OCOP-100042-1" and parcel["MONEY_COLLECTION"] == 250000
    [received] = vtp.track(booking.tracking_code)
    assert (received.status, received.carrier_status) == (ShipmentStatus.CREATED, "100")
    assert received.reference == "OCOP-100042-1" and received.cod_collected is None


def test_a_prepaid_parcel_is_booked_without_collection(vtp):
    booking = vtp.create(shipment("OCOP-100043-1", cod="0"))
    assert simulator.store.get(booking.tracking_code)["MONEY_COLLECTION"] == 0


def test_seller_cancels_before_pickup_but_not_after(vtp, settings):
    booking = vtp.create(shipment("OCOP-100044-1"))
    vtp.cancel(booking.tracking_code)
    history = vtp.track(booking.tracking_code)
    assert [u.carrier_status for u in history] == ["100", "107"]
    assert history[-1].status == ShipmentStatus.CANCELLED
    # The same parcel code can be booked again once the first booking is cancelled.
    again = vtp.create(shipment("OCOP-100044-1"))

    simulator.advance(again.tracking_code, webhook_url="http://testserver/nowhere/", request_host="testserver")
    with pytest.raises(CarrierError, match="không thể hủy"):
        vtp.cancel(again.tracking_code)


def test_the_login_token_is_reused_across_calls_and_kept_in_the_cache(vtp):
    vtp.quote(quote_request())
    vtp.create(shipment("OCOP-100045-1"))
    ViettelPostCarrier().quote(quote_request())  # another instance, same account: same cached token
    assert simulator.login_count() == 1
    assert cache.get(vtp._token_key)


def test_a_stale_token_is_replaced_by_one_new_login(vtp):
    vtp.quote(quote_request())
    simulator.revoke_tokens()
    assert vtp.quote(quote_request())
    assert simulator.login_count() == 2
    assert vtp.quote(quote_request()) and simulator.login_count() == 2


def test_a_wrong_password_is_a_plain_refusal(settings):
    with pytest.raises(CarrierError, match="Invalid owner account or password") as refused:
        ViettelPostCarrier(password="not-it").quote(quote_request())
    assert not isinstance(refused.value, CarrierUnavailable)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"service": "NOPE"}, "Incorrect data: ORDER_SERVICE"),
        ({"service": "PHS"}, "Incorrect data: ORDER_SERVICE"),  # intra-province service across the country
        ({"receiver_phone": "12345"}, "Incorrect data: RECEIVER_PHONE"),
        ({"grams": 60_000}, "Incorrect data: ORDER_SERVICE"),  # over every service's weight limit
        ({"receiver": TRUONG_SA}, "Price does not apply to this itinerary"),
    ],
)
def test_refusals_reach_the_seller_with_viettel_posts_reason(vtp, change, reason):
    with pytest.raises(CarrierError, match=reason) as refused:
        vtp.create(shipment("OCOP-100046-1", **change))
    assert not isinstance(refused.value, CarrierUnavailable)
    assert "Viettel Post" in str(refused.value)
    assert not simulator.store.open_codes()


def test_a_parcel_code_booked_twice_is_refused(vtp):
    vtp.create(shipment("OCOP-100047-1"))
    with pytest.raises(CarrierError, match="already exists"):
        vtp.create(shipment("OCOP-100047-1"))


def test_a_quote_over_the_weight_limit_is_refused(vtp):
    with pytest.raises(CarrierError, match="PRODUCT_WEIGHT"):
        vtp.quote(quote_request(grams=80_000))


def test_an_address_without_viettel_post_ids_cannot_be_quoted(vtp):
    request = quote_request()
    unmapped = replace(request, receiver=replace(request.receiver, area=CarrierArea(province_name="Hà Nội")))
    with pytest.raises(UnmappedAddress, match="Phường Ba Đình"):
        vtp.quote(unmapped)
    assert simulator.login_count() == 0  # refused before anything was sent


@pytest.mark.parametrize("fault", ["500", "timeout"])
def test_a_simulated_outage_is_carrier_unavailable_and_books_nothing(vtp, fault):
    simulation.set_fault("viettelpost", fault)
    with pytest.raises(CarrierUnavailable, match="Viettel Post"):
        vtp.quote(quote_request())
    with pytest.raises(CarrierUnavailable):
        vtp.create(shipment("OCOP-100048-1"))
    simulation.set_fault("viettelpost", None)
    assert not simulator.store.open_codes()
    assert vtp.create(shipment("OCOP-100048-1")).tracking_code


def test_a_real_viettel_post_that_hangs_or_answers_500_is_unavailable():
    login = (200, {"status": 200, "error": False, "message": "OK", "data": {"token": "t-1"}}, 0)
    with serving(login, (200, {}, 2)) as (base, server):
        with pytest.raises(CarrierUnavailable):
            ViettelPostCarrier(api_base=base + "/v2", timeout=0.3).quote(quote_request())
        assert [r["path"] for r in server.received] == ["/v2/user/Login", "/v2/order/getPriceAll"]
        assert {k.lower(): v for k, v in server.received[1]["headers"].items()}["token"] == "t-1"
    cache.clear()
    with serving(login, (500, {"message": "Internal Server Error"}, 0)) as (base, _):
        with pytest.raises(CarrierUnavailable, match="500"):
            ViettelPostCarrier(api_base=base, timeout=2).create(shipment())


def test_a_real_viettel_post_refusal_on_http_200_is_read_from_the_envelope():
    login = (200, {"status": 200, "error": False, "message": "OK", "data": {"token": "t-1"}}, 0)
    refusal = (
        200,
        {"status": 205, "error": True, "message": "Price does not apply to this itinerary", "data": None},
        0,
    )
    with serving(login, refusal) as (base, server):
        with pytest.raises(CarrierError, match="itinerary"):
            ViettelPostCarrier(api_base=base).quote(quote_request())
    services = [
        {"MA_DV_CHINH": "LCOD", "TEN_DICHVU": "TMĐT tiết kiệm", "GIA_CUOC": 28704, "THOI_GIAN": "Khoảng 3 ngày"}
    ]
    with serving(login, (200, services, 0)) as (base, _):  # getPriceAll answers a bare list
        [offer] = ViettelPostCarrier(api_base=base).quote(quote_request())
    assert (offer.service, offer.fee, offer.expected_days) == ("LCOD", Decimal("28704"), 3)
