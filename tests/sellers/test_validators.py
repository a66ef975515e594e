"""Identity and payout details are checked before anyone reviews them."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from marketplace.sellers import validators

from .conftest import VALID_CCCD, VALID_TAX_CODE


def photo(fmt="JPEG", size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 180, 120)).save(buffer, fmt)
    return buffer.getvalue()


def test_a_cccd_of_12_digits_starting_with_a_birth_province_is_accepted():
    assert validators.validate_cccd(VALID_CCCD) == VALID_CCCD
    assert validators.validate_cccd("001 2 95 123456") == "001295123456"  # Hà Nội, woman born 1995
    assert validators.validate_cccd("096300000001") == "096300000001"  # Cà Mau, the last code


@pytest.mark.parametrize("number", ["01409000123", "0140900012345", "01409000123X", ""])
def test_a_cccd_of_the_wrong_length_is_refused(number):
    with pytest.raises(ValidationError, match="exactly 12 digits"):
        validators.validate_cccd(number)


@pytest.mark.parametrize("number", ["003090001234", "099090001234", "114090001234", "000090001234"])
def test_a_cccd_whose_first_3_digits_are_no_province_is_refused(number):
    with pytest.raises(ValidationError, match="province code") as refused:
        validators.validate_cccd(number)
    assert refused.value.code == "cccd_province"


def test_the_63_former_provinces_are_the_birth_codes():
    codes = validators.birth_province_codes()
    assert len(codes) == 63
    assert {"01", "14", "66", "96"} <= codes and "03" not in codes


@pytest.mark.parametrize("code", [VALID_TAX_CODE, "0100109106", "0101248141"])
def test_a_tax_code_with_the_right_check_digit_is_accepted(code):
    assert validators.validate_tax_code(code) == code


@pytest.mark.parametrize("typed", ["0100112437-001", "0100112437001", "0100112437 - 001"])
def test_a_branch_tax_code_is_accepted_with_or_without_the_dash(typed):
    assert validators.validate_tax_code(typed.replace(" ", "")) == "0100112437-001"


@pytest.mark.parametrize("code", ["0100112438", "0101234567", "0100112437-002"[:10][:-1] + "0"])
def test_a_tax_code_with_a_wrong_check_digit_is_refused(code):
    with pytest.raises(ValidationError, match="last digit") as refused:
        validators.validate_tax_code(code)
    assert refused.value.code == "tax_code_check"


@pytest.mark.parametrize("code", ["010011243", "01001124371", "0100112437-01", "0100112437/001", "MST0100112437"])
def test_a_tax_code_of_the_wrong_shape_is_refused(code):
    with pytest.raises(ValidationError, match="10 digits"):
        validators.validate_tax_code(code)


def test_households_need_a_cccd_and_cooperatives_a_tax_code():
    with pytest.raises(ValidationError) as refused:
        validators.validate_identity(seller_type="household", national_id="", tax_code="")
    assert set(refused.value.error_dict) == {"national_id"}
    with pytest.raises(ValidationError) as refused:
        validators.validate_identity(seller_type="cooperative", national_id="", tax_code="")
    assert set(refused.value.error_dict) == {"tax_code"}
    assert validators.validate_identity(seller_type="coop_group", national_id=VALID_CCCD, tax_code="") == (
        VALID_CCCD,
        "",
    )
    assert validators.validate_identity(seller_type="enterprise", national_id="", tax_code="0100112437001") == (
        "",
        "0100112437-001",
    )


def test_an_optional_identifier_that_is_given_must_still_be_valid():
    with pytest.raises(ValidationError) as refused:
        validators.validate_identity(seller_type="household", national_id=VALID_CCCD, tax_code="0100112438")
    assert set(refused.value.error_dict) == {"tax_code"}


def test_banks_come_from_the_napas_list():
    banks = validators.napas_banks()
    assert len(banks) >= 20
    assert banks["970436"].short_name == "Vietcombank" and banks["970405"].short_name == "Agribank"
    assert banks["970449"].short_name == "LPBank"
    assert validators.validate_bank_bin("970418") == "970418"
    with pytest.raises(ValidationError, match="Choose your bank"):
        validators.validate_bank_bin("970999")


def test_account_number_is_6_to_19_digits():
    assert validators.validate_account_number("7300 2050 12345") == "7300205012345"
    for bad in ("12345", "12345678901234567890", "0123-ABC-99"):
        with pytest.raises(ValidationError, match="6 to 19 digits"):
            validators.validate_account_number(bad)


def test_holder_name_is_written_the_way_banks_print_it():
    assert validators.normalize_account_holder("  Nguyễn Thị  Hoà ") == "NGUYEN THI HOA"
    assert validators.normalize_account_holder("Đặng Văn Đức") == "DANG VAN DUC"
    with pytest.raises(ValidationError):
        validators.normalize_account_holder("Nguyen Van 2")


def test_a_real_photo_of_the_consent_form_is_accepted():
    validators.validate_consent_photo(SimpleUploadedFile("form.jpg", photo("JPEG"), "image/jpeg"))
    validators.validate_consent_photo(SimpleUploadedFile("form.png", photo("PNG"), "image/png"))


@pytest.mark.parametrize(
    "name, content",
    [
        ("form.jpg", b"%PDF-1.4 not a photo at all"),
        ("form.jpg", photo("JPEG", (400, 300))[:600]),  # cut off in transit
        ("form.gif", photo("GIF")),
        ("form.jpg", b""),
    ],
)
def test_fake_truncated_or_unexpected_files_are_refused_with_a_message(name, content):
    with pytest.raises(ValidationError, match="Upload a photo"):
        validators.validate_consent_photo(SimpleUploadedFile(name, content, "image/jpeg"))


def test_a_decompression_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ValidationError, match="Upload a photo"):
        validators.validate_consent_photo(SimpleUploadedFile("form.png", photo("PNG", (200, 200)), "image/png"))
