"""Spreadsheets read safely: an xlsx or csv file into sheets of numbered rows.

Used for survey returns and for the tables that place things in clusters. A
file is refused, with a reason a person can act on, before it is parsed when it
is too big, of the wrong type or would unpack to far more than it weighs; macros
never run and cells are read as values.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sprx_map.i18n import t


class FileRefused(Exception):
    """The file cannot be read as a spreadsheet at all: the catalogue entry ``key`` says why, in any language.

    ``str()`` of it is the English; :meth:`message` gives it in ``lang``.
    """

    def __init__(self, key: str, **params) -> None:
        self.key, self.params = key, params
        super().__init__(t(key, "en", **params))

    def message(self, lang: str = "en") -> str:
        """Why the file was refused, and what to do, in ``lang``."""
        return t(self.key, lang, **self.params)

    def __reduce__(self):  # the app's cache pickles it: rebuild it from its key, not its English text
        return _rebuild, (type(self), self.key, self.params)


def _rebuild(cls: type[FileRefused], key: str, params: dict) -> FileRefused:
    return cls(key, **params)


@dataclass
class Sheet:
    """One sheet: its name and rows as (Excel row number, cell values)."""

    name: str
    rows: list[tuple[int, list[object]]]


@dataclass(frozen=True)
class Limits:
    """How much a return may hold before it is refused (hostile or mistaken files)."""

    max_bytes: int = 10 * 2**20  # the file as uploaded
    max_unpacked_bytes: int = 100 * 2**20  # an xlsx's contents once unzipped
    max_ratio: int = 100  # unzipped size / zipped size of any one part
    max_rows: int = 20_000  # rows on any sheet

    @classmethod
    def from_environment(cls) -> Limits:
        """Defaults, or ``SPRX_MAX_UPLOAD_MB`` and ``SPRX_MAX_ROWS`` when set."""
        mb, rows = os.environ.get("SPRX_MAX_UPLOAD_MB"), os.environ.get("SPRX_MAX_ROWS")
        return cls(
            max_bytes=int(float(mb) * 2**20) if mb else cls.max_bytes, max_rows=int(rows) if rows else cls.max_rows
        )


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
        sheets = []
        for ws in wb.worksheets[:1] if first_sheet_only else wb.worksheets:
            rows = []
            for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
                if i > limits.max_rows:
                    raise FileRefused("error.too_many_rows", file=path.name, limit=f"{limits.max_rows:,}")
                rows.append((i, list(row)))
            sheets.append(Sheet(ws.title, rows))
        return sheets
    except FileRefused:
        raise
    except Exception as exc:  # a part that fails only when read
        raise FileRefused("error.corrupt", file=path.name, detail=type(exc).__name__) from exc
    finally:
        wb.close()


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
    try:
        dialect, params = csv.Sniffer().sniff(text[:4096], delimiters=",;\t"), {}
    except csv.Error:  # rows of uneven length (a last column some leave off): the header's separator
        dialect, params = csv.excel, {"delimiter": max(",;\t", key=text.split("\n", 1)[0].count)}
    reader = csv.reader(io.StringIO(text, newline=""), dialect, **params)
    try:
        return [(i, list(r)) for i, r in enumerate(reader, start=1)]
    except csv.Error as exc:  # e.g. a quote never closed, taking in the rest of the file
        raise FileRefused("error.csv", file=path.name, detail=str(exc)) from exc
