"""The SQL adherence of programs.window_adherence agrees with the pure rules of
programs.adherence on the same program: versions, ties on a day, caps, pauses, days a week."""

import uuid
from datetime import date, timedelta

import pytest
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programs import adherence, selectors, window_adherence
from programs.models import Prescription, Program, SetLog
from programs.services import ItemSpec, change_prescription
from tests.programs.factories import exercise, start_program

START = date(2026, 3, 2)
SLUGS = ["side-lunge", "slant-board-squat", "hooklying-breathing"]


def python_adherence(program, first, last):
    program = selectors.with_versions(Program.objects.filter(pk=program.pk)).get()
    logs = selectors.logs_by_day(
        SetLog.objects.filter(program=program, undone_at__isnull=True)
        .values_list("day", "exercise_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return adherence.period_adherence(selectors.plan_of(program), logs, first, last)


def add_logs(program, day, slug, sets):
    for number in range(1, sets + 1):
        SetLog.objects.create(
            code=uuid.uuid4(),
            program=program,
            runner=program.runner,
            exercise=exercise(slug),
            day=day,
            set_number=number,
            dose_kind="reps",
            prescribed_dose=8,
            done_dose=8,
        )


def version(program, offset, items, sessions=1, days=7):
    return change_prescription(
        program=program,
        items=[ItemSpec(exercise(slug), sets, 8) for slug, sets in items],
        sessions_per_day=sessions,
        days_per_week=days,
        effective_from=START + timedelta(days=offset),
        note="",
        by=None,
    )


@pytest.fixture
def program(cast):
    program = start_program(cast.runner_a, start=START, weeks=6)
    version(program, 0, [("side-lunge", 2), ("slant-board-squat", 1)])  # replaces same day
    return program


def assert_agree(program, first, last):
    windows = window_adherence.by_month([(first, last)])
    (sql,) = [a for pid, _, a in windows if pid == program.pk]
    python = python_adherence(program, first, last)
    assert sql.logged == python.logged
    assert sql.prescribed == pytest.approx(python.prescribed)
    assert sql.percent == python.percent


def test_same_day_versions_count_the_last_made(program):
    add_logs(program, START, "side-lunge", 3)  # 3 done, 2 due: counts 2
    add_logs(program, START, "hooklying-breathing", 3)  # in the replaced version only: 0
    assert_agree(program, START, START)
    assert window_adherence.first_weeks([program.pk], days=1)[program.pk].logged == 2


def test_a_later_version_and_fewer_days_a_week(program):
    version(program, 10, [("hooklying-breathing", 3)], sessions=2, days=5)
    for offset in range(0, 20, 3):
        add_logs(program, START + timedelta(days=offset), "hooklying-breathing", 4)
        add_logs(program, START + timedelta(days=offset), "side-lunge", 1)
    assert_agree(program, START, START + timedelta(days=27))


def test_paused_days_are_not_due(program):
    version(program, 5, [("side-lunge", 2)])
    Prescription.objects.filter(program=program, effective_from=START + timedelta(days=5)).update(
        paused=True
    )
    add_logs(program, START + timedelta(days=6), "side-lunge", 2)
    assert_agree(program, START, START + timedelta(days=9))


def test_first_weeks_stop_at_an_early_end(program):
    Program.objects.filter(pk=program.pk).update(ended_on=START + timedelta(days=9))
    add_logs(program, START + timedelta(days=12), "side-lunge", 2)  # after the end: not counted
    result = window_adherence.first_weeks([program.pk])[program.pk]
    assert result.prescribed == pytest.approx(3 * 10)
    assert result.logged == 0


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    changes=st.lists(
        st.tuples(
            st.integers(0, 30),
            st.lists(
                st.tuples(st.sampled_from(SLUGS), st.integers(1, 3)),
                min_size=1,
                max_size=3,
                unique_by=lambda item: item[0],
            ),
            st.integers(1, 2),
            st.integers(3, 7),
        ),
        max_size=3,
    ),
    logs=st.lists(
        st.tuples(st.integers(0, 34), st.sampled_from(SLUGS), st.integers(1, 4)), max_size=25
    ),
    window=st.tuples(st.integers(0, 34), st.integers(0, 34)),
)
def test_sql_and_python_agree_on_any_program(program, changes, logs, window):
    SetLog.objects.filter(program=program).delete()  # each example starts from the fixture's
    kept = list(program.prescriptions.order_by("id").values_list("pk", flat=True)[:2])
    program.prescriptions.exclude(pk__in=kept).delete()
    for offset, items, sessions, days in sorted(changes, key=lambda change: change[0]):
        version(program, offset, items, sessions, days)
    for offset, slug, sets in {(o, s): (o, s, n) for o, s, n in logs}.values():
        add_logs(program, START + timedelta(days=offset), slug, sets)
    first, last = sorted(window)
    assert_agree(program, START + timedelta(days=first), START + timedelta(days=last))
