"""Findings a clinician reads from the latest signed screening (rules in intake.findings)."""

import datetime

import pytest

from intake.models import RotationPosition, SquatQuality, ThomasResult
from intake.selectors import latest_findings
from tests.factories import practice_today
from tests.intake.factories import ScreeningFactory


def findings(cast, **values):
    ScreeningFactory(runner=cast.runner_a, **values)
    return latest_findings(cast.runner_a)


def test_healthy_screening_has_no_findings(cast):
    assert findings(cast) == {}


def test_no_screening_has_no_findings(cast):
    assert latest_findings(cast.runner_a) == {}


def test_factory_can_ask_for_each_finding(cast):
    codes = [
        "anterior_pelvic_tilt",
        "lumbar_compression",
        "limited_internal_rotation",
        "limited_external_rotation",
        "lateral_weakness",
        "hip_stiffness",
        "forward_lean",
        "calf_ankle_tightness",
        "limited_ankle_dorsiflexion",
    ]
    assert set(findings(cast, findings=codes)) == set(codes)


def test_pelvic_tilt_is_a_finding_to_weigh(cast):
    reason = findings(cast, anterior_pelvic_tilt=True)["anterior_pelvic_tilt"]
    assert "weigh" in reason


def test_lumbar_compression_observed(cast):
    assert "lumbar_compression" in findings(cast, lumbar_compression=True)


def test_ir_below_supine_average_is_limited(cast):
    result = findings(cast, hip_ir_left=28, hip_ir_right=31)
    assert "left 28°" in result["limited_internal_rotation"]


def test_ir_at_the_supine_average_is_not_limited(cast):
    assert "limited_internal_rotation" not in findings(cast, hip_ir_left=30, hip_ir_right=30)


def test_prone_uses_the_prone_average(cast):
    # 33° is above supine's 30 but below prone's 35 (Kouyoumdjian 2012)
    result = findings(
        cast,
        rotation_position=RotationPosition.PRONE,
        hip_ir_left=33,
        hip_ir_right=36,
        hip_er_left=45,
        hip_er_right=45,
    )
    assert "limited_internal_rotation" in result


def test_side_difference_of_ten_degrees_limits_rotation(cast):
    result = findings(cast, hip_ir_left=50, hip_ir_right=40)
    assert "10° difference" in result["limited_internal_rotation"]


def test_side_difference_of_nine_degrees_is_not_a_finding(cast):
    assert "limited_internal_rotation" not in findings(cast, hip_ir_left=49, hip_ir_right=40)


def test_er_below_average_is_limited(cast):
    assert "limited_external_rotation" in findings(cast, hip_er_left=35, hip_er_right=40)


def test_unmeasured_rotation_is_not_a_finding(cast):
    result = findings(cast, hip_ir_left=None, hip_ir_right=None)
    assert "limited_internal_rotation" not in result


@pytest.mark.parametrize("quality", [SquatQuality.FAIR, SquatQuality.POOR])
def test_fair_or_poor_single_leg_squat_is_lateral_weakness(cast, quality):
    assert "lateral_weakness" in findings(cast, single_leg_squat_left=quality)


def test_good_squat_is_not_lateral_weakness(cast):
    assert "lateral_weakness" not in findings(cast, single_leg_squat_left=SquatQuality.GOOD)


def test_limited_ir_and_er_together_is_hip_stiffness(cast):
    result = findings(cast, hip_ir_left=20, hip_ir_right=22, hip_er_left=30, hip_er_right=31)
    assert "hip_stiffness" in result


def test_limited_ir_alone_is_not_hip_stiffness(cast):
    assert "hip_stiffness" not in findings(cast, hip_ir_left=20, hip_ir_right=22)


def test_positive_thomas_is_hip_stiffness(cast):
    result = findings(cast, thomas_right=ThomasResult.POSITIVE)
    assert "Thomas" in result["hip_stiffness"]


