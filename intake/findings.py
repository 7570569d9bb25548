"""What a screening's numbers mean: the practice's rules for turning measurements into findings.

There is no validated cut-off for hip rotation (Kouyoumdjian 2012 says compare sides and over
time), so the thresholds below are **practice rules**, kept here in one place with their reasons.
Pure: takes a screening (or anything with its attributes), returns finding code -> reason.
"""

from decimal import Decimal

from intake.models import RotationPosition, Side, SquatQuality, ThomasResult

# Healthy adult averages in degrees by position (Kouyoumdjian 2012). That study measured supine and
# prone only; seated is measured with the hip flexed to 90 degrees like supine, so the practice
# uses the supine figures for it.
HEALTHY_HIP_IR = {
    RotationPosition.SUPINE: 30,
    RotationPosition.PRONE: 35,
    RotationPosition.SEATED: 30,
}
HEALTHY_HIP_ER = {
    RotationPosition.SUPINE: 38,
    RotationPosition.PRONE: 42,
    RotationPosition.SEATED: 38,
}
# Practice rule: a left/right difference of this many degrees or more is limited on the lower side,
# whatever the average says (comparing sides is what Kouyoumdjian recommends).
HIP_ROTATION_SIDE_DIFFERENCE = 10
# Practice rule: a fair or poor single-leg squat (Crossley 2011) means the hip's lateral
# stabilisers aren't holding the knee in line.
WEAK_SQUAT = (SquatQuality.FAIR, SquatQuality.POOR)
# Practice rule: knee-to-wall under the lowest of the healthy means Powden 2015 reports (9-13 cm)
# is limited ankle dorsiflexion; so is a difference between sides of 2 cm or more, past the
# 1.5-1.9 cm that is measurement error (Powden 2015).
KNEE_TO_WALL_LOW_CM = Decimal("9")
KNEE_TO_WALL_SIDE_DIFFERENCE_CM = Decimal("2")

FINDING_CODES = (
    "anterior_pelvic_tilt",
    "lumbar_compression",
    "limited_internal_rotation",
    "limited_external_rotation",
    "lateral_weakness",
    "hip_stiffness",
    "forward_lean",
    "calf_ankle_tightness",
    "limited_ankle_dorsiflexion",
)


def _limited_rotation(left, right, healthy: int, name: str) -> str | None:
    """Why rotation is limited, or None. Sides not measured are left out."""
    reasons = []
    for side, value in (("left", left), ("right", right)):
        if value is not None and value < healthy:
            reasons.append(f"{side} {value}°")
    if reasons:
        below = f"{name} {' and '.join(reasons)}, below the healthy average of {healthy}°"
    else:
        below = ""
    if left is not None and right is not None:
        difference = abs(left - right)
        if difference >= HIP_ROTATION_SIDE_DIFFERENCE:
            side_note = f"{difference}° difference between sides (left {left}°, right {right}°)"
            return f"{below}; {side_note}" if below else f"{name}: {side_note}"
    return below or None


def _cm(value) -> Decimal | None:
    # Through str, so a float typed elsewhere compares as written (10.9 - 8.9 is 2, not 1.99...).
    return None if value is None or value == "" else Decimal(str(value))


def _limited_dorsiflexion(left, right) -> str | None:
    """Why knee-to-wall shows limited ankle dorsiflexion, or None; sides not measured left out."""
    left, right = _cm(left), _cm(right)
    parts = []
    low = [
        f"{side} {value:.1f} cm"
        for side, value in (("left", left), ("right", right))
        if value is not None and value < KNEE_TO_WALL_LOW_CM
    ]
    if low:
        parts.append(f"{' and '.join(low)}, under {KNEE_TO_WALL_LOW_CM} cm")
    if left is not None and right is not None:
        difference = abs(left - right)
        if difference >= KNEE_TO_WALL_SIDE_DIFFERENCE_CM:
            parts.append(
                f"{difference:.1f} cm difference between sides "
                f"(left {left:.1f} cm, right {right:.1f} cm)"
            )
    return "Knee-to-wall: " + "; ".join(parts) if parts else None


