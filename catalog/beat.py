"""Celery beat entries of the catalogue; the project merges them: CELERY_BEAT_SCHEDULE.update(BEAT_SCHEDULE).

Times are Asia/Ho_Chi_Minh (CELERY_TIMEZONE). Expiry runs just after midnight so an expired star
leaves search at the start of the day; reminders go out at 08:00, when a farmer reads a text.
"""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "ocop-expire-certificates": {
        "task": "catalog.tasks.expire_ocop_certificates",
        "schedule": crontab(hour=0, minute=10),
    },
    "ocop-expiry-reminders": {
        "task": "catalog.tasks.send_ocop_expiry_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # The sales window moves and stars expire without a save: rebuild the search index nightly
    # (behind the alias, so search never goes dark).
    "search-rebuild-index": {
        "task": "catalog.search.tasks.rebuild_index_task",
        "schedule": crontab(hour=3, minute=0),
    },
    # A release that adds a field or an analyzer or changes what documents hold, or an edited
    # synonyms or kinds file, needs a rebuild:
    # checked every 10 minutes (one mapping read), rebuilt behind the alias when stale.
    "search-ensure-index": {
        "task": "catalog.search.tasks.ensure_index_task",
        "schedule": crontab(minute="*/10"),
    },
    # Searches that found nothing once and not again for 90 days say nothing more.
    "search-prune-misses": {
        "task": "catalog.search.tasks.prune_search_misses_task",
        "schedule": crontab(hour=3, minute=40),
    },
}
