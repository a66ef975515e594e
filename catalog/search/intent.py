"""Filters a buyer types as words.

"cà phê 5 sao" asks for 5★ OCOP coffee, not for titles with "5" and "sao" in them. The star
words are taken off the query and become the star filter, so the page shows them as a selected
facet the buyer can take off again:
- "5 sao", "5sao", "5*", "5★" -> stars 5;
- "từ 4 sao", "4 sao trở lên" -> stars 4 and 5;
- "OCOP", "sản phẩm", "đặc sản" and the other words fillers_vi.txt drops anywhere say nothing
  more and go too: "sản phẩm OCOP 4 sao" lists every product with a valid 4★ certificate.
Only the OCOP ranks 3 to 5 are read; "2 sao" stays words. With or without diacritics.
"""

import dataclasses
import re

from django.http import QueryDict

from marketplace.core.text import fold_vietnamese

from .queries import drop_generic, says_nothing
from .types import SearchParams

STAR_RANKS = (3, 4, 5)
_STAR_TOKEN = re.compile(r"^([345])(?:sao|\*|★)?$")
_STAR_WORD = {"sao", "*", "★"}
_FROM = ("tu",)  # "từ 4 sao"
_AND_UP = ("tro", "len")  # "4 sao trở lên"
_SEPARATOR = re.compile(r"([,;/])")
_OR = {"hoac", "hay", "va", ",", "/"}  # "4 sao hoặc 5 sao"


def _star_at(folded: list[str], i: int) -> tuple[int, int] | None:
    """(rank, words used) when a star rank starts at word `i`: "5 sao", "5sao", "5*"."""
    m = _STAR_TOKEN.match(folded[i])
    if not m:
        return None
    if m.group(0) != m.group(1):  # "5sao", "5*": one word
        return int(m.group(1)), 1
    if i + 1 < len(folded) and folded[i + 1] in _STAR_WORD:
        return int(m.group(1)), 2
    return None


def star_words(q: str) -> tuple[str, tuple[int, ...]]:
    """(`q` without its star words, the star ranks they ask for); (q, ()) when it names none."""
    words = _SEPARATOR.sub(r" \1 ", q).split()  # "4 sao, 5 sao": the comma is a word of its own
    folded = [fold_vietnamese(w) for w in words]
    ranks: set[int] = set()
    i, last_end = 0, None  # last_end: where the words taken last ended
    while i < len(folded):
        found = _star_at(folded, i)
        if not found:
            i += 1
            continue
        rank, used = found
        start, end = i, i + used
        and_up = False
        if start > 0 and folded[start - 1] in _FROM:
            start, and_up = start - 1, True
        if start > 0 and start - 1 == last_end and folded[start - 1] in _OR:
            start -= 1  # "4 sao hoặc 5 sao": the "hoặc" goes with them
        if tuple(folded[end : end + len(_AND_UP)]) == _AND_UP:
            end, and_up = end + len(_AND_UP), True
        ranks.update(r for r in STAR_RANKS if r >= rank and (and_up or r == rank))
        del words[start:end], folded[start:end]
        i = last_end = start
    if not ranks:
        return q, ()
    # Beside a rank, "OCOP", "sản phẩm", "đặc sản", "ngon" say nothing more, even left alone; a
    # place's name keeps its words ("chè Xín Mần 5 sao" has no filler "xịn").
    rest = " ".join(words)
    rest = "" if says_nothing(rest) else drop_generic(rest)
    return rest.strip(" ,;/"), tuple(sorted(ranks))


def read_filters(params: SearchParams) -> SearchParams:
    """`params` with the star words of its query turned into the star filter (added to any
    star filter already chosen); the same `params` when the query names none."""
    q, ranks = star_words(params.q)
    if not ranks:
        return params
    return dataclasses.replace(params, q=q, stars=tuple(sorted({*params.stars, *ranks})))


def rewrite_query(query: QueryDict) -> QueryDict | None:
    """The request's query with its star words moved into `stars`, for a redirect that lets the
    page show them as a selected facet; None when `q` names none."""
    q, ranks = star_words(query.get("q", ""))
    if not ranks:
        return None
    rewritten = query.copy()
    rewritten["q"] = q
    rewritten.setlist("stars", sorted({*rewritten.getlist("stars"), *map(str, ranks)}, key=str))
    rewritten.pop("page", None)
    return rewritten
