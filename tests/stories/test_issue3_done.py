"""Issue 3's "Done means", as one story told through the web pages, with the demo's people.

A demo community helper registers a new household by phone (the household confirms with the
code texted to it), the demo Sơn La staff member approves it, the household logs in by phone
code and lists its first product with a photo in three screens, creates and publishes a lot;
buyers then see the product, its trace page and its QR code. Finally an OCOP certificate of
the product expires and its star is gone.

SMS go to the console backend; the story reads them from its outbox, as the household would
read its phone. Each step asserts its own outcome.
"""

import datetime
import io
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image, ImageDraw

from catalog import ocop_lifecycle
from catalog.demo import data as demo
from catalog.demo import services as demo_loader
from catalog.models import CertificateVerification, OcopCertificate
from catalog.traceability.models import Lot, LotStatus
from marketplace.notifications.sms import console
from marketplace.sellers import otp
from marketplace.sellers.models import ApplicationStatus, HelperAssignment, SellerApplication
from marketplace.workspace.services import listable_categories

User = get_user_model()
Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")

pytestmark = pytest.mark.django_db

PHONE = "0978 123 456"  # as the helper types it
E164 = "+84978123456"
PHONE_FORMS = (E164, "0978123456", "0978 123 456", "978123456", "84978123456")
CCCD = "014090001234"
SHOP = "Chè Shan tuyết nhà Giàng A Páo"
TITLE = "Chè Shan tuyết búp bạc Tà Xùa"


