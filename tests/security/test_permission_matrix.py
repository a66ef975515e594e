"""The cross-app permission matrix: every seller, helper and staff page and lot API endpoint of
/sellers/, /staff/certificates/, /trace/manage/ and /api/trace/, read and write, with every role.

Who gets through (read from the code, `marketplace/sellers/roles.py` and the selectors):

- a shop's pages and its lots (/sellers/shop/<A>/, /trace/manage/…, /api/trace/…): A's seller
  and A's helper with an active assignment;
- the shop's audit trail and revoking a helper (/sellers/shop/<A>/audit/, …/revoke/): A's own
  seller and the staff who cover A's province (Sơn La and national) —
  `selectors.shop_for_owner_or_staff` and `accounts.may_revoke`. A helper, even an active one,
  can neither read the trail of its own actions nor revoke anyone;
- moderation and OCOP certificates: staff of Sơn La and national staff.

Everybody else gets 404 (as if the thing did not exist) or 403, an anonymous visitor a login
redirect (pages) or 401 (API). Listing pages that are scoped to the caller answer 200 with the
caller's own, empty, list (noted per route as `scoped`); they must not show anything of A's.
A refused write leaves the database exactly as it was; an allowed one changes it (so the posted
data is plausible and the "refused" outcome is not an artefact of bad input).
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from oscar.core.loading import get_model
from PIL import Image
from rest_framework.test import APIClient

from catalog.models import OcopCertificate
from catalog.traceability.models import Lot, LotCertification, TraceEvent
from marketplace.sellers.models import AuditEntry, HelperAssignment, SellerApplication

from .conftest import ROLES

Partner = get_model("partner", "Partner")

pytestmark = pytest.mark.django_db

SELLER_A = frozenset({"seller_a", "helper_a"})
OWNER_OR_PROVINCE_STAFF = frozenset({"seller_a", "staff_son_la", "staff_national"})
PROVINCE_STAFF = frozenset({"staff_son_la", "staff_national"})
OTHER_STAFF = frozenset({"staff_dak_lak"})
NOT_ANONYMOUS = frozenset(ROLES) - {"anonymous"}


@dataclass(frozen=True)
class Call:
    name: str  # "namespace:url-name"; the coverage test checks every route is here or in PUBLIC_ROUTES
    method: str
    url: Callable
    allowed: frozenset
    data: Callable = field(default=lambda w: None)
    ok: int = 200
    api: bool = False
    # Roles that are refused A's objects but get 200 with their own (empty) scoped list or form.
    scoped: frozenset = frozenset()
    # Where an anonymous page visitor is sent to log in (sellers' pages use the phone login).
    login_url: str = settings.LOGIN_URL
    # How a refusal answers: 404 (or 403) for another's object; a form field limited to the
    # caller's own objects answers 400 for another's id exactly as for an id that does not exist.
    refused: tuple = (403, 404)

    @property
    def writes(self):
        return self.method != "get"

    def __str__(self):
        return f"{self.method.upper()} {self.name}"


def yesterday_at_ten(w):
    return f"{(w.today - datetime.timedelta(days=1)).isoformat()}T10:00"


def lot_form(w):
    return {"product": w.product_a.pk, "harvest_date": (w.today - datetime.timedelta(days=3)).isoformat()}


def event_form(w):
    return {"event_type": "process", "occurred_at": yesterday_at_ten(w), "note": "Sao chè"}


def certification_form(w):
    return {
        "scheme": "vietgap",
        "certificate_number": "VG-0099",
        "issuer": "VietCert",
        "valid_from": (w.today - datetime.timedelta(days=30)).isoformat(),
        "valid_until": (w.today + datetime.timedelta(days=300)).isoformat(),
    }


SELLERS_LOGIN = "/sellers/login/"

CALLS = [
    # --- /sellers/: the shop, its audit trail, its helpers ---------------------------------------
    Call("sellers:shop", "get", lambda w: f"/sellers/shop/{w.shop_a.pk}/", SELLER_A, login_url=SELLERS_LOGIN),
    Call(
        "sellers:shop-audit",
        "get",
        lambda w: f"/sellers/shop/{w.shop_a.pk}/audit/",
        OWNER_OR_PROVINCE_STAFF,
        login_url=SELLERS_LOGIN,
    ),
    Call(
        "sellers:revoke-helper",
        "post",
        lambda w: f"/sellers/shop/{w.shop_a.pk}/helpers/{w.helper_assignment.pk}/revoke/",
        OWNER_OR_PROVINCE_STAFF,
        ok=302,
        login_url=SELLERS_LOGIN,
    ),
    # --- /sellers/moderation/ ----------------------------------------------------------------------
    # The queue: 403 for non-staff; Đắk Lắk's staff see their own (empty) queue.
    Call("sellers:moderation", "get", lambda w: "/sellers/moderation/", PROVINCE_STAFF, scoped=OTHER_STAFF),
    Call("sellers:moderation-detail", "get", lambda w: f"/sellers/moderation/{w.application.pk}/", PROVINCE_STAFF),
    Call(
        "sellers:moderation-approve",
        "post",
        lambda w: f"/sellers/moderation/{w.application.pk}/approve/",
        PROVINCE_STAFF,
        ok=302,
    ),
    Call(
        "sellers:moderation-reject",
        "post",
        lambda w: f"/sellers/moderation/{w.application.pk}/reject/",
        PROVINCE_STAFF,
        data=lambda w: {"reason": "Số CCCD không khớp với ảnh chụp."},
        ok=302,
    ),
    Call(
        "sellers:consent-document",
        "get",
        lambda w: f"/sellers/moderation/{w.application.pk}/consent-form/",
        PROVINCE_STAFF,
    ),
    # --- /staff/certificates/ ----------------------------------------------------------------------
    Call("certificates-staff:queue", "get", lambda w: "/staff/certificates/", PROVINCE_STAFF, scoped=OTHER_STAFF),
    Call("certificates-staff:detail", "get", lambda w: f"/staff/certificates/{w.pending_cert.pk}/", PROVINCE_STAFF),
    Call(
        "certificates-staff:verify",
        "post",
        lambda w: f"/staff/certificates/{w.pending_cert.pk}/verify/",
        PROVINCE_STAFF,
        ok=302,
    ),
    Call(
        "certificates-staff:reject",
        "post",
        lambda w: f"/staff/certificates/{w.pending_cert.pk}/reject/",
        PROVINCE_STAFF,
        data=lambda w: {"note": "Ảnh chụp mờ, không đọc được số quyết định."},
        ok=302,
    ),
    Call(
        "certificates-staff:revoke",
        "post",
        lambda w: f"/staff/certificates/{w.verified_cert.pk}/revoke/",
        PROVINCE_STAFF,
        data=lambda w: {"reason": "Hội đồng tỉnh thu hồi quyết định."},
        ok=302,
    ),
    # --- /trace/manage/ ----------------------------------------------------------------------------
    Call("traceability:manage-lots", "get", lambda w: "/trace/manage/", SELLER_A, scoped=frozenset({"seller_b"})),
    Call(
        "traceability:manage-lot-create",
        "get",
        lambda w: "/trace/manage/new/",
        SELLER_A,
        scoped=frozenset({"seller_b"}),
    ),
    # Seller B may open the form, but A's product is not a choice: the form is shown again (200).
    Call(
        "traceability:manage-lot-create",
        "post",
        lambda w: "/trace/manage/new/",
        SELLER_A,
        data=lot_form,
        ok=302,
        scoped=frozenset({"seller_b"}),
    ),
    Call("traceability:manage-lot", "get", lambda w: f"/trace/manage/{w.draft_lot.code}/", SELLER_A),
    Call(
        "traceability:manage-event-add",
        "post",
        lambda w: f"/trace/manage/{w.draft_lot.code}/events/",
        SELLER_A,
        data=event_form,
        ok=302,
    ),
    Call(
        "traceability:manage-certification-add",
        "post",
        lambda w: f"/trace/manage/{w.draft_lot.code}/certifications/",
        SELLER_A,
        data=certification_form,
        ok=302,
    ),
    Call(
        "traceability:manage-lot-publish",
        "post",
        lambda w: f"/trace/manage/{w.draft_lot.code}/publish/",
        SELLER_A,
        ok=302,
    ),
    Call(
        "traceability:manage-lot-recall",
        "post",
        lambda w: f"/trace/manage/{w.published_lot.code}/recall/",
        SELLER_A,
        data=lambda w: {"reason": "Phát hiện độ ẩm vượt ngưỡng."},
        ok=302,
    ),
    # --- /api/trace/ -------------------------------------------------------------------------------
    # The list is scoped to the caller: any signed-in user gets 200 with their own lots (none here).
    Call(
        "api-trace-lots",
        "get",
        lambda w: "/api/trace/lots/",
        SELLER_A,
        api=True,
        scoped=NOT_ANONYMOUS - SELLER_A,
    ),
    Call(
        "api-trace-lots",
        "post",
        lambda w: "/api/trace/lots/",
        SELLER_A,
        data=lot_form,
        ok=201,
        api=True,
        refused=(400,),
    ),
    Call("api-trace-lot", "get", lambda w: f"/api/trace/lots/{w.draft_lot.code}/", SELLER_A, api=True),
    Call(
        "api-trace-lot-events",
        "post",
        lambda w: f"/api/trace/lots/{w.draft_lot.code}/events/",
        SELLER_A,
        data=lambda w: {**event_form(w), "occurred_at": yesterday_at_ten(w) + ":00+07:00"},
        ok=201,
        api=True,
    ),
    Call(
        "api-trace-lot-certifications",
        "post",
        lambda w: f"/api/trace/lots/{w.draft_lot.code}/certifications/",
        SELLER_A,
        data=certification_form,
        ok=201,
        api=True,
    ),
    Call("api-trace-lot-publish", "post", lambda w: f"/api/trace/lots/{w.draft_lot.code}/publish/", SELLER_A, api=True),
    Call(
        "api-trace-lot-recall",
        "post",
        lambda w: f"/api/trace/lots/{w.published_lot.code}/recall/",
        SELLER_A,
        data=lambda w: {"reason": "Phát hiện độ ẩm vượt ngưỡng."},
        api=True,
    ),
]

# Routes of the four modules that are not about one shop's, province's or lot's objects; each has
# its own tests below.
PUBLIC_ROUTES = {
    # sign-up and phone login: open to everyone by design
    "sellers:register",
    "sellers:register-code",
    "sellers:register-details",
    "sellers:register-done",
    "sellers:communes",
    "sellers:login",
    "sellers:login-code",
    "sellers:my-shops",  # the caller's own shops: test_my_shops_lists_only_the_callers_shops
    "sellers:dev-sms-outbox",  # DEBUG only: test_sms_outbox_is_closed_outside_debug
    # the public trace page and QR: test_public_trace_pages_show_published_lots_only
    "traceability:trace",
    "traceability:qr-png",
    "traceability:qr-svg",
    "traceability:trace-any-case",
}


def client_for(world, role, api):
    client = APIClient() if api else Client()
    if role == "anonymous":
        return client
    if api:
        client.credentials(HTTP_AUTHORIZATION=f"Token {world.token(role)}")
    else:
        client.force_login(world.users[role])
    return client


def send(client, call, world):
    data = call.data(world)
    if call.api:
        return getattr(client, call.method)(call.url(world), data, format="json")
    return getattr(client, call.method)(call.url(world), data or {})


def snapshot():
    """Every row a refused write could touch."""
    return {
        "applications": list(SellerApplication.objects.order_by("pk").values_list("pk", "status", "partner_id")),
        "partners": Partner.objects.count(),
        "assignments": list(HelperAssignment.objects.order_by("pk").values_list("pk", "revoked_at")),
        "certificates": list(
            OcopCertificate.objects.order_by("pk").values_list("pk", "verification", "revoked_at", "rejection_note")
        ),
        "lots": list(Lot.objects.order_by("pk").values_list("pk", "status", "recalled_at")),
        "events": TraceEvent.objects.count(),
        "certifications": LotCertification.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("call", CALLS, ids=str)
def test_only_the_right_roles_reach_shop_a_and_son_la(world, role, call):
    client = client_for(world, role, call.api)
    before = snapshot()
    response = send(client, call, world)
    if role in call.allowed:
        assert response.status_code == call.ok, response.content[:400]
        if call.writes:
            assert snapshot() != before, "an allowed write changed nothing: is the posted data plausible?"
        return

    if role == "anonymous":
        if call.api:
            assert response.status_code == 401
        else:
            assert response.status_code == 302, response.status_code
            assert response.url.startswith(call.login_url), response.url
    elif role in call.scoped:
        assert response.status_code == 200, response.content[:400]
    else:
        assert response.status_code in call.refused, (response.status_code, response.content[:400])
    if not getattr(response, "streaming", False):
        body = response.content.decode(errors="replace")
        leaked = [s for s in world.secrets if s in body]
        assert not leaked, f"{role} saw {leaked}"
    assert snapshot() == before  # a refused write changes nothing


def _route_names(patterns, namespace):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _route_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_matrix_covers_every_route_of_the_four_url_modules():
    """A new route in any of these modules fails here until it is added to the matrix."""
    mounts = {
        "sellers/": "marketplace.sellers.urls",
        "staff/certificates/": "catalog.staff_urls",
        "trace/": "catalog.traceability.urls",
        "api/trace/": "catalog.traceability.api_urls",
    }
    found = set()
    for resolver in get_resolver().url_patterns:
        if not isinstance(resolver, URLResolver):
            continue
        module = getattr(resolver.urlconf_module, "__name__", None)
        if module in mounts.values():
            assert str(resolver.pattern) == next(p for p, m in mounts.items() if m == module)
            found.add(module)
            names = set(_route_names(resolver.url_patterns, resolver.namespace))
            unnamed = [p for p in resolver.url_patterns if isinstance(p, URLPattern) and not p.name]
            assert not unnamed, f"unnamed routes in {module}: {unnamed}"
            missing = names - {c.name for c in CALLS} - PUBLIC_ROUTES
            assert not missing, f"routes of {module} missing from the permission matrix: {sorted(missing)}"
    assert found == set(mounts.values())
    # ...and the matrix walks reads and writes of every route that accepts both.
    assert {c.name for c in CALLS if c.writes} >= {
        "sellers:revoke-helper",
        "sellers:moderation-approve",
        "sellers:moderation-reject",
        "certificates-staff:verify",
        "certificates-staff:reject",
        "certificates-staff:revoke",
        "traceability:manage-lot-create",
        "api-trace-lots",
    }


def test_lot_api_does_not_confirm_that_another_sellers_hidden_product_exists(world):
    client = client_for(world, "seller_b", api=True)
    world.product_a.is_public = False
    world.product_a.save()
    theirs = client.post("/api/trace/lots/", {"product": world.product_a.pk}, format="json")
    missing = client.post("/api/trace/lots/", {"product": world.product_a.pk + 10_000}, format="json")
    assert theirs.status_code == missing.status_code == 400


# --- the routes outside the matrix -----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_my_shops_lists_only_the_callers_shops(world, role):
    response = client_for(world, role, api=False).get("/sellers/shop/")
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(SELLERS_LOGIN)
        return
    assert response.status_code == 200
    body = response.content.decode()
    assert (world.shop_a.name in body) == (role in SELLER_A)
    assert (world.shop_b.name in body) == (role == "seller_b")


@pytest.mark.parametrize("role", ["anonymous", "buyer", "staff_national"])
def test_sms_outbox_is_closed_outside_debug(world, role):
    assert not settings.DEBUG
    assert client_for(world, role, api=False).get("/sellers/dev/sms-outbox/").status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "seller_a", "staff_national"])
def test_public_trace_pages_show_published_lots_only(world, role):
    client = client_for(world, role, api=False)
    code = world.published_lot.code
    page = client.get(f"/trace/{code}/")
    assert page.status_code == 200 and world.shop_a.name in page.content.decode()
    assert world.shop_a.phone not in page.content.decode()
    png = client.get(f"/trace/{code}/qr.png")
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(png.content)).format == "PNG"
    assert client.get(f"/trace/{code}/qr.svg").status_code == 200
    assert client.get(f"/trace/{code.lower()}/").url == f"/trace/{code}/"
    # A draft does not exist for anybody on the public side, not even its own seller.
    draft = world.draft_lot.code
    for url in (f"/trace/{draft}/", f"/trace/{draft}/qr.png", f"/trace/{draft}/qr.svg"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/trace/{draft.lower()}/", follow=True).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "buyer", "seller_b", "helper_a"])
def test_public_sign_up_and_login_pages_open_for_everyone(world, role):
    client = client_for(world, role, api=False)
    for url in ("/sellers/register/", "/sellers/login/", "/sellers/register/done/"):
        assert client.get(url).status_code == 200, url
    # Without a started sign-up or login, the next steps send back to the first one.
    for url, first in (
        ("/sellers/register/code/", "/sellers/register/"),
        ("/sellers/register/details/", "/sellers/register/"),
        ("/sellers/login/code/", "/sellers/login/"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url == first, url
    communes = client.get("/sellers/communes/?province=14").json()["communes"]
    assert any(c["code"] == "03980" for c in communes)


# --- a second seller through its own ids -----------------------------------------------------------


@pytest.mark.parametrize("role", ["seller_b", "staff_dak_lak", "helper_a"])
def test_revoke_through_the_wrong_shop_id_is_refused(world, role):
    """A's helper assignment posted under B's shop id: B's seller is B's owner, Đắk Lắk's staff
    cover B's province, but the assignment is not B's."""
    client = client_for(world, role, api=False)
    before = snapshot()
    response = client.post(f"/sellers/shop/{world.shop_b.pk}/helpers/{world.helper_assignment.pk}/revoke/")
    assert response.status_code == 404
    assert snapshot() == before


def test_api_lot_create_for_another_sellers_product_is_refused(world):
    client = client_for(world, "seller_b", api=True)
    before = snapshot()
    response = client.post("/api/trace/lots/", lot_form(world), format="json")
    assert response.status_code == 400  # A's product is not a valid choice for B, as if it did not exist
    assert snapshot() == before