def test_findings_come_from_the_latest_signed_screening(cast):
    old = practice_today() - datetime.timedelta(days=30)
    ScreeningFactory(runner=cast.runner_a, screened_on=old, lumbar_compression=True)
    ScreeningFactory(runner=cast.runner_a)
    ScreeningFactory(runner=cast.runner_a, draft=True, anterior_pelvic_tilt=True)
    assert latest_findings(cast.runner_a) == {}


# Forward lean, calf and ankle tightness and knee-to-wall (issue 14): pure rules over the
# screening's attributes, so a plain object stands in for it.
def observed(**values):
    from types import SimpleNamespace

    from intake.findings import findings_of

    fields = {
        "anterior_pelvic_tilt": False,
        "lumbar_compression": False,
        "forward_lean": False,
        "calf_ankle_tightness": "",
        "rotation_position": RotationPosition.SUPINE,
        "hip_ir_left": None,
        "hip_ir_right": None,
        "hip_er_left": None,
        "hip_er_right": None,
        "single_leg_squat_left": "",
        "single_leg_squat_right": "",
        "thomas_left": "",
        "thomas_right": "",
        "knee_to_wall_left_cm": None,
        "knee_to_wall_right_cm": None,
        **values,
    }
    return findings_of(SimpleNamespace(**fields))


@pytest.mark.parametrize(
    "left, right, reason",
    [
        (None, None, None),
        (11, 11, None),
        (9, 9, None),  # at 9 cm is not under it
        (8.9, 9, "Knee-to-wall: left 8.9 cm, under 9 cm"),
        (12, 10.1, None),  # 1.9 cm apart: within measurement error
        (12, 10, "Knee-to-wall: 2.0 cm difference between sides (left 12.0 cm, right 10.0 cm)"),
        (  # 2 cm apart as written (not 1.99... in floating point)
            10.9,
            8.9,
            "Knee-to-wall: right 8.9 cm, under 9 cm; "
            "2.0 cm difference between sides (left 10.9 cm, right 8.9 cm)",
        ),
        (7, None, "Knee-to-wall: left 7.0 cm, under 9 cm"),
        (None, 6.5, "Knee-to-wall: right 6.5 cm, under 9 cm"),
        (6, 7, "Knee-to-wall: left 6.0 cm and right 7.0 cm, under 9 cm"),
    ],
)
def test_knee_to_wall(left, right, reason):
    found = observed(knee_to_wall_left_cm=left, knee_to_wall_right_cm=right)
    assert found.get("limited_ankle_dorsiflexion") == reason


@pytest.mark.parametrize(
    "side, reason",
    [
        ("", None),
        ("left", "Calf and ankle tightness observed (left side)"),
        ("right", "Calf and ankle tightness observed (right side)"),
        ("both", "Calf and ankle tightness observed (both sides)"),
    ],
)
def test_calf_and_ankle_tightness(side, reason):
    assert observed(calf_ankle_tightness=side).get("calf_ankle_tightness") == reason


@pytest.mark.parametrize("lean, found", [(False, False), (True, True)])
def test_forward_lean_names_what_goes_with_it(lean, found):
    reason = observed(forward_lean=lean).get("forward_lean")
    assert (reason is not None) == found
    if found:
        assert "tight calves and ankles" in reason and "look for those" in reason


def test_the_screening_page_lists_the_new_findings(cast, client):
    screening = ScreeningFactory(
        runner=cast.runner_a,
        clinician=cast.clinician,
        findings=["forward_lean", "calf_ankle_tightness", "limited_ankle_dorsiflexion"],
    )
    client.force_login(cast.clinician)
    page = client.get(f"/intake/screenings/{screening.code}/").content.decode()
    assert 'data-finding="forward_lean"' in page
    assert "Calf and ankle tightness observed (left side)" in page
    assert "Knee-to-wall: left 7.0 cm, under 9 cm; 3.0 cm difference between sides" in page
