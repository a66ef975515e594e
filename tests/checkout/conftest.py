import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_class, get_model

from tests.factories import PartnerFactory, tea_and_honey

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")


@pytest.fixture(autouse=True)
def _fast_simulators(settings):
    settings.VNPAY_SIM_IPN_BACKOFF = 0
    settings.VNPAY_SIM_IPN_TIMEOUT = 5


@pytest.fixture
def vietnam(db):
    return Country.objects.get_or_create(
        iso_3166_1_a2="VN", defaults={"name": "Việt Nam", "printable_name": "Việt Nam", "is_shipping_country": True}
    )[0]


def make_buyer(username="buyer"):
    return get_user_model().objects.create_user(username=username, email=f"{username}@example.vn", password="pw-12345")


@pytest.fixture
def buyer(db):
    return make_buyer()


@pytest.fixture
def two_sellers(db):
    """Mộc Châu tea (0.5 kg, 120 000 ₫) from one cooperative, honey (1.2 kg, 250 000 ₫) from another."""
    # No commune: transactional tests flush the shipped region data.
    tea_farm = PartnerFactory(name="HTX Chè Mộc Châu", commune=None)
    bee_farm = PartnerFactory(name="HTX Mật ong Hà Giang", commune=None)
    tea, honey = tea_and_honey(tea_farm, bee_farm)
    return tea, honey


def basket_of(user, *items):
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    for product, quantity in items:
        basket.add_product(product, quantity)
    return basket


def address(country):
    return ShippingAddress(
        first_name="Nguyễn",
        last_name="Văn An",
        line1="12 Lê Lợi",
        line4="Sơn La",
        phone_number="+84912345678",
        country=country,
    )


def stock(product):
    return StockRecord.objects.get(product=product)
