"""Settings come from the environment, and production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env_overrides):
    unset = ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    # Point away from the developer's .env so only what the test sets is read.
    env.update({"ROADMAP_ENV_FILE": os.devnull, **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_stops_with_a_clear_message():
    result = run_manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_without_secret_key_starts_for_local_development():
    result = run_manage("check", DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_deploy_check_passes_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-for-the-check",
        ALLOWED_HOSTS="roadmap.example.com",
        TEXT_MESSAGES="false",  # no SMS provider here; see notifications/test_providers.py
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_database_url_chooses_the_database():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        DEBUG="true",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/roadmap",
    )
    assert result.stdout.strip().splitlines()[-1] == "django.db.backends.postgresql", result.stderr


def test_beat_runs_the_heartbeat_and_the_reminders_every_minute():
    from celery.schedules import crontab

    from clinic.celery import app, dispatch_reminders, heartbeat

    schedule = app.conf.beat_schedule
    assert schedule["heartbeat"]["task"] == heartbeat.name
    assert schedule["reminders"]["task"] == dispatch_reminders.name
    assert schedule["reminders"]["schedule"] == crontab(minute="*")
    assert {entry["task"] for entry in schedule.values()} <= set(app.tasks)


def test_beat_rebuilds_the_dashboards_adherence_each_hour():
    from celery.schedules import crontab

    from clinic.celery import app, refresh_adherence_summaries

    entry = app.conf.beat_schedule["adherence-summaries"]
    assert entry["task"] == refresh_adherence_summaries.name
    assert entry["schedule"] == crontab(minute=5)
