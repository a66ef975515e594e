"""A seller (or its helper) manages lots from a phone at /trace/manage/; nobody else can."""

import datetime

import pytest

from catalog.traceability.models import Lot, LotStatus
from marketplace.sellers.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_seller_creates_records_and_publishes_a_lot_through_the_pages(client, seller, product, today):
    client.force_login(seller)
    assert client.get("/trace/manage/").status_code == 200
    assert client.get("/trace/manage/new/").status_code == 200

    response = client.post(
        "/trace/manage/new/",
        {
            "product": product.pk,
            "harvest_date": (today - datetime.timedelta(days=3)).isoformat(),
            "pack_date": (today - datetime.timedelta(days=2)).isoformat(),
            "planting_area_code": "VN-SL-0001",
        },
    )
    assert response.status_code == 302
    lot = Lot.objects.get(product=product)
    assert response["Location"] == f"/trace/manage/{lot.code}/"

    response = client.post(
        f"/trace/manage/{lot.code}/events/",
        {
            "event_type": "ship",
            "occurred_at": f"{(today - datetime.timedelta(days=1)).isoformat()}T10:00",
            "counterparty": "Bếp ăn Trường Tiểu học Mộc Châu",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/trace/manage/{lot.code}/certifications/",
        {
            "scheme": "vietgap",
            "certificate_number": "VG-9",
            "issuer": "VietCert",
            "valid_from": (today - datetime.timedelta(days=30)).isoformat(),
            "valid_until": (today + datetime.timedelta(days=300)).isoformat(),
            "producer_wide": "on",
        },
    )
    assert response.status_code == 302
    assert client.post(f"/trace/manage/{lot.code}/publish/").status_code == 302
    lot.refresh_from_db()
    assert lot.status == LotStatus.PUBLISHED
    assert lot.events.get().counterparty == "Bếp ăn Trường Tiểu học Mộc Châu"
    assert lot.producer.lot_certifications.get(lot=None).certificate_number == "VG-9"

    detail = client.get(f"/trace/manage/{lot.code}/")
    assert detail.status_code == 200
    assert f"/trace/{lot.code}/qr.svg" in detail.content.decode()


def test_an_event_before_the_harvest_is_shown_next_to_the_field(client, seller, published_lot):
    client.force_login(seller)
    early = published_lot.harvest_date - datetime.timedelta(days=1)
    response = client.post(
        f"/trace/manage/{published_lot.code}/events/",
        {"event_type": "process", "occurred_at": f"{early.isoformat()}T08:00"},
    )
    assert response.status_code == 400
    assert response.context["event_form"].errors["occurred_at"]
    assert not published_lot.events.exists()


def test_a_lot_form_error_from_the_rules_is_shown_on_the_form(client, seller, product, today):
    client.force_login(seller)
    response = client.post(
        "/trace/manage/new/",
        {
            "product": product.pk,
            "harvest_date": today.isoformat(),
            "pack_date": (today - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["pack_date"]
    assert not Lot.objects.exists()


def test_seller_recalls_a_lot_with_a_reason(client, seller, published_lot):
    client.force_login(seller)
    response = client.post(f"/trace/manage/{published_lot.code}/recall/", {"reason": "Sai nhãn hạn dùng"})
    assert response.status_code == 302
    published_lot.refresh_from_db()
    assert published_lot.status == LotStatus.RECALLED and published_lot.recall_reason == "Sai nhãn hạn dùng"


def test_another_seller_gets_404_on_every_page_of_my_lot(client, rival, published_lot, product):
    client.force_login(rival)
    code = published_lot.code
    assert client.get(f"/trace/manage/{code}/").status_code == 404
    assert (
        client.post(
            f"/trace/manage/{code}/events/", {"event_type": "pack", "occurred_at": "2026-01-01T08:00"}
        ).status_code
        == 404
    )
    assert client.post(f"/trace/manage/{code}/certifications/", {}).status_code == 404
    assert client.post(f"/trace/manage/{code}/publish/").status_code == 404
    assert client.post(f"/trace/manage/{code}/recall/", {"reason": "x"}).status_code == 404
    assert code not in client.get("/trace/manage/").content.decode()
    # My product is not even offered to them when they create a lot.
    response = client.post("/trace/manage/new/", {"product": product.pk, "harvest_date": "2026-01-01"})
    assert response.status_code == 200 and "product" in response.context["form"].errors
    published_lot.refresh_from_db()
    assert published_lot.status == LotStatus.PUBLISHED


def test_a_user_who_sells_nothing_gets_404_and_a_visitor_is_sent_to_login(client, django_user_model):
    assert client.get("/trace/manage/").status_code == 302
    client.force_login(django_user_model.objects.create_user(username="buyer", email="b@example.vn"))
    assert client.get("/trace/manage/").status_code == 404
    assert client.get("/trace/manage/new/").status_code == 404


def test_helper_pages_write_the_audit_trail(client, helper, make_lot, producer):
    lot = make_lot()
    client.force_login(helper)
    assert client.post(f"/trace/manage/{lot.code}/publish/").status_code == 302
    assert AuditEntry.objects.filter(partner=producer, actor=helper, action="trace.lot.publish").exists()
