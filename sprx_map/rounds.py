"""Survey rounds and who has returned: the round tracker, and what every total of a round is made of.

A round arrives board by board. Each board's state in a round is ``returned``
(its current submission counts), ``withdrawn`` (it was taken back: it stays in
the history but does not count) or ``not_returned``. A total over several boards
is made of the boards that returned, and says so; an area whose board has not
returned is "no return", never zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pandas as pd

from sprx_map.geo.geography import Geography
from sprx_map.i18n import format_day, t

RETURNED, WITHDRAWN, NOT_RETURNED = "returned", "withdrawn", "not_returned"
STATES = (RETURNED, WITHDRAWN, NOT_RETURNED)
# Dates and times are kept in UTC and shown as the clock reads in Wales.
LOCAL_TIME = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class BoardReturn:
    """One board's state in one round, with its submission's details when it has one."""

    code: str
    state: str
    submitted_at: dt.datetime | None = None
    submitted_by: str | None = None
    file: str | None = None
    rows_kept: int | None = None
    rows_rejected: int | None = None
    withdrawn_at: dt.datetime | None = None
    withdrawn_by: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class RoundReturns:
    """Every board's state in a round, and when the round's data last changed."""

    round: str
    illustrative: bool
    boards: tuple[BoardReturn, ...]

    @property
    def returned(self) -> tuple[str, ...]:
        """Codes of the boards whose return counts."""
        return tuple(b.code for b in self.boards if b.state == RETURNED)

    @property
    def missing(self) -> tuple[str, ...]:
        """Codes of the boards with no return that counts (not returned, or withdrawn)."""
        return tuple(b.code for b in self.boards if b.state != RETURNED)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def changed_at(self) -> dt.datetime | None:
        """When the round's data last changed: its latest submission or withdrawal."""
        times = [x for b in self.boards for x in (b.submitted_at, b.withdrawn_at) if x is not None]
        return max(times) if times else None

    def board(self, code: str) -> BoardReturn:
        return next(b for b in self.boards if b.code == code)


def tracker(
    states: pd.DataFrame, geo: Geography, order: list[str], illustrative: tuple[str, ...]
) -> list[RoundReturns]:
    """Every round in ``order`` with each of the boards' states, from :func:`sprx_map.store.round_states`."""
    by_round: dict[str, dict[str, BoardReturn]] = {label: {} for label in order}
    for row in states.itertuples(index=False):
        if row.round not in by_round:
            continue
        withdrawn = _time(row.withdrawn_at)
        by_round[row.round][row.hb_code] = BoardReturn(
            row.hb_code,
            WITHDRAWN if withdrawn is not None else RETURNED,
            _time(row.imported_at),
            row.imported_by,
            row.file_name,
            int(row.rows_kept),
            int(row.rows_rejected),
            withdrawn,
            _text(row.withdrawn_by) if withdrawn is not None else None,
            _text(row.withdrawn_reason) if withdrawn is not None else None,
        )
    return [
        RoundReturns(
            label,
            label in illustrative,
            tuple(by_round[label].get(code, BoardReturn(code, NOT_RETURNED)) for code in geo.boards.index),
        )
        for label in order
    ]


def complete(label: str, geo: Geography, illustrative: bool = False) -> RoundReturns:
    """A round in which every board returned (returns read from files, with no store behind them)."""
    return RoundReturns(label, illustrative, tuple(BoardReturn(code, RETURNED) for code in geo.boards.index))


def split(clusters: list[str], geo: Geography, returns: RoundReturns | None) -> tuple[list[str], list[str]]:
    """The chosen clusters whose board's return counts, and those whose board has none (in the same order)."""
    missing = set(returns.missing) if returns is not None else set()
    boards = geo.clusters["hb_code"]
    counted = [c for c in clusters if boards[c] not in missing]
    return counted, [c for c in clusters if boards[c] in missing]


def _text(value) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _time(value) -> dt.datetime | None:
    if value is None or pd.isna(value):
        return None
    moment = pd.Timestamp(value).to_pydatetime()
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def board_completeness(projects) -> dict[tuple[str, str], dict[str, int]]:
    """For each (round, board) with projects: its current projects, and how many of them reported link-worker
    FTE and a usable referral count (one that can be made a year's, see :mod:`sprx_map.referrals`)."""
    current = projects[projects["status"] == "current"]
    usable = current["counted_in"] != "" if "counted_in" in current else current["referrals_received"].notna()
    out = {}
    for (label, board), group in current.groupby(["round", "health_board"], sort=False):
        out[(label, board)] = {
            "current": len(group),
            "fte_reported": int(group["link_worker_fte"].notna().sum()),
            "referrals_reported": int(usable.loc[group.index].sum()),
        }
    return out


def overdue(state: str, deadline: dt.date | None, today: dt.date) -> bool:
    """Whether a board in ``state`` is late: it has no return that counts (not returned, or withdrawn and not
    sent again) and the deadline has passed (a return is due by the end of the deadline's day).

    >>> due = dt.date(2027, 3, 31)
    >>> overdue(NOT_RETURNED, due, dt.date(2027, 4, 1)), overdue(NOT_RETURNED, due, due)
    (True, False)
    """
    return deadline is not None and state != RETURNED and today > deadline


def days_to_deadline(deadline: dt.date | None, today: dt.date) -> int | None:
    """Days from ``today`` to the deadline: 0 on the day, negative once it has passed, None when there is none."""
    return None if deadline is None else (deadline - today).days


