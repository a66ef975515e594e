"""Reading a mistyped query from the words of the products the typo pass found (corrections.py).

Hits are written as the index holds them: `all` is the searched fields joined by FIELD_GAP.
"""

import pytest

from catalog.search.corrections import MAX_CORRECTIONS, near, read_hits
from catalog.search.documents import FIELD_GAP


def hit(*fields, description=""):
    return {"all": f" {FIELD_GAP} ".join(fields), "description": description}


COFFEE = hit("Cà phê hạt Robusta Buôn Ma Thuột", "Cà phê", "HTX Cà phê Ea Tu", "Phường Buôn Ma Thuột, Tỉnh Đắk Lắk")
CANDY = hit("Kẹo dừa Bến Tre", "Thực phẩm chế biến", "Công ty Kẹo dừa", "Xã An Hội, Tỉnh Vĩnh Long")
NEM = hit("Nem chua Thanh Hóa", "Thực phẩm chế biến", "Cơ sở Hằng", "Phường Hàm Rồng, Tỉnh Thanh Hóa")
LONGAN = hit("Long nhãn Hưng Yên sấy khô", "Trái cây sấy", "Cơ sở Huệ", "Xã Tân Hưng, Tỉnh Hưng Yên")
HONEY = hit("Mật ong rừng Quỳ Châu", "Mật ong", "HTX Quỳ Châu", "Xã Quỳ Châu, Tỉnh Nghệ An")


@pytest.mark.parametrize(
    ("query", "hits", "text", "phrases", "words"),
    [
        # the typo stands next to the word typed beside it: that neighbour vouches for it
        ("ca phe buon ma thout", [COFFEE], "cà phê buôn ma thuột", ("ma thuot",), "ca phe buon"),
        ("nem chau", [NEM], "nem chua", ("nem chua",), ""),
        # no Vietnamese syllable at all: a typo wherever the hit has its correction
        ("robsta", [COFFEE], "robusta", ("robusta",), ""),
        ("ca phe robsta", [COFFEE], "cà phê robusta", ("robusta",), "ca phe"),  # "hạt" between
    ],
)
def test_a_typo_is_read_as_the_word_the_hit_has(query, hits, text, phrases, words):
    (correction,) = read_hits([query], hits)

    assert (correction.text, correction.phrases, correction.words) == (text, phrases, words)


@pytest.mark.parametrize(
    ("query", "hits"),
    [
        ("bun kho", [CANDY]),  # "bún" is not "Bến": nothing beside "Bến" is "kho"
        ("quyt", [HONEY]),  # a syllable on its own: "quýt" is another fruit, not a typo of "Quỳ"
        ("yen sao", [hit("Mận sấy dẻo Yên Châu")]),  # "sấy" is not beside "Yên"
        ("keo dua", [CANDY]),  # every word held: nothing to correct (the strict pass finds it)
    ],
)
def test_words_one_letter_from_other_words_are_not_typos(query, hits):
    assert read_hits([query], hits) == []


def test_a_neighbour_vouches_for_nothing_across_the_edge_of_a_place_name():
    # "sấy" stands beside "Yên", the end of Hưng Yên: "yen sao" (yến sào, bird's nest) is not a typo of it.
    places = frozenset({"hung yen", "buon ma thuot"})

    assert read_hits(["yen sao"], [LONGAN], places) == []
    assert read_hits(["yen sao"], [LONGAN])  # read without the place names, it would be
    (correction,) = read_hits(["ca phe buon ma thout"], [COFFEE], places)  # both words inside the name
    assert (correction.text, correction.phrases) == ("cà phê buôn ma thuột", ("ma thuot",))
    (correction,) = read_hits(["long nhan sya"], [LONGAN], places)  # no syllable: no neighbour needed
    assert correction.text == "long nhãn sấy"


def test_a_neighbour_in_another_field_vouches_for_nothing():
    # "nem" ends the title, "chua" starts the producer: a phrase query would not find them together
    scattered = hit("Bánh tráng cuốn nem", "Chua ngọt Thanh Hóa")

    assert read_hits(["nem chau"], [scattered]) == []


