"""Vietnam Post's news about a parcel: webhooks (a design of ours, HMAC-signed), its (assumed) status
codes on our status machine, and the local VNPost driving parcels to the end, re-sending until 200."""

import json
from decimal import Decimal

import pytest
from django.conf import settings

from logistics.carriers.base import InvalidWebhook, ShipmentStatus
from logistics.carriers.vnpost import simulator
from logistics.carriers.vnpost.client import STATUS_MAP, WEBHOOK_SIGNATURE_HEADER, VNPostCarrier, sign
from tests.logistics.fake_http import serving

from .helpers import PHUC_XA, TRUONG_SA, shipment

S = ShipmentStatus


@pytest.fixture(autouse=True)
def _no_webhook_backoff(settings):
    settings.LOGISTICS_SIM_WEBHOOK_BACKOFF = 0


@pytest.fixture
def vnp():
    return VNPostCarrier()


def event(**change) -> dict:
    data = {
        "itemCode": "CK123456785VN",
        "originalId": "1234567890",
        "saleOrderCode": "OCOP-100042-1",
        "status": "8",
        "statusName": "Phát thành công",
        "statusTime": "21/04/2025 06:21:31",
        "codAmount": 250000,
        "locateName": "Bưu cục phát",
        "note": "",
    }
    data.update(change)
    return data


def signed(payload, secret=None, header=WEBHOOK_SIGNATURE_HEADER):
    secret = settings.VNPOST_WEBHOOK_SECRET if secret is None else secret
    body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
    return {"body": body, "content_type": "application/json", "query": {}, "headers": {header: sign(body, secret)}}


def test_a_signed_delivery_webhook_becomes_a_delivered_update_with_the_cash_collected(vnp):
    [update] = vnp.parse_webhook(**signed(event()))
    assert (update.tracking_code, update.reference) == ("CK123456785VN", "OCOP-100042-1")
    assert (update.status, update.carrier_status) == (S.DELIVERED, "8")
    assert update.cod_collected == Decimal("250000")
    assert update.occurred_at.isoformat() == "2025-04-21T06:21:31+07:00"
    assert update.event_key == "CK123456785VN:8:2025-04-21T06:21:31+07:00"
    assert update.description == "Phát thành công - Bưu cục phát"


def test_the_same_event_twice_has_one_key_and_a_later_one_another(vnp):
    first, again = (vnp.parse_webhook(**signed(event()))[0] for _ in range(2))
    later = vnp.parse_webhook(**signed(event(statusTime="21/04/2025 09:00:00")))[0]
    assert first.event_key == again.event_key != later.event_key


def test_cash_is_reported_only_when_the_parcel_is_delivered(vnp):
    [returning] = vnp.parse_webhook(**signed(event(status="10")))
    [prepaid] = vnp.parse_webhook(**signed(event(codAmount=0)))
    assert returning.cod_collected is None and prepaid.cod_collected is None


@pytest.mark.parametrize("style", ["x-vnpost-signature", "X-Vnpost-Signature", "HTTP_X_VNPOST_SIGNATURE"])
def test_the_signature_header_is_found_however_the_view_spells_it(vnp, style):
    assert vnp.parse_webhook(**signed(event(), header=style))


@pytest.mark.parametrize(
    "forge",
    [
        lambda delivery: {**delivery, "headers": {}},
        lambda delivery: {**delivery, "headers": {WEBHOOK_SIGNATURE_HEADER: "f" * 64}},
        lambda delivery: {**delivery, "body": delivery["body"].replace(b"250000", b"990000")},
        lambda delivery: signed(json.loads(delivery["body"]), secret="someone-elses-secret"),
    ],
    ids=["unsigned", "made-up signature", "body changed after signing", "signed with another secret"],
)
def test_a_forged_webhook_is_refused_before_it_is_read(vnp, forge):
    with pytest.raises(InvalidWebhook, match="signature"):
        vnp.parse_webhook(**forge(signed(event())))


@pytest.mark.parametrize(
    "payload",
    [
        b"itemCode=CK123456785VN&status=8",
        [event()],
        event(statusTime="2025-04-21T06:21:31+07:00"),
        event(status="delivered"),
        event(itemCode=""),
        {k: v for k, v in event().items() if k != "statusTime"},
    ],
    ids=["form-encoded", "a list", "ISO time", "status not a number", "empty item code", "no time"],
)
def test_a_signed_but_malformed_webhook_is_refused(vnp, payload):
    with pytest.raises(InvalidWebhook):
        vnp.parse_webhook(**signed(payload))


