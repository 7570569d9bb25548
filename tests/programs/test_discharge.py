"""Discharge: the summary built from the record (docs/domain.md §7.2), kept as it was on the day,
as a page and a PDF for the runner and their doctor."""

import io
from datetime import timedelta

import pypdf
import pytest
from django.urls import reverse

from clinic.clock import local_today
from clinic.models import AccessLog
from intake.services import record_response
from programs.discharge import discharge_runner, summary_for
from programs.models import Discharge, ProgramStatus
from programs.services import ItemSpec
from tests.programs.factories import exercise, log_full_day, start_program


def respond(runner, kind, answers, day):
    record_response(
        runner=runner, questionnaire=kind, answers=answers, source="runner", completed_on=day
    )


@pytest.fixture
def episode(cast):
    """Runner A: 4 weeks of a program, every other day fully done; NPRS 6 then 3 (meaningful),
    Kujala 70 then 75 (not), LEFS answered once (left out)."""
    runner = cast.runner_a
    today = local_today(runner.time_zone)
    start = today - timedelta(days=27)
    program = start_program(runner, start=start, weeks=6, by=cast.clinician)
    for back in range(0, 28, 2):
        log_full_day(program, today - timedelta(days=back))
    respond(runner, "nprs", {"NPRS": 6}, start)
    respond(runner, "nprs", {"NPRS": 3}, today)
    kujala_70 = {f"K{n}": a for n, a in enumerate([1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0], 1)}
    kujala_75 = {**kujala_70, "K4": 0}
    respond(runner, "kujala", kujala_70, start)
    respond(runner, "kujala", kujala_75, today)
    respond(runner, "lefs", {f"L{n}": 3 for n in range(1, 21)}, start)
    return program, today


def discharge(cast, today, **kwargs):
    return discharge_runner(
        runner=cast.runner_a,
        reason=kwargs.pop("reason", "goals_met"),
        note=kwargs.pop("note", "Back to full training."),
        home_program=kwargs.pop("home_program", [ItemSpec(exercise("side-lunge"), 2, 10)]),
        home_sessions_per_day=1,
        home_days_per_week=3,
        today=today,
        by=cast.clinician,
    )


def test_the_summary_has_first_and_last_scores_with_the_meaningful_change(cast, episode):
    program, today = episode
    done = discharge(cast, today)
    outcomes = {o.questionnaire: o for o in done.outcomes.all()}
    assert set(outcomes) == {"nprs", "kujala"}  # LEFS was answered once
    nprs = outcomes["nprs"]
    assert (nprs.first_score, nprs.last_score, nprs.change) == (6, 3, -3)
    assert nprs.meaningful and nprs.better
    kujala = outcomes["kujala"]
    assert kujala.last_score - kujala.first_score == kujala.change < 10
    assert not kujala.meaningful
    assert done.reached_meaningful_change


def test_adherence_is_over_the_program_up_to_discharge(cast, episode):
    _, today = episode
    # 14 of 28 days fully done, 7 days a week: 50 %
    assert discharge(cast, today).adherence_percent == 50


def test_discharge_finishes_the_program_and_keeps_the_home_program(cast, episode):
    program, today = episode
    done = discharge(cast, today)
    program.refresh_from_db()
    assert program.status == ProgramStatus.COMPLETED and program.ended_on == today
    home = done.home_program.get()
    assert (home.exercise_version.name, home.sets_per_session, home.dose) == ("Side lunge", 2, 10)
    assert home.dose_text == "10 reps each side"


def test_return_to_run_is_not_recorded_without_a_plan_or_runs(cast, episode):
    _, today = episode
    done = discharge(cast, today)
    assert (done.return_to_run_stage, done.weekly_distance_km) == (None, None)


def test_the_discharge_keeps_the_plans_stage_and_the_weeks_distance(cast, episode):
    import uuid
    from decimal import Decimal

    from programs.models import RunLog, default_plan_stages
    from programs.plans import prescribe_plan

    _, today = episode
    prescribe_plan(
        runner=cast.runner_a,
        stages=default_plan_stages(),
        stage=5,
        sessions_per_week=3,
        entry_criteria="",
        today=today,
        by=cast.clinician,
    )
    for back, km in [(0, "4.25"), (3, "5"), (7, "9")]:  # 7 days back is outside the week
        RunLog.objects.create(
            code=uuid.uuid4(),
            runner=cast.runner_a,
            day=today - timedelta(days=back),
            distance_km=Decimal(km),
            duration_minutes=30,
            pain_during=1,
            colour="green",
        )
    done = discharge(cast, today)
    assert (done.return_to_run_stage, done.weekly_distance_km) == (5, Decimal("9.3"))


