"""Reading a mistyped query right, from the words of the products the typo pass finds.

The typo pass's fuzziness finds products holding, somewhere, a word one or two letters from
each typed one. Vietnamese syllables sit one letter apart ("sao" / "sấy", "bun" / "bến",
"quyt" / "quỳ"), so on its own it lists whatever holds a neighbour of every word: "bun kho"
listed coconut candy from Bến Tre, "quyt" honey from Quỳ Châu. So the best hits of that pass
are read here to learn which of their words the buyer meant:

- a typed word the hit holds is taken as typed;
- a word it holds only one or two letters off is taken as mistyped where the hit has the
  correction next to the word typed beside it, as typed ("... ma thout" -> "ma thuột", "nem
  chau" -> "nem chua"; two words both off vouch for nothing: "mat ogn" is not "mứt ong"), or,
  for a word that is no Vietnamese syllable at all ("ogn", "robsta"), wherever the hit has
  it. A syllable corrected on its own ("quyt" -> "quỳ", "sao" -> "sấy" far from "yen") is
  another word, not a typo. Nor does a neighbour vouch across the edge of a place's name:
  "Long nhãn Hưng Yên sấy khô" has "sấy" beside "Yên", but that "Yên" is Hưng Yên's, so "yen
  sao" (yến sào, bird's nest) is not "yên sấy"; "ma" vouches for "thuột" inside "Buôn Ma Thuột".

The corrections found are then searched strictly: a corrected word as a phrase with the
neighbour that vouched for it, the other words anywhere, as the first pass reads them. The
page, its total and its facet counts are that search's, so they agree; a hit no correction
accounts for is left out.
"""

import re
from dataclasses import dataclass

from marketplace.core.text import fold_word, is_syllable, longest_phrase

from . import documents

MAX_CORRECTIONS = 3  # readings of a mistyped query searched in the end
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Correction:
    """A query read right: `text` as the products write it ("cà phê buôn ma thuột")."""

    text: str
    folded: str
    phrases: tuple[str, ...]  # folded runs of words that must stand together: "ma thuot"
    words: str  # the folded words that may stand anywhere: "ca phe buon"
    unvouched: int = 0  # corrected words no neighbour vouched for (taken as no syllable at all)


def fuzziness(word: str) -> int:
    """Elasticsearch's fuzziness AUTO for a typed word: exact up to 2 letters, one edit up to 5, then two."""
    return 0 if len(word) < 3 else 1 if len(word) < 6 else 2


def edits(a: str, b: str) -> int:
    """Edits from `a` to `b`: insertions, deletions, substitutions and swaps of two neighbours
    (optimal string alignment, as Lucene's fuzzy query counts them by default)."""
    before, row = None, list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (x != y))
            if before is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, row = row, current
    return row[-1]


def near(typed: str, word: str) -> bool:
    """Whether the typo pass reaches `word` from `typed`: the same, or within its fuzziness
    with the first letter kept (its prefix_length)."""
    if typed == word:
        return True
    return (
        typed[:1] == word[:1]
        and abs(len(typed) - len(word)) <= fuzziness(typed)
        and edits(typed, word) <= fuzziness(typed)
    )


def segments(document: dict) -> list[list[tuple[str, str]]]:
    """The text a hit was found by (`all`, and the names of its place in `place_aliases`) as
    runs of (folded, written) words, one run per field or name: the engine's positions, so two
    words stand together here where a phrase query finds them. (A hit found by a phrase of its
    description holds the words as typed: the corrected search reads the same phrase.)"""
    texts = [
        *document.get("all", "").split(documents.FIELD_GAP),
        *document.get("place_aliases", "").split(documents.FIELD_GAP),
    ]
    return [[(fold_word(w), w.lower()) for w in _WORDS.findall(text)] for text in texts if text.strip()]


