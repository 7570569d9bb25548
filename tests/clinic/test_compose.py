"""No Docker engine runs here, so the production topology is checked by reading it."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def command_text(service) -> str:
    command = service["command"]
    return command if isinstance(command, str) else " ".join(command)


def test_compose_has_the_five_services():
    assert set(compose()["services"]) == {"db", "redis", "web", "worker", "beat"}


def test_postgres_is_16_or_newer_with_a_volume_and_health_check():
    db = compose()["services"]["db"]
    assert int(db["image"].split(":")[1].split(".")[0]) >= 16
    assert any(v.endswith("/var/lib/postgresql/data") for v in db["volumes"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_web_migrates_then_serves_with_gunicorn():
    web = compose()["services"]["web"]
    text = command_text(web)
    assert text.index("migrate") < text.index("gunicorn clinic.wsgi:application")
    assert "healthz" in " ".join(web["healthcheck"]["test"])


def test_worker_and_beat_run_celery_from_the_same_image():
    services = compose()["services"]
    assert "celery -A clinic worker" in command_text(services["worker"])
    assert "celery -A clinic beat" in command_text(services["beat"])
    assert services["beat"]["deploy"]["replicas"] == 1
    images = {services[name]["image"] for name in ("web", "worker", "beat")}
    assert images == {"roadmap:latest"}


def test_app_services_use_postgres_and_redis_and_wait_for_them():
    for name in ("web", "worker", "beat"):
        service = compose()["services"][name]
        environment = service["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["CELERY_BROKER_URL"].startswith("redis://redis:")
        # Login and booking rate limits must be shared by every gunicorn worker.
        assert environment["CACHE_URL"].startswith("redis://redis:")
        assert environment["DEBUG"] == "false"
        assert "SECRET_KEY" in environment
        assert service["depends_on"]["db"]["condition"] == "service_healthy"
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"


def test_dockerfile_installs_the_locked_requirements():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "requirements/prod.txt" in dockerfile
    assert "collectstatic" in dockerfile
