"""The shared cast: one practice with an admin, two clinicians, a front desk and two runners.

Runner A belongs to `clinician`; `other_clinician` has no runners assigned. Every test that
needs people takes `cast` (or one of its members) instead of making its own.
"""

import copy
import os
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from clinic.celery import app as celery_app
from clinic.models import Location, Role, Runner, User
from tests.clinic.access_table import ROLES
from tests.factories import PASSWORD, LocationFactory, RunnerFactory, UserFactory

# Playwright's sync API runs an event loop in the thread that also serves live_server's requests
# through Django's ORM; Django refuses that unless told it is safe (it is: one thread each).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

USES_REAL_SERVICES = os.environ.get("CELERY_BROKER_URL", "").startswith("redis://") and (
    os.environ.get("DATABASE_URL", "").startswith("postgres")
)


@dataclass
class Cast:
    location: Location
    admin: User
    clinician: User
    other_clinician: User
    front_desk: User
    runner_a: Runner
    runner_b: Runner

    def user(self, role_name: str) -> User | None:
        """The user playing `role_name` in the access table ("anon" is nobody)."""
        if role_name == "anon":
            return None
        member = getattr(self, role_name)
        return member.user if isinstance(member, Runner) else member


def build_cast() -> Cast:
    location = LocationFactory()
    clinician = UserFactory(email="clinician@example.test", role=Role.CLINICIAN)
    return Cast(
        location=location,
        admin=UserFactory(
            email="admin@example.test", role=Role.PRACTICE_ADMIN, is_staff=True, is_superuser=True
        ),
        clinician=clinician,
        other_clinician=UserFactory(email="other.clinician@example.test", role=Role.CLINICIAN),
        front_desk=UserFactory(email="frontdesk@example.test", role=Role.FRONT_DESK),
        # Fixed, unlike names: a search for one runner must never match the other by chance.
        runner_a=RunnerFactory(
            user__email="runner.a@example.test",
            user__first_name="Maren",
            user__last_name="Quillfeather",
            clinician=clinician,
            location=location,
        ),
        runner_b=RunnerFactory(
            user__email="runner.b@example.test",
            user__first_name="Tobias",
            user__last_name="Brandvold",
            location=location,
        ),
    )


def _commits(item) -> bool:
    """Whether a test commits for real (a transactional test or one with a live server)."""
    marker = item.get_closest_marker("django_db")
    return bool(
        {"transactional_db", "live_server", "django_db_reset_sequences"} & set(item.fixturenames)
        or (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    )


@pytest.fixture(scope="module")
def module_atomic(request, django_db_setup, django_db_blocker):
    """An open transaction around a whole test module, rolled back at its end.

    Rows made inside it once (the cast, a grown practice) are there for every test of the
    module; each test still runs in its own savepoint (pytest-django's `db`), so what a test
    writes is gone before the next one. Yields False, with no transaction, for a module that
    has a test that commits: it needs an empty database, so it builds its own rows. A test that
    uses it takes `db` too: pytest-django makes the test database only for tests that ask.
    """
    if any(_commits(item) for item in request.session.items if item.module is request.module):
        yield False
        return
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield True
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def module_cast(module_atomic, django_db_blocker) -> Cast | None:
    """The cast, made once for the module (None where the module's tests can't share rows)."""
    if not module_atomic:
        return None
    with django_db_blocker.unblock():
        return build_cast()


@pytest.fixture
def cast(module_cast, db) -> Cast:
    if module_cast is None:
        return build_cast()
    # A copy for each test, as Django's setUpTestData gives: a test that changes a member in
    # memory leaves the next test the original (its database writes are rolled back anyway).
    return copy.deepcopy(module_cast)


def log_in_sessions(cast: Cast, logins: int) -> dict[str, list[str | None]]:
    """Each role's session cookies, `logins` logins apiece ("anon" has None: no session)."""
    from django.test import Client

    def session_of(user) -> str | None:
        if user is None:
            return None
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    return {role: [session_of(cast.user(role)) for _ in range(logins)] for role in ROLES}


@pytest.fixture(scope="module")
def module_sessions(module_cast, django_db_blocker) -> dict[str, list[str | None]] | None:
    """Two logins for each role of the module's cast, made once: a login costs as much as a
    page. Each test's writes are rolled back, a session's row included, so every test meets
    each session as its login left it."""
    if module_cast is None:
        return None
    with django_db_blocker.unblock():
        return log_in_sessions(module_cast, logins=2)


@pytest.fixture
def sessions(module_sessions, cast) -> dict[str, list[str | None]]:
    """Session cookies by role, two each; the client that holds one is signed in as the role."""
    return module_sessions if module_sessions is not None else log_in_sessions(cast, logins=2)


def signed_in(client, cookie: str | None):
    """`client`, holding the session `cookie` (None: anonymous, the client as it is)."""
    if cookie is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return client


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with nothing cached (open times, rate limits) from the one before."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Real hashing costs ~0.3 s a user; tests make hundreds of users and never attack them."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def _exercise_media_in_a_temporary_folder(tmp_path_factory):
    """Pictures and videos tests upload land in a folder of this run, not the checkout's var/."""
    folder = tmp_path_factory.mktemp("exercise-media")
    storage = {
        "BACKEND": "programs.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(folder)},
    }
    with override_settings(STORAGES={**settings.STORAGES, "exercise_media": storage}):
        yield folder


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(autouse=True)
def _celery_eager(request):
    """Tasks run in-process in tests, except those that exercise the real worker on Redis."""
    if request.node.get_closest_marker("services"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def pytest_collection_modifyitems(config, items):
    if USES_REAL_SERVICES:
        return
    skip = pytest.mark.skip(
        reason="needs Postgres (DATABASE_URL) and Redis (CELERY_BROKER_URL); CI runs it"
    )
    for item in items:
        if item.get_closest_marker("services"):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    """The hostile-input figures (tests/clinic/trust/test_hostile_input.py) and the
    kill-and-count figures (tests/clinic/notifications/test_real_worker.py), for CI's log."""
    _kill_points(terminalreporter)
    inputs = forms = failed = 0
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            properties = dict(getattr(report, "user_properties", ()))
            if "hostile_inputs" in properties:
                inputs += properties["hostile_inputs"]
                forms += properties["hostile_forms"]
                failed += outcome == "failed"
    if inputs:
        terminalreporter.write_line(
            f"hostile inputs: {inputs} tried at {forms} forms; pages failing: {failed}"
        )


def _kill_points(terminalreporter):
    rows = [
        value
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        for name, value in getattr(report, "user_properties", ())
        if name == "kill_point"
    ]
    if not rows:
        return
    terminalreporter.write_line(
        "kill point | messages received | in flight at kill | duplicates | lost"
        " | unsent rest went in (s) | all settled in (s)"
    )
    for row in rows:
        terminalreporter.write_line(
            f"{row['point']} | {row['received']} | {row['in_flight']} | {row['duplicates']}"
            f" | {row['lost']} | {row['rest_seconds']} | {row['all_seconds']}"
        )
