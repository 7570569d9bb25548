"""The one clock: what day it is for a person or a place, and the time zones they may pick.

Everything is stored in UTC. A runner's "today" is their own zone's date (their sets, their
reminders); a location's "today" is its zone's date (its schedule). Both come from here.
"""

import datetime
import zoneinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone


def local_today(time_zone: str, now: datetime.datetime | None = None) -> datetime.date:
    """The date it is in `time_zone` at `now` (default: this instant), wherever the server is."""
    return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(time_zone)).date()


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith("Etc/")
    )
    return [(name, name.replace("_", " ")) for name in names]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError("“%(value)s” is not a time zone we know.", params={"value": value})


def reader_zone(user) -> str:
    """The zone a person reads times in: a runner's own, anyone else's the practice's."""
    runner = getattr(user, "runner", None) if getattr(user, "is_runner", False) else None
    return getattr(runner, "time_zone", None) or settings.PRACTICE_TIME_ZONE


SESSION_ZONE = "reader_time_zone"


def remember_reader_zone(sender, request, user, **kwargs):
    """At sign-in (when the session is written anyway), so pages need no query to know it."""
    request.session[SESSION_ZONE] = reader_zone(user)


class LocalTimeMiddleware:
    """Activates the reader's zone for the request, so `|date` and `|time` show local times."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = settings.PRACTICE_TIME_ZONE
        if request.user.is_authenticated:
            zone = request.session.get(SESSION_ZONE)
            if zone is None:  # signed in before zones were remembered
                zone = request.session[SESSION_ZONE] = reader_zone(request.user)
        try:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
