"""Facets, filters, sorts, pages, highlights and suggestions over the fixed catalogue."""

from collections import Counter

import pytest
from elasticsearch import helpers

from catalog.search import engine, index, services
from catalog.search.documents import IndexContext, documents_for
from catalog.search.types import SearchParams

from . import catalogue
from .helpers import search

pytestmark = [pytest.mark.django_db, pytest.mark.search]

NO_STAR = {"cafe_khe_sanh_expired", "mat_ong_revoked"}  # expired, revoked
LISTED = {key: spec for key, spec in catalogue.PRODUCTS.items() if key != "hidden"}


def _facet(results, name):
    return {v.key: v.count for v in results.facets[name]}


def _keys(results, ids):
    return [ids[i] for i in results.product_ids]


def test_facets_count_the_whole_catalogue(shared_catalogue):
    results = search(per_page=200)

    assert results.total == len(LISTED)
    assert _facet(results, "province") == Counter(spec[2] for spec in LISTED.values())
    groups = {sub: group for group, (_name, subs) in catalogue.GROUPS.items() for sub in subs}
    assert _facet(results, "group") == Counter(groups[spec[1]] for spec in LISTED.values())
    stars = Counter(str(spec[5]) for key, spec in LISTED.items() if spec[5] and key not in NO_STAR)
    assert _facet(results, "stars") == stars
    assert _facet(results, "certified") == {"1": sum(stars.values())}
    assert _facet(results, "in_stock") == {"1": len(LISTED) - 1}  # one is sold out
    assert sum(_facet(results, "price").values()) == len(LISTED)


def test_multi_select_facets_keep_counting_the_other_values(shared_catalogue, ids):
    results = search(provinces=("66", "96"), per_page=100)

    expected = {key for key, spec in LISTED.items() if spec[2] in ("66", "96")}
    assert set(_keys(results, ids)) == expected
    # The province facet ignores its own selection: every province is still offered...
    assert _facet(results, "province") == Counter(spec[2] for spec in LISTED.values())
    assert {v.key for v in results.facets["province"] if v.selected} == {"66", "96"}
    # ...while the other facets count only what the selection leaves.
    assert sum(_facet(results, "producer_type").values()) == len(expected)

    narrowed = search(provinces=("66", "96"), stars=(5,), per_page=100)
    assert set(_keys(narrowed, ids)) == {"cafe_bmt", "tom_kho_ca_mau"}
    assert _facet(narrowed, "stars")["4"] == sum(1 for k in expected if LISTED[k][5] == 4)


def test_price_range_stock_and_certificate_filters(shared_catalogue, ids):
    cheap = search(price_range="0-100000", per_page=100)
    assert all(LISTED[k][4] < 100_000 for k in _keys(cheap, ids))
    assert cheap.total == sum(1 for spec in LISTED.values() if spec[4] < 100_000)

    dried_shrimp = search(q="tom kho", in_stock=True)
    assert "tom_kho_sold_out" not in _keys(dried_shrimp, ids) and "tom_kho_ca_mau" in _keys(dried_shrimp, ids)

    coffee = search(q="ca phe", certified_only=True, per_page=50)
    assert "cafe_khe_sanh_expired" not in _keys(coffee, ids) and "cafe_chon" not in _keys(coffee, ids)

    between = search(price_min=100_000, price_max=200_000, per_page=100)
    assert all(100_000 <= LISTED[k][4] <= 200_000 for k in _keys(between, ids))


def test_expired_or_revoked_certificates_never_give_a_star(shared_catalogue, ids):
    docs, _ = documents_for([shared_catalogue[k].id for k in NO_STAR | {"nuoc_mam_proposed"}])
    by_key = {ids[pid]: doc for pid, doc in docs.items()}
    assert by_key["cafe_khe_sanh_expired"]["stars"] is None
    assert by_key["cafe_khe_sanh_expired"]["card"]["certificate_state"] == "expired"
    assert by_key["mat_ong_revoked"]["stars"] is None
    assert by_key["mat_ong_revoked"]["card"]["certificate_state"] == "revoked"
    assert by_key["nuoc_mam_proposed"]["stars"] == 4 and by_key["nuoc_mam_proposed"]["card"]["proposed_stars"] == 5
    assert "stars:4" not in by_key["cafe_khe_sanh_expired"]["facets"]

    assert "cafe_khe_sanh_expired" not in _keys(search(stars=(4,), per_page=100), ids)
    assert "mat_ong_revoked" not in _keys(search(stars=(5,), per_page=100), ids)
    assert "nuoc_mam_proposed" not in _keys(search(stars=(5,), per_page=100), ids)


