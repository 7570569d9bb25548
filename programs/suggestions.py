"""Which exercises a screening's findings point to, and why. Pure: the clinician decides.

The mapping is the practice's method (issue 4, docs/domain.md §1 and §2.2): problems driven from
the hips and pelvis are met with the exercise that trains the missing movement.
"""

from dataclasses import dataclass

# finding code -> (exercise slugs, why, in the runner-facing words a clinician reads)
FINDING_EXERCISES: dict[str, tuple[tuple[str, ...], str]] = {
    "anterior_pelvic_tilt": (
        ("hooklying-breathing", "wall-squat-with-reach"),
        "forward pelvic tilt: breathing and the tucked wall squat bring the pelvis back to neutral",
    ),
    "lumbar_compression": (
        ("hooklying-breathing", "wall-squat-with-reach"),
        "lower-back compression: slow breathing and the wall reach take load off the spine",
    ),
    "limited_internal_rotation": (
        ("kickstand-romanian-deadlift",),
        "limited hip internal rotation: the kickstand deadlift loads the hip into it",
    ),
    "limited_external_rotation": (
        ("slant-board-squat",),
        "limited hip external rotation: the slant board squat works it with the quads",
    ),
    "lateral_weakness": (
        ("side-lunge",),
        "weakness moving sideways: the side lunge builds lateral strength and control",
    ),
    "hip_stiffness": (
        ("ninety-ninety-pails-rails",),
        "general hip stiffness: 90/90 with PAILs and RAILs builds active hip range",
    ),
    "forward_lean": (
        ("wall-squat-with-reach", "hooklying-breathing"),
        "forward lean: the wall squat keeps the weight in the heels and stretches the upper "
        "back, undoing the lean; slow breathing frees the pelvis",
    ),
    "calf_ankle_tightness": (
        ("wall-squat-with-reach",),
        "tight calves and ankles: the wall squat works the ankle with knees over toes and heels "
        "down, under control",
    ),
    "limited_ankle_dorsiflexion": (
        ("wall-squat-with-reach",),
        "a short knee-to-wall: the wall squat brings the knees over the toes with the heels down",
    ),
}


@dataclass(frozen=True)
class Suggestion:
    slug: str
    reasons: tuple[str, ...]  # why, one per finding that points here
    screening_notes: tuple[str, ...]  # what the screening recorded, as given by intake


def suggest(findings: dict[str, str]) -> list[Suggestion]:
    """Suggested exercises for `findings` (code -> the screening's reason), in a stable order."""
    reasons: dict[str, list[str]] = {}
    notes: dict[str, list[str]] = {}
    for code in FINDING_EXERCISES:
        if code not in findings:
            continue
        slugs, why = FINDING_EXERCISES[code]
        for slug in slugs:
            reasons.setdefault(slug, []).append(why)
            if findings[code]:
                notes.setdefault(slug, []).append(findings[code])
    return [
        Suggestion(slug=slug, reasons=tuple(why), screening_notes=tuple(notes.get(slug, ())))
        for slug, why in reasons.items()
    ]
