"""The monitoring permission matrix: every page, export, open-data file and token route of
/staff/monitoring/ with every role, and every IOC API route with every kind of credential.

- Sơn La's pages (province 14, its commune, their exports, its open data): staff of Sơn La and
  national staff;
- the country's pages and open data: national staff only;
- IOC tokens: any programme staff sees the tokens page; issuing and revoking are limited to the
  provinces they cover (Đắk Lắk's staff cannot touch Sơn La's token);
- everybody else gets 404 (as if nothing were there), an anonymous visitor the login page;
- the API answers only to a live IOC token (401 otherwise, even to signed-in staff or a seller
  app token) and a province's token only for its province (404 for another).

No response of any route shows the buyer's name, e-mail, phone or street.
"""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from marketplace.monitoring.models import IocToken
from marketplace.monitoring.tables import TABLE_NAMES

from .conftest import BUYER_SECRETS, DAK_LAK_COMMUNE, ROLES, SON_LA_COMMUNE

pytestmark = pytest.mark.django_db

SON_LA = frozenset({"staff_son_la", "staff_national"})
NATIONAL = frozenset({"staff_national"})
STAFF = frozenset({"staff_son_la", "staff_dak_lak", "staff_national"})
PROVINCE_TABLES = [t for t in TABLE_NAMES if t not in ("provinces", "sellers")]
COUNTRY_TABLES = [t for t in TABLE_NAMES if t not in ("communes", "sellers")]
COMMUNE_TABLES = [t for t in TABLE_NAMES if t not in ("provinces", "communes")]


@dataclass(frozen=True)
class Call:
    name: str
    method: str
    url: Callable
    allowed: frozenset
    ok: int = 200
    data: dict = field(default_factory=dict)

    def __str__(self):
        return f"{self.method.upper()} {self.name} {self.url.__doc__ or ''}".strip()


def _url(text):
    def build(w):
        return text.format(a=w.shop_a.commune_id, son_la_token=w.token_ids["son_la"])

    build.__doc__ = text
    return build


CALLS = [
    Call("monitoring:home", "get", _url("/staff/monitoring/"), STAFF, ok=302),
    Call("monitoring:country", "get", _url("/staff/monitoring/country/?period=year"), NATIONAL),
    Call("monitoring:province", "get", _url("/staff/monitoring/14/?period=quarter"), SON_LA),
    Call("monitoring:province", "get", _url("/staff/monitoring/66/"), frozenset({"staff_dak_lak", "staff_national"})),
    Call("monitoring:commune", "get", _url("/staff/monitoring/14/{a}/?period=year"), SON_LA),
    Call("monitoring:commune", "get", _url(f"/staff/monitoring/14/{DAK_LAK_COMMUNE}/"), frozenset()),  # not in 14
    *(Call("monitoring:export-country", "get", _url(f"/staff/monitoring/country/export/{t}.{f}"), NATIONAL)
      for t in COUNTRY_TABLES for f in ("csv", "xlsx")),
    *(Call("monitoring:export-province", "get", _url(f"/staff/monitoring/14/export/{t}.{f}?period=year"), SON_LA)
      for t in PROVINCE_TABLES for f in ("csv", "xlsx")),
    *(Call("monitoring:export-commune", "get", _url(f"/staff/monitoring/14/{{a}}/export/{t}.{f}"), SON_LA)
      for t in COMMUNE_TABLES for f in ("csv", "xlsx")),
    Call("monitoring:export-province", "get", _url("/staff/monitoring/14/export/sellers.csv"), frozenset()),
    Call("monitoring:open-data", "get", _url("/staff/monitoring/open-data/14.csv"), SON_LA),
    Call("monitoring:open-data", "get", _url("/staff/monitoring/open-data/14.json?period=year"), SON_LA),
    Call("monitoring:open-data", "get", _url("/staff/monitoring/open-data/VN.json"), NATIONAL),
    Call("monitoring:open-data", "get", _url("/staff/monitoring/open-data/VN.csv"), NATIONAL),
    Call("monitoring:open-data", "get", _url("/staff/monitoring/open-data/dictionary.csv"), STAFF),
    Call("monitoring:tokens", "get", _url("/staff/monitoring/tokens/"), STAFF),
    Call("monitoring:tokens", "post", _url("/staff/monitoring/tokens/"), SON_LA, ok=302,
         data={"name": "IOC Sơn La 2", "province": "14"}),
    Call("monitoring:tokens", "post", _url("/staff/monitoring/tokens/"), NATIONAL, ok=302, data={"name": "IOC quốc gia"}),
    Call("monitoring:token-revoke", "post", _url("/staff/monitoring/tokens/{son_la_token}/revoke/"), SON_LA, ok=302),
]  # fmt: skip


def client_for(world, role):
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # XLSX: read the strings inside
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
    return content.decode(errors="replace")


