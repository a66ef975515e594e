"""Searches that found nothing, counted for staff (catalog/search/misses.py), through the real
engine, the real task and the real admin page."""

import datetime

import pytest
from django.utils import timezone

from catalog.search import engine, misses
from catalog.search.models import SearchMiss

from .helpers import make_product, search
from .test_outage import _dead_url, restore_engine  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def _counts():
    return {m.query: (m.count, m.example) for m in SearchMiss.objects.all()}


def test_a_search_that_finds_nothing_is_counted_once_committed(search_index, django_capture_on_commit_callbacks):
    make_product("Mật ong rừng U Minh", province="96")
    search_index()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert search(q="Yến sào Khánh Hòa").total == 0
    assert _counts() == {}  # nothing written before the commit
    for callback in callbacks:
        callback()
    with django_capture_on_commit_callbacks(execute=True):
        search(q="yen  sao khanh hoa")  # the same words, folded

    assert _counts() == {"yen sao khanh hoa": (2, "yen sao khanh hoa")}


def test_only_the_catalogues_gaps_are_counted(search_index, restore_engine, django_capture_on_commit_callbacks):  # noqa: F811
    make_product("Mật ong rừng U Minh", province="96")
    search_index()

    with django_capture_on_commit_callbacks(execute=True):
        assert search(q="mat ong").total == 1  # found
        assert search(q="mat ong", stars=(5,)).total == 0  # a filter left nothing: the buyer's choice
        assert search(q="mat ong", provinces=("01",)).total == 0
        assert search(q="yen sao", page=2).total == 0  # the first page counted already
        assert search(q="12345").total == 0  # no word
        assert search(q="").total == 1
        engine.use_url(_dead_url())
        assert search(q="yen sao").engine == "database"  # the fallback knows less: no verdict

    assert _counts() == {}


def test_old_single_searches_are_forgotten_frequent_ones_kept():
    now = timezone.now()
    old = now - datetime.timedelta(days=misses.PRUNE_AFTER_DAYS + 1)
    misses.record("xyz abc", now=old)
    misses.record("yến sào", now=old)
    misses.record("yến sào", now=old)
    misses.record("hạt dẻ", now=now)

    assert misses.prune(now=now) == 1
    assert set(_counts()) == {"yen sao", "hat de"}


def test_the_list_keeps_the_most_searched_when_it_is_full():
    now = timezone.now()
    for n, q in enumerate(["a b", "c d", "e f", "g h"]):
        for _ in range(n + 1):  # "g h" searched 4 times, "a b" once
            misses.record(q, now=now)

    assert misses.prune(now=now, keep=2) == 2
    assert set(_counts()) == {"g h", "e f"}


def test_staff_read_them_in_the_admin(admin_client):
    misses.record("Yến sào")

    page = admin_client.get("/admin/search/searchmiss/")

    assert page.status_code == 200
    assert "Yến sào" in page.content.decode()
    assert admin_client.get("/admin/search/searchmiss/add/").status_code == 403
