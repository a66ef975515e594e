"""A farmer signs up from the seller app: phone -> SMS code -> registration token -> application.

The same services as the web wizard; the code is read from the console SMS backend's outbox."""

import re
import time
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from marketplace.notifications.sms import console
from marketplace.sellers import otp
from marketplace.sellers.models import SellerApplication
from marketplace.sellers.roles import HELPER_GROUP
from marketplace.workspace import api_onboarding
from tests.factories import PartnerFactory
from tests.sellers.conftest import SON_LA_COMMUNE, VALID_CCCD
from tests.sellers.conftest import seller_form_data as details
from tests.workspace.conftest import jpeg_bytes, make_user

pytestmark = pytest.mark.django_db

PHONE = "+84987654321"


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    settings.SMS_BACKEND = "console"
    cache.clear()
    console.clear_outbox()
    yield
    cache.clear()
    console.clear_outbox()


@pytest.fixture
def app():
    client = APIClient()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages below are the English source strings
    return client


def last_code(phone):
    texts = [m.text for m in console.messages_to(phone)]
    assert texts, f"no SMS was sent to {phone}"
    return re.search(r"\b(\d{6})\b", texts[-1]).group(1)


def a_minute_passes(phone):
    cache.delete(otp._key("interval", phone))


@pytest.fixture
def registration_token(app, django_capture_on_commit_callbacks):
    def get(phone="0987 654 321"):
        with django_capture_on_commit_callbacks(execute=True):  # the SMS goes out after commit
            response = app.post("/api/seller/onboarding/code/", {"phone": phone}, format="json")
        assert response.status_code == 200, response.content
        e164 = response.json()["phone"]
        response = app.post("/api/seller/onboarding/verify/", {"phone": e164, "code": last_code(e164)}, format="json")
        assert response.status_code == 200, response.content
        return response.json()["registration_token"]

    return get


def test_a_farmer_signs_up_from_the_app_in_three_calls(app, registration_token):
    token = registration_token()
    response = app.post(
        "/api/seller/onboarding/applications/", {"registration_token": token, **details()}, format="json"
    )
    assert response.status_code == 201, response.content
    application = SellerApplication.objects.get()
    assert response.json() == {"id": application.pk, "phone": PHONE, "status": "submitted"}
    assert application.national_id == VALID_CCCD and application.commune_id == SON_LA_COMMUNE
    assert application.bank_account_holder == "GIANG A PAO" and application.registered_by is None
    assert application.phone_verification.verified_at is not None
    # The token's confirmation is used up: a second application with it is refused.
    again = app.post("/api/seller/onboarding/applications/", {"registration_token": token, **details()}, format="json")
    assert again.status_code == 400 and SellerApplication.objects.count() == 1


def test_an_invalid_cccd_is_refused_by_field_and_nothing_is_saved(app, registration_token):
    token = registration_token()
    response = app.post(
        "/api/seller/onboarding/applications/",
        {"registration_token": token, **details(national_id="999090001234", bank_account_number="12")},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"national_id", "bank_account_number"}  # every problem at once
    assert not SellerApplication.objects.exists()
    # Nothing was half-saved: the same token still works once the CCCD is corrected.
    fixed = app.post("/api/seller/onboarding/applications/", {"registration_token": token, **details()}, format="json")
    assert fixed.status_code == 201, fixed.content


