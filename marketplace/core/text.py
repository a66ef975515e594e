"""Vietnamese text helpers."""

import unicodedata

_DD = str.maketrans({"đ": "d", "Đ": "D"})


def fold_vietnamese(text: str) -> str:
    """Lower-case and strip diacritics: "Đường phèn" -> "duong phen".

    NFKD takes the tone and vowel marks off; đ/Đ is a letter of its own in Unicode and has
    no decomposition, so it is mapped by hand (as Lucene's ASCIIFoldingFilter does).
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_DD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
