"""What the pages, exports, open data, tokens and IOC API say, for the small marketplace of conftest."""

import csv
import datetime
import io
import json

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from rest_framework.test import APIClient

from marketplace.monitoring import charts, selectors
from marketplace.monitoring.figures import INDICATORS, Scope
from marketplace.monitoring.models import IocToken
from marketplace.monitoring.periods import BadPeriod, Period, month_parts

from .conftest import SON_LA_COMMUNE

pytestmark = pytest.mark.django_db


def staff(client, world, role="staff_son_la"):
    client.force_login(world.users[role])
    return client


def test_province_page_shows_indicators_charts_and_the_commune_table(client, world):
    page = staff(client, world).get("/staff/monitoring/14/?period=year").content.decode()
    figures = selectors.indicators(Scope(province="14"), Period.containing("year", world.today)).current
    assert figures.orders == 2 and figures.sellers == 1 and figures.ocop_online == 1
    assert 'data-indicator="orders"' in page and page.count("<svg") >= 5
    assert f"/staff/monitoring/14/{SON_LA_COMMUNE}/" in page  # drill-down to the commune
    assert "export/communes.csv" in page and "export/communes.xlsx" in page and "open-data/14.json" in page


def test_filters_narrow_the_figures_and_bad_filters_fall_back(client, world):
    staff(client, world)
    coops = client.get("/staff/monitoring/14/?period=year&producer_type=cooperative")
    assert coops.status_code == 200
    assert _("Nothing in this period.") in coops.content.decode()  # shop A is a household
    custom = client.get(f"/staff/monitoring/14/?period=custom&start={world.today:%Y-%m-%d}&end={world.today:%Y-%m-%d}")
    assert custom.status_code == 200
    broken = client.get("/staff/monitoring/14/?period=custom&start=2025-05-01&end=2025-04-01")
    assert broken.status_code == 200 and _("The end of the range is before its start.") in broken.content.decode()


