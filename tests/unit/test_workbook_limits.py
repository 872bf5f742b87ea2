"""What a file declares is not believed: a return is read by what it holds, within limits on its columns,
cells and sheets; and what a cache shared by every session keeps of a reading is what the page shows."""

import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from sprx_map import PROJECT_DIR, intake
from sprx_map.export import findings_workbook
from sprx_map.returns import read_return
from sprx_map.workbooks import FileRefused, Limits, column_letters, load_table
from tests.builders import RETURN_HEADER
from tests.hostile_workbooks import PROJECT, dimension_bomb, rewritten, shaped_return, with_dimension

# Run in a fresh interpreter: the peak resident memory (ru_maxrss, KB on Linux) gained by reading one
# return, once the geography is loaded, and what was kept of it.
PEAK = """
import json, resource, sys
from pathlib import Path
from sprx_map.geo.geography import load_geography
from sprx_map.returns import read_return

geo = load_geography()
data = Path(sys.argv[1]).read_bytes()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
report = read_return("return.xlsx", geo, data=data)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
widths = sorted({len(values) for _, values in report.sheet.rows})
print(json.dumps({"gained_kb": after - before, "summary": report.summary(), "widths": widths}))
"""


def _peak(tmp_path: Path, name: str, data: bytes) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(path)], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _refusal(name: str, data: bytes, limits: Limits) -> FileRefused:
    with pytest.raises(FileRefused) as info:
        load_table(Path(name), data, limits)
    return info.value


def _workbook(*sheets: str, cells=(), merged=(), formatted=()) -> bytes:
    """A workbook with sheets named ``sheets``; on the first, ``cells`` {ref: value}, ``merged`` ranges and
    ``formatted`` empty cells (written as cells with a style and no value)."""
    wb = openpyxl.Workbook()
    wb.active.title = sheets[0]
    for name in sheets[1:]:
        wb.create_sheet(name)
    ws = wb.worksheets[0]
    for ref, value in dict(cells).items():
        ws[ref] = value
    for ref in merged:
        ws.merge_cells(ref)
    for ref in formatted:
        ws[ref].font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_dimension_bomb_takes_the_memory_of_an_ordinary_return_of_its_shape(tmp_path):
    bomb = dimension_bomb()
    assert len(bomb) < 6_000  # a few KB declaring 2,000 rows of 16,384 cells
    ordinary = _peak(tmp_path, "ordinary.xlsx", shaped_return())
    bombed = _peak(tmp_path, "bomb.xlsx", bomb)
    # Padded to the declared width, the bomb gained over 250 MB here where the ordinary return gained none.
    assert bombed["gained_kb"] <= 1.25 * ordinary["gained_kb"] + 20 * 1024, (bombed, ordinary)
    assert bombed["summary"] == ordinary["summary"]
    assert bombed["widths"] == ordinary["widths"] == [0, 1, 8]


def test_a_declared_dimension_is_not_believed_and_rows_end_at_their_last_value():
    data = _workbook("Projects", cells={"A1": "Name", "B1": "Board", "A2": "Walk"}, formatted=("F2",))
    for declared in ("A1:XFD9", "A1:A1"):  # far wider and longer than the cells, and narrower
        (sheet,) = load_table(Path("r.xlsx"), with_dimension(data, declared), Limits())
        assert sheet.rows == [(1, ["Name", "Board"]), (2, ["Walk"])]


def test_an_ordinary_return_keeps_every_cell_up_to_its_last_value():
    (sheet,) = load_table(Path("r.xlsx"), shaped_return(), Limits())
    assert sheet.rows[:2] == [(1, list(RETURN_HEADER)), (2, list(PROJECT))]
    assert sheet.rows[1999] == (2000, ["Sent by the Powys team"])
    assert [len(values) for _, values in sheet.rows[2:1999]] == [0] * 1997


def test_a_cell_past_the_column_limit_is_refused_with_where_it_is():
    data = _workbook("Projects", cells={"A1": "Name", "K3": "stray"})
    refused = _refusal("wide.xlsx", data, Limits(max_columns=10))
    assert refused.key == "error.too_many_columns"
    assert refused.params == {"file": "wide.xlsx", "sheet": "Projects", "row": 3, "column": "K", "limit": "10",
                              "last": "J"}  # fmt: skip
    assert str(refused) == (
        "wide.xlsx: row 3 of sheet 'Projects' has a cell in column K; a return may use at most 10 columns "
        "(up to column J). Delete the columns to the right of the table, empty ones that are formatted "
        "included, and try again."
    )
    assert refused.message("cy").startswith("wide.xlsx: mae gan res 3 yn y daflen 'Projects' gell yng ngholofn K;")
    assert load_table(Path("ok.xlsx"), data, Limits(max_columns=11))[0].rows[2] == (3, [None] * 10 + ["stray"])


