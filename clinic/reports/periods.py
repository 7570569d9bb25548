"""Months as reports count them: calendar months of local dates. Pure: no database."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: datetime.date) -> "Month":
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> "Month":
        """'2026-03' -> Month(2026, 3); ValueError on anything else."""
        year, _, month = (text or "").partition("-")
        if not (year.isdigit() and month.isdigit() and len(year) == 4):
            raise ValueError(text)
        value = cls(int(year), int(month))
        value.first  # noqa: B018 - raises ValueError for month 13
        return value

    @property
    def first(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def last(self) -> datetime.date:
        return self.next().first - datetime.timedelta(days=1)

    def next(self) -> "Month":
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> "Month":
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def days(self) -> list[datetime.date]:
        return [self.first + datetime.timedelta(days=n) for n in range(self.last.day)]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        return self.first.strftime("%b %Y")


def months_ending(last: Month, count: int) -> list[Month]:
    """`count` months, oldest first, ending with `last`."""
    months = [last]
    while len(months) < count:
        months.append(months[-1].previous())
    return list(reversed(months))


def rate(part: int, whole: int) -> float | None:
    """part ÷ whole as a percentage to one decimal; None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None
