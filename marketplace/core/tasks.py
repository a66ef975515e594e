"""Helpers for enqueuing Celery work the way DESIGN.md asks: only after the transaction commits."""

from django.db import transaction


def enqueue_after_commit(task, *args, **kwargs) -> None:
    """Send `task` once the current transaction commits (at once outside a transaction).

    With REDIS_URL unset Celery runs eagerly, so the task then runs in process after commit.
    """
    transaction.on_commit(lambda: task.delay(*args, **kwargs))
