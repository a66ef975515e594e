"""Test wiring: real services, never mocks of our own database, broker or search layer.

- Database: PostgreSQL when DATABASE_URL is set (CI sets it), else SQLite.
- Redis: when REDIS_URL is set the cache is real Redis; Celery tasks run eagerly in tests
  (tests/core/test_celery_worker.py runs a real worker against the Redis broker).
- Search: one osmem-server per test session, spoken to over HTTP; each test that needs
  search gets a freshly built index (`search_index` fixture).
"""

import pytest
from django.conf import settings


@pytest.fixture(scope="session", autouse=True)
def _celery_eager():
    from marketplace.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield


@pytest.fixture(scope="session")
def search_server():
    """The bundled osmem-server, started once for the session; the app is pointed at it."""
    from catalog.search import engine

    url = engine.start_embedded()
    yield url
    engine.stop_embedded()


@pytest.fixture
def search_index(search_server, db, django_capture_on_commit_callbacks):
    """An empty product index behind the alias, rebuilt per test; returns a rebuild function."""
    from catalog.search import index

    index.drop_all()
    index.rebuild_index()
    yield index.rebuild_index
    index.drop_all()


@pytest.fixture(autouse=True)
def _admin_units_after_flush(request):
    """Transactional tests end by truncating every table, the migration-loaded administrative
    units included; load them again for the transactional tests that follow."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")) and "transactional_db" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from marketplace.regions.models import Province
    from marketplace.regions.services import load_admin_units

    if not Province.objects.exists():
        load_admin_units()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (Redis database 15 in CI: the tests' own)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    return [
        f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('NAME')}",
        f"redis: {settings.REDIS_URL or 'none (locmem cache)'}",
    ]
