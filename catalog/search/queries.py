"""The engine queries for SearchParams, and search-as-you-type.

Shape of a text search (the costly clauses are kept where they pay; bench/search.py measures):
- recall: every folded word must be in `all` (title, producer, categories, kinds), and a
  place name the query holds (a province, a region, a commune, a former district or province:
  "mat ong dak lak", "ca phe tay nguyen", "vai luc ngan") must be a phrase there or in
  `place_aliases`, never its words apart; run-together words are also read split
  ("caphe" -> "ca phe"). Only when that finds nothing does a second pass look with typo
  tolerance (fuzziness) and in phrases of the description; its best hits say which of their
  words the buyer meant (corrections.py), and that correction is what is searched and listed
  ("ca phe buon ma thout" -> "cà phê buôn ma thuột"; "bun kho" finds no "Bến Tre" candy).
  Only when that finds nothing either does a third pass, for queries of three words or more,
  accept products with all words but one;
  SearchResults.matched says which pass answered;
- ranking: exact-diacritic title matches > folded title matches > phrase and head bonuses;
  equal scores (common: boolean similarity) are ordered by staff priority, sales, OCOP stars
  and age, packed in one sort key (documents.listing_rank); a
  province or region named in the query ranks on its own, apart from the title words; a
  kind it names ("trái cây", kinds.py) puts the products of that kind first;
- facets: multi-select. All filters go in the query; one terms aggregation over the `facets`
  keyword counts every facet nobody selected, and each selected facet gets a size-0 request
  (same msearch round trip) without its own filter. Filter aggregations would do the same in
  one request, but osmem evaluates each over the whole index (ARCHITECTURE.md, "Search").
- highlighting: done here, on the title, for the folded query words (cheaper than the
  engine's highlighter and identical for the database fallback).
"""

import dataclasses
import datetime
import functools
import itertools
import re
import time
from html import escape  # Django's escape() is this wrapped for lazy strings: ~4x slower per call

from django.utils import timezone
from django.utils.translation import gettext as _
from elasticsearch.dsl import Q, Search
from elasticsearch.dsl.query import Query
from oscar.core.loading import get_model

from marketplace.core.text import (
    fold_vietnamese,
    fold_word,
    longest_phrase,
    respace_numbers,
    split_syllables,
    untype_phrase,
)
from marketplace.partner.models import ProducerType
from marketplace.regions.services import unit_names

from .corrections import Correction, edits, fuzziness, holds_every_word, read_hits
from .documents import PACKS
from .fillers import filler_phrases
from .kinds import kind_names, product_words
from .places import (
    _phrase_tiers,
    _place_names,
    _place_words,
    _take_phrases,
    find_places,
    place_key,
    place_phrases,
    place_words,
)
from .types import MATCHED, PRICE_RANGES, FacetValue, SearchParams, SearchResults, Suggestion, SuggestResults

Category = get_model("catalogue", "Category")
Province = get_model("regions", "Province")

FACETS = ("group", "stars", "province", "producer_type", "price", "in_stock", "certified")
FACET_BUCKETS = 200  # every value of every facet (34 provinces, groups, 3 stars, ...)
MAX_SYNONYM_ALTERNATIVES = 8
MAX_ALTERNATIVES = 8  # readings of one query sent to the engine (split words, synonyms)
MAX_CORRECTIONS = 2  # mistyped synonym terms read right, in the typo pass (synonym_corrections)
MIN_CORRECTED = 4  # letters of a typed word, at least, for it to be read as a synonym term
# The last pass: 3-5 words need all but one, 6 or more three quarters of them; 1-2 words are
# never relaxed (one word of two is too little to go on: "bo kho" would list all "kho").
PARTIAL_MATCH = "2<-1 5<75%"  # partial_required() counts the same rule: change both together
# A place named in the query ranks its products up this much (a title phrase scores 3).
PLACE_BOOST = 2.0
# The strict pass wants each word of the query where it says what the product is: not only
# inside a place's name or as a pack before its size (a document's `incidental` words): "son"
# finds the lip balm, not every product of Lý Sơn or Sơn La, and "hu tieu" no pepper "hũ 200g".
# When that finds nothing, this pass takes them there too: "ca phe buon ma" is Buôn Ma Thuột's
# coffee, "mat ong chai" honey in bottles (types.MATCHED).
INCIDENTAL = "incidental"
# A kind named in the query ("trái cây") lists the products of that kind first: above a title
# that only says the words ("Rượu trái cây" scores about 18 on the title clauses).
KIND_BOOST = 20.0
# A query of three words or more names the product in its first two ("cà phê buôn ma thuột"):
# a title that starts with them is that product. Above both title phrase clauses together
# (2 + 3), so "Mật ong hoa cà phê Buôn Ma Thuột", which holds the whole query as a phrase,
# still lists after the coffees; the noun phrase puts its head first, as titles do.
HEAD_WORDS = 2
HEAD_BOOST = 6.0
CARD_FIELDS = ["title", "price", "stars", "star_until", "producer", "place", "card"]
_WORDS = re.compile(r"(\w+)")


class EngineError(Exception):
    """The engine answered a request of an msearch with an error."""


def fold_query(text: str) -> str:
    return " ".join(fold_vietnamese(text).split())


# --- text ---------------------------------------------------------------------------------
def synonym_alternatives(folded: str, groups) -> list[str]:
    """The query with one synonym phrase swapped for each of its equivalents.

    Only used where the engine ignores synonym filters (osmem); Elasticsearch applies the
    same groups itself through the `vi_folded_search` analyzer.
    """
    tokens = folded.split()
    alternatives = []
    for group in groups:
        for word in group:
            phrase = word.split()
            for start in range(len(tokens) - len(phrase) + 1):
                if tokens[start : start + len(phrase)] == phrase:
                    rest_before, rest_after = tokens[:start], tokens[start + len(phrase) :]
                    alternatives += [" ".join([*rest_before, other, *rest_after]) for other in group if other != word]
    return list(dict.fromkeys(a for a in alternatives if a != folded))[:MAX_SYNONYM_ALTERNATIVES]


