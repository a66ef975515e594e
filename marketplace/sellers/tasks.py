"""Celery autodiscovers `<app>.tasks` of installed apps; notifications is a plain package, so its
SMS task is registered with the worker through this import."""

from marketplace.notifications.sms.tasks import send_sms  # noqa: F401
