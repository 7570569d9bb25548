"""The pages people open every day, and who opens each: what the EXPLAIN check and the load
benchmark measure (docs/performance.md)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from clinic.models import Role, Runner, User

# The seed_scale logins; any other database names its own with the commands' options.
SCALE_LOGINS = {
    "clinician": "clinician1@scale.test",
    "front_desk": "frontdesk1@scale.test",
}


@dataclass(frozen=True)
class Page:
    name: str
    user: User | None  # None: public
    url: str


def daily_pages(*, clinician: User, front_desk: User, runner: Runner | None = None) -> list[Page]:
    """Every daily page, as the right person; the runner is one of the clinician's own."""
    runner = runner or Runner.objects.filter(clinician=clinician, user__isnull=False).first()
    if runner is None:
        raise ValueError(f"{clinician} has no runner with a login.")
    location = runner.location
    where = f"location={location.pk}" if location else ""
    day = timezone.localdate()
    return [
        # The floor first: every other page's throughput is reported as a fraction of it.
        Page("floor", runner.user, reverse("clinic:floor")),
        Page("healthz", None, reverse("clinic:healthz")),
        Page("runner Today", runner.user, reverse("programs:today")),
        Page("runner progress", runner.user, reverse("programs:progress")),
        Page("runner run log", runner.user, reverse("programs:run_log")),
        Page("runner My clinic", runner.user, reverse("clinic:runner_home")),
        Page("clinician dashboard", clinician, reverse("programs:dashboard")),
        Page("runner record", clinician, reverse("intake:record", kwargs={"code": runner.code})),
        Page(
            "runner's running",
            clinician,
            reverse("programs:running", kwargs={"code": runner.code}),
        ),
        Page(
            "front-desk day",
            front_desk,
            f"{reverse('clinic:schedule_day')}?{where}&date={day.isoformat()}",
        ),
        Page("front-desk booking", front_desk, f"{reverse('clinic:book_appointment')}?{where}"),
        Page("online booking", None, f"{reverse('clinic:online_booking')}?{where}"),
        Page("outbox", front_desk, reverse("clinic:outbox")),
        Page("practice reports", clinician, reverse("clinic:reports")),
    ]


def staff(email: str | None, role: str) -> User:
    """The named user, else the seed_scale one, else the first of that role."""
    email = email or SCALE_LOGINS.get(role)
    user = User.objects.filter(email=email).first() if email else None
    user = user or User.objects.filter(role=role, is_active=True).first()
    if user is None or user.role != role:
        raise ValueError(f"No {Role(role).label.lower()} to log in as.")
    return user