def split_alternatives(folded: str) -> list[str]:
    """The query with its run-together words read as syllables: "caphe rang" -> ["ca phe rang", ...]."""
    options = [[word, *split_syllables(word)] for word in folded.split()]
    if all(len(o) == 1 for o in options):
        return []
    readings = (" ".join(words) for words in itertools.product(*options))
    return list(itertools.islice((r for r in readings if r != folded), MAX_ALTERNATIVES))


def query_alternatives(folded: str, synonyms=()) -> list[str]:
    """Other readings of a folded query: Telex or VNI keys read as the letters they mark
    ("caf phee" -> "ca phe"), quantities and codes typed apart joined ("500 ml" -> "500ml",
    "st 25" -> "st25"), then run-together words split, then synonym swaps.

    Marks and splits apply on every engine; `synonyms` only where the engine ignores its
    synonym filter (osmem) or there is no engine (the database fallback).
    """
    heads = [folded, *filter(None, [untype_phrase(folded)]), *respace_numbers(folded)]
    splits = [alt for head in heads for alt in split_alternatives(head)]
    swapped = [alt for reading in (*heads, *splits) for alt in synonym_alternatives(reading, synonyms)]
    return list(dict.fromkeys(a for a in heads[1:] + splits + swapped if a != folded))[:MAX_ALTERNATIVES]


def synonym_corrections(folded: str, groups, limit: int = MAX_CORRECTIONS) -> list[str]:
    """The query with a mistyped synonym term written right: "coffe buon ma thuot" ->
    ["coffee buon ma thuot"]; the closest first.

    The typo pass's fuzziness reaches the words products hold, but a synonym that products do
    not hold ("coffee" for "cà phê") is only found through the synonym file, which needs it
    typed right. So a word (or phrase) within the typo pass's own reach of a term of the file
    (fuzziness AUTO, first letter kept) is read as that term; the synonym groups then swap it
    as for any query. Only the typo pass and the fallback's second try read these.
    Words of three letters or less are left alone, as are words the file, a place name or the
    kinds file holds: Vietnamese syllables sit one letter apart ("buon" is not a typo of
    "buoi", bưởi; "ruoc", ruốc, is not "ruou", rượu), and the fuzzy pass already reaches the
    syllables products hold.
    """
    tokens = folded.split()
    terms = {term for group in groups for term in group}
    known = _place_words().union(*(term.split() for term in terms), _words_of(product_words()))

    def near(typed: str, word: str) -> int | None:
        if typed == word:
            return 0
        if len(typed) < MIN_CORRECTED or typed in known or typed[:1] != word[:1]:
            return None
        count = edits(typed, word)
        return count if count <= fuzziness(typed) else None

    found: dict[str, int] = {}
    for term in sorted(terms):
        words = term.split()
        for start in range(len(tokens) - len(words) + 1):
            distances = [near(t, w) for t, w in zip(tokens[start : start + len(words)], words, strict=True)]
            if None not in distances and any(distances):
                reading = " ".join([*tokens[:start], term, *tokens[start + len(words) :]])
                found[reading] = min(found.get(reading, 99), sum(distances))
    return sorted(found, key=found.get)[:limit]


@functools.lru_cache(maxsize=2)
def _words_of(phrases: frozenset[str]) -> frozenset[str]:
    return frozenset(word for phrase in phrases for word in phrase.split())  # once per edit of the file


def typo_alternatives(folded: str, alternatives, typo_terms=(), synonyms=()) -> list[str]:
    """The readings the typo pass reads: the query's, then its synonym typos corrected
    (synonym_corrections) with, where the app swaps synonyms itself (`synonyms`), their swaps."""
    corrected = synonym_corrections(folded, typo_terms)
    swapped = [alt for reading in corrected for alt in synonym_alternatives(reading, synonyms)]
    return list(dict.fromkeys(a for a in [*alternatives, *corrected, *swapped] if a != folded))


def _folded_ranking(text: str, boost: float = 1.0, *, every_word: bool = False) -> list[Query]:
    words = {"operator": "and"} if every_word else {}
    return [
        Q("match", **{"title.folded": {"query": text, "boost": 2 * boost, **words}}),
        Q("match_phrase", **{"title.folded": {"query": text, "slop": 1, "boost": 3 * boost}}),
        Q("match_phrase", title_head={"query": text, "boost": 2 * boost}),
        Q("match_phrase", categories={"query": text, "boost": boost}),  # "ca phe" is the coffee group
    ]


def split_place(q: str) -> tuple[str, list[str]]:
    """(`q` without the place names in it, [those names, folded]).

    "mật ong sơn la" -> ("mật ong", ["son la"]). A buyer names the product, then where it
    comes from; ranking on the product words alone keeps "Cà phê ... chế biến mật ong Sơn La"
    (all the words, and "mật ong Sơn La" as a phrase) below Sơn La's honey. The query is
    returned whole when it is only a place ("dak lak") or names none.
    """
    rest, places = find_places(q)
    return (rest, places) if places and rest else (q, [])


def place_phrase(name: str, boost: float = 1.0) -> Query:
    """A place's folded name as one phrase, in `all` (the title, the producer) or among the
    product's `place_aliases` (its commune, province, former district and province, regions):
    never its words apart, so "dau tay" is no "Dầu gội" from "Tây Bắc". The best of the two fields scores, once
    (a multi_match of type phrase is a dis_max of the two phrases)."""
    return Q("multi_match", query=name, type="phrase", fields=["all", "place_aliases"], boost=boost)


