"""A small marketplace for the seller workspace: two sellers (A and B), a helper of A with an
active assignment and one whose assignment was revoked, a buyer, an OCOP group tree, and orders:
one holding only A's goods and one shared by A and B."""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_order
from PIL import Image
from rest_framework.authtoken.models import Token

from marketplace.sellers.models import HelperAssignment
from marketplace.sellers.roles import HELPER_GROUP
from tests.factories import PartnerFactory, ProductFactory

Basket = get_model("basket", "Basket")
Category = get_model("catalogue", "Category")
Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")
Selector = get_class("partner.strategy", "Selector")
User = get_user_model()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2 costs ~0.8 s per user here; the hash strength is not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the token endpoint's throttle counts in the cache
    yield
    cache.clear()


@pytest.fixture
def ocop_groups(db):
    food = Category.add_root(name="Thực phẩm", scheme="qd148-2023")
    processed = food.add_child(name="Nông, thủy sản sơ chế, chế biến", scheme="qd148-2023")
    tea = processed.add_child(name="Chè (trà) và sản phẩm từ chè", scheme="qd148-2023")
    honey = processed.add_child(name="Mật ong và sản phẩm từ ong", scheme="qd148-2023")
    old = Category.add_root(name="Nhóm chè", scheme="qd1048-2019")  # an old-scheme group: not offered
    return {"tea": tea, "honey": honey, "old": old, "food": food}


def make_user(name, **extra):
    return User.objects.create_user(username=name, email=f"{name}@example.vn", password="pw-12345-long", **extra)


@dataclass
class Market:
    shop_a: object
    shop_b: object
    users: dict
    product_a: object
    product_a2: object
    product_b: object
    order_a: object  # only A's goods
    order_ab: object  # A's and B's goods

    def token(self, role):
        return Token.objects.get_or_create(user=self.users[role])[0].key


def _order(buyer, items):
    basket = Basket.objects.create(owner=buyer)
    basket.strategy = Selector().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    vietnam, _ = Country.objects.get_or_create(
        iso_3166_1_a2="VN", defaults={"printable_name": "Việt Nam", "name": "Vietnam"}
    )
    address = ShippingAddress.objects.create(
        first_name="Lan",
        last_name="Nguyễn Thị",
        line1="12 Đường Tô Hiệu",
        line4="Phường Mộc Châu",
        state="Sơn La",
        country=vietnam,
        phone_number="+84912000111",
    )
    order = create_order(basket=basket, user=buyer, shipping_address=address)
    return type(order).objects.get(pk=order.pk)  # read back: Oscar hands back `number` as an int


@pytest.fixture
def market(db, ocop_groups):
    shop_a = PartnerFactory(name="HTX Chè Shan tuyết Tà Xùa")
    shop_b = PartnerFactory(name="Hộ Mật ong bạc hà")
    helpers, _ = Group.objects.get_or_create(name=HELPER_GROUP)
    users = {
        "buyer": make_user("buyer"),
        "seller_a": make_user("seller_a"),
        "seller_b": make_user("seller_b"),
        "helper_a": make_user("helper_a"),
        "helper_revoked": make_user("helper_revoked"),
        "staff": make_user("staff", is_staff=True, is_superuser=True),
    }
    shop_a.users.add(users["seller_a"])
    shop_b.users.add(users["seller_b"])
    access = Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")
    for role in ("seller_a", "seller_b"):
        users[role].user_permissions.add(access)  # as onboarding grants it for Oscar's dashboard
    now = timezone.now()
    for role in ("helper_a", "helper_revoked"):
        users[role].groups.add(helpers)
        HelperAssignment.objects.create(
            helper=users[role],
            partner=shop_a,
            consent_method="otp",
            consent_at=now - datetime.timedelta(days=30),
            consent_recorded_by=users[role],
            revoked_at=now - datetime.timedelta(days=1) if role == "helper_revoked" else None,
            revoked_by=users["seller_a"] if role == "helper_revoked" else None,
        )
    product_a = ProductFactory(title="Chè Shan tuyết cổ thụ", producer=shop_a, stock__price=Decimal("350000"))
    product_a2 = ProductFactory(title="Trà hoa vàng", producer=shop_a, stock__price=Decimal("900000"))
    product_b = ProductFactory(title="Mật ong bạc hà Đồng Văn", producer=shop_b, stock__price=Decimal("420000"))
    for product, group in ((product_a, "tea"), (product_a2, "tea"), (product_b, "honey")):
        product.categories.add(ocop_groups[group])
    order_a = _order(users["buyer"], [(product_a2, 1)])
    from marketplace.order.models import FulfilmentGroup, FulfilmentStatus

    FulfilmentGroup.objects.create(
        order=order_a, partner=shop_a, subtotal=Decimal("900000"), status=FulfilmentStatus.TO_CONFIRM
    )
    order_ab = _order(users["buyer"], [(product_a, 2), (product_b, 3)])
    return Market(shop_a, shop_b, users, product_a, product_a2, product_b, order_a, order_ab)


def jpeg_bytes(size=(64, 48), exif_gps=False):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (90, 140, 60))
    if exif_gps:
        exif = Image.Exif()
        exif[0x0112] = 6  # orientation: rotate 90° when shown
        exif.get_ifd(0x8825)[2] = (21.0, 49.0, 0.0)  # GPS latitude of a farm
        image.save(buffer, "JPEG", exif=exif)
    else:
        image.save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def photo():
    return SimpleUploadedFile("che.jpg", jpeg_bytes(), content_type="image/jpeg")
