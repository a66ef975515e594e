"""Provincial staff check uploaded certificates; only a verified one puts a star in front of buyers."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from catalog.ocop_lifecycle import (
    CertificateRefused,
    reject_certificate,
    revoke_certificate,
    upload_certificate,
    verify_certificate,
)
from marketplace.sellers.models import AuditEntry
from tests.factories import CertificateFactory

from .conftest import pdf_bytes, upload

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.certificates.urls")]


@pytest.fixture
def pending(product, seller):
    return upload_certificate(
        product=product,
        actor=seller,
        file=upload(pdf_bytes()),
        stars=4,
        status="awarded",
        decision_number="88/QĐ-UBND",
        decision_date=timezone.localdate() - datetime.timedelta(days=30),
        issuing_level="province",
    )


def star_on_page(client, product) -> bool:
    response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    return "OCOP ★" in response.content.decode()


def test_staff_of_the_province_verifies_and_the_star_appears(
    client, product, pending, son_la_staff, texts_to_seller, django_capture_on_commit_callbacks
):
    assert not star_on_page(client, product)
    with django_capture_on_commit_callbacks(execute=True):
        verify_certificate(certificate=pending, staff=son_la_staff)
    pending.refresh_from_db()
    assert (pending.verification, pending.verified_by) == ("verified", son_la_staff)
    assert product.current_certificate() == pending
    assert star_on_page(client, product)
    assert "OCOP ★★★★" in client.get(product.get_absolute_url()).content.decode()
    assert AuditEntry.objects.filter(action="ocop.certificate_verified", actor=son_la_staff).exists()
    assert len(texts_to_seller()) == 1 and "88/QĐ-UBND" in texts_to_seller()[0]


def test_rejected_certificate_shows_no_star_and_the_seller_reads_why(
    client, product, pending, son_la_staff, texts_to_seller, django_capture_on_commit_callbacks
):
    with pytest.raises(CertificateRefused):
        reject_certificate(certificate=pending, staff=son_la_staff, note="  ")
    with django_capture_on_commit_callbacks(execute=True):
        reject_certificate(certificate=pending, staff=son_la_staff, note="Số quyết định không khớp với bản scan")
    pending.refresh_from_db()
    assert (pending.verification, pending.rejection_note) == ("rejected", "Số quyết định không khớp với bản scan")
    assert not star_on_page(client, product)
    assert "không khớp" in texts_to_seller()[-1]
    with pytest.raises(CertificateRefused):  # a decided certificate is not rejected twice
        reject_certificate(certificate=pending, staff=son_la_staff, note="again")


def test_staff_of_another_province_cannot_verify_reject_or_revoke(product, pending, other_province_staff, seller):
    with pytest.raises(PermissionDenied):
        verify_certificate(certificate=pending, staff=other_province_staff)
    with pytest.raises(PermissionDenied):
        reject_certificate(certificate=pending, staff=other_province_staff, note="no")
    shown = CertificateFactory(product=product)
    with pytest.raises(PermissionDenied):
        revoke_certificate(certificate=shown, staff=other_province_staff, reason="no")
    with pytest.raises(PermissionDenied):  # and a seller is not staff at all
        verify_certificate(certificate=pending, staff=seller)
    pending.refresh_from_db()
    assert pending.verification == "pending"


def test_national_staff_may_verify_in_any_province(pending, national_staff):
    verify_certificate(certificate=pending, staff=national_staff)
    pending.refresh_from_db()
    assert pending.verification == "verified"


def test_revocation_needs_a_reason_and_takes_the_star_off_the_product_page(
    client, product, son_la_staff, texts_to_seller, django_capture_on_commit_callbacks
):
    cert = CertificateFactory(product=product, stars=5)  # loaded by staff: verified
    assert star_on_page(client, product)
    with pytest.raises(CertificateRefused):
        revoke_certificate(certificate=cert, staff=son_la_staff, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(certificate=cert, staff=son_la_staff, reason="Hội đồng thu hồi quyết định")
    cert.refresh_from_db()
    assert cert.revoked_at is not None and cert.revoked_by == son_la_staff
    assert not star_on_page(client, product)
    assert "Hội đồng thu hồi" in texts_to_seller()[-1]
    with pytest.raises(CertificateRefused):
        revoke_certificate(certificate=cert, staff=son_la_staff, reason="twice")


def test_a_waiting_certificate_is_rejected_not_revoked(pending, son_la_staff):
    with pytest.raises(CertificateRefused):
        revoke_certificate(certificate=pending, staff=son_la_staff, reason="x")


def test_a_rejected_certificate_may_be_verified_after_an_appeal_but_a_revoked_one_never(product, pending, son_la_staff):
    reject_certificate(certificate=pending, staff=son_la_staff, note="Bản scan mờ")
    verify_certificate(certificate=pending, staff=son_la_staff)
    pending.refresh_from_db()
    assert (pending.verification, pending.rejection_note) == ("verified", "")
    revoke_certificate(certificate=pending, staff=son_la_staff, reason="Quyết định bị huỷ")
    type(pending).objects.filter(pk=pending.pk).update(verification="rejected")
    with pytest.raises(CertificateRefused):
        verify_certificate(certificate=pending, staff=son_la_staff)


# --- the staff pages ---------------------------------------------------------------------------
def test_staff_queue_lists_waiting_certificates_of_their_province_only(
    client, pending, son_la_staff, other_province_staff
):
    client.force_login(son_la_staff)
    page = client.get(reverse("certificates-staff:queue"))
    assert page.status_code == 200 and "88/QĐ-UBND" in page.content.decode()
    client.force_login(other_province_staff)
    page = client.get(reverse("certificates-staff:queue"))
    assert page.status_code == 200 and "88/QĐ-UBND" not in page.content.decode()


def test_staff_verify_through_the_page(client, product, pending, son_la_staff, django_capture_on_commit_callbacks):
    client.force_login(son_la_staff)
    assert client.get(reverse("certificates-staff:detail", args=[pending.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates-staff:verify", args=[pending.pk]))
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.verification == "verified"
    assert star_on_page(client, product)


def test_staff_revoke_through_the_page_without_a_reason_is_refused_with_a_message(client, product, son_la_staff):
    cert = CertificateFactory(product=product)
    client.force_login(son_la_staff)
    response = client.post(reverse("certificates-staff:revoke", args=[cert.pk]), {"reason": ""}, follow=True)
    assert response.status_code == 200
    cert.refresh_from_db()
    assert cert.revoked_at is None
    response = client.post(reverse("certificates-staff:revoke", args=[cert.pk]), {"reason": "Sai thông tin"})
    cert.refresh_from_db()
    assert cert.revoked_reason == "Sai thông tin"


@pytest.mark.parametrize("action", ["detail", "verify", "reject", "revoke"])
def test_staff_of_another_province_get_404_on_every_page(client, pending, other_province_staff, action):
    client.force_login(other_province_staff)
    url = reverse(f"certificates-staff:{action}", args=[pending.pk])
    response = client.get(url) if action == "detail" else client.post(url, {"note": "x", "reason": "x"})
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.verification == "pending" and pending.revoked_at is None


def test_sellers_get_404_and_strangers_are_sent_to_log_in(client, pending, seller):
    client.force_login(seller)
    assert client.get(reverse("certificates-staff:queue")).status_code == 404
    assert client.post(reverse("certificates-staff:verify", args=[pending.pk])).status_code == 404
    client.logout()
    response = client.get(reverse("certificates-staff:queue"))
    assert response.status_code == 302 and "login" in response["Location"]
