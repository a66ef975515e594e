"""Province names in a query: ranked on their own, apart from the product words."""

import pytest

from catalog.search.documents import incidental_words
from catalog.search.places import find_places, join_places
from catalog.search.queries import drop_generic, split_place

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "split"),
    [
        ("mật ong sơn la", ("mật ong", ["son la"])),
        ("Ca Phe DAK LAK rang xay", ("Ca Phe rang xay", ["dak lak"])),
        ("trà-sen hà nội", ("trà-sen", ["ha noi"])),
        # former provinces and regions
        ("keo dua ben tre", ("keo dua", ["ben tre"])),
        ("nuoc mam ba ria vung tau", ("nuoc mam", ["ba ria vung tau"])),
        ("dac san tay bac", ("dac san", ["tay bac"])),
        ("trai cay dong bang song cuu long", ("trai cay", ["dong bang song cuu long"])),
        # communes and former districts: a ward, a district until 2025
        ("ca phe buon ma thuot", ("ca phe", ["buon ma thuot"])),
        ("vải thiều Lục Ngạn", ("vải thiều", ["luc ngan"])),
        ("che tan cuong thai nguyen", ("che", ["tan cuong", "thai nguyen"])),
        # through punctuation; the engine keeps "m'gar" one word, so the name keeps its apostrophe
        ("ca phe buon ma thuot,", ("ca phe", ["buon ma thuot"])),
        ("ca phe cu m'gar", ("ca phe", ["cu m'gar"])),
        ("ca phe cu mgar", ("ca phe", ["cu m'gar"])),
        ("Cà phê Cư M’gar", ("Cà phê", ["cu m'gar"])),
        # another name buyers use is read as the place's own (regions.services.OTHER_NAMES)
        ("ca phe ban me thuot", ("ca phe", ["buon ma thuot"])),
        ("cà phê Buôn Mê Thuột", ("cà phê", ["buon ma thuot"])),
        ("banh mi sai gon", ("banh mi", ["ho chi minh"])),  # the city, not only Phường Sài Gòn
    ],
)
def test_the_place_is_taken_off_the_product_words(query, split):
    assert split_place(query) == split


def test_a_place_name_that_names_a_product_is_the_product():
    # Xã Thanh Long (Cao Bằng): "thanh long" is dragon fruit (kinds_vi.txt lists it).
    assert split_place("thanh long") == ("thanh long", [])
    assert split_place("thanh long binh thuan") == ("thanh long", ["binh thuan"])


def test_a_province_name_is_read_before_a_commune_name_that_overlaps_it():
    # Lâm Hà (a district of Lâm Đồng until 2025) and Hà Nội share "hà": "trà lâm hà nội" is tea from Hà Nội.
    assert split_place("tra lam ha noi") == ("tra lam", ["ha noi"])


@pytest.mark.parametrize(
    "query",
    [
        "dak lak",  # only a place: nothing else to rank on
        "son la dak lak",
        "mat ong",  # no place
        "hoa hue trang",  # one-word names are left alone: "huệ" is a flower
        "ca phe",  # too short to hold a product and a place
    ],
)
def test_queries_without_a_product_and_a_place_stay_whole(query):
    assert split_place(query) == (query, [])


