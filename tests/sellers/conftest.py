"""Fixtures for the onboarding stories: people with roles, a phone's SMS inbox, filled-in applications."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation

from marketplace.notifications.sms import console
from marketplace.sellers import otp, services
from marketplace.sellers.models import OtpPurpose, StaffProfile
from marketplace.sellers.roles import HELPER_GROUP
from tests.factories import commune

User = get_user_model()

SON_LA_COMMUNE = "03980"  # Phường Mộc Châu, Sơn La (province 14)
DAK_LAK_COMMUNE_NAME = "Phường Buôn Ma Thuột"  # Đắk Lắk (province 66)
VALID_CCCD = "014090001234"  # born in Sơn La (014), male born in the 1900s, 1990
VALID_TAX_CODE = "0100112437"  # a published 10-digit code with a correct check digit


@pytest.fixture(autouse=True)
def _clean_slate(settings):
    settings.ROOT_URLCONF = "tests.sellers.urls"
    settings.SMS_BACKEND = "console"
    cache.clear()
    console.clear_outbox()
    # Stories assert on the English source strings, whatever the compiled Vietnamese catalogue
    # holds today; SMS are still rendered in the site language (Vietnamese) by the services.
    with translation.override("en"):
        yield
    cache.clear()
    console.clear_outbox()


@pytest.fixture
def client(client, settings):
    """A browser that chose English (the language switcher's cookie), for the same reason."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


class Inbox:
    """What the console SMS backend 'delivered', read the way a farmer reads their phone."""

    def messages(self, phone):
        return [m.text for m in console.messages_to(phone)]

    def last_code(self, phone) -> str:
        texts = self.messages(phone)
        assert texts, f"no SMS was sent to {phone}"
        return re.search(r"\b(\d{6})\b", texts[-1]).group(1)


@pytest.fixture
def inbox():
    return Inbox()


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Run work queued for after commit (the SMS tasks) when the block ends, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def a_minute_passes(phone):
    """The 60-second gap between two codes to one number is over (the only wait these stories skip)."""
    cache.delete(otp._key("interval", phone))


def make_user(username, **extra):
    return User.objects.create_user(
        username=username, email=f"{username}@example.vn", password="pw-for-tests-1", **extra
    )


@pytest.fixture
def son_la_staff(db):
    user = make_user("canbo.sonla", first_name="Lò Văn Minh")
    StaffProfile.objects.create(user=user, province_id="14")
    return user


@pytest.fixture
def dak_lak_staff(db):
    user = make_user("canbo.daklak")
    StaffProfile.objects.create(user=user, province_id="66")
    return user


@pytest.fixture
def national_staff(db):
    user = make_user("canbo.trunguong")
    StaffProfile.objects.create(user=user, is_national=True)
    return user


@pytest.fixture
def helper(db):
    user = make_user("tocongnghe.mocchau", first_name="Hà Thị Lan")
    user.groups.add(Group.objects.get_or_create(name=HELPER_GROUP)[0])
    return user


def seller_form_data(**overrides) -> dict:
    """What a household posts on the details screen (and the onboarding API takes): Sơn La plums."""
    data = {
        "seller_type": "household",
        "display_name": "Mận hậu Bản Áng",
        "representative_name": "Giàng A Páo",
        "national_id": VALID_CCCD,
        "tax_code": "",
        "province": "14",
        "commune": SON_LA_COMMUNE,
        "address": "Bản Áng",
        "description": "Mận hậu sạch",
        "bank_bin": "970405",
        "bank_account_number": "7300205012345",
        "bank_account_holder": "Giàng A Páo",
    }
    data.update(overrides)
    return data


def household_details(**overrides) -> services.ApplicationDetails:
    values = {
        "seller_type": "household",
        "display_name": "Chè Shan tuyết nhà A Páo",
        "representative_name": "Giàng A Páo",
        "national_id": VALID_CCCD,
        "commune": commune(SON_LA_COMMUNE),
        "address": "Bản Áng",
        "bank_bin": "970405",
        "bank_account_number": "7300 2050 12345",
        "bank_account_holder": "Giàng A Páo",
    }
    values.update(overrides)
    return services.ApplicationDetails(**values)


@pytest.fixture
def verified_phone(db, inbox, after_commit):
    """Confirm a number by SMS code for self sign-up; returns the used PhoneVerification."""

    def confirm(phone="0987 654 321", purpose=OtpPurpose.REGISTER, requested_by=None):
        with after_commit():
            otp.send_code(phone=phone, purpose=purpose, requested_by=requested_by)
        e164 = otp.parse_phone(phone)
        return otp.verify_code(phone=e164, code=inbox.last_code(e164), purpose=purpose)

    return confirm


@pytest.fixture
def submitted_application(db, verified_phone):
    """A household in Sơn La that signed up by itself and waits for review."""

    def submit(phone="0987 654 321", **overrides):
        verification = verified_phone(phone)
        return services.submit_application(
            details=household_details(**overrides), phone=phone, verification=verification
        )

    return submit
