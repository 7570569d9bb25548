"""Access-table rows for the programs pages (see tests/access_table.py for the format)."""

from ..access_table import Rule, only  # noqa: F401

ROWS: dict = {}
