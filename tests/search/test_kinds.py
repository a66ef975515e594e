"""Kinds of product (catalog/search/kinds.py): what a title starts with says what it is."""

import pytest

from catalog.search import search_text
from catalog.search.kinds import kind_names, kinds_of, load_kinds

FRUIT = ["trái cây", "hoa quả"]
SNACK = ["ăn vặt", "đồ ăn vặt"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Bưởi Năm Roi Vĩnh Long", FRUIT),
        ("Xoài sấy dẻo Đồng Tháp", FRUIT + SNACK),  # dried fruit is fruit, and a snack
        ("Quả bơ sáp Đắk Lắk", FRUIT),  # "Quả" before the name is skipped
        ("Trái cây sấy thập cẩm", FRUIT + SNACK),  # the title starts with the kind's own name
        ("Cam Cao Phong", FRUIT),
        ("Cá cơm khô Phú Quốc", ["hải sản", "thủy sản"]),
        ("Hạt điều rang muối Bình Phước", ["hạt dinh dưỡng", "các loại hạt", *SNACK]),
        ("Lạp xưởng Cần Đước", ["thịt"]),
        ("Cà chua bi Đà Lạt", ["rau củ", "rau quả"]),
        # only the start counts: candy, wine and juice made of fruit are not fruit
        ("Mứt xoài", ["bánh kẹo", *SNACK]),
        ("Kẹo dừa Bến Tre", ["bánh kẹo", *SNACK]),
        ("Bánh pía Sóc Trăng", ["bánh kẹo", *SNACK]),
        ("Bánh tráng phơi sương Trảng Bàng", []),  # rice paper is no confectionery
        ("Rượu trái cây Mộc Châu", []),
        # diacritics decide: "cà" is not "cá"; exceptions keep look-alikes out
        ("Cà phê Buôn Ma Thuột", []),
        ("Cam thảo bắc", []),
        ("Cá Koi Cai Lậy", []),
        ("Vải thổ cẩm Mai Châu", []),  # "vải" is cloth too: only "vải thiều" is the fruit
        ("", []),
    ],
)
def test_a_title_is_of_the_kinds_it_starts_with(title, expected):
    assert kinds_of(title) == expected


def test_every_line_of_the_shipped_file_names_a_kind_and_its_starts():
    shipped = load_kinds()
    assert len(shipped) >= 5
    for names, starts, _exceptions in shipped:
        assert names and starts
    assert {"trai cay", "hoa qua", "hai san", "rau cu", "thit"} <= kind_names()


def test_an_edited_file_is_read_again(tmp_path):
    path = tmp_path / "kinds.txt"
    path.write_text("# comment\ntrái cây: bưởi\n", encoding="utf-8")
    assert kinds_of("Bưởi Năm Roi", path) == ["trái cây"] and kinds_of("Ổi Đông Dư", path) == []
    path.write_text("trái cây: bưởi, ổi\nlines without a colon are ignored\n", encoding="utf-8")
    import os

    os.utime(path, (1, 1))  # a new mtime even within the same clock tick
    assert kinds_of("Ổi Đông Dư", path) == ["trái cây"]
    assert kind_names(path) == frozenset({"trai cay"})


def test_search_text_carries_the_kinds_folded():
    text = search_text.search_text("Bưởi da xanh Bến Tre", "SKU-1", "Ngọt thanh, mọng nước.")
    assert text == "buoi da xanh ben tre trai cay hoa qua sku-1 ngot thanh, mong nuoc."


@pytest.mark.django_db
def test_refresh_rewrites_only_stale_search_text():
    from tests.search.helpers import make_product

    product = make_product("Xoài cát Hòa Lộc")
    assert "trai cay" in product.search_text  # Product.save() computes it
    type(product).objects.filter(pk=product.pk).update(search_text="xoai cat hoa loc")  # as before kinds
    assert search_text.refresh() == 1
    product.refresh_from_db()
    assert product.search_text.startswith("xoai cat hoa loc trai cay hoa qua")
    assert search_text.refresh() == 0
