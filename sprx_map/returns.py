"""Reading survey returns into projects, with a finding for everything noticed.

A return is read in four steps, each a plain function so later work can harden
one without replacing the others:

1. :func:`sprx_map.workbooks.load_table` turns a file into sheets of rows,
   keeping Excel row numbers (and refuses files it should not open).
2. :func:`find_projects` picks the Projects sheet and its header row.
3. :func:`map_columns` matches header cells to schema fields.
4. :func:`read_rows` parses every row, classing it as accepted, accepted with
   warnings, rejected, blank or a total row.

Every row read is accounted for: ``rows_read == accepted + accepted_with_warnings
+ rejected + skipped_blank + skipped_total``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sprx_map import cells, schema
from sprx_map.geography import Geography
from sprx_map.i18n import in_language, t
from sprx_map.template import EXAMPLE_PREFIX
from sprx_map.workbooks import FileRefused, Sheet, load_table

HEADER_SCAN_ROWS = 30
MIN_HEADER_MATCHES = 3
PROJECTS_SHEET = "Projects"
DETAILS_SHEET = "Return details"
_TOTAL_ROW = re.compile(r"^\s*(sub[- ]?)?totals?\b|^\s*cyfanswm\b|^\s*grand total\b", re.I)


# The counts every report gives, in the order of the validation contract.
COUNT_KEYS = ("rows_read", "accepted", "accepted_with_warnings", "rejected", "skipped_blank", "skipped_total")


class ReturnFileError(FileRefused):
    """The file cannot be read as a return at all; the message says why."""


@dataclass
class Finding:
    """Something noticed about a file, a row or a cell."""

    file: str
    row: int | None
    column: str | None
    value: str
    severity: str  # "error" | "warning" | "info"
    key: str
    params: dict = field(default_factory=dict)  # a value may be {language: text}
    suggestion: str | dict[str, str] = ""

    def message(self, lang: str = "en") -> str:
        """The finding in words, in ``lang``."""
        return t(self.key, lang, **{name: in_language(value, lang) for name, value in self.params.items()})

    def suggestion_text(self, lang: str = "en") -> str:
        """ "Did you mean ...?" when there is a suggestion."""
        options = in_language(self.suggestion, lang)
        return t("finding.did_you_mean", lang, options=options) if options else ""

    def as_dict(self, lang: str = "en") -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "severity": self.severity,
            "message": self.message(lang),
            "suggestion": self.suggestion_text(lang),
        }


@dataclass
class ReturnReport:
    """What reading one return found: its projects and an account of every row."""

    file: str
    sha256: str
    details: dict
    projects: pd.DataFrame
    row_status: dict[int, str]
    findings: list[Finding]
    sheet: Sheet | None = None  # the projects sheet as read, for the findings workbook

    def count(self, status: str) -> int:
        return sum(1 for s in self.row_status.values() if s == status)

    @property
    def rows_read(self) -> int:
        return len(self.row_status)

    def summary(self, lang: str = "en") -> dict:
        """The validation contract: counts and issues for this file."""
        return {
            "file": self.file,
            "rows_read": self.rows_read,
            "accepted": self.count("accepted"),
            "accepted_with_warnings": self.count("accepted_with_warnings"),
            "rejected": self.count("rejected"),
            "skipped_blank": self.count("blank"),
            "skipped_total": self.count("total"),
            "issues": [f.as_dict(lang) for f in self.findings],
        }


def read_details(sheets: list[Sheet]) -> dict:
    """The "Return details" sheet as {key: value}; empty when absent."""
    sheet = next((s for s in sheets if schema.normalise_label(s.name) == schema.normalise_label(DETAILS_SHEET)), None)
    if sheet is None:
        return {}
    by_label = {schema.normalise_label(lbl): key for key, en, cy in schema.RETURN_DETAILS for lbl in (en, cy, key)}
    details = {}
    for _, row in sheet.rows:
        cells_ = [c for c in row if not cells.is_blank(c)]
        if len(cells_) >= 2:
            label = str(cells_[0]).split(" / ")[0]
            key = by_label.get(schema.normalise_label(label))
            if key:
                details[key] = cells_[1]
    return details


def _header_score(row: list[object]) -> int:
    return len({k for k in (schema.match_header(c) for c in row) if k})


def find_projects(sheets: list[Sheet], file: str) -> tuple[Sheet, int]:
    """The sheet holding the projects and the index of its header row in ``rows``."""
    candidates = []
    for sheet in sheets:
        scores = [(_header_score(r), i) for i, (_, r) in enumerate(sheet.rows[:HEADER_SCAN_ROWS])]
        best = max(scores, default=(0, 0))
        if best[0] >= MIN_HEADER_MATCHES:
            named = schema.normalise_label(sheet.name) == schema.normalise_label(PROJECTS_SHEET)
            candidates.append((named, best[0], -sheets.index(sheet), sheet, best[1]))
    if not candidates:
        raise ReturnFileError("error.no_header", file=file)
    _, _, _, sheet, header_index = max(candidates, key=lambda c: c[:3])
    return sheet, header_index


def map_columns(header: list[object]) -> tuple[dict[int, str], list[str]]:
    """Column index -> field key, and the header texts that matched no field."""
    mapping: dict[int, str] = {}
    unknown = []
    for i, cell in enumerate(header):
        key = schema.match_header(cell)
        if key and key not in mapping.values():
            mapping[i] = key
        elif not cells.is_blank(cell):
            unknown.append(str(cell))
    return mapping, unknown


def read_return(path: Path | str, geo: Geography, data: bytes | None = None, name: str | None = None) -> ReturnReport:
    """Read one return and account for every row.

    Raises :class:`ReturnFileError` when the file cannot be read as a return at
    all (wrong type, damaged, no recognisable header, a required column missing).
    """
    path = Path(path)
    data = path.read_bytes() if data is None else data
    file = name or path.name
    try:
        sheets = load_table(path if name is None else Path(name), data)
    except FileRefused as exc:
        raise ReturnFileError(exc.key, **exc.params) from exc
    sheet, header_index = find_projects(sheets, file)
    header_row_number, header = sheet.rows[header_index]
    mapping, unknown = map_columns(header)
    missing = [schema.FIELD_BY_KEY[k].en for k in schema.REQUIRED if k not in mapping.values()]
    if missing:
        raise ReturnFileError("error.missing_columns", file=file, columns=", ".join(missing), row=header_row_number)
    findings = [Finding(file, header_row_number, text, text, "info", "finding.column_ignored") for text in unknown]
    details = read_details(sheets)
    projects, status, row_findings = read_rows(sheet.rows[header_index + 1 :], mapping, geo, file)
    return ReturnReport(
        file, hashlib.sha256(data).hexdigest(), details, projects, status, findings + row_findings, sheet
    )


def findings_workbook(report: ReturnReport, lang: str = "en") -> bytes:
    """The user's own rows, at their own row numbers, with a findings column: fix and resend.

    Rows with an error are shaded red, rows with warnings amber. Every cell is
    written as text or a number, never as a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from sprx_map.export import neutralise

    wb = Workbook()
    ws = wb.active
    ws.title = (report.sheet.name if report.sheet else "Projects")[:31]
    by_row: dict[int, list[Finding]] = {}
    for finding in report.findings:
        by_row.setdefault(finding.row, []).append(finding)
    rows = report.sheet.rows if report.sheet else []
    width = max((len(values) for _, values in rows), default=0)
    fills = {"error": PatternFill("solid", fgColor="F8CBAD"), "warning": PatternFill("solid", fgColor="FFE699")}
    heading = t("report.findings_column", lang)
    header_row = min((f.row for f in report.findings if f.key == "finding.column_ignored"), default=None)
    for number, values in rows:
        for column, value in enumerate(values, start=1):
            if value is not None:
                cell = ws.cell(row=number, column=column, value=neutralise(value) if isinstance(value, str) else value)
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        notes = by_row.get(number, [])
        text = "\n".join(
            f"{t('severity.' + f.severity, lang)}: {f.column + ': ' if f.column else ''}"
            f"{f.message(lang)} {f.suggestion_text(lang)}".strip()
            for f in notes
        )
        if text:
            cell = ws.cell(row=number, column=width + 1, value=neutralise(text))
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            worst = (
                "error"
                if any(f.severity == "error" for f in notes)
                else ("warning" if any(f.severity == "warning" for f in notes) else None)
            )
            if worst:
                for column in range(1, width + 2):
                    ws.cell(row=number, column=column).fill = fills[worst]
    if rows:
        first_data = next((n for n, _ in rows if report.row_status.get(n)), None)
        title_row = header_row or (first_data - 1 if first_data else 1)
        ws.cell(row=title_row, column=width + 1, value=heading).font = Font(bold=True)
    ws.column_dimensions[ws.cell(row=1, column=width + 1).column_letter].width = 70
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _is_total_row(values: dict[str, object], row: list[object]) -> bool:
    first_text = next((c for c in row if isinstance(c, str) and c.strip()), None)
    return bool(first_text and _TOTAL_ROW.match(first_text)) and not values.get("lead_organisation")