def test_a_star_that_expired_since_indexing_is_not_offered(shared_catalogue, ids):
    """The nightly rebuild refreshes stars; until then the query re-checks `star_until`."""
    product = shared_catalogue["cafe_khe_sanh_expired"]
    long_ago = product.ocop_certificates.get().decision_date
    docs, _ = documents_for([product.id], IndexContext.load(today=long_ago))
    assert docs[product.id]["stars"] == 4  # as a document written back then would say
    alias = index.alias_name()
    helpers.bulk(engine.get_client(), [{"_index": alias, "_id": product.id, "_source": docs[product.id]}], refresh=True)
    try:
        assert "cafe_khe_sanh_expired" not in _keys(search(stars=(4,), per_page=100), ids)
        assert "cafe_khe_sanh_expired" not in _keys(search(q="khe sanh", certified_only=True), ids)
    finally:
        index.index_products([product.id])


@pytest.mark.parametrize(
    ("sort", "key"),
    [("price_asc", lambda spec: spec[4]), ("price_desc", lambda spec: -spec[4])],
)
def test_price_sorts(shared_catalogue, ids, sort, key):
    keys = _keys(search(sort=sort, per_page=200), ids)
    assert [key(LISTED[k]) for k in keys] == sorted(key(LISTED[k]) for k in keys)


def test_star_sort_and_newest(shared_catalogue, ids):
    by_stars = _keys(search(sort="stars", per_page=200), ids)
    stars = [0 if k in NO_STAR else (LISTED[k][5] or 0) for k in by_stars]
    assert stars == sorted(stars, reverse=True)
    assert _keys(search(sort="newest", per_page=3), ids)[0] == list(LISTED)[-1]


def test_pages_do_not_overlap(shared_catalogue):
    first, second = search(q="ca phe", per_page=3, page=1), search(q="ca phe", per_page=3, page=2)
    assert first.total == second.total > 3
    assert not set(first.product_ids) & set(second.product_ids)


def test_category_filter_takes_the_subtree(shared_catalogue, ids):
    from catalog.search.documents import Category

    beverages = Category.objects.get(code="beverage")
    coffee = Category.objects.get(code="coffee")
    assert set(_keys(search(category_ids=(coffee.id,), per_page=100), ids)) == {
        k for k, spec in LISTED.items() if spec[1] == "coffee"
    }
    assert search(category_ids=(beverages.id,), per_page=100).total == sum(
        1 for spec in LISTED.values() if spec[1] in ("coffee", "tea", "liquor")
    )


def test_highlight_marks_the_words_in_the_original_title(shared_catalogue):
    results = search(q="ca phe buon ma thuot")
    bmt = shared_catalogue["cafe_bmt"].id
    assert results.product_ids[0] == bmt
    assert results.highlights[bmt].startswith("<mark>Cà</mark> <mark>phê</mark> <mark>Buôn</mark>")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("duo", "duong_phen"),
        ("duong ph", "duong_phen"),
        ("ca p", "cafe_bmt"),
        ("mat o", "mat_ong_bac_ha"),
        ("Tân Cư", "che_tan_cuong"),
        # Typed words that start no title: their other readings, as the search reads them.
        ("caphe", "cafe_bmt"),  # run together
        ("honey", "mat_ong_bac_ha"),  # a synonym
        ("dduwowngf", "duong_phen"),  # Telex keys, the keyboard off
    ],
)
def test_suggestions_as_you_type(shared_catalogue, ids, typed, expected):
    suggestions = services.suggest(typed, limit=5).suggestions
    assert expected in [ids[s.id] for s in suggestions]
    assert all(s.url.startswith("/") for s in suggestions)


def test_no_suggestion_for_one_letter(shared_catalogue):
    assert services.suggest("c").suggestions == []


def test_suggestions_from_another_reading_mark_the_words_it_read(shared_catalogue):
    suggestions = services.suggest("caf phee", limit=3).suggestions
    assert suggestions and all(s.highlight.startswith("<mark>Cà</mark> <mark>phê</mark>") for s in suggestions)


def test_facets_can_be_skipped(shared_catalogue):
    assert services.search_products(SearchParams(q="mat ong", facets=False)).facets == {}


def test_which_pass_answered_is_reported(shared_catalogue, ids):
    assert search(q="ca phe").matched == "all"
    typo = search(q="ca phe buon ma thout")
    assert typo.matched == "fuzzy" and ids[typo.product_ids[0]] == "cafe_bmt"
    # No coffee is both Arabica and from Buôn Ma Thuột: all words but one.
    partial = search(q="ca phe arabica buon ma thuot", per_page=50)
    assert partial.matched == "partial"
    assert _keys(partial, ids)[2:] == ["mat_ong_hoa_ca_phe_bmt"]  # a honey, after the coffees
    assert set(_keys(partial, ids)) == {"cafe_bmt", "cafe_robusta", "mat_ong_hoa_ca_phe_bmt"}
    # Two words are never relaxed to one: "kho" alone would list every dried product.
    nothing = search(q="ca xyzw")
    assert nothing.total == 0 and nothing.product_ids == []


