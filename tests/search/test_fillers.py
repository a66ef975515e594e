"""The staff-edited list of words that say nothing about which product (fillers_vi.txt)."""

import os

import pytest

from catalog.search import queries, services
from catalog.search.fillers import filler_phrases

from .helpers import make_product

pytestmark = pytest.mark.django_db  # drop_generic reads the place names


def test_the_shipped_file_has_both_lists_folded():
    leading, anywhere = filler_phrases()

    assert {"mua", "can mua"} <= leading
    assert {"dac san", "san pham", "ocop", "ngon", "gia re"} <= anywhere
    assert "mua" not in anywhere  # "mùa", a season, further in


def test_an_edited_file_is_read_again_by_search(tmp_path, monkeypatch):
    path = tmp_path / "fillers_vi.txt"
    path.write_text("# a comment: mọi chỗ: ngon\nđầu: mua\nmọi chỗ: ngon\n", encoding="utf-8")
    monkeypatch.setattr("catalog.search.fillers.FILLERS_FILE", path)
    assert queries.drop_generic("mua gao thom") == "gao thom"

    path.write_text("đầu: mua\nmọi chỗ: ngon, thơm\n", encoding="utf-8")
    os.utime(path, (1, 1))  # a new mtime even within the same clock tick

    assert queries.drop_generic("mua gao thom") == "gao"


def test_a_place_keeps_a_word_that_is_a_filler_elsewhere(tmp_path, monkeypatch):
    path = tmp_path / "fillers_vi.txt"
    path.write_text("mọi chỗ: thất, ngon\n", encoding="utf-8")
    monkeypatch.setattr("catalog.search.fillers.FILLERS_FILE", path)

    assert queries.drop_generic("banh thach that ngon") == "banh thach that"  # Thạch Thất, Hà Nội
    assert queries.drop_generic("mat ong that ngon") == "mat ong"


@pytest.mark.search
def test_suggestions_leave_the_fillers_out_too(search_index):
    coffee = make_product("Cà phê Robusta Buôn Ma Thuột")
    make_product("Mùa vải thiều Lục Ngạn")
    search_index()

    assert [s.id for s in services.suggest("mua cà phê ng").suggestions] == []  # "ng" is no filler yet
    assert [s.id for s in services.suggest("mua cà phê ngon").suggestions] == [coffee.id]
    assert [s.id for s in services.suggest("cà phê giá rẻ").suggestions] == [coffee.id]