@pytest.fixture(autouse=True)
def _clean(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SMS_BACKEND = "console"
    cache.clear()
    console.clear_outbox()
    yield
    cache.clear()
    console.clear_outbox()


@pytest.fixture
def demo_people(db):
    """The demo loader's OCOP groups, producers and users (helper, Sơn La staff, ...)."""
    demo_loader.load_categories()
    demo_loader.load_producers()
    demo_loader.load_users()
    return {d.role: User.objects.get(username=d.email) for d in demo.DEMO_USERS}


def texts_to_household() -> list[str]:
    return [m.text for m in console.messages_to(E164)]


def last_code() -> str:
    texts = texts_to_household()
    assert texts, "no SMS reached the household"
    return re.search(r"\b(\d{6})\b", texts[-1]).group(1)


def phone_photo() -> SimpleUploadedFile:
    """A real JPEG, as a phone camera would send: a tea field with some detail in it."""
    image = Image.new("RGB", (1200, 900), (120, 170, 80))
    draw = ImageDraw.Draw(image)
    for row in range(0, 900, 60):
        draw.line([(0, row), (1200, row + 200)], fill=(40, 110, 40), width=18)
    draw.ellipse([900, 60, 1100, 260], fill=(250, 220, 90))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return SimpleUploadedFile("IMG_20260301_0712.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_issue_3_done_means(demo_people, django_capture_on_commit_callbacks):
    sent = lambda: django_capture_on_commit_callbacks(execute=True)  # noqa: E731  (SMS go out after commit)
    helper, staff = demo_people["community helper"], demo_people["provincial staff (Sơn La)"]
    today = timezone.localdate()

    # 1. The demo helper registers a new household by phone; consent is the code texted to it.
    assisting = Client()
    assisting.force_login(helper)
    with sent():
        response = assisting.post("/sellers/register/", {"phone": PHONE, "consent_method": "otp"})
    assert response.status_code == 302 and response.url == "/sellers/register/code/"
    assert len(texts_to_household()) == 1 and helper.first_name in texts_to_household()[0]
    response = assisting.post("/sellers/register/code/", {"code": last_code()})
    assert response.status_code == 302 and response.url == "/sellers/register/details/"
    response = assisting.post(
        "/sellers/register/details/",
        {
            "seller_type": "household",
            "display_name": SHOP,
            "representative_name": "Giàng A Páo",
            "national_id": CCCD,
            "province": "14",
            "commune": "03980",
            "address": "Bản Áng",
            "bank_bin": "970405",
            "bank_account_number": "7300205012345",
            "bank_account_holder": "GIANG A PAO",
        },
    )
    assert response.status_code == 302 and response.url == "/sellers/shop/", response.content.decode()[:800]
    application = SellerApplication.objects.get(phone=E164)
    assert application.status == ApplicationStatus.SUBMITTED
    assert (application.registered_by, application.consent_method) == (helper, "otp")
    assert application.consent_at == application.phone_verification.verified_at

    # 2. The demo Sơn La staff member sees it in the queue and approves it; the household is texted.
    moderating = Client()
    moderating.force_login(staff)
    assert SHOP in moderating.get("/sellers/moderation/").content.decode()
    with sent():
        response = moderating.post(f"/sellers/moderation/{application.pk}/approve/")
    assert response.status_code == 302 and response.url == "/sellers/moderation/"
    application.refresh_from_db()
    shop = application.partner
    assert application.status == ApplicationStatus.APPROVED and shop.name == SHOP
    assert shop.commune.province_id == "14"
    assert HelperAssignment.objects.get(partner=shop).helper == helper
    assert SHOP in texts_to_household()[-1]
    household = shop.users.get()
    assert household.username == E164

    # 3. The household logs in with its phone and a code texted to it.
    cache.delete(otp._key("interval", E164))  # the minute between two codes to one number has passed
    phone = Client()
    with sent():
        response = phone.post("/sellers/login/", {"phone": PHONE})
    assert response.status_code == 302 and response.url == "/sellers/login/code/"
    response = phone.post("/sellers/login/code/", {"code": last_code()})
    assert response.status_code == 302 and response.url == "/sellers/shop/"
    assert phone.session["_auth_user_id"] == str(household.pk)
    assert SHOP in phone.get("/sellers/shop/").content.decode()

    # 4. It lists its first product with a photo in three screens at /seller/.
    response = phone.get("/seller/")
    assert response.status_code == 302 and response.url == f"/seller/{shop.pk}/"
    base = f"/seller/{shop.pk}/new"
    group = listable_categories().filter(name="Chè (trà) và sản phẩm từ chè").get()
    response = phone.post(f"{base}/1/", {"title": TITLE, "category": group.pk, "price": "280000", "unit": "goi"})
    assert response.status_code == 302 and response.url == f"{base}/2/"
    response = phone.post(
        f"{base}/2/",
        {"shipping_weight_grams": "500", "num_in_stock": "40", "origin_commune": shop.commune_id, "description": ""},
    )
    assert response.status_code == 302 and response.url == f"{base}/3/"
    with sent():  # the WebP renditions are made after commit
        response = phone.post(f"{base}/3/", {"photo": phone_photo()})
    assert response.status_code == 302, response.content.decode()[:800]
    product = Product.objects.get(title=TITLE)
    assert product.producer == shop and product.is_public
    assert product.stockrecords.get().price == 280000
    image = product.images.get()
    with Image.open(image.original) as stored:
        assert stored.format == "JPEG" and not stored.getexif()  # no EXIF, no GPS

    # 5. ...and creates and publishes a lot for it.
    response = phone.post(
        "/trace/manage/new/",
        {
            "product": product.pk,
            "harvest_date": (today - datetime.timedelta(days=4)).isoformat(),
            "pack_date": (today - datetime.timedelta(days=2)).isoformat(),
            "planting_area_code": "VN-SL-0042",
        },
    )
    lot = Lot.objects.get(product=product)
    assert response.status_code == 302 and response.url == f"/trace/manage/{lot.code}/"
    assert lot.status == LotStatus.DRAFT
    assert phone.post(f"/trace/manage/{lot.code}/publish/").status_code == 302
    lot.refresh_from_db()
    assert lot.status == LotStatus.PUBLISHED

    # 6. A buyer sees the product page, with a link to the lot's trace page.
    buyer = Client()
    page = buyer.get(product.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert TITLE in html and f'href="/trace/{lot.code}/"' in html
    assert "OCOP ★" not in html  # no certificate yet

    # 7. The trace page names the producer and the commune, and nothing personal.
    trace = buyer.get(f"/trace/{lot.code}/")
    assert trace.status_code == 200
    html = trace.content.decode()
    assert SHOP in html and shop.commune.name in html and lot.code in html
    assert not [p for p in PHONE_FORMS if p in html], "the household's phone is on the public page"
    assert CCCD not in html and "7300205012345" not in html

    # 8. The QR code for the label is a PNG that opens.
    qr = buyer.get(f"/trace/{lot.code}/qr.png")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(qr.content)) as png:
        png.load()
        assert png.format == "PNG" and png.size[0] == png.size[1] >= 100

    # 9. The product gets an OCOP certificate: the household uploads it, the staff verify it.
    scan = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(scan, "JPEG")
    certificate = ocop_lifecycle.upload_certificate(
        product=product,
        actor=household,
        file=SimpleUploadedFile("chung-nhan.jpg", scan.getvalue(), "image/jpeg"),
        stars=4,
        status="awarded",
        decision_number="1234/QĐ-UBND",
        decision_date=today - datetime.timedelta(days=400),
        issuing_level="province",
    )
    assert "OCOP ★" not in buyer.get(product.get_absolute_url()).content.decode()  # not until verified
    with sent():
        response = moderating.post(f"/staff/certificates/{certificate.pk}/verify/")
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.verification == CertificateVerification.VERIFIED
    assert "OCOP ★★★★" in buyer.get(product.get_absolute_url()).content.decode()

    # 10. Its 36 months run out: the expiry job, run for a day after valid_until, takes the star away.
    yesterday = today - datetime.timedelta(days=1)
    OcopCertificate.objects.filter(pk=certificate.pk).update(  # three years pass for this certificate
        decision_date=yesterday - relativedelta(months=36), valid_until=yesterday
    )
    with sent():
        handled = ocop_lifecycle.expire_certificates(today)
    assert handled == [certificate.pk]
    assert certificate.decision_number in texts_to_household()[-1]  # the household is told
    page = buyer.get(product.get_absolute_url())
    assert page.status_code == 200 and TITLE in page.content.decode()
    assert "OCOP ★" not in page.content.decode()
