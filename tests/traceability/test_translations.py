"""Every string a trace page or a seller sees has a Vietnamese translation in traceability.po."""

import io
import re
from pathlib import Path

from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "traceability.po"
KEYWORDS = {"_": None, "gettext": None, "gettext_lazy": None}
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _msgids(fileobj):
    for _lineno, _func, message, _comments in extract_python(fileobj, KEYWORDS, [], {}):
        if isinstance(message, str) and message:
            yield message


def source_msgids() -> set[str]:
    found = set()
    for path in (ROOT / "catalog" / "traceability").rglob("*.py"):
        if "migrations" not in path.parts:
            with path.open("rb") as fh:
                found.update(_msgids(fh))
    for path in (ROOT / "templates" / "traceability").rglob("*.html"):
        # templatize() keeps the template's indentation, which Python's tokenizer rejects.
        code = "\n".join(line.lstrip() for line in templatize(path.read_text(), origin=str(path)).splitlines())
        found.update(_msgids(io.BytesIO(code.encode())))
    return found


def catalogue():
    with PO.open("rb") as fh:
        return read_po(fh, locale="vi", abort_invalid=True)


def test_every_traceability_string_is_translated_with_its_placeholders():
    translations = {m.id: m for m in catalogue() if m.id}
    wanted = source_msgids()
    assert "Journey of this lot" in wanted  # the extraction itself works
    missing = sorted(wanted - set(translations))
    assert not missing, f"add to {PO.name}: {missing}"
    for msgid in wanted:
        message = translations[msgid]
        assert message.string and not message.fuzzy, msgid
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(PLACEHOLDER.findall(msgid)), msgid
