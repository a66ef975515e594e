"""Sellers, helpers and provincial staff around one producer in Sơn La, and what the seller is texted."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.sellers.models import StaffProfile
from tests.shop_fixtures import helper, product, seller  # noqa: F401  (shared fixtures)

User = get_user_model()


def pdf_bytes(pages: int = 1) -> bytes:
    """A small, structurally complete PDF (header to %%EOF), as a scanner app would send."""
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    body += b"2 0 obj << /Type /Pages /Kids [] /Count %d >> endobj\n" % pages
    return body + b"trailer << /Root 1 0 R >>\n%%EOF\n"


def upload(data: bytes, name="chung-nhan.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def make_staff(username, *, province=None, national=False):
    user = User.objects.create_user(username=username, email=f"{username}@example.gov.vn")
    StaffProfile.objects.create(user=user, province=province, is_national=national)
    return user


@pytest.fixture
def son_la_staff(product):
    return make_staff("staff-son-la", province=product.producer.commune.province)


@pytest.fixture
def other_province_staff(product):
    from marketplace.regions.models import Province

    other = Province.objects.exclude(code=product.producer.commune.province_id).order_by("code").first()
    return make_staff("staff-elsewhere", province=other)


@pytest.fixture
def national_staff(db):
    return make_staff("staff-national", national=True)


@pytest.fixture
def texts_to_seller(seller, caplog):
    """What the seller's phone received: the console SMS outbox, or (without the SMS adapter) the log."""
    caplog.set_level(logging.INFO, logger="catalog.ocop")
    cache.clear()  # the SMS task remembers sent references in the cache; tests reuse ids
    try:
        from marketplace.notifications.sms import console
    except ImportError:
        console = None
    if console is not None:
        console.clear_outbox()

    def read() -> list[str]:
        if console is not None:
            return [m.text for m in console.outbox if m.to == "+84912345678"]
        return [
            r.getMessage() for r in caplog.records if r.name == "catalog.ocop" and "SMS unavailable" in r.getMessage()
        ]

    return read
