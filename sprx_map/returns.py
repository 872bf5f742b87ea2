"""Reading survey returns into projects, with a finding for everything noticed.

A return is read in four steps, each a plain function so later work can harden
one without replacing the others:

1. :func:`sprx_map.workbooks.load_table` turns a file into sheets of rows,
   keeping Excel row numbers (and refuses files it should not open).
2. :func:`sprx_map.layout.find_layout` finds the sheet, the heading (one row or
   two) and reads every heading as a field, by its words (:mod:`sprx_map.headings`).
3. :func:`sprx_map.layout.find_board` finds the board when no column gives it.
4. :func:`read_rows` parses every row (:func:`sprx_map.rows.parse_row`), classing
   it as accepted, accepted with warnings, rejected, blank or a total row; rows that
   only head a group of projects ("Cwmtawe cluster") give their value to the rows below them.

What it makes is a :class:`sprx_map.report.ReturnReport`.

Every row read is accounted for: ``rows_read == accepted + accepted_with_warnings
+ rejected + skipped_blank + skipped_total``. Only a required field can reject a
row: an optional value that cannot be read is left empty with a warning that
keeps the text as written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from sprx_map import cells, heading_periods, headings, references, row_periods, schema, stamp
from sprx_map.geo.geography import Geography
from sprx_map.i18n import LANGUAGES
from sprx_map.layout import (
    BoardSource,
    Choices,
    Layout,
    NoHeading,
    find_board,
    find_layout,
    key_of,
    section_of,
)

# The report model and the parsing of areas were once in this module, and are still read from it.
from sprx_map.report import Finding, Guess, ReturnFileError, ReturnReport, completeness  # noqa: F401
from sprx_map.rows import parse_board, parse_clusters, parse_row  # noqa: F401
from sprx_map.workbooks import FileRefused, Sheet, load_table

# "Total", "Sub-total: Afan", "Grand total", "Cyfanswm", and a name ending in one ("Afan sub-total", "Neath - total").
_TOTAL_ROW = re.compile(
    r"^\s*(sub[- ]?)?totals?\b|^\s*(is-?)?gyfanswm\b|^\s*cyfanswm\b|^\s*grand total\b"
    r"|(^|[\s\-\u2013:])(sub[- ]?)?totals?\s*:?\s*$|(^|[\s\-\u2013:])(is-?)?(cyfanswm|gyfanswm)\s*:?\s*$",
    re.I,
)
# Where a return's board may be found when no column gives it; the first two are not guesses.
BOARD_SOURCES = ("given", "details", "title", "sheet", "file", "clusters")


def read_details(sheets: list[Sheet]) -> dict:
    """The "Return details" sheet as {key: value}; empty when absent."""
    sheet = next(
        (s for s in sheets if schema.normalise_label(s.name) == schema.normalise_label(schema.DETAILS_SHEET)), None
    )
    if sheet is None:
        return {}
    by_label = {schema.normalise_label(lbl): key for key, en, cy in schema.RETURN_DETAILS for lbl in (en, cy, key)}
    by_label |= {schema.normalise_label(lbl): key for key, old in schema.RETURN_DETAIL_ALIASES.items() for lbl in old}
    details = {}
    for _, row in sheet.rows:
        cells_ = [c for c in row if not cells.is_blank(c)]
        if len(cells_) >= 2:
            label = str(cells_[0]).split(" / ")[0]
            key = by_label.get(schema.normalise_label(label))
            if key:
                details[key] = cells_[1]
    return details


def date_returned(details: dict) -> dt.date | None:
    """The date the return was sent back, from its "Return details" sheet; None when it gives no clear day."""
    parsed = cells.parse_date(details.get("date_returned"))
    return parsed.value if isinstance(parsed.value, dt.date) and not parsed.notes else None


SavedMappings = Callable[[str], tuple[dict[str, str], dict[tuple[str, str], str]]]


def read_return(
    path: Path | str,
    geo: Geography,
    data: bytes | None = None,
    name: str | None = None,
    *,
    choices: Choices | None = None,
    saved: SavedMappings | None = None,
) -> ReturnReport:
    """Read one return and account for every row.

    ``choices`` are what a person decided for this reading (headings, values,
    the board); ``saved`` gives a board's saved mappings (heading -> field,
    (field, value) -> key), applied beneath ``choices`` once the board is known.
    Raises :class:`ReturnFileError` when the file cannot be read as a return at
    all (wrong type, damaged, no row of headings naming the return's fields).
    """
    path = Path(path)
    data = path.read_bytes() if data is None else data
    file = name or path.name
    try:
        sheets = load_table(path if name is None else Path(name), data)
    except FileRefused as exc:
        raise ReturnFileError(exc.key, **exc.params) from exc
    choices = choices or Choices()
    sha = hashlib.sha256(data).hexdigest()
    report = _read(sheets, file, sha, geo, choices)
    board = report.board_code
    if saved is not None and board is not None:
        known_headings, known_values = saved(board)
        if known_headings or known_values:
            report = _read(sheets, file, sha, geo, choices.with_saved(known_headings, known_values))
    return report


def _read(sheets: list[Sheet], file: str, sha: str, geo: Geography, choices: Choices) -> ReturnReport:
    try:
        layout = find_layout(sheets, file, choices)
    except NoHeading:
        raise ReturnFileError("error.no_header", file=file) from None
    details = read_details(sheets)
    board = None if layout.column_of("health_board") else find_board(layout, file, geo, details, choices.board)
    if board is None and choices.board:
        board = BoardSource(choices.board, "given", geo.names.name("health_board", choices.board))
    findings = _layout_findings(layout, file, board, geo)
    returned = date_returned(details)
    projects, status, row_findings, sections = read_rows(layout, geo, file, board, choices, returned)
    findings += row_findings + _missing_columns(layout, file, status, row_findings)
    stamped = stamp.read(sheets)
    return ReturnReport(file, sha, details, projects, status, findings, layout.sheet, layout, board, sections, stamped)


def _layout_findings(layout: Layout, file: str, board: BoardSource | None, geo: Geography) -> list[Finding]:
    """What was inferred about the file's shape, and every heading not read as a field."""
    row = layout.header_row
    out = []
    if layout.passed_over and key_of(layout.sheet.name) != key_of(schema.PROJECTS_SHEET):
        out.append(
            Finding(file, None, None, layout.sheet.name, "info", "finding.sheet_chosen",
                    {"sheet": layout.sheet.name, "others": ", ".join(layout.passed_over)})
        )  # fmt: skip
    if len(layout.header_rows) > 1:
        out.append(
            Finding(file, row, None, "", "info", "finding.two_row_heading",
                    {"upper": layout.header_rows[0], "lower": layout.header_rows[1]})
        )  # fmt: skip
    for c in layout.columns:
        fields = [schema.FIELD_BY_KEY[k] for k in c.candidates]
        candidates = {lang: " / ".join(f"'{f.label(lang)}'" for f in fields) for lang in LANGUAGES}
        if c.how == headings.IGNORED:
            out.append(Finding(file, row, c.heading, c.heading, "info", "finding.column_ignored"))
        elif c.how == headings.AMBIGUOUS:
            out.append(
                Finding(file, row, c.heading, c.heading, "warning", "finding.column_ambiguous", {"fields": candidates})
            )
        elif c.how == headings.DUPLICATE:
            out.append(
                Finding(file, row, c.heading, c.heading, "warning", "finding.column_duplicate", {"fields": candidates})
            )
        elif c.how in (headings.WORDS, headings.VALUES) and c.confidence < 0.9:
            field_names = {lang: schema.FIELD_BY_KEY[c.field].label(lang) for lang in LANGUAGES}
            out.append(
                Finding(file, row, c.heading, c.heading, "info", f"finding.column_{c.how}",
                        {"field": field_names, "confidence": round(c.confidence * 100)})
            )  # fmt: skip
    if board is not None:
        severity = "info" if board.source in ("given", "details") else "warning"
        names = {lang: geo.area_names("health_board", lang)[board.code] for lang in LANGUAGES}
        out.append(
            Finding(file, row, None, board.text, severity, f"finding.board_from_{board.source}",
                    {"board": names, "text": board.text}, field="health_board", read_as=board.code)
        )  # fmt: skip
    return out


def _missing_columns(layout: Layout, file: str, status: dict, row_findings: list[Finding]) -> list[Finding]:
    """One finding per required field that no heading was read as and that rejected rows: the nearest heading."""
    missing = {f.field for f in row_findings if f.key == "finding.no_column"}
    out = []
    for key in (k for k in schema.REQUIRED if k in missing):
        unread = [c for c in layout.columns if not c.field]
        nearest = max(unread, key=lambda c: headings.similarity(c.heading, key), default=None)
        suggestion = f"'{nearest.heading}'" if nearest and headings.similarity(nearest.heading, key) >= 50 else ""
        names = {lang: schema.FIELD_BY_KEY[key].label(lang) for lang in LANGUAGES}
        rejected = sum(1 for f in row_findings if f.key == "finding.no_column" and f.field == key)
        out.append(
            Finding(file, layout.header_row, None, "", "error", "finding.missing_column",
                    {"field": names, "rows": rejected}, suggestion, field=key)
        )  # fmt: skip
    return out


def _is_total_row(values: dict[str, object], row: list[object]) -> bool:
    first_text = next((c for c in row if isinstance(c, str) and c.strip()), None)
    return bool(first_text and _TOTAL_ROW.search(first_text)) and not values.get("lead_organisation")


def read_rows(
    layout: Layout,
    geo: Geography,
    file: str,
    board: BoardSource | None = None,
    choices: Choices | None = None,
    returned: dt.date | None = None,
):
    """Parse the rows below the heading. Returns (projects, {row: status}, findings, heading rows).

    A row holding only a heading that names a cluster, a board or a status
    ("Cwmtawe cluster") is not a project: its value is carried down to the rows
    below it that leave that field out, and it is listed apart from the counted rows.
    Each project's referrals carry their period (:func:`take_period`); ``returned``
    is the date the return was sent back, which "last 12 months" runs up to.
    """
    choices = choices or Choices()
    referrals = layout.column_of("referrals_received")
    heading = referrals.heading if referrals else ""
    heading_period = heading_periods.in_heading(heading, returned) if referrals else None
    mapping = layout.mapping
    status: dict[int, str] = {}
    findings: list[Finding] = []
    records = []
    carried: dict[str, tuple[str, int, str]] = {}  # field -> (value, heading row, heading text)
    sections: dict[int, tuple[str, str]] = {}
    for number, row in layout.sheet.rows[layout.first_data :]:
        values = {key: (row[i] if i < len(row) else None) for i, key in mapping.items()}
        if all(cells.is_blank(v) for v in row):
            status[number] = "blank"
            continue
        section = section_of(row, geo, choices) if not any(values.get(k) for k in ("lead_organisation",)) else None
        if section is not None and (section[0] not in mapping.values() or cells.is_blank(values.get(section[0]))):
            text = cells.cell_text(next(v for v in row if not cells.is_blank(v)))
            carried[section[0]] = (section[1], number, text)
            sections[number] = section
            findings.append(
                Finding(file, number, None, text, "info", "finding.section_row",
                        {"value": _value_names(section[0], section[1], geo)}, field=section[0])
            )  # fmt: skip
            continue
        if _is_total_row(values, row):
            status[number] = "total"
            findings.append(
                Finding(file, number, None, cells.cell_text(next(c for c in row if c)), "info", "finding.total_row")
            )
            continue
        record, notes = parse_row(values, geo, mapping, board, carried, choices)
        if str(values.get("project_name") or "").startswith(schema.EXAMPLE_PREFIX):
            notes.append(("project_name", cells.Note("error", "finding.example_row")))
        row_findings = [
            Finding(
                file,
                number,
                schema.FIELD_BY_KEY[col].en if col else None,
                _shown(values.get(col), note) if col else "",
                note.severity,
                note.key,
                note.params,
                note.suggestion,
                field=col,
                left_empty=note.left_empty,
                read_as=note.read_as,
            )
            for col, note in notes
        ]
        findings.extend(row_findings)
        severities = {f.severity for f in row_findings}
        if "error" in severities:
            status[number] = "rejected"
            continue
        status[number] = "accepted_with_warnings" if "warning" in severities else "accepted"
        record["source_file"], record["source_row"] = file, number
        findings += row_periods.take_period(record, heading_period, file)
        records.append(record)
    for number in _flag_duplicates(records, findings, file) + _check_references(records, findings, file, geo):
        status[number] = "accepted_with_warnings"
    findings += row_periods.periods_note(records, heading, heading_period, file, layout.header_row)
    return schema.projects_frame(records), status, findings, sections


def _shown(raw: object, note: cells.Note) -> str:
    """The value a finding quotes: the part of a cell it is about, else the cell as written."""
    value = note.params.get("value")
    return value if isinstance(value, str) and value else cells.cell_text(raw)


def _value_names(key: str, value: str, geo: Geography) -> dict[str, str]:
    """A cluster, board or status key in each language, for messages."""
    f = schema.FIELD_BY_KEY[key]
    if key == "clusters_served":
        return {lang: geo.area_names("cluster", lang)[value] for lang in LANGUAGES}
    if key == "health_board":
        return {lang: geo.area_names("health_board", lang)[value] for lang in LANGUAGES}
    return {lang: schema.label(f.vocabulary, value, lang) for lang in LANGUAGES}


def _flag_duplicates(records: list[dict], findings: list[Finding], file: str) -> list[int]:
    """Warn about a project named twice with the same organisation; returns the rows warned."""
    seen: dict[tuple, int] = {}
    flagged = []
    for record in records:
        key = (
            schema.normalise_label(record.get("project_name") or ""),
            schema.normalise_label(record.get("lead_organisation") or ""),
        )
        if key in seen:
            findings.append(
                Finding(
                    file,
                    record["source_row"],
                    "Project name",
                    record["project_name"],
                    "warning",
                    "finding.duplicate",
                    {"other_row": seen[key]},
                    field="project_name",
                )
            )
            flagged.append(record["source_row"])
        else:
            seen[key] = record["source_row"]
    return flagged


def _check_references(records: list[dict], findings: list[Finding], file: str, geo: Geography) -> list[int]:
    """Warn about a project reference of another board, or given twice (the second row's), and leave it out so
    the project is matched by its name, never silently as another project; returns the rows warned."""
    seen: dict[str, int] = {}
    flagged = []
    column = schema.FIELD_BY_KEY["project_reference"].en
    for record in records:
        ref, row = record.get("project_reference"), record["source_row"]
        if not ref:
            continue
        owner = references.board_of(ref)
        if owner != record.get("health_board"):
            board = {lang: geo.area_names("health_board", lang).get(owner, owner) for lang in LANGUAGES}
            key, params = "finding.reference_other_board", {"value": ref, "board": board}
        elif ref in seen:
            key, params = "finding.reference_twice", {"value": ref, "other_row": seen[ref]}
        else:
            seen[ref] = row
            continue
        findings.append(
            Finding(file, row, column, ref, "warning", key, params, field="project_reference", left_empty=True)
        )
        record["project_reference"] = None
        flagged.append(row)
    return flagged


def flag_duplicates_across(reports: list[ReturnReport]) -> None:
    """Warn where the same project and organisation appear in more than one file."""
    seen: dict[tuple, tuple[str, int]] = {}
    for report in reports:
        for record in report.projects.to_dict("records"):
            key = (
                schema.normalise_label(record["project_name"] or ""),
                schema.normalise_label(record["lead_organisation"] or ""),
            )
            if key in seen and seen[key][0] != report.file:
                other_file, other_row = seen[key]
                row = int(record["source_row"])
                report.findings.append(
                    Finding(
                        report.file,
                        row,
                        "Project name",
                        record["project_name"],
                        "warning",
                        "finding.duplicate_across",
                        {"file": other_file, "row": other_row},
                        field="project_name",
                    )
                )
                if report.row_status.get(row) == "accepted":
                    report.row_status[row] = "accepted_with_warnings"
            else:
                seen.setdefault(key, (report.file, int(record["source_row"])))


def read_returns(paths, geo: Geography, round_label: str) -> tuple[pd.DataFrame, list[ReturnReport]]:
    """Read several returns into one projects table for a survey round.

    Each project gets a ``project_id`` (stable for the same files) and the
    ``round`` label.
    """
    reports = [read_return(p, geo) for p in sorted(map(Path, paths))]
    flag_duplicates_across(reports)
    frames = [r.projects for r in reports if len(r.projects)]
    projects = pd.concat(frames, ignore_index=True) if frames else reports[0].projects.iloc[0:0]
    projects.insert(0, "round", round_label)
    projects.insert(
        0,
        "project_id",
        [
            f"{round_label}/{Path(f).stem}/{r}"
            for f, r in zip(projects["source_file"], projects["source_row"], strict=True)
        ],
    )
    return projects, reports
