"""Running a round: what the command line and the Data intake page show of a round opened for collection.

The rounds opened with no return yet (tracked with every board not returned), each board's state with whether it
is overdue, in words and with a mark, the change between two rounds in words, and the reminders as one zip. The
facts are :mod:`sprx_map.rounds`, :mod:`sprx_map.continuity` and :mod:`sprx_map.reminders`'; this module words
and packs them.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from email.message import EmailMessage

import pandas as pd

from sprx_map import rounds
from sprx_map.continuity import KINDS
from sprx_map.geo.geography import Geography
from sprx_map.i18n import format_day, t
from sprx_map.reminders import file_name

OVERDUE_MARK = "⚠"  # beside the words, so that being late does not rely on colour


def today() -> dt.date:
    """Today as the clock reads in Wales: the day a deadline is counted from (tests pass their own day)."""
    return dt.datetime.now(rounds.LOCAL_TIME).date()


def with_opened(tracked: list[rounds.RoundReturns], dates: dict, geo: Geography) -> list[rounds.RoundReturns]:
    """``tracked`` (newest first) with the rounds opened (given a deadline) that no board has returned to yet,
    first, newest label first: every board of such a round is not returned, and is chased like any other."""
    known = {r.round for r in tracked}
    opened = sorted((label for label, d in dates.items() if d.deadline is not None and label not in known),
                    reverse=True)  # fmt: skip
    empty = [
        rounds.RoundReturns(label, False, tuple(rounds.BoardReturn(c, rounds.NOT_RETURNED) for c in geo.boards.index))
        for label in opened
    ]
    return empty + list(tracked)


def dates_line(round_dates, today: dt.date, lang: str = "en") -> str | None:
    """ "Reporting period 1 April 2027 to 31 March 2028; 12 day(s) to the deadline (30 April 2028)" (in ``lang``);
    None for a round with neither a period nor a deadline."""
    if round_dates is None or (round_dates.period is None and round_dates.deadline is None):
        return None
    if round_dates.period is not None:
        start, end = (format_day(day, lang) for day in round_dates.period)
        period = t("collection.period", lang, start=start, end=end)
    else:
        period = t("collection.period_unknown", lang)
    return t("collection.dates", lang, period=period, deadline=rounds.deadline_words(round_dates.deadline, today, lang))


def overdue_words(lang: str = "en") -> str:
    """ "⚠ overdue": how a late board is marked, in words with a mark."""
    return f"{OVERDUE_MARK} {t('collection.overdue', lang)}"


def lines(
    tracked: list[rounds.RoundReturns], geo: Geography, dates: dict, today: dt.date, lang: str = "en"
) -> list[str]:
    """The tracker in words for ``rounds``: each round's line, its period and deadline, then a line per board,
    with the boards overdue (:func:`sprx_map.rounds.overdue`) marked so."""
    out = []
    for r in tracked:
        block = rounds.lines([r], geo, lang)
        deadline = getattr(dates.get(r.round), "deadline", None)
        said = dates_line(dates.get(r.round), today, lang)
        out.append(block[0])
        if said is not None:
            out.append(f"  {said}")
        for board, line in zip(r.boards, block[1:], strict=True):
            late = rounds.overdue(board.state, deadline, today)
            out.append(f"{line} {overdue_words(lang)}" if late else line)
    return out


def board_table(r: rounds.RoundReturns, geo: Geography, deadline: dt.date | None, today: dt.date, lang: str = "en"
                ) -> pd.DataFrame:  # fmt: skip
    """One row per board of the round: its state in words with a mark, and whether it is overdue (the Data intake
    page's table of whom to chase)."""
    names = geo.area_names("health_board", lang)
    return pd.DataFrame(
        [
            {
                t("collection.board", lang): str(names[b.code]),
                t("collection.state", lang): f"{rounds.mark(b.state)} {t(f'round.state.{b.state}', lang)}",
                t("collection.deadline", lang): overdue_words(lang) if rounds.overdue(b.state, deadline, today) else "",
            }
            for b in r.boards
        ]
    )


def change_lines(change: dict, lang: str = "en") -> list[str]:
    """:func:`sprx_map.continuity.round_change` in words: per board, its state, then each kind's projects (a
    renamed one with its name before). "Not reported" is said as such, never as ended."""
    before = change["before"] or t("collection.change.none_before", lang)
    out = [t("collection.change.title", lang, round=change["round"], before=before)]
    for board in change["boards"]:
        state = t(f"round.state.{board['state']}", lang)
        out.append(f"{board['name']}: {state}")
        if board["state"] != rounds.RETURNED:
            continue
        for kind in KINDS:
            items = board[kind]
            if kind == "renamed" or not items:
                continue
            out.append(f"  {t(f'collection.change.{kind}', lang, count=len(items))}")
            for item in items:
                out.append(f"    {item['reference'] or '–'} {item['name']}")
        for item in board["renamed"]:
            said = t("collection.change.renamed", lang, reference=item["reference"] or "–", name=item["name"],
                     was=item["was"])  # fmt: skip
            out.append(f"  {said}")
    return out


def reminders_zip(messages: dict[str, EmailMessage], round_label: str, geo: Geography) -> bytes:
    """The reminders (:func:`sprx_map.reminders.reminders`) as one zip of ``.eml`` files, named as
    :func:`sprx_map.reminders.write_reminders` names them."""
    import email.policy

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as packed:
        for board, message in messages.items():
            packed.writestr(file_name(round_label, board, geo), message.as_bytes(policy=email.policy.SMTP))
    return buffer.getvalue()


def round_reminders(engine, geo: Geography, returns: rounds.RoundReturns) -> dict[str, EmailMessage]:
    """The round's reminders from the store: one per board not returned, to its contacts, with its pre-filled
    return attached (the blank one where it has none), as ``reminders --round`` writes them."""
    from sprx_map import prefill, reminders, store

    label = returns.round
    return reminders.reminders(returns, geo, store.round_dates(engine).get(label), store.contacts(engine),
                               lambda board: prefill.attachment(engine, geo, board, label))  # fmt: skip


def round_returns(engine, geo: Geography, label: str) -> rounds.RoundReturns:
    """Every board's state in round ``label`` as the store has it (every board not returned in a round opened
    that no board has returned to yet)."""
    from sprx_map import store
    from sprx_map.dataset import Dataset

    return rounds.tracker(store.round_states(engine), geo, [label], Dataset.illustrative_rounds)[0]
