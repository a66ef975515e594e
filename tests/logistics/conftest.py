"""Logistics fixtures: two sellers in real communes, a buyer's address in Hà Nội, orders placed
through the real checkout service."""

import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_class, get_model

from logistics.models import SellerCarrier
from marketplace.regions.models import Commune
from payments.checkout import services as checkout
from tests.factories import PartnerFactory, tea_and_honey

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")
Selector = get_class("partner.strategy", "Selector")

MOC_CHAU = "03980"  # Phường Mộc Châu, Sơn La
HA_GIANG = "00694"  # Phường Hà Giang 1, Tuyên Quang
BA_DINH = "00004"  # Phường Ba Đình, Hà Nội
CON_DAO = "26732"  # Đặc khu Côn Đảo: formed from no former ward any carrier lists


@pytest.fixture(autouse=True)
def _fast_simulators(settings):
    settings.LOGISTICS_SIM_WEBHOOK_BACKOFF = 0


@pytest.fixture
def vietnam(db):
    return Country.objects.get_or_create(
        iso_3166_1_a2="VN", defaults={"name": "Việt Nam", "printable_name": "Việt Nam", "is_shipping_country": True}
    )[0]


@pytest.fixture
def buyer(db):
    return get_user_model().objects.create_user(username="buyer", email="buyer@example.vn", password="pw-12345")


@pytest.fixture
def farms(db):
    """Tea (0.5 kg, 120 000 ₫) from Mộc Châu, honey (1.2 kg, 250 000 ₫) from Hà Giang."""
    tea_farm = PartnerFactory(name="HTX Chè Mộc Châu", commune=Commune.objects.get(code=MOC_CHAU), phone="0912000001")
    bee_farm = PartnerFactory(
        name="HTX Mật ong Hà Giang", commune=Commune.objects.get(code=HA_GIANG), phone="0912000002"
    )
    tea, honey = tea_and_honey(tea_farm, bee_farm)
    return {"tea_farm": tea_farm, "bee_farm": bee_farm, "tea": tea, "honey": honey}


def ship_to(country, commune_code=BA_DINH):
    commune = Commune.objects.select_related("province").get(code=commune_code)
    return ShippingAddress(
        first_name="Nguyễn",
        last_name="Văn An",
        line1="12 Lê Lợi",
        line2=commune.name,
        line4=commune.province.name,
        phone_number="+84912345678",
        country=country,
    )


def basket_of(user, *items):
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    for product, quantity in items:
        basket.add_product(product, quantity)
    return basket


def only_carriers(partner, *codes):
    SellerCarrier.objects.filter(partner=partner).delete()
    for code in codes:
        SellerCarrier.objects.create(partner=partner, carrier=code)


def place(buyer, country, items, *, method="cod", choices=None, commune_code=BA_DINH):
    basket = basket_of(buyer, *items)
    return checkout.place_order(
        basket=basket,
        user=buyer,
        shipping_address=ship_to(country, commune_code),
        payment_method=method,
        shipping_choices=choices,
    )


@pytest.fixture
def confirm(django_capture_on_commit_callbacks):
    """The seller confirms its part; the booking task runs after commit, as in production."""

    def run(group, actor="seller"):
        from logistics import services

        with django_capture_on_commit_callbacks(execute=True):
            shipment = services.confirm_group(group=group, actor=actor)
        shipment.refresh_from_db()
        return shipment

    return run
