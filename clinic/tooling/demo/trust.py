"""Demo audit trail: ten days of the practice opening charts, so the admin's report has a story.

Idempotent: the entries carry the demo's own browser string and are written once (the access
log is append-only, so a second run adds nothing rather than replacing).
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from clinic.models import AccessLog, PracticeSecurity

DEMO_AGENTS = {
    "desk": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36 (Roadmap demo)",
    "phone": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Safari/604.1 (Roadmap demo)",
}
CLINIC_IP = "198.51.100.24"  # documentation range (RFC 5737): the practice's own connection
HOME_IP = "203.0.113.50"


def seed(practice) -> None:
    PracticeSecurity.current()  # the row exists; two-factor stays optional so demo logins work
    if AccessLog.objects.filter(user_agent__endswith="(Roadmap demo)").exists():
        return
    alex, jamie, sam = practice.runners[:3]
    dana, marcus = practice.clinicians
    desk, admin = practice.front_desk, practice.admin
    now = timezone.now().replace(second=0, microsecond=0)
    # (days ago, hour UTC, who, runner, what, url, agent, address)
    story = [
        (9, 14, desk, alex, "runner record", alex.get_absolute_url(), "desk", CLINIC_IP),
        (9, 15, dana, alex, "intake record", _intake(alex), "desk", CLINIC_IP),
        (9, 15, dana, alex, "screening", _intake(alex), "desk", CLINIC_IP),
        (8, 1, alex.user, alex, "data export (summary)", _my_data(), "phone", HOME_IP),
        (6, 13, dana, jamie, "intake record", _intake(jamie), "desk", CLINIC_IP),
        (5, 16, marcus, alex, "runner record", alex.get_absolute_url(), "desk", CLINIC_IP),
        (5, 16, marcus, alex, "intake record", _intake(alex), "desk", CLINIC_IP),
        (3, 18, admin, jamie, "data export (JSON)", _export(jamie), "desk", "192.0.2.77"),
        (2, 14, desk, sam, "runner record", sam.get_absolute_url(), "desk", CLINIC_IP),
        (1, 15, dana, alex, "questionnaire scores", _intake(alex), "desk", CLINIC_IP),
        (0, 13, dana, sam, "intake record", _intake(sam), "desk", CLINIC_IP),
    ]
    AccessLog.objects.bulk_create(
        AccessLog(
            at=_at(now, days_ago, hour),
            actor=who,
            actor_role=who.role,
            runner=runner,
            runner_code=runner.code,
            what=what,
            path=url,
            ip_address=address,
            user_agent=DEMO_AGENTS[agent],
        )
        for days_ago, hour, who, runner, what, url, agent, address in story
    )


def _at(now, days_ago, hour):
    """That day at that hour (UTC), and never in the future when the demo is loaded early."""
    moment = (now - datetime.timedelta(days=days_ago)).replace(hour=hour, minute=12)
    return min(moment, now - datetime.timedelta(minutes=10))


def _my_data():
    return reverse("clinic:my_data")


def _intake(runner):
    return reverse("intake:record", kwargs={"code": runner.code})


def _export(runner):
    return reverse("clinic:runner_data_json", kwargs={"code": runner.code})
