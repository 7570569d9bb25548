"""Adherence of many programs over date windows in one query: the database's twin of
programs.adherence (docs/domain.md §5), for reports that cover every runner.

Same rules as the pure module: each day is judged against the prescription version in force that
day (of versions starting the same day, the last made); sets of an exercise count only up to what
was due; a program of fewer than 7 days a week expects days_per_week / 7 of a full day each day;
nothing is due while paused or outside the window. Windows must lie within the program's own
dates; callers clip them. tests/programs/test_window_adherence.py checks the two agree.

Plain SQL with four dialect pieces, because the arithmetic on dates differs between Postgres and
SQLite (the embedded default); everything else is standard (CTEs, LEAD over a window).
"""

from dataclasses import dataclass
from datetime import date

from django.db import connection

from programs.adherence import Adherence


@dataclass(frozen=True)
class Dialect:
    postgres: bool

    def least(self, *values: str) -> str:
        return f"{'LEAST' if self.postgres else 'MIN'}({', '.join(values)})"

    def greatest(self, *values: str) -> str:
        return f"{'GREATEST' if self.postgres else 'MAX'}({', '.join(values)})"

    def add_days(self, day: str, days: str) -> str:
        if self.postgres:
            return f"({day} + ({days}))"
        return f"date({day}, printf('%%+d days', {days}))"

    def days_between(self, later: str, earlier: str) -> str:
        if self.postgres:
            return f"({later} - {earlier})"
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"

    def last_day(self, program: str) -> str:
        """programs.timeline.last_day in SQL: ended_on, else start + length_weeks weeks - 1."""
        return (
            f"COALESCE({program}.ended_on, "
            f"{self.add_days(f'{program}.start_date', f'7 * {program}.length_weeks - 1')})"
        )


def dialect() -> Dialect:
    return Dialect(postgres=connection.vendor == "postgresql")


@dataclass(frozen=True)
class Window:
    """One program's adherence over one window, as Adherence (logged, prescribed)."""

    program_id: int
    key: int
    adherence: Adherence


def adherence_sql(windows: str, d: Dialect) -> str:
    """The query: `windows` is SQL selecting (program_id, wkey, w_start, w_end)."""
    overlap_start = d.greatest("v.effective_from", "w.w_start")
    overlap_end = d.least(f"COALESCE({d.add_days('v.next_from', '-1')}, w.w_end)", "w.w_end")
    days = d.days_between(overlap_end, overlap_start)
    due = d.least("l.sets", "i.sets_per_session * v.sessions_per_day")
    # Built from fixed pieces of SQL; every value travels as a query parameter.
    return f"""
        WITH w AS ({windows}),
        v AS (
            SELECT rx.id, rx.program_id, rx.effective_from, rx.paused,
                   rx.sessions_per_day, rx.days_per_week,
                   LEAD(rx.effective_from) OVER (
                       PARTITION BY rx.program_id ORDER BY rx.effective_from, rx.id
                   ) AS next_from
            FROM programs_prescription rx
            WHERE rx.program_id IN (SELECT program_id FROM w)
        ),
        daily AS (
            SELECT v.id, v.program_id, v.effective_from, v.next_from, v.days_per_week,
                   v.sessions_per_day * SUM(i.sets_per_session) AS sets
            FROM v JOIN programs_prescriptionitem i ON i.prescription_id = v.id
            WHERE NOT v.paused
            GROUP BY v.id, v.program_id, v.effective_from, v.next_from, v.days_per_week,
                     v.sessions_per_day
        ),
        prescribed AS (
            SELECT w.program_id, w.wkey,
                   SUM(CASE WHEN {days} >= 0
                            THEN ({days} + 1) * v.sets * v.days_per_week / 7.0
                            ELSE 0 END) AS sets
            FROM w JOIN daily v ON v.program_id = w.program_id
            GROUP BY w.program_id, w.wkey
        ),
        l AS (
            -- Each window's own days only, read through the (program, day) index.
            SELECT w.program_id, w.wkey, s.day, s.exercise_id, COUNT(*) AS sets
            FROM w
            JOIN programs_setlog s ON s.program_id = w.program_id
             AND s.day >= w.w_start AND s.day <= w.w_end
            WHERE s.undone_at IS NULL
            GROUP BY w.program_id, w.wkey, s.day, s.exercise_id
        ),
        counted AS (
            SELECT l.program_id, l.wkey, SUM({due}) AS sets
            FROM l
            JOIN v ON v.program_id = l.program_id AND v.effective_from <= l.day
                  AND (v.next_from IS NULL OR l.day < v.next_from) AND NOT v.paused
            JOIN programs_prescriptionitem i
              ON i.prescription_id = v.id AND i.exercise_id = l.exercise_id
            GROUP BY l.program_id, l.wkey
        )
        SELECT w.program_id, w.wkey, COALESCE(counted.sets, 0), COALESCE(prescribed.sets, 0)
        FROM w
        LEFT JOIN counted ON counted.program_id = w.program_id AND counted.wkey = w.wkey
        LEFT JOIN prescribed ON prescribed.program_id = w.program_id AND prescribed.wkey = w.wkey
    """  # noqa: S608


def run(windows: str, params: list) -> list[Window]:
    """Adherence for every window `windows` selects (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(adherence_sql(windows, dialect()), params)
        return [
            Window(program_id, key, Adherence(logged=int(logged), prescribed=float(prescribed)))
            for program_id, key, logged, prescribed in cursor.fetchall()
        ]


def first_weeks(program_ids: list[int], *, days: int = 28) -> dict[int, Adherence]:
    """Each program's adherence over its first `days` days (clipped to its own last day)."""
    if not program_ids:
        return {}
    d = dialect()
    marks = ", ".join(["%s"] * len(program_ids))
    windows = f"""
        SELECT p.id AS program_id, 0 AS wkey, p.start_date AS w_start,
               {d.least(d.add_days("p.start_date", str(days - 1)), d.last_day("p"))} AS w_end
        FROM programs_program p WHERE p.id IN ({marks})
    """  # noqa: S608 - fixed SQL; the ids are parameters
    return {w.program_id: w.adherence for w in run(windows, list(program_ids))}


def by_month(
    months: list[tuple[date, date]], *, location_id: int | None = None
) -> list[tuple[int, int, Adherence]]:
    """(program id, index of the month, adherence) for every program running in each month.

    `months` are (first, last) days already cut at yesterday by the caller. A program counts in
    a month from its start to its last day within it; runners are placed by their location.
    """
    if not months:
        return []
    d = dialect()
    rows = " UNION ALL ".join("SELECT %s AS wkey, %s AS m_start, %s AS m_end" for _ in months)
    params: list = [value for index, (a, b) in enumerate(months) for value in (index, a, b)]
    where = ""
    if location_id is not None:
        where = "AND r.location_id = %s"
        params.append(location_id)
    windows = f"""
        SELECT p.id AS program_id, m.wkey,
               {d.greatest("p.start_date", "m.m_start")} AS w_start,
               {d.least(d.last_day("p"), "m.m_end")} AS w_end
        FROM programs_program p
        JOIN clinic_runner r ON r.id = p.runner_id
        CROSS JOIN ({rows}) m
        WHERE p.start_date <= m.m_end AND {d.last_day("p")} >= m.m_start {where}
    """  # noqa: S608 - fixed SQL; the dates and location are parameters
    return [(w.program_id, w.key, w.adherence) for w in run(windows, params)]