def test_without_a_webhook_secret_nothing_verifies(settings):
    settings.VNPOST_WEBHOOK_SECRET = ""  # a forger would sign with the empty key
    with pytest.raises(InvalidWebhook, match="SECRET"):
        VNPostCarrier().parse_webhook(**signed(event(), secret=""))


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("1", S.CREATED),
        ("2", ""),
        ("3", ""),
        ("4", S.PICKED_UP),
        ("5", S.IN_TRANSIT),
        ("6", S.IN_TRANSIT),
        ("7", S.OUT_FOR_DELIVERY),
        ("8", S.DELIVERED),
        ("9", S.FAILED_ATTEMPT),
        ("10", S.RETURNING),
        ("11", S.RETURNED),
        ("12", S.CANCELLED),
        ("13", ""),
        ("77", ""),  # a code we do not know yet: kept on the timeline, moves nothing
    ],
)
def test_vnpost_status_codes_on_our_status_machine(vnp, code, status):
    [update] = vnp.parse_webhook(**signed(event(status=code, statusName="", locateName="")))
    assert (update.status, update.carrier_status) == (status, code)
    assert update.description == STATUS_MAP.get(code, ("", ""))[1]


def test_webhook_answers():
    assert VNPostCarrier().webhook_answer(ok=True).status == 200
    assert VNPostCarrier().webhook_answer(ok=False).status != 200


# --- the local VNPost drives parcels ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scenario", "statuses"),
    [
        ("deliver", ["", S.PICKED_UP, S.IN_TRANSIT, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERED]),
        (
            "fail_once",
            [
                "",
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
                "",
                S.PICKED_UP,
                S.IN_TRANSIT,
                S.IN_TRANSIT,
                S.OUT_FOR_DELIVERY,
                S.FAILED_ATTEMPT,
                S.OUT_FOR_DELIVERY,
                S.FAILED_ATTEMPT,
                S.RETURNING,
                S.RETURNED,
            ],
        ),
    ],
)
def test_the_simulator_posts_each_step_as_a_signed_webhook_the_client_accepts(vnp, scenario, statuses):
    booking = vnp.create(shipment("OCOP-100050-1"))
    with serving() as (base, server):
        codes = simulator.drive(
            booking.tracking_code, webhook_url=base + "/hook/", request_host="testserver", scenario=scenario
        )
        assert simulator.advance(booking.tracking_code, webhook_url=base + "/hook/", request_host="testserver") is None
    updates = [
        vnp.parse_webhook(body=r["body"], content_type="application/json", query={}, headers=r["headers"])[0]
        for r in server.received
    ]
    assert [u.status for u in updates] == statuses
    assert [u.carrier_status for u in updates] == codes
    assert len({u.event_key for u in updates}) == len(updates)
    assert all(u.tracking_code == booking.tracking_code and u.reference == "OCOP-100050-1" for u in updates)
    collected = [u.cod_collected for u in updates if u.cod_collected is not None]
    assert collected == ([Decimal("250000")] if scenario != "return" else [])
    tracked = vnp.track(booking.tracking_code)
    assert [u.carrier_status for u in tracked] == ["1", *codes]
    assert [u.event_key for u in tracked[1:]] == [u.event_key for u in updates]  # polling and webhooks agree


@pytest.mark.django_db
def test_the_simulator_resends_a_webhook_until_it_gets_http_200(vnp):
    booking = vnp.create(shipment("OCOP-100051-1"))
    with serving((500, {}, 0), (500, {}, 0), (200, {}, 0)) as (base, server):
        assert simulator.advance(booking.tracking_code, webhook_url=base + "/hook/", request_host="testserver") == "2"
    assert simulator.store.get(booking.tracking_code)["webhooks"] == [[500, 500, 200]]
    assert len({r["body"] for r in server.received}) == 1 and len(server.received) == 3


@pytest.mark.django_db
def test_a_cancelled_parcel_goes_nowhere(vnp):
    booking = vnp.create(shipment("OCOP-100052-1"))
    vnp.cancel(booking.tracking_code)
    assert simulator.drive(booking.tracking_code, webhook_url="http://127.0.0.1:9/", request_host="testserver") == []


@pytest.mark.django_db
def test_master_data_is_in_vnposts_own_codes_without_truong_sa(vnp):
    from marketplace.regions.models import LegacyWard

    areas = vnp.master_data()
    skipped = LegacyWard.objects.filter(district_code="576")
    assert skipped.exists() and len(areas) == LegacyWard.objects.count() - skipped.count()
    assert not [a for a in areas if a["district_name"] == "H. Trường Sa"]
    assert [a for a in areas if a["district_name"] == "H. Cô Tô"]  # the national post sails to Cô Tô
    phuc_xa = simulator.area_of(PHUC_XA)
    [row] = [a for a in areas if a["ward_id"] == phuc_xa.ward_id]
    assert row == {
        "province_id": phuc_xa.province_id,
        "province_name": "TP. Hà Nội",
        "district_id": phuc_xa.district_id,
        "district_name": "Q. Ba Đình",
        "ward_id": phuc_xa.ward_id,
        "ward_name": "P. Phúc Xá",
    }
    assert len({a["ward_id"] for a in areas}) == len(areas)
    assert all(
        a["ward_id"].startswith(a["district_id"]) and a["district_id"].startswith(a["province_id"]) for a in areas
    )
    with pytest.raises(KeyError):
        {a["ward_id"]: a for a in areas}[simulator.area_of(TRUONG_SA).ward_id]