def read_hit(tokens: list[str], runs, *, typed: bool = True, spelled=None, places=frozenset()) -> Correction | None:
    """The correction of `tokens` (a folded reading of the query) that one hit vouches for;
    None when it vouches for none. A reading that is not what was `typed` (a mistyped
    synonym read right, "coffe" -> "ca phe") is a correction as it stands. `spelled`
    ({folded: written}, from the titles of the hits): see _spelling. `places`: the folded
    names of places (two words or more) whose edges no neighbour vouches across."""
    held = {folded for run in runs for folded, _written in run}
    texts, changed, paired = [], [], set()
    units: dict[int, list[int | None]] = {}  # per run: which place name each word is in
    for i, token in enumerate(tokens):
        if token in held:
            texts.append(token)  # written by _spelling once the corrected words are known
            continue
        spots = [(run, j) for run in runs for j, (folded, _w) in enumerate(run) if near(token, folded)]
        beside = [
            (run, j, side)
            for run, j in spots
            for side in (-1, 1)
            if 0 <= i + side < len(tokens)
            and 0 <= j + side < len(run)
            and tokens[i + side] == run[j + side][0]
            and _one_unit(run, j, j + side, places, units)
        ]
        if beside:
            run, j, side = beside[0]
            paired.add(frozenset((i, i + side)))
        elif spots and not is_syllable(token):
            run, j = spots[0]
        else:
            return None
        texts.append(run[j][1])
        changed.append(i)
    if not changed and typed:
        return None  # every word held: the strict pass would have found it (or the description did)
    folded = [fold_word(text) for text in texts]
    for i in set(range(len(tokens))) - set(changed):
        texts[i] = _spelling(i, folded, runs, spelled or {})
    # Runs of words that must stand together: each corrected word with the neighbour that vouched for it.
    groups: list[set[int]] = [set(pair) for pair in paired] + [{i} for i in changed if not any(i in p for p in paired)]
    merged: list[set[int]] = []
    for group in sorted(groups, key=min):
        if merged and min(group) <= max(merged[-1]):
            merged[-1] |= group
        else:
            merged.append(set(group))
    in_phrase = set().union(*merged)
    return Correction(
        text=" ".join(texts),
        folded=" ".join(folded),
        phrases=tuple(" ".join(folded[i] for i in sorted(group)) for group in merged),
        words=" ".join(word for i, word in enumerate(folded) if i not in in_phrase),
        unvouched=sum(1 for i in changed if not any(i in pair for pair in paired)),
    )


def _one_unit(run, a: int, b: int, places: frozenset[str], units: dict) -> bool:
    """Whether words `a` and `b` of `run` are both in the same place name or both outside any."""
    if not places:
        return True
    if id(run) not in units:
        units[id(run)] = _place_units([folded for folded, _w in run], places)
    return units[id(run)][a] == units[id(run)][b]


def _place_units(words: list[str], places: frozenset[str]) -> list[int | None]:
    """For each word, the position where the place name holding it starts (the longest name
    from the left), or None."""
    longest = longest_phrase(places)
    unit: list[int | None] = [None] * len(words)
    i = 0
    while i < len(words):
        end = next((e for e in range(min(len(words), i + longest), i + 1, -1) if " ".join(words[i:e]) in places), 0)
        if end:
            unit[i:end] = [i] * (end - i)
        i = end or i + 1
    return unit


def _spelling(i: int, folded: list[str], runs, spelled: dict[str, str]) -> str:
    """How to write the i-th word, which the hit holds as typed: as it stands beside a
    neighbour of the corrected query ("hà" in "Hà Giang" for "ha giag"), else as the hit's
    title, the best hit's title (`spelled`) or any of its fields writes it: "che" is the "Chè"
    of a tea, not the "chế" of "Thực phẩm chế biến"."""
    word, forms = folded[i], []
    for n, run in enumerate(runs):
        for j, (f, written) in enumerate(run):
            if f != word:
                continue
            beside = any(
                0 <= i + s < len(folded) and 0 <= j + s < len(run) and run[j + s][0] == folded[i + s] for s in (-1, 1)
            )
            forms.append((0 if beside else 1 if n == 0 else 3, written))
    forms += [(2, spelled[word])] if word in spelled else []
    return min(forms, key=lambda form: form[0])[1]


def holds_every_word(readings, hits) -> bool:
    """Whether a hit holds every word of one of `readings` (folded) as typed: no typo, then,
    but words the strict pass does not take where the hit holds them (queries.INCIDENTAL)."""
    wanted = [set(reading.split()) for reading in readings if reading.split()]
    for hit in hits:
        held = {folded for run in segments(hit) for folded, _written in run}
        if any(words <= held for words in wanted):
            return True
    return False


def read_hits(readings, hits, places=frozenset()) -> list[Correction]:
    """The corrections the hits of the typo pass vouch for (at most MAX_CORRECTIONS): those
    whose every corrected word a neighbour vouches for first, then the best hit's first. A hit
    that only holds a near word somewhere ("che ha giag": "giã" in a squid cake's title, "chế"
    and "Hạ" elsewhere) says less than one holding the phrase ("Hà Giang" beside the "ha").
    Each hit is read in the first of the query's `readings` (folded: the query as typed, then
    its synonym swaps, split words, synonyms read right...) that it vouches for. `places`: see
    read_hit."""
    hit_runs = [segments(hit) for hit in hits]
    # A typed word many products hold is written as a title writes it ("che" is the "Chè" of a
    # tea, not the "chế" of "Thực phẩm chế biến"), the best hit's title first.
    spelled: dict[str, str] = {}
    for runs in hit_runs:
        for folded, written in runs[0] if runs else ():
            spelled.setdefault(folded, written)
    found: dict[str, Correction] = {}
    for runs in hit_runs:
        for reading in readings:
            correction = read_hit(reading.split(), runs, typed=reading == readings[0], spelled=spelled, places=places)
            if correction:
                found.setdefault(correction.folded, correction)
                break
        if len(found) >= MAX_CORRECTIONS:
            break
    return sorted(found.values(), key=lambda c: c.unvouched)  # stable: the best hit's first among equals
