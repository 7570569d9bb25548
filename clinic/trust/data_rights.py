"""Data rights: everything the practice holds about a runner, and anonymising a departed one.

A registry: each app that holds runner data registers its area from its `AppConfig.ready()`:

    data_rights.register_area("programs", export=exports.export_runner,
                              anonymise=exports.anonymise_runner)

where `export(runner) -> {section title: a record or rows}` and `anonymise(runner)` removes what
identifies them. The practice's own area goes first in an export and last in anonymisation,
after the areas that hang their records on the runner.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clinic.models import Runner

PRACTICE = "clinic"


@dataclass(frozen=True)
class Area:
    label: str  # the app label, e.g. "intake"
    export: Callable[[Runner], dict]
    anonymise: Callable[[Runner], None]


_AREAS: dict[str, Area] = {}


def register_area(label: str, *, export, anonymise) -> None:
    _AREAS[label] = Area(label, export, anonymise)


def areas() -> list[Area]:
    """Every registered area, the practice's first, then in the order apps registered."""
    return sorted(_AREAS.values(), key=lambda area: area.label != PRACTICE)


def project_app_configs() -> list:
    """The project's own apps (clinic, intake, programs, ...), not third-party ones."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == base  # site-packages lives deeper, in .venv
    ]


def export_runner(runner: Runner) -> dict:
    """One dict for the whole record: {"exported_at", "runner", area label: {section: data}}."""
    return {
        "exported_at": timezone.now(),
        "runner": str(runner.code),
        "areas": {area.label: area.export(runner) for area in areas()},
    }


WIDE_COLUMNS = 8


def _cell(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_cell(v)}" for k, v in value.items()) or "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(_cell(v)) for v in value) or "—"
    return value


def for_display(data: dict) -> list[dict]:
    """The export as the summary page shows it: per area, sections as a record or a table."""
    shown = []
    for label, sections in data["areas"].items():
        parts = []
        for title, payload in sections.items():
            if isinstance(payload, dict):
                parts.append(
                    {"title": title, "record": [(k, _cell(v)) for k, v in payload.items()]}
                )
            else:
                columns = list(payload[0]) if payload else []
                rows = [[(c, _cell(row.get(c))) for c in columns] for row in payload]
                # Past a handful of columns a table is unreadable: one card per row instead.
                wide = len(columns) > WIDE_COLUMNS
                parts.append({"title": title, "columns": columns, "rows": rows, "wide": wide})
        shown.append({"area": apps.get_app_config(label).verbose_name, "sections": parts})
    return shown


@transaction.atomic
def anonymise_runner(runner: Runner) -> None:
    """All areas or none: a half-anonymised record would be worse than either."""
    for area in reversed(areas()):
        area.anonymise(runner)
