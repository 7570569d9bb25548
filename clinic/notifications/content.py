"""How a kind's message is written: templates rendered in the reader's time zone, on the
practice's letterhead, as multipart email (text and HTML) or as a text message.

Every kind renders through `render`, so every message gets the same three things right:
- clock times are the zone's wall clock with its abbreviation ("12:00 PM EST"): templates run
  under that zone, so `{{ starts_at|time("g:i A T") }}` reads as the runner does;
- templates are Jinja2 (engine "mail", `templating.py`): subjects, text bodies and text
  messages are never autoescaped, "Runner's Roadmap", never "Runner&#x27;s Roadmap";
- the HTML extends `emails/_base.html` (the letterhead: the practice's name, the location's
  address and phone) and the text includes `emails/_letterhead.txt`.

Templates of a kind `name`: `emails/<name>_subject.txt`, `_body.txt`, `_body.html` and, for
text messages, `_sms.txt`.
"""

import datetime
import functools
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.template import engines
from django.utils import timezone

from clinic.models import Channel, Location
from clinic.notifications.kinds import Composed


@dataclass(frozen=True)
class Letterhead:
    name: str
    address: str
    phone: str

    @classmethod
    def of(cls, location: Location | None) -> "Letterhead":
        if location is None:
            return cls(settings.PRACTICE_NAME, "", "")
        phone = location.phone.as_national if location.phone else ""
        return cls(f"{settings.PRACTICE_NAME}, {location.name}", location.address, phone)


@dataclass(frozen=True)
class Moment:
    """A moment as a reader says it, worked out once: "Wednesday", "Wednesday 3 June",
    "6:00 PM EST". For kinds sent by the hundred thousand, cheaper than date filters in each
    message's three templates (`when.clock`, `when.day`, `when.weekday`)."""

    weekday: str
    day: str
    clock: str


@functools.lru_cache(maxsize=4096)
def moment_on(day: datetime.date, at: datetime.time, zone: str) -> Moment:
    """Wall-clock time `at` on `day` in `zone`, as its clock reads (a time skipped by a
    daylight-saving jump reads as the clock does after it)."""
    tz = zone_named(zone)
    moment = datetime.datetime.combine(day, at, tzinfo=tz).astimezone(datetime.UTC).astimezone(tz)
    hour = moment.hour % 12 or 12
    clock = f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'} {moment.tzname()}"
    weekday = WEEKDAYS[moment.weekday()]
    return Moment(weekday, f"{weekday} {moment.day} {MONTHS[moment.month - 1]}", clock)


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    """The zone `name`, or UTC for a name the system doesn't know (its times are then labelled
    UTC, never passed off as local)."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def render(
    name: str,
    context: dict,
    *,
    channel: str,
    zone: str,
    location: Location | None,
    headers: dict[str, str] | None = None,
    attachments: list | None = None,
) -> Composed:
    """The message of kind template `name` for `channel`, with times read in `zone`."""
    context = {**context, "letterhead": Letterhead.of(location), "site_url": settings.SITE_URL}
    mail = engines["mail"]
    with timezone.override(zone_named(zone)):
        if channel == Channel.SMS:
            sms = mail.get_template(f"emails/{name}_sms.txt").render(context)
            return Composed(sms=" ".join(sms.split()))
        subject = mail.get_template(f"emails/{name}_subject.txt").render(context)
        return Composed(
            subject=" ".join(subject.split()),  # one line, whatever the template's layout
            text=mail.get_template(f"emails/{name}_body.txt").render(context),
            html=mail.get_template(f"emails/{name}_body.html").render(context),
            headers=headers or {},
            attachments=attachments or [],
        )