def _place_ranking(places, *, recalled: bool) -> list[Query]:
    # The place phrase says the product is from there, however the place is named. Where the
    # recall already requires it (`recalled`), every hit has it: asking again would add the
    # same to every score, at the cost of a phrase over the whole index.
    from_there = [] if recalled else [place_phrase(name, PLACE_BOOST) for name in places]
    as_typed = [Q("match_phrase", **{"title.folded": {"query": name, "boost": 1}}) for name in places]
    return from_there + as_typed  # as typed: "Hạt điều Bình Phước"


def query_head(what: str) -> str:
    """The words of a query of three words or more (its place names taken off) that name the
    product: its first two; "" for a shorter query, whose whole text ranks as the head already
    (_folded_ranking). The engine's ranking and the database fallback's read the same."""
    words = what.split()
    return " ".join(words[:HEAD_WORDS]) if len(words) > HEAD_WORDS else ""


def _head_ranking(what: str) -> list[Query]:
    head = query_head(what)
    return [Q("match_phrase", title_head={"query": head, "boost": HEAD_BOOST})] if head else []


def _kind_ranking(what: str) -> list[Query]:
    _rest, kinds = _take_phrases(what, kind_names())
    return [Q("match_phrase", kinds={"query": kind, "boost": KIND_BOOST}) for kind in kinds]


def drop_generic(q: str) -> str:
    """`q` without the words that say nothing about which product, unless nothing else is left:
    "đặc sản Tây Bắc" asks for what Tây Bắc makes, "mua cà phê ngon" for coffee (no title says
    "đặc sản", "mua" or "ngon"; fillers_vi.txt, where "mua" counts only at the start). A place's
    name keeps its words ("Thạch Thất" is no filler). Also without the unit type before a
    unit's name ("cà phê tỉnh Đắk Lắk"): the index names places without it (documents.py)."""
    words, filler = _fillers(q)
    keep = [word for word, gone in zip(words, filler, strict=True) if not gone]
    return " ".join(keep) if keep else q


def says_nothing(q: str) -> bool:
    """Whether `q` has words and every one is a filler: "ocop", "đặc sản", "sản phẩm ngon" ask
    for the whole catalogue (services.search_products browses it), not for titles saying so."""
    words, filler = _fillers(q)
    return bool(words) and all(filler)


def _fillers(q: str) -> tuple[list[str], list[bool]]:
    """(the words of `q` without unit types, whether each is a filler: drop_generic)."""
    words = drop_unit_types(q).split()
    leading, anywhere = filler_phrases()
    provinces, local, _bare = _place_names()
    tier_of, _found = _phrase_tiers(words, (provinces, local, anywhere))
    filler = [tier == 2 for tier in tier_of]
    lead = next(
        (e for e in range(min(len(words), longest_phrase(leading)), 0, -1) if _words_key(words[:e]) in leading), 0
    )
    if all(tier is None for tier in tier_of[:lead]):  # "mua" at the start, no place's word
        filler[:lead] = [True] * lead
    return words, filler


def _words_key(words: list[str]) -> str:
    return " ".join(map(place_key, words))


# The unit types a buyer may put before a place's name, folded: today's ("Tỉnh", "Thành phố",
# "Xã", "Phường", "Đặc khu") and the former ones that addresses and titles still carry.
UNIT_TYPES = frozenset({"tinh", "thanh pho", "xa", "phuong", "dac khu", "thi tran", "thi xa", "quan", "huyen"})


@functools.lru_cache(maxsize=1)
def _typed_unit_names() -> tuple[frozenset[str], int]:
    """(every unit's folded name with its type, "tinh dak lak", "xa tan cuong"; the most words
    one has); fixed data, loaded once."""
    names = frozenset(n for n in map(place_key, unit_names()) if any(n.startswith(f"{t} ") for t in UNIT_TYPES))
    return names, max((len(name.split()) for name in names), default=0)


def drop_unit_types(q: str) -> str:
    """`q` without a unit type where a unit's name follows it: "tra thanh pho ha noi" -> "tra ha
    noi". Elsewhere the word stays: "tinh dau" (essential oil) is no "Tỉnh Đầu"."""
    words = q.split()
    folded = [fold_query(word) for word in words]
    names, longest = _typed_unit_names()
    keep, i = [], 0
    while i < len(words):
        span = next((n for n in (1, 2) if " ".join(folded[i : i + n]) in UNIT_TYPES), 0)
        typed = (" ".join(folded[i:end]) for end in range(i + span + 1, min(len(words), i + longest) + 1))
        if span and any(name in names for name in typed):
            i += span
            continue
        keep.append(words[i])
        i += 1
    return " ".join(keep)


def _recall(readings, partial: bool, strict: bool = True) -> tuple[list[Query], bool]:
    """(clauses that recall the words of each (text, boost) reading in `all`, whether they
    require the places the query names).

    A place is matched as a phrase ("tay bac", not a "bac" from Bạc Liêu and a "tay" from Miền
    Tây), the other words as _need says. When every reading names the same places (synonyms
    and split words rarely touch a place name), those phrases are asked once, for all readings.
    """
    found = [
        (what, named, boost, _need(text, what, named, partial))
        for text, boost in readings
        for what, named in [find_places(text)]
    ]
    places = found[0][1]
    if not places or any(named != places for _what, named, _boost, _n in found):
        return [_words_and_places(what, named, need, boost, strict) for what, named, boost, need in found], False
    phrases = [place_phrase(name) for name in places]
    if any(not what for what, _named, _boost, _n in found):  # only a place ("dak lak"): the phrase is enough
        return [Q("bool", must=phrases)], True
    words = [_words(what, need, boost, strict) for what, _named, boost, need in found]
    return [Q("bool", must=[*phrases, Q("bool", should=words, minimum_should_match=1)])], True


