"""The stamp a pre-filled return carries: which round and which board the Hub made it for.

A pre-filled return (:mod:`sprx_map.prefill`) lists a board's projects with their references, so the same
file sent back for another round, or one board's file sent in for another, would carry projects across
rounds or boards without anyone noticing. The workbook therefore records what it was made for, on a sheet
the board does not see (very hidden, and protected); the reader reads it into the report
(``ReturnReport.stamp``), and the store refuses to import it into another round, or with the projects of
another board (:func:`mismatch`).

The sheet holds key / value rows under a first row naming it. Its keys are not headings of the return, so
the reader never takes the sheet for the projects.
"""

from __future__ import annotations

from dataclasses import dataclass

from sprx_map import schema
from sprx_map.messages import Message
from sprx_map.parsed import cell_text, is_blank

SHEET = "sprx-map stamp"
MARK = "sprx-map pre-filled return"
_KEYS = ("round", "board", "from_round", "board_en", "board_cy")


@dataclass(frozen=True)
class Stamp:
    """The round a pre-filled return is for, its board (code, and name in each language: the store that
    refuses it knows no names) and the round it was filled in from."""

    round: str
    board: str
    from_round: str | None = None
    board_en: str | None = None
    board_cy: str | None = None

    @property
    def board_name(self) -> dict[str, str]:
        """The board's name in each language (its code where the stamp gives none)."""
        return {"en": self.board_en or self.board, "cy": self.board_cy or self.board_en or self.board}


def write(wb, stamp: Stamp) -> None:
    """Add the stamp's sheet to the openpyxl workbook ``wb``: very hidden (Excel's menus do not show it) and
    protected, so it stays as it is while the board opens, edits and saves the file."""
    ws = wb.create_sheet(SHEET)
    ws.cell(row=1, column=1, value=MARK)
    for row, key in enumerate(_KEYS, start=2):
        ws.cell(row=row, column=1, value=key)
        value = getattr(stamp, key)
        if value is not None:
            ws.cell(row=row, column=2, value=value).data_type = "s"  # a name is text, whatever it starts with
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def read(sheets) -> Stamp | None:
    """The stamp of a workbook read as ``sheets`` (:func:`sprx_map.workbooks.load_table`); None when it has
    none (any return not pre-filled here) or its sheet no longer says what the return is for."""
    sheet = next((s for s in sheets if s.name == SHEET), None)
    if sheet is None or not sheet.rows or not sheet.rows[0][1] or cell_text(sheet.rows[0][1][0]) != MARK:
        return None
    values = {}
    for _, row in sheet.rows[1:]:
        if len(row) >= 2 and cell_text(row[0]) in _KEYS and not is_blank(row[1]):
            values[cell_text(row[0])] = cell_text(row[1]).strip()
    if not values.get("board") or not schema.ROUND_PATTERN.match(values.get("round") or ""):
        return None
    return Stamp(**values)


def mismatch(stamp: Stamp | None, file: str, round_label: str, board: str | None) -> Message | None:
    """Why a return stamped ``stamp`` may not go into ``round_label`` as the return of ``board`` (the board
    of its projects, a code); None when it may, or when it carries no stamp."""
    if stamp is None:
        return None
    if stamp.round != round_label:
        values = {"file": file, "made_for": stamp.round, "round": round_label, "board": stamp.board_name}
        return Message("store.prefilled_other_round", values)
    if board is not None and board != stamp.board:
        values = {"file": file, "made_for": stamp.board_name, "board": board, "round": round_label}
        return Message("store.prefilled_other_board", values)
    return None
