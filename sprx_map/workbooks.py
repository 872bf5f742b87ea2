"""Spreadsheets read safely: an xlsx or csv file into sheets of numbered rows.

Used for survey returns and for the tables that place things in clusters. A
file is refused, with a reason a person can act on, before it is parsed when it
is too big, of the wrong type or would unpack to far more than it weighs; macros
never run and cells are read as values.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sprx_map.messages import Refusal


class FileRefused(Refusal):
    """The file cannot be read as a spreadsheet at all: the catalogue entry ``key`` says why, in any language."""


@dataclass
class Sheet:
    """One sheet: its name, rows as (Excel row number, cell values), and its merged cells.

    ``merged`` holds (first row, first column, last row, last column) for each merged
    range, rows numbered as Excel shows them and columns from 0 as in ``rows``.
    """

    name: str
    rows: list[tuple[int, list[object]]]
    merged: tuple[tuple[int, int, int, int], ...] = ()


@dataclass(frozen=True)
class UnsavedFormula:
    """A cell holding a formula whose result the workbook did not save (it is never worked out here)."""

    formula: str

    def __str__(self) -> str:
        return "=" + self.formula


@dataclass(frozen=True)
class Limits:
    """How much a return may hold before it is refused (hostile or mistaken files)."""

    max_bytes: int = 10 * 2**20  # the file as uploaded
    max_unpacked_bytes: int = 100 * 2**20  # an xlsx's contents once unzipped
    max_ratio: int = 100  # unzipped size / zipped size of any one part
    max_rows: int = 20_000  # rows on any sheet
    # A return has a few dozen columns and a few sheets. Cells count whether they hold a value or are only
    # formatted, as each is parsed: these bound the work and memory of a reading, whatever a file declares.
    max_columns: int = 1_000  # columns on any sheet (to column ALL)
    max_cells: int = 1_000_000  # cells and rows in the whole workbook (a CSV: fields); merged cells apart
    max_sheets: int = 100  # sheets in a workbook

    @classmethod
    def from_environment(cls) -> Limits:
        """The limits the settings give: ``SPRX_MAX_UPLOAD_MB`` and ``SPRX_MAX_ROWS`` (see :mod:`sprx_map.settings`)."""
        from sprx_map.settings import value

        return cls(max_bytes=int(value("SPRX_MAX_UPLOAD_MB") * 2**20), max_rows=value("SPRX_MAX_ROWS"))


def load_table(
    path: Path, data: bytes | None = None, limits: Limits | None = None, *, first_sheet_only: bool = False
) -> list[Sheet]:
    """Read an xlsx/xlsm or csv file into sheets of rows; never runs macros.

    Files over the limits are refused before they are parsed (see :class:`Limits`).
    """
    limits = limits or Limits.from_environment()
    data = path.read_bytes() if data is None else data
    if len(data) > limits.max_bytes:
        raise FileRefused("error.too_big", file=path.name, size=_mb(len(data)), limit=_mb(limits.max_bytes))
    suffix = path.suffix.lower()
    if data[:4] == b"PK\x03\x04":
        if suffix not in (".xlsx", ".xlsm"):
            raise FileRefused("error.file_type", file=path.name)
        _check_zip(path, data, limits)
        return _load_xlsx(path, data, limits, first_sheet_only)
    if suffix in (".xlsx", ".xlsm", ".xls") or data[:5] == b"%PDF-" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileRefused("error.not_xlsx", file=path.name)
    if suffix not in (".csv", ".tsv", ".txt"):
        raise FileRefused("error.file_type", file=path.name)
    return [Sheet(path.stem, _load_csv(path, data, limits))]


def _mb(size: int) -> str:
    """A size as people read it: MB, or KB when under a tenth of a MB."""
    return f"{size / 2**20:.1f} MB" if size >= 2**20 / 10 else f"{size / 1024:.0f} KB"


def _check_zip(path: Path, data: bytes, limits: Limits) -> None:
    """Refuse a workbook that would unpack to far more than it weighs (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise FileRefused("error.corrupt", file=path.name, detail=type(exc).__name__) from exc
    unpacked = sum(p.file_size for p in parts)
    worst = max((p.file_size / max(p.compress_size, 1) for p in parts), default=0)
    if unpacked > limits.max_unpacked_bytes or worst > limits.max_ratio:
        raise FileRefused("error.unpacks_too_big", file=path.name, size=_mb(unpacked))


def _load_xlsx(path: Path, data: bytes, limits: Limits, first_sheet_only: bool) -> list[Sheet]:
    import openpyxl  # imported here: only needed for workbooks (parsed with defusedxml, which is installed)

    try:
        extras = _scan(path, data, limits, first_sheet_only)
    except FileRefused:
        raise
    except Exception as exc:  # a part that cannot be parsed
        raise FileRefused("error.corrupt", file=path.name, detail=type(exc).__name__) from exc
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileRefused("error.corrupt", file=path.name, detail=type(exc).__name__) from exc
    try:
        sheets = []
        for ws in wb.worksheets[:1] if first_sheet_only else wb.worksheets:
            merged, unsaved = extras.get(ws.title, ((), {}))
            # The fast reader pads every row to the width the sheet declares: a few KB declaring A1:XFD2000
            # would be 33 million cells. Without it each row is as wide as its last cell, which the scan has
            # kept within the column limit.
            ws.reset_dimensions()
            rows = []
            for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
                if i > limits.max_rows:
                    raise FileRefused("error.too_many_rows", file=path.name, limit=f"{limits.max_rows:,}")
                values = list(row)
                for c, formula in unsaved.get(i, {}).items():
                    values.extend([None] * (c + 1 - len(values)))
                    if values[c] is None:
                        values[c] = UnsavedFormula(formula)
                while values and values[-1] is None:  # formatted cells after the last value
                    values.pop()
                rows.append((i, values))
            sheets.append(Sheet(ws.title, rows, merged))
        return sheets
    except FileRefused:
        raise
    except Exception as exc:  # a part that fails only when read
        raise FileRefused("error.corrupt", file=path.name, detail=type(exc).__name__) from exc
    finally:
        wb.close()


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL = re.compile(r"^([A-Z]+)(\d+)$")
# The longest field a CSV may hold: the csv module's own default, set at each reading (a library imported in the
# same process, such as frictionless, may have raised it for everyone).
CSV_FIELD_LIMIT = 131_072


@functools.lru_cache(maxsize=4096)  # the scan asks it of every cell
def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def column_letters(index: int) -> str:
    """The column ``index`` (from 0) as Excel names it: 0 -> A, 999 -> ALL."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _too_wide(path: Path, sheet: str, row: int, column: int, limits: Limits) -> FileRefused:
    return FileRefused(
        "error.too_many_columns", file=path.name, sheet=sheet, row=row, column=column_letters(column),
        limit=f"{limits.max_columns:,}", last=column_letters(limits.max_columns - 1),
    )  # fmt: skip


def _each(archive: zipfile.ZipFile, part: str, tag: str):
    """The elements ``tag`` of an XML part, read as a stream that lets go of each element once read."""
    from defusedxml.ElementTree import iterparse

    open_elements = []
    with archive.open(part) as stream:
        for event, element in iterparse(stream, events=("start", "end")):
            if event == "start":
                open_elements.append(element)
                continue
            open_elements.pop()
            if element.tag == tag:
                yield element
            if open_elements:
                open_elements[-1].remove(element)


def _scan(path: Path, data: bytes, limits: Limits, first_sheet_only: bool = False) -> dict[str, tuple[tuple, dict]]:
    """Sheet title -> (merged ranges, {row: {column: formula}} of formulas with no saved result).

    openpyxl's fast reader gives neither, and it builds each row whole before
    anything can count its cells, so every sheet's XML is first read here, as a
    stream (with defusedxml, within the limits already checked) that lets go of
    each element once read. A workbook with more sheets, columns or cells than
    ``limits`` allow, or a sheet to be read with more rows, is refused here, before
    openpyxl parses it.
    """
    out: dict[str, tuple[tuple, dict]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
            return out
        listed = []  # (title, relationship id)
        for sheet in _each(archive, "xl/workbook.xml", f"{_MAIN}sheet"):
            listed.append((sheet.get("name"), sheet.get(f"{_RELATIONSHIPS}id")))
            if len(listed) > limits.max_sheets:
                raise FileRefused("error.too_many_sheets", file=path.name, limit=limits.max_sheets)
        wanted = {rel for _, rel in listed}
        targets = {
            rel.get("Id"): (rel.get("Target", ""), rel.get("Type", ""))
            for rel in _each(archive, "xl/_rels/workbook.xml.rels", f"{_PACKAGE}Relationship")
            if rel.get("Id") in wanted
        }
        counted, worksheets = _Counted(path, limits), 0
        for title, rel in listed:
            target, kind = targets.get(rel, ("", ""))
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            worksheets += kind.endswith("/worksheet")
            read = not first_sheet_only or (worksheets == 1 and kind.endswith("/worksheet"))
            if part in names:
                with archive.open(part) as stream:
                    out[title] = _scan_sheet(stream, title, counted, read)
    return out


@dataclass
class _Counted:
    """The cells and merged cells a workbook's scan has met so far, refused past the limits."""

    path: Path
    limits: Limits
    cells: int = 0
    merged: int = 0

    def row(self, number: int, after: int, read: bool) -> None:
        """Row ``number``, the one after row ``after``. Each row counts as a cell: on a sheet to be read, every
        row up to it (openpyxl makes the rows a sheet leaves out), which may be no more than the row limit;
        on another, the row itself (openpyxl reads every sheet through to size it)."""
        self.cells += max(number - after, 1) if read else 1
        if read and number > self.limits.max_rows:
            raise FileRefused("error.too_many_rows", file=self.path.name, limit=f"{self.limits.max_rows:,}")
        if self.cells > self.limits.max_cells:
            raise self.too_many()

    def cell(self, sheet: str, row: int, column: int, in_row: int) -> None:
        """One more cell, at ``column`` (from 0) of ``row``, the ``in_row``-th of its row."""
        self.cells += 1
        if column >= self.limits.max_columns or in_row > self.limits.max_columns:
            raise _too_wide(self.path, sheet, row, max(column, in_row - 1), self.limits)
        if self.cells > self.limits.max_cells:
            raise self.too_many()

    def merge(self, ref: str) -> tuple[int, int, int, int] | None:
        """A merged range as (first row, first column, last row, last column) within the rows and columns a
        sheet may have; None when it is outside them or not a range."""
        first, _, last = ref.partition(":")
        a, b = _CELL.match(first), _CELL.match(last or first)
        if not (a and b) or int(a[2]) > self.limits.max_rows or _column_index(a[1]) >= self.limits.max_columns:
            return None
        top, left = int(a[2]), _column_index(a[1])
        bottom, right = min(int(b[2]), self.limits.max_rows), min(_column_index(b[1]), self.limits.max_columns - 1)
        self.merged += (abs(bottom - top) + 1) * (abs(right - left) + 1)
        if self.merged > self.limits.max_cells:  # each is copied down the rows it spans when read
            raise self.too_many()
        return top, left, bottom, right

    def too_many(self) -> FileRefused:
        return FileRefused("error.too_many_cells", file=self.path.name, limit=f"{self.limits.max_cells:,}")


def _scan_sheet(stream, title: str, counted: _Counted, read: bool) -> tuple[tuple, dict]:
    """One sheet's (merged ranges, {row: {column: formula}} of formulas with no saved result), its cells
    counted and, when it is to be ``read``, its rows."""
    from defusedxml.ElementTree import iterparse

    merged, unsaved = [], {}
    row, column, in_row, in_cell = 0, -1, 0, 0
    open_elements = []
    for event, element in iterparse(stream, events=("start", "end")):
        tag = element.tag
        if event == "start":
            open_elements.append(element)
            if tag == f"{_MAIN}row":
                number = element.get("r")
                after, row = row, int(number) if number and number.isdigit() else row + 1
                column, in_row = -1, 0
                counted.row(row, after, read)
            elif tag == f"{_MAIN}c":
                in_cell += 1
            continue
        open_elements.pop()
        if tag == f"{_MAIN}c":
            in_cell -= 1
            ref = _CELL.match(element.get("r") or "")
            column, in_row = (_column_index(ref[1]) if ref else column + 1), in_row + 1
            number = int(ref[2]) if ref else row
            counted.cell(title, number, column, in_row)
            formula, value = element.find(f"{_MAIN}f"), element.find(f"{_MAIN}v")
            if formula is not None and (value is None or not (value.text or "").strip()):
                unsaved.setdefault(number, {})[column] = formula.text or ""
        elif tag == f"{_MAIN}mergeCell":
            span = counted.merge(element.get("ref") or "")
            if span is not None:
                merged.append(span)
        if open_elements and not in_cell:  # read: let it go (a cell's parts wait for the cell)
            open_elements[-1].remove(element)
    return tuple(merged), unsaved


def _delimiter(text: str) -> str:
    """The separator that splits the first lines into the most rows of one same width (two columns or more)."""
    lines = [line for line in text[: 2**20].splitlines()[:60] if line.strip()]  # the first MB is ample
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t"):
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        counts = {w: widths.count(w) for w in set(widths) if w > 1}
        if counts:
            width = max(counts, key=lambda w: (counts[w], w))
            score = (sum(1 for w in widths if w > 1), counts[width])
            if score > best_score:
                best, best_score = delimiter, score
    return best


def _load_csv(path: Path, data: bytes, limits: Limits) -> list[tuple[int, list[object]]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # cp1252 decodes all but five bytes; this is for those
        raise FileRefused("error.encoding", file=path.name)
    if "\x00" in text:
        raise FileRefused("error.file_type", file=path.name)
    delimiter = _delimiter(text)

    def lines():
        # A line is looked at before the csv module splits it: a few MB of separators on one line would be
        # millions of fields at once. (Separators inside quotes are counted too; no return has a thousand.)
        for number, line in enumerate(io.StringIO(text, newline=""), start=1):
            if line.count(delimiter) >= limits.max_columns:
                raise _too_wide(path, path.stem, number, line.count(delimiter), limits)
            yield line

    rows, cells = [], 0
    before = csv.field_size_limit(CSV_FIELD_LIMIT)  # the module's own default, whatever another library set
    try:
        for i, values in enumerate(csv.reader(lines(), delimiter=delimiter), start=1):  # refused once past a limit
            if i > limits.max_rows:
                raise FileRefused("error.too_many_rows", file=path.name, limit=f"{limits.max_rows:,}")
            if len(values) > limits.max_columns:  # a quoted field over several lines
                raise _too_wide(path, path.stem, i, len(values) - 1, limits)
            while values and values[-1] == "":  # the separators Excel writes out to the widest row
                values.pop()
            cells += len(values) + 1  # the row too, as for a workbook
            if cells > limits.max_cells:
                raise _Counted(path, limits).too_many()
            rows.append((i, values))
    except csv.Error as exc:  # e.g. a quote never closed, taking in the rest of the file
        raise FileRefused("error.csv", file=path.name, detail=str(exc)) from exc
    finally:
        csv.field_size_limit(before)
    return rows
