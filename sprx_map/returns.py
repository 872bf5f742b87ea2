"""Reading survey returns into projects, with a finding for everything noticed.

A return is read in four steps, each a plain function so later work can harden
one without replacing the others:

1. :func:`sprx_map.workbooks.load_table` turns a file into sheets of rows,
   keeping Excel row numbers (and refuses files it should not open).
2. :func:`sprx_map.layout.find_layout` finds the sheet, the heading (one row or
   two) and reads every heading as a field, by its words (:mod:`sprx_map.headings`).
3. :func:`sprx_map.layout.find_board` finds the board when no column gives it.
4. :func:`read_rows` parses every row, classing it as accepted, accepted with
   warnings, rejected, blank or a total row; rows that only head a group of
   projects ("Cwmtawe cluster") give their value to the rows below them.

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
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from sprx_map import cells, headings, periods, schema
from sprx_map.geo.geography import Geography
from sprx_map.i18n import LANGUAGES, format_day, in_language, t
from sprx_map.layout import (
    BoardSource,
    Choices,
    Column,
    Layout,
    NoHeading,
    find_board,
    find_layout,
    key_of,
    section_of,
)
from sprx_map.messages import shortened
from sprx_map.workbooks import FileRefused, Sheet, UnsavedFormula, load_table

# "Total", "Sub-total: Afan", "Grand total", "Cyfanswm", and a name ending in one ("Afan sub-total", "Neath - total").
_TOTAL_ROW = re.compile(
    r"^\s*(sub[- ]?)?totals?\b|^\s*(is-?)?gyfanswm\b|^\s*cyfanswm\b|^\s*grand total\b"
    r"|(^|[\s\-\u2013:])(sub[- ]?)?totals?\s*:?\s*$|(^|[\s\-\u2013:])(is-?)?(cyfanswm|gyfanswm)\s*:?\s*$",
    re.I,
)
# Where a return's board may be found when no column gives it; the first two are not guesses.
BOARD_SOURCES = ("given", "details", "title", "sheet", "file", "clusters")


# The counts every report gives, in the order of the validation contract.


class ReturnFileError(FileRefused):
    """The file cannot be read as a return at all; the message says why."""


@dataclass
class Finding:
    """Something noticed about a file, a row or a cell.

    ``field`` is the schema field the finding is about (its label is worded in
    the reader's language); ``column`` is what to show when there is no field
    (a heading of the file). ``left_empty`` marks an optional value that could
    not be read: the field was left empty and ``value`` keeps the text as written.
    ``read_as`` is the key or code a value was read as by a guess.
    """

    file: str
    row: int | None
    column: str | None
    value: str
    severity: str  # "error" | "warning" | "info"
    key: str
    params: dict = field(default_factory=dict)  # a value may be {language: text}
    suggestion: str | dict[str, str] = ""
    field: str | None = None
    left_empty: bool = False
    read_as: str | None = None

    def message(self, lang: str = "en") -> str:
        """The finding in words, in ``lang``."""
        text = t(self.key, lang, **{name: in_language(value, lang) for name, value in self.params.items()})
        return f"{text} {t('finding.left_empty', lang)}" if self.left_empty else text

    def suggestion_text(self, lang: str = "en") -> str:
        """ "Did you mean ...?" when there is a suggestion."""
        options = in_language(self.suggestion, lang)
        return t("finding.did_you_mean", lang, options=options) if options else ""

    def column_label(self, lang: str = "en") -> str | None:
        """The column the finding is about: the field's label in ``lang``, else the file's heading."""
        if self.field:
            f = schema.FIELD_BY_KEY[self.field]
            return f.cy if lang == "cy" else f.en
        return self.column

    def as_dict(self, lang: str = "en") -> dict:
        return {
            "row": self.row,
            "column": self.column_label(lang),
            "value": self.value,
            "severity": self.severity,
            "message": self.message(lang),
            "suggestion": self.suggestion_text(lang),
        }


@dataclass(frozen=True)
class Guess:
    """A value read by a guess, for a person to confirm or change.

    ``field`` and ``text`` (as written) say what was read; ``value`` the key or
    code it was read as; ``how`` why ("read_as" a misspelling, "carried" down
    from a heading row, "board_<source>" the board of the whole return);
    ``rows`` where it was used.
    """

    field: str
    text: str
    value: str
    how: str
    rows: tuple[int, ...]


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
    layout: Layout | None = None
    board: BoardSource | None = None  # the board of the whole return, when no column gives it
    sections: dict[int, tuple[str, str]] = field(default_factory=dict)  # heading rows: row -> (field, value)

    def count(self, status: str) -> int:
        return sum(1 for s in self.row_status.values() if s == status)

    @property
    def rows_read(self) -> int:
        return len(self.row_status)

    @property
    def columns(self) -> list[Column]:
        return self.layout.columns if self.layout else []

    @property
    def board_code(self) -> str | None:
        """The one board this return is for: given or found for the whole file, else the board of all its
        accepted projects; None when it names none or several."""
        if self.board is not None:
            return self.board.code
        boards = set(self.projects["health_board"].dropna()) if len(self.projects) else set()
        return boards.pop() if len(boards) == 1 else None

    @property
    def guesses(self) -> list[Guess]:
        """Every value read by a guess, once per (field, text, value), with the rows it was used on."""
        rows: dict[tuple, list[int]] = {}
        for f in self.findings:
            if f.read_as is not None and f.field and not f.key.startswith("finding.board_from_"):
                how = "carried" if f.key == "finding.carried_down" else "read_as"
                rows.setdefault((f.field, f.value, f.read_as, how), []).append(f.row)
        out = [Guess(k[0], k[1], k[2], k[3], tuple(r for r in v if r is not None)) for k, v in rows.items()]
        if self.board is not None and self.board.source not in ("given", "details"):
            out.insert(0, Guess("health_board", self.board.text, self.board.code, f"board_{self.board.source}", ()))
        return out

    def without_rows(self) -> ReturnReport:
        """This report without the rows of its sheet, which only the findings workbook needs: what a cache
        shared by every session keeps, so that it holds what the page shows and not each file's cells."""
        if self.sheet is None:
            return self
        layout = replace(self.layout, sheet=Sheet(self.layout.sheet.name, [])) if self.layout else None
        return replace(self, sheet=None, layout=layout)

    def summary(self, lang: str = "en") -> dict:
        """The validation contract: counts and issues for this file, and how each heading was read."""
        return {
            "file": self.file,
            "rows_read": self.rows_read,
            "accepted": self.count("accepted"),
            "accepted_with_warnings": self.count("accepted_with_warnings"),
            "rejected": self.count("rejected"),
            "skipped_blank": self.count("blank"),
            "skipped_total": self.count("total"),
            "issues": [f.as_dict(lang) for f in self.findings],
            "columns": [c.as_dict() for c in self.columns],
            "completeness": completeness(self.projects),
        }


def completeness(projects: pd.DataFrame) -> dict[str, dict[str, int]]:
    """How many of a return's accepted projects gave each field: ``{field: {"reported": n, "projects": m,
    "current": c, "current_reported": k}}``, where ``current`` are its current projects (what the dashboard's
    completeness figures count)."""
    current = projects["status"] == "current" if "status" in projects else pd.Series(False, index=projects.index)
    out = {}
    for f in schema.FIELDS:
        if f.key not in projects:
            continue
        values = projects[f.key]
        given = values.map(lambda v: bool(v) if isinstance(v, list) else not pd.isna(v) and v != "")
        out[f.key] = {
            "reported": int(given.sum()),
            "projects": len(projects),
            "current_reported": int((given & current).sum()),
            "current": int(current.sum()),
        }
    if "project_type" in out:  # a type not given is inferred when the data is loaded (sprx_map.referrals)
        out["project_type"]["inferred"] = out["project_type"]["projects"] - out["project_type"]["reported"]
    return out


def read_details(sheets: list[Sheet]) -> dict:
    """The "Return details" sheet as {key: value}; empty when absent."""
    sheet = next(
        (s for s in sheets if schema.normalise_label(s.name) == schema.normalise_label(schema.DETAILS_SHEET)), None
    )
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
    return ReturnReport(file, sha, details, projects, status, findings, layout.sheet, layout, board, sections)


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
        candidates = {lang: " / ".join(f"'{_label(k, lang)}'" for k in c.candidates) for lang in LANGUAGES}
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
            field_names = {lang: _label(c.field, lang) for lang in LANGUAGES}
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


def _label(key: str, lang: str) -> str:
    f = schema.FIELD_BY_KEY[key]
    return f.cy if lang == "cy" else f.en


def _missing_columns(layout: Layout, file: str, status: dict, row_findings: list[Finding]) -> list[Finding]:
    """One finding per required field that no heading was read as and that rejected rows: the nearest heading."""
    missing = {f.field for f in row_findings if f.key == "finding.no_column"}
    out = []
    for key in (k for k in schema.REQUIRED if k in missing):
        unread = [c for c in layout.columns if not c.field]
        nearest = max(unread, key=lambda c: headings.similarity(c.heading, key), default=None)
        suggestion = f"'{nearest.heading}'" if nearest and headings.similarity(nearest.heading, key) >= 50 else ""
        names = {lang: _label(key, lang) for lang in LANGUAGES}
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
    heading_period = periods.in_heading(heading, returned) if referrals else None
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
        findings += take_period(record, heading_period, file)
        records.append(record)
    for number in _flag_duplicates(records, findings, file):
        status[number] = "accepted_with_warnings"
    findings += _periods_note(records, heading, heading_period, file, layout.header_row)
    return schema.projects_frame(records), status, findings, sections


def _period_words(period: periods.Period) -> dict[str, str]:
    return {
        lang: t("finding.period_dates", lang, start=format_day(period.start, lang), end=format_day(period.end, lang))
        for lang in LANGUAGES
    }


def take_period(record: dict, heading: periods.Period | None, file: str) -> list[Finding]:
    """Give a project record the period its referrals were counted over, and say where it came from.

    ``period_source`` is "project" when the row gives both its own period dates; else "heading" when
    the heading of the referrals column names a period (``heading``) and the row has a referrals
    figure, whose dates then fill both of the row's; else "" (the round's period, applied later, and
    the dates left as they are). A row giving only one of its two dates does not have a period of its
    own: it is told so when it has a referrals figure (a note, which leaves the row's status as it is).
    """
    start, end = record.get("reporting_period_start"), record.get("reporting_period_end")
    if start is not None and end is not None:
        record["period_source"] = "project"
        return []
    counted = record.get("referrals_received") is not None
    record["period_source"] = "heading" if heading is not None and counted else ""
    if record["period_source"]:
        record["reporting_period_start"], record["reporting_period_end"] = heading.start, heading.end
    if not counted or (start is None and end is None):
        return []
    if heading is not None:
        instead = {lang: t("finding.period_from_heading", lang, period=w) for lang, w in _period_words(heading).items()}
    else:
        instead = {lang: t("finding.period_the_round", lang) for lang in LANGUAGES}
    missing = "reporting_period_end" if end is None else "reporting_period_start"
    return [
        Finding(file, record["source_row"], schema.FIELD_BY_KEY[missing].en, "", "info", "finding.period_half",
                {"instead": instead}, field=missing)
    ]  # fmt: skip


def _periods_note(
    records: list[dict], heading: str, period: periods.Period | None, file: str, row: int
) -> list[Finding]:
    """One note for the return saying where its referral figures' periods come from.

    Given when the heading gives a period or when some projects give their own and others take the
    round's; a return whose projects all give their own period, or all take the round's, says nothing.
    """
    counted = [r["period_source"] for r in records if r.get("referrals_received") is not None]
    own, from_heading, from_round = (counted.count(source) for source in ("project", "heading", ""))
    if not from_heading and not (own and from_round):
        return []
    parts = {lang: [] for lang in LANGUAGES}
    for lang in LANGUAGES:
        if own:
            parts[lang].append(t("finding.periods_own", lang, count=own))
        if from_heading:
            words = _period_words(period)[lang]
            parts[lang].append(
                t("finding.periods_heading", lang, count=from_heading, period=words, heading=shortened(heading))
            )
        if from_round:
            parts[lang].append(t("finding.periods_round", lang, count=from_round))
    return [
        Finding(file, row, None, shortened(heading), "info", "finding.referral_periods",
                {"parts": {lang: "; ".join(p) for lang, p in parts.items()}}, field="referrals_received")
    ]  # fmt: skip


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
        return cells.Note("error", "finding.required", {"field": {lang: _label(f.key, lang) for lang in LANGUAGES}})
    return cells.Note("error", "finding.no_column", {"field": {lang: _label(f.key, lang) for lang in LANGUAGES}})


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
    """A health board by name (English or Welsh, with or without 'UHB'), code or usual abbreviation;
    a clear misspelling is read as the board, with a warning."""
    if cells.is_blank(raw):
        return cells.Parsed()
    if isinstance(raw, UnsavedFormula):
        return cells.Parsed().error("finding.unsaved_formula", value=str(raw))
    text = cells.cell_text(raw).strip()
    if (refused := cells.too_big(text, listed=False)) is not None:
        return cells.Parsed(None, [refused])
    code = geo.names.resolve("health_board", text)
    if code:
        return cells.Parsed(code)
    chosen = choices.value("health_board", text) if choices else None
    if chosen is not None and chosen[0] in geo.boards.index:
        return _read_by_choice(chosen, text, "health_board", geo)
    code = geo.names.read_as("health_board", text)
    if code:
        return cells.Parsed(code).guessed(
            "warning", "finding.read_as", code, value=text, read_as=_area_names("health_board", code, geo)
        )
    close = geo.names.suggest("health_board", text)
    return cells.Parsed().error("finding.unknown_board", suggestion=" / ".join(f"'{c}'" for c in close), value=text)


def _area_names(level: str, code: str, geo: Geography) -> dict[str, str]:
    return {lang: geo.area_names(level, lang)[code] for lang in LANGUAGES}


def _read_by_choice(chosen: tuple[str, str], text: str, level: str, geo: Geography) -> cells.Parsed:
    code, how = chosen
    value = [code] if level == "cluster" else code
    return cells.Parsed(value).guessed(
        "info", f"finding.read_by_{how}", code, value=text, read_as=_area_names(level, code, geo)
    )


# A cell meaning every cluster of the project's board.
_ALL = cells.phrases(
    "all|all clusters|pob un|pob clwstwr|pob clwstwr yn y bwrdd|board wide|boardwide|pan board|whole board|"
    "health board wide|across the board|ar draws y bwrdd|y bwrdd cyfan"
)


def parse_clusters(raw: object, board: str | None, geo: Geography, choices: Choices | None = None) -> cells.Parsed:
    """Cluster names (or ``All``) served by a project, as cluster ids of its board.

    A local authority's name is read as all its clusters, and a clear
    misspelling of one of the board's clusters as that cluster, each with a warning.
    """
    if cells.is_blank(raw):
        return cells.Parsed([])
    if isinstance(raw, UnsavedFormula):
        return cells.Parsed([]).error("finding.unsaved_formula", value=str(raw))
    text = cells.cell_text(raw).strip()
    if (refused := cells.too_big(text)) is not None:
        return cells.Parsed([], [refused])
    if schema.normalise_label(re.sub(r"(?i)\b(clusters?|in|of|the|across)\b", " ", text)) in _ALL or (
        board is not None and geo.names.resolve("health_board", re.sub(r"(?i)^all( of)?\s+", "", text)) == board
    ):
        if board is None:
            return cells.Parsed([])
        return cells.Parsed(geo.clusters_of_board(board))
    out = cells.Parsed([])
    own = geo.clusters_of_board(board) if board is not None else None

    def whole(chunk: str) -> bool:  # "Tywi/Taff": one cluster misspelt, not "Tywi" and "Taff"
        chosen = choices.value("clusters_served", chunk) if choices else None
        return chosen is not None or geo.names.read_as("cluster", chunk, within=own) is not None

    def readable(piece: str) -> bool:
        return bool(geo.names.resolve("cluster", piece) or geo.names.resolve("local_authority", piece)) or whole(piece)

    for part in cells.split_values(text, geo.names.labels("cluster"), whole, readable):
        found = _one_cluster(part, board, own, geo, choices, out)
        for cid in found:
            if cid not in out.value:
                out.value.append(cid)
    return out


def _one_cluster(part: str, board, own, geo: Geography, choices: Choices | None, out: cells.Parsed) -> list[str]:
    """The cluster ids one part of a cell names, with any note added to ``out``."""
    cid = geo.names.resolve("cluster", part)
    if cid is None and choices is not None:
        chosen = choices.value("clusters_served", part)
        if chosen is not None and chosen[0] in geo.clusters.index:
            cid = chosen[0]
            out.notes += _read_by_choice(chosen, part, "cluster", geo).notes
    if cid is not None:
        if board is not None and geo.clusters.at[cid, "hb_code"] != board:
            out.error("finding.cluster_other_board", value=part, board=geo.boards.at[board, "short_name"])
            return []
        return [cid]
    la = geo.names.resolve("local_authority", part)
    if la is not None and (board is None or geo.authorities.at[la, "hb_code"] == board):
        clusters = geo.clusters.index[geo.clusters["la_code"] == la].tolist()
        out.warn("finding.authority_as_clusters", value=part, authority=_area_names("local_authority", la, geo))
        return clusters
    cid = geo.names.read_as("cluster", part, within=own)
    if cid is not None:
        out.guessed("warning", "finding.read_as", cid, value=part, read_as=_area_names("cluster", cid, geo))
        return [cid]
    close = geo.names.suggest("cluster", part)
    out.error("finding.unknown_cluster", suggestion=" / ".join(f"'{c}'" for c in close), value=part)
    return []


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
                    field="project_name",
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