def _need(text: str, what: str, places: list[str], partial: bool) -> dict:
    """How many of the words of `text` outside its place names (`what`) must match: all, or in the last
    pass all but as many as PARTIAL_MATCH lets the whole query miss. A place named counts among
    the words and is never one of those missed: "mat ong rung u minh nguyen chat" (7 words, 2
    may miss) needs 3 of "mat ong rung nguyen chat" besides "U Minh"."""
    if not partial:
        return {"operator": "and"}
    if not places:
        return {"minimum_should_match": PARTIAL_MATCH}
    total, rest = len(place_key(text).split()), len(place_key(what).split())
    return {"minimum_should_match": max(1, rest - (total - partial_required(total)))}


def partial_required(words: int) -> int:
    """PARTIAL_MATCH counted: how many of a query's words the last pass needs."""
    return words if words <= 2 else words - 1 if words <= 5 else words * 3 // 4


def _words(what: str, need: dict, boost: float, strict: bool = True) -> Query:
    """The words of a reading in `all`, as many as `need` asks; when `strict`, each outside the
    place names and packs of the product's text (none of its `incidental` words). The last pass (which lets some
    miss) never misses the first, nor finds it only inside a place's name: a buyer names the
    product first ("bánh đa đỏ", "chuối sấy dẻo"), and products that share only the other words
    ("Rượu Bàu Đá 40 độ", "Mận sấy dẻo") answer another question."""
    words = Q("match", all={"query": what, **need, "boost": boost})
    if "minimum_should_match" not in need:
        return _not_incidental(words, what) if strict else words
    first = next((word for word in what.split() if _WORDS.search(word)), "")  # not a "–" between words
    if len(what.split()) < 2 or not first:
        return words
    return Q("bool", must=[words], filter=[_not_incidental(Q("match", all={"query": first}), first)])


def _not_incidental(query: Query, words: str) -> Query:
    """`query`, for products where none of `words` stands only inside a place's name or as a pack."""
    maybe = sorted({key for word in words.split() for key in place_key(word).split()} & incidental_words())
    return Q("bool", must=[query], must_not=[Q("terms", incidental=maybe)]) if maybe else query


def incidental_words() -> frozenset[str]:
    """Every word a document may hold as incidental: the words of place names, and the packs."""
    return _with_packs(place_words())


@functools.lru_cache(maxsize=2)
def _with_packs(words: frozenset[str]) -> frozenset[str]:
    return words | PACKS


def _words_and_places(what: str, places: list[str], need: dict, boost: float, strict: bool) -> Query:
    if not places:
        return _words(what, need, boost, strict)
    words = [_words(what, need, boost, strict)] if what else []
    return Q("bool", must=[*words, *(place_phrase(name, boost) for name in places)])


def text_query(q: str, *, broad: bool = False, partial: bool = False, alternatives=(), strict: bool = True) -> Query:
    """Recall on `all` (+ readings; all words but one when `partial`), ranking on the title;
    `broad`: the typo pass (typo_query). `strict`: no word only inside a place's name, unless
    this is the pass that lets them match there (INCIDENTAL)."""
    code, q = q.strip(), drop_generic(q)
    alternatives = [alt for alt in dict.fromkeys(map(drop_generic, alternatives)) if alt != q]
    if broad:
        return typo_query(q, alternatives)
    recall, place_required = _recall([(q, 1.0), *((alt, 0.9) for alt in alternatives)], partial, strict)
    recall.append(Q("term", codes={"value": code, "boost": 20}))
    return Q(
        "bool",
        must=[Q("bool", should=recall, minimum_should_match=1)],
        should=_ranking(q, alternatives, place_required),
    )


def typo_query(q: str, alternatives=()) -> Query:
    """The second pass, run only when the strict one found nothing under the same filters:
    its best hits are read for what the buyer meant (corrections.py), and corrected_query
    lists what that finds.

    Recall: the words with typo tolerance (fuzziness) in `all` or `place_aliases`, a place
    name the query holds whole as its phrase; or the query as a phrase of the description. The strict pass's clauses are left out: they are known to match nothing.
    So are the ranking clauses that imply one of them: a title phrase of the query, or a title
    with every word of another reading, would have been found by the strict pass, as titles,
    heads and group names are all copied into `all`. That leaves four or five clauses of the
    thirty or so a query with synonyms has: a typo's engine time went from 41 to 23 ms at
    10 000 products (ARCHITECTURE.md, "Search").
    Where the query names a place, a title may hold every word but not the place: the full
    ranking stays.
    """
    # prefix_length 1: the first letter of a Vietnamese syllable is rarely the typo, and it
    # cuts the terms the fuzzy automaton visits; max_expansions bounds the rest.
    fuzzy = {"fuzziness": "AUTO", "prefix_length": 1, "max_expansions": 20}
    # A place it names is no typo (the buyer typed its whole name) and matches as a phrase, in
    # `all` or in `place_aliases`, whose words `all` does not hold; the other words are fuzzed.
    rest, named = find_places(q)
    readings = (
        [what for what, places in map(find_places, alternatives) if places == named and what] if named else alternatives
    )
    recall = [
        _typo_recall(fold_query(rest), readings, fuzzy, named),
        # A phrase, not the words anywhere: "bo kho" must not find coffee that is "không tẩm
        # bơ" and kept "nơi khô ráo".
        Q("match_phrase", description={"query": q, "slop": 2, "boost": 0.3}),
    ]
    what, places = split_place(q)
    if places:
        ranking = _ranking(q, alternatives, place_required=False)
    else:
        ranking = [
            Q("match", title={"query": what, "boost": 3}),
            Q("match", **{"title.folded": {"query": what, "boost": 2}}),
            *_kind_ranking(what),
            *_head_ranking(what),  # two words of several can be right while another is mistyped
        ]
    return Q("bool", must=[Q("bool", should=recall, minimum_should_match=1)], should=ranking)


