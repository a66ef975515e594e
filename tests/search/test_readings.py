"""Other readings of a query and the fuzzy pass, over products made for each case."""

import pytest

from .helpers import make_product, search

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def _described(title, description):
    product = make_product(title)
    product.description = description
    product.save()
    return product


def test_a_description_phrase_is_found_loose_words_are_not(search_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        beef = _described("Đặc sản Gia Lai hộp 500g", "Bò khô xé sợi tẩm ớt, làm từ thịt bò tươi.")
        _described("Cà phê rang mộc", "Rang mộc, không tẩm bơ hay hương liệu. Để nơi khô ráo.")

    results = search(q="bo kho")

    assert results.matched == "fuzzy"  # no title has both words
    assert results.product_ids == [beef.id]


def test_a_wrong_split_of_a_run_together_word_lifts_nothing(search_index, django_capture_on_commit_callbacks):
    # "matong" reads "mat ong" and "ma tong": the second must not rank up every "Ma" title.
    with django_capture_on_commit_callbacks(execute=True):
        bmt = make_product("Mật ong Buôn Ma Thuột")
        bac_ha = make_product("Mật ong bạc hà")
        bac_ha.priority = 1  # staff's order among equals
        bac_ha.save()

    assert search(q="matong").product_ids == search(q="mat ong").product_ids == [bac_ha.id, bmt.id]