def test_the_summary_does_not_change_when_the_record_grows(cast, episode):
    _, today = episode
    done = discharge(cast, today)
    respond(cast.runner_a, "nprs", {"NPRS": 8}, today)
    assert done.outcomes.get(questionnaire="nprs").last_score == 3


def test_a_second_episode_starts_after_the_last_discharge(cast, episode):
    _, today = episode
    discharge(cast, today - timedelta(days=1), home_program=[])
    assert summary_for(cast.runner_a, today).outcomes == []  # one of each since: no change yet
    respond(cast.runner_a, "nprs", {"NPRS": 5}, today)
    (nprs,) = summary_for(cast.runner_a, today).outcomes
    assert (nprs.first_score, nprs.last_score) == (3, 5)  # the 6 before discharge is not in it


def test_a_worse_score_is_meaningful_but_not_reached(cast):
    runner = cast.runner_a
    today = local_today(runner.time_zone)
    respond(runner, "nprs", {"NPRS": 2}, today - timedelta(days=20))
    respond(runner, "nprs", {"NPRS": 6}, today)
    done = discharge(cast, today, reason="referred", home_program=[])
    outcome = done.outcomes.get()
    assert outcome.meaningful and not outcome.better
    assert not done.reached_meaningful_change
    assert done.program is None and done.adherence_percent is None


@pytest.fixture
def clinician_client(client, cast):
    client.force_login(cast.clinician)
    return client


def test_the_clinician_discharges_from_the_form(clinician_client, cast, episode):
    url = reverse("programs:discharge_new", kwargs={"code": cast.runner_a.code})
    page = clinician_client.get(url).content.decode()
    assert "Pain rating (NPRS)" in page and "Not recorded" in page
    form = {
        "reason": "self_managing",
        "note": "Keep the 90/90 work.",
        "home_sessions_per_day": "1",
        "home_days_per_week": "3",
        "home-TOTAL_FORMS": "1",
        "home-INITIAL_FORMS": "0",
        "home-0-exercise": exercise("ninety-ninety-pails-rails").pk,
        "home-0-sets_per_session": "2",
        "home-0-dose": "30",
    }
    response = clinician_client.post(url, form)
    done = Discharge.objects.get()
    assert response["Location"] == done.get_absolute_url()
    assert done.reason == "self_managing"
    assert done.home_program.get().exercise.slug == "ninety-ninety-pails-rails"


def test_a_discharge_without_a_reason_keeps_what_was_typed(clinician_client, cast):
    url = reverse("programs:discharge_new", kwargs={"code": cast.runner_a.code})
    response = clinician_client.post(
        url,
        {
            "note": "Typed and kept",
            "home_sessions_per_day": "1",
            "home_days_per_week": "3",
            "home-TOTAL_FORMS": "0",
            "home-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    assert "Typed and kept" in response.content.decode()
    assert not Discharge.objects.exists()


def test_the_runner_reads_their_summary_and_gets_the_pdf(client, cast, episode):
    _, today = episode
    done = discharge(cast, today)
    client.force_login(cast.runner_a.user)
    today_page = client.get(reverse("programs:today")).content.decode()
    assert done.get_absolute_url() in today_page
    page = client.get(done.get_absolute_url()).content.decode()
    assert "Home program to keep" in page and "Side lunge" in page
    pdf = client.get(reverse("programs:discharge_pdf", kwargs={"code": done.code}))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(what="discharge summary (PDF)", runner=cast.runner_a).exists()


def test_discharge_summary_pdf_carries_the_letterhead_and_figures(client, cast, episode):
    _, today = episode
    cast.location.phone = "+19195550100"
    cast.location.address = "101 Kildaire Farm Rd, Cary, NC"
    cast.location.save()
    done = discharge(cast, today)
    client.force_login(cast.runner_a.user)
    content = client.get(reverse("programs:discharge_pdf", kwargs={"code": done.code})).content
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert "101 Kildaire Farm Rd" in text and "919" in text
    assert "Pain rating (NPRS)" in text and "Yes, better" in text
    assert "Not recorded" in text