def corrected_query(q: str, corrections: list[Correction]) -> Query:
    """The typo pass's last search: the query as `corrections` read it (corrections.py), each
    corrected word as a phrase with the neighbour that vouched for it (in `all` or
    `place_aliases`), a place name as its phrase, the other words anywhere in `all`; or the typed words as a phrase of the description, as typo_query reads it.
    Ranked as the first pass ranks the first correction, written as the products write it."""
    recall = [_corrected_recall(c) for c in corrections]
    recall.append(Q("match_phrase", description={"query": q, "slop": 2, "boost": 0.3}))
    first, others = (corrections[0].text, [c.folded for c in corrections[1:]]) if corrections else (q, [])
    return Q(
        "bool",
        must=[Q("bool", should=recall, minimum_should_match=1)],
        should=_ranking(first, others, place_required=False),
    )


def _corrected_recall(c: Correction) -> Query:
    # A corrected run of words may be a place's name ("tay nguyn" -> "tây nguyên"), held in
    # `place_aliases` only: a phrase matches in either field. A place among the words as
    # typed matches as a phrase too, the other words anywhere in `all`.
    rest, places = find_places(c.words)
    must = [place_phrase(phrase) for phrase in [*c.phrases, *places]]
    return Q("bool", must=[*must, *([Q("match", all={"query": rest, "operator": "and"})] if rest else [])])


def _typo_recall(folded: str, alternatives, fuzzy: dict, places=()) -> Query:
    """Every word with typo tolerance, where a word or phrase another reading swaps may also be
    its replacement, exactly: "cafe robsta" is "cafe" or "ca phe" or "coffee", and "robsta"
    give or take two letters.

    Elasticsearch treats its own synonyms so (the match query does not fuzz a term that has
    synonyms but matches them all); on osmem the synonyms come as readings, and on both the
    split words do ("caphe robsta"). One fuzzy pass over the words, however many readings:
    fuzzing each reading whole cost 3x the engine time for "ca phe buon ma thout".
    `places`: the place names the query holds besides `folded`, each required as a phrase.
    """
    tokens = folded.split()
    from_there = [place_phrase(name, 0.5) for name in places]
    spans = _swapped_spans(tokens, alternatives)
    if not spans:
        words = [_fuzzy_words(folded, fuzzy)] if tokens else []
        return Q("bool", must=[*words, *from_there]) if from_there else words[0]
    must, covered = [], set()
    for (start, end), replacements in spans.items():
        original = " ".join(tokens[start:end])
        must.append(
            Q(
                "bool",
                should=[
                    _fuzzy_words(original, fuzzy),
                    *(Q("match_phrase", all={"query": phrase, "boost": 0.5}) for phrase in replacements),
                ],
                minimum_should_match=1,
            )
        )
        covered.update(range(start, end))
    rest = " ".join(token for i, token in enumerate(tokens) if i not in covered)
    if rest:
        must.append(_fuzzy_words(rest, fuzzy))
    return Q("bool", must=[*must, *from_there])


def _fuzzy_words(text: str, fuzzy: dict) -> Query:
    """Every word of `text` give or take a typo, in `all` or in `place_aliases`: a place's name
    typed wrong ("ca phe tay nguyn") is no phrase queries.find_places knows, and `all` does not
    hold the words of a place's names of two words or more. A word found only there vouches for nothing
    by itself: corrections.read_hit keeps a hit only for a word it reads as mistyped."""
    words = [Q("multi_match", query=word, fields=["all", "place_aliases"], boost=0.5, **fuzzy) for word in text.split()]
    return words[0] if len(words) == 1 else Q("bool", must=words)


def _swapped_spans(tokens: list[str], alternatives) -> dict[tuple[int, int], list[str]]:
    """{(start, end): [replacements]}: the words of the query each other reading swaps.

    A reading is the query with one span replaced (a synonym, a run-together word split);
    one that swaps a span overlapping another is left out (a synonym swapped into a split
    reading), so the spans never overlap.
    """
    spans: dict[tuple[int, int], list[str]] = {}
    for alternative in alternatives:
        other = alternative.split()
        prefix = 0
        while prefix < min(len(tokens), len(other)) and tokens[prefix] == other[prefix]:
            prefix += 1
        suffix = 0
        while suffix < min(len(tokens), len(other)) - prefix and tokens[-1 - suffix] == other[-1 - suffix]:
            suffix += 1
        span, replacement = (prefix, len(tokens) - suffix), " ".join(other[prefix : len(other) - suffix])
        if span[0] >= span[1] or not replacement:
            continue  # a reading that only adds or drops words: not a swap
        if span not in spans and any(span[0] < end and start < span[1] for start, end in spans):
            continue
        spans.setdefault(span, []).append(replacement)
    return spans


