"""No Docker engine runs here, so the compose file is checked against the settings instead."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SETTINGS_SRC = (ROOT / "marketplace" / "settings.py").read_text()
READ_BY_SETTINGS = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', SETTINGS_SRC))


def test_compose_runs_web_worker_beat_postgres_redis_and_elasticsearch_with_health_checks():
    services = COMPOSE["services"]
    assert set(services) >= {"web", "worker", "beat", "db", "redis", "elasticsearch"}
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"
    assert "gunicorn" in services["web"]["command"]
    assert "celery -A marketplace worker" in services["worker"]["command"]
    assert "celery -A marketplace beat" in services["beat"]["command"]
    assert services["elasticsearch"]["image"].split(":")[-1].split(".")[0] in {"8", "9"}
    for name in ("db", "redis", "elasticsearch"):
        assert services[name]["volumes"], f"{name} keeps no volume"
        assert name in services["web"]["depends_on"]


def test_every_app_variable_in_compose_is_read_by_the_settings_and_secrets_are_not_defaulted():
    env = COMPOSE["services"]["web"]["environment"]
    unknown = set(env) - READ_BY_SETTINGS
    assert not unknown, f"compose sets variables the settings never read: {sorted(unknown)}"
    for required in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"):
        assert required in env
    assert env["DEBUG"] == "false"
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")  # compose refuses to start without it


def test_every_provider_credential_the_settings_read_can_be_set_from_compose():
    env = COMPOSE["services"]["web"]["environment"]
    providers = {
        n for n in READ_BY_SETTINGS if n.split("_")[0] in {"VNPAY", "MOMO", "STRIPE", "GHN", "GHTK", "BANK", "SMS"}
    }
    assert providers and providers <= set(env), sorted(providers - set(env))


def test_worker_and_beat_share_the_web_configuration():
    services = COMPOSE["services"]
    assert services["worker"]["environment"] == services["web"]["environment"]
    assert services["beat"]["environment"] == services["web"]["environment"]
