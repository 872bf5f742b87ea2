"""A return as boards really send them: every adjustment the reader makes, with exact outcomes."""

import datetime as dt

import openpyxl
import pandas as pd

from sprx_map.returns import read_return
from tests.builders import counted, row_counts

HEADERS = [
    "Name of scheme",
    "Organisation",
    "LHB",
    "Cluster(s)",
    "Project status",
    "Type of activity",
    "No. of link workers (FTE)",
    "Referrals 2016/17",
    "Date started",
    "Funded by",
    "Favourite colour",
]
ROWS = [
    [
        "Cwtch",
        "Menter Aberteifi",
        "Bwrdd Iechyd Prifysgol Hywel Dda",
        "De Ceredigion",
        "Current",
        "Befriending/ volunteering",
        "1.5 FTE",
        "c.150",
        "Feb 2017",
        "Welsh Government, National Lottery",
        "blue",
    ],
    [
        "Hwb Llanelli",
        "Llanelli Trust",
        "Hywel Dda UHB",
        "All",
        "planned",
        "arts; gardening",
        "n/k",
        None,
        "01/04/2017",
        "ICF",
        None,
    ],
    [None] * 11,
    ["Sub-total", None, None, None, None, None, 1.5, 150, None, None, None],
    [
        "Grow Pembroke",
        "Pembroke Growers",
        "W11000025",
        "South Pembrokeshire\nNorth Pembrokeshire",
        "ended",
        "gardening, nature and green activity",
        -1,
        "1,200",
        "04/25/2016",
        None,
        None,
    ],
]


def test_a_messy_xlsm_return(tmp_path, geo):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Our projects 2017"
    ws["A1"] = "Hywel Dda social prescribing return"
    ws.merge_cells("A1:F1")
    ws["A2"] = "Completed by the primary care team"
    ws.append([])
    ws.append(HEADERS)
    for row in ROWS:
        ws.append(row)
    wb.create_sheet("Notes")["A1"] = "Anything else"
    path = tmp_path / "hywel-dda.xlsm"
    wb.save(path)

    report = read_return(path, geo)
    s = report.summary()
    assert counted(s) == row_counts(
        rows_read=5,
        accepted=0,
        accepted_with_warnings=3,  # Grow Pembroke's bad values are in optional fields: left empty, not rejected
        rejected=0,
        skipped_blank=1,
        skipped_total=1,
    )
    cwtch, hwb = report.projects.iloc[0], report.projects.iloc[1]
    assert (cwtch["health_board"], cwtch["clusters_served"], cwtch["status"]) == (
        "W11000025",
        ["south-ceredigion"],
        "current",
    )
    assert cwtch["activity_categories"] == ["befriending", "volunteering"]
    assert (cwtch["link_worker_fte"], cwtch["referrals_received"], cwtch["start_date"]) == (
        1.5,
        150,
        dt.date(2017, 2, 1),
    )
    assert cwtch["funding_sources"] == ["welsh_government", "lottery"]
    assert hwb["clusters_served"] == [
        "amman-gwendraeth",
        "llanelli",
        "tywi-taf",
        "north-ceredigion",
        "south-ceredigion",
        "north-pembrokeshire",
        "south-pembrokeshire",
    ]
    assert hwb["activity_categories"] == ["arts", "nature"] and hwb["funding_sources"] == ["icf_rif"]
    by_cell = {(i["row"], i["column"]): (i["severity"], i["message"], i["suggestion"]) for i in s["issues"]}
    assert by_cell[(5, "Referrals received")] == (
        "warning",
        "'c.150' is approximate: the number was used as it stands.",
        "",
    )
    assert by_cell[(6, "Link worker FTE")][0] == "warning"
    assert by_cell[(4, "Favourite colour")][0] == "info"
    left_empty = " The field was left empty; the text as written is kept in this finding."
    assert by_cell[(9, "Link worker FTE")] == ("warning", "'-1' is negative: use 0 or more." + left_empty, "")
    assert by_cell[(9, "Start date")] == (
        "warning",
        "'04/25/2016' only makes sense as month/day/year. Write dates day first (DD/MM/YYYY)." + left_empty,
        "Did you mean '25/04/2016'?",
    )
    grow = report.projects.iloc[2]
    assert (grow["project_name"], grow["start_date"], grow["referrals_received"]) == ("Grow Pembroke", None, 1200)
    assert grow["link_worker_fte"] is pd.NA
    assert by_cell[(8, None)][0] == "info"  # the sub-total row, reported


def test_a_utf8_csv_with_a_bom_and_semicolons(tmp_path, geo):
    text = (
        "Project title;Lead organisation;Health board;Clusters served;Status;Activity categories\r\n"
        "Caffi Trwsio;Cyngor Cymuned;Betsi Cadwaladr;Ynys Môn;cyfredol;gwirfoddoli\r\n"
    )
    path = tmp_path / "bcu.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    report = read_return(path, geo)
    assert report.summary()["issues"] == []
    row = report.projects.iloc[0]
    assert (row["project_name"], row["clusters_served"], row["status"], row["activity_categories"]) == (
        "Caffi Trwsio",
        ["anglesey"],
        "current",
        ["volunteering"],
    )


def test_rows_named_as_totals_are_not_projects(tmp_path, geo):
    from tests.builders import RETURN_HEADER
    from tests.conftest import workbook_bytes

    rows = [
        ["Afan Walks", "Afan Trust", "Swansea Bay", "Afan", "current", "exercise", 1, 40],
        ["Afan sub-total", None, None, None, None, None, 1, 40],
        ["Neath – total", None, None, None, None, None, 0, 0],
        ["Is-gyfanswm Cwmtawe", None, None, None, None, None, 0, 0],
        ["Total Wellbeing", "Neath CVS", "Swansea Bay", "Neath", "current", "exercise", 0.5, 12],
    ]
    path = tmp_path / "sb.xlsx"
    path.write_bytes(workbook_bytes(rows, RETURN_HEADER))
    report = read_return(path, geo)
    s = report.summary()
    assert (s["rows_read"], s["accepted"], s["skipped_total"], s["rejected"]) == (5, 2, 3, 0)
    assert list(report.projects["project_name"]) == [
        "Afan Walks",
        "Total Wellbeing",
    ]  # a project, with its organisation
