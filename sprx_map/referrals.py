"""Referrals a year, along the pathway: each project's period, its type, and the measure its referrals count in.

Social prescribing is a pathway: a professional (or the person) refers to a link worker, and the link worker
refers on to community activities. When both return their referrals, one person is counted twice. So:

- **Referrals to social prescribing** (the headline measure) are the referrals received by link-worker
  services (and projects that are both), plus those received by community activities straight from a
  professional or the person: an activity none of whose referral routes is a link worker.
- **Onward referrals to activities** are those received by activities with a link worker among their routes.
  The two measures are never added together.

A project's type is the one its return gives; otherwise it is inferred (and said to be): a project with
link-worker FTE is a link-worker service; any other is a community activity or service.

Every count is made a count a year by its period (:mod:`sprx_map.periods`): the project's own period, else one
named in its heading, else the round's. A project that began or ended inside the round's period reported all it
did in that period, so its count is set against the round's period, not the shorter one. A period that is
unknown, under a month or over two years leaves the count out of both measures, with its reason, and the project
counts as not reporting referrals.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from sprx_map import periods

LINK_WORKER_SERVICE, COMMUNITY_ACTIVITY, BOTH = "link_worker_service", "community_activity", "both"
LINK_WORKER_ROUTE = "link_worker"
TO_SOCIAL_PRESCRIBING, ONWARD = "social_prescribing", "onward"
# The columns :func:`pathway` adds to a projects frame.
COLUMNS = (
    "type_used",  # the project's type: given, or inferred
    "type_inferred",  # True when the return did not give it
    "counted_in",  # "social_prescribing", "onward", or "" (no usable count)
    "referral_period_start",
    "referral_period_end",
    "referral_period_source",  # "project", "heading", "round", "ran_in_round" (it began or ended in it) or ""
    "referral_years",  # the length the count is set against, in years
    "period_problem",  # "", or why the count is left out: "unknown", "too_short", "too_long", "end_before_start"
    "referrals_a_year",  # the count a year, missing when not reported or left out
)


def project_type(given, fte) -> tuple[str, bool]:
    """The project's type and whether it was inferred.

    >>> project_type(None, 1.5), project_type("community_activity", 2.0), project_type(None, None)
    (('link_worker_service', True), ('community_activity', False), ('community_activity', True))
    """
    if isinstance(given, str) and given:
        return given, False
    has_fte = fte is not None and not pd.isna(fte) and float(fte) > 0
    return (LINK_WORKER_SERVICE if has_fte else COMMUNITY_ACTIVITY), True


def counted_in(kind: str, routes) -> str:
    """Which measure a project's referrals count in: onward for an activity a link worker refers to.

    >>> counted_in("community_activity", ["gp", "link_worker"]), counted_in("community_activity", ["gp"])
    ('onward', 'social_prescribing')
    >>> counted_in("link_worker_service", ["link_worker"])
    'social_prescribing'
    """
    if kind == COMMUNITY_ACTIVITY and LINK_WORKER_ROUTE in (routes or ()):
        return ONWARD
    return TO_SOCIAL_PRESCRIBING


def _date(value) -> dt.date | None:
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value if isinstance(value, dt.date) else None


def counted_period(
    own: periods.Period | None, source: str, round_period: periods.Period | None, started, ended
) -> tuple[periods.Period | None, str]:
    """The period a project's count is set against, and where it came from.

    ``own`` is the project's period (from its columns or its heading, as ``source`` says); without one, the
    round's. A project that started or ended inside the round's period, and whose own period runs from its
    start or to its end, reported all it did in the round: its count is set against the round's period.

    >>> year = periods.Period(dt.date(2016, 1, 1), dt.date(2016, 12, 31))
    >>> ended = periods.Period(dt.date(2016, 1, 1), dt.date(2016, 6, 30))
    >>> counted_period(ended, "project", year, None, dt.date(2016, 6, 30))[0] == year
    True
    >>> counted_period(ended, "project", year, None, None)[0] == ended
    True
    """
    if own is None:
        return round_period, ("round" if round_period is not None else "")
    if round_period is not None and round_period.start <= own.start and own.end <= round_period.end:
        started, ended = _date(started), _date(ended)
        from_its_start = started is not None and round_period.start < started and own.start <= started
        to_its_end = ended is not None and ended < round_period.end and own.end >= ended
        if from_its_start or to_its_end:
            return round_period, "ran_in_round"
    return own, source


def pathway(projects: pd.DataFrame, round_periods: dict[str, periods.Period]) -> pd.DataFrame:
    """``projects`` with :data:`COLUMNS` added: each project's type, the measure its referrals count in, and
    its referrals a year (see the module's text). ``round_periods`` maps a round label to its reporting period.
    """
    out = projects.copy()
    rows = []
    given_types = out["project_type"] if "project_type" in out else pd.Series(None, index=out.index, dtype=object)
    sources = out["period_source"] if "period_source" in out else pd.Series("", index=out.index, dtype=object)
    rounds = out["round"] if "round" in out else pd.Series(None, index=out.index, dtype=object)
    for given, fte, routes, count, start, end, source, label, started, ended in zip(
        given_types,
        out["link_worker_fte"],
        out["referral_routes"],
        out["referrals_received"],
        out["reporting_period_start"],
        out["reporting_period_end"],
        sources,
        rounds,
        out["start_date"],
        out["end_date"],
        strict=True,
    ):
        kind, inferred = project_type(given, fte)
        start, end = _date(start), _date(end)
        own = periods.Period(start, end) if start is not None and end is not None else None
        used, where = counted_period(own, source or "project", round_periods.get(label), started, ended)
        problem = periods.problem(used) or ""
        reported = count is not None and not pd.isna(count)
        rows.append(
            (
                kind,
                inferred,
                counted_in(kind, routes) if reported and not problem else "",
                used.start if used else None,
                used.end if used else None,
                where,
                used.years() if used and not problem else np.nan,
                problem if reported else "",
                periods.per_year(float(count), used) if reported and not problem else np.nan,
            )
        )
    added = pd.DataFrame(rows, columns=list(COLUMNS), index=out.index)
    for column in COLUMNS:
        out[column] = added[column] if len(out) else pd.Series(dtype=object)
    out["type_inferred"] = out["type_inferred"].astype(bool)
    out["referral_years"] = out["referral_years"].astype(float)
    out["referrals_a_year"] = out["referrals_a_year"].astype(float)
    return out
