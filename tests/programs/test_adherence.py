"""Adherence arithmetic (programs/adherence.py): pure, no database."""

from datetime import date, timedelta

from programs.adherence import (
    Adherence,
    Plan,
    Version,
    active_days,
    day_adherence,
    is_falling,
    last_days_adherence,
    pain_flag,
    period_adherence,
    program_adherence,
    streak,
    week_adherence,
    weekly_series,
)

MON = date(2026, 3, 2)  # a Monday
SQUAT, LUNGE = 1, 2


def plan(*versions, start=MON, weeks=6):
    return Plan(start=start, last_day=start + timedelta(weeks=weeks, days=-1), versions=versions)


def full_days(first, count, due):
    return {first + timedelta(days=n): dict(due) for n in range(count)}


BASE = Version(effective_from=MON, sets_due={SQUAT: 3, LUNGE: 2})


def test_day_adherence_is_sets_logged_over_sets_due():
    result = day_adherence(plan(BASE), {MON: {SQUAT: 3}}, MON)
    assert (result.logged, result.prescribed, result.percent) == (3, 5, 60)


def test_extra_sets_of_one_exercise_do_not_make_up_for_another():
    assert day_adherence(plan(BASE), {MON: {SQUAT: 9}}, MON).percent == 60


def test_nothing_due_means_no_score_rather_than_zero():
    assert Adherence(logged=0, prescribed=0).percent is None
    assert day_adherence(plan(BASE), {}, MON - timedelta(days=1)).percent is None


def test_a_later_edit_does_not_rejudge_earlier_days():
    edit = Version(effective_from=MON + timedelta(days=3), sets_due={SQUAT: 4, LUNGE: 4})
    logs = full_days(MON, 3, {SQUAT: 3, LUNGE: 2})
    assert period_adherence(plan(BASE, edit), logs, MON, MON + timedelta(days=2)).percent == 100
    # After the edit the same effort is judged against the new, larger dose.
    thursday = MON + timedelta(days=3)
    assert day_adherence(plan(BASE, edit), {thursday: {SQUAT: 3, LUNGE: 2}}, thursday).percent == 62


def test_week_adherence_across_an_edit_mixes_both_versions():
    edit = Version(effective_from=MON + timedelta(days=4), sets_due={SQUAT: 1})
    logs = full_days(MON, 4, {SQUAT: 3, LUNGE: 2}) | full_days(
        MON + timedelta(days=4), 3, {SQUAT: 1}
    )
    result = week_adherence(plan(BASE, edit), logs, MON, today=MON + timedelta(days=6))
    assert (result.logged, result.prescribed, result.percent) == (23, 23, 100)


def test_paused_days_are_not_due():
    pause = Version(effective_from=MON + timedelta(days=2), sets_due={SQUAT: 3}, paused=True)
    logs = full_days(MON, 2, {SQUAT: 3, LUNGE: 2})
    assert period_adherence(plan(BASE, pause), logs, MON, MON + timedelta(days=6)).percent == 100


def test_fewer_days_a_week_expects_a_share_of_each_day():
    five_days = Version(effective_from=MON, sets_due={SQUAT: 7}, days_per_week=5)
    logs = full_days(MON, 5, {SQUAT: 7})
    assert week_adherence(plan(five_days), logs, MON, today=MON + timedelta(days=6)).percent == 100
    assert day_adherence(plan(five_days), {}, MON + timedelta(days=5)).prescribed == 7


def test_weeks_run_monday_to_sunday():
    sunday, monday = MON + timedelta(days=6), MON + timedelta(days=7)
    logs = {sunday: {SQUAT: 3, LUNGE: 2}}
    long_plan = plan(BASE)
    assert week_adherence(long_plan, logs, monday, today=monday).logged == 0
    assert week_adherence(long_plan, logs, sunday, today=monday).logged == 5


def test_week_is_judged_only_up_to_today():
    logs = full_days(MON, 2, {SQUAT: 3, LUNGE: 2})
    assert week_adherence(plan(BASE), logs, MON, today=MON + timedelta(days=1)).percent == 100


def test_program_adherence_ignores_days_before_the_start_and_after_today():
    start = MON + timedelta(days=2)
    logs = full_days(MON, 5, {SQUAT: 3, LUNGE: 2})
    result = program_adherence(plan(BASE, start=start), logs, today=start + timedelta(days=2))
    assert (result.logged, result.prescribed) == (15, 15)


def test_last_seven_days_include_today():
    today = MON + timedelta(days=10)
    assert last_days_adherence(plan(BASE), {today: {SQUAT: 3, LUNGE: 2}}, today, 7).logged == 5


def test_active_days_counts_days_with_any_log_in_the_last_30():
    today = MON + timedelta(days=40)
    days = [today, today, today - timedelta(days=29), today - timedelta(days=30)]
    assert active_days(days, today) == 2


def test_streak_counts_back_from_today_or_yesterday():
    today = MON + timedelta(days=10)
    days = [today - timedelta(days=n) for n in (1, 2, 3, 5)]
    assert streak(days, today) == 3
    assert streak([*days, today], today) == 4
    assert streak([today - timedelta(days=2)], today) == 0


def test_falling_adherence_is_flagged_against_the_runners_own_rate():
    today = MON + timedelta(days=29)
    steady = full_days(MON, 30, {SQUAT: 3, LUNGE: 2})
    assert not is_falling(plan(BASE), steady, today)
    dropped = full_days(MON, 23, {SQUAT: 3, LUNGE: 2})
    assert is_falling(plan(BASE), dropped, today)


def test_a_new_runner_with_no_history_is_not_falling():
    assert not is_falling(plan(BASE), {}, MON + timedelta(days=3))


def test_pain_of_five_or_more_is_flagged():
    assert pain_flag([2, 5])
    assert not pain_flag([4, 0])


def test_weekly_series_lists_program_weeks_oldest_first():
    today = MON + timedelta(days=15)
    series = weekly_series(plan(BASE), full_days(MON, 16, {SQUAT: 3, LUNGE: 2}), today)
    assert [monday for monday, _ in series] == [
        MON,
        MON + timedelta(days=7),
        MON + timedelta(days=14),
    ]
    assert [percent for _, percent in series] == [100, 100, 100]
