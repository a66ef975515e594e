"""Identity and payout data a seller gives at sign-up: phone, CCCD, tax code, bank account, consent photo.

Each check returns the canonical form (what we store) or raises Django's ValidationError with a
translatable message, so forms show it next to the field and services refuse the same input.
"""

import csv
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from marketplace.core.text import fold_vietnamese

DATA_DIR = Path(__file__).parent / "data"
LEGACY_UNITS_CSV = Path(__file__).resolve().parent.parent / "regions" / "data" / "legacy_units_2024.csv"

# --- Phone ---------------------------------------------------------------------------------
# Mobile numbers since the 2018 renumbering: 0 + {3,5,7,8,9} + 8 digits. The third digit is not
# checked: operators get new ranges over time and a stale list would turn farmers away.
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")  # 02x area code + 8 digits since 2017


def normalize_phone(value: str) -> str:
    """A Vietnamese mobile number in E.164: "0912 345 678", "84912345678", "+84 912-345-678" -> "+84912345678"."""
    raw = str(value or "").strip()
    digits = re.sub(r"[\s.\-()]", "", raw)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if _LANDLINE.match(digits):
        raise ValidationError(
            _("This is a landline number. Please enter a mobile number that can receive SMS."), code="landline"
        )
    if not _MOBILE.match(digits):
        raise ValidationError(_("Enter a Vietnamese mobile number, for example 0912 345 678."), code="invalid_phone")
    return "+84" + digits[1:]


def phone_variants(e164: str) -> list[str]:
    """The spellings an already stored number may have (older rows kept the national form)."""
    national = "0" + e164[3:]
    return [e164, e164[1:], national]


def display_phone(e164: str) -> str:
    """ "+84912345678" -> "0912 345 678", how a Vietnamese reads a number aloud."""
    national = "0" + e164[3:] if e164.startswith("+84") else e164
    return f"{national[:4]} {national[4:7]} {national[7:]}"


# --- Citizen ID (CCCD) -----------------------------------------------------------------------
@lru_cache(maxsize=1)
def birth_province_codes() -> frozenset[str]:
    """The 63 former provinces' codes ("01".."96"); a CCCD starts with "0" + the birth province's code."""
    with open(LEGACY_UNITS_CSV, encoding="utf-8", newline="") as f:
        return frozenset(row["province_code"] for row in csv.DictReader(f))


def validate_cccd(value: str) -> str:
    """12 digits: birth-province code (3), gender and century (1, any digit 0-9), birth year (2), serial (6)."""
    number = re.sub(r"\s", "", str(value or ""))
    if not re.fullmatch(r"\d{12}", number):
        raise ValidationError(_("A citizen ID (CCCD) has exactly 12 digits."), code="cccd_length")
    if number[0] != "0" or number[1:3] not in birth_province_codes():
        raise ValidationError(
            _("The first 3 digits of a citizen ID are a province code (001 to 096); %(prefix)s is not one."),
            code="cccd_province",
            params={"prefix": number[:3]},
        )
    return number


# --- Tax code (mã số thuế) -------------------------------------------------------------------
TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def tax_code_check_digit(first_nine: str) -> int | None:
    """The 10th digit of a tax code [?]: 10 - (sum of digits x weights mod 11).

    Checked against published codes (0100112437, 0100109106, 0101248141); the rule comes from
    secondary sources, not the tax authority's own text [?]. A remainder of 0 would need a check
    "digit" of 10: no valid code has that prefix, so None.
    """
    check = 10 - sum(int(d) * w for d, w in zip(first_nine, TAX_WEIGHTS, strict=True)) % 11
    return check if check < 10 else None


def validate_tax_code(value: str) -> str:
    """10 digits, or 10 + a 3-digit branch suffix (with or without "-"); stored as "0100112437" / "0100112437-001"."""
    compact = re.sub(r"[\s.]", "", str(value or ""))
    match = re.fullmatch(r"(\d{10})(?:-?(\d{3}))?", compact)
    if not match:
        raise ValidationError(
            _("A tax code has 10 digits, or 13 digits for a branch (0101234567-001)."), code="tax_code_format"
        )
    head, branch = match.groups()
    if tax_code_check_digit(head[:9]) != int(head[9]):
        raise ValidationError(
            _("This tax code is not valid: its last digit does not match. Please check it."), code="tax_code_check"
        )
    if branch == "000":  # [?] branch numbers start at 001
        raise ValidationError(_("A branch tax code ends in 001 to 999."), code="tax_code_branch")
    return f"{head}-{branch}" if branch else head


