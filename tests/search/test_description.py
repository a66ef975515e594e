"""The fuzzy pass reads descriptions as phrases, not as loose words."""

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
