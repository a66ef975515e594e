"""Vietnamese text helpers."""

import functools
import re
import unicodedata

_DD = str.maketrans({"đ": "d", "Đ": "D"})


def fold_vietnamese(text: str) -> str:
    """Lower-case and strip diacritics: "Đường phèn" -> "duong phen".

    NFKD takes the tone and vowel marks off; đ/Đ is a letter of its own in Unicode and has
    no decomposition, so it is mapped by hand (as Lucene's ASCIIFoldingFilter does).
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_DD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


# --- joined syllables -------------------------------------------------------------------------
# Vietnamese writes one syllable per word, and buyers on phones often run them together:
# "caphe", "matong", "nuocmam". A folded syllable is an onset, a vowel nucleus and a final
# consonant; the sets below over-generate a little (no tone or vowel-quality rules), which
# only adds a candidate split that matches nothing.
_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEUS = (
    "uye|uya|uyu|uoi|uou|ieu|yeu|oai|oay|oeo|uay|"
    "ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ye|a|e|i|o|u|y"
)
_CODA = "ch|nh|ng|c|m|n|p|t"
_SYLLABLE = re.compile(rf"(?:{_ONSET})?(?:{_NUCLEUS})(?:{_CODA})?")
MAX_SYLLABLES = 5


def is_syllable(word: str) -> bool:
    """Whether a folded word can be one Vietnamese syllable ("thuong" yes, "caphe" no)."""
    return _SYLLABLE.fullmatch(word) is not None


def split_syllables(word: str, limit: int = 3) -> list[str]:
    """Ways to read a folded run-together word as syllables: "caphe" -> ["ca phe", "cap he"].

    Only for a word that is not a syllable itself, of letters only; every part has at least
    two letters (single-letter syllables are rare inside what buyers run together). Fewest
    syllables first, then longer onsets ("buon ma thuot" before "buon mat huot"); at most
    `limit` readings. [] when the word reads as no sequence of syllables.
    """
    if len(word) < 4 or not word.isascii() or not word.isalpha() or is_syllable(word):
        return []

    @functools.cache
    def readings(start: int) -> tuple[tuple[str, ...], ...]:
        if start == len(word):
            return ((),)
        found = []
        for end in range(start + 2, min(len(word), start + 7) + 1):  # "nghieng" is 7 letters
            part = word[start:end]
            if is_syllable(part):
                found += [(part, *rest) for rest in readings(end) if len(rest) < MAX_SYLLABLES]
        return tuple(found)

    def onset_letters(parts):
        return sum(len(re.match(rf"(?:{_ONSET})?", p).group(0)) for p in parts)

    candidates = [parts for parts in readings(0) if len(parts) > 1]
    candidates.sort(key=lambda parts: (len(parts), -onset_letters(parts)))
    return [" ".join(parts) for parts in candidates[:limit]]
