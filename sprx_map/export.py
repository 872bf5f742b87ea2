"""Downloads: CSV and XLSX of what is on screen, safe to open in a spreadsheet.

Text that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) gets a leading apostrophe, so it
shows as the text it is. Numbers are written as numbers, untouched.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # for annotations only: the reader does not depend on the exports, nor they on it
    from sprx_map.returns import Finding, ReturnReport

from sprx_map import schema
from sprx_map.geo.manifest import read_manifest
from sprx_map.i18n import t
from sprx_map.rounds import LOCAL_TIME
from sprx_map.workbooks import UnsavedFormula

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Release:
    """What travels with every file of a view: the round, whether it is illustrative, when its data last
    changed, the filters and what its totals are made of, in the file's language.

    A CSV carries the first three as columns, an Excel workbook all of it on its Cover sheet, and HTML,
    images and GeoJSON as the lines of :meth:`lines`.
    """

    round: str
    illustrative: bool
    data_as_of: dt.datetime | None = None
    lang: str = "en"
    filters: str | None = None  # the filters in words
    made_of: str | None = None  # "5 of 7 health boards returned", when not all did

    def as_of(self) -> str:
        """When the data last changed, as people read it in Wales (e.g. "3 March 2027, 14:05")."""
        from sprx_map.rounds import when

        return when(self.data_as_of, self.lang)

    def lines(self) -> list[str]:
        """The release in words, one line each (the illustrative notice first when it applies)."""
        lines = [t("app.illustrative", self.lang)] if self.illustrative else []
        if self.filters is not None:
            lines.append(t("export.filters", self.lang, filters=self.filters))
        language = t("language.name", self.lang)
        lines.append(t("export.round_language", self.lang, round=self.round, language=language))
        if self.made_of:
            lines.append(self.made_of)
        lines.append(t("round.data_as_of", self.lang, when=self.as_of()))
        return lines

    def columns(self) -> dict[str, object]:
        """Heading -> value of the columns every CSV row carries: round, illustrative (yes/no), data as of."""
        yes_no = t("export.yes" if self.illustrative else "export.no", self.lang)
        stamp = self.data_as_of.astimezone(LOCAL_TIME).strftime(STAMP_FORMAT) if self.data_as_of else None
        values = {"round": self.round, "illustrative": yes_no, "data_as_of": stamp}
        return {heading: values[key] for key, heading in self.headings().items()}

    def headings(self) -> dict[str, str]:
        """Key (:data:`RELEASE_COLUMNS`) -> heading of the columns every CSV row carries, in the file's language."""
        return {key: t(f"export.column.{key}", self.lang) for key in RELEASE_COLUMNS}


RELEASE_COLUMNS = ("round", "illustrative", "data_as_of")  # what every CSV row carries, in this order
STAMP_FORMAT = "%Y-%m-%d %H:%M"  # a CSV's data as of: Welsh time, to the minute


def notes(round_label: str, illustrative: bool, lang: str = "en", filters: str | None = None) -> list[str]:
    """The lines that open a download: the illustrative notice, the filters, the round and language."""
    lines = [t("app.illustrative", lang)] if illustrative else []
    if filters is not None:
        lines.append(t("export.filters", lang, filters=filters))
    lines.append(t("export.round_language", lang, round=round_label, language=t("language.name", lang)))
    return lines


# Shorthand used in files (the Analysis Function's guidance): a mark where a number is withheld or missing.
SHORTHAND = ("<5", "[c]", "[x]")


def notes_for(columns, lang: str = "en") -> list[tuple[str, str]]:
    """The Notes sheet's rows for a table of ``columns``: every shorthand, then each measure's definition."""
    from sprx_map.i18n import CATALOGUE
    from sprx_map.measures import suppressed_mark
    from sprx_map.metrics import suppression_threshold

    threshold = suppression_threshold()
    rows = [
        (suppressed_mark("primary", lang), t("export.note.primary", lang, threshold=threshold)),
        (suppressed_mark("secondary", lang), t("export.note.secondary", lang, threshold=threshold)),
        ("[x]", t("export.note.no_return", lang)),
    ]
    for column in columns:
        if f"definition.{column}" in CATALOGUE:
            rows.append((t(f"measure.{column}", lang), t(f"definition.{column}", lang)))
    return rows