def snapshot():
    return list(IocToken.objects.order_by("pk").values_list("pk", "revoked_at"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("call", CALLS, ids=str)
def test_only_the_right_staff_reach_each_monitoring_route(world, role, call):
    before = snapshot()
    response = getattr(client_for(world, role), call.method)(call.url(world), call.data)
    if role in call.allowed:
        assert response.status_code == call.ok, body_text(response)[:500]
        if call.method == "post":
            assert snapshot() != before
    elif role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(settings.LOGIN_URL)
    else:
        assert response.status_code == 404, (response.status_code, body_text(response)[:300])
        assert snapshot() == before
    leaked = [s for s in BUYER_SECRETS if s in body_text(response)]
    assert not leaked


def test_staff_see_their_province_with_its_figures_and_not_the_other(world):
    client = client_for(world, "staff_son_la")
    page = client.get("/staff/monitoring/14/?period=year").content.decode()
    assert world.shop_a.commune.name in page and "<svg" in page
    assert "Hộ Chè Giàng A Páo" not in page  # the seller list is one level down, in the commune
    commune = client.get(f"/staff/monitoring/14/{SON_LA_COMMUNE}/?period=year").content.decode()
    assert "Hộ Chè Giàng A Páo" in commune and "HTX Cà phê Buôn Hồ" not in commune
    assert client.get("/staff/monitoring/").url == "/staff/monitoring/14/"
    assert client_for(world, "staff_national").get("/staff/monitoring/").url == "/staff/monitoring/country/"


# --- the IOC API ----------------------------------------------------------------------------------

API = [
    "/api/ioc/indicators/",
    "/api/ioc/breakdown/commune/?province=14",
    "/api/ioc/breakdown/seller/?province=14&commune=" + SON_LA_COMMUNE,
    "/api/ioc/breakdown/producer_type/?province=14",
    "/api/ioc/breakdown/ocop_group/?province=14",
    "/api/ioc/trend/?province=14&period=year",
    "/api/ioc/dictionary/",
]
CREDENTIALS = ["none", "staff_session", "seller_app_token", "revoked", "garbage", "son_la", "national"]


def api_client(world, credential):
    client = APIClient()
    if credential == "staff_session":
        client.force_login(world.users["staff_national"])
    elif credential == "seller_app_token":
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.users['staff_national']).key}")
    elif credential == "garbage":
        client.credentials(HTTP_AUTHORIZATION="Bearer ioc_deadbeef_not-a-key")
    elif credential != "none":
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.keys[credential]}")
    return client


@pytest.mark.parametrize("credential", CREDENTIALS)
@pytest.mark.parametrize("url", API)
def test_the_ioc_api_answers_only_to_a_live_ioc_token(world, credential, url):
    response = api_client(world, credential).get(url)
    if credential in ("son_la", "national"):
        assert response.status_code == 200, response.content[:300]
    else:
        assert response.status_code == 401
    assert not [s for s in BUYER_SECRETS if s in response.content.decode()]


@pytest.mark.parametrize(
    "url",
    [
        "/api/ioc/indicators/?province=66",
        "/api/ioc/breakdown/commune/?province=66",
        f"/api/ioc/indicators/?province=14&commune={DAK_LAK_COMMUNE}",
        "/api/ioc/breakdown/province/",
        "/api/ioc/trend/?province=66",
    ],
)
def test_a_province_token_sees_nothing_of_another_province(world, url):
    assert api_client(world, "son_la").get(url).status_code == 404
    national = api_client(world, "national").get(url).status_code
    assert national == (404 if DAK_LAK_COMMUNE in url else 200)


def test_the_ioc_api_is_rate_limited_per_token(world, settings):
    settings.MONITORING_IOC_RATE = "3/min"
    son_la, national = api_client(world, "son_la"), api_client(world, "national")
    assert [son_la.get("/api/ioc/dictionary/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert national.get("/api/ioc/dictionary/").status_code == 200


# --- every route is in the matrix -------------------------------------------------------------------


def _route_names(patterns, namespace):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _route_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_matrix_covers_every_monitoring_route():
    found = {}
    for resolver in get_resolver().url_patterns:
        module = getattr(getattr(resolver, "urlconf_module", None), "__name__", None)
        if module in ("marketplace.monitoring.urls", "marketplace.monitoring.api_urls"):
            found[module] = set(_route_names(resolver.url_patterns, resolver.namespace))
    assert set(found) == {"marketplace.monitoring.urls", "marketplace.monitoring.api_urls"}
    assert found["marketplace.monitoring.urls"] == {c.name for c in CALLS}
    api_names = {"ioc-indicators", "ioc-breakdown", "ioc-trend", "ioc-dictionary"}
    assert found["marketplace.monitoring.api_urls"] == api_names
    assert {url.split("?")[0].split("/")[3] for url in API} == {"indicators", "breakdown", "trend", "dictionary"}
