"""The staff runner page at a glance: visits, the current program with its 7-day adherence, and
the latest score of each questionnaire; clinical parts for clinical staff only."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinic.clock import local_today
from programs.models import AdherenceSummary
from tests.intake.factories import QuestionnaireResponseFactory, visit_of
from tests.programs.factories import log_full_day, start_program

pytestmark = pytest.mark.django_db


def page_of(client, user, runner) -> str:
    client.force_login(user)
    response = client.get(reverse("clinic:runner_detail", kwargs={"code": runner.code}))
    assert response.status_code == 200
    return response.content.decode()


def on_program(cast):
    runner = cast.runner_a
    today = local_today(runner.time_zone)
    program = start_program(runner, start=today - datetime.timedelta(days=7), by=cast.clinician)
    for back in range(1, 8):
        log_full_day(program, today - datetime.timedelta(days=back), today=today)
    return program


def test_clinician_sees_program_adherence_and_latest_scores(client, cast):
    program = on_program(cast)
    summary = AdherenceSummary.objects.get(runner=cast.runner_a)
    assert summary.last_7 is not None
    QuestionnaireResponseFactory(
        runner=cast.runner_a,
        scores={"total": 6},
        completed_on=local_today(cast.runner_a.time_zone) - datetime.timedelta(days=20),
    )
    QuestionnaireResponseFactory(runner=cast.runner_a, scores={"total": 3})
    visit_of(cast.runner_a, cast.clinician, days_ago=2)
    page = page_of(client, cast.clinician, cast.runner_a)
    assert program.name in page and "Active" in page
    assert reverse("programs:program_detail", kwargs={"code": program.code}) in page
    glance = page.split('id="program-adherence"')[1].split("</p>")[0]
    assert f"<strong>{summary.last_7}%</strong>" in glance
    scores = page.split('id="scores-heading"')[1].split("</section>")[0]
    assert ": 3 " in scores and ": 6 " not in scores  # the latest NPRS, not the first
    assert 'id="visits-heading"' in page and "No visits yet." not in page


def test_runner_without_program_or_scores_says_so(client, cast):
    page = page_of(client, cast.clinician, cast.runner_a)
    assert "No current program." in page
    assert "No questionnaires answered yet." in page


def test_front_desk_sees_visits_but_no_program_or_scores(client, cast):
    program = on_program(cast)
    QuestionnaireResponseFactory(runner=cast.runner_a)
    visit_of(cast.runner_a, cast.clinician, days_ago=2)
    page = page_of(client, cast.front_desk, cast.runner_a)
    assert 'id="visits-heading"' in page and "No visits yet." not in page
    assert program.name not in page
    assert "Latest scores" not in page and "Adherence" not in page


def queries(client, runner) -> int:
    url = reverse("clinic:runner_detail", kwargs={"code": runner.code})
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_runner_page_queries_stay_fixed_as_the_record_grows(client, cast):
    client.force_login(cast.clinician)
    on_program(cast)
    QuestionnaireResponseFactory(runner=cast.runner_a)
    visit_of(cast.runner_a, cast.clinician, days_ago=2)
    few = queries(client, cast.runner_a)
    for back in range(3, 15):
        visit_of(cast.runner_a, cast.clinician, days_ago=back)
        QuestionnaireResponseFactory(runner=cast.runner_a, questionnaire="nprs")
    many = queries(client, cast.runner_a)
    # session, user, runner, the access audit row, visits, program with its summary, responses
    assert few == many == 7, (few, many)
