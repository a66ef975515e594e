"""Plain functions of the search layer: synonyms, highlighting, facet tokens."""

import pytest

from catalog.search import index
from catalog.search.documents import facet_tokens, price_range_key
from catalog.search.queries import (
    fold_query,
    highlight_title,
    query_alternatives,
    reading_sets,
    split_alternatives,
    synonym_alternatives,
    synonym_corrections,
    typo_alternatives,
)
from marketplace.core.text import is_syllable, respace_numbers, split_syllables, untype_marks, untype_phrase

GROUPS = [
    ("ca phe", "cafe", "coffee"),
    ("mat ong", "honey"),
    ("buoi", "pomelo"),
    ("mut", "keo mut"),
    ("tom kho", "dried shrimp"),
    ("ruou", "wine"),
]


def test_synonym_file_is_folded_like_the_index():
    groups = index.load_synonyms()
    assert ("ca phe", "cafe", "coffee") in groups
    assert ("kho", "say") in groups
    # Tết gifts: no title says "quà tết", many say "hộp quà".
    assert "hop qua" in synonym_alternatives("qua tet", groups)


def test_a_synonym_phrase_is_swapped_for_each_equivalent():
    groups = [("ca phe", "cafe", "coffee"), ("kho", "say")]
    assert synonym_alternatives("ca phe buon ma thuot", groups) == ["cafe buon ma thuot", "coffee buon ma thuot"]
    assert synonym_alternatives("tom say", groups) == ["tom kho"]
    assert synonym_alternatives("mat ong", groups) == []


def test_run_together_words_are_read_as_syllables():
    assert split_syllables("caphe")[0] == "ca phe"
    assert split_syllables("buonmathuot")[0] == "buon ma thuot"
    assert "mat ong" in split_syllables("matong")
    assert split_syllables("nuocmam")[0] == "nuoc mam"
    assert split_syllables("saurieng")[0] == "sau rieng"
    # A syllable of its own, a code, a foreign word, a short word: left alone.
    for word in ("thuong", "nghieng", "khuya", "st25", "coffee", "honey", "robusta", "abc"):
        assert split_syllables(word) == [], word
    assert is_syllable("nghieng") and is_syllable("quyen") and not is_syllable("caphe")


def test_a_query_is_also_read_split_then_with_synonyms():
    groups = [("ca phe", "cafe", "coffee")]
    assert split_alternatives("caphe rang moc") == ["ca phe rang moc", "cap he rang moc"]
    assert split_alternatives("ca phe") == []
    alternatives = query_alternatives("caphe", groups)
    assert alternatives[:2] == ["ca phe", "cap he"]
    assert {"cafe", "coffee"} <= set(alternatives)  # the split reading's synonyms
    assert query_alternatives("mat ong", groups) == []


def test_a_reading_is_marked_only_where_the_title_has_all_of_it():
    readings = reading_sets(query_alternatives("matong"))
    assert (
        highlight_title("Mật ong rừng U Minh", {"matong"}, readings) == "<mark>Mật</mark> <mark>ong</mark> rừng U Minh"
    )
    assert highlight_title("Cà phê Buôn Ma Thuột", {"matong"}, readings) == ""


def test_highlight_marks_folded_words_and_escapes_the_rest():
    words = set(fold_query("ca phe").split())
    assert (
        highlight_title("Cà phê <b>Buôn</b> Ma Thuột", words)
        == "<mark>Cà</mark> <mark>phê</mark> &lt;b&gt;Buôn&lt;/b&gt; Ma Thuột"
    )
    assert highlight_title("Mật ong rừng", words) == ""


def test_facet_tokens_carry_every_facet_value():
    doc = {
        "stars": 4,
        "price": 150_000,
        "card": {"groups": ["food"], "province": "66", "producer_type": "cooperative", "in_stock": True},
    }
    assert facet_tokens(doc) == [
        "group:food",
        "province:66",
        "producer_type:cooperative",
        "stars:4",
        "certified:1",
        "price:100000-200000",
        "in_stock:1",
    ]
    assert (
        price_range_key(99_999) == "0-100000"
        and price_range_key(500_000) == "500000-"
        and price_range_key(None) is None
    )


