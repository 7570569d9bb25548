"""Reads about a runner's intake, used by intake's pages and by the programs app."""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format

from clinic.models import Appointment
from intake.findings import findings_of
from intake.models import (
    HISTORY_ANSWER_FIELDS,
    AggravatingActivity,
    KneePainLocation,
    Questionnaire,
    QuestionnaireResponse,
    RedFlagKind,
    RunnerHistory,
    Screening,
    VisitNote,
)
from intake.trends import (
    MEANINGFUL_CHANGE,
    SCALE_RANGE,
    SCALES,
    Change,
    TrendRow,
    change_between,
    due_note,
    trend_rows,
)


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
    flags = list(screening.red_flags.all()) if screening else []
    if not flags:
        return []  # no flag, so no override to look up (every daily page asks this)
    overridden = set(screening.original().red_flag_overrides.values_list("kind", flat=True))
    return [flag.kind for flag in flags if flag.kind not in overridden]


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
            # The site's one date format, as the table beside the chart shows it.
            "labels": [date_format(response.completed_on) for response in summary.responses],
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


# ---- Visit notes ------------------------------------------------------------------------------


def visit_notes_of(runner):
    """The runner's notes as the record lists them: drafts and the latest signed versions."""
    return (
        VisitNote.objects.current()
        .filter(runner=runner)
        .select_related("clinician", "appointment__appointment_type")
        .order_by("-appointment__starts_at", "-created_at")
    )


def visits_without_note(runner, *, now, limit: int = 5):
    """The runner's attended visits that nobody has written a note of yet, newest first."""
    return (
        Appointment.objects.filter(
            runner=runner, status=Appointment.Status.ARRIVED, starts_at__lte=now
        )
        .exclude(visit_notes__isnull=False)
        .select_related("appointment_type", "clinician")
        .order_by("-starts_at")[:limit]
    )


def note_versions(note: VisitNote) -> list[VisitNote]:
    """This note and every earlier version it amends, newest first."""
    versions = [note]
    while versions[-1].amends_id is not None:
        versions.append(
            VisitNote.objects.select_related("clinician").get(pk=versions[-1].amends_id)
        )
    return versions


# ---- The runner's history, version by version --------------------------------------------------


@dataclass
class HistoryChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryVersion:
    written_by: object
    written_at: datetime.datetime
    replaced_by: object
    replaced_at: datetime.datetime
    changes: list[HistoryChange]


def _shown(name: str, value) -> str:
    if value in (None, "", []):
        return "—"
    field = RunnerHistory._meta.get_field(name)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if name == "pain_locations":
        return ", ".join(KneePainLocation(v).label for v in value)
    if name == "aggravating_activities":
        return ", ".join(AggravatingActivity(v).label for v in value)
    if name.endswith("_km"):
        return f"{value} km"
    return str(value)


def history_versions(history: RunnerHistory | None) -> list[HistoryVersion]:
    """Each earlier answer of the history, newest first, with what the next version changed."""
    if history is None:
        return []
    versions = []
    newer = history.answers()
    for revision in history.revisions.select_related("written_by", "replaced_by"):
        changes = [
            HistoryChange(
                label=str(RunnerHistory._meta.get_field(name).verbose_name).capitalize(),
                before=_shown(name, revision.answers.get(name)),
                after=_shown(name, newer.get(name)),
            )
            for name in HISTORY_ANSWER_FIELDS
            if revision.answers.get(name) != newer.get(name)
        ]
        versions.append(
            HistoryVersion(
                written_by=revision.written_by,
                written_at=revision.written_at,
                replaced_by=revision.replaced_by,
                replaced_at=revision.replaced_at,
                changes=changes,
            )
        )
        newer = revision.answers
    return versions


# ---- Outcomes over an episode of care (discharge, docs/domain.md §7.2) -------------------------


@dataclass
class Outcome:
    questionnaire: str
    scale: str
    label: str
    first_on: datetime.date
    first_score: float
    last_on: datetime.date
    last_score: float
    change: Change
    meaningful_change: int


def outcomes(runner, *, since: datetime.date | None, until: datetime.date) -> list[Outcome]:
    """Each questionnaire scale's first and last score between `since` and `until` (inclusive),
    with the change judged against its meaningful change; scales scored only once are left out.
    """
    responses = runner.responses.filter(completed_on__lte=until).order_by(
        "completed_on", "created_at"
    )
    if since is not None:
        responses = responses.filter(completed_on__gte=since)
    by_kind: dict[str, list[QuestionnaireResponse]] = {kind: [] for kind in Questionnaire.values}
    for response in responses:
        by_kind[response.questionnaire].append(response)
    found = []
    for kind, answered in by_kind.items():
        name = Questionnaire(kind).label
        for key, label in SCALES[kind]:
            scored = [r for r in answered if r.scores.get(key) is not None]
            if len(scored) < 2:
                continue
            first, last = scored[0], scored[-1]
            found.append(
                Outcome(
                    questionnaire=kind,
                    scale=key,
                    label=name if len(SCALES[kind]) == 1 else f"{name} {label}",
                    first_on=first.completed_on,
                    first_score=first.scores[key],
                    last_on=last.completed_on,
                    last_score=last.scores[key],
                    change=change_between(kind, first.scores[key], last.scores[key]),
                    meaningful_change=MEANINGFUL_CHANGE[kind],
                )
            )
    return found
