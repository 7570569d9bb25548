"""The daily exercise reminder: who gets one, when, and what it says (tasks run eagerly here)."""

import datetime

import pytest

from clinic.models import Delivery, DeliveryStatus
from clinic.notifications.transports.sms import RecordingSmsProvider
from programs.daily_reminder import dispatch_daily_reminders
from programs.models import ProgramStatus
from tests.clinic.notifications.conftest import EVENING, TODAY
from tests.clinic.notifications.factories import SMS, log_sets, on_program, prefer

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 6, 1)


def test_runner_on_a_program_gets_todays_exercises_by_email(cast, dispatch, mailoutbox):
    on_program(cast.runner_a, start=START)
    assert dispatch() == 1
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [cast.runner_a.email]
    assert "Hooklying breathing" in mail.body or "Wall squat" in mail.body
    assert "/programs/today/" in mail.body
    assert "/reminders/stop/" in mail.extra_headers["List-Unsubscribe"]
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.local_date, delivery.attempts) == (
        DeliveryStatus.SENT,
        TODAY,
        1,
    )


def test_second_dispatch_the_same_day_sends_nothing(cast, dispatch, mailoutbox):
    on_program(cast.runner_a, start=START)
    dispatch()
    assert dispatch(EVENING + datetime.timedelta(hours=2)) == 0
    assert len(mailoutbox) == 1


def test_next_day_gets_its_own_reminder(cast, dispatch, mailoutbox):
    on_program(cast.runner_a, start=START)
    dispatch()
    dispatch(EVENING + datetime.timedelta(days=1))
    assert len(mailoutbox) == 2
    assert sorted(Delivery.objects.values_list("local_date", flat=True)) == [
        TODAY,
        TODAY + datetime.timedelta(days=1),
    ]


def test_nothing_before_the_runners_chosen_time(cast, dispatch, mailoutbox):
    on_program(cast.runner_a, start=START)
    prefer(cast.runner_a, remind_at=datetime.time(20, 0))
    assert dispatch() == 0  # 19:00 in New York
    assert dispatch(EVENING + datetime.timedelta(hours=1)) == 1


def test_reminder_time_is_read_on_the_runners_own_clock(cast, dispatch, mailoutbox):
    on_program(cast.runner_a, start=START)
    cast.runner_b.time_zone = "America/Los_Angeles"  # 16:00 there
    cast.runner_b.save()
    on_program(cast.runner_b, start=START)
    dispatch()
    assert [m.to for m in mailoutbox] == [[cast.runner_a.email]]
    dispatch(EVENING + datetime.timedelta(hours=2))  # 18:00 in Los Angeles
    assert [m.to for m in mailoutbox][-1] == [cast.runner_b.email]


def test_local_date_recorded_is_the_runners_day(cast, dispatch):
    cast.runner_a.time_zone = "Asia/Tokyo"  # 23:00 UTC on the 3rd is 08:00 on the 4th in Tokyo
    cast.runner_a.save()
    on_program(cast.runner_a, start=START)
    prefer(cast.runner_a, remind_at=datetime.time(7, 30))
    dispatch()
    assert Delivery.objects.get().local_date == datetime.date(2026, 6, 4)


def test_opted_out_runner_gets_nothing_and_the_outbox_says_why_once_a_day(
    cast, dispatch, mailoutbox
):
    on_program(cast.runner_a, start=START)
    prefer(cast.runner_a, daily_enabled=False)
    assert dispatch() == 0
    dispatch(EVENING + datetime.timedelta(minutes=1))  # the next minute adds nothing
    assert mailoutbox == []
    [row] = Delivery.objects.all()
    assert (row.status, row.reason) == (DeliveryStatus.SKIPPED, "runner turned daily reminders off")
    assert row.local_date == TODAY


def test_day_not_chosen_gets_nothing(cast, dispatch, mailoutbox):
    on_program(cast.runner_a, start=START)
    prefer(cast.runner_a, days=0b1011011)  # not Wednesday (bit 2) nor Saturday
    assert dispatch() == 0


def silence() -> list[str]:
    """The reasons on the day's skipped rows: what the outbox says about a silent runner."""
    return list(
        Delivery.objects.filter(status=DeliveryStatus.SKIPPED).values_list("reason", flat=True)
    )


def test_runner_who_never_had_a_program_gets_nothing_and_no_row(cast, dispatch, mailoutbox):
    assert dispatch() == 0
    assert not Delivery.objects.exists()  # not a runner the reminders were ever for


def test_program_ended_this_week_gets_nothing_with_the_reason(cast, dispatch, mailoutbox):
    program = on_program(cast.runner_a, start=START, status=ProgramStatus.COMPLETED)
    program.ended_on = TODAY - datetime.timedelta(days=2)
    program.save()
    assert dispatch() == 0
    assert silence() == ["no active program"]


