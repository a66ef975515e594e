"""Viettel Post's news about a parcel: signed webhooks (our assumed HMAC scheme), its status codes on
our status machine, and the local Viettel Post driving parcels to the end, re-sending until HTTP 200."""

import json
from decimal import Decimal

import pytest
from django.conf import settings

from logistics.carriers.base import InvalidWebhook, ShipmentStatus
from logistics.carriers.viettelpost import simulator
from logistics.carriers.viettelpost.client import STATUS_MAP, WEBHOOK_SIGNATURE_HEADER, ViettelPostCarrier, sign
from tests.logistics.fake_http import serving

from .helpers import PHUC_XA, shipment

S = ShipmentStatus


@pytest.fixture(autouse=True)
def _no_webhook_backoff(settings):
    settings.LOGISTICS_SIM_WEBHOOK_BACKOFF = 0


@pytest.fixture
def vtp():
    return ViettelPostCarrier()


def event(**change) -> dict:
    data = {
        "ORDER_NUMBER": "100123456789",
        "ORDER_REFERENCE": "OCOP-100042-1",
        "ORDER_STATUSDATE": "21/04/2025 06:21:31",
        "ORDER_STATUS": 501,
        "STATUS_NAME": "Phát thành công",
        "LOCALION_CURRENTLY": "Bưu cục phát",
        "NOTE": "Người nhận: An",
        "MONEY_COLLECTION": 250000,
        "MONEY_TOTAL": 250000,
        "PRODUCT_WEIGHT": 1200,
        "ORDER_SERVICE": "VCBO",
    }
    data.update(change)
    return data


def signed(payload, secret=None, header=WEBHOOK_SIGNATURE_HEADER):
    secret = settings.VIETTELPOST_WEBHOOK_SECRET if secret is None else secret
    body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
    return {"body": body, "content_type": "application/json", "query": {}, "headers": {header: sign(body, secret)}}


def test_a_signed_delivery_webhook_becomes_a_delivered_update_with_the_cash_collected(vtp):
    [update] = vtp.parse_webhook(**signed({"DATA": event()}))
    assert update.tracking_code == "100123456789" and update.reference == "OCOP-100042-1"
    assert (update.status, update.carrier_status) == (S.DELIVERED, "501")
    assert update.cod_collected == Decimal("250000")
    assert update.occurred_at.isoformat() == "2025-04-21T06:21:31+07:00"
    assert update.event_key == "100123456789:501:2025-04-21T06:21:31+07:00"
    assert update.description == "Phát thành công - Người nhận: An"
    assert update.raw["LOCALION_CURRENTLY"] == "Bưu cục phát"


def test_the_same_event_twice_has_one_key_and_a_later_one_another(vtp):
    first = vtp.parse_webhook(**signed({"DATA": event()}))[0]
    again = vtp.parse_webhook(**signed({"DATA": event()}))[0]
    later = vtp.parse_webhook(**signed({"DATA": event(ORDER_STATUSDATE="21/04/2025 09:00:00")}))[0]
    assert first.event_key == again.event_key != later.event_key


def test_cash_is_reported_only_when_the_parcel_is_delivered(vtp):
    [returning] = vtp.parse_webhook(**signed({"DATA": event(ORDER_STATUS=502)}))
    [prepaid] = vtp.parse_webhook(**signed({"DATA": event(MONEY_COLLECTION=0)}))
    assert returning.cod_collected is None and prepaid.cod_collected is None


@pytest.mark.parametrize("style", ["x-vtp-signature", "X-Vtp-Signature", "HTTP_X_VTP_SIGNATURE"])
def test_the_signature_header_is_found_however_the_view_spells_it(vtp, style):
    assert vtp.parse_webhook(**signed({"DATA": event()}, header=style))