def _ranking(q: str, alternatives, place_required: bool) -> list[Query]:
    # Ranking reads the product words; a province or region named in the query ranks on its own.
    what, places = split_place(q)
    ranking = [
        Q("match", title={"query": what, "boost": 3}),  # diacritics kept: "cà phê" beats "cá"
        Q("match_phrase", title={"query": what, "boost": 2}),
        *_folded_ranking(what),
        *_place_ranking(places, recalled=place_required),
        *_kind_ranking(what),
        *_head_ranking(what),
    ]
    # Another reading ranks like the words it stands for, a little lower ("coffee" -> "cà phê"),
    # where the title has all of it: "matong" read "ma tong" must not lift every "Buôn Ma Thuột".
    ranking += [clause for alt in alternatives for clause in _folded_ranking(split_place(alt)[0], 0.9, every_word=True)]
    return ranking


# Ties are the rule, not the exception: boolean similarity makes a score the sum of the boosts
# of the clauses that matched, so every coffee title scores alike for "ca phe". Among equals:
# Oscar's staff-set priority, then sales, then OCOP stars, then the newest, packed into one
# number at indexing (documents.listing_rank): one sort key costs osmem two thirds of four.
# (A function_score bonus did the same at 3-4x the engine time: see ARCHITECTURE.md, "Search".)
# `unmapped_type`: an index built before the field existed sorts without it until rebuilt.
TIE_BREAKERS = [{"listing_rank": {"order": "desc", "unmapped_type": "long"}}]


def highlight_title(title: str, words, readings=()) -> str:
    """The title, HTML-escaped, with every word whose folded form is in `words` in <mark>.

    `readings` (word sets of the query's other readings) add their words only where the title
    has all of them: "matong" marks "Mật ong", never the "Ma" of "Buôn Ma Thuột".
    """
    if readings:
        present = {fold_word(word) for word in _WORDS.findall(title)}
        words = set(words).union(*(reading for reading in readings if reading <= present))
    return _mark(title, lambda word: fold_word(word) in words) if words else ""


def reading_sets(alternatives) -> list[frozenset[str]]:
    return [frozenset(alt.split()) for alt in alternatives]


def _mark(title: str, matches) -> str:
    """`title` HTML-escaped with the words `matches` accepts in <mark>; "" when none is."""
    parts = _WORDS.split(title)  # odd indexes are words, even ones what lies between them
    hits = {i for i in range(1, len(parts), 2) if matches(parts[i])}
    return "".join(f"<mark>{escape(p)}</mark>" if i in hits else escape(p) for i, p in enumerate(parts)) if hits else ""


# --- filters ------------------------------------------------------------------------------
def _tokens(name: str, keys) -> Query:
    return Q("terms", facets=[f"{name}:{key}" for key in keys])


def _star_shows(today: datetime.date) -> Query:
    # The document's star is re-checked against today, so an expiry between two reindexes
    # never lets an expired certificate match a star filter.
    return Q("range", star_until={"gte": today.isoformat()})


def facet_filters(params: SearchParams, today: datetime.date) -> dict[str, Query]:
    """The active multi-select facet filters, by facet name."""
    selected = {
        "group": params.groups,
        "stars": params.stars,
        "province": params.provinces,
        "producer_type": params.producer_types,
        "price": [params.price_range] if params.price_range in {k for k, _lo, _hi in PRICE_RANGES} else [],
        "in_stock": ["1"] if params.in_stock else [],
        "certified": ["1"] if params.certified_only else [],
    }
    active = {name: _tokens(name, keys) for name, keys in selected.items() if keys}
    for name in ("stars", "certified"):
        if name in active:
            active[name] = Q("bool", filter=[active[name], _star_shows(today)])
    return active


def base_filters(params: SearchParams) -> list[Query]:
    """Filters that are not facets: they narrow the facet counts too."""
    filters = [Q("terms", category_ids=list(params.category_ids))] if params.category_ids else []
    bounds = {"gte": int(params.price_min)} if params.price_min is not None else {}
    bounds |= {"lte": int(params.price_max)} if params.price_max is not None else {}
    return filters + ([Q("range", price=bounds)] if bounds else [])


# --- the search ---------------------------------------------------------------------------
SORT_CLAUSES = {
    "relevance": ["_score", *TIE_BREAKERS],
    "price_asc": [{"price": {"order": "asc", "missing": "_last"}}, "_score"],
    "price_desc": [{"price": {"order": "desc", "missing": "_last"}}, "_score"],
    "newest": [{"date_created": {"order": "desc"}}, "_score"],
    "best_selling": [{"popularity": {"order": "desc"}}, "_score"],
    "stars": [{"stars": {"order": "desc", "missing": "_last"}}, {"popularity": {"order": "desc"}}, "_score"],
}
BROWSE_ORDER = TIE_BREAKERS  # "relevance" without words


def build_searches(params, *, matched="all", alternatives=(), today=None, corrections=None) -> list[tuple[str, dict]]:
    """[("hits", body), (selected facet name, body), ...] for one msearch; `matched`: the pass;
    `corrections`: the typo pass's reading of the query (corrected_query), once known."""
    today = today or timezone.localdate()
    has_text = bool(params.q.strip())
    broad, partial = matched == "fuzzy", matched == "partial"
    strict = matched != INCIDENTAL
    if not has_text:
        matching = Q("match_all")
    elif broad and corrections is not None:
        matching = corrected_query(drop_generic(params.q.strip()), corrections)
    else:
        matching = text_query(params.q, broad=broad, partial=partial, alternatives=alternatives, strict=strict)
    active, base = facet_filters(params, today), base_filters(params)
    main = Q("bool", must=[matching], filter=base + list(active.values()))
    order = BROWSE_ORDER if params.sort == "relevance" and not has_text else SORT_CLAUSES[params.sort]
    search = Search().query(main).source(CARD_FIELDS).sort(*order)
    if params.facets:
        search.aggs.bucket("facets", "terms", field="facets", size=FACET_BUCKETS)
    start = (max(params.page, 1) - 1) * params.per_page
    searches = [("hits", search[start : start + params.per_page].to_dict())]
    for name in active if params.facets else ():
        # Counts of a selected facet ignore its own selection, so buyers can add values.
        others = [q for facet, q in active.items() if facet != name]
        count = Search().query(Q("bool", filter=[matching, *base, *others])).extra(size=0, track_total_hits=False)
        count.aggs.bucket("facets", "terms", field="facets", size=FACET_BUCKETS, include=f"{name}:.*")
        searches.append((name, count.to_dict()))
    return searches