def neutralise(value: object) -> object:
    """Text starting like a formula gets a leading apostrophe; anything else is unchanged.

    >>> neutralise("=1+2"), neutralise("-2"), neutralise(-2), neutralise("Walk")
    ("'=1+2", "'-2", -2, 'Walk')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def is_text(column: pd.Series) -> bool:
    """True for a column of text (object or string dtype)."""
    return column.dtype == object or pd.api.types.is_string_dtype(column)


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell neutralised (numbers and dates untouched)."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if is_text(values) and any(isinstance(v, str) and v.startswith(FORMULA_STARTS) for v in values.array):
            out[column] = values.map(neutralise)  # only a column with something to neutralise is rewritten
    return out


def csv_bytes(frame: pd.DataFrame, headings: dict[str, str], release: Release | None = None) -> bytes:
    """One tidy table as UTF-8 CSV (with a byte-order mark, so Excel reads Welsh letters).

    The header is the first line and the only header row; then the data, nothing above or below. What
    must travel with the data (round, illustrative, data as of) is in columns of every row; a table that
    already carries one row by row (every round in one file) keeps its own. Text that a spreadsheet would run
    as a formula is neutralised; numbers stay numbers.
    """
    out = safe_frame(frame).rename(columns=headings)
    if release is not None:
        for heading, value in release.columns().items():
            if heading not in out.columns:
                out[heading] = neutralise(value)
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, date_format="%Y-%m-%d")
    return buffer.getvalue().encode("utf-8-sig")


def csv_columns(frame: pd.DataFrame, headings: dict[str, str], release: Release | None = None) -> list[tuple[str, str]]:
    """(key, heading) of every column :func:`csv_bytes` writes, in order: the frame's, then the release's
    that the frame lacks; a column already headed as a release column is that column (key ``round`` ...)."""
    keys = {heading: key for key, heading in release.headings().items()} if release is not None else {}
    out = [(keys.get(c, c), headings.get(c, c)) for c in frame.columns]
    shown = {heading for _, heading in out}
    return out + [(key, heading) for heading, key in keys.items() if heading not in shown]


@dataclass(frozen=True)
class Table:
    """One table of a workbook: its sheet's name, its title (cell A1), the frame and its headings."""

    sheet: str
    title: str
    frame: pd.DataFrame
    headings: dict[str, str] = field(default_factory=dict)


def xlsx_bytes(
    frame: pd.DataFrame | list[Table],
    headings: dict[str, str] | None = None,
    release: Release | None = None,
    *,
    title: str = "",
    notes: list[tuple[str, str]] = (),
) -> bytes:
    """A workbook as the Analysis Function's guidance on releasing statistics in spreadsheets sets out.

    A Cover sheet (title, round, filters, language, data as of, the illustrative warning where it
    applies, sources), a Notes sheet (every shorthand and definition used: ``notes`` as (term,
    meaning) pairs), then each table on its own sheet: its title in A1, one header row, the data.
    ``frame`` is one table (with ``headings`` and ``title``) or a list of :class:`Table`. Every text
    cell is written as text (never a formula) and neutralised.
    """
    import xlsxwriter

    lang = release.lang if release is not None else "en"
    tables = frame if isinstance(frame, list) else [Table(t("export.sheet.data", lang), title, frame, headings or {})]
    buffer = io.BytesIO()
    # Nothing is read as a formula, a link or a number: every text cell is written as text, by type below.
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "remove_timezone": True}
    with xlsxwriter.Workbook(buffer, options) as wb:
        styles = _Styles(wb)
        cover = wb.add_worksheet(t("export.sheet.cover", lang))
        _text(cover, 0, 0, title or tables[0].title, styles.title)
        rows = [] if release is None else _cover_rows(release, tables)
        for r, (label, value) in enumerate(rows, start=2):
            _text(cover, r, 0, label, styles.bold)
            _text(cover, r, 1, value)
        cover.set_column(0, 0, 28)
        cover.set_column(1, 1, 100)
        sheet = wb.add_worksheet(t("export.sheet.notes", lang))
        _text(sheet, 0, 0, t("export.notes_title", lang), styles.title)
        for c, heading in enumerate((t("export.note_term", lang), t("export.note_meaning", lang))):
            _text(sheet, 1, c, heading, styles.bold)
        for r, (term, meaning) in enumerate(notes, start=2):
            _text(sheet, r, 0, term)
            _text(sheet, r, 1, meaning)
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 1, 100)
        for table in tables:
            _table_sheet(wb.add_worksheet(table.sheet[:31]), table, styles)
    return buffer.getvalue()


class _Styles:
    """The workbook's few cell formats, made once per workbook."""

    def __init__(self, wb) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.bold = wb.add_format({"bold": True})
        self.date = wb.add_format({"num_format": "DD/MM/YYYY"})


