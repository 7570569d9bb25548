"""The front desk's booking pages: day and week per location, book, cancel, move, attendance."""

import datetime
import uuid

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from clinic.access import appointment_for, staff_only
from clinic.booking import services as booking
from clinic.booking.schedule import Policy, load_schedule, next_open_slots, week_of, zone
from clinic.clock import local_today
from clinic.forms.booking import (
    AttendanceForm,
    CancelForm,
    FrontDeskBookingForm,
    SlotChoiceForm,
    local_input,
    requested_day,
)
from clinic.forms.text import CONTROL_MESSAGE, has_control_characters
from clinic.models import AppointmentType, Location, Runner
from clinic.trust import invitations
from clinic.trust.audit import record_access


def _location(request) -> Location:
    """The location asked for (?location=id), else the first; a bad id falls back quietly."""
    raw = request.GET.get("location") or request.POST.get("location") or ""
    locations = Location.objects.all()
    chosen = locations.filter(pk=raw).first() if raw.isdigit() else None
    return chosen or get_object_or_404(locations[:1])


def _day(request, location) -> tuple[datetime.date, str | None]:
    """The day asked for (?date=), or today and why not."""
    today = local_today(location.time_zone)
    return requested_day(
        request.GET.get("date"), today=today, days=Policy.from_settings().staff_days(today)
    )


def _within(day: datetime.date, days: tuple[datetime.date, datetime.date]):
    """`day` if a page may link to it, else None (no link past the calendar's ends)."""
    return day if days[0] <= day <= days[1] else None


def _kind(request) -> str:
    """The appointment kind asked for (?type=), or "" for one that doesn't exist."""
    raw = request.GET.get("type", "")
    return raw if raw in AppointmentType.Kind.values else ""


def _appointment_type(request) -> AppointmentType:
    types = AppointmentType.objects.filter(active=True)
    raw = _kind(request)
    return (
        types.filter(kind=raw).first()
        or types.filter(kind=AppointmentType.Kind.ROADMAP).first()
        or get_object_or_404(types[:1])
    )


def _schedule_context(request, days):
    location = _location(request)
    appointment_type = _appointment_type(request)
    day, date_error = _day(request, location)
    dates = days(day)
    schedule = load_schedule(location, dates, appointment_type)
    today = local_today(location.time_zone)
    return {
        "date_error": date_error,
        "shown_days": Policy.from_settings().staff_days(today),
        "location": location,
        "locations": Location.objects.all(),
        "day": day,
        "schedule": schedule,
        "appointment_type": appointment_type,
        "types": AppointmentType.objects.filter(active=True),
        "today": today,
    }


@staff_only
def schedule_day(request):
    context = _schedule_context(request, lambda day: [day])
    day = context["day"]
    shown = context["shown_days"]
    context.update(
        previous=_within(day - datetime.timedelta(days=1), shown),
        next=_within(day + datetime.timedelta(days=1), shown),
        columns=context["schedule"].columns(day),
    )
    outside = context["schedule"].outside_hours(day)
    context.update(outside_hours=outside, outside_ids={a.pk for a in outside})
    return render(
        request, "booking/day.html", context, status=400 if context["date_error"] else 200
    )


@staff_only
def schedule_week(request):
    context = _schedule_context(request, week_of)
    day = context["day"]
    shown = context["shown_days"]
    context.update(
        previous=_within(day - datetime.timedelta(days=7), shown),
        next=_within(day + datetime.timedelta(days=7), shown),
        rows=context["schedule"].rows(),
    )
    return render(
        request, "booking/week.html", context, status=400 if context["date_error"] else 200
    )


def _matching_runners(query: str):
    """The first few matches; nothing until two characters are typed."""
    if len(query.strip()) < 2:
        return Runner.objects.none()
    return Runner.objects.search(query).select_related("location")[:8]


@staff_only
def runner_search(request):
    """The search results inside the booking form (htmx swaps them in as the desk types)."""
    query = request.GET.get("q", "")
    if has_control_characters(query):
        return render(
            request,
            "booking/_runner_results.html",
            {"runners": None, "query": query, "chosen": None, "error": CONTROL_MESSAGE},
            status=400,
        )
    return render(
        request,
        "booking/_runner_results.html",
        {"runners": _matching_runners(query), "query": query, "chosen": None},
    )


