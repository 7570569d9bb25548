"""Booking factories: weekly hours and appointments, in the location's own clock."""

import datetime
import zoneinfo

import factory

from clinic.models import Appointment, AppointmentType, WorkingHours
from tests.factories import LocationFactory, RunnerFactory, UserFactory, practice_today


def roadmap() -> AppointmentType:
    return AppointmentType.objects.get(kind=AppointmentType.Kind.ROADMAP)


def follow_up() -> AppointmentType:
    return AppointmentType.objects.get(kind=AppointmentType.Kind.FOLLOW_UP)


def local(day: datetime.date, hour: int, minute: int = 0, tz="America/New_York"):
    """A moment on the location's wall clock, as an aware datetime."""
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(tz)
    ).astimezone(datetime.UTC)


def next_weekday(weekday: int = 1, *, at_least_days: int = 3) -> datetime.date:
    """A date at least a few days ahead falling on `weekday` (Tuesday by default)."""
    day = practice_today() + datetime.timedelta(days=at_least_days)
    while day.weekday() != weekday:
        day += datetime.timedelta(days=1)
    return day


class WorkingHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingHours

    clinician = factory.SubFactory(UserFactory, role="clinician")
    location = factory.SubFactory(LocationFactory)
    weekday = 1
    start_time = datetime.time(9)
    end_time = datetime.time(17)


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    runner = factory.SubFactory(RunnerFactory)
    clinician = factory.SubFactory(UserFactory, role="clinician")
    location = factory.SubFactory(LocationFactory)
    appointment_type = factory.LazyFunction(follow_up)
    starts_at = factory.LazyFunction(lambda: local(next_weekday(), 9))
    ends_at = factory.LazyAttribute(
        lambda o: o.starts_at + datetime.timedelta(minutes=o.appointment_type.duration_minutes)
    )
