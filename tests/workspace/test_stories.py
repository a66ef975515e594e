"""Seller workspace stories, told through the web pages and the app's API."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image
from rest_framework.test import APIClient

from marketplace.sellers.models import AuditEntry, HelperAssignment
from marketplace.workspace import photos
from tests.factories import ProductFactory
from tests.workspace.conftest import jpeg_bytes

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def web(market, role, client):
    client.force_login(market.users[role])
    return client


def app(market, role):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {market.token(role)}")
    return client


def list_in_three_screens(client, market, groups, title, photo):
    base = f"/seller/{market.shop_a.pk}/new"
    first = client.get(f"{base}/1/")
    assert first.status_code == 200
    assert "Thực phẩm › Nông, thủy sản sơ chế, chế biến › Chè (trà) và sản phẩm từ chè" in first.content.decode()
    assert "Nhóm chè" not in first.content.decode()  # the 2019 scheme is not offered for new listings
    response = client.post(
        f"{base}/1/", {"title": title, "category": groups["tea"].pk, "price": "280000", "unit": "goi"}
    )
    assert response.status_code == 302 and response.url == f"{base}/2/"
    second = client.get(f"{base}/2/")
    assert f'<option value="{market.shop_a.commune_id}" selected>' in second.content.decode()
    response = client.post(
        f"{base}/2/",
        {
            "shipping_weight_grams": "550",
            "num_in_stock": "40",
            "origin_commune": market.shop_a.commune_id,
            "description": "Chè búp một tôm hai lá",
        },
    )
    assert response.status_code == 302 and response.url == f"{base}/3/"
    assert not Product.objects.filter(title=title).exists()  # nothing is written before the last screen
    response = client.post(f"{base}/3/", {"photo": photo})
    assert response.status_code == 302, response.content.decode()[:500]
    return Product.objects.get(title=title)


def test_seller_lists_a_product_in_three_screens_and_buyers_see_it_in_the_store(market, ocop_groups, client, photo):
    web(market, "seller_a", client)
    product = list_in_three_screens(client, market, ocop_groups, "Chè Shan tuyết búp bạc", photo)
    record = StockRecord.objects.get(product=product)
    assert (record.price, record.num_in_stock, record.partner) == (Decimal("280000"), 40, market.shop_a)
    assert product.is_public and product.images.count() == 1 and product.shipping_weight_grams == 550
    assert client.session.get(f"workspace.listing.{market.shop_a.pk}") is None  # the draft is gone
    url = product.get_absolute_url()
    assert url == f"/catalogue/{product.slug}_{product.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and "Chè Shan tuyết búp bạc" in page.content.decode()
    listing = client.get(f"/seller/{market.shop_a.pk}/")
    assert "Chè Shan tuyết búp bạc" in listing.content.decode()


def test_helper_lists_for_a_household_and_the_household_sees_it_in_its_audit_trail(market, ocop_groups, client, photo):
    web(market, "helper_a", client)
    product = list_in_three_screens(client, market, ocop_groups, "Trà shan tuyết hộp quà", photo)
    entry = AuditEntry.objects.get(partner=market.shop_a, action="product.listed")
    assert (entry.actor, entry.object_id) == (market.users["helper_a"], str(product.pk))
    assert set(AuditEntry.objects.filter(partner=market.shop_a).values_list("actor", flat=True)) == {entry.actor_id}


def test_a_fake_photo_on_the_last_screen_is_refused_and_nothing_is_saved(market, ocop_groups, client):
    web(market, "seller_a", client)
    base = f"/seller/{market.shop_a.pk}/new"
    client.post(
        f"{base}/1/", {"title": "Mật ong giả", "category": ocop_groups["honey"].pk, "price": "100000", "unit": "chai"}
    )
    client.post(f"{base}/2/", {"shipping_weight_grams": "800", "num_in_stock": "5", "origin_commune": ""})
    fake = SimpleUploadedFile("anh.jpg", b"this is not a photo", content_type="image/jpeg")
    response = client.post(f"{base}/3/", {"photo": fake})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not Product.objects.filter(title="Mật ong giả").exists()
    assert (
        client.session[f"workspace.listing.{market.shop_a.pk}"]["basics"]["title"] == "Mật ong giả"
    )  # retry keeps screens 1-2


def test_stock_cannot_go_below_what_is_already_ordered(market, client):
    web(market, "seller_a", client)
    url = f"/seller/{market.shop_a.pk}/products/{market.product_a.pk}/"
    response = client.post(url, {"price": "350000", "num_in_stock": "1", "is_public": "on"}, follow=True)
    assert "2" in response.content.decode() and "Chè Shan tuyết cổ thụ" in response.content.decode()
    assert StockRecord.objects.get(product=market.product_a).num_in_stock == 20
    api = app(market, "seller_a").patch(
        f"/api/seller/products/{market.product_a.pk}/", {"num_in_stock": 1}, format="json"
    )
    assert api.status_code == 400 and "2" in str(api.json())
    assert StockRecord.objects.get(product=market.product_a).num_in_stock == 20


def test_helper_quick_edits_on_web_and_app_appear_in_the_audit_trail(market, client):
    web(market, "helper_a", client)
    url = f"/seller/{market.shop_a.pk}/products/{market.product_a.pk}/"
    response = client.post(url, {"price": "360000", "num_in_stock": "25", "is_public": "on"})
    assert response.status_code == 302
    api = app(market, "helper_a").patch(
        f"/api/seller/products/{market.product_a2.pk}/", {"is_public": False}, format="json"
    )
    assert api.status_code == 200 and api.json()["is_public"] is False
    trail = list(AuditEntry.objects.filter(partner=market.shop_a).order_by("id").values_list("action", "object_id"))
    assert trail == [
        ("product.price", str(market.product_a.pk)),
        ("product.stock", str(market.product_a.pk)),
        ("product.hidden", str(market.product_a2.pk)),
    ]
    # The seller's own edits are its own business: no audit entry.
    app(market, "seller_a").patch(f"/api/seller/products/{market.product_a2.pk}/", {"is_public": True}, format="json")
    assert AuditEntry.objects.filter(partner=market.shop_a).count() == 3


def test_two_seller_order_page_shows_only_the_sellers_own_lines_and_subtotal(market, client):
    web(market, "seller_b", client)
    order = market.order_ab
    html = client.get(f"/seller/{market.shop_b.pk}/orders/{order.number}/").content.decode()
    assert "Mật ong bạc hà Đồng Văn" in html and "1.260.000\xa0₫" in html
    assert "Chè Shan tuyết cổ thụ" not in html
    assert order.total_incl_tax == Decimal("1960000") and "1.960.000" not in html  # never the order total
    listing = client.get(f"/seller/{market.shop_b.pk}/orders/").content.decode()
    assert order.number in listing and "1.260.000\xa0₫" in listing and "1.960.000" not in listing


def test_two_seller_order_in_the_app_shows_only_the_sellers_own_lines_and_subtotal(market):
    client = app(market, "seller_b")
    response = client.get(f"/api/seller/orders/{market.order_ab.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert [line["title"] for line in body["lines"]] == ["Mật ong bạc hà Đồng Văn"]
    assert body["subtotal"] == 1260000 and body["item_count"] == 3
    assert "Chè Shan tuyết cổ thụ" not in response.content.decode() and "1960000" not in response.content.decode()
    assert body["ship_to"]["phone"] == "+84912000111"
    (summary,) = client.get(f"/api/seller/shops/{market.shop_b.pk}/orders/").json()["results"]
    assert (summary["number"], summary["subtotal"], summary["item_count"]) == (market.order_ab.number, 1260000, 3)


def test_app_lists_a_product_and_reads_it_back(market, ocop_groups):
    client = app(market, "seller_a")
    response = client.post(
        f"/api/seller/shops/{market.shop_a.pk}/products/",
        {
            "title": "Chè xanh Thái Nguyên",
            "category": ocop_groups["tea"].pk,
            "price": 180000,
            "unit": "goi",
            "shipping_weight_grams": 500,
            "num_in_stock": 12,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["price"], body["num_in_stock"], body["num_allocated"], body["is_public"]) == (180000, 12, 0, True)
    assert body["origin_commune"] == market.shop_a.commune_id and body["categories"] == [ocop_groups["tea"].pk]
    titles = [p["title"] for p in client.get(f"/api/seller/shops/{market.shop_a.pk}/products/").json()["results"]]
    assert "Chè xanh Thái Nguyên" in titles and "Mật ong bạc hà Đồng Văn" not in titles
    bad = client.post(
        f"/api/seller/shops/{market.shop_a.pk}/products/",
        {
            "title": "Chè cũ",
            "category": ocop_groups["old"].pk,
            "price": 1,
            "unit": "goi",
            "shipping_weight_grams": 500,
            "num_in_stock": 1,
        },
        format="json",
    )
    assert bad.status_code == 400 and "category" in bad.json()


def test_seller_api_is_in_the_openapi_schema_with_tags_and_token_auth(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert paths["/api/seller/shops/{partner_id}/products/"]["post"]["tags"] == ["Seller: products"]
    assert paths["/api/seller/orders/{id}/"]["get"]["tags"] == ["Seller: orders"]
    assert paths["/api/seller/products/{id}/"]["patch"]["tags"] == ["Seller: products"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_fallback_photo_path_strips_exif_and_gps_and_applies_orientation():
    upload = SimpleUploadedFile("farm.jpg", jpeg_bytes(size=(64, 48), exif_gps=True), content_type="image/jpeg")
    content, extension = photos.clean_photo(upload)
    with Image.open(BytesIO(content)) as image:
        assert extension == "jpg" and image.size == (48, 64)  # rotated as the phone meant it
        assert not image.getexif() and "exif" not in image.info


@pytest.mark.parametrize(
    "payload",
    [b"GIF89a not really", jpeg_bytes()[:300]],  # not an image; a truncated JPEG
    ids=["not-an-image", "truncated"],
)
def test_fallback_photo_path_refuses_broken_files_with_a_message(payload):
    with pytest.raises(ValidationError) as refused:
        photos.clean_photo(SimpleUploadedFile("x.jpg", payload))
    assert refused.value.messages


def test_fallback_photo_path_refuses_decompression_bombs(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # 64x48 is "huge" now
    with pytest.raises(ValidationError) as refused:
        photos.clean_photo(SimpleUploadedFile("bomb.jpg", jpeg_bytes()))
    assert refused.value.code == "bomb"


def test_products_page_stays_small_and_costs_the_same_queries_for_2_and_12_products(market, client):
    web(market, "seller_a", client)
    url = f"/seller/{market.shop_a.pk}/"
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(10):
        ProductFactory(title=f"Chè túi lọc số {n}", producer=market.shop_a)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(large) == len(small)
    # A weak 3G phone: the whole page with 12 editable products, no scripts, well under 40 KB.
    assert len(response.content) < 40_000 and b"<script" not in response.content


def test_a_helper_of_several_households_picks_the_shop_first(market, client):
    helper = market.users["helper_a"]
    HelperAssignment.objects.create(
        helper=helper,
        partner=market.shop_b,
        consent_method="paper",
        consent_at=timezone.now(),
        consent_recorded_by=helper,
    )
    web(market, "helper_a", client)
    picker = client.get("/seller/")
    assert picker.status_code == 200
    html = picker.content.decode()
    assert f'href="/seller/{market.shop_a.pk}/"' in html and f'href="/seller/{market.shop_b.pk}/"' in html
    assert "Mật ong bạc hà Đồng Văn" in client.get(f"/seller/{market.shop_b.pk}/").content.decode()