def deadline_words(deadline: dt.date | None, today: dt.date, lang: str = "en") -> str:
    """ "12 day(s) to the deadline (31 March 2027)", "due today (...)", "3 day(s) past the deadline (...)", or
    "no deadline set" (in ``lang``)."""
    days = days_to_deadline(deadline, today)
    if days is None:
        return t("round.no_deadline", lang)
    when_due = format_day(deadline, lang)
    if days == 0:
        return t("round.due_today", lang, deadline=when_due)
    key = "round.days_left" if days > 0 else "round.days_over"
    return t(key, lang, days=abs(days), deadline=when_due)


def overdue_boards(r: RoundReturns, deadline: dt.date | None, today: dt.date) -> tuple[str, ...]:
    """Codes of the boards late with their return for the round (:func:`overdue`)."""
    return tuple(b.code for b in r.boards if overdue(b.state, deadline, today))


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def as_json(
    rounds: list[RoundReturns],
    geo: Geography,
    lang: str = "en",
    completeness: dict | None = None,
    dates: dict | None = None,
    today: dt.date | None = None,
) -> dict:
    """The tracker as ``rounds --json`` prints it (null where a value does not apply); ``completeness`` is
    :func:`board_completeness`, given per board where it has projects.

    ``dates`` (label -> :class:`sprx_map.store.RoundDates`, or anything with ``period_start``, ``period_end``,
    ``deadline`` and ``title``) gives each round's period, deadline and title (ISO 8601 dates); a board is
    ``overdue`` (:func:`overdue`) as of ``today``, never when either is not given.
    """
    names = geo.area_names("health_board", lang)
    completeness = completeness or {}
    dates = dates or {}
    return {
        "rounds": [
            {
                "round": r.round,
                "illustrative": r.illustrative,
                "title": getattr(dates.get(r.round), "title", None),
                "period_start": _iso(getattr(dates.get(r.round), "period_start", None)),
                "period_end": _iso(getattr(dates.get(r.round), "period_end", None)),
                "deadline": _iso(getattr(dates.get(r.round), "deadline", None)),
                "boards": [
                    {
                        "code": b.code,
                        "name": str(names[b.code]),
                        "state": b.state,
                        "submitted_at": b.submitted_at.isoformat() if b.submitted_at else None,
                        "file": b.file,
                        "rows_kept": b.rows_kept,
                        "rows_rejected": b.rows_rejected,
                        "reason": b.reason,
                        "completeness": completeness.get((r.round, b.code)) if b.state == "returned" else None,
                        "overdue": today is not None
                        and overdue(b.state, getattr(dates.get(r.round), "deadline", None), today),
                    }
                    for b in r.boards
                ],
            }
            for r in rounds
        ]
    }


def when(moment: dt.datetime | None, lang: str = "en") -> str:
    """A moment as people read it in Wales: "3 March 2027, 14:05" (in ``lang``); "–" when unknown."""
    if moment is None:
        return "–"
    local = moment.astimezone(LOCAL_TIME)
    return f"{format_day(local.date(), lang)}, {local:%H:%M}"


def data_as_of(r: RoundReturns, lang: str = "en") -> str:
    """ "Data as of 3 March 2027, 14:05" for a round (in ``lang``)."""
    return t("round.data_as_of", lang, when=when(r.changed_at, lang))


def made_of(r: RoundReturns, lang: str = "en") -> str:
    """What a total over Wales is made of: "5 of 7 health boards returned" (in ``lang``)."""
    return t("round.made_of", lang, returned=len(r.returned), total=len(r.boards))


def mark(state: str) -> str:
    """A mark for a board's state that does not rely on colour: ✓ returned, ✗ withdrawn, – not returned."""
    return {RETURNED: "✓", WITHDRAWN: "✗", NOT_RETURNED: "–"}[state]


def tracker_table(rounds: list[RoundReturns], geo: Geography, lang: str = "en") -> pd.DataFrame:
    """Rounds by boards, in words with a mark: whom to chase at a glance (the intake page's table)."""
    names = geo.area_names("health_board", lang)
    rows = []
    for r in rounds:
        row = {t("round.column", lang): r.round + (f" ({t('round.illustrative', lang)})" if r.illustrative else "")}
        for b in r.boards:
            row[str(names[b.code])] = f"{mark(b.state)} {t(f'round.state.{b.state}', lang)}"
        rows.append(row)
    return pd.DataFrame(rows)


def lines(rounds: list[RoundReturns], geo: Geography, lang: str = "en") -> list[str]:
    """The tracker in words, for the command line: a line per round, then one per board."""
    names = geo.area_names("health_board", lang)
    out = []
    for r in rounds:
        flag = f" ({t('round.illustrative', lang)})" if r.illustrative else ""
        out.append(t("round.line", lang, round=r.round, flag=flag, made_of=made_of(r, lang)))
        for b in r.boards:
            state = t(f"round.state.{b.state}", lang)
            if b.state == RETURNED:
                detail = t("round.detail.returned", lang, when=when(b.submitted_at, lang), by=b.submitted_by,
                           file=b.file, kept=b.rows_kept, rejected=b.rows_rejected)  # fmt: skip
            elif b.state == WITHDRAWN:
                detail = t("round.detail.withdrawn", lang, when=when(b.withdrawn_at, lang), by=b.withdrawn_by,
                           reason=b.reason, file=b.file)  # fmt: skip
            else:
                detail = ""
            out.append(f"  {mark(b.state)} {names[b.code]}: {state}" + (f" ({detail})" if detail else ""))
    return out
