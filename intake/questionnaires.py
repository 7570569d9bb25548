"""The questionnaires' items and options as the runner reads them, and how each is scored.

Items follow the published instruments (Kujala 1993 in the option order of docs/domain.md §4.2,
KOOS 2012 user's guide, Binkley 1999 LEFS). The stored answer of an item is the option's value:
for Kujala the 0-based option index (what intake.scoring.score_kujala takes), for KOOS and LEFS
the 0-4 score.
"""

from dataclasses import dataclass

from intake import scoring
from intake.models import Questionnaire


@dataclass(frozen=True)
class Item:
    code: str
    text: str
    options: tuple[tuple[int, str], ...]  # (stored value, what the runner reads)


@dataclass(frozen=True)
class Section:
    title: str
    prompt: str
    items: tuple[Item, ...]


def _options(*labels: str) -> tuple[tuple[int, str], ...]:
    return tuple(enumerate(labels))


# Kujala (AKPS): option order exactly as docs/domain.md §4.2 lists it (points in scoring.py).
KUJALA_ITEMS = (
    ("Limp", ("None", "Slight or now and then", "Constant")),
    ("Support", ("Full weight without pain", "Painful", "Weight bearing impossible")),
    ("Walking", ("Unlimited", "More than 2 km", "1-2 km", "Unable")),
    (
        "Stairs",
        ("No difficulty", "Slight pain when going down", "Pain going up and down", "Unable"),
    ),
    (
        "Squatting",
        (
            "No difficulty",
            "Repeated squatting is painful",
            "Painful each time",
            "Possible with partial weight on the leg",
            "Unable",
        ),
    ),
    (
        "Running",
        (
            "No difficulty",
            "Pain after more than 2 km",
            "Slight pain from the start",
            "Severe pain",
            "Unable",
        ),
    ),
    ("Jumping", ("No difficulty", "Slight difficulty", "Constant pain", "Unable")),
    (
        "Sitting a long time with the knees bent",
        (
            "No difficulty",
            "Pain after exercise",
            "Constant pain",
            "Pain forces me to straighten the knee for a while",
            "Unable",
        ),
    ),
    (
        "Pain",
        (
            "None",
            "Slight and now and then",
            "Interferes with sleep",
            "Severe now and then",
            "Constant and severe",
        ),
    ),
    (
        "Swelling",
        (
            "None",
            "After severe exertion only",
            "After daily activities",
            "Every evening",
            "Constant",
        ),
    ),
    (
        "Abnormal, painful kneecap (patella) movements",
        (
            "None",
            "Now and then in sports",
            "Now and then in daily activities",
            "At least one confirmed dislocation",
            "More than two dislocations",
        ),
    ),
    ("Wasting of the thigh muscles", ("None", "Slight", "Severe")),
    ("Difficulty bending the knee fully", ("None", "Slight", "Severe")),
)

_SEVERITY = _options("None", "Mild", "Moderate", "Severe", "Extreme")
_FREQUENCY = _options("Never", "Rarely", "Sometimes", "Often", "Always")
# S4 and S5 ask about straightening and bending fully: "always" is no problem (KOOS guide 2012).
_ABILITY = _options("Always", "Often", "Sometimes", "Rarely", "Never")


def _severity_items(prefix: str, texts: list[str], start: int = 1) -> tuple[Item, ...]:
    return tuple(Item(f"{prefix}{n}", text, _SEVERITY) for n, text in enumerate(texts, start=start))


KOOS_SECTIONS = (
    Section(
        "Pain",
        "How much knee pain have you had in the last week during these activities?",
        (
            Item(
                "P1",
                "How often do you have knee pain?",
                _options("Never", "Monthly", "Weekly", "Daily", "Always"),
            ),
            *_severity_items(
                "P",
                [
                    "Twisting or pivoting on your knee",
                    "Straightening your knee fully",
                    "Bending your knee fully",
                    "Walking on a flat surface",
                    "Going up or down stairs",
                    "At night while in bed",
                    "Sitting or lying",
                    "Standing upright",
                ],
                start=2,
            ),
        ),
    ),
    Section(
        "Symptoms",
        "Think of your knee symptoms during the last week.",
        (
            Item("S1", "Do you have swelling in your knee?", _FREQUENCY),
            Item(
                "S2",
                "Do you feel grinding, hear clicking or any other noise when your knee moves?",
                _FREQUENCY,
            ),
            Item("S3", "Does your knee catch or hang up when moving?", _FREQUENCY),
            Item("S4", "Can you straighten your knee fully?", _ABILITY),
            Item("S5", "Can you bend your knee fully?", _ABILITY),
            Item("S6", "How stiff is your knee when you first wake in the morning?", _SEVERITY),
            Item(
                "S7",
                "How stiff is your knee after sitting, lying or resting later in the day?",
                _SEVERITY,
            ),
        ),
    ),
    Section(
        "Daily living",
        "How much difficulty have you had in the last week with these activities?",
        _severity_items(
            "A",
            [
                "Going down stairs",
                "Going up stairs",
                "Rising from sitting",
                "Standing",
                "Bending to the floor or picking up an object",
                "Walking on a flat surface",
                "Getting in or out of a car",
                "Going shopping",
                "Putting on socks",
                "Rising from bed",
                "Taking off socks",
                "Lying in bed (turning over, keeping your knee in position)",
                "Getting in or out of the bath",
                "Sitting",
                "Getting on or off the toilet",
                "Heavy household jobs (moving heavy boxes, scrubbing floors)",
                "Light household jobs (cooking, dusting)",
            ],
        ),
    ),
    Section(
        "Sport and recreation",
        "How much difficulty have you had in the last week with these activities?",
        _severity_items(
            "SP",
            ["Squatting", "Running", "Jumping", "Twisting or pivoting on your knee", "Kneeling"],
        ),
    ),
    Section(
        "Quality of life",
        "Think of your knee in general.",
        (
            Item(
                "Q1",
                "How often are you aware of your knee problem?",
                _options("Never", "Monthly", "Weekly", "Daily", "Constantly"),
            ),
            Item(
                "Q2",
                "Have you changed how you live to avoid activities that might damage your knee?",
                _options("Not at all", "Mildly", "Moderately", "Severely", "Totally"),
            ),
            Item(
                "Q3",
                "How much does a lack of confidence in your knee trouble you?",
                _options("Not at all", "Mildly", "Moderately", "Severely", "Extremely"),
            ),
            Item("Q4", "In general, how much difficulty do you have with your knee?", _SEVERITY),
        ),
    ),
)

