import datetime as dt
import io

import openpyxl
import pytest

from sprx_map import schema
from sprx_map.returns import ReturnFileError, read_return, read_returns
from sprx_map.template import build_workbook, save_workbook
from tests.builders import RETURN_HEADER, accounted, counted, row_counts

from ..conftest import workbook_bytes

HEADER = [*RETURN_HEADER, "Start date"]


def write_xlsx(path, rows, header=HEADER, title_rows=("Powys return", "")):
    path.write_bytes(workbook_bytes(rows, header, title_rows))
    return path


GOOD = [
    "Walk and Talk",
    "Powys Walkers",
    "Powys Teaching HB",
    "Mid Powys; North Powys",
    "current",
    "physical activity and sport",
    1.0,
    10,
    "01/04/2016",
]


def test_reads_exact_values(tmp_path, geo):
    report = read_return(write_xlsx(tmp_path / "r.xlsx", [GOOD]), geo)
    assert report.summary()["rows_read"] == 1 and report.count("accepted") == 1
    row = report.projects.iloc[0]
    assert (row["project_name"], row["lead_organisation"], row["health_board"]) == (
        "Walk and Talk",
        "Powys Walkers",
        "W11000024",
    )
    assert row["clusters_served"] == ["mid-powys", "north-powys"]
    assert row["activity_categories"] == ["physical"]
    assert (row["link_worker_fte"], row["referrals_received"], row["start_date"]) == (1.0, 10, dt.date(2016, 4, 1))
    assert row["source_row"] == 4  # two title rows, the header, then the project


def test_every_row_is_accounted_for(tmp_path, geo):
    rows = [
        GOOD,
        [None] * 9,
        [
            "Garden club",
            "Green Hands",
            "Powys",
            "All",
            "planned",
            "gardening, nature and green activity",
            "n/k",
            None,
            None,
        ],
        ["Art room", "Arts Co", "Powis Teaching", "Mid Powys", "current", "arts and creativity", 0, 3, None],
        ["Mixed up", "Org", "Powys", "Cynon North", "current", "arts and creativity", 0, 3, None],
        ["TOTAL", None, None, None, None, None, 2.0, 13, None],
        [
            "Walk and Talk",
            "Powys Walkers",
            "Powys",
            "South Powys",
            "ended",
            "physical activity and sport",
            0.5,
            4,
            None,
        ],
    ]
    report = read_return(write_xlsx(tmp_path / "r.xlsx", rows), geo)
    s = report.summary()
    assert counted(s) == row_counts(
        rows_read=7, accepted=1, accepted_with_warnings=2, rejected=2, skipped_blank=1, skipped_total=1
    )
    assert accounted(s)
    by_row = {(i["row"], i["column"]): i for i in s["issues"]}
    assert by_row[(7, "Health board")]["severity"] == "error"
    assert by_row[(7, "Health board")]["suggestion"] == "Did you mean 'Powys Teaching Health Board'?"
    assert by_row[(8, "Clusters served")]["message"] == (
        "'Cynon North' is a cluster of another health board, not Powys. Check the health board column."
    )
    assert by_row[(6, "Link worker FTE")]["severity"] == "warning"
    assert by_row[(9, None)]["severity"] == "info"
    assert by_row[(10, "Project name")]["message"] == "The same project and organisation are also on row 4."
    assert report.projects.loc[report.projects["source_row"] == 6, "clusters_served"].iloc[0] == [
        "mid-powys",
        "north-powys",
        "south-powys",
    ]


def test_a_missing_required_column_rejects_the_rows_and_names_the_nearest_heading(tmp_path, geo):
    header = [*HEADER[:3], "Clusters", "Sts", "Activity categories"]
    rows = [[*GOOD[:3], "Mid Powys", "current", "arts"], [None] * 6, [*GOOD[:3], "Mid Powys", "planned", "arts"]]
    report = read_return(write_xlsx(tmp_path / "r.xlsx", rows, header=header), geo)
    s = report.summary()
    assert [s[k] for k in ("rows_read", "accepted", "rejected", "skipped_blank")] == [3, 0, 2, 1]
    missing = [i for i in s["issues"] if i["row"] == 3 and i["column"] == "Status"]
    assert missing == [
        {
            "row": 3,
            "column": "Status",
            "value": "",
            "severity": "error",
            "message": "No column is read as 'Status', which is required, so 2 rows were rejected. Add the column, "
            "or choose which heading holds it.",
            "suggestion": "Did you mean 'Sts'?",
        }
    ]
    assert {i["message"] for i in s["issues"] if i["row"] in (4, 6)} == {
        "No column is read as 'Status' (required), so this row cannot be accepted."
    }


def test_csv_in_windows_1252(tmp_path, geo):
    text = (
        ",".join(HEADER)
        + "\r\n"
        + ",".join(
            [
                "Caf\u00e9 Cymraeg",
                "Menter Ynys M\u00f4n",
                "Betsi Cadwaladr UHB",
                "Anglesey",
                "current",
                '"befriending and social groups; cookery and healthy eating"',
                "0",
                "12",
                "2016-04-01",
            ]
        )
        + "\r\n"
    )
    path = tmp_path / "r.csv"
    path.write_bytes(text.encode("cp1252"))
    report = read_return(path, geo)
    row = report.projects.iloc[0]
    assert (row["project_name"], row["lead_organisation"]) == ("Caf\u00e9 Cymraeg", "Menter Ynys M\u00f4n")
    assert row["activity_categories"] == ["befriending", "cookery"]
    assert row["source_row"] == 2


