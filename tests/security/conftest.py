"""One marketplace for the cross-app permission matrix: two shops in two provinces and everyone
who might knock on their doors.

- shop A in Sơn La (province 14) with a product, a draft lot, a published lot, an OCOP
  certificate waiting for verification (uploaded by A's seller) and a verified one;
- shop B in Đắk Lắk (province 66) with its own product;
- a seller application in Sơn La, registered by A's helper with a photo of a signed paper form;
- users: a buyer, each shop's seller, A's active helper, A's revoked helper, staff of Sơn La,
  staff of Đắk Lắk and national staff.

Everything is built with the apps' own services (lots, certificates, application), so the
objects are in the states real use would leave them in.
"""

import datetime
import io
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image
from rest_framework.authtoken.models import Token

from catalog import ocop_lifecycle
from catalog.traceability import services as trace
from marketplace.notifications.sms import console
from marketplace.sellers import services as onboarding
from marketplace.sellers.models import HelperAssignment, StaffProfile
from marketplace.sellers.roles import HELPER_GROUP
from tests.factories import PartnerFactory, ProductFactory, commune

User = get_user_model()
Commune = get_model("regions", "Commune")

SON_LA_COMMUNE = "03980"  # Phường Mộc Châu, Sơn La (14)
VALID_CCCD = "014090001234"
ROLES = [
    "anonymous",
    "buyer",
    "seller_a",
    "seller_b",
    "helper_a",
    "helper_revoked",
    "staff_son_la",
    "staff_dak_lak",
    "staff_national",
]


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    # PBKDF2 costs most of a second per user; the hash is not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SMS_BACKEND = "console"
    cache.clear()  # OTP and throttle counters live in the cache
    console.clear_outbox()
    yield
    cache.clear()
    console.clear_outbox()


def jpeg(size=(64, 48), color=(90, 140, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def pdf() -> bytes:
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    body += b"2 0 obj << /Type /Pages /Kids [] /Count 1 >> endobj\n"
    return body + b"trailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class World:
    users: dict
    shop_a: object
    shop_b: object
    product_a: object
    product_b: object
    draft_lot: object
    published_lot: object
    pending_cert: object
    verified_cert: object
    application: object
    helper_assignment: object  # helper_a's active assignment on A
    today: datetime.date

    def token(self, role):
        return Token.objects.get_or_create(user=self.users[role])[0].key

    @property
    def secrets(self) -> list[str]:
        """Strings that identify A's objects: none may appear in a refused response."""
        return [
            self.product_a.title,
            self.draft_lot.code,
            self.published_lot.code,
            self.pending_cert.decision_number,
            self.verified_cert.decision_number,
            self.application.display_name,
            self.application.phone,
        ]


def _user(username, **extra):
    return User.objects.create_user(
        username=username, email=f"{username}@example.vn", password="pw-12345-long", **extra
    )


def _staff(username, *, province=None, national=False):
    user = _user(username)
    StaffProfile.objects.create(user=user, province_id=province, is_national=national)
    return user


@pytest.fixture
def world(db, django_capture_on_commit_callbacks) -> World:
    today = timezone.localdate()
    dak_lak = Commune.objects.filter(province_id="66").order_by("code").first()
    shop_a = PartnerFactory(name="Hộ Chè Shan tuyết Giàng A Páo", commune=commune(SON_LA_COMMUNE))
    shop_b = PartnerFactory(name="HTX Cà phê Buôn Ma Thuột", commune=dak_lak)
    helpers, _ = Group.objects.get_or_create(name=HELPER_GROUP)
    access = Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")
    users = {
        "buyer": _user("buyer"),
        "seller_a": _user("seller_a"),
        "seller_b": _user("seller_b"),
        "helper_a": _user("helper_a", first_name="Hà Thị Lan"),
        "helper_revoked": _user("helper_revoked"),
        "staff_son_la": _staff("staff_son_la", province="14"),
        "staff_dak_lak": _staff("staff_dak_lak", province="66"),
        "staff_national": _staff("staff_national", national=True),
    }
    shop_a.users.add(users["seller_a"])
    shop_b.users.add(users["seller_b"])
    for role in ("seller_a", "seller_b"):
        users[role].user_permissions.add(access)
    now = timezone.now()
    assignments = {}
    for role in ("helper_a", "helper_revoked"):
        users[role].groups.add(helpers)
        assignments[role] = HelperAssignment.objects.create(
            helper=users[role],
            partner=shop_a,
            consent_method="otp",
            consent_at=now - datetime.timedelta(days=30),
            consent_recorded_by=users[role],
            revoked_at=now - datetime.timedelta(days=1) if role == "helper_revoked" else None,
            revoked_by=users["seller_a"] if role == "helper_revoked" else None,
        )

    product_a = ProductFactory(title="Chè Shan tuyết cổ thụ Tà Xùa", producer=shop_a)
    product_b = ProductFactory(title="Cà phê Robusta Buôn Hồ", producer=shop_b)
    lot_fields = {
        "harvest_date": today - datetime.timedelta(days=10),
        "pack_date": today - datetime.timedelta(days=9),
        "planting_area_code": "VN-SL-0001",
    }
    draft_lot = trace.create_lot(actor=users["seller_a"], product=product_a, **lot_fields)
    published_lot = trace.create_lot(actor=users["seller_a"], product=product_a, **lot_fields)
    published_lot = trace.publish_lot(actor=users["seller_a"], lot=published_lot)

    with django_capture_on_commit_callbacks(execute=True):  # the sellers' SMS go out after commit
        certificate = {
            "product": product_a,
            "actor": users["seller_a"],
            "stars": 4,
            "status": "awarded",
            "decision_date": today - datetime.timedelta(days=200),
            "issuing_level": "province",
        }
        pending = ocop_lifecycle.upload_certificate(
            file=SimpleUploadedFile("cn.pdf", pdf(), "application/pdf"), decision_number="1111/QĐ-UBND", **certificate
        )
        verified = ocop_lifecycle.upload_certificate(
            file=SimpleUploadedFile("cn2.pdf", pdf(), "application/pdf"), decision_number="2222/QĐ-UBND", **certificate
        )
        verified = ocop_lifecycle.verify_certificate(certificate=verified, staff=users["staff_national"])

        application = onboarding.submit_application(
            details=onboarding.ApplicationDetails(
                seller_type="household",
                display_name="Gạo nếp Tú Lệ nhà Lò Thị Hoa",
                representative_name="Lò Thị Hoa",
                national_id=VALID_CCCD,
                tax_code="",
                commune=commune(SON_LA_COMMUNE),
                address="Bản Áng",
                description="",
                bank_bin="970405",
                bank_account_number="7300205099999",
                bank_account_holder="Lò Thị Hoa",
            ),
            phone="0978 123 456",
            registered_by=users["helper_a"],
            consent_method="paper",
            consent_document=SimpleUploadedFile("giay-dong-y.jpg", jpeg((120, 160), "white"), "image/jpeg"),
        )
    return World(
        users=users,
        shop_a=shop_a,
        shop_b=shop_b,
        product_a=product_a,
        product_b=product_b,
        draft_lot=draft_lot,
        published_lot=published_lot,
        pending_cert=pending,
        verified_cert=verified,
        application=application,
        helper_assignment=assignments["helper_a"],
        today=today,
    )
