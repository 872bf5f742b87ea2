"""Returns laid out as boards lay them out: each layout read with exact outcomes, and what was inferred said."""

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest

from sprx_map.layout import Choices, key_of
from sprx_map.returns import read_return
from tests.builders import REQUIRED_HEADER, accounted, counted, row_counts

POWYS, HYWEL_DDA, SWANSEA = "W11000024", "W11000025", "W11000031"


def _counts(report) -> dict:
    s = report.summary()
    assert accounted(s)  # every row accounted for
    return counted(s)


def _issues(report, lang="en"):
    return [(i["row"], i["column"], i["severity"], i["message"]) for i in report.summary(lang)["issues"]]


def _save(wb, path):
    wb.save(path)
    return path


def test_an_instructions_sheet_first_and_title_rows_above_the_heading(tmp_path, geo):
    wb = openpyxl.Workbook()
    wb.active.title = "Read me"
    for line in (
        "How to fill in this return",
        "Project name: the name people know it by",
        "Status: current or planned",
    ):
        wb.active.append([line])
    ws = wb.create_sheet("2017 data")
    ws["A1"] = "Powys Teaching Health Board: social prescribing projects"
    ws.merge_cells("A1:E1")
    ws["A2"] = "Figures for April 2016 to March 2017"
    ws.append([])
    ws.append(["Name of project", "Provider organisation", "Health Board", "GP cluster", "Current or planned?",
               "Type of intervention"])  # fmt: skip
    ws.append(["Walk and Talk", "Powys Walkers", "Powys", "Mid Powys", "Current", "Walking"])
    report = read_return(_save(wb, tmp_path / "powys.xlsx"), geo)
    assert (report.layout.sheet.name, report.layout.header_rows) == ("2017 data", (4,))
    assert report.layout.above == (
        "Powys Teaching Health Board: social prescribing projects",
        "Figures for April 2016 to March 2017",
    )
    assert _counts(report) == row_counts(rows_read=1, accepted=1)
    assert (None, None, "info", "The projects were read from the sheet '2017 data'; the other sheets were not read: "
            "Read me.") in _issues(report)  # fmt: skip
    assert [(c["heading"], c["field"], c["how"]) for c in report.summary()["columns"]] == [
        ("Name of project", "project_name", "words"),
        ("Provider organisation", "lead_organisation", "words"),
        ("Health Board", "health_board", "exact"),
        ("GP cluster", "clusters_served", "words"),
        ("Current or planned?", "status", "words"),
        ("Type of intervention", "activity_categories", "words"),
    ]
    row = report.projects.iloc[0]
    assert (row["status"], row["activity_categories"]) == ("current", ["physical"])  # "Walking" is an alias


def _two_row_workbook(merged: bool):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Projects"
    ws.append(["Project", "Lead organisation", "Health board", "Clusters served", "Status", "Activity",
               "Link workers", None, "Referrals", None])  # fmt: skip
    ws.append([None, None, None, None, None, None, "FTE", "Headcount", "Received", "Accepted"])
    if merged:
        for col in "ABCDEF":
            ws.merge_cells(f"{col}1:{col}2")
        ws.merge_cells("G1:H1")
        ws.merge_cells("I1:J1")
    ws.append(["Men's shed", "Shed Cymru", "Swansea Bay UHB", "Cwmtawe", "current", "befriending", 1.5, 2, 140, 120])
    return wb


