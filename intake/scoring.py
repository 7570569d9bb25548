"""Scoring of the outcome questionnaires: plain functions, no Django.

Other code (pages, checks, the programs app) calls these with the answers as stored. Each raises
ValueError on answers that cannot be scored, so a bad row is never shown as a number.
Sources: docs/domain.md §4 (Kujala 1993, KOOS scoring guide 2012, Binkley 1999, Farrar 2001).
"""

from decimal import ROUND_HALF_UP, Decimal

# Points for each option of each Kujala item, options in the order docs/domain.md §4.2 lists
# them (Kujala 1993; that table settles the limp and squat rows the web disagrees on).
KUJALA_POINTS: tuple[tuple[int, ...], ...] = (
    (5, 3, 0),  # 1 limp
    (5, 3, 0),  # 2 support
    (5, 3, 2, 0),  # 3 walking
    (10, 8, 5, 0),  # 4 stairs
    (5, 4, 3, 2, 0),  # 5 squatting
    (10, 8, 6, 3, 0),  # 6 running
    (10, 7, 2, 0),  # 7 jumping
    (10, 8, 6, 4, 0),  # 8 prolonged sitting with knees bent
    (10, 8, 6, 3, 0),  # 9 pain
    (10, 8, 6, 4, 0),  # 10 swelling
    (10, 6, 4, 2, 0),  # 11 abnormal painful kneecap movements
    (5, 3, 0),  # 12 thigh atrophy
    (5, 3, 0),  # 13 flexion deficiency
)

# KOOS subscales, their item codes, and how many must be answered for the subscale to be scored:
# at least half (KOOS scoring guide 2012).
KOOS_SUBSCALES: dict[str, tuple[str, ...]] = {
    "pain": tuple(f"P{n}" for n in range(1, 10)),
    "symptoms": tuple(f"S{n}" for n in range(1, 8)),
    "adl": tuple(f"A{n}" for n in range(1, 18)),
    "sport_rec": tuple(f"SP{n}" for n in range(1, 6)),
    "qol": tuple(f"Q{n}" for n in range(1, 5)),
}
KOOS_MINIMUM_ANSWERED = {"pain": 5, "symptoms": 4, "adl": 9, "sport_rec": 3, "qol": 2}
KOOS_ITEM_CODES = frozenset(code for codes in KOOS_SUBSCALES.values() for code in codes)

LEFS_ITEMS = 20  # Binkley 1999
NPRS_MAX = 10


def _check_answer(value, highest: int, what: str) -> int:
    # bool is an int in Python; True must not pass as "1".
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= highest:
        raise ValueError(f"{what}: {value!r} is not an answer from 0 to {highest}")
    return value


def score_kujala(choices) -> int:
    """Kujala (AKPS) total 0-100, higher is better. All 13 items are required (practice rule)."""
    choices = list(choices)
    if len(choices) != len(KUJALA_POINTS):
        raise ValueError(f"Kujala has {len(KUJALA_POINTS)} items, got {len(choices)} answers")
    total = 0
    for number, (choice, points) in enumerate(zip(choices, KUJALA_POINTS, strict=True), start=1):
        total += points[_check_answer(choice, len(points) - 1, f"Kujala item {number}")]
    return total


def score_koos(answers: dict) -> dict[str, float | None]:
    """KOOS subscales 0-100 (100 = no problems), one decimal; None when too few were answered.

    Subscale = 100 - mean(answered items) x 25 (KOOS scoring guide 2012). A subscale with fewer
    than half its items answered is missing; the others are still scored.
    """
    unknown = set(answers) - KOOS_ITEM_CODES
    if unknown:
        raise ValueError(f"not KOOS items: {sorted(unknown)}")
    scores: dict[str, float | None] = {}
    for subscale, codes in KOOS_SUBSCALES.items():
        answered = [
            _check_answer(answers[code], 4, f"KOOS {code}")
            for code in codes
            if answers.get(code) is not None
        ]
        if len(answered) < KOOS_MINIMUM_ANSWERED[subscale]:
            scores[subscale] = None
            continue
        # Decimal so that a score landing on .x5 rounds half up, as the guide's worked examples do.
        score = Decimal(100) - Decimal(sum(answered)) * 25 / Decimal(len(answered))
        scores[subscale] = float(score.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return scores


def score_lefs(answers) -> int:
    """LEFS total 0-80, higher is better. All 20 items are required (practice rule)."""
    answers = list(answers)
    if len(answers) != LEFS_ITEMS:
        raise ValueError(f"LEFS has {LEFS_ITEMS} items, got {len(answers)} answers")
    return sum(
        _check_answer(value, 4, f"LEFS item {number}")
        for number, value in enumerate(answers, start=1)
    )


def score_nprs(value) -> int:
    """NPRS: the 0-10 rating itself, lower is better."""
    return _check_answer(value, NPRS_MAX, "NPRS")
