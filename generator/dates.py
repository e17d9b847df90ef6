"""Dates that may be known only to the month or year, as laws and rulings often are."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date written YYYY, YYYY-MM or YYYY-MM-DD; compares by its first day."""

    first: dt.date
    precision: str  # "year", "month" or "day"

    @property
    def iso(self) -> str:
        """Return the date as written: 2021, 2021-03 or 2021-03-04."""
        if self.precision == "year":
            return f"{self.first.year:04d}"
        if self.precision == "month":
            return f"{self.first.year:04d}-{self.first.month:02d}"
        return self.first.isoformat()

    @property
    def last(self) -> dt.date:
        """Return the last day the date could mean: 2021-12-31 for 2021."""
        if self.precision == "year":
            return dt.date(self.first.year, 12, 31)
        if self.precision == "month":
            return self.first.replace(day=calendar.monthrange(self.first.year, self.first.month)[1])
        return self.first

    def __str__(self) -> str:
        return self.iso


def parse_date(text: str) -> PartialDate:
    """Return the PartialDate written in `text`; raise ValueError saying what is wrong."""
    parts = text.strip().split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4 \
            or any(len(p) != 2 for p in parts[1:]):
        raise ValueError(f"'{text}' is not a date; write YYYY-MM-DD (or YYYY-MM, YYYY)")
    year = int(parts[0])
    if year < 1000:
        raise ValueError(f"year {year} is out of range")
    month = int(parts[1]) if len(parts) > 1 else 1
    if not 1 <= month <= 12:
        raise ValueError(f"'{text}' has month {month}; months run from 01 to 12")
    day = int(parts[2]) if len(parts) > 2 else 1
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(f"'{text}' is not a real date: {MONTHS[month - 1]} {year} has {last} days")
    precision = ("year", "month", "day")[len(parts) - 1]
    return PartialDate(dt.date(year, month, day), precision)


def from_date(day: dt.date) -> PartialDate:
    """Return a day-precision PartialDate for a datetime.date."""
    return PartialDate(day, "day")