@pytest.mark.parametrize("merged", [True, False])
def test_a_two_row_heading_reads_each_part_with_its_group(tmp_path, geo, merged):
    report = read_return(_save(_two_row_workbook(merged), tmp_path / "sb.xlsx"), geo)
    assert report.layout.header_rows == (1, 2)
    assert [(c.heading, c.field) for c in report.columns][6:] == [
        ("Link workers – FTE", "link_worker_fte"),
        ("Link workers – Headcount", "link_worker_headcount"),
        ("Referrals – Received", "referrals_received"),
        ("Referrals – Accepted", None),  # accepted is not received: never read into it
    ]
    assert _counts(report) == row_counts(rows_read=1, accepted=1)
    row = report.projects.iloc[0]
    assert (row["link_worker_fte"], row["link_worker_headcount"], row["referrals_received"]) == (1.5, 2, 140)
    assert (2, None, "info", "The headings are on two rows (1 and 2): a heading on row 1 covers the columns below "
            "it, and each column was read with both.") in _issues(report)  # fmt: skip


def test_a_two_row_heading_in_a_csv_carries_each_group_over_its_parts(tmp_path, geo):
    text = (
        "Project,Organisation,Board,Cluster,Status,Activities,Reporting period,,Link workers,\n"
        ",,,,,,Start,End,WTE,Number of people\n"
        "Art room,Arts Co,PTHB,North Powys,live,art,01/04/2016,31/03/2017,0.5,1\n"
    )
    report = read_return(_save_text(tmp_path / "p.csv", text), geo)
    assert [c.field for c in report.columns][6:] == [
        "reporting_period_start",
        "reporting_period_end",
        "link_worker_fte",
        "link_worker_headcount",
    ]
    row = report.projects.iloc[0]
    assert (row["health_board"], row["reporting_period_start"], row["link_worker_fte"]) == (
        POWYS,
        dt.date(2016, 4, 1),
        0.5,
    )


def _save_text(path, text, encoding="utf-8", bom=False):
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def test_projects_under_cluster_heading_rows_take_their_cluster(tmp_path, geo):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Swansea Bay University Health Board"])
    ws.append(["Project name", "Lead organisation", "Status", "Activity categories", "Referrals received"])
    ws.append(["Cwmtawe cluster"])
    ws.append(["Cwtch", "Age Cymru", "current", "befriending", 40])
    ws.append(["Walk", "Ramblers", "planned", "walking", None])
    ws.append([])
    ws.append(["Penderi Cluster"])
    ws.append(["Art club", "Arts Co", "current", "arts", 12])
    report = read_return(_save(wb, tmp_path / "return.xlsx"), geo)
    # Heading rows are not projects and not counted: 3 projects and a blank row were read.
    assert _counts(report) == row_counts(rows_read=4, accepted=3, skipped_blank=1)
    assert report.sections == {3: ("clusters_served", "cwmtawe"), 7: ("clusters_served", "penderi")}
    assert report.projects["clusters_served"].tolist() == [["cwmtawe"], ["cwmtawe"], ["penderi"]]
    assert set(report.projects["health_board"]) == {SWANSEA}  # from the title row
    issues = _issues(report)
    assert (3, "Clusters served", "info", "A heading row for Cwmtawe: it is carried down to the projects below it "
            "that do not "
            "say.") in issues  # fmt: skip
    assert (4, "Clusters served", "info", "Taken from the heading on row 3: 'Cwmtawe cluster'.") in issues
    assert (2, "Health board", "warning", "There is no health board column: Swansea Bay was taken from the title "
            "'Swansea Bay University Health Board'. Check it, or choose the board.") in issues  # fmt: skip
    assert {(g.field, g.value, g.how, g.rows) for g in report.guesses} == {
        ("health_board", SWANSEA, "board_title", ()),
        ("clusters_served", "cwmtawe", "carried", (4, 5)),
        ("clusters_served", "penderi", "carried", (8,)),
    }


HEADER = ["Project name", "Lead organisation", "Clusters served", "Status", "Activity categories"]
ROW = ["Cwtch", "Menter", "South Ceredigion", "current", "befriending"]


