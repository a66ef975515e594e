"""A seller uploads an OCOP certificate: it waits for staff, and bad files or fields store nothing."""

import datetime
import io
import os

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from PIL import Image

from catalog.ocop_lifecycle import CertificateRefused, upload_certificate
from marketplace.sellers.models import AuditEntry
from tests.factories import ProductFactory

from .conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def fields(**overrides):
    values = {
        "stars": 4,
        "status": "awarded",
        "decision_number": " 1234/QĐ-UBND ",
        "decision_date": timezone.localdate() - datetime.timedelta(days=100),
        "issuing_level": "province",
    }
    return {**values, **overrides}


def media_files() -> list[str]:
    root = settings.MEDIA_ROOT
    return [f for _d, _s, files in os.walk(root) for f in files] if os.path.isdir(root) else []


def test_seller_uploads_a_pdf_and_it_waits_for_staff_without_a_star(product, seller, client):
    cert = upload_certificate(product=product, actor=seller, file=upload(pdf_bytes()), **fields())
    cert.refresh_from_db()
    assert (cert.verification, cert.uploaded_by, cert.decision_number) == ("pending", seller, "1234/QĐ-UBND")
    assert cert.document.name.endswith(".pdf") and "chung-nhan" not in cert.document.name
    with cert.document.open("rb") as fh:
        assert fh.read().startswith(b"%PDF-")
    assert product.current_certificate() is None
    page = client.get(product.get_absolute_url()).content.decode()
    assert "OCOP ★" not in page


def test_phone_photo_of_the_certificate_is_stored_without_its_gps(product, seller):
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (21.0, 19.0, 0.0)}
    exif[0x010F] = "PhoneMaker"
    photo = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(photo, "JPEG", exif=exif)
    cert = upload_certificate(
        product=product, actor=seller, file=upload(photo.getvalue(), "IMG_1.jpg", "image/jpeg"), **fields()
    )
    with cert.document.open("rb") as fh:
        data = fh.read()
    assert Image.open(io.BytesIO(data)).format == "JPEG"
    assert b"Exif" not in data and b"PhoneMaker" not in data


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"This is not a certificate\n" * 10, "chung-nhan.pdf"),  # text renamed to .pdf
        (pdf_bytes()[:40], "chung-nhan.pdf"),  # truncated PDF: no %%EOF
        (b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n", "big.pdf"),  # over 10 MB
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 cut short", "chung-nhan.jpg"),  # broken JPEG
        (b"", "empty.pdf"),
    ],
    ids=["text-as-pdf", "truncated-pdf", "oversized-pdf", "broken-jpeg", "empty"],
)
def test_bad_documents_are_refused_and_nothing_is_stored(product, seller, data, name):
    with pytest.raises(CertificateRefused) as caught:
        upload_certificate(product=product, actor=seller, file=upload(data, name), **fields())
    assert str(caught.value.message)
    assert product.ocop_certificates.count() == 0
    assert media_files() == []


@pytest.mark.parametrize(
    "overrides",
    [
        {"stars": 2},
        {"status": "gold"},
        {"issuing_level": "village"},
        {"decision_number": "   "},
        {"decision_date": timezone.localdate() + datetime.timedelta(days=1)},
        {"decision_date": timezone.localdate() - datetime.timedelta(days=365 * 3 + 10)},  # already expired
    ],
    ids=["two-stars", "bad-status", "bad-level", "no-number", "future-date", "expired"],
)
def test_bad_fields_are_refused_before_the_file_is_read(product, seller, overrides):
    with pytest.raises(CertificateRefused):
        upload_certificate(product=product, actor=seller, file=upload(pdf_bytes()), **fields(**overrides))
    assert product.ocop_certificates.count() == 0 and media_files() == []


def test_another_seller_cannot_upload_for_my_product(product, django_user_model):
    intruder = django_user_model.objects.create_user(username="intruder", email="i@example.vn")
    ProductFactory().producer.users.add(intruder)
    with pytest.raises(PermissionDenied):
        upload_certificate(product=product, actor=intruder, file=upload(pdf_bytes()), **fields())
    assert product.ocop_certificates.count() == 0


def test_helper_upload_is_in_the_households_audit_trail(product, helper):
    cert = upload_certificate(product=product, actor=helper, file=upload(pdf_bytes()), **fields())
    entry = AuditEntry.objects.get(partner=product.producer)
    assert (entry.actor, entry.action, entry.object_id) == (helper, "ocop.certificate_uploaded", str(cert.pk))
