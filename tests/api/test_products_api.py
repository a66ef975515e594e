import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import CertificateFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_product_list_carries_ocop_producer_and_origin(client):
    product = ProductFactory(title="Mận hậu Mộc Châu", stock__price=Decimal("65000"))
    CertificateFactory(product=product, stars=3, decision_date=timezone.localdate() - datetime.timedelta(days=30))
    ProductFactory(title="Chè Shan tuyết", stock__price=Decimal("350000"))
    response = client.get("/api/products/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    item = next(p for p in body["results"] if p["title"] == "Mận hậu Mộc Châu")
    assert item["price"] == 65000 and item["currency"] == "VND"
    assert item["ocop"]["stars"] == 3 and item["ocop"]["state"] == "active"
    assert item["producer"]["producer_type"] == "cooperative"
    assert item["origin"] == {
        "commune_code": "03980",
        "commune": "Phường Mộc Châu",
        "province_code": "14",
        "province": "Tỉnh Sơn La",
    }
    other = next(p for p in body["results"] if p["title"] == "Chè Shan tuyết")
    assert other["ocop"] is None


def test_product_detail_hides_a_revoked_star(client):
    product = ProductFactory()
    CertificateFactory(product=product, stars=5, revoked_at=timezone.now(), revoked_reason="Vi phạm ATTP")
    response = client.get(f"/api/products/{product.pk}/")
    assert response.status_code == 200
    assert response.json()["ocop"] is None


def test_list_costs_the_same_queries_for_2_and_12_products(client):
    for _ in range(2):
        CertificateFactory()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get("/api/products/")
    for _ in range(10):
        CertificateFactory()
    with CaptureQueriesContext(connection) as large:
        assert client.get("/api/products/").json()["count"] == 12
    assert len(large) == len(small)


def test_openapi_schema_and_docs_are_served_offline(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/products/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"//cdn" not in docs.content and b"unpkg" not in docs.content
