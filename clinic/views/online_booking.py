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
from clinic.booking.schedule import clinicians_at, load_schedule, next_open_slots, zone
from clinic.clock import day_asked, local_today
from clinic.forms.booking import OnlineBookingForm, SlotChoiceForm, local_input, parse_local
from clinic.models import Appointment, AppointmentType, Location

DAYS_SHOWN = 7


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


def _slots_by_day(location, appointment_type, first_day: datetime.date):
    """Open times, one entry per time (whoever is free then), grouped by local day."""
    days = [first_day + datetime.timedelta(days=n) for n in range(DAYS_SHOWN)]
    schedule = load_schedule(location, days, appointment_type)
    by_day = {day: [] for day in days}
    seen = set()
    for slot, _clinician in schedule.open_slots():
        if slot.start in seen:
            continue
        seen.add(slot.start)
        local = slot.start.astimezone(zone(location))
        by_day[local.date()].append((local, local_input(slot.start, location)))
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
    today = local_today(location.time_zone)
    first_day = max(today, day_asked(request.GET.get("date"), today=today))
    assessment = _assessment()
    return render(
        request,
        "booking/online/slots.html",
        {
            "location": location,
            "locations": locations,
            "assessment": assessment,
            "by_day": _slots_by_day(location, assessment, first_day),
            "previous": (
                first_day - datetime.timedelta(days=DAYS_SHOWN) if first_day > today else None
            ),
            "next": first_day + datetime.timedelta(days=DAYS_SHOWN),
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
    if request.method != "POST":
        start_value = request.GET.get("start", "")
        form = OnlineBookingForm(initial={"start": start_value}, location=location)
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
                    message = "Sorry, that time was just taken by someone else."
                form.add_error(None, message)
                next_times = _next_times(location, assessment, form.cleaned_data["start"])
            else:
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
            "next_times": next_times,
        },
        status=(409 if next_times else 400) if form.is_bound else 200,
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
    error = None
    if request.method == "POST":
        if rate_limited(request, "manage"):
            return _too_many(request)
        form = SlotChoiceForm(request.POST, location=location)
        if form.is_valid():
            if form.cleaned_data["start"] - timezone.now() < datetime.timedelta(
                hours=settings.BOOKING_CHANGE_CUTOFF_HOURS
            ):
                error = (
                    "Online we can only move you to a time more than a day away; please call us."
                )
            else:
                error = _move_to_any_clinician(appointment, form.cleaned_data["start"])
                if error is None:
                    return redirect(reverse("clinic:manage_booking", kwargs={"token": token}))
        else:
            error = "Please choose one of the times shown."
    today = local_today(location.time_zone)
    first_day = max(today, day_asked(request.GET.get("date"), today=today))
    return render(
        request,
        "booking/online/reschedule.html",
        {
            "appointment": appointment,
            "token": token,
            "local_start": appointment.starts_at.astimezone(zone(location)),
            "by_day": _slots_by_day(location, appointment.appointment_type, first_day),
            "error": error,
            "previous": (
                first_day - datetime.timedelta(days=DAYS_SHOWN) if first_day > today else None
            ),
            "next": first_day + datetime.timedelta(days=DAYS_SHOWN),
        },
        status=409 if error else 200,
    )


def _move_to_any_clinician(appointment, starts_at) -> str | None:
    """Their own clinician first, then anyone free; the reason it failed, or None."""
    clinicians = [appointment.clinician] + [
        c for c in clinicians_at(appointment.location).order_by("pk") if c != appointment.clinician
    ]
    error = booking.SLOT_TAKEN
    for clinician in clinicians:
        try:
            booking.reschedule(appointment=appointment, starts_at=starts_at, clinician=clinician)
        except booking.BookingError as problem:
            error = str(problem)
        else:
            return None
    return error
