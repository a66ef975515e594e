"""The seller app adds photos and OCOP certificates to its own products by API; refused files store nothing."""

import datetime
import os

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from oscar.core.loading import get_model
from rest_framework.test import APIClient

from catalog import certificates
from catalog.models import OcopCertificate
from marketplace.sellers.models import AuditEntry
from tests.workspace.conftest import jpeg_bytes

ProductImage = get_model("catalogue", "ProductImage")

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def app(market, role):
    client = APIClient()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages below are the English source strings
    client.credentials(HTTP_AUTHORIZATION=f"Token {market.token(role)}")
    return client


def stored_files(django_settings):
    root = django_settings.MEDIA_ROOT
    return sorted(os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files) if os.path.isdir(root) else []


def certificate_form(**overrides):
    data = {
        "stars": 4,
        "status": "awarded",
        "decision_number": "1523/QĐ-UBND",
        "decision_date": (timezone.localdate() - datetime.timedelta(days=60)).isoformat(),
        "issuing_level": "province",
        "document": SimpleUploadedFile("quyet-dinh.pdf", PDF, content_type="application/pdf"),
    }
    data.update(overrides)
    return data


def test_a_photo_from_the_app_is_stored_cleaned_and_answered_with_its_urls(market, settings):
    response = app(market, "helper_a").post(
        f"/api/seller/products/{market.product_a.pk}/photos/",
        {"image": SimpleUploadedFile("IMG_20250301.jpg", jpeg_bytes(exif_gps=True), content_type="image/jpeg")},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    image = ProductImage.objects.get(pk=body["id"])
    assert image.product == market.product_a
    assert body["original"].endswith(image.original.url) and body["original"].startswith("http://testserver/")
    assert "IMG_20250301" not in image.original.name  # our own name, not the phone's
    assert body["renditions"] and all(url.startswith("http://testserver/") for url in body["renditions"].values())
    assert AuditEntry.objects.filter(action="product.photo_added").count() == 1


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_saved(market, settings):
    files_before, audit_before = stored_files(settings), AuditEntry.objects.count()
    response = app(market, "seller_a").post(
        f"/api/seller/products/{market.product_a.pk}/photos/",
        {
            "image": SimpleUploadedFile(
                "che.jpg", b"<html><script>alert(1)</script></html>" * 20, content_type="image/jpeg"
            )
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert "not a photo we can read" in response.json()["image"][0]
    assert not ProductImage.objects.exists()
    assert stored_files(settings) == files_before and AuditEntry.objects.count() == audit_before


def test_an_uploaded_certificate_waits_for_staff_and_shows_no_star(market):
    response = app(market, "seller_a").post(
        f"/api/seller/products/{market.product_a.pk}/certificates/", certificate_form(), format="multipart"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["verification"], body["shows_star"], body["stars"]) == ("pending", False, 4)
    cert = OcopCertificate.objects.get(pk=body["id"])
    assert cert.product == market.product_a and cert.uploaded_by == market.users["seller_a"]
    assert certificates.displayed_certificate(market.product_a.ocop_certificates.all(), timezone.localdate()) is None
    product = app(market, "seller_a").get(f"/api/seller/products/{market.product_a.pk}/")
    assert product.status_code == 200


def test_a_refused_certificate_answers_400_with_the_reason_and_stores_nothing(market, settings):
    files_before = stored_files(settings)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = app(market, "seller_a").post(
        f"/api/seller/products/{market.product_a.pk}/certificates/",
        certificate_form(decision_date=future),
        format="multipart",
    )
    assert response.status_code == 400
    assert "future" in response.json()["detail"]
    broken = app(market, "seller_a").post(
        f"/api/seller/products/{market.product_a.pk}/certificates/",
        certificate_form(
            document=SimpleUploadedFile("qd.pdf", b"%PDF-1.4\nhalf a file", content_type="application/pdf")
        ),
        format="multipart",
    )
    assert broken.status_code == 400 and "damaged" in broken.json()["detail"]
    assert not OcopCertificate.objects.exists() and stored_files(settings) == files_before


@pytest.mark.parametrize("what", ["photos", "certificates"])
def test_another_sellers_product_answers_404_and_nothing_is_saved(market, settings, what):
    files_before = stored_files(settings)
    data = (
        certificate_form()
        if what == "certificates"
        else {"image": SimpleUploadedFile("che.jpg", jpeg_bytes(), content_type="image/jpeg")}
    )
    response = app(market, "seller_b").post(
        f"/api/seller/products/{market.product_a.pk}/{what}/", data, format="multipart"
    )
    assert response.status_code == 404
    assert market.product_a.title not in response.content.decode()
    assert not ProductImage.objects.exists() and not OcopCertificate.objects.exists()
    assert stored_files(settings) == files_before


def test_both_uploads_are_in_the_openapi_schema(market):
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in ("/api/seller/products/{id}/photos/", "/api/seller/products/{id}/certificates/"):
        operation = schema["paths"][path]["post"]
        assert "multipart/form-data" in operation["requestBody"]["content"], path
