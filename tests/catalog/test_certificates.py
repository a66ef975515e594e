"""OCOP certificate rules: validity, derived state, which star buyers see."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from catalog import certificates
from tests.factories import CertificateFactory, ProductFactory

D = datetime.date


def cert(decision_date, *, stars=4, status="awarded", revoked=False):
    return SimpleNamespace(
        decision_date=decision_date,
        valid_until=certificates.valid_until(decision_date),
        stars=stars,
        status=status,
        revoked_at=datetime.datetime(2025, 1, 1) if revoked else None,
    )


def test_certificate_is_valid_36_months_from_its_decision_date():
    assert certificates.valid_until(D(2023, 3, 15)) == D(2026, 3, 15)
    # a decision on 29 Feb ends on the last day of Feb three years on
    assert certificates.valid_until(D(2024, 2, 29)) == D(2027, 2, 28)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2023, 3, 15), "active"),
        (D(2025, 12, 14), "active"),  # 91 days left
        (D(2025, 12, 15), "expiring"),  # exactly 90 days left
        (D(2026, 3, 15), "expiring"),  # last valid day
        (D(2026, 3, 16), "expired"),
    ],
)
def test_state_follows_the_calendar(today, expected):
    assert certificates.state(cert(D(2023, 3, 15)), today) == expected


def test_revocation_wins_over_any_date():
    assert certificates.state(cert(D(2025, 1, 1), revoked=True), D(2025, 2, 1)) == "revoked"


@given(st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 1, 1)), st.integers(min_value=-2000, max_value=2000))
def test_state_is_one_of_four_and_star_shows_only_when_active_or_expiring(decision, offset):
    c = cert(decision)
    today = decision + datetime.timedelta(days=offset)
    s = certificates.state(c, today)
    assert s in {"active", "expiring", "expired"}
    shown = certificates.displayed_certificate([c], today)
    assert (shown is c) == (s in {"active", "expiring"})


def test_displayed_certificate_prefers_most_stars_and_ignores_proposals_and_dead_ones():
    today = D(2026, 1, 1)
    four = cert(D(2025, 6, 1), stars=4)
    proposed_five = cert(D(2025, 9, 1), stars=5, status="proposed")
    expired_five = cert(D(2021, 1, 1), stars=5)
    revoked_five = cert(D(2025, 1, 1), stars=5, revoked=True)
    assert certificates.displayed_certificate([four, proposed_five, expired_five, revoked_five], today) is four
    assert certificates.proposed_certificate([four, proposed_five], today) is proposed_five
    assert certificates.displayed_certificate([proposed_five], today) is None


@pytest.mark.django_db
def test_saved_certificate_stores_valid_until_and_product_reports_its_star():
    product = ProductFactory()
    today = timezone.localdate()
    CertificateFactory(product=product, stars=3, decision_date=today - datetime.timedelta(days=40))
    expired = CertificateFactory(product=product, stars=5, decision_date=today - datetime.timedelta(days=365 * 3 + 30))
    assert expired.valid_until < today
    assert expired.state() == "expired"
    assert product.current_certificate().stars == 3