@pytest.mark.parametrize(
    "forge",
    [
        lambda delivery: {**delivery, "headers": {}},
        lambda delivery: {**delivery, "headers": {WEBHOOK_SIGNATURE_HEADER: "0" * 64}},
        lambda delivery: {**delivery, "body": delivery["body"].replace(b"250000", b"990000")},
        lambda delivery: signed(json.loads(delivery["body"]), secret="someone-elses-secret"),
    ],
    ids=["unsigned", "made-up signature", "body changed after signing", "signed with another secret"],
)
def test_a_forged_webhook_is_refused_before_it_is_read(vtp, forge):
    with pytest.raises(InvalidWebhook, match="signature"):
        vtp.parse_webhook(**forge(signed({"DATA": event()})))


@pytest.mark.parametrize(
    "payload",
    [
        b"ORDER_NUMBER=1&ORDER_STATUS=501",
        {"data": event()},
        {"DATA": "501"},
        {"DATA": event(ORDER_STATUSDATE="2025-04-21T06:21:31")},
        {"DATA": event(ORDER_STATUS="delivered")},
        {"DATA": {k: v for k, v in event().items() if k != "ORDER_NUMBER"}},
        ["not", "an", "object"],
    ],
    ids=[
        "form-encoded",
        "lower-case data",
        "DATA not an object",
        "ISO time",
        "status not a number",
        "no number",
        "list",
    ],
)
def test_a_signed_but_malformed_webhook_is_refused(vtp, payload):
    with pytest.raises(InvalidWebhook):
        vtp.parse_webhook(**signed(payload))


def test_without_a_webhook_secret_nothing_verifies(settings):
    settings.VIETTELPOST_WEBHOOK_SECRET = ""  # a forger would sign with the empty key
    with pytest.raises(InvalidWebhook, match="SECRET"):
        ViettelPostCarrier().parse_webhook(**signed({"DATA": event()}, secret=""))


@pytest.mark.parametrize(
    ("code", "status"),
    [
        (100, S.CREATED),
        (101, S.CANCELLED),
        (102, ""),
        (103, ""),
        (104, ""),
        (105, S.PICKED_UP),
        (107, S.CANCELLED),
        (200, S.PICKED_UP),
        (201, S.CANCELLED),
        (202, ""),
        (300, S.IN_TRANSIT),
        (301, S.IN_TRANSIT),
        (302, S.IN_TRANSIT),
        (303, S.IN_TRANSIT),
        (320, S.IN_TRANSIT),
        (400, S.IN_TRANSIT),
        (500, S.OUT_FOR_DELIVERY),
        (501, S.DELIVERED),
        (502, S.RETURNING),
        (503, S.CANCELLED),
        (504, S.RETURNED),
        (505, S.FAILED_ATTEMPT),
        (506, S.FAILED_ATTEMPT),
        (507, S.FAILED_ATTEMPT),
        (508, ""),
        (509, S.IN_TRANSIT),
        (515, S.RETURNING),
        (550, ""),
        (999, ""),  # a code we do not know yet: kept on the timeline, moves nothing
    ],
)
def test_viettel_post_status_codes_on_our_status_machine(vtp, code, status):
    [update] = vtp.parse_webhook(**signed({"DATA": event(ORDER_STATUS=str(code), STATUS_NAME="", NOTE="")}))
    assert (update.status, update.carrier_status) == (status, str(code))
    assert update.description == STATUS_MAP.get(code, ("", ""))[1]


def test_webhook_answers():
    assert ViettelPostCarrier().webhook_answer(ok=True).status == 200
    assert ViettelPostCarrier().webhook_answer(ok=False).status != 200  # Viettel Post re-sends


