"""Kinds of product a buyer names by a general word: "trái cây", "hải sản", "rau củ".

No title says "trái cây" ("Bưởi Năm Roi", "Xoài cát Hòa Lộc"), and the OCOP groups say
"Rau, củ, quả, hạt tươi", so "trái cây miền Tây" used to end in fuzzy guesses. The staff-edited
`kinds_vi.txt` lists, per kind, what a title of that kind starts with; the index document of a
matching product carries the kind's names (documents.ProductDocument.kinds), so the engine finds
and ranks them like any other field, with no query-time expansion.
"""

import re
import unicodedata
from pathlib import Path

from marketplace.core.text import fold_vietnamese

from .staff_files import read_staff_file

KINDS_FILE = Path(__file__).with_name("kinds_vi.txt")
_WORDS = re.compile(r"\w+")
_SKIPPED_FIRST = {"quả", "trái"}  # "Quả bơ sáp", "Trái dừa xiêm"


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORDS.findall(unicodedata.normalize("NFC", text).lower()))


def load_kinds(path: Path | None = None) -> list[tuple[tuple[str, ...], list[tuple[str, ...]], list[tuple[str, ...]]]]:
    """[(names, starts, exceptions)], words lower-cased with their diacritics; re-read when the file changes."""
    return read_staff_file(path or KINDS_FILE, _parse)


def _parse(lines):
    kinds = []
    for line in lines:
        if ":" not in line:
            continue
        names, _colon, members = line.partition(":")
        names = tuple(" ".join(_words(n)) for n in names.split(",") if _words(n))
        items = [m.strip() for m in members.split(",") if _words(m)]
        starts = [_words(m) for m in items if not m.startswith("!")]
        exceptions = [_words(m) for m in items if m.startswith("!")]
        if names and starts:
            kinds.append((names, starts, exceptions))
    return kinds


def kinds_of(title: str, path: Path | None = None) -> list[str]:
    """The names of every kind `title` is of: "Bưởi Năm Roi" -> ["trái cây", "hoa quả"].

    A title is of a kind when it starts with one of the kind's starts or names ("Trái cây sấy
    thập cẩm"), with or without a "Quả"/"Trái" before it, and with none of its exceptions.
    """
    words = _words(title)
    readings = [words, words[1:]] if words[:1] and words[0] in _SKIPPED_FIRST else [words]

    def starts_with(phrase):
        return any(reading[: len(phrase)] == phrase for reading in readings)

    found = []
    for names, starts, exceptions in load_kinds(path):
        named = (tuple(name.split()) for name in names)
        if any(map(starts_with, [*starts, *named])) and not any(map(starts_with, exceptions)):
            found += names
    return found


def kind_names(path: Path | None = None) -> frozenset[str]:
    """Every kind name, folded as queries are ("trai cay", "hai san")."""
    return read_staff_file(path or KINDS_FILE, _folded_names)


def product_words(path: Path | None = None) -> frozenset[str]:
    """Every kind name and every start a kind lists, folded ("trai cay", "thanh long"): words
    that name a product, whatever commune shares them."""
    return read_staff_file(path or KINDS_FILE, _folded_words)


def _folded_words(lines) -> frozenset[str]:
    return frozenset(
        " ".join(fold_vietnamese(" ".join(phrase)).split())
        for names, starts, _e in _parse(lines)
        for phrase in [*(n.split() for n in names), *starts]
    )


def _folded_names(lines) -> frozenset[str]:
    return frozenset(" ".join(fold_vietnamese(name).split()) for names, _s, _e in _parse(lines) for name in names)
