"""The web checkout's own pieces, one bug each: address form, payment step, pages."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse
from oscar.core.loading import get_class

from payments.checkout import services as checkout
from tests.checkout.conftest import address, basket_of

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


@pytest.mark.django_db
def test_buyer_order_page_reads_the_status_and_cash_on_delivery_in_words(client, buyer, vietnam, two_sellers):

    tea, honey = two_sellers
    basket = basket_of(buyer, (tea, 1), (honey, 1))
    order = checkout.place_order(basket=basket, user=buyer, shipping_address=address(vietnam), payment_method="cod")
    client.force_login(buyer)
    page = client.get(f"/accounts/orders/{order.number}/").content.decode()
    assert "Đã đặt hàng" in page and "<p>placed</p>" not in page  # not Oscar's raw status code
    assert "Thanh toán khi nhận hàng — <strong" in page and "Trả tiền cho người giao hàng khi nhận" in page
    assert page.count('class="card mb-2 seller-part"') == 2


@pytest.mark.django_db
def test_vnpay_return_page_links_to_the_buyer_order(client, buyer, vietnam, two_sellers):

    tea, honey = two_sellers
    basket = basket_of(buyer, (tea, 1), (honey, 1))
    order = checkout.place_order(basket=basket, user=buyer, shipping_address=address(vietnam), payment_method="vnpay")
    nxt = checkout.start_order_payment(order=order, method="vnpay", base_url="http://testserver")
    client.get(nxt.redirect_url)
    decided = client.post(reverse("vnpay:sim-decide"), {"vnp_TxnRef": nxt.reference, "action": "cancel"})
    back = urlsplit(decided["Location"])
    page = client.get(back.path, dict(parse_qsl(back.query))).content.decode()
    assert f'href="/accounts/orders/{order.number}/"' in page


@pytest.mark.django_db
def test_a_fresh_database_ships_to_vietnam():
    """`make run` on a clean clone: the migrations make Vietnam the shipping country, so the address form works."""
    from oscar.core.loading import get_model

    vn = get_model("address", "Country").objects.get(iso_3166_1_a2="VN")
    assert vn.is_shipping_country
    form = ShippingAddressForm(data=VN_ADDRESS)
    assert "country" not in form.fields and form.is_valid(), form.errors