def read_rows(rows, mapping: dict[int, str], geo: Geography, file: str):
    """Parse data rows. Returns (projects DataFrame, {row: status}, findings)."""
    status: dict[int, str] = {}
    findings: list[Finding] = []
    records = []
    for number, row in rows:
        values = {key: (row[i] if i < len(row) else None) for i, key in mapping.items()}
        if all(cells.is_blank(v) for v in row):
            status[number] = "blank"
            continue
        if _is_total_row(values, row):
            status[number] = "total"
            findings.append(
                Finding(file, number, None, cells.cell_text(next(c for c in row if c)), "info", "finding.total_row")
            )
            continue
        record, notes = parse_row(values, geo)
        if str(values.get("project_name") or "").startswith(EXAMPLE_PREFIX):
            notes.append(("project_name", cells.Note("error", "finding.example_row")))
        row_findings = [
            Finding(
                file,
                number,
                schema.FIELD_BY_KEY[col].en if col else None,
                cells.cell_text(values.get(col)) if col else "",
                note.severity,
                note.key,
                note.params,
                note.suggestion,
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
        records.append(record)
    for number in _flag_duplicates(records, findings, file):
        status[number] = "accepted_with_warnings"
    return projects_frame(records), status, findings


def projects_frame(records: list[dict]) -> pd.DataFrame:
    """Project records as a DataFrame with the schema's columns and types."""
    columns = ["source_file", "source_row", *(f.key for f in schema.FIELDS)]
    frame = pd.DataFrame.from_records(records, columns=columns)
    for f in schema.FIELDS:
        if f.kind == "integer":
            frame[f.key] = frame[f.key].astype("Int64")
        elif f.kind in ("decimal", "money"):
            frame[f.key] = frame[f.key].astype("Float64")
        elif f.kind == "yesno":
            frame[f.key] = frame[f.key].astype("boolean")
        elif f.kind in ("text", "postcode", "url", "date", "board", "choice"):
            frame[f.key] = frame[f.key].astype(object).where(frame[f.key].notna(), None)
    frame["source_row"] = frame["source_row"].astype("int64")
    return frame


def parse_row(values: dict[str, object], geo: Geography) -> tuple[dict, list[tuple[str | None, cells.Note]]]:
    """Parse one project row: the record and (column, note) pairs."""
    record: dict[str, object] = {}
    notes: list[tuple[str | None, cells.Note]] = []
    board = None
    for f in schema.FIELDS:
        raw = values.get(f.key)
        if f.kind == "clusters":
            continue  # needs the board, parsed below
        parsed = _parse_field(f, raw, geo)
        if f.kind == "board":
            board = parsed.value
        record[f.key] = parsed.value
        notes += [(f.key, n) for n in parsed.notes]
        if f.required and parsed.value in (None, []) and not any(n.severity == "error" for n in parsed.notes):
            notes.append((f.key, cells.Note("error", "finding.required", {"field": f.en})))
    clusters = parse_clusters(values.get("clusters_served"), board, geo)
    record["clusters_served"] = clusters.value
    notes += [("clusters_served", n) for n in clusters.notes]
    if not clusters.value and not any(n.severity == "error" for n in clusters.notes) and board is not None:
        notes.append(("clusters_served", cells.Note("error", "finding.required", {"field": "Clusters served"})))
    notes += [(col, n) for col, n in _cross_checks(record)]
    return record, notes


def _parse_field(f: schema.Field, raw: object, geo: Geography) -> cells.Parsed:
    if f.kind == "text":
        return cells.parse_text(raw)
    if f.kind == "board":
        return parse_board(raw, geo)
    if f.kind == "choice":
        return cells.parse_choice(raw, f.vocabulary)
    if f.kind == "choices":
        return cells.parse_choices(raw, f.vocabulary, required=f.required)
    if f.kind in ("decimal", "money"):
        return cells.parse_number(raw, maximum=f.maximum)
    if f.kind == "integer":
        return cells.parse_number(raw, integer=True, maximum=f.maximum)
    if f.kind == "date":
        return cells.parse_date(raw)
    if f.kind == "yesno":
        return cells.parse_yesno(raw, schema.YES_NO)
    if f.kind == "postcode":
        return cells.parse_postcode(raw)
    if f.kind == "url":
        return cells.parse_url(raw)
    raise ValueError(f"unknown field kind {f.kind}")


def parse_board(raw: object, geo: Geography) -> cells.Parsed:
    """A health board by name (English or Welsh, with or without 'UHB') or code."""
    if cells.is_blank(raw):
        return cells.Parsed()
    text = cells.cell_text(raw).strip()
    code = geo.names.resolve("health_board", text)
    if code:
        return cells.Parsed(code)
    close = geo.names.suggest("health_board", text)
    return cells.Parsed().error("finding.unknown_board", suggestion=" / ".join(f"'{c}'" for c in close), value=text)


def parse_clusters(raw: object, board: str | None, geo: Geography) -> cells.Parsed:
    """Cluster names (or ``All``) served by a project, as cluster ids of its board."""
    if cells.is_blank(raw):
        return cells.Parsed([])
    text = cells.cell_text(raw).strip()
    if schema.normalise_label(text) in ("all", "pob un", "all clusters", "pob clwstwr"):
        if board is None:
            return cells.Parsed([])
        return cells.Parsed(geo.clusters_of_board(board))
    out = cells.Parsed([])
    for part in cells.split_values(text, geo.names.labels("cluster")):
        cid = geo.names.resolve("cluster", part)
        if cid is None:
            close = geo.names.suggest("cluster", part)
            out.error("finding.unknown_cluster", suggestion=" / ".join(f"'{c}'" for c in close), value=part)
        elif board is not None and geo.clusters.at[cid, "hb_code"] != board:
            out.error("finding.cluster_other_board", value=part, board=geo.boards.at[board, "short_name"])
        elif cid not in out.value:
            out.value.append(cid)
    return out


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
                )
            )
            flagged.append(record["source_row"])
        else:
            seen[key] = record["source_row"]
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