def _no_board_column(tmp_path, name, sheet="Sheet1", title=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
    ws.append(HEADER)
    ws.append(ROW)
    return _save(wb, tmp_path / name)


@pytest.mark.parametrize(
    ("name", "sheet", "title", "source", "text"),
    [
        ("return.xlsx", "Sheet1", "HDUHB social prescribing 2017", "title", "HDUHB social prescribing 2017"),
        ("return.xlsx", "Hywel Dda", None, "sheet", "Hywel Dda"),
        ("hywel-dda_sp_return.xlsx", "Sheet1", None, "file", "hywel-dda_sp_return"),
        ("ceredigion.xlsx", "Sheet1", None, "file", "ceredigion"),  # a local authority of one board
    ],
)
def test_no_board_column_takes_the_board_from_the_title_sheet_or_file(tmp_path, geo, name, sheet, title, source, text):
    report = read_return(_no_board_column(tmp_path, name, sheet, title), geo)
    assert (report.board.code, report.board.source, report.board.text) == (HYWEL_DDA, source, text)
    assert report.projects["health_board"].tolist() == [HYWEL_DDA]
    assert _counts(report)["accepted"] == 1  # the board is a guess about the file, listed to confirm
    assert report.guesses[0].how == f"board_{source}"


def test_the_board_chosen_on_upload_wins_and_a_row_naming_another_is_rejected(tmp_path, geo):
    path = _no_board_column(tmp_path, "powys.xlsx")  # the file name says Powys; the person says Hywel Dda
    report = read_return(path, geo, choices=Choices(board=HYWEL_DDA))
    assert (report.board.source, report.projects["health_board"].tolist()) == ("given", [HYWEL_DDA])
    assert report.guesses == []  # chosen, not guessed
    wb = openpyxl.Workbook()
    wb.active.append(["Health board", *HEADER])
    wb.active.append(["Hywel Dda", *ROW])
    wb.active.append(["Powys", "Walk", "Walkers", "Mid Powys", "current", "walking"])
    report = read_return(_save(wb, tmp_path / "mixed.xlsx"), geo, choices=Choices(board=HYWEL_DDA))
    assert _counts(report)["rejected"] == 1
    assert (3, "Health board", "error", "'Powys' is not Hywel Dda, the board chosen for this return.") in _issues(
        report
    )


def test_with_no_board_anywhere_it_is_taken_from_the_clusters_named(tmp_path, geo):
    report = read_return(_no_board_column(tmp_path, "return.xlsx"), geo)
    assert report.board is None
    assert report.projects["health_board"].tolist() == [HYWEL_DDA]
    assert (2, "Health board", "warning", "No health board is given: Hywel Dda was taken from the clusters this "
            "project serves.") in _issues(report)  # fmt: skip


@pytest.mark.parametrize(("separator", "bom"), [(",", False), (",", True), (";", False), (";", True), ("\t", True)])
def test_csv_with_any_separator_and_with_or_without_a_byte_order_mark(tmp_path, geo, separator, bom):
    cells = ["Gerddi, bwyd a hwyl", "Cyngor Gwynedd", "BCUHB", "Arfon", "cyfredol", "garddio; coginio"]
    lines = [REQUIRED_HEADER, cells]
    text = "\r\n".join(separator.join(f'"{v}"' if separator in v else v for v in line) for line in lines)
    report = read_return(_save_text(tmp_path / "bcu.csv", text, bom=bom), geo)
    assert _counts(report) == row_counts(rows_read=1, accepted=1)
    row = report.projects.iloc[0]
    assert (row["project_name"], row["health_board"], row["activity_categories"]) == (
        "Gerddi, bwyd a hwyl",
        "W11000023",
        ["nature", "cookery"],
    )


@pytest.mark.parametrize(
    ("written", "code"),
    [("BCUHB", "W11000023"), ("HDUHB", HYWEL_DDA), ("ABUHB", "W11000028"), ("CTMUHB", "W11000030"),
     ("SBUHB", SWANSEA), ("CAVUHB", "W11000029"), ("PTHB", POWYS), ("CTM UHB", "W11000030"),
     ("Cardiff & Vale", "W11000029"), ("Hywel Ddda", HYWEL_DDA)],
)  # fmt: skip
def test_board_abbreviations_people_use(geo, written, code):
    from sprx_map.returns import parse_board

    assert parse_board(written, geo).value == code


def _values_return(tmp_path, geo, clusters, start=None, choices=None):
    wb = openpyxl.Workbook()
    wb.active.append([*HEADER, "Health board", "Start date", "Link worker FTE"])
    wb.active.append(["Cwtch", "Menter", clusters, "current", "befriending", "Swansea Bay", start, "1.5 FTE"])
    return read_return(_save(wb, tmp_path / "sb.xlsx"), geo, choices=choices)


def test_a_one_letter_typo_in_a_cluster_is_read_with_a_warning(tmp_path, geo):
    report = _values_return(tmp_path, geo, "Cwmtawr")
    assert report.projects["clusters_served"].tolist() == [["cwmtawe"]]
    assert (2, "Clusters served", "warning", "'Cwmtawr' read as 'Cwmtawe'. Check it, or choose another.") in _issues(
        report
    )
    assert [(g.field, g.text, g.value, g.how) for g in report.guesses] == [
        ("clusters_served", "Cwmtawr", "cwmtawe", "read_as")
    ]


def test_clusters_joined_by_and_or_ampersand_and_followed_by_cluster(tmp_path, geo):
    report = _values_return(tmp_path, geo, "Cwmtawe cluster & Penderi and Llwchwr clusters")
    assert report.projects["clusters_served"].tolist() == [["cwmtawe", "penderi", "llwchwr"]]
    assert _counts(report)["accepted"] == 1


def test_a_cluster_close_to_two_is_an_error_with_both_suggested(tmp_path, geo):
    wb = openpyxl.Workbook()
    wb.active.append(["Project name", "Lead organisation", "Health board", "Clusters served", "Status", "Activity"])
    wb.active.append(["Cwtch", "Menter", "Cardiff and Vale", "Cardiff South", "current", "arts"])
    report = read_return(_save(wb, tmp_path / "cv.xlsx"), geo)
    issue = next(i for i in report.summary()["issues"] if i["column"] == "Clusters served")
    assert (issue["severity"], issue["message"]) == ("error", "'Cardiff South' is not a primary care cluster.")
    assert "'Cardiff South East'" in issue["suggestion"] and "'Cardiff South West'" in issue["suggestion"]


def test_a_year_alone_as_a_start_date_is_that_year_with_a_warning(tmp_path, geo):
    report = _values_return(tmp_path, geo, "Cwmtawe", start=2014)
    assert report.projects["start_date"].tolist() == [dt.date(2014, 1, 1)]
    assert (2, "Start date", "warning", "'2014' is a year alone: read as 2014-01-01.") in _issues(report)
    assert _counts(report)["accepted_with_warnings"] == 1


def test_a_bad_optional_value_is_left_empty_not_rejected(tmp_path, geo):
    report = _values_return(tmp_path, geo, "Cwmtawe", start="sometime soon")
    assert _counts(report)["accepted_with_warnings"] == 1
    assert report.projects["start_date"].tolist() == [None]
    issue = next(i for i in report.summary()["issues"] if i["column"] == "Start date")
    assert (issue["severity"], issue["value"]) == ("warning", "sometime soon")
    assert issue["message"].endswith("The field was left empty; the text as written is kept in this finding.")


def test_a_value_choice_reads_a_cell_as_another_area(tmp_path, geo):
    choices = Choices(values={("clusters_served", key_of("Cwmtawr")): "llwchwr"})
    report = _values_return(tmp_path, geo, "Cwmtawr", choices=choices)
    assert report.projects["clusters_served"].tolist() == [["llwchwr"]]
    assert (2, "Clusters served", "info", "'Cwmtawr' read as 'Llwchwr', as chosen.") in _issues(report)


def _with_formulas(tmp_path, saved: dict[str, str]):
    """An xlsx with formulas; ``saved`` gives the cached result to write for some cells (as Excel saves them)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Project name", "Lead organisation", "Health board", "Clusters served", "Status", "Activity",
               "Referrals received", "Link worker FTE"])  # fmt: skip
    ws.append(["Cwtch", "Menter", "Swansea Bay", "Cwmtawe", "current", "arts", "=10+20", "=0.5*2"])
    ws.append(["Walk", "Ramblers", "=B2", "Cwmtawe", "current", "walking", 5, 1])
    buffer = io.BytesIO()
    wb.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for ref, value in saved.items():
                    text = re.sub(
                        rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v></v>)?', rf"\1\2<v>{value}</v>", text
                    )
                data = text.encode()
            target.writestr(item, data)
    path = tmp_path / "formulas.xlsx"
    path.write_bytes(out.getvalue())
    return path


def test_a_formula_uses_its_saved_value_and_one_with_none_gets_its_own_message(tmp_path, geo):
    report = read_return(_with_formulas(tmp_path, {"G2": "30"}), geo)
    assert report.projects["referrals_received"].tolist() == [30]  # the saved result, never worked out here
    assert report.projects["link_worker_fte"].isna().tolist() == [True]  # optional, no saved result: left empty
    issues = _issues(report)
    assert (2, "Link worker FTE", "warning", "This cell holds a formula whose result was not saved (=0.5*2): type "
            "the value. The field was left empty; the text as written is kept in this finding.") in issues  # fmt: skip
    assert (3, "Health board", "error", "This cell holds a formula whose result was not saved (=B2): type the "
            "value.") in issues  # fmt: skip
    assert _counts(report) == row_counts(rows_read=2, accepted_with_warnings=1, rejected=1)


def test_a_heading_choice_reads_a_column_as_another_field_and_another_as_none(tmp_path, geo):
    wb = openpyxl.Workbook()
    wb.active.append(["Project name", "Lead organisation", "Health board", "Clusters served", "Status", "Activity",
                      "Number", "Funding"])  # fmt: skip
    wb.active.append(["Cwtch", "Menter", "Swansea Bay", "Cwmtawe", "current", "arts", 12, "Lottery"])
    path = _save(wb, tmp_path / "sb.xlsx")
    plain = read_return(path, geo)
    assert [(c.heading, c.field, c.how) for c in plain.columns][6:] == [
        ("Number", None, "ignored"),
        ("Funding", "funding_sources", "values"),  # "Funding" alone could be either; its values are funders
    ]
    chosen = Choices(headings={key_of("Number"): "referrals_received", key_of("Funding"): ""})
    report = read_return(path, geo, choices=chosen)
    assert [(c.heading, c.field, c.how, c.confidence) for c in report.columns][6:] == [
        ("Number", "referrals_received", "user", 1.0),
        ("Funding", None, "user", 1.0),
    ]
    assert report.projects["referrals_received"].tolist() == [12]
    assert report.projects["funding_sources"].tolist() == [[]]


def test_saved_mappings_are_applied_once_the_board_is_known(tmp_path, geo):
    wb = openpyxl.Workbook()
    wb.active.append(["Project name", "Lead organisation", "Health board", "Clusters served", "Status", "Activity",
                      "Number"])  # fmt: skip
    wb.active.append(["Cwtch", "Menter", "Swansea Bay", "Cwmtawr", "current", "arts", 12])
    asked = []

    def saved(board):
        asked.append(board)
        return {key_of("Number"): "referrals_received"}, {("clusters_served", key_of("Cwmtawr")): "llwchwr"}

    report = read_return(_save(wb, tmp_path / "sb.xlsx"), geo, saved=saved)
    assert asked == [SWANSEA]
    assert [(c.field, c.how) for c in report.columns][6:] == [("referrals_received", "saved")]
    assert report.projects["clusters_served"].tolist() == [["llwchwr"]]
    assert (2, "Clusters served", "info", "'Cwmtawr' read as 'Llwchwr' by a saved mapping.") in _issues(report)


def test_welsh_headings_and_values_read_and_reported_in_welsh(tmp_path, geo):
    wb = openpyxl.Workbook()
    wb.active.append(["Enw'r prosiect", "Sefydliad arweiniol", "Bwrdd iechyd", "Clwstwr", "Statws",
                      "Math o weithgaredd", "Nifer yr atgyfeiriadau"])  # fmt: skip
    wb.active.append(["Caffi Trwsio", "Cyngor Cymuned", "BIPBC", "Ynys Môn", "arfaethedig", "celf", 0])
    wb.active.append(["Gardd", "Cyngor Cymuned", "BIPBC", "Arfonn", "cyfredol", "garddio", 3])
    report = read_return(_save(wb, tmp_path / "bcu.xlsx"), geo)
    assert [c.field for c in report.columns] == [
        "project_name",
        "lead_organisation",
        "health_board",
        "clusters_served",
        "status",
        "activity_categories",
        "referrals_received",
    ]
    assert report.projects[["status", "activity_categories"]].values.tolist() == [
        ["planned", ["arts"]],
        ["current", ["nature"]],
    ]
    assert (3, "Clystyrau a wasanaethir", "warning", "Darllenwyd 'Arfonn' fel 'Arfon'. Gwiriwch hyn, neu dewiswch un "
            "arall.") in _issues(report, "cy")  # fmt: skip


def test_what_a_blind_set_of_board_returns_taught(tmp_path, geo):
    """A cluster merged down over two projects serves both; "Contact" over "Name" is not the project's name;
    projects under "PROJECTS NOW ENDED" are ended; "45 (Apr-Dec)" is 45; a kind of support the list does not
    name is "other", to confirm; "Tywi/Taff" is one misspelt cluster; an NCN is a cluster."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Hywel Dda UHB return"])
    ws.append(["Project", "Lead organisation", "Neighbourhood Care Network", "Activity", "Referrals", "Contact", None])
    ws.append([None, None, None, None, None, "Name", "Email"])
    ws.merge_cells("F2:G2")
    ws.append(["CURRENT PROJECTS"])
    ws.append(["Green Gym", "Groundwork", "Tywi/Taff", "Signposting; gardening", "45 (Apr-Dec)", "Ann Jones", "a@x"])
    ws.append(["Walks", "Ramblers", None, "walking", 12, "Bob", "b@x"])
    ws.merge_cells("C5:C6")
    ws.append(["PROJECTS NOW ENDED"])
    ws.append(["Art Club", "Arts Co", "Llanelli", "arts", 7, "Cy", "c@x"])
    report = read_return(_save(wb, tmp_path / "hd.xlsx"), geo)
    assert [(c.heading, c.field) for c in report.columns][-2:] == [("Contact – Name", None), ("Contact – Email", None)]
    assert report.projects[["project_name", "clusters_served", "status", "referrals_received"]].values.tolist() == [
        ["Green Gym", ["tywi-taf"], "current", 45],
        ["Walks", ["tywi-taf"], "current", 12],
        ["Art Club", ["llanelli"], "ended", 7],
    ]
    assert report.projects["activity_categories"].tolist() == [["other", "nature"], ["physical"], ["arts"]]
    issues = _issues(report)
    other = next(i for i in issues if i[0] == 5 and i[1] == "Activity categories")
    assert other[2:] == ("warning", other[3]) and other[3].startswith(
        "'Signposting' is not one of the listed kinds: read as 'other'. Choose a listed kind if one fits: arts and"
    )
    assert (
        5,
        "Referrals received",
        "warning",
        "'45 (Apr-Dec)' read as 45; the words beside it were left aside.",
    ) in issues
    assert _counts(report) == row_counts(rows_read=3, accepted=1, accepted_with_warnings=2)