def test_a_formatted_empty_cell_past_the_column_limit_is_refused_too():
    data = _workbook("Projects", cells={"A1": "Name"}, formatted=("L2",))
    refused = _refusal("formatted.xlsx", data, Limits(max_columns=10))
    assert (refused.key, refused.params["row"], refused.params["column"]) == ("error.too_many_columns", 2, "L")


def test_the_column_limit_is_column_all_by_default():
    assert Limits().max_columns == 1_000
    assert column_letters(999) == "ALL"
    (sheet,) = load_table(Path("all.xlsx"), _workbook("Projects", cells={"ALL1": "last"}), Limits())
    assert sheet.rows == [(1, [None] * 999 + ["last"])]
    refused = _refusal("alm.xlsx", _workbook("Projects", cells={"ALM1": "past"}), Limits())
    assert (refused.params["column"], refused.params["limit"], refused.params["last"]) == ("ALM", "1,000", "ALL")


def test_more_cells_than_the_limit_are_refused_each_row_counting_as_one():
    cells = {f"{letter}{row}": "x" for letter in "ABCD" for row in range(1, 5)}  # 16 cells on 4 rows
    assert len(load_table(Path("ok.xlsx"), _workbook("Projects", cells=cells), Limits(max_cells=20))[0].rows) == 4
    cells["A5"] = "one too many"
    refused = _refusal("cells.xlsx", _workbook("Projects", cells=cells), Limits(max_cells=20))
    assert refused.key == "error.too_many_cells"
    assert str(refused) == (
        "cells.xlsx: more than 20 cells (empty cells that are formatted, merged cells and each row count too); "
        "a return holds far fewer. Copy the projects table alone into a new workbook and try again."
    )


def test_formatted_empty_cells_and_rows_left_out_count_towards_the_cell_limit():
    data = _workbook("Projects", cells={"A1": "Name"}, formatted=("B2", "C2", "D2"))  # 4 cells on 2 rows
    assert _refusal("formatted.xlsx", data, Limits(max_cells=5)).key == "error.too_many_cells"
    assert load_table(Path("ok.xlsx"), data, Limits(max_cells=6))[0].rows == [(1, ["Name"]), (2, [])]
    # Row 2,000 alone is 2,000 rows as read: the 1,999 the sheet leaves out are made blank.
    far = _workbook("Projects", cells={"A2000": "far"})
    assert _refusal("far.xlsx", far, Limits(max_cells=2_000)).key == "error.too_many_cells"
    assert len(load_table(Path("far.xlsx"), far, Limits(max_cells=2_001))[0].rows) == 2_000


def test_merged_cells_past_the_cell_limit_are_refused_and_kept_within_the_sheets_limits():
    data = _workbook("Projects", cells={"A1": "Name"}, merged=("A2:E5",))  # 20 cells merged
    assert _refusal("merged.xlsx", data, Limits(max_cells=19)).key == "error.too_many_cells"
    assert load_table(Path("ok.xlsx"), data, Limits(max_cells=20))[0].merged == ((2, 0, 5, 4),)
    # A range reaching past the last row and column a sheet may have is cut to them (a few cells, not millions).
    huge = rewritten(data, b'ref="A2:E5"', b'ref="B2:XFD1048576"')
    assert load_table(Path("huge.xlsx"), huge, Limits(max_rows=10, max_columns=5))[0].merged == ((2, 1, 10, 4),)


def test_a_row_past_the_row_limit_is_refused_before_openpyxl_reads_the_sheet():
    data = _workbook("Projects", "Notes", cells={"A1": "Name"})
    far = rewritten(data, b"<sheetData></sheetData>", b'<sheetData><row r="1048576"/></sheetData>', sheet=2)
    assert _refusal("rows.xlsx", far, Limits()).params == {"file": "rows.xlsx", "limit": "20,000"}
    # Only the first sheet read: the others are not held to the row limit (see tests/unit/test_lookups.py).
    assert load_table(Path("rows.xlsx"), far, Limits(), first_sheet_only=True)[0].rows == [(1, ["Name"])]


