import datetime as dt
import subprocess
import sys

import openpyxl

from sprx_map import PROJECT_DIR, schema
from sprx_map.returns import read_return
from sprx_map.schema import EXAMPLE_PREFIX
from sprx_map.template import BLANK_FIELDS, FIRST_DATA_ROW, HEADER_ROW


def _template(tmp_path):
    out = tmp_path / "template.xlsx"
    result = subprocess.run(
        [sys.executable, "-m", "sprx_map", "template", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return out


def test_template_has_its_sheets_headers_lists_and_drop_downs(tmp_path, geo):
    wb = openpyxl.load_workbook(_template(tmp_path))
    assert wb.sheetnames == ["Instructions", "Return details", "Projects", "Lists"]
    ws = wb["Projects"]
    # every field but the project reference, which only a return pre-filled from the store has
    assert [c.value for c in ws[HEADER_ROW]] == [f.header for f in schema.FIELDS if f.key != "project_reference"]
    assert ws.cell(row=HEADER_ROW, column=1).value == "Project name * / Enw'r prosiect"
    assert ws.cell(row=FIRST_DATA_ROW, column=1).value.startswith(EXAMPLE_PREFIX)
    assert ws.max_row == FIRST_DATA_ROW  # exactly one example row
    lists = wb["Lists"]
    headings = [c.value for c in lists[1]]
    assert headings[:5] == ["Health board", "Status", "Activity categories", "Funding sources", "Yes/no"]
    powys = [lists.cell(row=r, column=headings.index("Clusters: Powys") + 1).value for r in range(2, 5)]
    assert powys == ["Mid Powys", "North Powys", "South Powys"]
    validated = {str(dv.sqref).split(":")[0][:-1] for dv in ws.data_validations.dataValidation}
    letters = {f.key: openpyxl.utils.get_column_letter(i) for i, f in enumerate(BLANK_FIELDS, start=1)}
    assert validated == {
        letters[k] for k in ("health_board", "status", "activity_categories", "funding_sources", "evaluation_in_place")
    }


def test_a_return_filled_in_from_the_template_imports_with_no_warnings(tmp_path, geo):
    path = _template(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Projects"]
    ws.delete_rows(FIRST_DATA_ROW)  # as the instructions say
    row = {
        "Project name": "Cwtch Cafe",
        "Lead organisation": "Menter Bro Ddyfi",
        "Health board": "Powys Teaching Health Board",
        "Clusters served": "North Powys; Mid Powys",
        "Status": "current",
        "Activity categories": "befriending and social groups; cookery and healthy eating",
        "Link worker FTE": 1.5,
        "Referrals received": 120,
        "Start date": dt.datetime(2016, 5, 3),
        "Funding sources": "National Lottery",
        "Evaluation in place": "yes",
    }
    for column, f in enumerate(schema.FIELDS, start=1):
        if f.en in row:
            ws.cell(row=FIRST_DATA_ROW, column=column, value=row[f.en])
    details = wb["Return details"]
    details["B1"], details["B2"] = "Powys Teaching Health Board", "2017-02"
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    report = read_return(filled, geo)
    assert report.summary()["issues"] == []
    assert report.count("accepted") == 1 and report.rows_read == 1
    assert report.projects.iloc[0]["clusters_served"] == ["north-powys", "mid-powys"]


def test_a_kept_example_row_is_rejected_with_a_reason(tmp_path, geo):
    report = read_return(_template(tmp_path), geo)
    assert report.count("rejected") == 1 and report.projects.empty
    assert [i["message"] for i in report.summary()["issues"]] == [
        "This is the template's example row: delete it and send the return again."
    ]