def test_run_together_words_find_and_mark_the_product(shared_catalogue, ids):
    results = search(q="matong")
    assert results.matched == "all"
    assert {"mat_ong_bac_ha", "mat_ong_rung"} <= set(_keys(results, ids))
    honey = shared_catalogue["mat_ong_rung"].id
    assert results.highlights[honey].startswith("<mark>Mật</mark> <mark>ong</mark>")


def _hits(query):
    body = {"query": query, "size": 500, "_source": False}  # the whole fixed catalogue
    response = engine.get_client().search(index=index.alias_name(), body=body)
    return response["hits"]["total"]["value"], sorted((hit["_id"], hit["_score"]) for hit in response["hits"]["hits"])


@pytest.mark.parametrize(
    "q", ["ca phe buon ma thout", "mat ogn", "che tan cuonh", "ca phe robsta", "nuoc mam phu quok", "mat ogn son la"]
)
def test_the_typo_pass_leaves_out_only_clauses_that_match_nothing(shared_catalogue, q):
    """The typo pass runs after the strict one found nothing, and skips the strict pass's
    clauses and the ranking clauses that imply them: the same hits, scored the same, as the
    typo clauses asked together with all of those."""
    from elasticsearch.dsl import Q

    from catalog.search import queries

    alternatives = queries.query_alternatives(queries.fold_query(q), services._synonyms_for_query())
    strict = queries.text_query(q, alternatives=alternatives)
    assert _hits(strict.to_dict())[0] == 0  # as when the typo pass runs

    typo = queries.typo_query(queries.drop_generic(q), alternatives)
    everything = Q(
        "bool",
        must=[Q("bool", should=[*strict.must[0].should, *typo.must[0].should], minimum_should_match=1)],
        should=[*strict.should, *(clause for clause in typo.should if clause not in strict.should)],
    )
    total, hits = _hits(typo.to_dict())
    assert total > 0
    assert (total, hits) == _hits(everything.to_dict())


@pytest.mark.parametrize(
    ("q", "alternatives", "spans"),
    [
        ("cafe robsta", ["ca phe robsta", "coffee robsta"], {(0, 1): ["ca phe", "coffee"]}),
        # A split and a synonym swap each their own span; the reading that does both is left out.
        (
            "ca phe buon ma thout",
            ["ca phe buon ma tho ut", "cafe buon ma thout", "coffee buon ma thout", "cafe buon ma tho ut"],
            {(4, 5): ["tho ut"], (0, 2): ["cafe", "coffee"]},
        ),
        ("mat ogn", [], {}),
        ("caphe", ["ca phe", "cap he"], {(0, 1): ["ca phe", "cap he"]}),
    ],
)
def test_the_typo_pass_knows_which_words_each_reading_swaps(q, alternatives, spans):
    from catalog.search import queries

    assert queries._swapped_spans(q.split(), alternatives) == spans


def test_in_the_typo_pass_a_swapped_word_keeps_its_typo_tolerance(shared_catalogue):
    # "thout" also reads "tho ut" (two syllables): that reading must not make it exact.
    from elasticsearch.dsl import Q

    from catalog.search import queries

    q = "ca phe buon ma thout"
    alternatives = queries.query_alternatives(queries.fold_query(q), services._synonyms_for_query())
    assert "ca phe buon ma tho ut" in alternatives
    recall = Q("bool", must=[queries._typo_recall(q, alternatives, {"fuzziness": "AUTO", "operator": "and"})])
    _total, hits = _hits(recall.to_dict())
    assert str(shared_catalogue["cafe_bmt"].id) in {doc_id for doc_id, _score in hits}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("cà phê tỉnh Đắk Lắk", "cà phê Đắk Lắk"),
        ("tra thanh pho ha noi", "tra ha noi"),
        ("che xa tan cuong", "che tan cuong"),
        ("tinh dau sa", "tinh dau sa"),  # essential oil: no unit is called "Tỉnh Dầu"
        ("pho kho", "pho kho"),
        ("tinh", "tinh"),
    ],
)
def test_a_unit_type_goes_only_before_a_units_name(db, q, expected):
    from catalog.search import queries

    assert queries.drop_unit_types(q) == expected
