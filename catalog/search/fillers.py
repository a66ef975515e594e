"""Words a buyer adds to a query that say nothing about which product ("gạo ngon", "mua cà phê").

"gao ngon" found nothing: no title says "ngon", and a two-word query is never relaxed. The
staff-edited `fillers_vi.txt` lists such words, and queries.drop_generic takes them off a query
that has other words, on the engine and in the database fallback alike.
"""

from pathlib import Path

from marketplace.core.text import fold_vietnamese

from .staff_files import read_staff_file

FILLERS_FILE = Path(__file__).with_name("fillers_vi.txt")
LEADING, ANYWHERE = "dau", "moi cho"  # the file's labels, folded


def filler_phrases(path: Path | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """(folded phrases dropped at the start of a query only, folded phrases dropped anywhere)
    of `path` (FILLERS_FILE); re-read when the file changes."""
    return read_staff_file(path or FILLERS_FILE, _parse)


def _parse(lines) -> tuple[frozenset[str], frozenset[str]]:
    found: dict[str, set[str]] = {LEADING: set(), ANYWHERE: set()}
    for line in lines:
        label, colon, phrases = line.partition(":")
        label = " ".join(fold_vietnamese(label).split())
        if colon and label in found:
            found[label] |= {" ".join(fold_vietnamese(p).split()) for p in phrases.split(",") if p.strip()}
    return frozenset(found[LEADING]), frozenset(found[ANYWHERE])
