"""A Sơn La seller with one product, and a community helper assigned to that shop.

Imported by the conftests of the areas that need them (photos, certificates).
"""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from marketplace.sellers.models import HelperAssignment
from tests.factories import PartnerFactory, ProductFactory, commune


@pytest.fixture
def seller(db):
    partner = PartnerFactory(commune=commune("03980"), phone="0912345678")  # Sơn La
    user = get_user_model().objects.create_user(username=f"seller-{partner.pk}", email=f"s{partner.pk}@example.vn")
    partner.users.add(user)
    user.partner = partner
    return user


@pytest.fixture
def product(seller):
    return ProductFactory(producer=seller.partner)


@pytest.fixture
def helper(product):
    user = get_user_model().objects.create_user(username="helper", email="helper@example.vn")
    HelperAssignment.objects.create(
        helper=user, partner=product.producer, consent_method="otp", consent_at=timezone.now(), consent_recorded_by=user
    )
    return user