def _has_incidental_word(folded: str, alternatives) -> bool:
    """Whether a word of the query or of a reading, outside the place names it holds whole, is a
    word of some place's name or a pack: only then can INCIDENTAL find what the strict pass did not."""
    words = incidental_words()
    return any(word in words for text in (folded, *alternatives) for word in find_places(text)[0].split())


def _msearch(client, index: str, searches) -> list[dict]:
    body = [part for _name, search in searches for part in ({}, search)]
    responses = client.msearch(index=index, searches=body)["responses"]
    for response in responses:
        if "error" in response:
            raise EngineError(response["error"])
    return responses


def execute(client, params: SearchParams, *, index: str, synonyms=(), typo_terms=(), facet_cache=None) -> SearchResults:
    """Run the search: the strict pass; when it finds nothing, the incidental one (if the typo
    probe's hits hold every word), else the fuzzy one; then the partial one.

    `synonyms`: the groups the app swaps itself (where the engine ignores its synonym filter);
    `typo_terms`: the groups whose mistyped terms the typo pass reads right (every engine).
    `facet_cache` (catalog.search.facet_cache) keeps the facet counts of a query and its filters
    until the index changes: a repeated search (the catalogue page above all) then only fetches
    its page of hits, the cheapest request there is.
    """
    folded = fold_query(params.q)
    alternatives = query_alternatives(folded, synonyms) if folded else []
    passes = [
        matched
        for matched in MATCHED
        if (matched != "partial" or len(folded.split()) >= 3)
        and (matched != INCIDENTAL or _has_incidental_word(folded, alternatives))
    ]
    took, corrections, probe = 0.0, None, None
    for matched in passes if folded else MATCHED[:1]:
        readings = alternatives
        if matched in (INCIDENTAL, "fuzzy") and probe is None:
            # The typo pass's best hits say whether the words were mistyped, or are all there,
            # some only where the strict pass does not take them (a place's name, a pack): a
            # mistyped query, the usual reason the strict pass found nothing, then pays no
            # request for the incidental pass, which would find nothing either.
            typo_readings = typo_alternatives(folded, alternatives, typo_terms, synonyms)
            probe = _read_typos(client, index, params, folded, typo_readings)
            took += probe.took
        if matched == INCIDENTAL and not probe.held:
            continue
        if matched == "fuzzy":
            corrections, readings = probe.corrections, probe.readings
            if not probe.found:  # nothing within a typo's reach: its corrected search would find nothing either
                continue
            readings = [c.folded for c in corrections] + readings
        searches, responses, counts, more = _run_pass(
            client, index, params, readings, matched, facet_cache, corrections
        )
        took += more
        if responses[0]["hits"]["total"]["value"]:
            break
    named = dict(zip([n for n, _ in searches], responses, strict=True))
    results = parse_responses(
        named, params, took, set(folded.split()), counts=counts, matched=matched, readings=reading_sets(readings)
    )
    if matched == "fuzzy" and corrections and results.total:
        results.corrected = corrections[0].text
    return results


TYPO_PROBE_HITS = 10  # hits of the typo pass read for what the buyer meant (corrections.py)


@dataclasses.dataclass
class Probe:
    corrections: list[Correction]  # what the typo pass's best hits say the buyer meant
    found: int  # how many the typo pass found
    readings: list[str]  # the readings it searched
    held: bool  # whether one holds every word of a reading as typed (INCIDENTAL)
    took: float  # the engine's time for it


def _read_typos(client, index, params, folded, readings) -> Probe:
    """What the best hits of the typo pass say the buyer meant (corrections.read_hits), how many
    it found, and the engine's time for it: one search under the same filters, by relevance,
    no facets."""
    probe = dataclasses.replace(params, sort="relevance", page=1, per_page=TYPO_PROBE_HITS, facets=False)
    _name, body = build_searches(probe, matched="fuzzy", alternatives=readings)[0]
    body["_source"] = ["all", "place_aliases"]
    (response,) = _msearch(client, index, [("probe", body)])
    hits = [hit["_source"] for hit in response["hits"]["hits"]]
    return Probe(
        corrections=read_hits([folded, *readings], hits, place_phrases()),
        found=response["hits"]["total"]["value"],
        readings=list(readings),
        held=holds_every_word([folded, *readings], hits),
        took=response["took"],
    )


def _run_pass(client, index, params, alternatives, matched, facet_cache, corrections=None):
    searches = build_searches(params, matched=matched, alternatives=alternatives, corrections=corrections)
    key = counts = None
    if params.facets and facet_cache is not None:
        key = facet_cache.key(index, searches)
        counts = facet_cache.get(key)
    if counts is not None:  # counted before: only the page of hits, without its aggregation
        searches = [("hits", {k: v for k, v in searches[0][1].items() if k != "aggs"})]
    responses = _msearch(client, index, searches)
    if key is not None and counts is None:
        counts = facet_counts(dict(zip([n for n, _ in searches], responses, strict=True)))
        facet_cache.set(key, counts)
    return searches, responses, counts, sum(r["took"] for r in responses)


