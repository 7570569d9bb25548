"""Reads about a runner's intake, used by intake's pages and by the programs app."""

import datetime
from dataclasses import dataclass, field

from intake.findings import findings_of
from intake.models import Questionnaire, QuestionnaireResponse, RedFlagKind, Screening
from intake.trends import MEANINGFUL_CHANGE, SCALE_RANGE, SCALES, TrendRow, due_note, trend_rows


def latest_screening(runner) -> Screening | None:
    """The runner's most recent signed screening, in its latest amended version."""
    return (
        Screening.objects.current()
        .filter(runner=runner)
        .select_related("clinician", "amends")
        .prefetch_related("red_flags")
        .order_by("-screened_on", "-signed_at")
        .first()
    )


def unresolved_flag_kinds(screening: Screening | None) -> list[str]:
    """Red-flag kinds on this screening that no clinician's override covers."""
    if screening is None:
        return []
    overridden = set(screening.original().red_flag_overrides.values_list("kind", flat=True))
    return [flag.kind for flag in screening.red_flags.all() if flag.kind not in overridden]


def unresolved_red_flags(runner) -> list[str]:
    """Labels of red flags that stop a program from starting; empty means it may start.

    Only the latest signed screening counts: a later screening without the flag resolves it
    (docs/domain.md §3.5).
    """
    kinds = unresolved_flag_kinds(latest_screening(runner))
    return [RedFlagKind(kind).label for kind in kinds]


def latest_findings(runner) -> dict[str, str]:
    """Finding code -> short reason, from the latest signed screening (see intake.findings)."""
    screening = latest_screening(runner)
    return findings_of(screening) if screening else {}


def responses_by_questionnaire(runner) -> dict[str, list[QuestionnaireResponse]]:
    """The runner's responses, oldest first, grouped by questionnaire (one query)."""
    grouped: dict[str, list[QuestionnaireResponse]] = {kind: [] for kind in Questionnaire.values}
    for response in runner.responses.order_by("completed_on", "created_at"):
        grouped[response.questionnaire].append(response)
    return grouped


@dataclass
class QuestionnaireSummary:
    questionnaire: Questionnaire
    responses: list[QuestionnaireResponse]
    due: str

    @property
    def last(self) -> QuestionnaireResponse | None:
        return self.responses[-1] if self.responses else None


def questionnaire_overview(runner, today: datetime.date) -> list[QuestionnaireSummary]:
    """Each questionnaire with the runner's responses and whether one is due."""
    summaries = []
    for kind, responses in responses_by_questionnaire(runner).items():
        last_on = responses[-1].completed_on if responses else None
        summaries.append(
            QuestionnaireSummary(Questionnaire(kind), responses, due_note(kind, last_on, today))
        )
    return summaries


@dataclass
class Trend:
    questionnaire: Questionnaire
    scales: tuple[tuple[str, str], ...]
    rows: list[TrendRow]
    due: str
    meaningful_change: int
    chart: dict = field(default_factory=dict)

    @property
    def chart_id(self) -> str:
        return f"chart-{self.questionnaire.value}"


def score_trends(runner, today: datetime.date) -> list[Trend]:
    """Per questionnaire: table rows with meaningful changes marked, and Chart.js data."""
    trends = []
    for summary in questionnaire_overview(runner, today):
        kind = summary.questionnaire
        low, high = SCALE_RANGE[kind]
        chart = {
            "labels": [response.completed_on.isoformat() for response in summary.responses],
            "datasets": [
                {
                    "label": label,
                    "data": [response.scores.get(key) for response in summary.responses],
                }
                for key, label in SCALES[kind]
            ],
            "min": low,
            "max": high,
        }
        trends.append(
            Trend(
                questionnaire=kind,
                scales=SCALES[kind],
                rows=trend_rows(kind, summary.responses),
                due=summary.due,
                meaningful_change=MEANINGFUL_CHANGE[kind],
                chart=chart,
            )
        )
    return trends


def screening_versions(screening: Screening) -> list[Screening]:
    """This screening and every earlier version it amends, newest first."""
    versions = [screening]
    while versions[-1].amends_id is not None:
        versions.append(versions[-1].amends)
    return versions


def screenings_of(runner):
    """The runner's screenings as the record lists them: current versions and drafts."""
    return (
        Screening.objects.filter(runner=runner)
        .exclude(amended_by__isnull=False)
        .select_related("clinician")
        .prefetch_related("red_flags")
        .order_by("-screened_on", "-created_at")
    )
