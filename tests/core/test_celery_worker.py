"""Celery end to end: a real worker consumes from the real broker (Redis in CI, memory:// on a laptop).

The rest of the suite runs tasks eagerly; this test proves the broker path the production
worker uses: a change commits, the task is published after commit, a worker picks it up.
"""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from elasticsearch.dsl import Search

from catalog.search import engine, index
from marketplace.celery import app
from tests.factories import ProductFactory


def _indexed_titles():
    response = Search(using=engine.get_client(), index=index.alias_name()).extra(size=50).execute()
    return {hit.title for hit in response}


@pytest.mark.django_db(transaction=True)
def test_a_worker_on_the_broker_indexes_a_product_created_in_a_transaction(search_index):
    assert app.conf.broker_url == (settings.REDIS_URL or "memory://")
    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            ProductFactory(title="Mật ong bạc hà Đồng Văn")
            deadline = time.monotonic() + 20
            while "Mật ong bạc hà Đồng Văn" not in _indexed_titles() and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        app.conf.task_always_eager = True
    assert "Mật ong bạc hà Đồng Văn" in _indexed_titles()
