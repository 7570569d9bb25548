"""The intake invitation, a kind of the practice's delivery ledger: one signed link per
questionnaire, sent when a Runner's Roadmap is booked (intake.services.invite_to_questionnaires),
dated and timed by the visit it prepares for, in the location's zone."""

import datetime
import uuid

from clinic.models import Appointment, Delivery
from clinic.notifications import content
from clinic.notifications.kinds import Composed
from intake.links import link_url
from intake.models import Questionnaire

# The order a runner is asked to fill them in: the short ones last so the long one isn't skipped.
INVITATION_ORDER = (
    Questionnaire.KOOS,
    Questionnaire.KUJALA,
    Questionnaire.LEFS,
    Questionnaire.NPRS,
)


def appointment_day(appointment: Appointment) -> datetime.date:
    return appointment.starts_at.astimezone(
        content.zone_named(appointment.location.time_zone)
    ).date()


def _is_code(reference: str) -> bool:
    try:
        uuid.UUID(reference)
    except ValueError:
        return False
    return True


def compose_invitations(deliveries: list[Delivery]) -> dict[int, Composed]:
    """Each invitation, with fresh links (a link works once: a resend must carry new ones)."""
    codes = {d.reference for d in deliveries if _is_code(d.reference)}
    appointments = {
        str(a.code): a
        for a in Appointment.objects.filter(code__in=codes).select_related(
            "location", "clinician", "appointment_type"
        )
    }
    composed = {}
    for delivery in deliveries:
        runner = delivery.runner
        appointment = appointments.get(delivery.reference)
        location = appointment.location if appointment else runner.location
        links = [(Questionnaire(kind).label, link_url(runner, kind)) for kind in INVITATION_ORDER]
        composed[delivery.pk] = content.render(
            "intake_invitation",
            {"runner": runner, "links": links, "appointment": appointment},
            channel=delivery.channel,
            zone=location.time_zone if location else runner.time_zone,
            location=location,
        )
    return composed
