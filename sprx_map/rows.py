"""One row of a return read as a project: its record and a note for everything noticed.

Only a required field can reject a row: an optional value that cannot be read is left empty with a
warning. The reader (:mod:`sprx_map.returns`) turns the notes into findings.
"""

from __future__ import annotations

import datetime as dt

from sprx_map import cells, schema
from sprx_map.geo.geography import Geography
from sprx_map.i18n import LANGUAGES
from sprx_map.kinds import Areas
from sprx_map.layout import BoardSource, Choices
from sprx_map.workbooks import UnsavedFormula


def parse_row(
    values: dict[str, object],
    geo: Geography,
    mapping: dict[int, str] | None = None,
    board_source: BoardSource | None = None,
    carried: dict | None = None,
    choices: Choices | None = None,
) -> tuple[dict, list[tuple[str | None, cells.Note]]]:
    """Parse one project row: the record and (column, note) pairs.

    Only required fields reject the row: a note that would reject an optional
    field becomes a warning and the field is left empty.
    """
    choices = choices or Choices()
    columns = set((mapping or {f.key: f.key for f in schema.FIELDS if f.key in values}).values())
    carried = carried or {}
    record: dict[str, object] = {}
    notes: list[tuple[str | None, cells.Note]] = []
    for f in schema.FIELDS:
        if f.kind.geographic:
            continue  # parsed below: the clusters need the board
        parsed = _parse_field(f, values.get(f.key), choices)
        if f.key in carried and parsed.value is None and not parsed.notes:
            parsed = _carried(f.key, carried[f.key])
        record[f.key] = _keep(f, parsed, notes)
        if f.required and parsed.value in (None, []) and not any(n.severity == "error" for n in parsed.notes):
            notes.append((f.key, _missing(f, columns)))
    board, board_notes = _row_board(values, geo, columns, board_source, carried, choices)
    notes += board_notes
    clusters = parse_clusters(values.get("clusters_served"), board, geo, choices)
    if "clusters_served" in carried and not clusters.value and not clusters.notes:
        clusters = _carried("clusters_served", carried["clusters_served"])
    board_failed = any(n.severity == "error" for c, n in notes if c == "health_board")
    if board is None and clusters.value and not board_failed:
        boards = {geo.clusters.at[c, "hb_code"] for c in clusters.value}
        if len(boards) == 1:
            board = boards.pop()
            names = {lang: geo.area_names("health_board", lang)[board] for lang in LANGUAGES}
            notes.append(("health_board", cells.Note("warning", "finding.board_from_clusters", {"board": names})))
    record["health_board"] = board
    if board is None and not board_failed:
        notes.append(("health_board", _missing(schema.FIELD_BY_KEY["health_board"], columns)))
    record["clusters_served"] = clusters.value
    notes += [("clusters_served", n) for n in clusters.notes]
    if not clusters.value and not any(n.severity == "error" for n in clusters.notes) and board is not None:
        notes.append(("clusters_served", _missing(schema.FIELD_BY_KEY["clusters_served"], columns)))
    for col, note in _cross_checks(record):
        notes.append((col, note))
        if note.severity == "error" and not schema.FIELD_BY_KEY[col].required:
            note.severity, note.left_empty = "warning", True
            record[col] = None
    return record, notes


def _missing(f: schema.Field, columns: set[str]) -> cells.Note:
    if f.key in columns:
        return cells.Note("error", "finding.required", {"field": {lang: f.label(lang) for lang in LANGUAGES}})
    return cells.Note("error", "finding.no_column", {"field": {lang: f.label(lang) for lang in LANGUAGES}})


def _keep(f: schema.Field, parsed: cells.Parsed, notes: list) -> object:
    """The parsed value, its notes added to ``notes``; an optional field that failed is left empty."""
    failed = any(n.severity == "error" for n in parsed.notes)
    for note in parsed.notes:
        if failed and not f.required and note.severity == "error":
            note.severity, note.left_empty = "warning", True
        notes.append((f.key, note))
    if failed and not f.required:
        return f.kind.empty()
    return parsed.value


def _carried(key: str, carried: tuple[str, int, str]) -> cells.Parsed:
    value, row, text = carried
    parsed = cells.Parsed([value] if key == "clusters_served" else value)
    parsed.guessed("info", "finding.carried_down", value, row=row, heading=text, value=text)
    return parsed


def _row_board(values, geo, columns, board_source, carried, choices) -> tuple[str | None, list]:
    """The row's board: its own cell, else the return's board (given or found), else a heading row's."""
    notes: list[tuple[str, cells.Note]] = []
    parsed = parse_board(values.get("health_board"), geo, choices)
    notes += [("health_board", n) for n in parsed.notes]
    board = parsed.value
    if any(n.severity == "error" for n in parsed.notes):
        return None, notes
    if board is not None and board_source is not None and board_source.source == "given" and board != board_source.code:
        names = {lang: geo.area_names("health_board", lang)[board_source.code] for lang in LANGUAGES}
        text = cells.cell_text(values.get("health_board"))
        notes.append(("health_board", cells.Note("error", "finding.board_differs", {"value": text, "board": names})))
        return None, notes
    if board is None and "health_board" in carried:
        return carried["health_board"][0], notes
    if board is None and board_source is not None:
        if "health_board" in columns:  # the column is there but this row left it empty
            names = {lang: geo.area_names("health_board", lang)[board_source.code] for lang in LANGUAGES}
            notes.append(("health_board", cells.Note("warning", "finding.board_filled", {"board": names})))
        return board_source.code, notes
    return board, notes


def _parse_field(f: schema.Field, raw: object, choices: Choices | None = None) -> cells.Parsed:
    if isinstance(raw, UnsavedFormula):
        return cells.Parsed().error("finding.unsaved_formula", value=str(raw))
    if isinstance(raw, str) and raw.strip().startswith("=") and f.kind.guarded:
        return cells.Parsed().error("finding.formula_text", value=raw.strip())
    return f.kind.parse(raw, f, _lookup(f.key, choices))


def _lookup(key: str, choices: Choices | None) -> cells.Lookup | None:
    if choices is None or not (choices.values or choices.saved_values):
        return None
    return lambda text: choices.value(key, text)


def parse_board(raw: object, geo: Geography, choices: Choices | None = None) -> cells.Parsed:
    """A health board cell read by its kind (:class:`sprx_map.kinds.Board`), with a person's choices."""
    f = schema.FIELD_BY_KEY["health_board"]
    return f.kind.parse(raw, f, _lookup(f.key, choices), Areas(geo))


def parse_clusters(raw: object, board: str | None, geo: Geography, choices: Choices | None = None) -> cells.Parsed:
    """A clusters served cell read by its kind (:class:`sprx_map.kinds.Clusters`) as clusters of ``board``,
    with a person's choices."""
    f = schema.FIELD_BY_KEY["clusters_served"]
    return f.kind.parse(raw, f, _lookup(f.key, choices), Areas(geo, board))


def _cross_checks(record: dict) -> list[tuple[str, cells.Note]]:
    notes = []
    for start, end in (("start_date", "end_date"), ("reporting_period_start", "reporting_period_end")):
        a, b = record.get(start), record.get(end)
        if isinstance(a, dt.date) and isinstance(b, dt.date) and b < a:
            notes.append(
                (end, cells.Note("error", "finding.end_before_start", {"start": a.isoformat(), "end": b.isoformat()}))
            )
    fte, headcount = record.get("link_worker_fte"), record.get("link_worker_headcount")
    if fte and headcount == 0:
        notes.append(("link_worker_headcount", cells.Note("warning", "finding.fte_without_people", {"fte": fte})))
    return notes