def test_a_second_code_within_a_minute_answers_429_with_the_wait(app, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert app.post("/api/seller/onboarding/code/", {"phone": "0987654321"}, format="json").status_code == 200
    response = app.post("/api/seller/onboarding/code/", {"phone": "0987654321"}, format="json")
    assert response.status_code == 429
    assert "Please wait" in response.json()["detail"] and int(response["Retry-After"]) > 0
    assert len(console.messages_to(PHONE)) == 1
    a_minute_passes(PHONE)
    with django_capture_on_commit_callbacks(execute=True):
        assert app.post("/api/seller/onboarding/code/", {"phone": "0987654321"}, format="json").status_code == 200
    assert len(console.messages_to(PHONE)) == 2


def test_refusals_answer_400_with_the_services_message(app):
    PartnerFactory(phone=PHONE)
    taken = app.post("/api/seller/onboarding/code/", {"phone": "0987 654 321"}, format="json")
    assert taken.status_code == 400 and "already has a shop" in taken.json()["phone"][0]
    assert not console.messages_to(PHONE)  # no SMS spent on a taken number
    bad = app.post("/api/seller/onboarding/code/", {"phone": "12345"}, format="json")
    assert bad.status_code == 400 and bad.json()["phone"]
    no_code = app.post("/api/seller/onboarding/verify/", {"phone": "0912 345 678", "code": "123456"}, format="json")
    assert no_code.status_code == 400 and "No code was sent" in no_code.json()["code"][0]


def test_a_wrong_code_gives_no_token(app, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        app.post("/api/seller/onboarding/code/", {"phone": PHONE}, format="json")
    wrong = "000000" if last_code(PHONE) != "000000" else "111111"
    response = app.post("/api/seller/onboarding/verify/", {"phone": PHONE, "code": wrong}, format="json")
    assert response.status_code == 400 and "not correct" in response.json()["code"][0]
    assert "registration_token" not in response.json()


def test_a_forged_or_expired_token_is_refused(app, registration_token):
    token = registration_token()
    forged = signing.dumps({"phone": PHONE, "verification": 1}, salt="another-salt")
    for bad in (forged, token + "x", ""):
        response = app.post(
            "/api/seller/onboarding/applications/", {"registration_token": bad, **details()}, format="json"
        )
        assert response.status_code == 400 and response.json()["registration_token"]
    assert api_onboarding.TOKEN_MAX_AGE == 30 * 60
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 31 * 60):
        late = app.post(
            "/api/seller/onboarding/applications/", {"registration_token": token, **details()}, format="json"
        )
    assert late.status_code == 400 and "expired" in late.json()["registration_token"][0]
    assert not SellerApplication.objects.exists()


def test_sign_up_is_in_the_openapi_schema(app):
    schema = app.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for step in ("code", "verify", "applications"):
        assert "post" in schema["paths"][f"/api/seller/onboarding/{step}/"]


# --- a community helper registers a household ------------------------------------------------

HOUSEHOLD = "+84978123456"


@pytest.fixture
def helper_app(app):
    helper = make_user("tocongdong.banang")
    helper.groups.add(Group.objects.get_or_create(name=HELPER_GROUP)[0])
    app.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=helper).key}")
    app.user = helper
    return app


