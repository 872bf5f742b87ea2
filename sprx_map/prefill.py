"""A board's return pre-filled from its last return: what the Hub sends instead of the blank template.

Every project the board returned in the round it is filled in from, one row each, with its reference and the
values it gave then, so the board corrects rather than types again. Its status and figures (link worker FTE
and headcount, referrals, funding) are left blank, shaded, for the board to give for the new period: last
period's figures sent back unchanged would be counted again as this period's. A project that had already
ended keeps "ended" (it has nothing to update). Each row has the reporting period of the round the return is
for; new projects go in the empty rows below. The instructions say what to change, in Welsh and English.

The workbook is stamped with the round and board it is for (:mod:`sprx_map.stamp`), so the store refuses it
sent back for another round or by another board. Illustrative rounds are never used: a board with no real
return before the round gets the blank template (:func:`sprx_map.template.template_bytes`).
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from sprx_map import schema, stamp, store, template
from sprx_map.dataset import Dataset
from sprx_map.geo.geography import Geography
from sprx_map.i18n import format_day, t
from sprx_map.messages import Refusal
from sprx_map.reminders import Attachment, slug

ILLUSTRATIVE = Dataset.illustrative_rounds  # generated data: never a board's last return
FIGURES = ("link_worker_fte", "link_worker_headcount", "referrals_received", "annual_funding_gbp")
TO_UPDATE = ("status", *FIGURES)  # left blank on every pre-filled row (status kept when it had ended)
PERIOD = ("reporting_period_start", "reporting_period_end")
LANGUAGES = ("cy", "en")  # Welsh first, as Welsh public bodies write
_UPDATE_FILL = PatternFill("solid", fgColor="FFF2CC")
_INSTRUCTIONS = ("prefill.listed", "prefill.update", "prefill.reference", "prefill.ended", "prefill.new",
                 "prefill.only_for")  # fmt: skip


class PrefillRefused(Refusal):
    """A pre-filled return that cannot be made; the catalogue entry ``key`` says why."""


def _order(engine: sa.Engine) -> list[str]:
    with engine.connect() as conn:
        return store.round_order(conn)


def newest_opened(engine: sa.Engine) -> str | None:
    """The newest round opened for collection (given a deadline, :func:`sprx_map.store.open_round`): the round a
    return is for when none is named. None when no round has been opened."""
    opened = {label for label, dates in store.round_dates(engine).items() if dates.deadline is not None}
    return next((label for label in reversed(_order(engine)) if label in opened), None)


def board_projects(engine: sa.Engine, board: str, round_label: str) -> pd.DataFrame:
    """The projects of ``board``'s return that counts in ``round_label`` (none when it has none), in its rows'
    order."""
    projects = store.load_projects(engine, round_label)
    return projects[projects["health_board"] == board].sort_values("source_row", kind="stable")


def source_round(engine: sa.Engine, board: str, for_round: str) -> str | None:
    """The round a return for ``for_round`` is filled in from: the latest real (not illustrative) round before
    it in which ``board``'s return counts; None when there is none."""
    order = _order(engine)
    before = order[: order.index(for_round)] if for_round in order else order
    states = store.round_states(engine)
    counted = states[(states["hb_code"] == board) & states["withdrawn_at"].isna()]
    returned = set(counted["round"])
    return next((r for r in reversed(before) if r in returned and r not in ILLUSTRATIVE), None)


def _check(engine: sa.Engine, geo: Geography, board: str, from_round: str, for_round: str) -> None:
    if board not in geo.boards.index:
        raise PrefillRefused("prefill.bad_board", board=board)
    if from_round in ILLUSTRATIVE:
        raise PrefillRefused("prefill.illustrative", round=from_round)
    order = _order(engine)
    if from_round not in order:
        raise PrefillRefused("prefill.unknown_round", round=from_round)
    if from_round == for_round or (
        from_round in order and for_round in order and order.index(from_round) > order.index(for_round)
    ):
        raise PrefillRefused("prefill.not_before", from_round=from_round, round=for_round)


def _row(project: dict, period: tuple[dt.date, dt.date] | None) -> dict:
    """A project of the last return as its pre-filled row: status and figures blank, the new period's dates."""
    row = {key: (None if not isinstance(v, list) and pd.isna(v) else v) for key, v in project.items()}
    if row.get("status") != "ended":
        row["status"] = None
    row.update(dict.fromkeys(FIGURES))
    row.update(zip(PERIOD, period or (None, None), strict=True))
    return row


