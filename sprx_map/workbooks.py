"""Spreadsheets read safely: an xlsx or csv file into sheets of numbered rows.

Used for survey returns and for the tables that place things in clusters. A
file is refused, with a reason a person can act on, before it is parsed when it
is too big, of the wrong type or would unpack to far more than it weighs; macros
never run and cells are read as values.
"""

from __future__ import annotations

import csv
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
    rows = _load_csv(path, data)
    if len(rows) > limits.max_rows:
        raise FileRefused("error.too_many_rows", file=path.name, limit=f"{limits.max_rows:,}")
    return [Sheet(path.stem, rows)]


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
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileRefused("error.corrupt", file=path.name, detail=type(exc).__name__) from exc
    try:
        extras = _sheet_extras(data)
        sheets = []
        for ws in wb.worksheets[:1] if first_sheet_only else wb.worksheets:
            merged, unsaved = extras.get(ws.title, ((), {}))
            rows = []
            for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
                if i > limits.max_rows:
                    raise FileRefused("error.too_many_rows", file=path.name, limit=f"{limits.max_rows:,}")
                values = list(row)
                for (r, c), formula in unsaved.items():
                    if r == i and c < len(values) and values[c] is None:
                        values[c] = UnsavedFormula(formula)
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
_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _sheet_extras(data: bytes) -> dict[str, tuple[tuple, dict]]:
    """Sheet title -> (merged ranges, {(row, column): formula} of formulas with no saved result).

    openpyxl's fast reader gives neither, so each sheet's XML is read once more for
    them (with defusedxml, within the limits already checked).
    """
    from defusedxml.ElementTree import fromstring, iterparse

    out: dict[str, tuple[tuple, dict]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
            return out
        targets = {
            rel.get("Id"): rel.get("Target", "") for rel in fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        }
        for sheet in fromstring(archive.read("xl/workbook.xml")).iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(f"{_RELATIONSHIPS}id"), "")
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            if part not in names:
                continue
            merged, unsaved = [], {}
            with archive.open(part) as stream:
                for _, element in iterparse(stream):
                    if element.tag == f"{_MAIN}mergeCell":
                        first, _, last = (element.get("ref") or "").partition(":")
                        a, b = _CELL.match(first), _CELL.match(last or first)
                        if a and b:
                            merged.append((int(a[2]), _column_index(a[1]), int(b[2]), _column_index(b[1])))
                    elif element.tag == f"{_MAIN}c":
                        formula = element.find(f"{_MAIN}f")
                        value = element.find(f"{_MAIN}v")
                        ref = _CELL.match(element.get("r") or "")
                        if formula is not None and (value is None or not (value.text or "").strip()) and ref:
                            unsaved[(int(ref[2]), _column_index(ref[1]))] = formula.text or ""
                        element.clear()
            out[sheet.get("name")] = (tuple(merged), unsaved)
    return out


def _delimiter(text: str) -> str:
    """The separator that splits the first lines into the most rows of one same width (two columns or more)."""
    lines = [line for line in text.splitlines()[:60] if line.strip()]
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


def _load_csv(path: Path, data: bytes) -> list[tuple[int, list[object]]]:
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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return [(i, list(r)) for i, r in enumerate(reader, start=1)]
    except csv.Error as exc:  # e.g. a quote never closed, taking in the rest of the file
        raise FileRefused("error.csv", file=path.name, detail=str(exc)) from exc
