"""A seller uploads an OCOP certificate from the workspace; it waits, starless, for staff."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from catalog.models import OcopCertificate
from tests.factories import PartnerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def _jpeg():
    buf = io.BytesIO()
    Image.new("RGB", (900, 600), (200, 180, 90)).save(buf, "JPEG")
    return SimpleUploadedFile("quyet-dinh.jpg", buf.getvalue(), content_type="image/jpeg")


def _form(**extra):
    return {
        "stars": 4,
        "status": "awarded",
        "decision_number": "123/QĐ-UBND",
        "decision_date": (datetime.date.today() - datetime.timedelta(days=30)).isoformat(),
        "issuing_level": "province",
        "document": _jpeg(),
        **extra,
    }


@pytest.fixture
def seller(django_user_model):
    shop = PartnerFactory()
    user = django_user_model.objects.create_user("seller-cert", "seller-cert@example.vn", "pw-12345678")
    shop.users.add(user)
    return user, ProductFactory(producer=shop)


def test_seller_uploads_a_certificate_that_waits_for_staff_without_a_star(client, seller):
    user, product = seller
    client.force_login(user)
    url = reverse("certificates:upload", args=[product.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form())
    assert response.status_code == 302
    cert = OcopCertificate.objects.get(product=product)
    assert (cert.stars, cert.verification, cert.uploaded_by) == (4, "pending", user)
    assert product.current_certificate() is None
    assert "OCOP ★" not in client.get(product.get_absolute_url()).content.decode()


def test_a_fake_document_is_refused_with_a_message_and_nothing_saved(client, seller):
    user, product = seller
    client.force_login(user)
    fake = SimpleUploadedFile("quyet-dinh.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(reverse("certificates:upload", args=[product.pk]), _form(document=fake))
    assert response.status_code == 200 and response.context["form"].errors
    assert not OcopCertificate.objects.filter(product=product).exists()


def test_another_seller_cannot_open_or_post_the_upload_page(client, seller, django_user_model):
    _user, product = seller
    other = django_user_model.objects.create_user("other-seller", "other@example.vn", "pw-12345678")
    PartnerFactory().users.add(other)
    client.force_login(other)
    url = reverse("certificates:upload", args=[product.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form()).status_code == 404
    assert not OcopCertificate.objects.filter(product=product).exists()
