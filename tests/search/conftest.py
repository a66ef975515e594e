"""Fixtures of the search tests: a fixed catalogue indexed in the real embedded engine.

`shared_catalogue` is built once per test module and committed (read-only tests share it);
tests that change data use the function-scoped `search_index` fixture from tests/conftest.py
with products of their own.
"""

import pytest

from catalog.search import engine, index, signals

from . import catalogue


@pytest.fixture(autouse=True)
def _search_wiring():
    # The lead wires signals in CatalogueConfig.ready(); connect() is idempotent meanwhile.
    signals.connect()
    signals.discard_pending()  # ids left by an earlier test's never-committed transaction
    engine.reset_health()
    yield
    engine.reset_health()


@pytest.fixture(scope="module")
def shared_catalogue(search_server, django_db_setup, django_db_blocker):
    """{key: Product} of tests/search/catalogue.py, indexed; removed after the module."""
    with django_db_blocker.unblock():
        signals.disconnect()  # the rebuild below indexes everything in one go
        try:
            products = catalogue.build()
        finally:
            signals.connect()
        index.drop_all()
        index.rebuild_index()
        yield products
        catalogue.destroy()
        index.drop_all()


@pytest.fixture
def ids(shared_catalogue):
    """Product id -> catalogue key, for readable failure messages."""
    return {p.id: key for key, p in shared_catalogue.items()}
