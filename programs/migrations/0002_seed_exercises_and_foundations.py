"""The six exercises of the practice's seed protocol and "Hip mobility foundations".

Content from the practice's method (docs/domain.md §2), in the product's own words. The library
is data: clinicians edit these and add more from the site. Re-running never duplicates (keyed by
slug/name).
"""

from django.db import migrations

EXERCISES = [
    {
        "slug": "hooklying-breathing",
        "name": "Hooklying breathing with a block",
        "purpose": (
            "Frees up the pelvis and takes pressure off the lower back, so the hips can move "
            "before the legs do."
        ),
        "setup": (
            "Lie on your back with knees bent and feet flat, hip-width apart. Squeeze a yoga block "
            "(or a folded cushion) lightly between your thighs. One hand on your chest, one on "
            "your belly."
        ),
        "movement": (
            "Breathe in slowly through your nose for 6 to 10 seconds, then breathe out slowly and "
            "fully. Keep a gentle squeeze on the block and push evenly through both feet."
        ),
        "cues": (
            "Both hands rise as you breathe in, and both fall as you breathe out\n"
            "Press gently through your whole foot\n"
            "Keep the squeeze on the block soft and steady\n"
            "Let the out-breath be longer than the in-breath"
        ),
        "dose_kind": "breaths",
        "per_side": False,
        "default_sets": 3,
        "default_dose": 5,
    },
    {
        "slug": "wall-squat-with-reach",
        "name": "Wall squat with reach",
        "purpose": (
            "Keeps the legs working with your weight in the heels while it stretches the upper "
            "back, undoing the forward lean that running builds."
        ),
        "setup": (
            "Stand with your back to a wall, feet about a foot away from it. Slide down into a "
            "shallow squat with your lower back against the wall and your hips slightly tucked."
        ),
        "movement": (
            "Hold the squat and raise your arms in front, palms about 45° above your thighs. Each "
            "time you breathe out, reach a little further forward without letting your lower "
            "back leave the wall."
        ),
        "cues": (
            "Knees track over your toes\n"
            "Weight in your heels\n"
            "Lower back stays on the wall\n"
            "Reach forward on every out-breath"
        ),
        "dose_kind": "breaths",
        "per_side": False,
        "default_sets": 3,
        "default_dose": 5,
    },
    {
        "slug": "side-lunge",
        "name": "Side lunge",
        "purpose": (
            "Builds strength and control moving sideways, which running straight ahead never "
            "trains."
        ),
        "setup": "Stand tall with your feet wide apart and toes pointing forward.",
        "movement": (
            "Shift your weight to one side, sending your hips back and bending that knee while "
            "the other leg stays straight. Push back to the middle. Repeat on the other side."
        ),
        "cues": (
            "Chest up: don't lean forward\n"
            "Hips go back, as if sitting\n"
            "Hip, knee and toes stay in one line"
        ),
        "dose_kind": "reps",
        "per_side": True,
        "default_sets": 2,
        "default_dose": 8,
    },
    {
        "slug": "kickstand-romanian-deadlift",
        "name": "Kickstand Romanian deadlift",
        "purpose": "Works hip internal rotation and the trunk muscles that hold you steady.",
        "setup": (
            "Stand with most of your weight on your front leg. Put the other foot a half step "
            "back with the heel up: it's only a kickstand for balance."
        ),
        "movement": (
            "Hinge at the hips and send them back, keeping your back flat, until you feel the "
            "back of the front thigh. Drive through the front heel to stand up. Finish the set, "
            "then switch legs."
        ),
        "cues": (
            "Most of the weight on the front leg\n"
            "Back foot light, just for balance\n"
            "Flat back, hips back\n"
            "Drive up through the front heel"
        ),
        "dose_kind": "reps",
        "per_side": True,
        "default_sets": 2,
        "default_dose": 8,
    },
    {
        "slug": "slant-board-squat",
        "name": "Slant board squat",
        "purpose": "Works hip external rotation and the quads with the heels raised.",
        "setup": "Stand on a slant board, heels high and toes low, feet hip-width apart.",
        "movement": (
            "Squat down under control until your thighs are level with the floor, then stand "
            "back up."
        ),
        "cues": (
            "Feet hip-width apart on the board\n"
            "Down until thighs are level with the floor\n"
            "Knees follow your toes"
        ),
        "dose_kind": "reps",
        "per_side": False,
        "default_sets": 3,
        "default_dose": 10,
    },
    {
        "slug": "ninety-ninety-pails-rails",
        "name": "90/90 hip stretch with PAILs and RAILs",
        "purpose": (
            "Builds active hip mobility: first create tension in the stretch, then lift out of it "
            "under your own control."
        ),
        "setup": (
            "Sit on the floor with one leg in front and one behind, both knees bent to 90°. Sit "
            "tall."
        ),
        "movement": (
            "Settle into the stretch. PAILs: press the front knee and the back ankle down into "
            "the floor and hold. RAILs: then lift them away from the floor and hold. Each hold is "
            "one phase; switch sides after the set."
        ),
        "cues": (
            "Both knees at 90°\n"
            "Sit tall through the chest\n"
            "PAILs: press the knee and ankle into the floor\n"
            "RAILs: lift them away from the floor"
        ),
        "dose_kind": "hold_seconds",
        "per_side": True,
        "default_sets": 3,
        "default_dose": 20,
    },
]

FOUNDATIONS = "Hip mobility foundations"
FOUNDATIONS_NOTES = (
    "Daily starter program for runners with knee pain driven from the hips: breathing and pelvic "
    "mobility first, then sideways and rotational strength. Do the exercises in this order."
)


def seed(apps, schema_editor):
    Exercise = apps.get_model("programs", "Exercise")
    Protocol = apps.get_model("programs", "Protocol")
    ProtocolItem = apps.get_model("programs", "ProtocolItem")
    exercises = []
    for data in EXERCISES:
        fields = {key: value for key, value in data.items() if key != "slug"}
        exercise, _ = Exercise.objects.get_or_create(slug=data["slug"], defaults=fields)
        exercises.append(exercise)
    protocol, created = Protocol.objects.get_or_create(
        name=FOUNDATIONS,
        defaults={"notes": FOUNDATIONS_NOTES, "sessions_per_day": 1, "days_per_week": 7},
    )
    if created:
        for position, exercise in enumerate(exercises, start=1):
            ProtocolItem.objects.create(
                protocol=protocol,
                exercise=exercise,
                position=position,
                sets_per_session=exercise.default_sets,
                dose=exercise.default_dose,
            )


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_library_protocols_programs")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
