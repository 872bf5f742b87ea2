"""The return workbook: the layout the Hub sends out and the reader expects.

Sheets: ``Instructions``, ``Return details`` (label / value pairs), ``Projects``
(title rows, then one header row of bilingual headings, then one row per
project) and ``Lists`` (allowed values and each board's clusters, which feed the
drop-downs).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from sprx_map import schema
from sprx_map.geo.geography import Geography
from sprx_map.schema import EXAMPLE_PREFIX, PROJECTS_SHEET

TEMPLATE_TITLE = "Social prescribing return to the Primary Care Hub"
HEADER_ROW = 4
FIRST_DATA_ROW = HEADER_ROW + 1
MAX_TEMPLATE_ROWS = 500
# The columns of a return the Hub sends. A project reference is given by the store, so only a return filled in
# from the store's projects (pre-filled) has that column; the blank return and the sample leave it out.
BLANK_FIELDS = tuple(f for f in schema.FIELDS if f.key != "project_reference")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_ILLUSTRATIVE_FILL = PatternFill("solid", fgColor="FCE4D6")
INSTRUCTIONS = (
    "Social prescribing return",
    "",
    "1. Fill in 'Return details': your health board, the survey round, the date and your role.",
    "2. On 'Projects', add one row per social prescribing project, current or planned (and any that ended "
    "during the reporting period).",
    "3. Columns marked * are required. Pick values from the drop-downs where there is one.",
    "4. 'Clusters served': one or more cluster names from the 'Lists' sheet, separated by semicolons, "
    "or 'All' for every cluster in your board.",
    "5. Several values in one cell (categories, target groups, funders): separate them with semicolons.",
    "6. Numbers as numbers (1.5, not '1.5 FTE'); dates as DD/MM/YYYY.",
    "7. Do not add total rows; the Hub adds up the returns.",
)


def _text(ws, row: int, col: int, value: object):
    """Write a cell; text that starts like a formula stays text."""
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        cell.data_type = "s"
    return cell


def cell_value(key: str, value: object, geo: Geography) -> object:
    """A project value as it is written in a return (English labels, names)."""
    f = schema.FIELD_BY_KEY[key]
    if value is None or value == []:
        return None
    names = {"health_board": geo.boards["name_en"].to_dict(), "cluster": geo.clusters["name_en"].to_dict()}
    return f.kind.written(value, f, names)


def build_workbook(
    details: dict,
    projects: list[dict],
    geo: Geography,
    *,
    title: str,
    illustrative: bool = False,
    fields: tuple[schema.Field, ...] = BLANK_FIELDS,
) -> Workbook:
    """A return workbook holding ``projects`` (dicts keyed by schema field), in the columns of ``fields``."""
    wb = Workbook()
    ws_i = wb.active
    ws_i.title = "Instructions"
    lines = ((title,) if illustrative else ()) + INSTRUCTIONS
    for i, line in enumerate(lines, start=1):
        _text(ws_i, i, 1, line).font = Font(bold=(i == 1))
    ws_i.column_dimensions["A"].width = 110

    ws_d = wb.create_sheet("Return details")
    for i, (key, en, cy) in enumerate(schema.RETURN_DETAILS, start=1):
        _text(ws_d, i, 1, f"{en} / {cy}").font = Font(bold=True)
        cell = _text(ws_d, i, 2, details.get(key))
        if isinstance(details.get(key), dt.date):
            cell.number_format = "DD/MM/YYYY"
    ws_d.column_dimensions["A"].width = 40
    ws_d.column_dimensions["B"].width = 50

    ws = wb.create_sheet(PROJECTS_SHEET)
    _text(ws, 1, 1, title).font = Font(bold=True, size=14)
    _text(ws, 2, 1, "Columns marked * are required. One row per project. See the Instructions sheet.")
    if illustrative:
        for row in (1, 2):
            ws.cell(row=row, column=1).fill = _ILLUSTRATIVE_FILL
    for col, f in enumerate(fields, start=1):
        cell = _text(ws, HEADER_ROW, col, f.header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = 28 if f.kind.wide else 16
    ws.row_dimensions[HEADER_ROW].height = 45
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=2)
    for r, project in enumerate(projects, start=FIRST_DATA_ROW):
        for col, f in enumerate(fields, start=1):
            cell = _text(ws, r, col, cell_value(f.key, project.get(f.key), geo))
            if f.kind.number_format and cell.value is not None:
                cell.number_format = f.kind.number_format
    _add_lists(wb, ws, geo, fields)
    return wb


def _add_lists(wb: Workbook, ws, geo: Geography, fields: tuple[schema.Field, ...]) -> None:
    """The Lists sheet and the drop-downs that use it."""
    ws_l = wb.create_sheet("Lists")
    columns = [
        ("Health board", list(geo.boards["name_en"])),
        ("Status", [t.en for t in schema.STATUSES]),
        ("Activity categories", [t.en for t in schema.ACTIVITY_CATEGORIES]),
        ("Funding sources", [t.en for t in schema.FUNDING_SOURCES]),
        ("Yes/no", [t.en for t in schema.YES_NO]),
    ]
    for code, board in geo.boards.iterrows():
        columns.append(
            (f"Clusters: {board['short_name']}", [geo.clusters.at[c, "name_en"] for c in geo.clusters_of_board(code)])
        )
    ranges = {}
    for col, (heading, values) in enumerate(columns, start=1):
        _text(ws_l, 1, col, heading).font = Font(bold=True)
        for r, value in enumerate(values, start=2):
            _text(ws_l, r, col, value)
        letter = get_column_letter(col)
        ranges[heading] = f"Lists!${letter}$2:${letter}${len(values) + 1}"
        ws_l.column_dimensions[letter].width = 34
    last = FIRST_DATA_ROW + MAX_TEMPLATE_ROWS
    for key, heading, strict in (
        ("health_board", "Health board", True),
        ("status", "Status", True),
        ("activity_categories", "Activity categories", False),
        ("funding_sources", "Funding sources", False),
        ("evaluation_in_place", "Yes/no", True),
    ):
        col = get_column_letter([f.key for f in fields].index(key) + 1)
        # Multi-value columns offer the list but accept several values typed in.
        dv = DataValidation(type="list", formula1=ranges[heading], allow_blank=True, showErrorMessage=strict)
        dv.add(f"{col}{FIRST_DATA_ROW}:{col}{last}")
        ws.add_data_validation(dv)


def save_workbook(wb: Workbook, path: Path, *, when: dt.datetime, properties: dict | None = None) -> None:
    """Save with fixed document dates and zip timestamps, so equal content gives equal bytes."""
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.creator = "sprx-map"
    wb.properties.lastModifiedBy = "sprx-map"
    for name, value in (properties or {}).items():
        setattr(wb.properties, name, value)
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue(), when))


def _fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*",
                    rb"\g<1>" + when.strftime("%Y-%m-%dT%H:%M:%SZ").encode(),
                    content,
                )
            dst.writestr(fixed, content)
    return out.getvalue()


def example_project(geo: Geography) -> dict:
    """The template's example row (its name says to delete it; the reader rejects it if kept)."""
    return {
        "project_name": EXAMPLE_PREFIX + "Walk and Talk Newtown",
        "lead_organisation": "Newtown Walking Group",
        "health_board": "W11000024",
        "clusters_served": ["north-powys"],
        "status": "current",
        "activity_categories": ["physical", "befriending"],
        "target_groups": ["isolation", "older_people"],
        "referral_routes": ["gp", "self"],
        "link_worker_fte": 0.5,
        "link_worker_headcount": 1,
        "referrals_received": 48,
        "reporting_period_start": dt.date(2016, 4, 1),
        "reporting_period_end": dt.date(2017, 3, 31),
        "funding_sources": ["health_board"],
        "annual_funding_gbp": 12000,
        "start_date": dt.date(2015, 9, 1),
        "venue_postcode": "SY16 1AA",
        "evaluation_in_place": True,
        "outcome_measures": ["swemwbs"],
        "notes": "One row per project. Delete this example row before sending.",
    }


def build_template(geo: Geography) -> Workbook:
    """The blank return the Hub sends out: instructions, details, one example row, lists."""
    wb = build_workbook({}, [example_project(geo)], geo, title=TEMPLATE_TITLE)
    ws = wb[PROJECTS_SHEET]
    for cell in ws[FIRST_DATA_ROW]:
        cell.font = Font(italic=True, color="595959")
    return wb


def template_bytes(geo: Geography) -> bytes:
    """The template as .xlsx bytes (for the app's download button)."""
    buffer = io.BytesIO()
    build_template(geo).save(buffer)
    return buffer.getvalue()