def test_a_renamed_pdf_is_refused(tmp_path, geo):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"%PDF-1.4 not a workbook")
    with pytest.raises(ReturnFileError, match=r"not an \.xlsx workbook"):
        read_return(path, geo)


def test_template_layout_round_trips(tmp_path, geo):
    project = {
        "project_name": "=SUM(A1)",
        "lead_organisation": "Org",
        "health_board": "W11000031",
        "clusters_served": ["penderi", "cwmtawe"],
        "status": "current",
        "activity_categories": ["money"],
        "target_groups": ["carers"],
        "referral_routes": ["gp", "self"],
        "link_worker_fte": 1.5,
        "link_worker_headcount": 2,
        "referrals_received": 140,
        "funding_sources": ["icf_rif", "lottery"],
        "evaluation_in_place": False,
        "outcome_measures": ["wemwbs"],
        "start_date": dt.date(2015, 5, 1),
    }
    wb = build_workbook(
        {"health_board": "Swansea Bay University Health Board", "round": "2017-02"},
        [project],
        geo,
        title="Swansea Bay return",
    )
    path = tmp_path / "t.xlsx"
    save_workbook(wb, path, when=dt.datetime(2017, 2, 1))
    report = read_return(path, geo)
    assert report.summary()["issues"] == []
    got = report.projects.iloc[0]
    for key, value in project.items():
        assert got[key] == value, key
    assert report.details["round"] == "2017-02"
    cell = openpyxl.load_workbook(path)["Projects"]["A5"]
    assert (cell.value, cell.data_type) == ("=SUM(A1)", "s")


def test_sample_returns_read_cleanly(sample_paths, geo):
    projects, reports = read_returns(sample_paths, geo, "2017-02")
    assert [r.file for r in reports] == [p.name for p in sample_paths]
    for report in reports:
        s = report.summary()
        assert s["issues"] == [] and s["rejected"] == 0 and s["accepted"] == s["rows_read"] == len(report.projects)
    assert projects["project_id"].is_unique
    assert list(projects.columns[:5]) == ["project_id", "round", "source_file", "source_row", "period_source"]
    assert list(projects.columns[5:]) == [f.key for f in schema.FIELDS]


def test_findings_workbook_is_the_users_rows_plus_findings(tmp_path, geo):
    from sprx_map.export import findings_workbook

    rows = [
        GOOD,
        ["Art room", "Arts Co", "Powis Teaching", "Mid Powys", "current", "arts and creativity", 0, 3, None],
        ["@cmd", "Org", "Powys", "Mid Powys", "current", "arts", "n/k", 1, None],
    ]
    report = read_return(write_xlsx(tmp_path / "r.xlsx", rows), geo)
    ws = openpyxl.load_workbook(io.BytesIO(findings_workbook(report))).active
    findings_col = len(HEADER) + 1
    assert ws.cell(row=3, column=findings_col).value == "Findings (fix these and send the return again)"
    assert [ws.cell(row=r, column=1).value for r in (3, 4, 5, 6)] == [
        "Project name",
        "Walk and Talk",
        "Art room",
        "'@cmd",
    ]
    assert ws.cell(row=4, column=findings_col).value is None
    assert ws.cell(row=5, column=findings_col).value == (
        "error: Health board: 'Powis Teaching' is not a Welsh health board. Did you mean 'Powys Teaching Health Board'?"
    )
    assert (
        ws.cell(row=6, column=findings_col).value
        == "warning: Link worker FTE: 'n/k' was read as not known (left empty)."
    )
    assert ws.cell(row=5, column=1).fill.fgColor.rgb.endswith("F8CBAD")


def test_duplicates_across_boards_returns_are_flagged(tmp_path, geo):
    from sprx_map.returns import flag_duplicates_across

    first = read_return(write_xlsx(tmp_path / "powys.xlsx", [GOOD]), geo)
    copy = list(GOOD)
    copy[2], copy[3] = "Hywel Dda UHB", "North Ceredigion"
    second = read_return(write_xlsx(tmp_path / "hywel-dda.xlsx", [copy]), geo)
    flag_duplicates_across([first, second])
    assert first.summary()["issues"] == []
    issue = second.summary()["issues"][0]
    assert (issue["row"], issue["severity"], issue["message"]) == (
        4,
        "warning",
        "The same project and organisation are also in powys.xlsx, row 4.",
    )
    assert second.count("accepted_with_warnings") == 1


def test_return_details_labelled_as_older_templates_did_are_still_read():
    from sprx_map.returns import read_details
    from sprx_map.workbooks import Sheet

    rows = [(1, ("Cylch yr arolwg", "2027-03")), (2, ("Rownd yr arolwg", "2027-04")), (3, ("Lleuad", "x"))]
    assert read_details([Sheet(schema.DETAILS_SHEET, rows[:1])]) == {"round": "2027-03"}
    assert read_details([Sheet(schema.DETAILS_SHEET, rows[1:])]) == {"round": "2027-04"}