@pytest.mark.django_db  # place words come from the administrative units
@pytest.mark.parametrize(
    ("folded", "corrected"),
    [
        ("coffe", ["coffee"]),  # a letter dropped
        ("cofefe", ["coffee"]),  # two letters swapped
        ("hony rung", ["honey rung"]),
        ("dried srimp", ["dried shrimp"]),  # a phrase, one word of it mistyped
        ("caffe", ["cafe"]),
        # Left alone: right already; a place ("buon", not "buoi"); a word of the file ("mut",
        # not "mat"); three letters or less; a first letter changed; too far.
        ("coffee", []),
        ("ca phe buon ma thuot", []),
        ("mat ong", []),
        ("mam ruoc", []),  # a word of the kinds file: ruốc (shredded shrimp), not rượu
        ("ruou", []),
        ("mot", []),
        ("toffee", []),
        ("cooooffee", []),
    ],
)
def test_a_mistyped_synonym_term_is_read_right(folded, corrected):
    assert synonym_corrections(folded, GROUPS) == corrected


@pytest.mark.django_db
def test_the_typo_pass_reads_the_corrected_term_and_its_synonyms():
    assert typo_alternatives("coffe buon", ["coffe buon"], GROUPS, GROUPS) == [
        "coffee buon",
        "ca phe buon",
        "cafe buon",
    ]
    # Where the engine swaps synonyms itself (Elasticsearch), the correction alone.
    assert typo_alternatives("coffe buon", [], GROUPS) == ["coffee buon"]


@pytest.mark.parametrize(
    ("typed", "syllable"),
    [
        ("caf", "ca"),  # Telex: the tone key after the vowel
        ("phee", "phe"),  # ê
        ("dduwowngf", "duong"),  # đ, ư, ơ and the tone
        ("maajt", "mat"),  # the tone key before the final consonant
        ("nhwngx", "nhung"),  # "w" on its own is ư
        ("quaans", "quan"),
        ("phe6", "phe"),  # VNI
        ("d9uong2", "duong"),
        # Not keys: a syllable already, English, a code, a key typed twice (its letter).
        ("ca", None),
        ("xoong", None),
        ("honey", None),
        ("robusta", None),
        ("coffee", None),
        ("cheese", None),  # a key letter before a vowel is a letter
        ("basa", None),
        ("st25", None),
        ("3in1", None),
        ("g7", None),
    ],
)
def test_telex_and_vni_keys_are_read_as_the_letters_they_mark(typed, syllable):
    assert untype_marks(typed) == syllable


def test_a_query_typed_with_the_keyboard_off_is_also_read_with_its_marks():
    assert untype_phrase("caf phee buoon ma thuoojt") == "ca phe buon ma thuot"
    assert untype_phrase("ca phe") is None
    assert query_alternatives("caf phee", [("ca phe", "cafe", "coffee")]) == ["ca phe", "cafe", "coffee"]


@pytest.mark.parametrize(
    ("typed", "readings"),
    [
        ("mat ong 500 ml", ["mat ong 500ml"]),
        ("gao 5 kg", ["gao 5kg"]),
        ("ruou 1 lit", ["ruou 1lit"]),
        ("gao st 25", ["gao st25"]),
        ("sau rieng ri 6", ["sau rieng ri6"]),
        ("ca phe 3 in 1", ["ca phe 3in1"]),
        ("ruou bau da 1lit", ["ruou bau da 1 lit"]),  # a title may write "1 lít"
        ("hop 2 kg", ["hop 2kg"]),  # a longer word before the number is a word
        ("nuoc mam 40 do dam", []),  # "độ" is no unit
        ("ca phe loai 1", []),
        ("gao st25", []),
        ("ca2 phe6", []),  # VNI keys: untype_marks reads them
    ],
)
def test_quantities_and_codes_typed_apart_are_read_joined(typed, readings):
    assert respace_numbers(typed) == readings


def test_a_query_with_a_quantity_typed_apart_is_also_read_joined():
    assert "mat ong 500ml" in query_alternatives("mat ong 500 ml")
