"""Demo intake data: histories, screenings (one amended, one with a red flag, one overridden),
and questionnaire series that show trends and meaningful changes. Idempotent: each runner's
intake is rebuilt from scratch on every run."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from intake.models import (
    QuestionnaireResponse,
    RedFlag,
    RedFlagKind,
    RedFlagOverride,
    ResponseSource,
    RunnerHistory,
    Screening,
    SquatQuality,
    ThomasResult,
)
from intake.questionnaires import items, score

KOOS_CODES = [item.code for item in items("koos")]


def _koos(level: int, skip_pain: bool = False) -> dict:
    """A KOOS with every item at `level` except the sport items one worse."""
    answers = {code: (min(level + 1, 4) if code.startswith("SP") else level) for code in KOOS_CODES}
    if skip_pain:  # a runner who skipped most of the pain page: pain is reported as missing
        for code in ("P2", "P3", "P4", "P5", "P6"):
            answers[code] = None
    return answers


def _kujala(choices):
    return {f"K{n}": choice for n, choice in enumerate(choices, start=1)}


def _lefs(level_list):
    return {f"L{n}": value for n, value in enumerate(level_list, start=1)}


def _respond(runner, questionnaire, answers, weeks_ago, source=ResponseSource.RUNNER, by=None):
    QuestionnaireResponse.objects.create(
        runner=runner,
        questionnaire=questionnaire,
        answers=answers,
        scores=score(questionnaire, answers),
        source=source,
        entered_by=by,
        completed_on=timezone.localdate() - datetime.timedelta(weeks=weeks_ago),
    )


def _screen(runner, clinician, weeks_ago, flags=(), **values):
    screening = Screening.objects.create(
        runner=runner,
        clinician=clinician,
        screened_on=timezone.localdate() - datetime.timedelta(weeks=weeks_ago),
        signed_at=timezone.now() - datetime.timedelta(weeks=weeks_ago),
        **values,
    )
    for kind in flags:
        RedFlag.objects.create(screening=screening, kind=kind)
    return screening


def _clear(runner):
    runner.responses.all().delete()
    screenings = list(Screening.objects.filter(runner=runner))
    RedFlagOverride.objects.filter(screening__in=screenings).delete()
    # Amendments protect what they amend: delete newest first.
    for screening in sorted(screenings, key=lambda s: s.amends_id is None):
        screening.delete()
    RunnerHistory.objects.filter(runner=runner).delete()


@transaction.atomic
def seed(practice) -> None:
    alex, jamie, sam, taylor = practice.runners[:4]
    dana = practice.clinicians[0]
    for runner in (alex, jamie, sam, taylor):
        _clear(runner)

    # Alex: forward-leaning marathoner, stiff hips, improving over ten weeks.
    RunnerHistory.objects.create(
        runner=alex,
        knee_side="right",
        pain_locations=["around_kneecap"],
        pain_since=timezone.localdate() - datetime.timedelta(weeks=20),
        pain_now=3,
        pain_worst=7,
        aggravating_activities=["running", "stairs", "sitting"],
        distance_unit="mi",
        weekly_distance_km=Decimal("56.3"),
        longest_run_km=Decimal("29.0"),
        years_running=18,
        next_race="City of Oaks Marathon",
        next_race_date=timezone.localdate() + datetime.timedelta(weeks=14),
        previous_injuries="Left Achilles tendinopathy in 2019.",
        updated_by=alex.user,
    )
    first = _screen(
        alex,
        dana,
        10,
        forward_lean=True,
        anterior_pelvic_tilt=True,
        lumbar_compression=True,
        calf_ankle_tightness="both",
        hip_ir_left=24,
        hip_ir_right=18,
        hip_er_left=34,
        hip_er_right=32,
        knee_to_wall_left_cm=Decimal("8.5"),
        knee_to_wall_right_cm=Decimal("6.0"),
        thomas_left=ThomasResult.NEGATIVE,
        thomas_right=ThomasResult.POSITIVE,
        single_leg_squat_left=SquatQuality.GOOD,
        single_leg_squat_right=SquatQuality.POOR,
        findings_notes="Right knee drops in on single-leg squat. Forward lean in standing too.",
    )
    Screening.objects.create(
        runner=alex,
        clinician=dana,
        screened_on=first.screened_on,
        signed_at=first.signed_at + datetime.timedelta(hours=3),
        amends=first,
        amendment_reason="Right IR was 28°, not 18°: copied wrongly from the goniometer sheet.",
        **{
            field: getattr(first, field)
            for field in (
                "forward_lean",
                "anterior_pelvic_tilt",
                "lumbar_compression",
                "calf_ankle_tightness",
                "hip_ir_left",
                "hip_er_left",
                "hip_er_right",
                "knee_to_wall_left_cm",
                "knee_to_wall_right_cm",
                "thomas_left",
                "thomas_right",
                "single_leg_squat_left",
                "single_leg_squat_right",
                "findings_notes",
            )
        },
        hip_ir_right=28,
    )
    _screen(
        alex,
        dana,
        2,
        forward_lean=True,
        anterior_pelvic_tilt=True,
        hip_ir_left=29,
        hip_ir_right=27,
        hip_er_left=37,
        hip_er_right=36,
        knee_to_wall_left_cm=Decimal("9.5"),
        knee_to_wall_right_cm=Decimal("8.0"),
        thomas_left=ThomasResult.NEGATIVE,
        thomas_right=ThomasResult.NEGATIVE,
        single_leg_squat_left=SquatQuality.GOOD,
        single_leg_squat_right=SquatQuality.FAIR,
        findings_notes="Better control on the right. Keep the 90/90 work.",
    )
    for weeks, level, kujala, lefs, nprs in (
        (10, 2, [1, 1, 1, 2, 2, 2, 1, 2, 2, 1, 1, 1, 0], 2, 6),
        (6, 1, [1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0], 3, 4),
        (1, 1, [0, 0, 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0], 3, 2),
    ):
        _respond(alex, "koos", _koos(level), weeks)
        _respond(alex, "kujala", _kujala(kujala), weeks)
        _respond(alex, "lefs", _lefs([lefs + (i % 2 if lefs < 4 else 0) for i in range(20)]), weeks)
        _respond(alex, "nprs", {"NPRS": nprs}, weeks)

    # Jamie: a red flag on the latest screening, not yet overridden; KOOS due, one partial KOOS
    # entered from paper.
    _screen(
        jamie,
        dana,
        0,
        flags=[RedFlagKind.CONSTANT_PAIN],
        hip_ir_left=31,
        hip_ir_right=30,
        hip_er_left=40,
        hip_er_right=39,
        findings_notes="Night pain for three weeks, not eased by rest. Referred to GP today.",
    )
    _respond(jamie, "koos", _koos(2, skip_pain=True), 7, source=ResponseSource.PAPER, by=dana)
    _respond(jamie, "nprs", {"NPRS": 7}, 7)

    # Sam: red flag overridden by the clinician after imaging.
    flagged = _screen(
        sam,
        dana,
        3,
        flags=[RedFlagKind.EFFUSION_AFTER_INJURY],
        hip_ir_left=26,
        hip_ir_right=27,
        hip_er_left=41,
        hip_er_right=40,
        single_leg_squat_left=SquatQuality.FAIR,
        single_leg_squat_right=SquatQuality.FAIR,
    )
    RedFlagOverride.objects.create(
        screening=flagged,
        kind=RedFlagKind.EFFUSION_AFTER_INJURY,
        clinician=dana,
        reason="MRI clear of structural damage; effusion settled. Orthopaedics agree to loading.",
    )
    _respond(sam, "kujala", _kujala([1, 1, 1, 2, 2, 3, 2, 2, 3, 2, 1, 1, 1]), 3)

    # Taylor: booked, nothing answered yet: every questionnaire due, a draft screening open.
    Screening.objects.create(runner=taylor, clinician=dana, screened_on=timezone.localdate())
