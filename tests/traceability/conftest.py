"""People and things of a trace story: a cooperative in Mộc Châu, its seller, a helper, a rival."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from catalog.traceability import services
from tests.factories import PartnerFactory, ProductFactory

User = get_user_model()


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def producer(db):
    return PartnerFactory(
        name="HTX Mận Mộc Châu",
        producer_type="cooperative",
        phone="0912345678",
        national_id="014201000123",
        tax_code="5500123456",
    )


@pytest.fixture
def seller(producer):
    user = User.objects.create_user(username="seller-mc", email="seller@example.vn")
    producer.users.add(user)
    return user


@pytest.fixture
def helper(producer, seller):
    from marketplace.sellers.models import HelperAssignment

    user = User.objects.create_user(username="helper-to-cns", email="helper@example.vn")
    HelperAssignment.objects.create(
        helper=user, partner=producer, consent_method="otp", consent_at=timezone.now(), consent_recorded_by=user
    )
    return user


@pytest.fixture
def rival(db):
    """A seller of another producer: must never see or touch our lots."""
    other = PartnerFactory(name="HTX Chè Tân Cương")
    user = User.objects.create_user(username="rival", email="rival@example.vn")
    other.users.add(user)
    return user


@pytest.fixture
def product(producer):
    return ProductFactory(title="Mận hậu Mộc Châu", producer=producer)


@pytest.fixture
def make_lot(product, seller, today):
    def make(*, publish=False, actor=None, days_ago=10, **kwargs):
        fields = {
            "harvest_date": today - datetime.timedelta(days=days_ago),
            "pack_date": today - datetime.timedelta(days=days_ago - 1),
            "best_before": today + datetime.timedelta(days=20),
            "planting_area_code": "VN-SL-0001",
            "packing_house_code": "VN-SL-PH-0002",
        }
        fields.update(kwargs)
        lot = services.create_lot(actor=actor or seller, product=fields.pop("product", product), **fields)
        if publish:
            lot = services.publish_lot(actor=actor or seller, lot=lot)
        return lot

    return make


@pytest.fixture
def published_lot(make_lot):
    return make_lot(publish=True)