@pytest.mark.parametrize(
    ("query", "left"),
    [
        ("đặc sản Tây Bắc", "Tây Bắc"),
        ("san pham OCOP mat ong", "mat ong"),
        ("dac san", "dac san"),  # nothing else: kept
        ("mat ong dac biet", "mat ong dac biet"),  # "đặc biệt" is not "đặc sản"
        # fillers_vi.txt: "mua" at the start only, the others anywhere
        ("mua cà phê ngon", "cà phê"),
        ("cần mua mật ong giá rẻ ở đâu", "mật ong"),
        ("gao ngon", "gao"),
        ("ngon", "ngon"),
        ("lua mua", "lua mua"),  # "lúa mùa", a season's rice
        ("ca phe gia lai", "ca phe gia lai"),  # "gia" alone is no filler
        ("mat ong re", "mat ong"),
    ],
)
def test_words_every_listing_could_carry_are_dropped(query, left):
    assert drop_generic(query) == left


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("Xà bông thảo mộc Trà Bồng bánh 100g", "Xà bông thảo mộc Trà_Bồng bánh 100g"),
        ("Cà phê Robusta Buôn Ma Thuột, rang mộc", "Cà phê Robusta Buôn_Ma_Thuột, rang mộc"),
        ("Mật ong Sơn La qqgapqq HTX Chè Tà Xùa", "Mật ong Sơn_La qqgapqq HTX Chè Tà_Xùa"),
        ("Chè Tân Cương Thái Nguyên", "Chè Tân_Cương Thái_Nguyên"),
        ("Cà phê Cư M’gar", "Cà phê Cư_M’gar"),
        # a kind that is also a commune's name is the kind, as find_places reads it
        ("Thanh long ruột đỏ", "Thanh long ruột đỏ"),
        # Bạc Hà is a former district as well as mint: a query reads "bac ha" as that phrase too
        ("Mật ong bạc hà", "Mật ong bạc_hà"),
    ],
)
def test_a_products_text_writes_each_place_name_as_one_word(text, joined):
    assert join_places(text) == joined


def test_the_joined_names_are_those_a_query_reads_whole():
    # Whatever join_places joins, find_places takes off the same words of a query.
    for text in ["ca phe buon ma thuot", "tom kho ca mau", "che ta xua son la"]:
        rest, places = find_places(text)
        assert sorted(join_places(text).split()) == sorted([*rest.split(), *(p.replace(" ", "_") for p in places)])


def test_the_products_own_place_is_read_first():
    # "Cẩm Vân" is a commune too; a bag from Vân Hồ keeps the "cẩm" of "thổ cẩm".
    assert join_places("Túi thổ cẩm Vân Hồ", own=["Vân Hồ", "Sơn La"]) == "Túi thổ cẩm Vân_Hồ"
    # a kind's name is no place, even the product's own: "thanh long" is the fruit
    assert join_places("Thanh long ruột đỏ", own=["Thanh Long"]) == "Thanh long ruột đỏ"


@pytest.mark.parametrize(
    ("text", "joined", "query", "read"),
    [
        # Of two names that overlap, the later: the place comes after the product.
        (
            "Trà xanh túi lọc Tân Cương hộp 25 gói",
            "Trà xanh túi lọc Tân_Cương hộp 25 gói",
            "tra tui loc tan cuong",
            ("tra tui loc", ["tan cuong"]),
        ),
        (
            "Lọ hoa gốm vẽ tay Phù Lãng",
            "Lọ hoa gốm vẽ tay Phù_Lãng",
            "gom ve tay phu lang",
            ("gom ve tay", ["phu lang"]),
        ),
        # A product phrase of the kinds file holds no place: cordyceps, not Trùng Hạ.
        (
            "Đông trùng hạ thảo sấy Đà Lạt",
            "Đông trùng hạ thảo sấy Đà_Lạt",
            "dong trung ha thao da lat",
            ("dong trung ha thao", ["da lat"]),
        ),
    ],
)
def test_a_text_and_a_query_read_overlapping_names_alike(text, joined, query, read):
    assert join_places(text) == joined
    assert find_places(query) == read


@pytest.mark.parametrize(
    ("text", "incidental"),
    [
        ("Tỏi Lý Sơn túi 1kg", ["ly", "son", "tui"]),
        ("Son dưỡng sáp ong Sơn La", ["la"]),  # "son" stands outside the name too
        ("Cà phê Robusta Buôn Ma Thuột, rang mộc", ["buon", "ma", "thuot"]),
        # a pack before its size; before anything else it is the product
        ("Tiêu sọ Gio Linh hũ 200g", ["gio", "hu", "linh"]),
        ("Tương Nam Đàn hũ sành 1 lít", ["dan", "nam"]),
        ("Túi thổ cẩm Vân Hồ qqgapqq HTX Thổ cẩm hộp 2", ["ho", "hop", "van"]),
        ("Mật ong rừng", []),
    ],
)
def test_the_words_that_say_nothing_of_what_the_product_is(text, incidental):
    assert incidental_words(text) == incidental