def send_consent_code(client, capture, phone="0978 123 456"):
    with capture(execute=True):  # the SMS goes out after commit
        response = client.post("/api/seller/assisted/code/", {"phone": phone}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["phone"]


def test_a_helper_registers_a_household_with_the_code_sent_to_its_phone(helper_app, django_capture_on_commit_callbacks):
    phone = send_consent_code(helper_app, django_capture_on_commit_callbacks)
    assert phone == HOUSEHOLD
    assert len(console.messages_to(HOUSEHOLD)) == 1
    payload = {"phone": "0978 123 456", "consent_method": "otp", "code": last_code(HOUSEHOLD), **details()}
    response = helper_app.post("/api/seller/assisted/applications/", payload, format="json")
    assert response.status_code == 201, response.content
    application = SellerApplication.objects.get()
    assert response.json() == {"id": application.pk, "phone": HOUSEHOLD, "status": "submitted", "consent_method": "otp"}
    assert (application.registered_by, application.consent_method) == (helper_app.user, "otp")
    assert application.phone_verification.purpose == "consent" and application.consent_at is not None
    # The code is used up: the same request again is refused.
    again = helper_app.post("/api/seller/assisted/applications/", payload, format="json")
    assert again.status_code == 400 and SellerApplication.objects.count() == 1


def test_a_helper_registers_a_household_with_a_photo_of_the_signed_form(helper_app):
    photo = SimpleUploadedFile("giay-dong-y.jpg", jpeg_bytes(), content_type="image/jpeg")
    payload = {"phone": "0978123456", "consent_method": "paper", "consent_document": photo, **details()}
    response = helper_app.post("/api/seller/assisted/applications/", payload, format="multipart")
    assert response.status_code == 201, response.content
    application = SellerApplication.objects.get()
    assert (application.consent_method, application.registered_by) == ("paper", helper_app.user)
    assert application.phone_verification is None and application.consent_document
    assert not console.messages_to(HOUSEHOLD)  # paper consent sends no SMS


def test_a_fake_consent_photo_or_none_is_refused_and_nothing_is_saved(helper_app):
    fake = SimpleUploadedFile("giay.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    payload = {"phone": "0978123456", "consent_method": "paper", "consent_document": fake, **details()}
    response = helper_app.post("/api/seller/assisted/applications/", payload, format="multipart")
    assert response.status_code == 400 and response.json()["consent_document"]
    missing = helper_app.post(
        "/api/seller/assisted/applications/",
        {"phone": "0978123456", "consent_method": "paper", **details()},
        format="json",
    )
    assert missing.status_code == 400 and missing.json()["consent_document"]
    assert not SellerApplication.objects.exists()


def test_an_invalid_cccd_from_a_helper_is_refused_and_the_code_stays_valid(
    helper_app, django_capture_on_commit_callbacks
):
    send_consent_code(helper_app, django_capture_on_commit_callbacks)
    code = last_code(HOUSEHOLD)
    payload = {"phone": HOUSEHOLD, "consent_method": "otp", "code": code, **details(national_id="999090001234")}
    response = helper_app.post("/api/seller/assisted/applications/", payload, format="json")
    assert response.status_code == 400 and response.json()["national_id"]
    assert not SellerApplication.objects.exists()
    # Nothing was half-saved: the household's code was not used up by the refused application.
    fixed = helper_app.post("/api/seller/assisted/applications/", {**payload, "national_id": VALID_CCCD}, format="json")
    assert fixed.status_code == 201, fixed.content


def test_the_helper_forms_report_every_missing_field(helper_app):
    response = helper_app.post("/api/seller/assisted/applications/", {"consent_method": "otp"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) >= {"phone", "code", "display_name", "commune", "bank_bin"}
    wrong = helper_app.post(
        "/api/seller/assisted/applications/",
        {"phone": HOUSEHOLD, "consent_method": "otp", "code": "123456", **details()},
        format="json",
    )
    assert wrong.status_code == 400 and "No code was sent" in wrong.json()["code"][0]
    assert not SellerApplication.objects.exists()


def test_only_community_helpers_register_households(app, django_capture_on_commit_callbacks):
    assert app.post("/api/seller/assisted/code/", {"phone": HOUSEHOLD}, format="json").status_code == 401
    seller = make_user("nguoiban")
    app.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=seller).key}")
    with django_capture_on_commit_callbacks(execute=True):
        code = app.post("/api/seller/assisted/code/", {"phone": HOUSEHOLD}, format="json")
    assert code.status_code == 403 and "community helpers" in code.json()["detail"]
    photo = SimpleUploadedFile("giay.jpg", jpeg_bytes(), content_type="image/jpeg")
    payload = {"phone": HOUSEHOLD, "consent_method": "paper", "consent_document": photo, **details()}
    assert app.post("/api/seller/assisted/applications/", payload, format="multipart").status_code == 403
    assert not console.messages_to(HOUSEHOLD) and not SellerApplication.objects.exists()


def test_helper_sign_up_is_in_the_openapi_schema(app):
    schema = app.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for step in ("code", "applications"):
        assert "post" in schema["paths"][f"/api/seller/assisted/{step}/"]
