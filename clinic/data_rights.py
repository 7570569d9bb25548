"""Data rights: everything the practice holds about a runner, and anonymising a departed one.

A registry: every installed app of the project may have an `exports` module with

    export_runner(runner) -> dict[str, dict | list[dict]]   # section title -> a record or rows
    anonymise_runner(runner) -> None                        # remove what identifies them

so each area answers for its own data. The practice (`clinic.exports`) goes first in an export
and last in anonymisation, after the areas that hang their records on the runner.
"""

from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from .models import Runner


def project_app_configs() -> list:
    """The project's own apps (clinic, intake, programs, ...), not third-party ones."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == base  # site-packages lives deeper, in .venv
    ]


def areas() -> list:
    """The `exports` modules of the project's own apps, the practice's first."""
    modules = []
    for config in project_app_configs():
        if module_has_submodule(config.module, "exports"):
            modules.append((config.label, import_module(f"{config.name}.exports")))
    modules.sort(key=lambda pair: pair[0] != "clinic")
    return modules


def export_runner(runner: Runner) -> dict:
    """One dict for the whole record: {"exported_at", "runner", area label: {section: data}}."""
    data = {
        "exported_at": timezone.now(),
        "runner": str(runner.code),
        "areas": {label: module.export_runner(runner) for label, module in areas()},
    }
    return data


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
    for _label, module in reversed(areas()):
        module.anonymise_runner(runner)
