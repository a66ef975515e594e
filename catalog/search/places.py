"""Place names in buyers' queries and in products' text, read alike on both sides.

A query names a place ("mat ong son la", "ca phe buon ma thuot"); find_places reads those
names, province and region names first, then communes and former districts, each as a whole
phrase (queries.place_phrase). A product's text names places too ("Tỏi Lý Sơn", "Xà bông
thảo mộc Trà Bồng"): join_places writes each as one word in the strict recall field
and documents.incidental_words lists the words that stand only there (`incidental`), so that a
word of a place's name does not match on its own ("son" is the lip balm, not Lý Sơn's
garlic; "tra" is tea, not Trà Bồng's soap).
"""

import functools
import re

from marketplace.core.text import fold_vietnamese, longest_phrase
from marketplace.regions.services import local_place_names, other_place_names, place_names, unit_names

from .kinds import product_words

_NAME_WORDS = re.compile(r"\w+(?:'\w+)*")
JOIN = "_"  # the engine's standard tokenizer keeps "trà_bồng" one word, as it keeps "m'gar"


@functools.lru_cache(maxsize=1)
def _place_names() -> tuple[frozenset[str], frozenset[str], dict[str, str]]:
    """(folded province and region names, folded commune and former district names, {a name as
    typed without its apostrophe, or another name of the place: the name}), of two words or
    more; fixed data, loaded once.

    "Cư M'gar" is typed "cu m'gar" or "cu mgar"; the engine's tokenizer keeps "m'gar" whole, so
    the name searched is the one with the apostrophe.

    One-word names are left out: "huế" is also the flower in "hoa huệ". find_places leaves out a
    local name that is also a kind of product too ("Thanh Long" is a commune; kinds_vi.txt):
    "thanh long" asks for dragon fruit.
    """
    provinces = {name for name in map(place_key, place_names()) if len(name.split()) >= 2}
    local = {name for name in map(place_key, local_place_names()) if len(name.split()) >= 2} - provinces
    bare = {name.replace("'", ""): name for name in provinces | local if "'" in name}
    # Another name buyers use ("ban me thuot") is read as the place's own, in its tier.
    other = {place_key(k): place_key(v) for k, v in other_place_names().items()}
    provinces |= {k for k, v in other.items() if v in provinces}
    local = (local | {k for k, v in other.items() if v in local}) - provinces
    return frozenset(provinces), frozenset(local | bare.keys()), {**bare, **other}


def place_phrases() -> frozenset[str]:
    """Every place name of two words or more that find_places reads, in one set: the edges a
    typo's neighbour does not vouch across (corrections.read_hit)."""
    provinces, local, _bare = _place_names()
    return _joined(provinces, _unless_kinds(local, product_words()))


