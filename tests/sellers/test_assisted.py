"""A community helper registers a household with its consent; the household sees what the helper did and can end it."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from marketplace.sellers import accounts, moderation, services
from marketplace.sellers.errors import NotVerified
from marketplace.sellers.models import AuditEntry, HelperAssignment, OtpPurpose, SellerApplication
from marketplace.sellers.roles import HELPER_GROUP, managed_partners
from tests.factories import PartnerFactory

from .conftest import SON_LA_COMMUNE, VALID_CCCD, household_details, make_user

pytestmark = pytest.mark.django_db

Partner = get_model("partner", "Partner")
HOUSEHOLD = "+84978123456"


def details_form(**extra):
    return {
        "seller_type": "household",
        "display_name": "Gạo nếp Tú Lệ nhà Lò Thị Hoa",
        "representative_name": "Lò Thị Hoa",
        "national_id": VALID_CCCD,
        "province": "14",
        "commune": SON_LA_COMMUNE,
        "bank_bin": "970405",
        "bank_account_number": "7300205099999",
        "bank_account_holder": "Lò Thị Hoa",
        **extra,
    }


def signed_form_photo():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 160), "white").save(buffer, "JPEG")
    return SimpleUploadedFile("giay-dong-y.jpg", buffer.getvalue(), "image/jpeg")


def test_helper_registers_a_household_with_the_code_sent_to_its_phone(
    client, helper, son_la_staff, inbox, after_commit
):
    client.force_login(helper)
    assert "household" in client.get(reverse("sellers:register")).content.decode()
    with after_commit():
        response = client.post(reverse("sellers:register"), {"phone": "0978 123 456", "consent_method": "otp"})
    assert response.url == reverse("sellers:register-code")
    sms = inbox.messages(HOUSEHOLD)[-1]
    assert "Hà Thị Lan" in sms  # the household learns who is registering for them

    client.post(reverse("sellers:register-code"), {"code": inbox.last_code(HOUSEHOLD)})
    response = client.post(reverse("sellers:register-details"), details_form())
    assert response.url == reverse("sellers:my-shops")

    application = SellerApplication.objects.get()
    assert (application.registered_by, application.consent_method) == (helper, "otp")
    assert application.consent_at == application.phone_verification.verified_at
    assert "Gạo nếp Tú Lệ" in client.get(reverse("sellers:my-shops")).content.decode()

    partner = moderation.approve_application(application=application, staff=son_la_staff)
    assignment = HelperAssignment.objects.get(partner=partner)
    assert (assignment.helper, assignment.consent_method, assignment.consent_recorded_by) == (helper, "otp", helper)
    assert assignment.consent_at == application.consent_at and assignment.is_active
    assert partner in managed_partners(helper)
    assert client.get(reverse("sellers:shop", args=[partner.pk])).status_code == 200
    assert AuditEntry.objects.filter(partner=partner, actor=helper, action="shop.registered").exists()


def test_helper_registers_a_household_with_a_photo_of_the_signed_form(
    client, helper, son_la_staff, dak_lak_staff, inbox
):
    client.force_login(helper)
    response = client.post(reverse("sellers:register"), {"phone": "0978 123 456", "consent_method": "paper"})
    assert response.url == reverse("sellers:register-details")
    assert inbox.messages(HOUSEHOLD) == []  # no code: the signature is the consent

    response = client.post(reverse("sellers:register-details"), details_form(consent_document=signed_form_photo()))
    assert response.status_code == 302, response.context["form"].errors
    application = SellerApplication.objects.get()
    assert (application.consent_method, application.registered_by, application.phone_verification) == (
        "paper",
        helper,
        None,
    )
    assert application.consent_document.name.startswith("private/consent/") and application.consent_at

    # Staff of the province read the signed form; other provinces cannot.
    client.force_login(son_la_staff)
    assert client.get(reverse("sellers:consent-document", args=[application.pk])).status_code == 200
    client.force_login(dak_lak_staff)
    assert client.get(reverse("sellers:consent-document", args=[application.pk])).status_code == 404

    partner = moderation.approve_application(application=application, staff=son_la_staff)
    assignment = HelperAssignment.objects.get(partner=partner)
    assert (assignment.consent_method, assignment.consent_document.name) == ("paper", application.consent_document.name)


def test_a_fake_consent_photo_is_refused_and_nothing_is_saved(client, helper):
    client.force_login(helper)
    client.post(reverse("sellers:register"), {"phone": "0978 123 456", "consent_method": "paper"})
    fake = SimpleUploadedFile("giay-dong-y.jpg", b"%PDF-1.7 this is a PDF renamed to jpg", "image/jpeg")
    response = client.post(reverse("sellers:register-details"), details_form(consent_document=fake))
    assert response.status_code == 200
    assert "Upload a photo" in response.content.decode()
    assert not SellerApplication.objects.exists()


def test_a_consent_code_asked_for_by_one_helper_cannot_be_used_by_another(helper, verified_phone):
    verification = verified_phone("0978 123 456", purpose=OtpPurpose.CONSENT, requested_by=helper)
    other_helper = make_user("tocongnghe.khac")
    other_helper.groups.add(helper.groups.get(name=HELPER_GROUP))
    with pytest.raises(NotVerified):
        services.submit_application(
            details=household_details(),
            phone=HOUSEHOLD,
            verification=verification,
            registered_by=other_helper,
            consent_method="otp",
        )
    assert not SellerApplication.objects.exists()


def test_only_community_helpers_register_shops_for_others(db):
    stranger = make_user("nguoi.la")
    with pytest.raises(PermissionDenied):
        services.begin_registration(phone=HOUSEHOLD, registered_by=stranger, consent_method="paper")


@pytest.fixture
def assisted_shop(helper, son_la_staff):
    """A household registered by the helper with a paper form and approved by Sơn La."""
    application = services.submit_application(
        details=household_details(),
        phone=HOUSEHOLD,
        registered_by=helper,
        consent_method="paper",
        consent_document=signed_form_photo(),
    )
    return moderation.approve_application(application=application, staff=son_la_staff)


def test_household_reads_its_audit_trail_and_revokes_the_helper(client, helper, assisted_shop):
    partner = assisted_shop
    household = partner.users.get()
    assignment = HelperAssignment.objects.get(partner=partner)

    client.force_login(helper)
    assert client.get(reverse("sellers:shop", args=[partner.pk])).status_code == 200

    client.force_login(household)
    trail = client.get(reverse("sellers:shop-audit", args=[partner.pk])).content.decode()
    assert "Hà Thị Lan" in trail and "Shop registered by a helper" in trail

    response = client.post(reverse("sellers:revoke-helper", args=[partner.pk, assignment.pk]))
    assert response.url == reverse("sellers:shop-audit", args=[partner.pk])
    assignment.refresh_from_db()
    assert assignment.revoked_by == household and assignment.revoked_at is not None
    assert AuditEntry.objects.filter(partner=partner, actor=household, action="helper.revoked").exists()

    client.force_login(helper)
    assert partner not in managed_partners(helper)
    assert client.get(reverse("sellers:shop", args=[partner.pk])).status_code == 404
    assert client.get(reverse("sellers:shop-audit", args=[partner.pk])).status_code == 404
    assert client.post(reverse("sellers:revoke-helper", args=[partner.pk, assignment.pk])).status_code == 404


def test_another_seller_cannot_read_the_trail_or_remove_the_helper(client, assisted_shop):
    neighbour = make_user("+84911222333")
    PartnerFactory(phone="+84911222333").users.add(neighbour)
    assignment = HelperAssignment.objects.get(partner=assisted_shop)
    client.force_login(neighbour)
    assert client.get(reverse("sellers:shop", args=[assisted_shop.pk])).status_code == 404
    assert client.get(reverse("sellers:shop-audit", args=[assisted_shop.pk])).status_code == 404
    assert client.post(reverse("sellers:revoke-helper", args=[assisted_shop.pk, assignment.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        accounts.revoke_helper(assignment=assignment, by=neighbour)
    assignment.refresh_from_db()
    assert assignment.is_active


def test_revoking_twice_changes_nothing_more(assisted_shop):
    household = assisted_shop.users.get()
    assignment = HelperAssignment.objects.get(partner=assisted_shop)
    first = accounts.revoke_helper(assignment=assignment, by=household).revoked_at
    assert accounts.revoke_helper(assignment=assignment, by=household).revoked_at == first
    assert AuditEntry.objects.filter(action="helper.revoked").count() == 1