def _cover_rows(release: Release, tables: list[Table]) -> list[tuple[str, str]]:
    lang = release.lang
    rows = []
    if release.illustrative:
        rows.append((t("export.cover.warning", lang), t("app.illustrative", lang)))
    rows += [
        (t("export.column.round", lang), release.round),
        (t("export.cover.filters", lang), release.filters or t("filter.none", lang)),
        (t("export.cover.language", lang), t("language.name", lang)),
        (t("export.column.data_as_of", lang), release.as_of()),
    ]
    if release.made_of:
        rows.append((t("export.cover.returns", lang), release.made_of))
    rows.append((t("export.cover.tables", lang), "; ".join(f"{x.sheet}: {x.title}" for x in tables)))
    rows.append((t("export.cover.sources", lang), sources_text(lang)))
    return rows


def sources_text(lang: str) -> str:
    """Where the figures and the geography come from, the embedded geography's sources as its manifest names them."""
    manifest = read_manifest()
    return t(
        "export.sources",
        lang,
        boundaries=manifest.source_name("boundaries", lang),
        licence=manifest.licence("boundaries", lang),
        cluster_facts=manifest.source_name("cluster_facts", lang),
    )


def _text(ws, row: int, column: int, value: str, style=None) -> None:
    """A text cell (0-based ``row`` and ``column``), neutralised and written as text whatever it holds."""
    ws.write_string(row, column, neutralise(str(value)), style)


def _table_sheet(ws, table: Table, styles: _Styles) -> None:
    _text(ws, 0, 0, table.title, styles.title)
    for col, key in enumerate(table.frame.columns):
        _text(ws, 1, col, table.headings.get(key, key), styles.bold)
    for r, row in enumerate(table.frame.itertuples(index=False, name=None), start=2):
        for col, value in enumerate(row):
            _value_cell(ws, r, col, value, styles)
    ws.freeze_panes(2, 0)


def _value_cell(ws, row: int, column: int, value: object, styles: _Styles) -> None:
    """One data cell by its type: text as text (neutralised), numbers as numbers, dates as dates; nothing
    (a blank cell) for a missing value or empty text."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return
    if isinstance(value, str) and not value:
        return
    if hasattr(value, "item") and not isinstance(value, dt.date):  # numpy scalars
        value = value.item()
    if isinstance(value, str):
        ws.write_string(row, column, neutralise(value))
    elif isinstance(value, bool):
        ws.write_boolean(row, column, value)
    elif isinstance(value, int | float):
        ws.write_number(row, column, value)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, column, value, styles.date)
    else:
        ws.write_string(row, column, neutralise(str(value)))


def geojson_text(frame: pd.DataFrame, geo, level: str, notes: list[str] = ()) -> str:
    """Area measures as a GeoJSON FeatureCollection (WGS84), one feature per area in ``frame``.

    ``frame`` is indexed by area code; the notes travel in the collection's
    ``notes`` member, and cluster shapes carry ``indicative: true``.
    """
    import json

    geometry = geo.geometry_json(level)
    features = []
    for code, row in frame.iterrows():
        properties = {key: _json_value(value) for key, value in row.items()}
        if level == "cluster":
            properties["indicative"] = True
        features.append(f'{{"type":"Feature","geometry":{geometry[code]},"properties":{json.dumps(properties)}}}')
    head = json.dumps({"type": "FeatureCollection", "notes": list(notes), "level": level})[:-1]
    return head + ',"features":[' + ",".join(features) + "]}\n"


def _json_value(value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def findings_workbook(report: ReturnReport, lang: str = "en") -> bytes:
    """The user's own rows, at their own row numbers, with a findings column: fix and resend.

    Rows with an error are shaded red, rows with warnings amber. Every cell is
    written as text or a number, never as a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = (report.sheet.name if report.sheet else schema.PROJECTS_SHEET)[:31]
    by_row: dict[int, list[Finding]] = {}
    for finding in report.findings:
        by_row.setdefault(finding.row, []).append(finding)
    rows = report.sheet.rows if report.sheet else []
    width = max((len(values) for _, values in rows), default=0)
    fills = {"error": PatternFill("solid", fgColor="F8CBAD"), "warning": PatternFill("solid", fgColor="FFE699")}
    heading = t("report.findings_column", lang)
    header_row = report.layout.header_row if report.layout else None
    for number, values in rows:
        for column, value in enumerate(values, start=1):
            if value is not None:
                value = str(value) if isinstance(value, UnsavedFormula) else value
                cell = ws.cell(row=number, column=column, value=neutralise(value) if isinstance(value, str) else value)
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        notes = by_row.get(number, [])
        text = "\n".join(
            f"{t('severity.' + f.severity, lang)}: {f.column_label(lang) + ': ' if f.column_label(lang) else ''}"
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
