"""A farmer opens a shop with a phone number; bad or duplicate details are refused and nothing is half-saved."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from marketplace.sellers import services
from marketplace.sellers.errors import DuplicatePhone, NotVerified
from marketplace.sellers.models import PhoneVerification, SellerApplication
from tests.factories import PartnerFactory, commune

from .conftest import SON_LA_COMMUNE, VALID_CCCD, VALID_TAX_CODE, household_details
from .conftest import seller_form_data as details_form

pytestmark = pytest.mark.django_db

PHONE = "+84987654321"


def test_farmer_signs_up_by_phone_in_three_screens(client, inbox, after_commit):
    assert client.get(reverse("sellers:register")).status_code == 200
    with after_commit():
        response = client.post(reverse("sellers:register"), {"phone": "0987 654 321"})
    assert response.url == reverse("sellers:register-code")

    response = client.post(reverse("sellers:register-code"), {"code": inbox.last_code(PHONE)})
    assert response.url == reverse("sellers:register-details")

    response = client.post(reverse("sellers:register-details"), details_form())
    assert response.status_code == 302 and response.url == reverse("sellers:register-done")

    application = SellerApplication.objects.get()
    assert (application.phone, application.status, application.registered_by) == (PHONE, "submitted", None)
    assert application.national_id == VALID_CCCD and application.commune_id == SON_LA_COMMUNE
    assert application.bank_account_holder == "GIANG A PAO"
    assert application.phone_verification.verified_at is not None


def test_the_details_screen_is_closed_until_the_phone_is_confirmed(client, after_commit):
    assert client.get(reverse("sellers:register-details")).url == reverse("sellers:register")
    with after_commit():
        client.post(reverse("sellers:register"), {"phone": "0987 654 321"})
    assert client.post(reverse("sellers:register-details"), details_form()).url == reverse("sellers:register")
    assert not SellerApplication.objects.exists()


def test_a_wrong_code_on_screen_two_says_how_many_tries_are_left(client, inbox, after_commit):
    with after_commit():
        client.post(reverse("sellers:register"), {"phone": "0987 654 321"})
    wrong = f"{(int(inbox.last_code(PHONE)) + 1) % 10**6:06d}"
    response = client.post(reverse("sellers:register-code"), {"code": wrong})
    assert response.status_code == 200
    assert "4 more tries" in response.content.decode()


def test_communes_are_narrowed_to_the_chosen_province(client):
    communes = client.get(reverse("sellers:communes"), {"province": "14"}).json()["communes"]
    assert SON_LA_COMMUNE in {c["code"] for c in communes}
    assert all(commune(c["code"]).province_id == "14" for c in communes[:20])


def test_a_commune_of_another_province_is_refused(client, verified_phone):
    verified_phone()
    session = client.session
    session["sellers_registration"] = {
        "phone": PHONE,
        "consent_method": "",
        "verification_id": PhoneVerification.objects.get().pk,
    }
    session.save()
    buon_ma_thuot = commune_code("66")
    response = client.post(reverse("sellers:register-details"), details_form(commune=buon_ma_thuot))
    assert response.status_code == 200 and "commune" in response.context["form"].errors
    assert not SellerApplication.objects.exists()


def commune_code(province):
    from marketplace.regions.models import Commune

    return Commune.objects.filter(province_id=province).values_list("code", flat=True).first()


def test_an_invalid_cccd_is_shown_next_to_the_field_and_nothing_is_saved(client, verified_phone):
    verification = verified_phone()
    session = client.session
    session["sellers_registration"] = {"phone": PHONE, "consent_method": "", "verification_id": verification.pk}
    session.save()
    response = client.post(reverse("sellers:register-details"), details_form(national_id="099090001234"))
    assert response.status_code == 200
    assert "province code" in " ".join(response.context["form"].errors["national_id"])
    assert not SellerApplication.objects.exists()
    # The confirmed phone is still good for the corrected form.
    response = client.post(reverse("sellers:register-details"), details_form())
    assert response.status_code == 302 and SellerApplication.objects.count() == 1


def test_a_cooperative_needs_a_tax_code_with_a_valid_check_digit(verified_phone):
    verification = verified_phone()
    cooperative = household_details(seller_type="cooperative", national_id="", tax_code="0100112438")
    with pytest.raises(ValidationError) as refused:
        services.submit_application(details=cooperative, phone=PHONE, verification=verification)
    assert "tax_code" in refused.value.error_dict
    application = services.submit_application(
        details=household_details(seller_type="cooperative", national_id="", tax_code=VALID_TAX_CODE),
        phone=PHONE,
        verification=verification,
    )
    assert application.tax_code == VALID_TAX_CODE


def test_every_bad_field_is_reported_at_once(verified_phone):
    bad = household_details(national_id="123", bank_bin="000000", bank_account_number="12", bank_account_holder="1")
    with pytest.raises(ValidationError) as refused:
        services.submit_application(details=bad, phone=PHONE, verification=verified_phone())
    assert set(refused.value.error_dict) == {"national_id", "bank_bin", "bank_account_number", "bank_account_holder"}


def test_a_phone_with_an_open_application_is_refused_before_any_sms(submitted_application, inbox, client):
    submitted_application()
    sent_before = len(inbox.messages(PHONE))
    with pytest.raises(DuplicatePhone):
        services.begin_registration(phone="0987654321")
    response = client.post(reverse("sellers:register"), {"phone": "+84 987 654 321"})
    assert "already has a shop or an application" in response.content.decode()
    assert len(inbox.messages(PHONE)) == sent_before


def test_a_phone_that_already_has_a_shop_is_refused(db):
    PartnerFactory(phone="0987654321")  # stored in the national form by an older import
    with pytest.raises(DuplicatePhone):
        services.begin_registration(phone="+84987654321")


def test_a_duplicate_that_appears_while_the_form_is_filled_in_is_still_refused(verified_phone):
    verification = verified_phone()
    PartnerFactory(phone=PHONE)
    with pytest.raises(DuplicatePhone):
        services.submit_application(details=household_details(), phone=PHONE, verification=verification)
    assert not SellerApplication.objects.exists()


def test_an_application_needs_a_fresh_confirmation_of_that_very_phone(verified_phone):
    with pytest.raises(NotVerified):
        services.submit_application(details=household_details(), phone=PHONE, verification=None)
    other = verified_phone("0912 111 222")
    with pytest.raises(NotVerified):
        services.submit_application(details=household_details(), phone=PHONE, verification=other)
    stale = verified_phone()
    PhoneVerification.objects.filter(pk=stale.pk).update(verified_at=timezone.now() - timedelta(minutes=31))
    stale.refresh_from_db()
    with pytest.raises(NotVerified, match="too long ago"):
        services.submit_application(details=household_details(), phone=PHONE, verification=stale)
    assert not SellerApplication.objects.exists()


def test_one_confirmation_opens_one_application(submitted_application, son_la_staff):
    from marketplace.sellers.moderation import reject_application

    application = submitted_application()
    reject_application(application=application, staff=son_la_staff, reason="Ảnh CCCD mờ")
    with pytest.raises(NotVerified, match="already used"):
        services.submit_application(
            details=household_details(), phone=PHONE, verification=application.phone_verification
        )
