"""Downloads: CSV and XLSX of what is on screen, safe to open in a spreadsheet.

Text that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) gets a leading apostrophe, so it
shows as the text it is. Numbers are written as numbers, untouched.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd

from sprx_map.i18n import t

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def notes(round_label: str, illustrative: bool, lang: str = "en", filters: str | None = None) -> list[str]:
    """The lines that open a download: the illustrative notice, the filters, the round and language."""
    lines = [t("app.illustrative", lang)] if illustrative else []
    if filters is not None:
        lines.append(t("export.filters", lang, filters=filters))
    lines.append(t("export.round_language", lang, round=round_label, language=t("language.name", lang)))
    return lines


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
        if is_text(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def csv_bytes(frame: pd.DataFrame, headings: dict[str, str], notes: list[str] = ()) -> bytes:
    """UTF-8 CSV with a BOM (so Excel reads Welsh letters), headings in the user's language.

    ``notes`` (e.g. the illustrative-data notice) come first, one per line, each
    as a single quoted cell.
    """
    buffer = io.StringIO()
    for note in notes:
        pd.DataFrame([[neutralise(note)]]).to_csv(buffer, index=False, header=False)
    safe_frame(frame).rename(columns=headings).to_csv(buffer, index=False, date_format="%Y-%m-%d")
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, headings: dict[str, str], notes: list[str] = (), sheet: str = "Data") -> bytes:
    """An XLSX workbook: notes on top, then a bold header row, then the rows.

    Every text cell is written as text (never a formula) and neutralised.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row, note in enumerate(notes, start=1):
        cell = ws.cell(row=row, column=1, value=neutralise(note))
        cell.data_type = "s"
        cell.font = Font(bold=True)
    header_row = len(notes) + 1
    for col, key in enumerate(frame.columns, start=1):
        cell = ws.cell(row=header_row, column=col, value=neutralise(headings.get(key, key)))
        cell.data_type = "s"
        cell.font = Font(bold=True)
    for r, row in enumerate(frame.itertuples(index=False), start=header_row + 1):
        for col, value in enumerate(row, start=1):
            if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                continue
            cell = ws.cell(row=r, column=col, value=_excel_value(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"
            elif isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _excel_value(value: object) -> object:
    if isinstance(value, str):
        return neutralise(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


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
