"""The mobile app places a two-seller basket as one order and reads its per-seller parts."""

import pytest
from rest_framework.test import APIClient

from tests.checkout.conftest import basket_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.checkout.urls")]

ADDRESS = {"name": "Nguyễn Văn An", "phone": "0912345678", "line1": "12 Lê Lợi", "province": "Sơn La"}


def test_app_places_an_order_with_momo_and_gets_the_pay_url_and_parts(buyer, vietnam, two_sellers):
    tea, honey = two_sellers
    basket_of(buyer, (tea, 1), (honey, 1))
    api = APIClient()
    api.force_authenticate(buyer)

    created = api.post("/api/checkout/orders/", {"payment_method": "momo", "shipping_address": ADDRESS}, format="json")

    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "awaiting_payment" and body["payment"]["method"] == "momo"
    assert "/payments/momo/sim/app/" in body["payment"]["redirect_url"]
    assert [g["seller"] for g in body["groups"]] == [tea.producer.name, honey.producer.name]
    assert {g["status"] for g in body["groups"]} == {"awaiting_payment"}

    status = api.get(f"/api/checkout/orders/{body['number']}/").json()
    assert status["payment"]["status"] == "pending" and len(status["groups"]) == 2


def test_app_cod_order_and_out_of_stock_answer(buyer, vietnam, two_sellers):
    tea, honey = two_sellers
    api = APIClient()
    api.force_authenticate(buyer)
    basket_of(buyer, (honey, 5))
    assert (
        api.post("/api/checkout/orders/", {"payment_method": "cod", "shipping_address": ADDRESS}, format="json").json()[
            "groups"
        ][0]["status"]
        == "to_confirm"
    )
    basket = basket_of(buyer, (tea, 1))
    basket.add_product(honey, 1)  # none left
    refused = api.post(
        "/api/checkout/orders/", {"payment_method": "vietqr", "shipping_address": ADDRESS}, format="json"
    )
    assert refused.status_code == 409 and refused.json()["detail"] == "out_of_stock"


def test_orders_of_others_are_not_shown(buyer, vietnam, two_sellers):
    from tests.checkout.conftest import make_buyer

    tea, _honey = two_sellers
    basket_of(buyer, (tea, 1))
    api = APIClient()
    api.force_authenticate(buyer)
    number = api.post(
        "/api/checkout/orders/", {"payment_method": "cod", "shipping_address": ADDRESS}, format="json"
    ).json()["number"]
    api.force_authenticate(make_buyer("stranger"))
    assert api.get(f"/api/checkout/orders/{number}/").status_code == 404