def test_program_ended_long_ago_leaves_no_row(cast, dispatch, mailoutbox):
    on_program(cast.runner_a, start=datetime.date(2026, 1, 5), status=ProgramStatus.COMPLETED)
    assert dispatch() == 0
    assert silence() == []


def test_program_past_its_planned_end_gets_nothing(cast, dispatch, mailoutbox):
    on_program(cast.runner_a, start=datetime.date(2026, 4, 1), weeks=2)
    assert dispatch() == 0
    assert silence() == ["no program running today"]


def test_program_not_started_yet_gets_nothing(cast, dispatch, mailoutbox):
    on_program(cast.runner_a, start=TODAY + datetime.timedelta(days=1))
    assert dispatch() == 0
    assert silence() == ["no program running today"]


def test_unknown_time_zone_is_one_skipped_row_a_day_and_no_error_each_minute(
    cast, dispatch, mailoutbox, caplog
):
    on_program(cast.runner_a, start=START)
    type(cast.runner_a).objects.filter(pk=cast.runner_a.pk).update(time_zone="Mars/Olympus_Mons")
    for minute in range(3):
        assert dispatch(EVENING + datetime.timedelta(minutes=minute)) == 0
    assert silence() == ["unknown time zone 'Mars/Olympus_Mons': set the runner's time zone"]
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    assert len([r for r in caplog.records if "Mars/Olympus_Mons" in r.getMessage()]) == 1


def test_paused_program_gets_nothing(cast, dispatch, mailoutbox):
    on_program(cast.runner_a, start=START, status=ProgramStatus.PAUSED)
    assert dispatch() == 0
    assert silence() == ["program paused"]


def test_skipped_with_reason_when_all_of_todays_sets_are_logged(cast, dispatch, mailoutbox):
    program = on_program(cast.runner_a, start=START)
    log_sets(program, TODAY)
    dispatch()
    assert mailoutbox == []
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SKIPPED
    assert "logged" in delivery.reason


def test_partly_logged_day_still_gets_a_nudge_with_progress(cast, dispatch, mailoutbox):
    program = on_program(cast.runner_a, start=START, sets=2, exercises=2)
    log_sets(program, TODAY, sets=1)
    dispatch()
    assert "1 of today's 4 sets" in mailoutbox[0].body


def test_sets_logged_yesterday_do_not_count_for_today(cast, dispatch, mailoutbox):
    program = on_program(cast.runner_a, start=START)
    log_sets(program, TODAY - datetime.timedelta(days=1))
    dispatch()
    assert len(mailoutbox) == 1


def test_text_message_channel_goes_through_the_sms_provider(cast, dispatch, mailoutbox):
    on_program(cast.runner_a, start=START)
    prefer(cast.runner_a, channel=SMS)
    dispatch()
    assert mailoutbox == []
    [message] = RecordingSmsProvider.outbox
    assert message["to"] == cast.runner_a.phone
    assert message["key"] == str(Delivery.objects.get().code)
    assert "/reminders/stop/" in message["text"]


def test_runner_without_an_email_is_skipped_with_the_reason(cast, dispatch, mailoutbox):
    cast.runner_a.email = ""
    cast.runner_a.save()
    on_program(cast.runner_a, start=START)
    dispatch()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SKIPPED
    assert delivery.reason == "no email address"


def test_message_carries_no_health_data_in_the_task_arguments(cast, dispatch, monkeypatch):
    from programs import tasks

    sent_args = []
    monkeypatch.setattr(tasks.send_daily_reminders, "delay", lambda rows: sent_args.append(rows))
    on_program(cast.runner_a, start=START)
    dispatch()
    [[row]] = sent_args
    assert row == [cast.runner_a.pk, "2026-06-03", "email", ""]


@pytest.mark.parametrize("runners", [1, 12])
def test_dispatcher_finds_everyone_due_in_a_fixed_number_of_queries(
    cast, runners, django_assert_num_queries, monkeypatch
):
    from programs import tasks
    from tests.factories import RunnerFactory

    monkeypatch.setattr(tasks.send_daily_reminders, "delay", lambda rows: None)
    for n in range(runners):
        zone = ["America/New_York", "America/Chicago"][n % 2]  # 19:00 and 18:00 there
        runner = RunnerFactory(location=cast.location, time_zone=zone)
        on_program(runner, start=START)
    # The time zones in use and the runners due on a program; the same two for runners whose
    # program ended in the past week (whose silence the outbox explains).
    with django_assert_num_queries(3):  # nobody's program just ended: no runners query
        assert dispatch_daily_reminders(now=EVENING) == runners
