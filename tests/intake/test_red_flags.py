"""A red flag stops a program until a clinician overrides it or a later screening clears it."""

import datetime

from intake.models import RedFlagKind
from intake.selectors import unresolved_red_flags
from tests.factories import practice_today
from tests.intake.factories import ScreeningFactory, override

LOCKED = RedFlagKind.LOCKED_KNEE


def days_ago(n):
    return practice_today() - datetime.timedelta(days=n)


def test_no_screening_means_no_red_flags(cast):
    assert unresolved_red_flags(cast.runner_a) == []


def test_red_flag_on_latest_signed_screening_is_unresolved(cast):
    ScreeningFactory(runner=cast.runner_a, red_flags=[LOCKED])
    assert unresolved_red_flags(cast.runner_a) == ["Locked knee"]


def test_override_with_reason_resolves_the_flag(cast):
    screening = ScreeningFactory(runner=cast.runner_a, red_flags=[LOCKED])
    override(screening, LOCKED, clinician=cast.clinician)
    assert unresolved_red_flags(cast.runner_a) == []


def test_override_covers_only_the_flag_it_names(cast):
    screening = ScreeningFactory(runner=cast.runner_a, red_flags=[LOCKED, RedFlagKind.WEIGHT_LOSS])
    override(screening, LOCKED)
    assert unresolved_red_flags(cast.runner_a) == ["Unexplained weight loss"]


def test_later_screening_without_the_flag_resolves_it(cast):
    ScreeningFactory(runner=cast.runner_a, red_flags=[LOCKED], screened_on=days_ago(20))
    ScreeningFactory(runner=cast.runner_a, screened_on=days_ago(1))
    assert unresolved_red_flags(cast.runner_a) == []


def test_later_screening_with_the_flag_again_needs_a_new_override(cast):
    first = ScreeningFactory(runner=cast.runner_a, red_flags=[LOCKED], screened_on=days_ago(20))
    override(first, LOCKED)
    ScreeningFactory(runner=cast.runner_a, red_flags=[LOCKED], screened_on=days_ago(1))
    assert unresolved_red_flags(cast.runner_a) == ["Locked knee"]


def test_unsigned_draft_does_not_count(cast):
    ScreeningFactory(runner=cast.runner_a, red_flags=[LOCKED], draft=True)
    assert unresolved_red_flags(cast.runner_a) == []


def test_draft_does_not_resolve_a_signed_flag(cast):
    ScreeningFactory(runner=cast.runner_a, red_flags=[LOCKED], screened_on=days_ago(5))
    ScreeningFactory(runner=cast.runner_a, draft=True)
    assert unresolved_red_flags(cast.runner_a) == ["Locked knee"]


def test_other_runners_flags_do_not_count(cast):
    ScreeningFactory(runner=cast.runner_b, red_flags=[LOCKED])
    assert unresolved_red_flags(cast.runner_a) == []
