"""`load_demo_data` ends with six months of demo trade: the Sơn La staff login sees its province's
indicators, charts and commune table, exports them, and cannot open another province."""

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.demo import data, services
from marketplace.monitoring import demo, selectors
from marketplace.monitoring.figures import Scope
from marketplace.monitoring.periods import Period

Order = get_model("order", "Order")


@pytest.fixture(autouse=True)
def _fast_hashing():
    """The demo passwords were hashed with the default hasher by the module fixture: keep it."""


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        with transaction.atomic():
            services.load_demo_data()
            yield
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_demo_staff_of_son_la_sees_its_province_and_not_another(loaded):
    client = Client()
    assert client.login(username=data.PROVINCE_STAFF.email, password=data.DEMO_PASSWORD)
    home = client.get("/staff/monitoring/")
    assert home.status_code == 302 and home.url == "/staff/monitoring/14/"
    page = client.get("/staff/monitoring/14/?period=quarter")
    assert page.status_code == 200 and page.content.count(b"<svg") >= 5
    figures = selectors.indicators(Scope(province="14"), Period.containing("quarter", timezone.localdate())).current
    assert figures.orders > 50 and figures.gross_value > 0 and figures.delivered > 0 and 0 < figures.cashless_share < 1
    assert client.get("/staff/monitoring/14/export/communes.xlsx").status_code == 200
    for other in ("/staff/monitoring/38/", "/staff/monitoring/66/export/communes.csv", "/staff/monitoring/country/"):
        assert client.get(other).status_code == 404, other


@pytest.mark.django_db
def test_demo_orders_are_added_once_and_the_rollups_match_the_raw_tables(loaded):
    assert Order.objects.filter(number__startswith=demo.PREFIX).count() == demo.ORDERS
    assert demo.load_demo_orders() == 0
    assert Order.objects.filter(number__startswith=demo.PREFIX).count() == demo.ORDERS
    period = Period.containing("year", timezone.localdate())
    for scope in (Scope(province="14"), Scope(province="96", producer_type="cooperative")):
        rolled, raw = selectors.indicators(scope, period), selectors.indicators(scope, period, source="raw")
        assert (rolled.current, rolled.previous) == (raw.current, raw.previous)
