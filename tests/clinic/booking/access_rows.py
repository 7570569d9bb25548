"""Access-table rows for the booking pages (see tests/clinic/access_table.py for the format).

Front-desk pages are for the practice's staff; runners get 403 (they manage their own bookings
through the signed link in their email). The public booking pages answer everyone.
"""

from tests.clinic.access_table import STAFF, Rule, only, public


def _appointment_of_runner_a(cast):
    """Runner A's visit with their clinician: one, however many pages ask (a walk over every
    page in one test would book the same time twice, which Postgres refuses)."""
    from clinic.models import Appointment
    from tests.clinic.booking.factories import AppointmentFactory

    return Appointment.objects.filter(
        runner=cast.runner_a, clinician=cast.clinician, location=cast.location
    ).first() or AppointmentFactory(
        runner=cast.runner_a, clinician=cast.clinician, location=cast.location
    )


def appointment_code(cast):
    return {"code": _appointment_of_runner_a(cast).code}


def manage_token_kwargs(cast):
    from clinic.booking.links import manage_token

    return {"token": manage_token(_appointment_of_runner_a(cast))}


ROWS: dict = {
    "clinic:schedule_day": Rule(only(*STAFF)),
    "clinic:schedule_week": Rule(only(*STAFF)),
    # An empty POST is the form back with its errors (400).
    "clinic:book_appointment": Rule(only(*STAFF), post=only(*STAFF, ok=400)),
    "clinic:booking_runner_search": Rule(only(*STAFF)),
    "clinic:appointment_detail": Rule(only(*STAFF), kwargs=appointment_code),
    # POSTs (trust): an empty POST is refused with a reason (400 no reason given, 409 no new
    # time), or for attendance sends the desk back to the appointment with a message.
    "clinic:appointment_reschedule": Rule(
        only(*STAFF), kwargs=appointment_code, post=only(*STAFF, ok=409)
    ),
    "clinic:appointment_cancel": Rule(
        only(*STAFF, ok=405), kwargs=appointment_code, post=only(*STAFF, ok=400)
    ),
    "clinic:appointment_attendance": Rule(
        only(*STAFF, ok=405), kwargs=appointment_code, post=only(*STAFF, ok=302)
    ),
    "clinic:online_booking": Rule(public()),
    "clinic:online_booking_details": Rule(public(), post=public(ok=400)),
    "clinic:manage_booking": Rule(public(), kwargs=manage_token_kwargs),
    # The signed link is the credential: whoever holds it may move or cancel that visit.
    "clinic:manage_booking_reschedule": Rule(
        public(), kwargs=manage_token_kwargs, post=public(ok=409)
    ),
    "clinic:manage_booking_cancel": Rule(
        public(ok=405), kwargs=manage_token_kwargs, post=public(ok=302)
    ),
}