# LEFS (Binkley 1999): 0 = extreme difficulty or unable, 4 = no difficulty.
_LEFS_OPTIONS = _options(
    "Extreme difficulty or unable",
    "Quite a bit of difficulty",
    "Moderate difficulty",
    "A little difficulty",
    "No difficulty",
)
LEFS_ACTIVITIES = (
    "Any of your usual work, housework or school activities",
    "Your usual hobbies, recreational or sporting activities",
    "Getting into or out of the bath",
    "Walking between rooms",
    "Putting on your shoes or socks",
    "Squatting",
    "Lifting an object, like a bag of groceries, from the floor",
    "Light activities around your home",
    "Heavy activities around your home",
    "Getting into or out of a car",
    "Walking 2 blocks",
    "Walking a mile",
    "Going up or down 10 stairs (about one flight)",
    "Standing for 1 hour",
    "Sitting for 1 hour",
    "Running on even ground",
    "Running on uneven ground",
    "Making sharp turns while running fast",
    "Hopping",
    "Rolling over in bed",
)

_NPRS_OPTIONS = tuple((n, str(n)) for n in range(11))

SECTIONS: dict[str, tuple[Section, ...]] = {
    Questionnaire.KOOS: KOOS_SECTIONS,
    Questionnaire.KUJALA: (
        Section(
            "Your knee",
            "Choose the answer that fits your knee best today.",
            tuple(
                Item(f"K{n}", text, _options(*labels))
                for n, (text, labels) in enumerate(KUJALA_ITEMS, start=1)
            ),
        ),
    ),
    Questionnaire.LEFS: (
        Section(
            "Activities",
            "Today, do you or would you have any difficulty at all with:",
            tuple(
                Item(f"L{n}", text, _LEFS_OPTIONS)
                for n, text in enumerate(LEFS_ACTIVITIES, start=1)
            ),
        ),
    ),
    Questionnaire.NPRS: (
        Section(
            "Knee pain",
            "0 is no pain, 10 is the worst pain you can imagine.",
            (
                Item(
                    "NPRS",
                    "How bad has your knee pain been over the last week, on average?",
                    _NPRS_OPTIONS,
                ),
            ),
        ),
    ),
}

INTRODUCTIONS = {
    Questionnaire.KOOS: "42 questions about your knee over the last week, in five short parts.",
    Questionnaire.KUJALA: "13 questions about pain at the front of the knee.",
    Questionnaire.LEFS: "20 everyday activities and how hard they are for you today.",
    Questionnaire.NPRS: "One question: how much your knee hurts.",
}

# Practice rules: Kujala and LEFS need every item (docs/domain.md §4); KOOS may be partial and the
# scoring reports a subscale as missing below half (KOOS guide 2012).
EVERY_ITEM_REQUIRED = {
    Questionnaire.KOOS: False,
    Questionnaire.KUJALA: True,
    Questionnaire.LEFS: True,
    Questionnaire.NPRS: True,
}


def items(questionnaire: str) -> list[Item]:
    return [item for section in SECTIONS[questionnaire] for item in section.items]


def score(questionnaire: str, answers: dict[str, int | None]) -> dict[str, float | int | None]:
    """Scores of a response, keyed as stored on QuestionnaireResponse.scores."""
    if questionnaire == Questionnaire.KOOS:
        return scoring.score_koos(answers)
    ordered = [answers.get(item.code) for item in items(questionnaire)]
    if questionnaire == Questionnaire.KUJALA:
        return {"total": scoring.score_kujala(ordered)}
    if questionnaire == Questionnaire.LEFS:
        return {"total": scoring.score_lefs(ordered)}
    return {"total": scoring.score_nprs(ordered[0])}