def test_the_rows_of_a_sheet_not_read_count_as_cells():
    # openpyxl reads every sheet through to size it: a sheet not read is no place to hide a million rows.
    data = _workbook("Projects", "Notes", cells={"A1": "Name"})
    rows = b"".join(b"<row r='%d'/>" % n for n in range(1, 20))
    data = rewritten(data, b"<sheetData></sheetData>", b"<sheetData>" + rows + b"</sheetData>", sheet=2)
    refused = _refusal("notes.xlsx", data, Limits(max_cells=20))  # a cell and a row on Projects, 19 rows of Notes
    assert refused.key == "error.too_many_cells"
    assert load_table(Path("notes.xlsx"), data, Limits(max_cells=21), first_sheet_only=True)[0].rows == [(1, ["Name"])]


def test_more_sheets_than_the_limit_are_refused():
    data = _workbook("Projects", "Return details", "Lists", "Notes")
    assert [s.name for s in load_table(Path("ok.xlsx"), data, Limits(max_sheets=4))] == [
        "Projects", "Return details", "Lists", "Notes",
    ]  # fmt: skip
    refused = _refusal("sheets.xlsx", data, Limits(max_sheets=3))
    assert (refused.key, refused.params) == ("error.too_many_sheets", {"file": "sheets.xlsx", "limit": 3})
    assert str(refused) == (
        "sheets.xlsx: more than 3 sheets in the workbook; a return needs only its projects sheet and its return "
        "details. Remove the other sheets and try again."
    )


def test_a_csv_row_ends_at_its_last_value_and_is_held_to_the_same_limits():
    (sheet,) = load_table(Path("r.csv"), b"Name,Board,,\nWalk,,,\n,,,\n", Limits(max_columns=4))
    assert sheet.rows == [(1, ["Name", "Board"]), (2, ["Walk"]), (3, [])]
    wide = _refusal("wide.csv", b"Name,Board\nWalk,,,,\n", Limits(max_columns=4))
    assert wide.params == {"file": "wide.csv", "sheet": "wide", "row": 2, "column": "E", "limit": "4", "last": "D"}
    # A field over two lines makes one row of more fields than either line has.
    quoted = _refusal("quoted.csv", b'a,b,"c\nd",e,f\n', Limits(max_columns=4))
    assert (quoted.key, quoted.params["row"], quoted.params["column"]) == ("error.too_many_columns", 1, "E")
    many = _refusal("cells.csv", b"a,b,c\nd,e,f\n", Limits(max_cells=5))
    assert many.key == "error.too_many_cells"


def test_a_csv_line_of_a_million_separators_is_refused_before_it_is_split():
    refused = _refusal("wide.csv", b"Name,Board\n" + b"," * 2**20 + b"\n", Limits())
    assert (refused.key, refused.params["row"], refused.params["column"]) == (
        "error.too_many_columns", 2, column_letters(2**20),
    )  # fmt: skip


@pytest.mark.parametrize("raised_by_another_library", [False, True])
def test_a_csv_line_too_long_for_one_field_is_refused(raised_by_another_library):
    import csv

    before = csv.field_size_limit(sys.maxsize if raised_by_another_library else csv.field_size_limit())
    try:  # frictionless, for one, raises the csv module's limit for the whole process when imported
        refused = _refusal("line.csv", b"Name,Notes\nWalk," + b"x" * 200_000 + b"\n", Limits())
        assert csv.field_size_limit() == (sys.maxsize if raised_by_another_library else before)  # left as found
    finally:
        csv.field_size_limit(before)
    assert refused.key == "error.csv"
    assert refused.params["detail"] == "field larger than field limit (131072)"


def test_a_csv_past_the_row_limit_is_refused_as_soon_as_it_passes_it():
    refused = _refusal("rows.csv", b"a\n" * 3_000_000, Limits())
    assert (refused.key, refused.params["limit"]) == ("error.too_many_rows", "20,000")


def test_the_cached_reading_keeps_no_rows_and_the_findings_workbook_reads_them_again(geo):
    data = shaped_return()
    full = intake.read_upload("powys.xlsx", data, geo)
    cached = intake.lean(full)
    assert (cached.report.sheet, cached.report.layout.sheet.rows, cached.data) == (None, [], None)
    assert cached.report.summary() == full.report.summary()
    # The session's upload: the cached reading, with the file it holds.
    held = intake.Upload("powys.xlsx", cached.report, None, cached.base, cached.choices, data)

    def cells(workbook: bytes) -> dict:
        ws = openpyxl.load_workbook(io.BytesIO(workbook)).active
        return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}

    again = cells(findings_workbook(intake.findings_report(held, geo)))
    assert again == cells(findings_workbook(read_return("powys.xlsx", geo, data=data)))
    assert again["A2000"] == "Sent by the Powys team"
