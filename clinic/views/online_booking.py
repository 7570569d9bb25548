"""Online self-booking for new runners, and the signed link to cancel or move a booking.

No login on these pages. They are protected by: a rate limit per address on every submission,
a honeypot field, signed links that can't be guessed, and the same re-checks as the front desk.
"""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from clinic.booking import services as booking
from clinic.booking.links import appointment_from_token, can_change_online, manage_token
from clinic.booking.open_times import open_times
from clinic.booking.schedule import Policy, clinicians_at, next_open_slots, on_grid, zone
from clinic.clock import local_today
from clinic.forms.booking import (
    OnlineBookingForm,
    SlotChoiceForm,
    local_input,
    parse_local,
    requested_day,
)
from clinic.models import Appointment, AppointmentType, Location
from clinic.trust import invitations

DAYS_SHOWN = 7
OFF_GRID = "Please choose one of the times shown; that time isn't one we offer."
JUST_TAKEN = "Sorry, that time was just taken by someone else."


def _assessment() -> AppointmentType:
    return get_object_or_404(
        AppointmentType, kind=AppointmentType.Kind.ROADMAP, active=True, bookable_online=True
    )


def rate_limited(request, bucket: str) -> bool:
    """True once this address has submitted more than the hourly limit (per process cache)."""
    address = request.META.get("REMOTE_ADDR", "unknown")
    hour = timezone.now().strftime("%Y%m%d%H")
    key = f"booking-rate:{bucket}:{address}:{hour}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > settings.BOOKING_RATE_LIMIT_PER_HOUR


def _too_many(request):
    return render(request, "booking/online/too_many.html", status=429)


def _slots_by_day(location, appointment_type, first_day: datetime.date, *, not_before=None):
    """Open times, one entry per time (whoever is free then), grouped by local day; none
    before `not_before` (the move link offers only times it will accept)."""
    days = [first_day + datetime.timedelta(days=n) for n in range(DAYS_SHOWN)]
    by_day = {}
    for day, times in open_times(location, days, appointment_type).items():
        starts = sorted({start for start, _who in times if not not_before or start >= not_before})
        by_day[day] = [
            (start.astimezone(zone(location)), local_input(start, location)) for start in starts
        ]
    return list(by_day.items())


@login_not_required
def online_booking(request):
    """Step 1: choose a location and a time."""
    locations = list(Location.objects.all())
    raw = request.GET.get("location", "")
    location = next((loc for loc in locations if str(loc.pk) == raw), None)
    if location is None and len(locations) == 1:
        location = locations[0]
    if location is None:
        return render(request, "booking/online/locations.html", {"locations": locations})
    first_day, date_error, pages = _first_day(request, location)
    assessment = _assessment()
    return render(
        request,
        "booking/online/slots.html",
        {
            "location": location,
            "locations": locations,
            "assessment": assessment,
            "by_day": _slots_by_day(location, assessment, first_day),
            "date_error": date_error,
            **pages,
        },
        status=400 if date_error else 200,
    )


def _first_day(request, location):
    """The first day of the week of times shown (?date=), why not if refused, and the links
    to the weeks before and after, within today and the booking horizon."""
    today = local_today(location.time_zone)
    days = Policy.from_settings().public_days(today)
    first_day, error = requested_day(request.GET.get("date"), today=today, days=days)
    previous = first_day - datetime.timedelta(days=DAYS_SHOWN)
    later = first_day + datetime.timedelta(days=DAYS_SHOWN)
    return (
        first_day,
        error,
        {
            "previous": max(previous, today) if first_day > today else None,
            "next": later if later <= days[1] else None,
        },
    )


def _location_from(data) -> Location:
    raw = str(data.get("location", ""))
    if raw.isdigit():
        return get_object_or_404(Location, pk=raw)
    locations = list(Location.objects.all()[:2])
    if len(locations) != 1:
        raise Http404("Choose a location first.")
    return locations[0]


def _start_or_none(value: str, location: Location):
    try:
        return parse_local(value, location).astimezone(zone(location))
    except ValidationError:
        return None


def _start_refusal(value: str, location: Location) -> str:
    try:
        parse_local(value, location)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def _next_times(location, appointment_type, after):
    """The next few distinct open times after a clash, as (local time, form value)."""
    times, seen = [], set()
    for slot, _clinician in next_open_slots(location, appointment_type, after=after, limit=20):
        if slot.start not in seen:
            seen.add(slot.start)
            times.append((slot.start.astimezone(zone(location)), local_input(slot.start, location)))
    return times[:5]


