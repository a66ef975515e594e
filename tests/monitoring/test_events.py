"""The roll-ups follow the marketplace as it happens: checkout, payment, shipment, listing,
certificate and helper events refresh them after commit, and each time they equal the raw
computation. What sends no signal (a cash-on-delivery cancellation is a queryset update) is
fixed by the nightly rebuild."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from catalog import ocop_lifecycle
from marketplace.monitoring import rollups, selectors, tasks
from marketplace.monitoring.figures import Scope
from marketplace.monitoring.models import SellerDay, SellerMonth
from marketplace.monitoring.periods import Period
from marketplace.order.models import FulfilmentGroup
from marketplace.sellers.models import HelperAssignment, StaffProfile
from payments import hooks
from payments.checkout import services as checkout
from payments.models import PaymentAttempt
from tests.checkout.conftest import address, basket_of, make_buyer
from tests.factories import CertificateFactory, PartnerFactory, ProductFactory, commune

Country = get_model("address", "Country")
Shipment = get_model("logistics", "Shipment")

pytestmark = pytest.mark.django_db
SON_LA, DAK_LAK = "03980", "22015"


@pytest.fixture
def vietnam(db):
    return Country.objects.get_or_create(
        iso_3166_1_a2="VN", defaults={"name": "Việt Nam", "printable_name": "Việt Nam", "is_shipping_country": True}
    )[0]


def same(*scopes):
    today = timezone.localdate()
    for scope in scopes or (
        Scope(),
        Scope(province="14"),
        Scope(province="66"),
        Scope(province="14", producer_type="household"),
    ):
        for period in (
            Period.containing("day", today),
            Period.containing("month", today),
            Period.containing("year", today),
        ):
            rolled, raw = selectors.indicators(scope, period), selectors.indicators(scope, period, source="raw")
            assert (rolled.current, rolled.previous) == (raw.current, raw.previous), (scope, period)
    return selectors.indicators(Scope(province="14"), Period.containing("month", today)).current


def test_checkout_payment_shipment_and_catalogue_events_keep_the_rollups_current(
    vietnam, django_capture_on_commit_callbacks
):
    buyer = make_buyer()
    with django_capture_on_commit_callbacks(execute=True):
        tea_farm = PartnerFactory(name="Hộ Lò Văn Tuấn", producer_type="household", commune=commune(SON_LA))
        bee_farm = PartnerFactory(name="HTX Mật ong", commune=commune(SON_LA))
        coffee = PartnerFactory(name="HTX Cà phê", commune=commune(DAK_LAK))
        tea = ProductFactory(producer=tea_farm, shipping_weight_grams=500, stock__price=Decimal("120000"))
        honey = ProductFactory(producer=bee_farm, shipping_weight_grams=1200, stock__price=Decimal("250000"))
        beans = ProductFactory(producer=coffee, stock__price=Decimal("90000"))
    figures = same()
    assert (figures.sellers, figures.products_listed, figures.active_sellers, figures.orders) == (2, 2, 2, 0)

    with django_capture_on_commit_callbacks(execute=True):  # cash on delivery: an order at once
        cod = checkout.place_order(
            basket=basket_of(buyer, (tea, 2), (honey, 1), (beans, 1)),
            user=buyer,
            shipping_address=address(vietnam),
            payment_method="cod",
        )
    figures = same()
    assert (figures.orders, figures.items, figures.weight_grams, figures.gross_value) == (2, 3, 2200, 490000)
    assert figures.orders_by_method["cod"] == 2 and figures.cashless_share == 0

    with django_capture_on_commit_callbacks(execute=True):  # online: not an order until paid
        online = checkout.place_order(
            basket=basket_of(buyer, (honey, 2)), user=buyer, shipping_address=address(vietnam), payment_method="momo"
        )
    assert same().orders == 2
    with django_capture_on_commit_callbacks(execute=True):
        attempt = PaymentAttempt.objects.create(
            order=online,
            order_number=online.number,
            reference="MOMO-1",
            method="momo",
            amount=online.total_incl_tax,
            status="succeeded",
        )
        hooks.on_paid(attempt)
    figures = same()
    assert figures.orders == 3 and figures.value_by_method["momo"] == 500000
    assert figures.cashless_share == pytest.approx(500000 / 990000)

    with django_capture_on_commit_callbacks(execute=True):  # the carrier delivers the tea in 30 hours
        part = FulfilmentGroup.objects.get(order=cod, partner=tea_farm)
        now = timezone.now()
        Shipment.objects.create(
            group=part,
            carrier="ghn",
            reference="P-1",
            status="delivered",
            booked_at=now - datetime.timedelta(hours=30),
            delivered_at=now,
        )
    figures = same()
    assert (figures.delivered, figures.median_delivery_hours, figures.delivery_success_rate) == (1, 30, 1)

    staff = StaffProfile.objects.create(user=make_buyer("staff"), is_national=True).user
    with django_capture_on_commit_callbacks(execute=True):  # a certificate verified by staff: a star online
        cert = CertificateFactory(product=tea, verification="pending")
        ocop_lifecycle.verify_certificate(certificate=cert, staff=staff)
        HelperAssignment.objects.create(
            helper=staff, partner=tea_farm, consent_method="otp", consent_at=now, consent_recorded_by=staff
        )
    figures = same()
    assert (figures.ocop_online, figures.ocop_certified, figures.helper_households) == (1, 1, 1)

    with django_capture_on_commit_callbacks(execute=True):  # the same refresh twice changes nothing
        before = sorted(SellerDay.objects.values_list("partner_id", "day", "ocop_group", "orders", "gross_value"))
        tasks.refresh_rollups.delay(orders=[cod.pk, online.pk], products=[tea.pk])
        tasks.refresh_rollups.delay(orders=[cod.pk, online.pk], products=[tea.pk])
    assert sorted(SellerDay.objects.values_list("partner_id", "day", "ocop_group", "orders", "gross_value")) == before


def test_a_change_without_a_signal_waits_for_the_nightly_rebuild(vietnam, django_capture_on_commit_callbacks):
    buyer = make_buyer()
    with django_capture_on_commit_callbacks(execute=True):
        farm = PartnerFactory(commune=commune(SON_LA))
        tea = ProductFactory(producer=farm)
        order = checkout.place_order(
            basket=basket_of(buyer, (tea, 1)), user=buyer, shipping_address=address(vietnam), payment_method="cod"
        )
    assert same(Scope(province="14")).orders == 1

    with django_capture_on_commit_callbacks(execute=True):
        checkout.cancel_order(order=order, actor="buyer", reason="changed my mind")  # queryset updates only
    today = timezone.localdate()
    stale = selectors.indicators(Scope(province="14"), Period.containing("month", today)).current
    assert (stale.orders, stale.orders_cancelled) == (1, 0)

    assert tasks.rebuild_rollups.delay().get() == {"14": SellerDay.objects.count()}
    assert (same(Scope(province="14")).orders, same(Scope(province="14")).orders_cancelled) == (0, 1)


def test_a_seller_who_moves_province_takes_its_history_along(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        farm = PartnerFactory(commune=commune(SON_LA))
        ProductFactory(producer=farm)
    assert SellerDay.objects.filter(province_id="14").exists()
    with django_capture_on_commit_callbacks(execute=True):
        farm.commune = commune(DAK_LAK)
        farm.save()
    assert not SellerDay.objects.filter(province_id="14").exists()
    assert not SellerMonth.objects.filter(province_id="14").exists()
    assert same().sellers == 0
    assert same(Scope(province="66")) is not None


def test_rebuild_is_idempotent_and_drops_rows_of_sellers_without_a_commune(django_capture_on_commit_callbacks):
    farm = PartnerFactory(commune=commune(SON_LA))
    ProductFactory(producer=farm)
    first = rollups.rebuild_all()
    rows = sorted(SellerDay.objects.values_list("partner_id", "day", "ocop_group", "d_sellers", "d_products"))
    assert rollups.rebuild_all() == first
    assert sorted(SellerDay.objects.values_list("partner_id", "day", "ocop_group", "d_sellers", "d_products")) == rows
    farm.__class__.objects.filter(pk=farm.pk).update(commune=None)
    rollups.rebuild_all()
    assert not SellerDay.objects.exists() and not SellerMonth.objects.exists()
