"""A seller records a lot, its events and certifications; the rules hold without any HTTP."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from catalog.traceability import services
from catalog.traceability.models import LotStatus, TraceEventType
from marketplace.sellers.models import AuditEntry
from tests.factories import PartnerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour=8) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_seller_creates_a_draft_lot_with_a_code_from_the_producer_and_publishes_it(make_lot, producer, seller, today):
    lot = make_lot(planting_area_code=" vn-sl-0001 ")
    assert lot.status == LotStatus.DRAFT
    assert lot.code == f"MMC{producer.pk}-{today.year}-0001"
    assert lot.planting_area_code == "VN-SL-0001"
    assert lot.unit == "kg" and lot.created_by == seller

    second = make_lot()
    assert second.code == f"MMC{producer.pk}-{today.year}-0002"

    published = services.publish_lot(actor=seller, lot=lot)
    assert published.status == LotStatus.PUBLISHED and published.published_at is not None
    with pytest.raises(ValidationError):
        services.publish_lot(actor=seller, lot=published)


def test_two_producers_with_the_same_initials_never_share_a_code(seller, today):
    a = PartnerFactory(name="HTX Mận Mộc Châu")
    b = PartnerFactory(name="Hợp tác xã Mai Mộc Châu")
    a.users.add(seller)
    b.users.add(seller)
    lot_a = services.create_lot(actor=seller, product=ProductFactory(producer=a), harvest_date=today)
    lot_b = services.create_lot(actor=seller, product=ProductFactory(producer=b), harvest_date=today)
    assert lot_a.code.split("-")[0] != lot_b.code.split("-")[0]
    assert lot_a.code.endswith("-0001") and lot_b.code.endswith("-0001")


def test_pack_date_before_harvest_is_refused_with_a_message_naming_both_dates(make_lot, today):
    with pytest.raises(ValidationError) as caught:
        make_lot(harvest_date=today - datetime.timedelta(days=2), pack_date=today - datetime.timedelta(days=5))
    assert "pack_date" in caught.value.message_dict
    message = caught.value.message_dict["pack_date"][0]
    assert (today - datetime.timedelta(days=2)).strftime("%d/%m/%Y") in message


def test_future_harvest_and_early_best_before_are_refused(make_lot, today):
    with pytest.raises(ValidationError) as caught:
        make_lot(harvest_date=today + datetime.timedelta(days=1), pack_date=None)
    assert "harvest_date" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        make_lot(best_before=today - datetime.timedelta(days=30))
    assert "best_before" in caught.value.message_dict


def test_a_lot_without_any_date_cannot_be_published(make_lot, seller):
    lot = make_lot(harvest_date=None, pack_date=None, best_before=None)
    with pytest.raises(ValidationError) as caught:
        services.publish_lot(actor=seller, lot=lot)
    assert "harvest_date" in caught.value.message_dict


def test_planting_area_code_is_checked_loosely(make_lot):
    assert make_lot(planting_area_code="26.01.01.001").planting_area_code == "26.01.01.001"
    with pytest.raises(ValidationError) as caught:
        make_lot(planting_area_code="vùng 1")
    assert "planting_area_code" in caught.value.message_dict


def test_events_follow_the_lot_dates(published_lot, seller):
    harvest = published_lot.harvest_date
    with pytest.raises(ValidationError) as caught:
        services.record_event(
            actor=seller,
            lot=published_lot,
            event_type=TraceEventType.PROCESS,
            occurred_at=at(harvest - datetime.timedelta(days=1)),
        )
    assert "occurred_at" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.record_event(
            actor=seller,
            lot=published_lot,
            event_type=TraceEventType.SHIP,
            counterparty="Siêu thị Xanh",
            occurred_at=at(harvest),
        )  # shipped the day before it was packed
    assert "occurred_at" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.record_event(
            actor=seller,
            lot=published_lot,
            event_type=TraceEventType.HARVEST,
            occurred_at=timezone.now() + datetime.timedelta(days=1),
        )
    assert "occurred_at" in caught.value.message_dict

    event = services.record_event(
        actor=seller,
        lot=published_lot,
        event_type=TraceEventType.SHIP,
        counterparty="Siêu thị Xanh",
        occurred_at=at(published_lot.pack_date, 15),
    )
    assert event.is_step_forward and event.counterparty == "Siêu thị Xanh"


def test_one_step_back_and_forward_name_the_other_business(published_lot, seller):
    day = at(published_lot.pack_date)
    with pytest.raises(ValidationError) as caught:
        services.record_event(actor=seller, lot=published_lot, event_type=TraceEventType.RECEIVE, occurred_at=day)
    assert "counterparty" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.record_event(actor=seller, lot=published_lot, event_type=TraceEventType.SHIP, occurred_at=day)
    assert "counterparty" in caught.value.message_dict


def test_public_text_with_a_phone_number_is_refused(published_lot, seller):
    with pytest.raises(ValidationError) as caught:
        services.record_event(
            actor=seller,
            lot=published_lot,
            event_type=TraceEventType.PACK,
            occurred_at=at(published_lot.pack_date),
            note="Gọi anh Ba 0912 345 678 để hỏi",
        )
    assert "note" in caught.value.message_dict


def test_recall_needs_a_reason_closes_the_lot_and_records_a_recall_event(published_lot, seller):
    with pytest.raises(ValidationError):
        services.recall_lot(actor=seller, lot=published_lot, reason="  ")
    lot = services.recall_lot(actor=seller, lot=published_lot, reason="Phát hiện dư lượng thuốc bảo vệ thực vật")
    assert lot.status == LotStatus.RECALLED and lot.recalled_at
    assert list(lot.events.values_list("event_type", flat=True)) == [TraceEventType.RECALL]
    with pytest.raises(ValidationError):
        services.record_event(
            actor=seller,
            lot=lot,
            event_type=TraceEventType.SHIP,
            counterparty="Chợ đầu mối",
            occurred_at=at(lot.pack_date),
        )
    with pytest.raises(ValidationError):
        services.recall_lot(actor=seller, lot=lot, reason="again")


def test_a_draft_lot_cannot_be_recalled(make_lot, seller):
    with pytest.raises(ValidationError):
        services.recall_lot(actor=seller, lot=make_lot(), reason="Nhầm lô")


def test_certifications_derive_their_state_and_vietgap_lasts_at_most_two_years(published_lot, seller, producer, today):
    valid = services.add_certification(
        actor=seller,
        lot=published_lot,
        scheme="vietgap",
        certificate_number="VG-123",
        issuer="VietCert",
        valid_from=today - datetime.timedelta(days=100),
        valid_until=today + datetime.timedelta(days=100),
    )
    expired = services.add_certification(
        actor=seller,
        producer=producer,
        scheme="organic",
        certificate_number="HC-9",
        issuer="TQC",
        valid_from=today - datetime.timedelta(days=800),
        valid_until=today - datetime.timedelta(days=1),
    )
    assert valid.state() == "valid" and expired.state() == "expired"
    assert valid.state(today + datetime.timedelta(days=101)) == "expired"
    with pytest.raises(ValidationError) as caught:
        services.add_certification(
            actor=seller,
            lot=published_lot,
            scheme="vietgap",
            certificate_number="VG-124",
            issuer="VietCert",
            valid_from=today,
            valid_until=today + datetime.timedelta(days=365 * 3),
        )
    assert "valid_until" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.add_certification(
            actor=seller,
            lot=published_lot,
            scheme="other",
            certificate_number="X",
            issuer="Y",
            valid_from=today,
            valid_until=today,
        )
    assert "scheme_name" in caught.value.message_dict


def test_current_lot_is_the_newest_published_not_recalled(make_lot, product, seller):
    assert services.current_lot_for(product) is None
    make_lot()  # a draft never counts
    older = make_lot(publish=True, days_ago=20)
    newer = make_lot(publish=True, days_ago=5)
    assert services.current_lot_for(product) == newer
    services.recall_lot(actor=seller, lot=newer, reason="Bao bì hở")
    assert services.current_lot_for(product) == older


def test_another_seller_cannot_create_or_change_my_lots(make_lot, product, rival, today):
    lot = make_lot()
    with pytest.raises(PermissionDenied):
        services.create_lot(actor=rival, product=product, harvest_date=today)
    with pytest.raises(PermissionDenied):
        services.publish_lot(actor=rival, lot=lot)
    with pytest.raises(PermissionDenied):
        services.record_event(actor=rival, lot=lot, event_type="pack", occurred_at=timezone.now())
    with pytest.raises(PermissionDenied):
        services.recall_lot(actor=rival, lot=lot, reason="sabotage")


def test_helper_actions_are_written_to_the_audit_trail_but_the_sellers_own_are_not(
    make_lot, helper, seller, producer, today
):
    make_lot(actor=seller)
    assert not AuditEntry.objects.filter(partner=producer).exists()

    lot = make_lot(actor=helper)
    services.publish_lot(actor=helper, lot=lot)
    services.record_event(actor=helper, lot=lot, event_type="pack", occurred_at=at(lot.pack_date))
    services.add_certification(
        actor=helper,
        lot=lot,
        scheme="vietgap",
        certificate_number="VG-1",
        issuer="VietCert",
        valid_from=today - datetime.timedelta(days=10),
        valid_until=today + datetime.timedelta(days=300),
    )
    services.recall_lot(actor=helper, lot=lot, reason="Kiểm tra lại chất lượng")
    actions = list(
        AuditEntry.objects.filter(partner=producer, actor=helper).order_by("id").values_list("action", flat=True)
    )
    assert actions == [
        "trace.lot.create",
        "trace.lot.publish",
        "trace.event.record",
        "trace.certification.add",
        "trace.lot.recall",
    ]
    assert (
        AuditEntry.objects.filter(partner=producer, object_id=str(lot.pk), object_type="traceability.lot").count() == 3
    )


def test_a_failed_change_leaves_nothing_half_saved(published_lot, helper):
    with pytest.raises(ValidationError):
        services.record_event(
            actor=helper, lot=published_lot, event_type="ship", occurred_at=at(published_lot.pack_date)
        )
    assert not published_lot.events.exists()
    assert not AuditEntry.objects.filter(actor=helper).exists()
