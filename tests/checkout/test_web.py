"""The web checkout's own pieces, one bug each: address form, payment step, pages."""

import pytest
from oscar.core.loading import get_class

ShippingAddressForm = get_class("checkout.forms", "ShippingAddressForm")

VN_ADDRESS = {
    "first_name": "Nguyễn",
    "last_name": "Văn An",
    "phone_number": "0912345678",
    "line1": "12 Lê Lợi",
    "line2": "phường  mộc châu",
    "line4": "Tỉnh Sơn La",
}


@pytest.mark.django_db
def test_vietnamese_address_needs_no_postcode_but_a_phone_a_commune_and_a_province(vietnam):
    form = ShippingAddressForm(data=VN_ADDRESS)
    assert form.is_valid(), form.errors
    assert str(form.cleaned_data["phone_number"]) == "+84912345678"
    assert form.instance.country == vietnam

    missing = ShippingAddressForm(data={**VN_ADDRESS, "phone_number": "", "line2": "", "line4": ""})
    assert not missing.is_valid()
    assert {"phone_number", "line2", "line4"} <= set(missing.errors)


@pytest.mark.django_db
def test_commune_must_belong_to_the_province(vietnam):
    form = ShippingAddressForm(data={**VN_ADDRESS, "line4": "Thành phố Hà Nội"})
    assert not form.is_valid()
    assert "line2" in form.errors
