"""The permission matrix of the seller workspace: every /seller/ page and /api/seller/ endpoint,
read and write, with every role. Shop A's seller and A's active helper may act on A; nobody else
can read or change anything of A's (404, like a thing that does not exist), and a refused write
leaves the database exactly as it was."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, resolve
from django.utils import timezone
from oscar.core.loading import get_model
from rest_framework.test import APIClient

from catalog.models import OcopCertificate
from logistics.models import Shipment
from marketplace.order.models import FulfilmentGroup
from marketplace.sellers.models import AuditEntry, SellerApplication
from tests.workspace.conftest import jpeg_bytes

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
Line = get_model("order", "Line")

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "buyer", "seller_a", "seller_b", "helper_a", "helper_revoked"]
OWNERS = {"seller_a", "helper_a"}


@dataclass(frozen=True)
class Call:
    name: str  # URL name; the coverage test checks every workspace route is here
    method: str
    url: Callable
    data: Callable = field(default=lambda m: None)
    ok: int = 200  # what A's seller and A's helper get
    api: bool = False
    format: str = "json"  # how an API call sends its data: "multipart" for uploads

    @property
    def writes(self):
        return self.method != "get"

    def __str__(self):
        return f"{self.method.upper()} {self.name}"


def basics(m):
    return {
        "title": "Chè búp Suối Giàng",
        "category": m.product_a.categories.first().pk,
        "price": "250000",
        "unit": "goi",
    }


def product_payload(m):
    return {**basics(m), "price": 250000, "shipping_weight_grams": 500, "num_in_stock": 9}


def photo_payload(m):
    return {"photo": SimpleUploadedFile("che.jpg", jpeg_bytes(), content_type="image/jpeg")}


def api_photo_payload(m):
    return {"image": SimpleUploadedFile("che.jpg", jpeg_bytes(), content_type="image/jpeg")}


def certificate_payload(m):
    return {
        "stars": 4,
        "status": "awarded",
        "decision_number": "1234/QĐ-UBND",
        "issuing_level": "province",
        "decision_date": (timezone.localdate() - datetime.timedelta(days=30)).isoformat(),
        "document": SimpleUploadedFile(
            "qd.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n", content_type="application/pdf"
        ),
    }


CALLS = [
    # --- web pages --------------------------------------------------------------------------
    Call("workspace:products", "get", lambda m: f"/seller/{m.shop_a.pk}/"),
    Call(
        "workspace:product-update",
        "post",
        lambda m: f"/seller/{m.shop_a.pk}/products/{m.product_a.pk}/",
        lambda m: {"price": "1000", "num_in_stock": "50", "is_public": ""},
        ok=302,
    ),
    Call("workspace:listing-start", "get", lambda m: f"/seller/{m.shop_a.pk}/new/"),
    Call("workspace:listing", "get", lambda m: f"/seller/{m.shop_a.pk}/new/1/"),
    Call("workspace:listing", "post", lambda m: f"/seller/{m.shop_a.pk}/new/1/", basics, ok=302),
    # Without screens 1 and 2 in the session, even the shop's own seller is sent back to screen 1.
    Call("workspace:listing", "post", lambda m: f"/seller/{m.shop_a.pk}/new/3/", photo_payload, ok=302),
    Call("workspace:orders", "get", lambda m: f"/seller/{m.shop_a.pk}/orders/"),
    Call("workspace:order-detail", "get", lambda m: f"/seller/{m.shop_a.pk}/orders/{m.order_a.number}/"),
    Call("workspace:order-lookup", "get", lambda m: f"/seller/orders/{m.order_a.number}/", ok=302),
    Call(
        "workspace:order-delivery",
        "post",
        lambda m: f"/seller/{m.shop_a.pk}/orders/{m.order_a.number}/delivery/",
        lambda m: {"action": "confirm"},
        ok=302,
    ),
    # --- API ----------------------------------------------------------------------------------
    Call("seller-api:shop-products", "get", lambda m: f"/api/seller/shops/{m.shop_a.pk}/products/", api=True),
    Call(
        "seller-api:shop-products",
        "post",
        lambda m: f"/api/seller/shops/{m.shop_a.pk}/products/",
        product_payload,
        ok=201,
        api=True,
    ),
    Call("seller-api:product", "get", lambda m: f"/api/seller/products/{m.product_a.pk}/", api=True),
    Call(
        "seller-api:product",
        "patch",
        lambda m: f"/api/seller/products/{m.product_a.pk}/",
        lambda m: {"price": 1000, "is_public": False},
        api=True,
    ),
    Call(
        "seller-api:product",
        "put",
        lambda m: f"/api/seller/products/{m.product_a.pk}/",
        lambda m: {"price": 2000, "num_in_stock": 40, "is_public": True},
        api=True,
    ),
    Call(
        "seller-api:product-photos",
        "post",
        lambda m: f"/api/seller/products/{m.product_a.pk}/photos/",
        api_photo_payload,
        ok=201,
        api=True,
        format="multipart",
    ),
    Call(
        "seller-api:product-certificates",
        "post",
        lambda m: f"/api/seller/products/{m.product_a.pk}/certificates/",
        certificate_payload,
        ok=201,
        api=True,
        format="multipart",
    ),
    Call("seller-api:shop-orders", "get", lambda m: f"/api/seller/shops/{m.shop_a.pk}/orders/", api=True),
    Call("seller-api:order", "get", lambda m: f"/api/seller/orders/{m.order_a.pk}/", api=True),
]
# Shop-independent routes, with their own per-role tests below.
GLOBAL_ROUTES = {"workspace:home", "seller-api:shops", "seller-api:token"}
# Public sign-up routes (no shop, no login), tested in test_api_onboarding.py.
PUBLIC_ROUTES = {"seller-api:onboarding-code", "seller-api:onboarding-verify", "seller-api:onboarding-applications"}
# A community helper registers a household (no shop of theirs involved): any user in the helpers'
# group, whatever their assignments (a revoked assignment ends one shop, not the role); others 403.
ASSISTED_ROUTES = {"seller-api:assisted-code", "seller-api:assisted-applications"}
ASSISTED_ACCESS = {
    "anonymous": 401,
    "buyer": 403,
    "seller_a": 403,
    "seller_b": 403,
    "helper_a": 400,
    "helper_revoked": 400,
}


def client_for(market, role, api):
    client = APIClient()
    if role == "anonymous":
        return client
    if api:
        client.credentials(HTTP_AUTHORIZATION=f"Token {market.token(role)}")
    else:
        client.force_login(market.users[role])
    return client


def send(client, call, market):
    data = call.data(market)
    if call.api:
        return getattr(client, call.method)(call.url(market), data, format=call.format)
    return getattr(client, call.method)(call.url(market), data or {})


def snapshot():
    return {
        "products": list(Product.objects.order_by("pk").values_list("pk", "title", "is_public")),
        "stock": list(StockRecord.objects.order_by("pk").values_list("pk", "price", "num_in_stock", "num_allocated")),
        "groups": list(ProductCategory.objects.order_by("pk").values_list("product_id", "category_id")),
        "images": ProductImage.objects.count(),
        "certificates": OcopCertificate.objects.count(),
        "audit": AuditEntry.objects.count(),
        "lines": list(Line.objects.order_by("pk").values_list("pk", "partner_id", "quantity")),
        "parts": list(FulfilmentGroup.objects.order_by("pk").values_list("pk", "status")),
        "shipments": Shipment.objects.count(),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("call", CALLS, ids=str)
def test_only_shop_as_seller_and_active_helper_reach_shop_a(market, role, call):
    client = client_for(market, role, call.api)
    before = snapshot()
    response = send(client, call, market)
    if role in OWNERS:
        assert response.status_code == call.ok, response.content[:300]
        return
    if role == "anonymous":
        if call.api:
            assert response.status_code == 401
        else:
            assert response.status_code == 302 and response.url.startswith(settings.LOGIN_URL)
    else:
        assert response.status_code == 404, response.content[:300]
    body = response.content.decode()
    assert market.product_a.title not in body and market.product_a2.title not in body
    assert snapshot() == before  # a refused write changes nothing


def test_matrix_covers_every_workspace_route():
    resolver = get_resolver()
    names = set()
    for prefix, namespace in (("seller/", "workspace"), ("api/seller/", "seller-api")):
        mounted_at, routes = resolver.namespace_dict[namespace]
        assert mounted_at == prefix
        names |= {f"{namespace}:{n}" for n in routes.reverse_dict if isinstance(n, str)}
    assert names == {c.name for c in CALLS} | GLOBAL_ROUTES | PUBLIC_ROUTES | ASSISTED_ROUTES


@pytest.mark.parametrize("name", sorted(PUBLIC_ROUTES))
def test_sign_up_routes_are_public_and_touch_no_shop(market, name):
    before = snapshot()
    response = APIClient().post(f"/api/seller/onboarding/{name.rsplit('-', 1)[1]}/", {}, format="json")
    assert response.status_code == 400  # asks for its fields, not for a login
    assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ASSISTED_ROUTES))
def test_assisted_sign_up_routes_are_for_community_helpers_only(market, role, name):
    before, applications = snapshot(), SellerApplication.objects.count()
    client = client_for(market, role, api=True)
    response = client.post(f"/api/seller/assisted/{name.rsplit('-', 1)[1]}/", {}, format="json")
    assert response.status_code == ASSISTED_ACCESS[role], response.content[:300]  # a helper: asked for its fields
    assert snapshot() == before and SellerApplication.objects.count() == applications


@pytest.mark.parametrize(
    "call",
    [
        Call(
            "workspace:product-update",
            "post",
            lambda m: f"/seller/{m.shop_b.pk}/products/{m.product_a.pk}/",
            lambda m: {"price": "1000", "num_in_stock": "50", "is_public": "on"},
        ),
        Call("workspace:order-detail", "get", lambda m: f"/seller/{m.shop_b.pk}/orders/{m.order_a.number}/"),
        Call("workspace:order-lookup", "get", lambda m: f"/seller/orders/{m.order_a.number}/"),
        Call(
            "workspace:order-delivery",
            "post",
            lambda m: f"/seller/{m.shop_b.pk}/orders/{m.order_a.number}/delivery/",
            lambda m: {"action": "confirm"},
        ),
    ],
    ids=str,
)
def test_seller_b_cannot_reach_a_through_its_own_shop_id(market, call):
    client = client_for(market, "seller_b", api=False)
    before = snapshot()
    assert send(client, call, market).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("buyer", 403),
        ("helper_revoked", 403),
        ("seller_a", "a"),
        ("helper_a", "a"),
        ("seller_b", "b"),
    ],
)
def test_workspace_home_sends_each_role_to_its_own_shop(market, role, expected):
    response = client_for(market, role, api=False).get("/seller/")
    if expected == "login":
        assert response.status_code == 302 and response.url.startswith(settings.LOGIN_URL)
    elif expected in ("a", "b"):
        shop = market.shop_a if expected == "a" else market.shop_b
        assert response.status_code == 302 and response.url == f"/seller/{shop.pk}/"
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "shops"),
    [("buyer", []), ("helper_revoked", []), ("seller_a", ["a"]), ("helper_a", ["a"]), ("seller_b", ["b"])],
)
def test_shops_endpoint_lists_only_the_users_shops(market, role, shops):
    response = client_for(market, role, api=True).get("/api/seller/shops/")
    assert response.status_code == 200
    expected = [{"a": market.shop_a, "b": market.shop_b}[s].pk for s in shops]
    assert [shop["id"] for shop in response.json()] == expected
    if role == "helper_a":
        assert response.json()[0]["role"] == "helper"


def test_shops_endpoint_needs_authentication(market):
    assert APIClient().get("/api/seller/shops/").status_code == 401


def test_token_is_given_to_sellers_and_helpers_only(market):
    client = APIClient()
    response = client.post("/api/seller/token/", {"username": "seller_a", "password": "pw-12345-long"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert [s["id"] for s in client.get("/api/seller/shops/").json()] == [market.shop_a.pk]
    assert client.delete("/api/seller/token/").status_code == 204
    assert client.get("/api/seller/shops/").status_code == 401  # revoked
    buyer = APIClient().post("/api/seller/token/", {"username": "buyer", "password": "pw-12345-long"}, format="json")
    assert buyer.status_code == 403
    revoked = APIClient().post(
        "/api/seller/token/", {"username": "helper_revoked", "password": "pw-12345-long"}, format="json"
    )
    assert revoked.status_code == 403
    wrong = APIClient().post("/api/seller/token/", {"username": "seller_a", "password": "guess"}, format="json")
    assert wrong.status_code == 400
    assert APIClient().delete("/api/seller/token/").status_code == 401


def test_a_signed_in_web_session_gets_a_token_for_the_app(market):
    client = APIClient(enforce_csrf_checks=False)
    client.force_login(market.users["helper_a"])
    response = client.post("/api/seller/token/", {}, format="json")
    assert response.status_code == 200 and len(response.json()["token"]) == 40


def test_dashboard_access_does_not_open_oscars_order_pages_to_a_seller(market, client):
    number = market.order_ab.number
    client.force_login(market.users["seller_b"])
    for url in (f"/dashboard/orders/{number}/", f"/dashboard/orders/{number}/shipping-address/", "/dashboard/orders/"):
        response = client.get(url, follow=True)
        assert response.redirect_chain, url
        assert resolve(response.request["PATH_INFO"]).namespace == "workspace", url
        assert market.product_a.title not in response.content.decode(), url
    line = market.order_ab.lines.get(partner=market.shop_a)
    response = client.get(f"/dashboard/orders/{number}/lines/{line.pk}/", follow=True)
    assert market.product_a.title not in response.content.decode()
    assert client.get("/dashboard/", follow=True).redirect_chain[-1][0] == f"/seller/{market.shop_b.pk}/"


def test_sellers_edit_stock_in_the_workspace_not_in_oscars_catalogue_dashboard(market, client):
    client.force_login(market.users["seller_a"])
    before = snapshot()
    for url in ("/dashboard/catalogue/", f"/dashboard/catalogue/products/{market.product_a.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url == "/seller/", url
    form = {"title": "x", "stockrecords-TOTAL_FORMS": "1", "stockrecords-0-num_in_stock": "0"}
    response = client.post(f"/dashboard/catalogue/products/{market.product_a.pk}/", form)
    assert response.status_code == 302 and response.url == "/seller/"
    assert snapshot() == before


def test_platform_staff_keep_oscars_dashboard(market, client):
    client.force_login(market.users["staff"])
    response = client.get(f"/dashboard/orders/{market.order_ab.number}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert market.product_a.title in html and market.product_b.title in html
    assert client.get(f"/dashboard/catalogue/products/{market.product_a.pk}/").status_code == 200
    assert client.get("/dashboard/").status_code == 200