def build_prefilled(
    projects: pd.DataFrame,
    geo: Geography,
    board: str,
    for_round: str,
    *,
    from_round: str | None = None,
    period: tuple[dt.date, dt.date] | None = None,
) -> Workbook:
    """The pre-filled return of ``board`` for ``for_round`` holding ``projects`` (the board's last return, as
    :func:`board_projects` gives it), with the round's reporting ``period`` (start, end) when it is known."""
    names = {lang: str(geo.boards.at[board, f"name_{lang}"]) for lang in ("en", "cy")}
    rows = [_row(p, period) for p in projects.to_dict("records")]
    title = " / ".join(t("prefill.title", lang, board=names[lang], round=for_round) for lang in LANGUAGES)
    details = {"health_board": geo.boards.at[board, "name_en"], "round": for_round}
    wb = template.build_workbook(details, rows, geo, title=title, fields=schema.FIELDS)
    ws = wb[schema.PROJECTS_SHEET]
    columns = [i for i, f in enumerate(schema.FIELDS, start=1) if f.key in TO_UPDATE]
    for r in range(template.FIRST_DATA_ROW, template.FIRST_DATA_ROW + len(rows)):
        for c in columns:
            if ws.cell(row=r, column=c).value is None:
                ws.cell(row=r, column=c).fill = _UPDATE_FILL
    _instructions(wb, names, for_round, from_round, period, len(rows))
    stamp.write(wb, stamp.Stamp(for_round, board, from_round, names["en"], names["cy"]))
    return wb


def _instructions(wb: Workbook, names: dict, for_round: str, from_round, period, count: int) -> None:
    """What to change, in Welsh then English, above the template's general instructions."""
    lines = []
    for lang in LANGUAGES:
        values = {"board": names[lang], "round": for_round, "from_round": from_round or "", "count": count}
        lines.append((t("prefill.title", lang, **values), True))
        if period is not None:
            start, end = (format_day(day, lang) for day in period)
            lines.append((t("prefill.period", lang, start=start, end=end), False))
        else:
            lines.append((t("prefill.period_unknown", lang), False))
        lines += [(t(key, lang, **values), False) for key in _INSTRUCTIONS]
        lines.append(("", False))
    ws = wb["Instructions"]
    ws.insert_rows(1, amount=len(lines))
    for i, (line, bold) in enumerate(lines, start=1):
        template._text(ws, i, 1, line).font = Font(bold=bold)


def _bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def prefilled_return(
    engine: sa.Engine, geo: Geography, board: str, from_round: str | None = None, for_round: str | None = None
) -> bytes:
    """``board``'s return for ``for_round`` (by default the newest round opened), pre-filled from its return in
    ``from_round`` (by default its latest real return before), as ``.xlsx`` bytes.

    The blank template when the board has no return that counts in that round. Refused
    (:class:`PrefillRefused`) for an illustrative ``from_round``, one the store does not know or not before
    ``for_round``, a board the geography does not have, or no round to be for.
    """
    for_round = for_round or newest_opened(engine)
    if for_round is None:
        raise PrefillRefused("prefill.no_round")
    if from_round is not None:
        _check(engine, geo, board, from_round, for_round)
    else:
        if board not in geo.boards.index:
            raise PrefillRefused("prefill.bad_board", board=board)
        from_round = source_round(engine, board, for_round)
    projects = board_projects(engine, board, from_round) if from_round else None
    if projects is None or projects.empty:
        return template.template_bytes(geo)
    dates = store.round_dates(engine).get(for_round)
    period = dates.period if dates is not None else None
    return _bytes(build_prefilled(projects, geo, board, for_round, from_round=from_round, period=period))


def attachment(engine: sa.Engine, geo: Geography, board: str, for_round: str) -> Attachment:
    """A reminder's workbook for ``board`` (:func:`sprx_map.reminders.reminders` takes ``lambda b:
    attachment(engine, geo, b, round)``): pre-filled from its latest real return before ``for_round``, else
    the blank template."""
    from_round = source_round(engine, board, for_round)
    if from_round is None or board_projects(engine, board, from_round).empty:
        return Attachment(f"{slug(for_round)}-return.xlsx", template.template_bytes(geo))
    name = f"{slug(for_round)}-{slug(geo.boards.at[board, 'short_name'])}.xlsx"
    return Attachment(name, prefilled_return(engine, geo, board, from_round, for_round), prefilled=True)
