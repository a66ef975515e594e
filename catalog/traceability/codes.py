"""Identifiers on a trace record, as plain functions over plain values.

- A **lot code** is what the QR encodes and what a buyer may type: short, upper-case, URL-safe,
  unique across the marketplace. Format `<PREFIX>-<YEAR>-<NNNN>`, where the prefix is the
  producer's initials followed by its id, so two producers with the same initials never collide
  and the code still reads like the producer ("HTX Mộc Châu" #12 -> "MC12-2026-0001").
- **Planting-area codes** (mã số vùng trồng) and **packing-house codes** (mã số cơ sở đóng gói)
  are issued by the Plant Protection Department ("VN-DTOR-0017") or by provinces for domestic use
  in formats of their own, so they are checked loosely: letters, digits, '-', '.', '/'.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from marketplace.core.text import fold_vietnamese

LOT_CODE_PATTERN = r"[A-Z0-9]+(?:-[A-Z0-9]+)*"
lot_code_validator = RegexValidator(
    rf"^{LOT_CODE_PATTERN}$", _("A lot code uses capital letters, digits and hyphens only."), code="lot_code"
)

registry_code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9./-]{2,39}$",
    _("Enter the code as issued, e.g. VN-SL-0001 (letters, digits, '-', '.', '/'; 3 to 40 characters)."),
    code="registry_code",
)

# Legal-form words say what a producer is, not which one: "HTX Mộc Châu" is "MC", not "HMC".
_LEGAL_FORM_WORDS = set(
    "htx hop tac xa thth to cong ty cty tnhh co phan cp so san xuat ho kinh doanh hkd dn nghiep tu nhan".split()
)
MAX_INITIALS = 3


def producer_prefix(name: str, producer_id: int) -> str:
    words = re.findall(r"[a-z0-9]+", fold_vietnamese(name or ""))
    significant = [w for w in words if w not in _LEGAL_FORM_WORDS and not w.isdigit()] or words
    initials = "".join(w[0] for w in significant if w[0].isalpha())[:MAX_INITIALS].upper()
    return f"{initials or 'L'}{producer_id}"


def format_lot_code(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-{sequence:04d}"


def normalise_registry_code(value: str) -> str:
    """Codes are printed upper-case; spaces typed on a phone keyboard become nothing."""
    return re.sub(r"\s+", "", value or "").upper()


# A Vietnamese mobile or landline number (0xxxxxxxxx / +84xxxxxxxxx) or a 12-digit CCCD.
_PHONE = re.compile(r"(?:\+?84|0)(?:[\s.-]?\d){9,10}\b")
_CITIZEN_ID = re.compile(r"\b\d{12}\b")


def contains_personal_data(text: str) -> bool:
    """True when free text meant for the public page carries a phone number or a citizen ID.

    Trace pages are public and printed codes live for years; a household's phone or CCCD must
    never end up there by being typed into a note.
    """
    return bool(_PHONE.search(text or "") or _CITIZEN_ID.search(text or ""))


def no_personal_data(value: str) -> None:
    if contains_personal_data(value):
        raise ValidationError(
            _("This text is shown publicly: remove phone numbers and citizen ID numbers."), code="personal_data"
        )
