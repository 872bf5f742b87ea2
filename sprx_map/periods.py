"""Reporting periods: what a project's referrals were counted over, and the period a heading names.

Why: a referral figure added up whatever period each project reported (a year, six months, "since we
started"), so the totals meant nothing. A count is used only with its period, and measures are
referrals a year (issue "Numbers a statistician would sign", section 2 "Referrals a year"):

- a count over a period of ``m`` whole calendar months counts as ``count * 12 / m``, and over any other
  period of ``d`` days as ``count * 365.25 / d`` (:meth:`Period.years`, :func:`per_year`). A whole year
  is exactly one year, leap or not, so a year's figure is unchanged;
- a period that is unknown, shorter than one month or longer than two years is not made a rate at all
  (:func:`problem` says why): the project is left out of the referral rates and counted, with its
  reason, in the completeness figure. It is never silently added.

Each project's period is taken from the first of these that its return gives: the project's own period
columns; a period named in the heading of its referrals column (:func:`sprx_map.heading_periods.in_heading`);
the round's period.

Pure functions of dates and text: no Streamlit, no pandas.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DAYS_A_YEAR = 365.25  # a year of days, leap years included
MIN_DAYS = 28  # shorter than one month: fewer days than the shortest month, so every whole month is long enough
MAX_YEARS = 2  # longer than two years: refused
# The reasons :func:`problem` gives, in the order it checks them.
PROBLEMS = ("unknown", "end_before_start", "too_short", "too_long")


@dataclass(frozen=True)
class Period:
    """A reporting period from ``start`` to ``end``, both days included.

    >>> Period(dt.date(2016, 4, 1), dt.date(2017, 3, 31)).days
    365
    """

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        """The days of the period, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def whole_months(self) -> int | None:
        """The number of whole calendar months the period is, or None when it is not whole months.

        It is ``m`` whole months when the day after its end falls on the same day of the month as its
        start, ``m`` months later: 1 January to 31 December is 12, 15 January to 14 July is 6.

        >>> Period(dt.date(2017, 1, 15), dt.date(2017, 7, 14)).whole_months
        6
        >>> Period(dt.date(2017, 1, 15), dt.date(2017, 7, 15)).whole_months is None
        True
        """
        if self.end >= dt.date.max or self.end < self.start:
            return None
        after = self.end + dt.timedelta(days=1)
        if after.day != self.start.day:
            return None
        months = (after.year - self.start.year) * 12 + after.month - self.start.month
        return months if months > 0 else None

    def years(self) -> float:
        """The length of the period in years: ``m / 12`` for ``m`` whole months, else ``days / 365.25``.

        So a whole year is exactly 1 (a year's figures are unchanged), half a year exactly 0.5.

        >>> Period(dt.date(2016, 1, 1), dt.date(2016, 12, 31)).years()
        1.0
        >>> Period(dt.date(2017, 4, 1), dt.date(2017, 9, 30)).years()
        0.5
        >>> round(Period(dt.date(2016, 1, 1), dt.date(2016, 3, 15)).years(), 4)  # 75 days
        0.2053
        """
        months = self.whole_months
        return months / 12 if months is not None else self.days / DAYS_A_YEAR


def problem(period: Period | None) -> str | None:
    """Why referrals over ``period`` cannot be made a rate a year, or None when they can.

    ``"unknown"`` (no period), ``"end_before_start"``, ``"too_short"`` (shorter than one month: fewer than
    :data:`MIN_DAYS` days; a whole calendar month, February included, is never too short) or
    ``"too_long"`` (longer than :data:`MAX_YEARS` years, measured by :meth:`Period.years`: 24 whole
    months is not too long).

    >>> problem(None), problem(Period(dt.date(2016, 1, 1), dt.date(2016, 1, 14)))
    ('unknown', 'too_short')
    >>> problem(Period(dt.date(2017, 2, 1), dt.date(2017, 2, 28))) is None
    True
    """
    if period is None:
        return "unknown"
    if period.end < period.start:
        return "end_before_start"
    if period.days < MIN_DAYS:
        return "too_short"
    if period.years() > MAX_YEARS:
        return "too_long"
    return None


def per_year(count: float, period: Period) -> float:
    """``count`` over ``period`` as a count a year: ``count / period.years()``.

    Check :func:`problem` first: a period it refuses gives a figure that means nothing (and one that
    ends before it starts raises ``ValueError``).

    >>> per_year(60, Period(dt.date(2017, 4, 1), dt.date(2017, 9, 30)))
    120.0
    >>> per_year(100, Period(dt.date(2016, 4, 1), dt.date(2017, 3, 31)))
    100.0
    """
    if period.end < period.start:
        raise ValueError(f"a period ending before it starts: {period.start} to {period.end}")
    return count / period.years()
