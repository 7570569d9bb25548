"""The dashboard and the Today page cost a fixed number of queries, whatever the rows."""

from datetime import timedelta

import pytest
from django.urls import reverse

from clinic.clock import local_today
from programs.services import ItemSpec, change_prescription
from tests.factories import RunnerFactory
from tests.programs.factories import exercise, feedback, log_full_day, start_program

# Session, user, the count of runners for paging, the page of runners joined to their programs'
# adherence summaries, the count of flagged runners (programs.dashboard), and the open clinician
# alerts (issue 14).
DASHBOARD_QUERIES = 6
# 10, and the exercises' pictures and videos (issue 15); the run card's runs, this morning's
# pain, the runner's distance unit and return-to-run plan, and the latest screening for the
# red-flag hold (issue 14); the program is read once, with the runner the view already has
TODAY_QUERIES = 15


def busy_program(runner, clinician, days=30):
    today = local_today(runner.time_zone)
    program = start_program(runner, start=today - timedelta(days=days - 1), by=clinician)
    change_prescription(
        program=program,
        items=[
            ItemSpec(exercise("side-lunge"), 3, 10),
            ItemSpec(exercise("slant-board-squat"), 2, 8),
        ],
        sessions_per_day=2,
        days_per_week=6,
        effective_from=today - timedelta(days=5),
        note="",
        by=clinician,
    )
    for back in range(days):
        log_full_day(program, today - timedelta(days=back))
        if back % 3 == 0:
            feedback(program, today - timedelta(days=back), back % 7)
    return program


@pytest.mark.parametrize("runners", [1, 8])
def test_dashboard_queries_do_not_grow_with_runners_or_logs(
    client, cast, django_assert_num_queries, runners
):
    start_program(cast.runner_a, by=cast.clinician)
    for _ in range(runners - 1):
        busy_program(RunnerFactory(clinician=cast.clinician), cast.clinician)
    RunnerFactory(clinician=cast.clinician)  # and one with no program at all
    client.force_login(cast.clinician)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("programs:dashboard"))
    assert len(response.context["rows"]) == runners + 1


def add_runs(runner, *, days):
    import uuid
    from decimal import Decimal

    from programs.models import RunLog

    today = local_today(runner.time_zone)
    RunLog.objects.bulk_create(
        RunLog(
            code=uuid.uuid4(),
            runner=runner,
            day=today - timedelta(days=back),
            distance_km=Decimal("5"),
            duration_minutes=30,
            pain_during=back % 7,
            colour="green",
        )
        for back in range(days)
    )


@pytest.mark.parametrize("days", [1, 30])
def test_today_page_queries_do_not_grow_with_logs_or_versions(
    client, cast, django_assert_num_queries, days
):
    if days == 1:
        start_program(cast.runner_a, by=cast.clinician)
    else:
        busy_program(cast.runner_a, cast.clinician, days=days)
        add_runs(cast.runner_a, days=days)
    client.force_login(cast.runner_a.user)
    with django_assert_num_queries(TODAY_QUERIES):
        response = client.get(reverse("programs:today"))
    assert response.status_code == 200
