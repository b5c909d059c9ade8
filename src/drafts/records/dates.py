"""Dates as reports give them: a day, or only a month."""

from __future__ import annotations

import calendar
import re
from typing import NamedTuple

_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?\Z")
# The shapes parse_date can accept, for editors (the JSON Schema): it also checks the length
# of the month, and reads the shape more loosely so that it can say what is wrong.
DATE_TEXT = r"^\s*(19|[2-9][0-9])[0-9]{2}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?\s*$"
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class PartialDate(NamedTuple):
    """A YYYY-MM-DD or YYYY-MM date. A month-only date sorts before the days of its month."""

    year: int
    month: int
    day: int = 0  # 0: only the month is known

    def __str__(self) -> str:
        base = f"{self.year:04d}-{self.month:02d}"
        return f"{base}-{self.day:02d}" if self.day else base

    def long(self) -> str:
        """Newsroom style: '23 March 2025', or 'March 2025'."""
        month = _MONTHS[self.month - 1]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"


def parse_date(text: str) -> PartialDate:
    """Parse YYYY-MM-DD or YYYY-MM; raise ValueError with a message a reporter can act on."""
    match = _DATE.match(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a date: write YYYY-MM-DD, or YYYY-MM when only the month is known")
    year, month = int(match[1]), int(match[2])
    day = int(match[3]) if match[3] else 0
    if not 1 <= month <= 12:
        raise ValueError(f"'{text}' is not a date: there is no month {month}")
    if match[3] is not None:
        last = calendar.monthrange(year, month)[1] if year >= 1 else 31
        if not 1 <= day <= last:
            raise ValueError(f"'{text}' is not a date: {_MONTHS[month - 1]} {year} has {last} days")
    if year < 1900:
        raise ValueError(f"'{text}' is not a plausible date for a report")
    return PartialDate(year, month, day)
