"""Celery beat entries of monitoring; the project merges them: CELERY_BEAT_SCHEDULE.update(BEAT_SCHEDULE)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # After the day has closed (Asia/Ho_Chi_Minh) and before staff open the dashboard.
    "monitoring-rebuild-rollups": {"task": "monitoring.rebuild_rollups", "schedule": crontab(hour=2, minute=30)},
}
