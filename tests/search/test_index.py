"""The product index: Vietnamese analysis, documents, idempotent updates, alias-swap rebuilds."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.search import engine, index, queries
from catalog.search.documents import documents_for
from catalog.search.types import SearchParams

from .helpers import make_product, search

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def _tokens(analyzer, text):
    result = engine.get_client().indices.analyze(index=index.alias_name(), analyzer=analyzer, text=text)
    return [t["token"] for t in result["tokens"]]


def test_folded_field_drops_diacritics_and_stroke_while_exact_field_keeps_them(search_index):
    assert _tokens("vi_folded", "Đường phèn Cà phê") == ["duong", "phen", "ca", "phe"]
    assert _tokens("vi_exact", "Đường phèn Cà phê") == ["đường", "phèn", "cà", "phê"]
    assert _tokens("vi_autocomplete", "Đường")[:3] == ["d", "du", "duo"]


def test_buyer_typing_duong_without_accents_finds_duong_phen(search_index):
    sugar = make_product("Đường phèn Quảng Ngãi")
    make_product("Cá kho làng Vũ Đại")
    search_index()

    results = search(q="duong")

    assert results.engine == "elasticsearch"
    assert results.product_ids == [sugar.id]
    assert "<mark>Đường</mark>" in results.highlights[sugar.id]


def test_indexing_is_idempotent_and_removes_private_and_deleted_products(search_index):
    kept = make_product("Mật ong rừng U Minh")
    hidden = make_product("Mật ong thử nghiệm")
    gone = make_product("Mật ong cũ")
    search_index()
    assert search(q="mat ong").total == 3

    hidden.is_public = False
    hidden.save()
    gone_id = gone.id
    gone.delete()
    first = index.index_products([kept.id, hidden.id, gone_id])
    second = index.index_products([kept.id, hidden.id, gone_id])

    assert first == second == {"indexed": 1, "deleted": 2, "targets": index.live_index_names()}
    assert search(q="mat ong").product_ids == [kept.id]


def test_documents_cost_the_same_number_of_queries_for_5_or_25_products(search_index):
    products = [make_product(f"Gạo ST25 lô {n}") for n in range(25)]

    def queries_for(ids):
        with CaptureQueriesContext(connection) as ctx:
            docs, _ = documents_for(ids)
        assert len(docs) == len(ids)
        return len(ctx.captured_queries)

    assert queries_for([p.id for p in products[:5]]) == queries_for([p.id for p in products])


def test_rebuild_swaps_the_alias_while_searches_keep_answering(search_index):
    for n in range(40):
        make_product(f"Chè Tân Cương hộp {n}")
    search_index()
    before = index.live_index_names()
    client, alias = engine.get_client(), index.alias_name()
    answers, stop = [], threading.Event()

    def keep_searching():
        # Engine only (facets off): this thread has no database connection of its own.
        while not stop.is_set():
            answers.append(queries.execute(client, SearchParams(q="che tan cuong", facets=False), index=alias).total)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        stats = index.rebuild_index(batch_size=5)  # 8 bulk requests: a window for the searcher
    finally:
        stop.set()
        searcher.join()

    assert stats["products"] == 40
    assert index.live_index_names() == [stats["index"]] != before
    assert list(index._aliases()) == [stats["index"]]  # the old index is gone
    assert answers and set(answers) == {40}  # never an error, never an empty index