def validate_identity(*, seller_type: str, national_id: str, tax_code: str) -> tuple[str, str]:
    """Which identifier each seller type must give: households and cooperative groups (for their
    representative) a CCCD, cooperatives and enterprises a tax code; the other is optional."""
    errors: dict[str, ValidationError] = {}
    cleaned = {"national_id": "", "tax_code": ""}
    needs = "national_id" if seller_type in ("household", "coop_group") else "tax_code"
    for field, check in (("national_id", validate_cccd), ("tax_code", validate_tax_code)):
        value = {"national_id": national_id, "tax_code": tax_code}[field]
        if not (value or "").strip():
            if field == needs:
                message = _("Enter the citizen ID (CCCD).") if field == "national_id" else _("Enter the tax code.")
                errors[field] = ValidationError(message, code="required")
            continue
        try:
            cleaned[field] = check(value)
        except ValidationError as exc:
            errors[field] = exc
    if errors:
        raise ValidationError(errors)
    return cleaned["national_id"], cleaned["tax_code"]


# --- Bank account ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Bank:
    bin: str
    short_name: str
    full_name: str


@lru_cache(maxsize=1)
def napas_banks() -> dict[str, Bank]:
    with open(DATA_DIR / "napas_banks.csv", encoding="utf-8", newline="") as f:
        return {row["bin"]: Bank(row["bin"], row["short_name"], row["full_name"]) for row in csv.DictReader(f)}


def validate_bank_bin(value: str) -> str:
    bin_ = str(value or "").strip()
    if bin_ not in napas_banks():
        raise ValidationError(_("Choose your bank from the list."), code="bank_unknown")
    return bin_


def validate_account_number(value: str) -> str:
    number = re.sub(r"[\s.\-]", "", str(value or ""))
    if not re.fullmatch(r"\d{6,19}", number):
        raise ValidationError(_("A bank account number has 6 to 19 digits."), code="account_number")
    return number


def normalize_account_holder(value: str) -> str:
    """ "Nguyễn Thị  Hoà" -> "NGUYEN THI HOA": banks print and match the holder name this way."""
    name = " ".join(fold_vietnamese(str(value or "")).upper().split())
    if not re.fullmatch(r"[A-Z]+( [A-Z]+)*", name):
        raise ValidationError(
            _("Enter the account holder's name as letters only, as printed by the bank."), code="holder_name"
        )
    return name


# --- Consent form photo ----------------------------------------------------------------------
CONSENT_PHOTO_MAX_BYTES = 10 * 1024 * 1024
CONSENT_PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF"}


def validate_consent_photo(upload) -> None:
    """A real, complete photo of the signed paper form: not a renamed PDF, not a truncated upload, not a
    decompression bomb. Leaves the file rewound for saving."""
    message = _("Upload a photo (JPEG, PNG, WebP or HEIC) of the signed consent form.")
    if upload is None:
        raise ValidationError(message, code="consent_photo_missing")
    if upload.size > CONSENT_PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is larger than 10 MB. Please take it again at a lower resolution."), code="consent_photo_size"
        )
    try:
        from pillow_heif import register_heif_opener

        register_heif_opener()  # phones upload HEIC; idempotent
    except ImportError:  # pragma: no cover - pillow-heif is a declared dependency
        pass
    try:
        with warnings.catch_warnings():
            # Pillow only warns between 1x and 2x MAX_IMAGE_PIXELS; a consent photo has no business there.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as image:
                image_format = image.format
                image.verify()
            # verify() checks structure but not every JPEG's data; decoding catches a cut-off upload.
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise ValidationError(message, code="consent_photo_invalid") from exc
    finally:
        upload.seek(0)
    if image_format not in CONSENT_PHOTO_FORMATS:
        raise ValidationError(message, code="consent_photo_format")
