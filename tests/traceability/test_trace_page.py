"""A buyer scans the QR on a pack of plums and reads where they came from, without logging in."""

import datetime
import io

import pytest
import segno
from django.template import Context, Template
from django.utils import timezone
from PIL import Image

from catalog.traceability import qr, services
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def traced_lot(published_lot, seller, today):
    """A published lot with one step back, its packing, one step forward and two certificates."""
    pack_day = timezone.make_aware(datetime.datetime.combine(published_lot.pack_date, datetime.time(9)))
    services.record_event(
        actor=seller,
        lot=published_lot,
        event_type="receive",
        occurred_at=pack_day,
        counterparty="Tổ hợp tác Mận Nà Ka",
        input_lot_code="NK-0815",
    )
    services.record_event(
        actor=seller,
        lot=published_lot,
        event_type="pack",
        occurred_at=pack_day + datetime.timedelta(hours=3),
        place="Nhà sơ chế HTX",
        commune=published_lot.producer.commune,
    )
    services.record_event(
        actor=seller,
        lot=published_lot,
        event_type="ship",
        occurred_at=pack_day + datetime.timedelta(hours=6),
        counterparty="Siêu thị Nông sản Sạch Hà Nội",
    )
    services.add_certification(
        actor=seller,
        lot=published_lot,
        scheme="vietgap",
        certificate_number="VG-SL-2025-77",
        issuer="Trung tâm Chứng nhận VietCert",
        valid_from=today - datetime.timedelta(days=200),
        valid_until=today + datetime.timedelta(days=300),
    )
    services.add_certification(
        actor=seller,
        producer=published_lot.producer,
        scheme="organic",
        certificate_number="HC-OLD-1",
        issuer="TQC",
        valid_from=today - datetime.timedelta(days=900),
        valid_until=today - datetime.timedelta(days=30),
    )
    return published_lot


def test_trace_page_shows_producer_place_dates_certifications_and_events(client, traced_lot, producer):
    response = client.get(f"/trace/{traced_lot.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert traced_lot.code in html and "Mận hậu Mộc Châu" in html
    assert producer.name in html and producer.get_producer_type_display() in html
    assert "Phường Mộc Châu" in html and "Tỉnh Sơn La" in html
    assert traced_lot.harvest_date.strftime("%d/%m/%Y") in html
    assert traced_lot.pack_date.strftime("%d/%m/%Y") in html
    assert traced_lot.best_before.strftime("%d/%m/%Y") in html
    assert "VN-SL-0001" in html and "VN-SL-PH-0002" in html
    assert "VG-SL-2025-77" in html and "trace-certification-valid" in html
    assert "HC-OLD-1" in html and "trace-certification-expired" in html
    assert "Tổ hợp tác Mận Nà Ka" in html and "NK-0815" in html  # one step back
    assert "Siêu thị Nông sản Sạch Hà Nội" in html  # one step forward
    assert "Nhà sơ chế HTX" in html
    assert "trace-recall" not in html


def test_trace_page_shows_no_personal_data(client, traced_lot, producer, seller):
    html = client.get(f"/trace/{traced_lot.code}/").content.decode()
    assert producer.phone not in html
    assert producer.national_id not in html
    assert producer.tax_code not in html
    assert seller.username not in html and seller.email not in html


def test_trace_page_shows_the_ocop_star_only_while_the_certificate_is_current(client, published_lot):
    CertificateFactory(
        product=published_lot.product, stars=4, decision_date=timezone.localdate() - datetime.timedelta(days=30)
    )
    assert "OCOP ★★★★" in client.get(f"/trace/{published_lot.code}/").content.decode()

    published_lot.product.ocop_certificates.update(revoked_at=timezone.now())
    assert "ocop-badge" not in client.get(f"/trace/{published_lot.code}/").content.decode()


def test_a_draft_lot_has_no_public_page_or_qr(client, make_lot):
    draft = make_lot()
    assert client.get(f"/trace/{draft.code}/").status_code == 404
    assert client.get(f"/trace/{draft.code}/qr.png").status_code == 404
    assert client.get(f"/trace/{draft.code}/qr.svg").status_code == 404
    assert client.get("/trace/NO-SUCH-LOT/").status_code == 404


def test_a_recalled_lot_shows_a_recall_banner_with_the_reason(client, published_lot, seller):
    services.recall_lot(actor=seller, lot=published_lot, reason="Phát hiện nấm mốc trong bao bì")
    response = client.get(f"/trace/{published_lot.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="alert alert-danger trace-recall"' in html
    assert "Phát hiện nấm mốc trong bao bì" in html


def test_a_code_typed_in_lower_case_redirects_to_the_lot(client, published_lot):
    response = client.get(f"/trace/{published_lot.code.lower()}/")
    assert response.status_code == 301
    assert response["Location"] == f"/trace/{published_lot.code}/"


def _modules_from_png(png: bytes, size: int) -> list[list[bool]]:
    """Read the QR matrix back from the PNG: one sample in the middle of every module."""
    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.width == image.height == (size + 2 * qr.BORDER) * qr.PNG_SCALE
    offset = qr.BORDER * qr.PNG_SCALE + qr.PNG_SCALE // 2
    return [
        [image.getpixel((offset + col * qr.PNG_SCALE, offset + row * qr.PNG_SCALE)) < 128 for col in range(size)]
        for row in range(size)
    ]


def test_qr_png_is_a_printable_image_encoding_the_trace_url(client, published_lot):
    response = client.get(f"/trace/{published_lot.code}/qr.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    image = Image.open(io.BytesIO(response.content))
    image.verify()
    assert image.width > 0

    expected_url = f"http://testserver/trace/{published_lot.code}/"
    expected = segno.make_qr(expected_url, error="m", boost_error=False)
    assert expected.error == "M"
    size = expected.symbol_size(scale=1, border=0)[0]
    expected_matrix = [[bool(bit) for bit in row] for row in expected.matrix]
    assert _modules_from_png(response.content, size) == expected_matrix


def test_qr_svg_is_vector_in_millimetres(client, published_lot):
    response = client.get(f"/trace/{published_lot.code}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "public" in response["Cache-Control"]
    svg = response.content.decode()
    assert "<svg" in svg and 'mm"' in svg


def test_trace_url_prefers_the_configured_site_url(settings, published_lot, rf):
    request = rf.get("/", HTTP_HOST="localhost:8000")
    assert qr.trace_url(published_lot, request) == f"http://localhost:8000/trace/{published_lot.code}/"
    settings.SITE_URL = "https://chocop.vn/"
    assert qr.trace_url(published_lot, request) == f"https://chocop.vn/trace/{published_lot.code}/"
    assert qr.trace_url(published_lot) == f"https://chocop.vn/trace/{published_lot.code}/"


def test_product_page_snippet_links_the_current_lot(published_lot, make_lot, product):
    template = Template('{% include "traceability/partials/product_lot_link.html" %}')
    html = template.render(Context({"product": product}))
    assert f'href="/trace/{published_lot.code}/"' in html
    services.recall_lot(actor=published_lot.created_by, lot=published_lot, reason="Bao bì hở")
    assert "/trace/" not in template.render(Context({"product": product}))


def test_current_lot_template_tag(published_lot, product):
    html = Template("{% load trace_tags %}{% current_lot product as lot %}{{ lot.code }}").render(
        Context({"product": product})
    )
    assert html == published_lot.code