@functools.lru_cache(maxsize=2)
def _joined(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    return a | b  # once per edit of the kinds file, so read_hit's longest_phrase is cached too


@functools.lru_cache(maxsize=2)
def _unless_kinds(names: frozenset[str], kinds: frozenset[str]) -> frozenset[str]:
    return names - kinds  # once per edit of the kinds file


@functools.lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    """Folded words of every administrative unit's name ("buon", "thuot"); fixed data, loaded once."""
    return frozenset(word for name in unit_names() for word in place_key(name).split())


@functools.lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    return place_key(word)  # a product's text repeats the same few thousand words


@functools.lru_cache(maxsize=16)
def _last_words(phrases: frozenset[str]) -> frozenset[str]:
    return frozenset(phrase.rpartition(" ")[2] for phrase in phrases)


def place_key(name: str) -> str:
    """A place name as the query matcher compares it: folded words ("Bà Rịa - Vũng Tàu" ->
    "ba ria vung tau"); an apostrophe inside a word stays ("Cư M’gar" -> "cu m'gar"), as the
    engine's standard tokenizer keeps such a word whole."""
    return " ".join(_NAME_WORDS.findall(fold_vietnamese(name).replace("’", "'")))


def find_places(q: str) -> tuple[str, list[str]]:
    """(the words of `q` that are not a place name, [the place names, folded]). Province and
    region names are read first: "mat ong son la" is Sơn La's honey whatever commune "Ong Sơn"
    there may be."""
    _provinces, _local, bare = _place_names()
    rest, places = _find_places(q, *_tiers())
    return rest, [bare.get(name, name) for name in places]


@functools.lru_cache(maxsize=512)
def _find_places(q: str, *tiers) -> tuple[str, tuple[str, ...]]:
    # A search asks it of the same text a dozen times (recall, ranking, each reading, each pass).
    words = q.split()
    tier_of, found = _phrase_tiers(words, tiers)
    keep = [word for word, tier in zip(words, tier_of, strict=True) if tier is None or tier == KIND_TIER]
    return " ".join(keep), tuple(found[i] for i in sorted(found) if tier_of[i] != KIND_TIER)


def _take_phrases(q: str, *tiers) -> tuple[list[str], list[str]]:
    """(the words of `q` outside any of the folded phrases, [the phrases found, in query order]).

    Each tier of phrases is read in turn over the words no earlier tier took; within one, the
    longest phrase wins ("ba ria vung tau" before a shorter name inside it)."""
    words = q.split()
    tier_of, found = _phrase_tiers(words, tiers)
    return [word for word, tier in zip(words, tier_of, strict=True) if tier is None], [found[i] for i in sorted(found)]


def _phrase_tiers(words: list[str], tiers) -> tuple[list[int | None], dict[int, str]]:
    """([for each word, the index of the tier whose phrase took it, or None], {first word's
    position: the folded phrase found there}): _take_phrases' reading, word by word.

    Within a tier, names are read from the end: a title or a query names the product first and
    the place last, so of two names that overlap the later wins ("túi lọc Tân Cương" is Tân
    Cương's tea bags, not a "Lọc Tân" and a "cương"; "vẽ tay Phù Lãng", not "Tây Phú")."""
    folded = [_word_key(word) for word in words]  # "thuột," is "thuot"
    tier_of: list[int | None] = [None] * len(words)
    found = {}
    for t, phrases in enumerate(tiers):
        longest, lasts = longest_phrase(phrases), _last_words(phrases)
        end = len(words)
        while end > 0:
            if folded[end - 1].rpartition(" ")[2] not in lasts:  # no name ends here: most words of a text
                end -= 1
                continue
            start_min = max(end - longest, 0)
            free = next((j + 1 for j in range(end - 1, start_min - 1, -1) if tier_of[j] is not None), start_min)
            for start in range(free, end):  # the longest first
                phrase = " ".join(folded[start:end])
                if phrase in phrases:
                    found[start] = phrase
                    tier_of[start:end] = [t] * (end - start)
                    end = start
                    break
            else:
                end -= 1
    return tier_of, found


KIND_TIER = 1  # _tiers()[1] names products, not places


def _tiers() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The names read in a text, in turn: provinces and regions, then the product phrases of the
    kinds file (no place: "đông trùng hạ thảo" is cordyceps, not "đông" + Trùng Hạ + "thảo"),
    then communes and former districts, less those that are a kind's name ("thanh long")."""
    provinces, local, _bare = _place_names()
    kinds = product_words()
    return provinces, _phrases_of(kinds), _unless_kinds(local, kinds)


@functools.lru_cache(maxsize=2)
def _phrases_of(names: frozenset[str]) -> frozenset[str]:
    return frozenset(name for name in names if " " in name)  # one word ("na", "cam") takes no name's


def join_places(text: str, own=()) -> str:
    """`text` with the words of each place name find_places would read in it joined into one
    ("Tỏi Lý Sơn túi 1kg" -> "Tỏi Lý_Sơn túi 1kg"), as written.

    `own`: the names of the product's own place, read first: "Túi thổ cẩm Vân Hồ" from Vân Hồ
    joins "Vân_Hồ", not the "Cẩm Vân" of another commune, which would take "cẩm" from "thổ cẩm"."""
    words = text.split()
    # a kind's name stays words, as find_places leaves it: Thanh Long's "Thanh long ruột đỏ"
    mine = frozenset(key for key in map(place_key, own) if len(key.split()) >= 2) - product_words()
    tiers, kind = ((mine, *_tiers()), KIND_TIER + 1) if mine else (_tiers(), KIND_TIER)
    tier_of, found = _phrase_tiers(words, tiers)
    if not found:
        return text
    joined, i = [], 0
    while i < len(words):
        end = i + 1
        if i in found and tier_of[i] != kind:  # the name runs on over the words its tier took, up to the next
            while end < len(words) and tier_of[end] is not None and end not in found:
                end += 1
        joined.append(JOIN.join(words[i:end]))
        i = end
    return " ".join(joined)


def place_words() -> frozenset[str]:
    """The folded words of the place names join_places joins (queries.incidental_words adds the
    packs): a query with none of them outside its own place names has none incidental."""
    provinces, _kinds, local = _tiers()
    return _words_in(provinces, local)


@functools.lru_cache(maxsize=2)
def _words_in(*tiers: frozenset[str]) -> frozenset[str]:
    return frozenset(word for tier in tiers for name in tier for word in name.split())
