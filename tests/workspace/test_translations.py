"""Every user-facing string of the seller workspace has a Vietnamese translation in
locale/vi/LC_MESSAGES/seller_workspace.po, with the same placeholders."""

import ast
import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "seller_workspace.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
TEMPLATE_STRING = re.compile(r'\{%\s*(?:translate|trans)\s+"([^"]+)"')
BLOCK = re.compile(r"\{%\s*blocktranslate[^%]*%\}(.*?)\{%\s*(?:plural|endblocktranslate)\s*%\}", re.S)


def catalog():
    with PO.open("rb") as handle:
        return read_po(handle, locale="vi")


def source_strings() -> set[str]:
    found = set()
    for path in (ROOT / "marketplace" / "workspace").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_" and node.args:
                if isinstance(node.args[0], ast.Constant):
                    found.add(node.args[0].value)
    for path in (ROOT / "templates" / "workspace").glob("*.html"):
        text = path.read_text()
        found |= set(TEMPLATE_STRING.findall(text))
        found |= {re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", block) for block in BLOCK.findall(text)}
    return found


def test_every_workspace_string_is_in_the_catalogue():
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog() if m.id}
    missing = source_strings() - ids
    assert not missing


def test_every_entry_is_translated_with_the_same_placeholders():
    for message in catalog():
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        msgstr = message.string if isinstance(message.string, str) else message.string[0]
        assert msgstr and not message.fuzzy, msgid
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid
