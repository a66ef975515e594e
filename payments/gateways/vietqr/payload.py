"""The VietQR payload: EMVCo merchant-presented TLV elements as NAPAS 247 uses them.

Layout and CRC facts: shared/reference/payments-logistics.md section 3 (vectors reproduced in
tests/payments/vietqr/test_payload.py).
"""

import re
import unicodedata
from decimal import Decimal

NAPAS_GUID = "A000000727"
SERVICE_TRANSFER_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
MEMO_PREFIX = "OCOP"
MEMO_MAX_LENGTH = 40  # short enough for every bank app's memo field


def crc16_ccitt_false(data: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no xor-out) as 4 upper hex digits."""
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return f"{crc:04X}"


def tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"EMVCo element {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def ascii_fold(text: str) -> str:
    """Vietnamese text without diacritics (đ -> d), so lengths are the same in characters and bytes."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).encode("ascii", "ignore").decode()


def memo_code(reference: str) -> str:
    """The code a buyer's transfer memo must carry: OCOP + the attempt reference, letters and digits only.

    Banks drop or change punctuation in memos, so the code has none.
    """
    code = MEMO_PREFIX + re.sub(r"[^A-Z0-9]", "", ascii_fold(reference).upper())
    if len(code) > MEMO_MAX_LENGTH:
        raise ValueError(f"reference {reference!r} is too long for a transfer memo")
    return code


def build_payload(*, bank_bin: str, account_number: str, amount: Decimal | int | None, purpose: str) -> str:
    """A dynamic (one-off) VietQR transfer payload, CRC included."""
    beneficiary = tlv("00", bank_bin) + tlv("01", account_number)
    merchant_account = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TRANSFER_TO_ACCOUNT)
    parts = [
        tlv("00", "01"),
        tlv("01", "12" if amount is not None else "11"),
        tlv("38", merchant_account),
        tlv("53", CURRENCY_VND),
    ]
    if amount is not None:
        amount = Decimal(amount)
        if amount <= 0 or amount != amount.to_integral_value():
            raise ValueError("a VietQR amount is a positive whole number of VND")
        parts.append(tlv("54", str(int(amount))))
    parts.append(tlv("58", COUNTRY_VN))
    if purpose:
        parts.append(tlv("62", tlv("08", ascii_fold(purpose))))
    body = "".join(parts) + "6304"
    return body + crc16_ccitt_false(body)


def parse_tlv(data: str) -> dict[str, str]:
    """Split one level of TLV elements into {tag: value}; raises ValueError on a malformed string."""
    elements: dict[str, str] = {}
    pos = 0
    while pos < len(data):
        if pos + 4 > len(data):
            raise ValueError("truncated TLV header")
        tag, length = data[pos : pos + 2], data[pos + 2 : pos + 4]
        if not length.isdigit():
            raise ValueError(f"bad length for tag {tag}")
        end = pos + 4 + int(length)
        if end > len(data):
            raise ValueError(f"truncated value for tag {tag}")
        elements[tag] = data[pos + 4 : end]
        pos = end
    return elements


def crc_is_valid(payload: str) -> bool:
    return len(payload) > 8 and payload[-8:-4] == "6304" and crc16_ccitt_false(payload[:-4]) == payload[-4:].upper()
