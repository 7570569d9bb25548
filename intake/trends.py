"""Scores over time: what changed between two responses, whether it matters, and what is due.

Pure: works on (date, scores) pairs. Meaningful-change lines from docs/domain.md §4.5.
"""

import datetime
from dataclasses import dataclass

from intake.models import Questionnaire

# Score keys of each questionnaire, with the name a clinician reads. KOOS has no total.
SCALES: dict[str, tuple[tuple[str, str], ...]] = {
    Questionnaire.KOOS: (
        ("pain", "Pain"),
        ("symptoms", "Symptoms"),
        ("adl", "Daily living"),
        ("sport_rec", "Sport & recreation"),
        ("qol", "Quality of life"),
    ),
    Questionnaire.KUJALA: (("total", "Total"),),
    Questionnaire.LEFS: (("total", "Total"),),
    Questionnaire.NPRS: (("total", "Pain"),),
}
SCALE_RANGE = {
    Questionnaire.KOOS: (0, 100),
    Questionnaire.KUJALA: (0, 100),
    Questionnaire.LEFS: (0, 80),
    Questionnaire.NPRS: (0, 10),
}
# Smallest change a runner would notice (minimal clinically important difference).
MEANINGFUL_CHANGE = {
    Questionnaire.KOOS: 10,  # Roos 1998 / KOOS guide 2012: about 10 points per subscale
    Questionnaire.KUJALA: 10,  # Crossley 2004
    Questionnaire.LEFS: 9,  # Binkley 1999
    Questionnaire.NPRS: 2,  # Farrar 2001: 2 points (or 30%, below)
}
# Farrar 2001: a 30% fall in pain is also meaningful. Piva 2009's 1.16 points in patellofemoral pain
# is met by any whole-number change of 2, so the 2-point line covers it.
NPRS_MEANINGFUL_FRACTION = 0.30
LOWER_IS_BETTER = {Questionnaire.NPRS}
# Practice rule: "every few weeks" (docs/domain.md §4.5) is every four weeks while under care.
DUE_EVERY = datetime.timedelta(weeks=4)


@dataclass(frozen=True)
class Change:
    points: float
    meaningful: bool
    better: bool

    @property
    def label(self) -> str:
        sign = "+" if self.points > 0 else "−" if self.points < 0 else ""
        return f"{sign}{abs(self.points):g}"

    @property
    def arrow(self) -> str:
        """The way the number moved; whether that is better depends on the instrument."""
        return "▲" if self.points > 0 else "▼" if self.points < 0 else ""


def change_between(questionnaire: str, before: float | None, after: float | None) -> Change | None:
    """The change from one score to the next; None when either is missing."""
    if before is None or after is None:
        return None
    points = round(after - before, 1)
    line = MEANINGFUL_CHANGE[questionnaire]
    meaningful = abs(points) >= line
    if questionnaire == Questionnaire.NPRS and before > 0:
        meaningful = meaningful or abs(points) / before >= NPRS_MEANINGFUL_FRACTION
    better = points < 0 if questionnaire in LOWER_IS_BETTER else points > 0
    return Change(points=points, meaningful=meaningful and points != 0, better=better)


def named_scores(questionnaire: str, scores: dict) -> list[tuple[str, float | None]]:
    """A response's scores in the instrument's own order with their names (KOOS: Pain,
    Symptoms, Daily living, Sport & recreation, Quality of life), not the storage's key order."""
    return [(label, scores.get(key)) for key, label in SCALES.get(questionnaire, ())]


@dataclass
class TrendRow:
    completed_on: datetime.date
    code: str
    source: str
    cells: list[tuple[float | None, Change | None]]  # per scale: score, change from previous


def trend_rows(questionnaire: str, responses) -> list[TrendRow]:
    """Rows oldest first, each score with its change from the previous response."""
    rows, previous = [], None
    for response in responses:
        cells = []
        for key, _label in SCALES[questionnaire]:
            score = response.scores.get(key)
            before = previous.scores.get(key) if previous else None
            cells.append((score, change_between(questionnaire, before, score)))
        rows.append(TrendRow(response.completed_on, str(response.code), response.source, cells))
        previous = response
    return rows


def due_note(questionnaire: str, last_on: datetime.date | None, today: datetime.date) -> str:
    """What the record page says is due, e.g. "KOOS due: last one 6 weeks ago"."""
    name = Questionnaire(questionnaire).label
    if last_on is None:
        return f"{name} due: never answered"
    age = today - last_on
    if age < DUE_EVERY:
        return ""
    weeks = age.days // 7
    return f"{name} due: last one {weeks} week{'s' if weeks != 1 else ''} ago"