# --- the local Viettel Post drives parcels --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scenario", "statuses"),
    [
        ("deliver", [S.PICKED_UP, S.PICKED_UP, S.IN_TRANSIT, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERED]),
        (
            "fail_once",
            [
                S.PICKED_UP,
                S.PICKED_UP,
                S.IN_TRANSIT,
                S.IN_TRANSIT,
                S.OUT_FOR_DELIVERY,
                S.FAILED_ATTEMPT,
                S.OUT_FOR_DELIVERY,
                S.DELIVERED,
            ],
        ),
        (
            "return",
            [
                S.PICKED_UP,
                S.PICKED_UP,
                S.IN_TRANSIT,
                S.IN_TRANSIT,
                S.OUT_FOR_DELIVERY,
                S.FAILED_ATTEMPT,
                S.FAILED_ATTEMPT,
                S.RETURNING,
                S.RETURNING,
                S.RETURNED,
            ],
        ),
    ],
)
def test_the_simulator_posts_each_step_as_a_signed_webhook_the_client_accepts(vtp, scenario, statuses):
    booking = vtp.create(shipment("OCOP-100050-1"))
    with serving() as (base, server):
        codes = simulator.drive(
            booking.tracking_code, webhook_url=base + "/hook/", request_host="testserver", scenario=scenario
        )
        assert simulator.advance(booking.tracking_code, webhook_url=base + "/hook/", request_host="testserver") is None
    updates = [
        vtp.parse_webhook(body=r["body"], content_type="application/json", query={}, headers=r["headers"])[0]
        for r in server.received
    ]
    assert [u.status for u in updates] == statuses
    assert [u.carrier_status for u in updates] == codes
    assert len({u.event_key for u in updates}) == len(updates)  # two runs at the door are two events
    assert all(u.tracking_code == booking.tracking_code and u.reference == "OCOP-100050-1" for u in updates)
    collected = [u.cod_collected for u in updates if u.cod_collected is not None]
    assert collected == ([Decimal("250000")] if scenario != "return" else [])
    assert booking.tracking_code not in simulator.store.open_codes()
    assert [u.carrier_status for u in vtp.track(booking.tracking_code)] == ["100", *codes]


@pytest.mark.django_db
def test_the_simulator_resends_a_webhook_until_it_gets_http_200(vtp):
    booking = vtp.create(shipment("OCOP-100051-1"))
    with serving((500, {}, 0), (500, {}, 0), (200, {}, 0)) as (base, server):
        assert simulator.advance(booking.tracking_code, webhook_url=base + "/hook/", request_host="testserver") == "105"
    assert simulator.store.get(booking.tracking_code)["webhooks"] == [[500, 500, 200]]
    assert len({r["body"] for r in server.received}) == 1 and len(server.received) == 3


@pytest.mark.django_db
def test_a_cancelled_parcel_goes_nowhere(vtp):
    booking = vtp.create(shipment("OCOP-100052-1"))
    vtp.cancel(booking.tracking_code)
    assert simulator.drive(booking.tracking_code, webhook_url="http://127.0.0.1:9/", request_host="testserver") == []


@pytest.mark.django_db
def test_master_data_is_in_viettel_posts_own_ids_without_the_islands_it_skips(vtp):
    from marketplace.regions.models import LegacyWard

    areas = vtp.master_data()
    skipped = LegacyWard.objects.filter(district_code__in=["576", "207", "912"])
    assert skipped.exists() and len(areas) == LegacyWard.objects.count() - skipped.count()
    assert not [a for a in areas if a["district_name"] in ("HUYỆN TRƯỜNG SA", "HUYỆN CÔ TÔ", "HUYỆN KIÊN HẢI")]
    phuc_xa = simulator.area_of(PHUC_XA)
    [row] = [a for a in areas if a["ward_id"] == phuc_xa.ward_id]
    assert row == {
        "province_id": phuc_xa.province_id,
        "province_name": "THÀNH PHỐ HÀ NỘI",
        "district_id": phuc_xa.district_id,
        "district_name": "QUẬN BA ĐÌNH",
        "ward_id": phuc_xa.ward_id,
        "ward_name": "PHƯỜNG PHÚC XÁ",
    }
    assert all(a["ward_id"].isdigit() and a["district_id"].isdigit() for a in areas)
    tan_dinh = simulator.area_of("26734")  # Phường Tân Định, Quận 1 (NSO 760), TP Hồ Chí Minh (NSO 79)
    assert (tan_dinh.ward_id, tan_dinh.district_id, tan_dinh.province_id) != ("26734", "760", "79")
