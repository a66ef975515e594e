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


@functools.lru_cache(maxsize=16384)
def fold_word(word: str) -> str:
    """fold_vietnamese for one word, kept: titles share their words ("Cà phê", "Mật ong"), so a
    results page or a page of hits folds each once."""
    return fold_vietnamese(word)


@functools.lru_cache(maxsize=16)
def longest_phrase(phrases: frozenset[str]) -> int:
    """How many words the longest of `phrases` has; kept per set (the place names, a staff
    file's phrases as last read), which phrase matchers ask it of on every query."""
    return max((len(phrase.split()) for phrase in phrases), default=0)


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


# --- Telex and VNI typed without a Vietnamese keyboard ------------------------------------------
# With the input method off, "cà phê" arrives as the keys that would have made it: Telex "caf
# phee", "dduwowngf" (đường), or VNI "ca2 phe6". Folded, the marks are noise around the letters.
_TONE_KEY_LETTERS = "sfrxjz"  # never after a vowel in a folded syllable
_TONE_KEYS = str.maketrans("", "", _TONE_KEY_LETTERS)
_CODA_OR_NOTHING = re.compile(rf"(?:{_CODA})?")
_VOWELS = frozenset("aeiouy")
_DOUBLED = re.compile(r"aa|ee|oo")  # Telex â, ê, ô
_VNI_KEYS = re.compile(r"[1-9]")  # 1-5 tones, 6 ^, 7 horn, 8 breve, 9 đ
_LITERAL_KEYS = re.compile(r"ff|ss|rr|xx|jj|ww")  # a key typed twice is its letter: "coffee" is English


def untype_marks(word: str) -> str | None:
    """The folded syllable a word typed as Telex or VNI keys spells: "phee" -> "phe",
    "dduwowngf" -> "duong", "maajt" -> "mat", "phe6" -> "phe"; None when the word is a syllable
    already, or does not read as one once its mark keys are taken off.
    """
    if len(word) < 2 or not word.isascii() or not word.isalnum() or word[0].isdigit() or is_syllable(word):
        return None
    if not word.isalpha():
        plain = _VNI_KEYS.sub("", word)
        return plain if plain.isalpha() and is_syllable(plain) else None
    first_vowel = next((i for i, c in enumerate(word) if c in _VOWELS or c == "w"), None)
    if first_vowel is None or _LITERAL_KEYS.search(word):
        return None
    rest = word[first_vowel:]
    keys = [i for i, c in enumerate(rest) if c in _TONE_KEY_LETTERS]
    # One tone, typed after the vowels: at the end or before the final consonant ("maajt").
    # A key letter elsewhere is a letter: "cheese", "basa" and "pizza" are not Telex.
    if len(keys) > 1 or (keys and not _CODA_OR_NOTHING.fullmatch(rest[keys[0] + 1 :])):
        return None
    plain = word[:first_vowel] + rest.translate(_TONE_KEYS)
    if plain.startswith("dd"):  # Telex đ
        plain = plain[1:]
    # Telex horn and breve: "w" after a vowel marks it (ư, ơ, ă); on its own it is ư.
    plain = "".join(
        "" if c == "w" and i and plain[i - 1] in _VOWELS else "u" if c == "w" else c for i, c in enumerate(plain)
    )
    plain = _DOUBLED.sub(lambda m: m.group(0)[0], plain)
    return plain if plain != word and is_syllable(plain) else None


def untype_phrase(folded: str) -> str | None:
    """`folded` with every word typed as Telex or VNI keys read as its syllable (untype_marks);
    None when no word is."""
    words = folded.split()
    plain = [untype_marks(word) or word for word in words]
    return " ".join(plain) if plain != words else None


# --- quantities and variety codes typed apart ------------------------------------------------
# Titles write "chai 500ml", "túi 5kg", "Gạo ST25", "Sầu riêng Ri6", "cà phê 3in1" as one word
# each (and the analyzers keep them so); buyers type "500 ml", "st 25", "ri 6", "3 in 1". A few
# titles write the unit apart ("bình 1 lít"), which "1lit" then finds.
UNITS = frozenset(["g", "gr", "gam", "gram", "kg", "mg", "ml", "cl", "l", "lit", "cm", "mm", "m"])
_NUMBER_UNIT = re.compile(r"(\d+)([a-z]+)")
CODE_LETTERS = 2  # "st", "ri", "g": longer words before a number are words ("loai 1", "hop 2")


def respace_numbers(folded: str) -> list[str]:
    """Readings of a folded query with its numbers joined to their unit or code, or split from
    the unit: "mat ong 500 ml" -> ["mat ong 500ml"], "gao st 25" -> ["gao st25"], "ruou 1lit" ->
    ["ruou 1 lit"]; [] when no number is typed so."""
    words, joined = folded.split(), []
    for word in words:
        last = joined[-1] if joined else ""
        if last.isdigit() and word in UNITS:  # "500 ml"
            joined[-1] += word
        elif word.isdigit() and last.isalpha() and len(last) <= CODE_LETTERS:
            if len(joined) > 1 and joined[-2].isdigit():  # "3 in 1"
                joined[-2:] = [joined[-2] + last + word]
            else:  # "st 25", "ri 6"
                joined[-1] += word
        else:
            joined.append(word)
    split = [" ".join(m.groups()) if (m := _NUMBER_UNIT.fullmatch(w)) and m.group(2) in UNITS else w for w in words]
    return list(dict.fromkeys(r for r in (" ".join(joined), " ".join(split)) if r != folded))
