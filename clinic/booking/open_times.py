"""Open times for online booking, worked out once per location and day and kept in the cache.

Anyone may open the online booking page, and each view showed a week of open times worked out
afresh: every clinician's hours, schedule changes and appointments, stepped through slot by slot
(docs/performance.md). A day's open times change only when appointments, hours, schedule changes
or the people and types behind them do, so each (location, day, type) is cached whole, and any
such change, once committed, moves the cache to a new generation. A clinician's appointment at
one location makes them busy at every other, so a change anywhere starts a new generation
everywhere: simple, and bookings are rare beside views of the page.

What is cached ignores the time of asking; the bookable window (minimum notice, horizon) is cut
at read time, so a cached day never offers a time that has become too soon.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from clinic.booking.schedule import Policy, load_schedule
from clinic.models import Appointment, AppointmentType, Location, ScheduleChange, WorkingHours

GENERATION = "open-times:generation"
# A safety net for changes no signal reports (bulk loads): no cached day outlives this.
TIMEOUT = 300

OpenTimes = dict[datetime.date, list[tuple[datetime.datetime, int]]]


def _key(generation: int, location: Location, day: datetime.date, kind: AppointmentType) -> str:
    step = settings.BOOKING_SLOT_STEP_MINUTES
    return f"open-times:{generation}:{location.pk}:{kind.pk}:{kind.duration_minutes}:{step}:{day}"


def open_times(
    location: Location,
    days: list[datetime.date],
    appointment_type: AppointmentType,
    *,
    now: datetime.datetime | None = None,
) -> OpenTimes:
    """For each day, the open (start, clinician id) pairs inside the bookable window, by start."""
    generation = cache.get_or_set(GENERATION, 0, timeout=None)
    keys = {day: _key(generation, location, day, appointment_type) for day in days}
    found = cache.get_many(list(keys.values()))
    whole_days = {day: found[key] for day, key in keys.items() if key in found}
    missing = [day for day in days if day not in whole_days]
    if missing:
        schedule = load_schedule(location, missing, appointment_type, bookable_only=False)
        worked_out = {day: [] for day in missing}
        for (clinician_id, day), cell in schedule.cells.items():
            worked_out[day].extend((slot.start, clinician_id) for slot in cell.open_slots)
        for day in missing:
            worked_out[day].sort()
        cache.set_many({keys[day]: worked_out[day] for day in missing}, timeout=TIMEOUT)
        whole_days.update(worked_out)
    window = Policy.from_settings().window(now or timezone.now())
    return {
        day: [(start, who) for start, who in whole_days[day] if window.start <= start <= window.end]
        for day in days
    }


def _bump() -> None:
    try:
        cache.incr(GENERATION)
    except ValueError:  # not in the cache (evicted, or never read): nothing cached to replace
        cache.set(GENERATION, 1, timeout=None)


def start_new_generation(**kwargs) -> None:
    """Every cached open time is out of date. Now, for reads inside this transaction, and again
    once it commits: someone reading between the two would cache the state before the change."""
    _bump()
    transaction.on_commit(_bump)


def _people_changed(sender, instance, update_fields=None, **kwargs) -> None:
    # A login only stamps last_login; anything else may change who is working.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    start_new_generation()


def connect() -> None:
    """Called from ClinicConfig.ready(): every change that can open or close a time."""
    from django.contrib.auth import get_user_model

    for model in (Appointment, AppointmentType, Location, ScheduleChange, WorkingHours):
        uid = f"open-times-{model.__name__}"
        post_save.connect(start_new_generation, sender=model, dispatch_uid=uid)
        post_delete.connect(start_new_generation, sender=model, dispatch_uid=uid)
    user = get_user_model()
    post_save.connect(_people_changed, sender=user, dispatch_uid="open-times-user")
    post_delete.connect(start_new_generation, sender=user, dispatch_uid="open-times-user")
