"""The reader gives each project's referrals their period: the project's own, else the one its heading names,
else the round's (issue "Numbers a statistician would sign", section 2 "Referrals a year")."""

import datetime as dt
import io

import openpyxl

from sprx_map.returns import read_return
from tests.builders import REQUIRED_HEADER, write_return

PERIOD_COLUMNS = ("Reporting period start", "Reporting period end")
WALK = ["Walk and Talk", "Powys Walkers", "Powys", "Mid Powys", "current", "physical activity and sport"]
GARDEN = ["Garden club", "Green Hands", "Powys", "North Powys", "current", "gardening, nature and green activity"]


def _periods(report) -> list[tuple]:
    p = report.projects
    return list(
        zip(
            p["period_source"],
            p["reporting_period_start"],
            p["reporting_period_end"],
            p["referrals_received"],
            strict=True,
        )
    )


def _notes(report, lang="en") -> list[tuple]:
    return [(i["row"], i["column"], i["severity"], i["message"]) for i in report.summary(lang)["issues"]]


def test_a_project_gives_its_own_period_and_another_takes_the_headings(tmp_path, geo):
    header = (*REQUIRED_HEADER, "Referrals 2016/17", *PERIOD_COLUMNS)
    rows = [[*WALK, 30, "01/04/2017", "30/09/2017"], [*GARDEN, 20, None, None]]
    report = read_return(write_return(tmp_path / "r.xlsx", rows, header), geo)
    assert _periods(report) == [
        ("project", dt.date(2017, 4, 1), dt.date(2017, 9, 30), 30),
        ("heading", dt.date(2016, 4, 1), dt.date(2017, 3, 31), 20),
    ]
    assert report.count("accepted") == 2
    assert _notes(report) == [
        (1, "Referrals received", "info",
         "Periods the referrals were counted over: their own reporting period, 1 project; 1 April 2016 to "
         "31 March 2017 from the heading 'Referrals 2016/17', 1 project."),
    ]  # fmt: skip
    assert _notes(report, "cy")[0][3] == (
        "Y cyfnodau y cyfrifwyd yr atgyfeiriadau drostynt: eu cyfnod adrodd eu hunain, 1 prosiect; 1 Ebrill "
        "2016 i 31 Mawrth 2017 o'r pennawd 'Referrals 2016/17', 1 prosiect."
    )


def test_a_return_without_a_period_anywhere_leaves_it_to_the_round_and_says_nothing(tmp_path, geo):
    rows = [[*WALK, 30], [*GARDEN, 20]]
    report = read_return(write_return(tmp_path / "r.xlsx", rows, (*REQUIRED_HEADER, "Referrals received")), geo)
    assert _periods(report) == [("", None, None, 30), ("", None, None, 20)]
    assert _notes(report) == []


def test_own_periods_beside_the_rounds_are_said(tmp_path, geo):
    header = (*REQUIRED_HEADER, "Referrals received", *PERIOD_COLUMNS)
    rows = [[*WALK, 30, "01/04/2017", "31/03/2018"], [*GARDEN, 20, None, None]]
    report = read_return(write_return(tmp_path / "r.xlsx", rows, header), geo)
    assert [source for source, *_ in _periods(report)] == ["project", ""]
    assert _notes(report)[0][3] == (
        "Periods the referrals were counted over: their own reporting period, 1 project; the round's period, 1 project."
    )


def test_a_project_without_a_referrals_figure_takes_no_period_from_the_heading(tmp_path, geo):
    rows = [[*WALK, 30], [*GARDEN, None]]
    report = read_return(write_return(tmp_path / "r.xlsx", rows, (*REQUIRED_HEADER, "Referrals 2016/17")), geo)
    assert _periods(report)[1][:3] == ("", None, None)
    assert "1 project." in _notes(report)[0][3]


def test_a_period_given_by_half_is_not_used_and_the_row_is_told(tmp_path, geo):
    header = (*REQUIRED_HEADER, "Referrals 2016/17", *PERIOD_COLUMNS)
    rows = [[*WALK, 30, "01/04/2017", None]]
    report = read_return(write_return(tmp_path / "r.xlsx", rows, header), geo)
    assert _periods(report) == [("heading", dt.date(2016, 4, 1), dt.date(2017, 3, 31), 30)]
    assert report.count("accepted") == 1  # a note, not a warning
    assert _notes(report)[0] == (
        2, "Reporting period end", "info",
        "Only one of the two reporting period dates is given, so this project's own period is not used: its "
        "referrals are counted over 1 April 2016 to 31 March 2017, from the heading. Give both dates.",
    )  # fmt: skip
    alone = read_return(write_return(tmp_path / "s.xlsx", rows, (*REQUIRED_HEADER, "Referrals", *PERIOD_COLUMNS)), geo)
    assert _periods(alone) == [("", dt.date(2017, 4, 1), None, 30)]
    assert _notes(alone, "cy")[0][3].endswith(
        "caiff ei atgyfeiriadau eu cyfrif dros gyfnod y rownd. Rhowch y ddau ddyddiad."
    )


def _with_details(rows, header, returned) -> bytes:
    wb = openpyxl.Workbook()
    projects = wb.active
    projects.title = "Projects"
    projects.append(list(header))
    for row in rows:
        projects.append(row)
    details = wb.create_sheet("Return details")
    details.append(["Health board", "Powys Teaching Health Board"])
    if returned is not None:
        details.append(["Date returned", returned])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_the_last_12_months_run_to_the_date_returned(tmp_path, geo):
    header = (*REQUIRED_HEADER, "No. of referrals received (last 12 months)")
    path = tmp_path / "r.xlsx"
    path.write_bytes(_with_details([[*WALK, 30]], header, dt.datetime(2018, 6, 15)))
    report = read_return(path, geo)
    assert report.details["date_returned"] == dt.datetime(2018, 6, 15)
    assert _periods(report) == [("heading", dt.date(2017, 6, 16), dt.date(2018, 6, 15), 30)]
    path.write_bytes(_with_details([[*WALK, 30]], header, None))
    assert _periods(read_return(path, geo)) == [("", None, None, 30)]  # no date returned: the round's period