@login_not_required
@never_cache
def online_booking_details(request):
    """Step 2: who you are and what's bothering you; then confirm."""
    location = _location_from(request.POST if request.method == "POST" else request.GET)
    assessment = _assessment()
    next_times = []
    start_error = None
    if request.method != "POST":
        start_value = request.GET.get("start", "")
        form = OnlineBookingForm(initial={"start": start_value}, location=location)
        if start_value and _start_or_none(start_value, location) is None:
            start_error = _start_refusal(start_value, location)
    else:
        if rate_limited(request, "book"):
            return _too_many(request)
        data = request.POST.copy()
        if data.get("pick"):  # one of the "next free times" buttons after a clash
            data["start"] = data["pick"]
        start_value = data.get("start", "")
        form = OnlineBookingForm(data, location=location)
        if form.is_bot:
            return render(request, "booking/online/received.html")  # tell a bot nothing
        if form.is_valid() and not on_grid(location, assessment, form.cleaned_data["start"]):
            form.add_error("start", OFF_GRID)
        if form.is_valid():
            try:
                appointment = booking.book_any_clinician(
                    location=location,
                    clinicians=list(clinicians_at(location).order_by("pk")),
                    appointment_type=assessment,
                    starts_at=form.cleaned_data["start"],
                    new_runner=form.runner_details(),
                    source=Appointment.Source.ONLINE,
                    concern=form.cleaned_data["concern"],
                )
            except booking.AlreadyAssessed:
                return render(
                    request,
                    "booking/online/already_assessed.html",
                    {"location": location, "first_name": form.cleaned_data["first_name"]},
                    status=409,
                )
            except booking.SlotUnavailable as error:
                message = str(error)
                if message == booking.SLOT_TAKEN:
                    message = JUST_TAKEN
                form.add_error(None, message)
                next_times = _next_times(location, assessment, form.cleaned_data["start"])
            else:
                invitations.invite(runner=appointment.runner)  # a login, if they have none
                url = reverse("clinic:manage_booking", kwargs={"token": manage_token(appointment)})
                return redirect(f"{url}?booked=1")
    return render(
        request,
        "booking/online/details.html",
        {
            "form": form,
            "location": location,
            "assessment": assessment,
            "start": _start_or_none(start_value, location),
            "start_error": start_error,
            "next_times": next_times,
        },
        status=(409 if next_times else 400) if form.is_bound or start_error else 200,
    )


@login_not_required
@never_cache
def manage_booking(request, token):
    """What the link in the confirmation opens: the booking, and cancel or move if in time."""
    appointment = appointment_from_token(token)
    return render(
        request,
        "booking/online/manage.html",
        {
            "appointment": appointment,
            "token": token,
            "local_start": appointment.starts_at.astimezone(zone(appointment.location)),
            "can_change": can_change_online(appointment),
            "just_booked": request.GET.get("booked") == "1",
            "cutoff_hours": settings.BOOKING_CHANGE_CUTOFF_HOURS,
        },
    )


@login_not_required
@never_cache
@require_POST
def manage_booking_cancel(request, token):
    appointment = appointment_from_token(token)
    if rate_limited(request, "manage"):
        return _too_many(request)
    if not can_change_online(appointment):
        return _too_late(request, appointment)
    booking.cancel(appointment=appointment, reason="Cancelled by the runner online")
    return redirect(reverse("clinic:manage_booking", kwargs={"token": token}))


def _too_late(request, appointment):
    return render(
        request,
        "booking/online/too_late.html",
        {"appointment": appointment, "cutoff_hours": settings.BOOKING_CHANGE_CUTOFF_HOURS},
        status=409,
    )


@login_not_required
@never_cache
def manage_booking_reschedule(request, token):
    """Pick another time for the same visit (any clinician free then)."""
    appointment = appointment_from_token(token)
    location = appointment.location
    if not can_change_online(appointment):
        return _too_late(request, appointment)
    error, next_times = None, []
    not_before = timezone.now() + datetime.timedelta(hours=settings.BOOKING_CHANGE_CUTOFF_HOURS)
    if request.method == "POST":
        if rate_limited(request, "manage"):
            return _too_many(request)
        form = SlotChoiceForm(request.POST, location=location)
        start = form.cleaned_data["start"] if form.is_valid() else None
        if start is None or not on_grid(location, appointment.appointment_type, start):
            error = "Please choose one of the times shown."
        elif start < not_before:
            error = "Online we can only move you to a time more than a day away; please call us."
        else:
            error = _move_to_any_clinician(appointment, start)
            if error is None:
                return redirect(reverse("clinic:manage_booking", kwargs={"token": token}))
            if error == booking.SLOT_TAKEN:
                error = JUST_TAKEN
                next_times = _next_times(location, appointment.appointment_type, start)
    first_day, date_error, pages = _first_day(request, location)
    error = error or date_error
    return render(
        request,
        "booking/online/reschedule.html",
        {
            "appointment": appointment,
            "token": token,
            "local_start": appointment.starts_at.astimezone(zone(location)),
            "by_day": _slots_by_day(
                location, appointment.appointment_type, first_day, not_before=not_before
            ),
            "error": error,
            "next_times": next_times,
            **pages,
        },
        status=(400 if date_error else 409) if error else 200,
    )


def _move_to_any_clinician(appointment, starts_at) -> str | None:
    """Their own clinician first, then anyone free; the reason it failed, or None."""
    clinicians = [appointment.clinician] + [
        c for c in clinicians_at(appointment.location).order_by("pk") if c != appointment.clinician
    ]
    errors = []
    for clinician in clinicians:
        try:
            booking.reschedule(appointment=appointment, starts_at=starts_at, clinician=clinician)
        except booking.BookingError as problem:
            errors.append(str(problem))
        else:
            return None
    # Taken by someone else explains more than "isn't working" from a clinician never offered.
    return booking.SLOT_TAKEN if booking.SLOT_TAKEN in errors else errors[-1]