def test_csv_and_xlsx_exports_carry_every_indicator(client, world):
    staff(client, world)
    response = client.get("/staff/monitoring/14/export/communes.csv?period=year")
    assert response["Content-Disposition"].startswith('attachment; filename="ocop-14-communes-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows[0]) == 1 + len(INDICATORS) and len(rows) == 2
    by_key = dict(zip(["commune"] + [i.key for i in INDICATORS], rows[1], strict=True))
    assert by_key["commune"] == world.shop_a.commune.name and by_key["orders"] == "2"

    book = load_workbook(io.BytesIO(client.get("/staff/monitoring/14/export/indicators.xlsx?period=year").content))
    sheet = book.active
    values = dict(
        zip([i.key for i in INDICATORS], [row[2] for row in sheet.iter_rows(min_row=4, values_only=True)], strict=True)
    )
    assert (
        values["orders"] == 2 and values["sellers"] == 1 and values["cashless_share"] == pytest.approx(150000 / 450000)
    )


def test_open_data_withholds_trade_figures_of_small_areas_and_names_no_seller(client, world):
    data = json.loads(staff(client, world).get("/staff/monitoring/open-data/14.json?period=year").content)
    assert {entry["key"] for entry in data["dictionary"]} >= {i.key for i in INDICATORS}
    commune, total = data["rows"]
    assert commune["area_code"] == SON_LA_COMMUNE and total["area_code"] == "14"
    assert commune["sellers"] == 1 and commune["orders"] is None and commune["gross_value"] is None
    assert total["orders"] is None and data["withheld"]
    text = json.dumps(data, ensure_ascii=False)
    assert world.shop_a.name not in text
    assert client.get("/staff/monitoring/open-data/14.csv").content.startswith("\ufeffarea_code,".encode())


def test_a_token_key_is_shown_once_and_only_its_hash_is_kept(client, world):
    staff(client, world)
    response = client.post("/staff/monitoring/tokens/", {"name": "IOC Sơn La", "province": "14"}, follow=True)
    page = response.content.decode()
    token = IocToken.objects.get(name="IOC Sơn La")
    key = next(
        word for word in page.replace("<", " ").replace(">", " ").split() if word.startswith(f"ioc_{token.prefix}_")
    )
    assert key not in client.get("/staff/monitoring/tokens/").content.decode()
    assert not IocToken.objects.filter(key_hash__contains=key).exists() and token.key_hash != key
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/ioc/indicators/").status_code == 200
    client.post(f"/staff/monitoring/tokens/{token.pk}/revoke/")
    assert api.get("/api/ioc/indicators/").status_code == 401


def test_ioc_indicators_match_the_dashboard_and_carry_the_previous_period(world):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {world.keys['son_la']}")
    data = api.get("/api/ioc/indicators/?period=year").json()
    expected = selectors.indicators(Scope(province="14"), Period.containing("year", world.today))
    assert data["scope"]["province"] == "14"
    assert data["current"]["orders"] == expected.current.orders == 2
    assert data["current"]["value_momo"] == expected.current.value_by_method["momo"] > 0
    assert (
        data["previous_period"]["end"]
        == (Period.containing("year", world.today).start - datetime.timedelta(days=1)).isoformat()
    )
    sellers = api.get(f"/api/ioc/breakdown/seller/?commune={SON_LA_COMMUNE}&period=year").json()
    assert [row["label"] for row in sellers["rows"]] == [world.shop_a.name]
    assert api.get("/api/ioc/indicators/?period=custom&start=2025-02-01").status_code == 400


def test_the_ioc_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/?format=json").json()
    assert {"/api/ioc/indicators/", "/api/ioc/breakdown/{by}/", "/api/ioc/trend/", "/api/ioc/dictionary/"} <= set(
        schema["paths"]
    )
    assert schema["components"]["securitySchemes"]["iocToken"]["scheme"] == "bearer"
    assert "orders" in schema["components"]["schemas"]["IocFigures"]["properties"]


# --- periods and charts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, day, start, end, previous",
    [
        ("day", "2025-03-01", "2025-03-01", "2025-03-01", ("2025-02-28", "2025-02-28")),
        ("week", "2025-03-05", "2025-03-03", "2025-03-09", ("2025-02-24", "2025-03-02")),
        ("month", "2024-03-31", "2024-03-01", "2024-03-31", ("2024-02-01", "2024-02-29")),
        ("quarter", "2025-05-20", "2025-04-01", "2025-06-30", ("2025-01-01", "2025-03-31")),
        ("year", "2025-12-31", "2025-01-01", "2025-12-31", ("2024-01-01", "2024-12-31")),
    ],
)
def test_periods_and_the_period_before(kind, day, start, end, previous):
    period = Period.containing(kind, datetime.date.fromisoformat(day))
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)
    before = period.previous()
    assert (before.start.isoformat(), before.end.isoformat()) == previous


def test_custom_periods_their_previous_and_their_parts():
    period = Period.custom(datetime.date(2025, 1, 20), datetime.date(2025, 4, 10))
    assert period.previous() == Period.custom(datetime.date(2024, 10, 31), datetime.date(2025, 1, 19))
    months, ranges = month_parts(period.start, period.end)
    assert months == [datetime.date(2025, 2, 1), datetime.date(2025, 3, 1)]
    assert ranges == [
        (datetime.date(2025, 1, 20), datetime.date(2025, 1, 31)),
        (datetime.date(2025, 4, 1), datetime.date(2025, 4, 10)),
    ]
    assert [b.start.month for b in period.buckets()] == [1, 2, 3, 4] and period.buckets()[0].start.day == 20
    with pytest.raises(BadPeriod):
        Period.parse("custom", start="2025-01-10", end="2024-01-10", today=timezone.localdate())
    with pytest.raises(BadPeriod):
        Period.parse("decade", today=timezone.localdate())


def test_charts_escape_labels_and_draw_without_script():
    svg = charts.bar_chart([("<script>alert(1)</script>", 5), ("Hộ gia đình", 2)], title="x")
    line = charts.line_chart(["01/2025", "02/2025"], [("now", [1, None]), ("before", [2, 3])], title="<b>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<script" not in line and "&lt;b&gt;" in line
    with translation.override("vi"):
        assert charts.compact(1_200_000) == "1,2\xa0tr" and charts.compact(0.456, "%") == "46%"
    with translation.override("en"):
        assert charts.compact(3_400_000_000) == "3,4\xa0bn"