@staff_only
def book_appointment(request):
    location = _location(request)
    next_slots = []
    if request.method == "POST":
        data = request.POST.copy()
        if data.get("pick"):  # one of the "next free slots" buttons after a clash
            clinician_id, _, start = data["pick"].partition("@")
            data["clinician"], data["starts_at"] = clinician_id, start
        form = FrontDeskBookingForm(data, location=location)
        if form.is_valid():
            details = form.cleaned_data
            try:
                appointment = booking.book(
                    location=location,
                    clinician=details["clinician"],
                    appointment_type=details["appointment_type"],
                    starts_at=details["starts_at"],
                    runner=details["runner"],
                    new_runner=None if details["runner"] else form.runner_details(),
                    booked_by=request.user,
                    concern=details["concern"],
                )
            except booking.SlotUnavailable as error:
                next_slots = next_open_slots(
                    location, details["appointment_type"], after=details["starts_at"]
                )
                form.add_error("starts_at", str(error))  # (this drops starts_at from details)
            except booking.AlreadyAssessed as error:
                form.add_error("appointment_type", f"{error} Book a follow-up visit instead.")
            else:
                invitations.invite(runner=appointment.runner)  # a login, if they have none
                on_file = details["runner"] is None and appointment.runner.created_at < (
                    appointment.created_at - datetime.timedelta(seconds=5)
                )
                messages.success(
                    request,
                    f"Booked {appointment.runner} with {appointment.clinician}."
                    + (" Their record was already on file; it was used." if on_file else ""),
                )
                return redirect(appointment)
    else:
        initial = {
            "clinician": request.GET.get("clinician"),
            "starts_at": request.GET.get("start", ""),
            "appointment_type": AppointmentType.objects.filter(
                kind=_kind(request) or AppointmentType.Kind.ROADMAP
            ).first(),
        }
        form = FrontDeskBookingForm(initial=initial, location=location)
    chosen = None
    if form.is_bound and _uuid_like(form.data.get("runner")):
        chosen = Runner.objects.filter(code=form.data["runner"]).first()
    return render(
        request,
        "booking/book.html",
        {
            "form": form,
            "location": location,
            "chosen": chosen,
            "next_slots": [
                (slot, person, local_input(slot.start, location)) for slot, person in next_slots
            ],
        },
        status=(409 if next_slots else 400) if form.is_bound else 200,
    )


def _uuid_like(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@staff_only
def appointment_detail(request, code):
    appointment = appointment_for(request.user, code)
    record_access(request, appointment.runner, "appointment")
    return render(
        request,
        "booking/appointment.html",
        {
            "appointment": appointment,
            "cancel_form": CancelForm(),
            "day_url": _day_url(appointment),
        },
    )


def _day_url(appointment) -> str:
    day = appointment.starts_at.astimezone(zone(appointment.location)).date()
    return f"{reverse('clinic:schedule_day')}?location={appointment.location_id}&date={day}"


@staff_only
@require_POST
def appointment_cancel(request, code):
    appointment = appointment_for(request.user, code)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            booking.cancel(appointment=appointment, reason=form.reason_text)
        except booking.BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Cancelled. {appointment.runner}'s slot is free again.")
        return redirect(appointment)
    return render(
        request,
        "booking/appointment.html",
        {"appointment": appointment, "cancel_form": form, "day_url": _day_url(appointment)},
        status=400,
    )


@staff_only
@require_POST
def appointment_attendance(request, code):
    appointment = appointment_for(request.user, code)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose arrived or no-show.")
        return redirect(appointment)
    try:
        booking.set_attendance(appointment=appointment, status=form.cleaned_data["status"])
    except booking.BookingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Marked {appointment.get_status_display().lower()}.")
    return redirect(_day_url(appointment))


@staff_only
def appointment_reschedule(request, code):
    appointment = appointment_for(request.user, code)
    location = appointment.location
    error = None
    if request.method == "POST":
        form = SlotChoiceForm(request.POST, location=location)
        if form.is_valid():
            try:
                booking.reschedule(
                    appointment=appointment,
                    starts_at=form.cleaned_data["start"],
                    clinician=form.cleaned_data["clinician"],
                )
            except booking.BookingError as problem:
                error = str(problem)
            else:
                messages.success(request, "Moved. The runner gets a new confirmation.")
                return redirect(appointment)
        else:
            error = "Please choose one of the open slots."
    day, date_error = _day(request, location)
    if "date" not in request.GET:
        day = max(
            local_today(location.time_zone), appointment.starts_at.astimezone(zone(location)).date()
        )
    error = error or date_error
    shown = Policy.from_settings().staff_days(local_today(location.time_zone))
    schedule = load_schedule(location, week_of(day), appointment.appointment_type)
    by_day = {}
    for slot, person in schedule.open_slots():
        local_day = slot.start.astimezone(zone(location)).date()
        by_day.setdefault(local_day, []).append((slot, person, local_input(slot.start, location)))
    return render(
        request,
        "booking/reschedule.html",
        {
            "appointment": appointment,
            "by_day": sorted(by_day.items()),
            "error": error,
            "previous": _within(day - datetime.timedelta(days=7), shown),
            "next": _within(day + datetime.timedelta(days=7), shown),
        },
        status=(400 if date_error else 409) if error else 200,
    )
