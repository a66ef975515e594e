"""A buyer's first pages, in Vietnamese with VND prices, on real search and a real database."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.factories import CertificateFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(search_index):
    coffee = ProductFactory(title="Cà phê Robusta Buôn Ma Thuột", stock__price=Decimal("120000"))
    sugar = ProductFactory(title="Đường phèn Quảng Ngãi", stock__price=Decimal("85000"))
    CertificateFactory(product=coffee, stars=4, decision_date=timezone.localdate() - datetime.timedelta(days=100))
    CertificateFactory(product=sugar, stars=5, decision_date=timezone.localdate() - datetime.timedelta(days=365 * 4))
    search_index()
    return coffee, sugar


def test_home_lists_certified_products_in_vietnamese(client, catalogue):
    coffee, sugar = catalogue
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi"' in html
    assert "Sản phẩm OCOP nổi bật" in html
    assert coffee.title in html
    assert "120.000\xa0₫" in html
    assert "OCOP ★★★★" in html


def test_catalogue_page_lists_products_with_vnd_prices(client, catalogue):
    response = client.get(reverse("catalogue:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cà phê Robusta Buôn Ma Thuột" in html and "Đường phèn Quảng Ngãi" in html
    assert "85.000\xa0₫" in html
    assert "Giỏ hàng" in html
    assert response.context["results"].engine == "elasticsearch"


def test_an_expired_certificate_shows_no_star(client, catalogue):
    _coffee, sugar = catalogue
    html = client.get(sugar.get_absolute_url()).content.decode()
    assert "OCOP ★★★★★" not in html
    assert "Chưa được chứng nhận OCOP" in html


def test_product_page_shows_origin_producer_and_star(client, catalogue):
    coffee, _sugar = catalogue
    response = client.get(coffee.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "OCOP ★★★★" in html
    assert coffee.producer.name in html
    assert "Phường Mộc Châu" in html
    assert "120.000\xa0₫" in html


def test_search_without_diacritics_finds_the_product(client, catalogue):
    response = client.get(reverse("search:search"), {"q": "duong phen"})
    assert response.status_code == 200
    assert [p.title for p in response.context["products"]][:1] == ["Đường phèn Quảng Ngãi"]


def test_search_says_when_no_product_has_every_word(client, catalogue):
    response = client.get(reverse("search:search"), {"q": "ca phe robusta buon ma thuot rang xay"})
    assert [p.title for p in response.context["products"]] == ["Cà phê Robusta Buôn Ma Thuột"]
    assert response.context["results"].matched == "partial"
    html = response.content.decode()
    with translation.override("vi"):
        notice = gettext("No product has every word of “%(q)s”; these have all of them but one.")
    assert notice % {"q": "ca phe robusta buon ma thuot rang xay"} in html
    assert "Không có sản phẩm nào" in notice  # the Vietnamese text, not the English msgid

    exact = client.get(reverse("search:search"), {"q": "caphe"})  # run together on a phone
    assert [p.title for p in exact.context["products"]] == ["Cà phê Robusta Buôn Ma Thuột"]
    assert "Không có sản phẩm nào" not in exact.content.decode()


def test_search_says_how_it_read_a_mistyped_query(client, catalogue):
    response = client.get(reverse("search:search"), {"q": "ca phe robsta"})
    assert [p.title for p in response.context["products"]] == ["Cà phê Robusta Buôn Ma Thuột"]
    with translation.override("vi"):
        notice = gettext("No product has every word of “%(q)s”; showing results for “%(corrected)s”.")
    assert notice % {"q": "ca phe robsta", "corrected": "cà phê robusta"} in response.content.decode()
    assert "đang hiện kết quả cho" in notice  # the Vietnamese text, not the English msgid


def test_basket_with_a_product_shows_the_line_and_total_in_vnd(client, catalogue):
    coffee, _sugar = catalogue
    response = client.post(reverse("basket:add", kwargs={"pk": coffee.pk}), {"quantity": 2})
    assert response.status_code == 302
    response = client.get(reverse("basket:summary"))
    assert response.status_code == 200
    html = response.content.decode()
    assert coffee.title in html
    assert "240.000\xa0₫" in html
    assert "Giỏ hàng" in html


def test_vietnamese_stays_the_default_for_an_english_phone_and_english_is_a_choice(client, catalogue):
    html = client.get(reverse("catalogue:index"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Giỏ hàng" in html
    client.cookies["django_language"] = "en"
    html = client.get(reverse("catalogue:index")).content.decode()
    assert '<html lang="en"' in html and "Sort by" in html and "Giỏ hàng" not in html
    assert "85.000\xa0₫" in html  # VND is written the Vietnamese way in both languages


def _queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm the per-process caches (templates, content types)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("path", ["/", "/catalogue/"])
def test_queries_per_page_do_not_grow_with_the_products_shown(client, search_index, path):
    from django.core.cache import cache

    for _ in range(2):
        CertificateFactory(decision_date=timezone.localdate() - datetime.timedelta(days=30))
    search_index()
    few = _queries(client, path)
    for _ in range(10):
        CertificateFactory(decision_date=timezone.localdate() - datetime.timedelta(days=30))
    search_index()
    cache.clear()
    many = _queries(client, path)
    assert len(client.get(path).context["featured" if path == "/" else "products"]) == 12
    assert many == few
