"""The QR payload: published CRC vectors, TLV layout, and an image a bank app can scan."""

import io
from decimal import Decimal

import pytest
from PIL import Image

from payments.gateways.vietqr import account
from payments.gateways.vietqr.payload import build_payload, crc16_ccitt_false, crc_is_valid, memo_code, parse_tlv
from payments.gateways.vietqr.qr import render_png, render_svg

VECTORS = [
    ("00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304", "AE9F"),
    (
        "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045405100005802VN62150811Chuyen tien6304",
        "53E6",
    ),
    (
        "00020101021238530010A0000007270123000697041601092245284790208QRIBFTTA53037045405100005802VN62340107NPS68690819TRANSFER TO SOMEONE6304",
        "AC13",
    ),
    (
        "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304",
        "C15C",
    ),
    (
        "00020101021153037045802VN38540010A00000072701240006970436011010319334300208QRIBFTTA62220818Thanh toan hoa don6304",
        "FCE9",
    ),
]


@pytest.mark.parametrize(("body", "crc"), VECTORS)
def test_crc_matches_the_published_vietqr_vectors(body, crc):
    assert crc16_ccitt_false(body) == crc


def test_crc_of_the_standard_check_string():
    assert crc16_ccitt_false("123456789") == "29B1"  # CRC-16/CCITT-FALSE check value


def test_builder_reproduces_a_published_payload_byte_for_byte():
    payload = build_payload(bank_bin="970415", account_number="0011001932418", amount=120000, purpose="ung ho lu lut")
    assert payload == VECTORS[3][0] + VECTORS[3][1]


def test_order_payload_parses_back_with_memo_code_and_amount():
    code = memo_code("100023TA1B2C3D4E5")
    payload = build_payload(
        bank_bin=account.BANK_BIN, account_number=account.ACCOUNT_NUMBER, amount=Decimal("250000"), purpose=code
    )
    tags = parse_tlv(payload)
    assert tags["00"] == "01" and tags["01"] == "12"
    merchant = parse_tlv(tags["38"])
    assert merchant["00"] == "A000000727" and merchant["02"] == "QRIBFTTA"
    assert parse_tlv(merchant["01"]) == {"00": "970436", "01": "0011001234567"}
    assert tags["53"] == "704" and tags["54"] == "250000" and tags["58"] == "VN"
    assert parse_tlv(tags["62"])["08"] == code == "OCOP100023TA1B2C3D4E5"
    assert payload.endswith(tags["63"]) and crc_is_valid(payload)


def test_memo_code_is_letters_and_digits_without_diacritics():
    assert memo_code("đơn-12_a") == "OCOPDON12A"


def test_qr_png_opens_with_pillow_and_svg_is_svg():
    payload = build_payload(bank_bin="970436", account_number="0011001234567", amount=10000, purpose="OCOP1")
    image = Image.open(io.BytesIO(render_png(payload)))
    image.verify()
    assert image.format == "PNG"
    assert render_svg(payload).startswith("<svg")
