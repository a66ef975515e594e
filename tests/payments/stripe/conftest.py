import pytest
from django.core.cache import cache

from payments.gateways.stripe import simulator
from tests.checkout.conftest import buyer, two_sellers, vietnam  # noqa: F401  (shared fixtures)


@pytest.fixture(autouse=True)
def _fresh_stripe(monkeypatch):
    """A new simulated Stripe account for each test, delivering webhooks without waiting between tries."""
    cache.clear()
    monkeypatch.setattr(simulator, "RETRY_DELAYS", (0, 0, 0))