def findings_of(screening) -> dict[str, str]:
    """Finding code -> a short reason a clinician reads, for one screening."""
    findings: dict[str, str] = {}
    if screening.anterior_pelvic_tilt:
        # Herrington 2011: 75-85% of healthy young adults tilt forward; weigh it, don't diagnose.
        findings["anterior_pelvic_tilt"] = (
            "Anterior pelvic tilt in standing (common in healthy adults: weigh with other findings)"
        )
    if screening.lumbar_compression:
        findings["lumbar_compression"] = "Signs of lumbar compression in standing"

    position = RotationPosition(screening.rotation_position)
    position_name = position.label.lower()
    limited_ir = _limited_rotation(
        screening.hip_ir_left,
        screening.hip_ir_right,
        HEALTHY_HIP_IR[position],
        f"Hip internal rotation ({position_name})",
    )
    if limited_ir:
        findings["limited_internal_rotation"] = limited_ir
    limited_er = _limited_rotation(
        screening.hip_er_left,
        screening.hip_er_right,
        HEALTHY_HIP_ER[position],
        f"Hip external rotation ({position_name})",
    )
    if limited_er:
        findings["limited_external_rotation"] = limited_er

    weak_sides = [
        side
        for side, quality in (
            ("left", screening.single_leg_squat_left),
            ("right", screening.single_leg_squat_right),
        )
        if quality in WEAK_SQUAT
    ]
    if weak_sides:
        detail = ", ".join(
            f"{side} {getattr(screening, f'single_leg_squat_{side}')}" for side in weak_sides
        )
        findings["lateral_weakness"] = f"Single-leg squat quality: {detail}"

    # Practice rule: the hip is generally stiff when both rotations are limited, or when the
    # modified Thomas test suggests short hip flexors (Vigotsky 2016) on either side.
    positive_thomas = [
        side
        for side in ("left", "right")
        if getattr(screening, f"thomas_{side}") == ThomasResult.POSITIVE
    ]
    stiffness = []
    if limited_ir and limited_er:
        stiffness.append("internal and external rotation both limited")
    if positive_thomas:
        stiffness.append(f"modified Thomas positive ({' and '.join(positive_thomas)})")
    if stiffness:
        findings["hip_stiffness"] = "Hip stiffness: " + "; ".join(stiffness)

    # The forward lean goes with tight calves and ankles, lumbar compression, a forward pelvic
    # tilt and stiff hips (docs/domain.md §1): the reason says what else to look for.
    if screening.forward_lean:
        findings["forward_lean"] = (
            "Forward lean in standing (it goes with tight calves and ankles, lumbar compression, "
            "forward pelvic tilt and stiff hips: look for those too)"
        )
    if screening.calf_ankle_tightness:
        side = Side(screening.calf_ankle_tightness)
        where = "both sides" if side == Side.BOTH else f"{side.label.lower()} side"
        findings["calf_ankle_tightness"] = f"Calf and ankle tightness observed ({where})"
    dorsiflexion = _limited_dorsiflexion(
        screening.knee_to_wall_left_cm, screening.knee_to_wall_right_cm
    )
    if dorsiflexion:
        findings["limited_ankle_dorsiflexion"] = dorsiflexion
    return findings


# What each finding means, said to the runner (their own page): no degrees, no test names.
PLAIN_WORDS = {
    "anterior_pelvic_tilt": (
        "Your pelvis tips forward when you stand. Many runners' does; with the other findings it "
        "tells us where to start."
    ),
    "lumbar_compression": "Your lower back is pressed into an arch when you stand.",
    "limited_internal_rotation": "Your hips turn inward less than they could.",
    "limited_external_rotation": "Your hips turn outward less than they could.",
    "lateral_weakness": (
        "On one leg, the muscles at the side of your hip don't yet hold your knee in line."
    ),
    "hip_stiffness": "Your hips are stiff overall: this is what your program loosens first.",
    "forward_lean": (
        "You stand with your weight tipped forward. It usually comes with tight calves and stiff "
        "hips, so we loosen those rather than tell you to stand up straight."
    ),
    "calf_ankle_tightness": "Your calves and ankles are tight.",
    "limited_ankle_dorsiflexion": (
        "Your knee doesn't travel far over your toes: your ankle bends less than it could."
    ),
}


def in_plain_words(findings: dict[str, str]) -> list[str]:
    """The runner's findings as sentences for them, in the order findings are listed."""
    return [PLAIN_WORDS[code] for code in FINDING_CODES if code in findings]
