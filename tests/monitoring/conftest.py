"""A small marketplace for the monitoring pages, exports and API, and everyone who might knock.

- shop A: a household in Sơn La (14, commune 03980) with a community helper, a product and an
  OCOP certificate; shop B: a cooperative in Đắk Lắk (66);
- a buyer (whose name, e-mail, phone and street must never show anywhere in monitoring) with a
  cash-on-delivery order from both shops and a MoMo-paid one from A;
- users: the buyer, A's seller, A's helper, staff of Sơn La, staff of Đắk Lắk, national staff;
- IOC tokens: Sơn La's, the country's and a revoked one (keys in `World.keys`).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.monitoring import rollups, tokens
from marketplace.sellers.models import HelperAssignment, StaffProfile
from payments import hooks
from payments.checkout import services as checkout
from payments.models import PaymentAttempt
from tests.checkout.conftest import basket_of
from tests.factories import CertificateFactory, PartnerFactory, ProductFactory, commune

User = get_user_model()
Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")
Province = get_model("regions", "Province")

SON_LA_COMMUNE, DAK_LAK_COMMUNE = "03980", "22015"
ROLES = ["anonymous", "buyer", "seller_a", "helper_a", "staff_son_la", "staff_dak_lak", "staff_national"]
BUYER_SECRETS = ["Trần Thị Bích Ngọc", "ngoc.buyer@example.vn", "0987654321", "45 Đường Hoa Ban"]


@dataclass
class World:
    users: dict
    shop_a: object
    shop_b: object
    keys: dict  # {"son_la" | "national" | "revoked": key}
    token_ids: dict
    today: datetime.date


def _user(username, **extra):
    return User.objects.create_user(
        username=username, email=f"{username}@example.vn", password="pw-12345-long", **extra
    )


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    today = timezone.localdate()
    shop_a = PartnerFactory(name="Hộ Chè Giàng A Páo", producer_type="household", commune=commune(SON_LA_COMMUNE))
    shop_b = PartnerFactory(name="HTX Cà phê Buôn Hồ", commune=commune(DAK_LAK_COMMUNE))
    users = {
        "buyer": _user("buyer", first_name="Ngọc", last_name="Trần Thị Bích"),
        "seller_a": _user("seller_a"),
        "helper_a": _user("helper_a"),
        "staff_son_la": _user("staff_son_la"),
        "staff_dak_lak": _user("staff_dak_lak"),
        "staff_national": _user("staff_national"),
    }
    users["buyer"].email = "ngoc.buyer@example.vn"
    users["buyer"].save()
    StaffProfile.objects.create(user=users["staff_son_la"], province_id="14")
    StaffProfile.objects.create(user=users["staff_dak_lak"], province_id="66")
    StaffProfile.objects.create(user=users["staff_national"], is_national=True)
    shop_a.users.add(users["seller_a"])
    HelperAssignment.objects.create(helper=users["helper_a"], partner=shop_a, consent_method="otp",
                                    consent_at=timezone.now(), consent_recorded_by=users["helper_a"])  # fmt: skip
    tea = ProductFactory(title="Chè Shan tuyết Tà Xùa", producer=shop_a, stock__price=Decimal("150000"))
    coffee = ProductFactory(title="Cà phê Robusta", producer=shop_b, stock__price=Decimal("90000"))
    CertificateFactory(product=tea, stars=4)

    vietnam = Country.objects.get_or_create(
        iso_3166_1_a2="VN", defaults={"name": "Việt Nam", "printable_name": "Việt Nam", "is_shipping_country": True}
    )[0]

    def address():
        return ShippingAddress(first_name="Bích Ngọc", last_name="Trần Thị", line1="45 Đường Hoa Ban", line4="Sơn La",
                               phone_number="+84987654321", country=vietnam)  # fmt: skip

    buyer = users["buyer"]
    checkout.place_order(basket=basket_of(buyer, (tea, 2), (coffee, 1)), user=buyer, shipping_address=address(),
                         payment_method="cod")  # fmt: skip
    online = checkout.place_order(basket=basket_of(buyer, (tea, 1)), user=buyer, shipping_address=address(),
                                  payment_method="momo")  # fmt: skip
    attempt = PaymentAttempt.objects.create(order=online, order_number=online.number, reference="MOMO-W1",
                                            method="momo", amount=online.total_incl_tax, status="succeeded")  # fmt: skip
    hooks.on_paid(attempt)
    rollups.rebuild_all()

    keys, ids = {}, {}
    for name, staff, province in (
        ("son_la", "staff_son_la", "14"),
        ("national", "staff_national", None),
        ("revoked", "staff_son_la", "14"),
    ):
        token, keys[name] = tokens.issue_token(staff=users[staff], name=f"IOC {name}",
                                               province=Province.objects.get(code=province) if province else None)  # fmt: skip
        ids[name] = token.pk
    tokens.revoke_token(
        staff=users["staff_son_la"], token=tokens.tokens_for(users["staff_son_la"]).get(pk=ids["revoked"])
    )
    return World(users, shop_a, shop_b, keys, ids, today)