def test_a_place_name_typed_wrong_is_read_from_the_hits_place_names():
    # A former province or region is no word of `all`: the hit names it in `place_aliases`.
    coffee = {**COFFEE, "place_aliases": f"Đắk Lắk {FIELD_GAP} Tây Nguyên"}

    (correction,) = read_hits(["ca phe tay nguyn"], [coffee])
    assert (correction.text, correction.phrases, correction.words) == ("cà phê tây nguyên", ("tay nguyen",), "ca phe")
    # Two names are two runs: "lak" does not stand beside "tây" to vouch for "tai" (a syllable)
    assert read_hits(["lak tai"], [coffee]) == []
    assert read_hits(["lak tai"], [{**coffee, "place_aliases": "Đắk Lắk, Tây Nguyên"}])  # one run: it would


def test_a_correction_a_neighbour_vouches_for_comes_before_a_word_found_anywhere():
    # The demo's squid cake came first for "che ha giag" and the search said "chế hạ giã":
    # "giag" is no syllable, so a "giã" anywhere in a hit read as its correction.
    squid = hit("Chả mực giã tay Hạ Long", "Thực phẩm chế biến")
    tea = {**hit("Chè Shan tuyết Hoàng Su Phì", "Trà"), "place_aliases": f"Hà Giang {FIELD_GAP} Đông Bắc"}

    got = read_hits(["che ha giag"], [squid, tea])

    assert [(c.text, c.unvouched) for c in got] == [("chè hà giang", 0), ("chè hạ giã", 1)]


def test_a_word_typed_right_is_written_as_a_hits_title_writes_it():
    # The demo said "chế hà giang": the best hit, a honey, holds "che" only in "chế biến".
    honey = {**hit("Mật ong bạc hà Đồng Văn", "Thực phẩm chế biến"), "place_aliases": "Hà Giang"}
    tea = {**hit("Chè Shan tuyết Hoàng Su Phì", "Trà"), "place_aliases": "Hà Giang"}

    assert [c.text for c in read_hits(["che ha giag"], [honey, tea])] == ["chè hà giang"]
    assert [c.text for c in read_hits(["che ha giag"], [honey])] == ["chế hà giang"]  # no title says "chè"


def test_a_reading_of_the_query_that_the_hit_holds_is_the_correction():
    # "coffe" is read "coffee" then "ca phe" (the synonym file); the hit has "cà phê"
    (correction,) = read_hits(["coffe", "coffee", "ca phe"], [COFFEE])

    assert (correction.text, correction.phrases, correction.words) == ("cà phê", (), "ca phe")


def test_corrections_come_best_hit_first_once_each_and_at_most_a_few():
    honeys = [hit(f"Mật ong rừng {place}") for place in ("U Minh", "Bắc Kạn", "Tây Bắc")]
    coffees = [hit("Cà phê mật ong"), hit("Mật ong hoa cà phê"), hit("Mứt ong")]

    got = read_hits(["mat ogn rung"], [*honeys, *coffees])

    assert [c.text for c in got] == ["mật ong rừng"]
    assert len(read_hits(["mat ogn"], [*coffees, *honeys, hit("Mật ong non"), hit("Mật ong già")])) == 1
    several = [hit(f"Cà phê {w}") for w in ("robusta", "rabusta", "robustaa", "rubusta", "robust")]
    assert [c.text for c in read_hits(["ca phe robsta"], several)] == [
        "cà phê robusta",
        "cà phê rabusta",
        "cà phê robustaa",
    ][:MAX_CORRECTIONS]


@pytest.mark.parametrize(
    ("typed", "word", "reached"),
    [
        ("thout", "thuot", True),  # one edit
        ("robsta", "robusta", True),  # six letters: two edits allowed
        ("ogn", "ong", True),  # a swap of neighbours is one edit
        ("ca", "co", False),  # two letters: exact only
        ("mao", "bao", False),  # the first letter is kept (prefix_length 1)
        ("thout", "thuong", False),  # two edits for five letters
    ],
)
def test_near_is_the_typo_pass_reach(typed, word, reached):
    assert near(typed, word) is reached
