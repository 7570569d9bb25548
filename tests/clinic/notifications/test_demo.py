"""The demo: a runner is due for a reminder as soon as it is loaded, and it loads twice cleanly."""

import pytest

from clinic.models import Delivery, DeliveryStatus, ReminderPreference
from clinic.tooling.demo import practice as demo
from clinic.tooling.demo import programs as programs_demo
from clinic.tooling.demo import reminders as reminders_demo
from programs.daily_reminder import dispatch_daily_reminders

pytestmark = pytest.mark.django_db


def test_demo_runner_gets_a_reminder_at_the_next_tick(
    mailoutbox, django_capture_on_commit_callbacks
):
    practice = demo.seed()
    programs_demo.seed(practice)
    reminders_demo.seed(practice)
    rows = Delivery.objects.count()
    reminders_demo.seed(demo.seed())
    assert Delivery.objects.count() == rows
    assert ReminderPreference.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        dispatch_daily_reminders()
    assert practice.runners[0].email in {m.to[0] for m in mailoutbox}
    assert Delivery.objects.filter(status=DeliveryStatus.FAILED).exists()  # the outbox shows it


def test_demo_outbox_shows_every_kind_and_every_state():
    from clinic.models import DeliveryKind
    from clinic.tooling.demo import seed

    seed()
    assert set(Delivery.objects.values_list("kind", flat=True)) == set(DeliveryKind.values)
    assert set(Delivery.objects.values_list("status", flat=True)) == set(DeliveryStatus.values)
