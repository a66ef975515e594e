"""A search outage: the database answers, the outage costs one quick failure, and the site
recovers by itself. Real sockets and a real osmem-server are stopped; nothing is mocked."""

import socket
import time

import pytest
from osmem_server import OsmemServer

from catalog.search import engine, index, services

from .helpers import make_product, search

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def _dead_url():
    with socket.socket() as sock:  # bound then closed: nothing listens there any more
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def restore_engine(search_server):
    yield
    engine.use_url(search_server)


def test_engine_down_answers_from_the_database_without_diacritics(search_index, restore_engine):
    sugar = make_product("Đường phèn Quảng Ngãi", province="51")
    make_product("Đường thốt nốt An Giang", province="91")
    engine.use_url(_dead_url())

    results = search(q="duong phen")

    assert results.engine == "database"
    assert results.product_ids == [sugar.id]
    assert results.facets == {}
    assert search(q="duong", provinces=("91",)).total == 1  # filters still apply


def test_engine_down_still_reads_a_mistyped_synonym(search_index, restore_engine):
    coffee = make_product("Cà phê Robusta Buôn Ma Thuột", province="66")
    make_product("Mứt gừng Huế", province="46")
    engine.use_url(_dead_url())

    results = search(q="coffe")  # "coffee" in the synonym file, "cà phê" in the title

    assert results.engine == "database"
    assert (results.product_ids, results.matched) == ([coffee.id], "fuzzy")
    assert search(q="ca phe").matched == "all"
    suggested = services.suggest("caphe")  # run together: suggested from its reading "ca phe"
    assert (suggested.engine, [s.id for s in suggested.suggestions]) == ("database", [coffee.id])


class HungEngine:
    """A socket that accepts connections and never answers, counting them: a hung engine."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.05)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.held = []

    def connections(self) -> int:
        """Connections made so far (all accepted, none answered)."""
        while True:
            try:
                self.held.append(self.sock.accept()[0])
            except TimeoutError:
                return len(self.held)

    def close(self):
        for conn in self.held:
            conn.close()
        self.sock.close()


def test_an_outage_costs_one_failed_request_not_a_timeout_per_search(search_index, restore_engine, settings):
    make_product("Chè Tân Cương Thái Nguyên")
    settings.SEARCH_TIMEOUT = 0.5
    hung = HungEngine()
    try:
        engine.use_url(hung.url)
        first = search(q="che tan cuong")
        tried = hung.connections()
        following = [search(q="che tan cuong") for _ in range(5)]
        tried_again = hung.connections() - tried
    finally:
        hung.close()

    assert first.engine == "database" and first.total == 1
    assert 1 <= tried <= 2  # the request and at most one retry, each ending in SEARCH_TIMEOUT
    assert all(r.engine == "database" and r.total == 1 for r in following)
    assert tried_again == 0  # the remembered outage sends the next searches to the database at once


def test_search_recovers_by_itself_when_the_engine_is_back(search_index, restore_engine, settings):
    settings.SEARCH_RETRY_AFTER = 0.2
    product = make_product("Cà phê Buôn Ma Thuột")
    first = OsmemServer.start(japanese=False)
    engine.use_url(first.url)
    index.rebuild_index()
    assert search(q="ca phe").engine == "elasticsearch"

    first.close()
    assert search(q="ca phe").engine == "database"
    assert search(q="ca phe").engine == "database"

    second = OsmemServer.start(japanese=False, addr=first.url.removeprefix("http://"))
    try:
        index.rebuild_index()  # the operator (or serve) rebuilds the fresh engine
        time.sleep(0.3)
        results = search(q="ca phe")
    finally:
        second.close()

    assert results.engine == "elasticsearch"
    assert results.product_ids == [product.id]


def test_seller_work_goes_on_while_the_engine_is_down(
    search_index, restore_engine, django_capture_on_commit_callbacks, caplog
):
    engine.use_url(_dead_url())
    with django_capture_on_commit_callbacks(execute=True):
        product = make_product("Xoài cát Hòa Lộc", price=80_000)
        record = product.stockrecords.get()
        record.price = 90_000
        record.save()

    record.refresh_from_db()
    assert record.price == 90_000
    assert not [r for r in caplog.records if r.levelname == "ERROR"]  # the on-commit task did not fail
    assert search(q="xoai cat").product_ids == [product.id]  # from the database
