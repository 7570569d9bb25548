"""A real Celery worker in a subprocess, on Redis, against this test session's Postgres database."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.db import connection

from clinic.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[3]


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """Start with `start()`, stop with `stop()` (or `kill()`: SIGKILL to the whole process group,
    main process and pool children, as a machine that loses power)."""

    def __init__(self, tmp_path: Path, *, concurrency: int = 2, **env):
        self.queue = f"reminders-test-{uuid.uuid4().hex[:10]}"
        self.record_path = tmp_path / "sms.jsonl"
        self.log_path = tmp_path / "worker.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "SMS_RECORD_PATH": str(self.record_path),
            "DEBUG": "true",
            "SECRET_KEY": "worker-under-test",
            "CONN_MAX_AGE": "0",
            **{key: str(value) for key, value in env.items()},
        }
        self.concurrency = concurrency
        self.process = None
        self._previous_queue = celery_app.conf.task_default_queue

    def start(self):
        # What this process enqueues goes to the worker's own queue.
        celery_app.conf.task_default_queue = self.queue
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable, "-m", "celery", "-A", "clinic", "worker",
                "--pool=prefork", f"--concurrency={self.concurrency}", "-Q", self.queue,
                "--loglevel=warning", "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        return self

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        celery_app.conf.task_default_queue = self._previous_queue

    def recorded(self) -> list[dict]:
        if not self.record_path.exists():
            return []
        return [json.loads(line) for line in self.record_path.read_text().splitlines()]

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""


def wait_until(condition, *, timeout: float, worker: Worker | None = None, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    raise AssertionError(
        f"timed out after {timeout}s" + (f"; worker log:\n{worker.log()}" if worker else "")
    )
