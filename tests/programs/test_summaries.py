"""The dashboard's adherence summaries follow every change a clinician would see on it."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from clinic.clock import local_today
from programs import summaries
from programs.models import AdherenceSummary, DoseKind, Exercise, Program, ProgramStatus, Protocol
from programs.selectors import with_versions
from programs.services import ItemSpec, log_set, save_exercise, save_protocol, set_status, undo_set
from tests.factories import RunnerFactory
from tests.programs.factories import log_full_day, start_program


@pytest.fixture
def program(cast):
    today = local_today(cast.runner_a.time_zone)
    return start_program(cast.runner_a, start=today - timedelta(days=3), by=cast.clinician)


def first_set(program):
    """The first exercise of the program's prescription."""
    item = program.prescriptions.latest().items.select_related("exercise").first()
    return item.exercise


def dashboard_row(client, cast, runner):
    client.force_login(cast.clinician)
    rows = client.get(reverse("programs:dashboard")).context["rows"]
    return next(row for row in rows if row.runner == runner)


def test_undoing_a_set_takes_it_off_the_dashboard(client, cast, program):
    today = local_today(cast.runner_a.time_zone)
    code = uuid.uuid4()
    log_set(
        program=program,
        code=code,
        exercise=first_set(program),
        day=today,
        set_number=1,
        today=today,
    )
    logged = dashboard_row(client, cast, cast.runner_a).active_days_30
    undo_set(program=program, code=code)
    undone = dashboard_row(client, cast, cast.runner_a).active_days_30
    assert (logged, undone) == (1, 0)


def test_a_completed_program_leaves_the_dashboard_offering_a_new_one(client, cast, program):
    set_status(
        program=program,
        status=ProgramStatus.COMPLETED,
        today=local_today(cast.runner_a.time_zone),
        by=cast.clinician,
    )
    assert not AdherenceSummary.objects.filter(program=program).exists()
    row = dashboard_row(client, cast, cast.runner_a)
    assert row.program is None and row.last_7 is None
    client.force_login(cast.clinician)
    assert "Start a program" in client.get(reverse("programs:dashboard")).content.decode()


def test_the_hourly_rebuild_works_out_only_the_days_that_have_turned_over(cast, program):
    other = start_program(cast.runner_b)
    yesterday = local_today(cast.runner_a.time_zone) - timedelta(days=1)
    AdherenceSummary.objects.filter(program=program).update(as_of=yesterday, last_7=99)
    before = AdherenceSummary.objects.get(program=other).updated_at

    assert summaries.rebuild() == 1
    rebuilt = AdherenceSummary.objects.get(program=program)
    assert (rebuilt.as_of, rebuilt.last_7) == (local_today(cast.runner_a.time_zone), 0)
    assert AdherenceSummary.objects.get(program=other).updated_at == before


def test_the_dashboard_never_shows_yesterdays_figures(client, cast, program):
    """The hourly rebuild may not have reached a runner yet: their row is worked out on the spot."""
    log_full_day(program, local_today(cast.runner_a.time_zone))
    yesterday = local_today(cast.runner_a.time_zone) - timedelta(days=1)
    AdherenceSummary.objects.filter(program=program).update(as_of=yesterday, last_7=99)
    assert dashboard_row(client, cast, cast.runner_a).last_7 == 25


def test_a_summary_is_made_for_a_program_that_has_none(client, cast, program):
    AdherenceSummary.objects.all().delete()
    row = dashboard_row(client, cast, cast.runner_a)
    assert (row.program, row.last_7) == (program, 0)


def test_sorting_by_adherence_runs_across_pages(client, cast):
    """30 runners, 25 to a page: the least adherent come first whichever page they'd land on."""
    today = local_today(cast.runner_a.time_zone)
    logged = []
    for n in range(30):
        runner = RunnerFactory(clinician=cast.clinician, location=cast.location)
        program = start_program(runner, start=today - timedelta(days=6))
        if n % 3 == 0:
            log_full_day(program, today)
            logged.append(runner)
    client.force_login(cast.clinician)
    url = reverse("programs:dashboard") + "?sort=adherence_7"
    first = client.get(url).context["rows"]
    second = client.get(url + "&page=2").context["rows"]
    # Runner A has no program: no figure, so last of all.
    assert second[-1].runner == cast.runner_a and second[-1].last_7 is None
    figures = [row.last_7 for row in [*first, *second[:-1]]]
    assert figures == sorted(figures) and len(figures) == 30
    # 20 runners logged nothing (0 %): they fill page 1, so page 2 holds only runners who logged.
    assert len(second[:-1]) == 5 and {row.runner for row in second[:-1]} <= set(logged)


def own_protocol(by) -> Protocol:
    """A one-exercise protocol made here: the seeded library comes from data migrations, and an
    earlier committing test's flush may have emptied it."""
    exercise = save_exercise(
        exercise=Exercise(
            slug="test-bridge",
            name="Test bridge",
            purpose="Hips",
            setup="Lie down",
            movement="Lift",
            cues="Squeeze",
            dose_kind=DoseKind.REPS,
            default_sets=2,
            default_dose=8,
        ),
        by=by,
    )
    return save_protocol(
        protocol=Protocol(name="Test protocol", sessions_per_day=1, days_per_week=7),
        items=[ItemSpec(exercise, 2, 8)],
        by=by,
    )


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_sets_logged_at_the_same_moment_both_count(cast):
    """The second writer waits for the first, then counts both: neither write loses the other."""
    today = local_today(cast.runner_a.time_zone)
    protocol = own_protocol(cast.clinician)
    program = start_program(cast.runner_a, start=today, by=cast.clinician, protocol=protocol)
    exercise = first_set(program)
    barrier = threading.Barrier(2)

    def log(set_number):
        try:
            barrier.wait()
            log_set(
                program=program,
                code=uuid.uuid4(),
                exercise=exercise,
                day=today,
                set_number=set_number,
                today=today,
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=log, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = AdherenceSummary.objects.get(program=program)
    program.refresh_from_db()
    [worked_out] = summaries.work_out(
        list(with_versions(Program.objects.filter(pk=program.pk)).select_related("runner")),
        timezone.now(),
    )
    assert program.set_logs.count() == 2
    assert stored.daily[-1] == worked_out.daily[-1] > 0
