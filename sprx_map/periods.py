"""Placeholder until the periods branch lands (replaced by it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MIN_DAYS = 28
MAX_YEARS = 2


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def years(self) -> float:
        after = self.end + dt.timedelta(days=1)
        months = (after.year - self.start.year) * 12 + after.month - self.start.month
        if after.day == self.start.day and months > 0:
            return months / 12
        return self.days / 365.25


def problem(period: Period | None) -> str | None:
    if period is None:
        return "unknown"
    if period.end < period.start:
        return "end_before_start"
    if period.days < MIN_DAYS:
        return "too_short"
    if period.years() > MAX_YEARS:
        return "too_long"
    return None


def per_year(count, period: Period) -> float:
    return count / period.years()
