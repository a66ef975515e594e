"""Province names in a query: ranked on their own, apart from the product words."""

import pytest

from catalog.search.queries import split_place
from marketplace.regions.models import Province

pytestmark = pytest.mark.django_db


def code(short_name):
    return Province.objects.get(short_name=short_name).code


def test_the_place_is_taken_off_the_product_words():
    assert split_place("mật ong sơn la") == ("mật ong", [("son la", code("Sơn La"))])
    assert split_place("Ca Phe DAK LAK rang xay") == ("Ca Phe rang xay", [("dak lak", code("Đắk Lắk"))])
    assert split_place("trà-sen hà nội") == ("trà-sen", [("ha noi", code("Hà Nội"))])


def test_a_former_province_means_the_province_that_took_it_in():
    assert split_place("keo dua ben tre") == ("keo dua", [("ben tre", code("Vĩnh Long"))])
    assert split_place("nuoc mam ba ria vung tau") == ("nuoc mam", [("ba ria vung tau", code("Hồ Chí Minh"))])


@pytest.mark.parametrize(
    "query",
    [
        "dak lak",  # only a place: nothing else to rank on
        "son la dak lak",
        "mat ong",  # no place
        "ca phe buon ma thuot",  # a ward, not a province
        "hoa hue trang",  # one-word names are left alone: "huệ" is a flower
        "ca phe",  # too short to hold a product and a place
    ],
)
def test_queries_without_a_product_and_a_place_stay_whole(query):
    assert split_place(query) == (query, [])
