"""Facet counts are kept until the index changes: a repeated search only fetches its hits, and a
change that reaches the index is counted at once."""

from decimal import Decimal

import pytest

from catalog.search import facet_cache, index, queries
from catalog.search.types import SearchParams

from .helpers import make_product, search

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def counts(results, facet):
    return {value.key: value.count for value in results.facets[facet] if value.count}


def cache_key(**kwargs):
    params = SearchParams(**kwargs)
    alternatives = queries.query_alternatives(queries.fold_query(params.q), index.load_synonyms()) if params.q else []
    return facet_cache.key(index.alias_name(), queries.build_searches(params, alternatives=alternatives))


def test_a_repeated_search_reuses_its_counts_whatever_the_page_or_sort(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            make_product(f"Cà phê Robusta {n}", province="66")
        make_product("Cà phê Arabica Sơn La", province="14")
    first = search(q="ca phe")
    assert counts(first, "province") == {"66": 3, "14": 1}

    key = cache_key(q="ca phe")
    assert facet_cache.get(key) is not None  # kept after the first search
    assert cache_key(q="ca phe", page=2, sort="price_asc") == key  # page and sort do not change the counts
    assert cache_key(q="ca phe", provinces=("14",)) != key
    # The kept counts are what the next search shows (a planted value proves they are read, not recounted).
    facet_cache.set(key, {**facet_cache.get(key), "province:66": 999})
    again = search(q="ca phe", sort="price_desc")
    assert counts(again, "province")["66"] == 999
    assert again.total == first.total == 4  # the hits themselves always come from the engine


def test_a_change_that_reaches_the_index_is_counted_at_once(search_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = make_product("Mật ong bạc hà", price=150_000)
        make_product("Mật ong hoa nhãn", price=90_000)
    assert counts(search(q="mat ong"), "price") == {"0-100000": 1, "100000-200000": 1}

    with django_capture_on_commit_callbacks(execute=True):
        record = product.stockrecords.get()
        record.price = Decimal("80000")
        record.save()

    assert counts(search(q="mat ong"), "price") == {"0-100000": 2}


def test_counting_afresh_when_the_cache_is_off(settings, search_index, django_capture_on_commit_callbacks):
    settings.SEARCH_FACET_CACHE_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        make_product("Gạo ST25 Sóc Trăng", province="66")
    assert counts(search(q="gao"), "province") == {"66": 1}
    key = cache_key(q="gao")
    facet_cache.set(key, {"province:66": 999})
    assert counts(search(q="gao"), "province") == {"66": 1}
