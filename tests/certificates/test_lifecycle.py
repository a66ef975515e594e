"""The daily jobs: reminders 90 and 30 days before the end, then expiry that takes the star away."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from catalog import ocop_lifecycle
from catalog.ocop_lifecycle import expire_certificates, send_expiry_reminders
from catalog.tasks import expire_ocop_certificates, send_ocop_expiry_reminders
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def ending_on(product, end: datetime.date, **kwargs):
    """A verified, awarded certificate whose 36 months end on `end`."""
    return CertificateFactory(product=product, decision_date=end - relativedelta(months=36), **kwargs)


def test_seller_is_reminded_90_and_30_days_before_the_end_once_each(
    product, texts_to_seller, django_capture_on_commit_callbacks
):
    end = datetime.date(2026, 9, 30)
    cert = ending_on(product, end)
    assert cert.valid_until == end

    def run(today):
        with django_capture_on_commit_callbacks(execute=True):
            return send_expiry_reminders(today)

    assert run(end - 91 * DAY) == {30: 0, 90: 0}
    assert run(end - 90 * DAY) == {30: 0, 90: 1}
    assert run(end - 90 * DAY) == {30: 0, 90: 0}  # the daily job ran twice: no second text
    assert run(end - 60 * DAY) == {30: 0, 90: 0}
    assert run(end - 30 * DAY) == {30: 1, 90: 0}
    assert run(end - 30 * DAY) == {30: 0, 90: 0}
    assert run(end - 5 * DAY) == {30: 0, 90: 0}

    texts = texts_to_seller()
    assert len(texts) == 2
    assert " 90 " in texts[0] and "30/09/2026" in texts[0]
    assert " 30 " in texts[1]
    assert all("Giấy chứng nhận OCOP" in text for text in texts)  # sellers read Vietnamese, whoever triggered it


def test_a_missed_90_day_reminder_is_not_sent_after_the_30_day_one(
    product, texts_to_seller, django_capture_on_commit_callbacks
):
    end = datetime.date(2026, 9, 30)
    cert = ending_on(product, end)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_expiry_reminders(end - 20 * DAY) == {30: 1, 90: 0}
        assert send_expiry_reminders(end - 19 * DAY) == {30: 0, 90: 0}
    cert.refresh_from_db()
    assert cert.reminded_30_at is not None and cert.reminded_90_at is not None
    assert len(texts_to_seller()) == 1


def test_no_reminders_for_renewed_revoked_pending_or_proposed_certificates(product, django_capture_on_commit_callbacks):
    end = datetime.date(2026, 9, 30)
    ending_on(product, end, stars=4)
    ending_on(product, end + relativedelta(years=3), stars=4)  # already renewed
    other_end = datetime.date(2026, 10, 15)
    ending_on(product, other_end, stars=3, revoked_at=timezone.now(), revoked_reason="x")
    ending_on(product, other_end, stars=5, verification="pending")
    ending_on(product, other_end, stars=5, status="proposed")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_expiry_reminders(end - 30 * DAY) == {30: 0, 90: 0}


def test_expiry_job_tells_the_seller_once_and_is_idempotent(
    client, product, texts_to_seller, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    expired = ending_on(product, today - DAY)
    ending_on(product, today + 10 * DAY, stars=3)  # a lower certificate still valid: it keeps showing
    pending = ending_on(product, today - 2 * DAY, verification="pending")

    page = client.get(product.get_absolute_url()).content.decode()
    assert "OCOP ★★★★" not in page and "OCOP ★★★" in page  # by date alone, before any job runs

    with django_capture_on_commit_callbacks(execute=True):
        handled = expire_certificates(today)
    assert sorted(handled) == sorted([expired.pk, pending.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_certificates(today) == []
    expired.refresh_from_db()
    assert expired.expired_notified_at is not None
    texts = texts_to_seller()
    assert len(texts) == 1 and expired.decision_number in texts[0]  # the pending one never had a star


def test_daily_tasks_run_the_services(product, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    ending_on(product, today - DAY)
    ending_on(product, today + 30 * DAY, stars=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_ocop_certificates.delay().get() == {"expired": 1}
        assert send_ocop_expiry_reminders.delay().get() == {30: 1, 90: 0}
        assert expire_ocop_certificates.delay().get() == {"expired": 0}


def test_beat_schedule_runs_the_certificate_jobs_and_the_search_rebuild_daily():
    from celery.schedules import crontab
    from django.conf import settings

    from catalog.beat import BEAT_SCHEDULE

    tasks = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert tasks == {
        "catalog.tasks.expire_ocop_certificates",
        "catalog.tasks.send_ocop_expiry_reminders",
        "catalog.search.tasks.rebuild_index_task",
        "catalog.search.tasks.ensure_index_task",
        "catalog.search.tasks.prune_search_misses_task",
    }
    assert all(isinstance(entry["schedule"], crontab) for entry in BEAT_SCHEDULE.values())
    # the project's beat runs them (with the payments expiry job)
    running = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks | {"payments.expire_unpaid_attempts"} <= running


@pytest.mark.search
def test_expiry_job_takes_the_star_out_of_search(product, search_index, django_capture_on_commit_callbacks):
    from catalog.search import engine, index

    def stars_in_index():
        doc = engine.get_client().get(index=index.alias_name(), id=str(product.pk))
        return doc["_source"].get("stars")

    cert = CertificateFactory(product=product, stars=4)
    search_index()  # the nightly rebuild saw the certificate valid
    assert stars_in_index() == 4
    # Time passes: the certificate's end is now yesterday. No save, so no signal reindexes it.
    yesterday = timezone.localdate() - DAY
    type(cert).objects.filter(pk=cert.pk).update(
        valid_until=yesterday, decision_date=yesterday - relativedelta(months=36)
    )
    assert stars_in_index() == 4

    with django_capture_on_commit_callbacks(execute=True):
        assert expire_certificates(timezone.localdate()) == [cert.pk]
    assert not stars_in_index()


def test_without_a_search_layer_expiry_still_works(monkeypatch, product, caplog, django_capture_on_commit_callbacks):
    import sys

    monkeypatch.setitem(sys.modules, "catalog.search.tasks", None)  # import fails as if the module were absent
    today = timezone.localdate()
    cert = ending_on(product, today - DAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert ocop_lifecycle.expire_certificates(today) == [cert.pk]
    assert "not reindexed" in caplog.text