def facet_counts(responses: dict) -> dict[str, int]:
    """{"province:14": 120, ...}: the main request's counts, a selected facet's from its own request."""
    counts = _token_counts(responses["hits"])
    for name, response in responses.items():
        if name != "hits":
            counts = {k: v for k, v in counts.items() if not k.startswith(f"{name}:")} | _token_counts(response)
    return counts


def parse_responses(
    responses: dict,
    params: SearchParams,
    took: float,
    words=frozenset(),
    *,
    counts: dict | None = None,
    matched: str = "all",
    readings=(),
) -> SearchResults:
    main = responses["hits"]
    hits = main["hits"]["hits"]
    documents = {int(hit["_id"]): hit["_source"] for hit in hits}
    highlights = {
        pid: marked for pid, doc in documents.items() if (marked := highlight_title(doc["title"], words, readings))
    }
    if params.facets and counts is None:
        counts = facet_counts(responses)
    return SearchResults(
        product_ids=list(documents),
        total=main["hits"]["total"]["value"],
        page=params.page,
        per_page=params.per_page,
        facets=facet_values(counts, params) if params.facets else {},
        highlights=highlights,
        engine="elasticsearch",
        took_ms=float(took),
        documents=documents,
        matched=matched,
    )


def _token_counts(response: dict) -> dict[str, int]:
    return {b["key"]: b["doc_count"] for b in response.get("aggregations", {}).get("facets", {}).get("buckets", [])}


# --- facet labels -------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _province_labels() -> dict[str, str]:
    return dict(Province.objects.values_list("code", "short_name"))  # fixed data, loaded once


_group_label_cache: dict = {}
GROUP_LABELS_TTL = 300.0  # seconds; group names change a few times a year, searches many times a second


def _group_labels() -> dict[str, str]:
    # Cached so a search costs no database query while the engine is up.
    if time.monotonic() - _group_label_cache.get("at", -GROUP_LABELS_TTL) >= GROUP_LABELS_TTL:
        rows = Category.objects.filter(depth=1).values_list("code", "slug", "name")
        _group_label_cache.update(at=time.monotonic(), labels={code or slug: name for code, slug, name in rows})
    return _group_label_cache["labels"]


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + "\xa0₫"


def price_label(key: str) -> str:
    for range_key, low, high in PRICE_RANGES:
        if range_key == key:
            if not low:
                return _("Under %(high)s") % {"high": _vnd(high)}
            if high is None:
                return _("%(low)s and above") % {"low": _vnd(low)}
            return f"{_vnd(low)} – {_vnd(high)}"
    return key


def facet_values(counts: dict[str, int], params: SearchParams) -> dict[str, list[FacetValue]]:
    """Token counts ("province:66" -> 7) -> FacetValues with labels; selected values always listed."""
    selected = {
        "group": set(params.groups),
        "stars": {str(s) for s in params.stars},
        "province": set(params.provinces),
        "producer_type": set(params.producer_types),
        "price": {params.price_range} if params.price_range else set(),
        "in_stock": {"1"} if params.in_stock else set(),
        "certified": {"1"} if params.certified_only else set(),
    }
    labels = {
        "group": _group_labels(),
        "stars": {str(n): f"{n}★" for n in (3, 4, 5)},
        "province": _province_labels(),
        "producer_type": {str(k): str(v) for k, v in ProducerType.choices},
        "price": {key: price_label(key) for key, _lo, _hi in PRICE_RANGES},
        "in_stock": {"1": _("In stock")},
        "certified": {"1": _("Valid OCOP certificate")},
    }
    by_facet = {name: {} for name in FACETS}
    for token, count in counts.items():
        name, _sep, key = token.partition(":")
        if name in by_facet:
            by_facet[name][key] = count
    price_order = [key for key, _lo, _hi in PRICE_RANGES]
    facets = {}
    for name in FACETS:
        values = by_facet[name]
        keys = price_order if name in ("price",) else [*values, *(selected[name] - set(values))]
        if name in ("in_stock", "certified"):
            keys = ["1"]
        items = [FacetValue(k, labels[name].get(k, k), values.get(k, 0), k in selected[name]) for k in keys]
        if name == "stars":
            items.sort(key=lambda v: -int(v.key))
        elif name not in ("price", "in_stock", "certified"):
            items.sort(key=lambda v: (-v.count, v.label))
        facets[name] = items
    return facets


# --- search-as-you-type -------------------------------------------------------------------
def build_suggest(prefix: str, limit: int) -> dict:
    """Every typed word must start a title word (edge n-grams, folded); whole words rank higher."""
    query = Q(
        "bool",
        must=[Q("match", **{"title.ngram": {"query": prefix, "operator": "and"}})],
        should=[
            Q("match", **{"title.folded": {"query": prefix, "boost": 2}}),
            Q("match_phrase_prefix", title_head={"query": prefix, "boost": 2}),
        ],
    )
    search = Search().query(query).sort("_score", *TIE_BREAKERS).source(["title", "card.url", "card.image"])
    return search[:limit].to_dict()


def suggest(client, prefix: str, limit: int, *, index: str) -> SuggestResults:
    response = client.search(index=index, body=build_suggest(prefix, limit))
    typed = fold_query(prefix).split()

    def starts_typed(word: str) -> bool:
        return any(fold_word(word).startswith(t) for t in typed)

    suggestions = []
    for hit in response["hits"]["hits"]:
        title, card = hit["_source"]["title"], hit["_source"].get("card", {})
        suggestions.append(
            Suggestion(
                id=int(hit["_id"]),
                title=title,
                url=card.get("url") or "",
                image=card.get("image"),
                highlight=_mark(title, starts_typed),
            )
        )
    return SuggestResults(suggestions, took_ms=float(response["took"]))
