"""Twelve-factor settings: read in a fresh interpreter with a controlled environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']), "
    "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, 'cache': s.CACHES['default']['BACKEND'], "
    "'es': s.ELASTICSEARCH_URL, 'wire': s.SEARCH_WIRE_FORMAT, 'debug': s.DEBUG, "
    "'secure_cookie': getattr(s, 'SESSION_COOKIE_SECURE', False), 'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0), "
    "'hosts': s.ALLOWED_HOSTS, 'lang': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE, 'vnpay': s.VNPAY_TMN_CODE, "
    "'db_options': s.DATABASES['default'].get('OPTIONS', {})}))"
)
NAMES = [
    "DATABASE_URL",
    "DB_JIT",
    "REDIS_URL",
    "ELASTICSEARCH_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "SEARCH_WIRE_FORMAT",
    "VNPAY_TMN_CODE",
]


def run_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in NAMES}
    clean.update(DJANGO_SETTINGS_MODULE="marketplace.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_unset_environment_gives_the_embedded_default():
    out = run_settings()
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout)
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["name"].endswith("var/marketplace.sqlite3")
    assert Path(s["name"]).parent.is_dir()  # SQLite cannot create the folder; a fresh clone has none
    assert s["eager"] is True and s["broker"] == "memory://"
    assert s["cache"].endswith("LocMemCache")
    assert s["es"] == "" and s["wire"] == "plain"
    assert s["debug"] is True
    assert (s["lang"], s["tz"]) == ("vi", "Asia/Ho_Chi_Minh")


def test_urls_from_the_environment_select_postgres_redis_and_elasticsearch():
    out = run_settings(
        DATABASE_URL="postgres://u:p@db.example:5433/ocop",
        REDIS_URL="redis://cache.example:6379/2",
        ELASTICSEARCH_URL="http://es.example:9200",
        VNPAY_TMN_CODE="LIVE1234",
    )
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout)
    assert s["engine"] == "django.db.backends.postgresql" and s["name"] == "ocop"
    assert s["eager"] is False and s["broker"] == "redis://cache.example:6379/2"
    assert s["cache"].endswith("RedisCache")
    assert s["es"] == "http://es.example:9200" and s["wire"] == "compatible"
    assert s["vnpay"] == "LIVE1234"
    assert s["db_options"] == {"options": "-c jit=off"}


def test_postgres_jit_stays_off_unless_asked_for():
    on = json.loads(run_settings(DATABASE_URL="postgres://u:p@db.example/ocop", DB_JIT="true").stdout)
    assert on["db_options"] == {}
    sqlite = json.loads(run_settings().stdout)
    assert sqlite["db_options"] == {}


@pytest.mark.django_db
def test_the_postgres_connection_runs_without_jit():
    """Against the real database when it is PostgreSQL (CI): the option reaches the server."""
    if connection.vendor != "postgresql":
        assert "options" not in connection.settings_dict.get("OPTIONS", {})
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_debug_off_refuses_the_default_secret_key():
    out = run_settings(DEBUG="false")
    assert out.returncode != 0
    assert "SECRET_KEY must be set" in out.stderr


def test_debug_off_turns_on_secure_cookies_and_hsts():
    out = run_settings(DEBUG="false", SECRET_KEY="a-real-secret-from-the-vault", ALLOWED_HOSTS="cho.example.vn")
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout)
    assert s["debug"] is False and s["secure_cookie"] is True and s["hsts"] >= 31536000
    assert s["hosts"] == ["cho.example.vn"]
