"""Running a round from the command line: `rounds open`, `rounds` with deadlines, `template --board`, `change`,
`reminders` and `contacts`, run in this process with today fixed.

Powys returns four projects for round 2027-03 (PWY-0001 to PWY-0004) and its 2028-03 return renames Walk and
Talk (keeping its reference), ends Garden Club, leaves out Art Cafe and adds Men's Shed (as in
``test_collection``).
"""

import datetime as dt
import email
import email.policy
import json

import openpyxl
import pytest

from sprx_map import cli, collection, store, template
from sprx_map.returns import read_return
from tests.builders import POWYS_ROUND_TRIP
from tests.unit.test_collection import FIRST, PERIOD_1, PERIOD_2, SECOND, _import

POWYS = "W11000024"
TODAY = dt.date(2028, 5, 1)  # the day after round 2028-03's deadline


@pytest.fixture(autouse=True)
def _fixed(monkeypatch):
    monkeypatch.setattr(collection, "today", lambda: TODAY)
    monkeypatch.delenv("SPRX_LANG", raising=False)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as stopped:  # click refused the arguments
        code = stopped.code
    out, err = capsys.readouterr()
    return code, out, err


def _open(capsys, url, *extra):
    return _run(capsys, "rounds", "open", "2028-03", "--period", "2027-04-01:2028-03-31", "--deadline", "2028-04-30",
                "--db", url, *extra)  # fmt: skip


def test_rounds_open_records_the_round_and_refuses_in_words(store_url, capsys):
    assert _open(capsys, store_url, "--title", "Annual return 2027-28") == (
        0, "Round 2028-03 is open: reporting period 1 April 2027 to 31 March 2028, returns due by 30 April 2028.\n", "",
    )  # fmt: skip
    assert store.round_dates(store.connect(store_url))["2028-03"] == store.RoundDates(
        "2028-03", *PERIOD_2, dt.date(2028, 4, 30), "Annual return 2027-28"
    )
    code, out, err = _run(capsys, "rounds", "open", "2028-03", "--period", "2027-04-01:2028-03-31", "--deadline",
                          "2027-01-31", "--db", store_url, "--lang", "cy")  # fmt: skip
    assert (code, out) == (1, "")
    assert err.startswith("mae'r dyddiad cau (2027-01-31) cyn i'r cyfnod adrodd ddechrau (2027-04-01)")
    code, _, err = _run(capsys, "rounds", "open", "2028-03", "--period", "2027-04-01:2028-03-31", "--deadline",
                        "30/04/2028", "--db", store_url)  # fmt: skip
    assert code == 2
    assert "'30/04/2028' is not a date: write it as YYYY-MM-DD, such as 2028-04-30" in err
    assert store.round_dates(store.connect(store_url))["2028-03"].deadline == dt.date(2028, 4, 30)  # unchanged


def test_rounds_json_gives_periods_deadlines_and_overdue_boards(store_url, tmp_path, geo, capsys):
    engine = store.connect(store_url)
    _import(engine, tmp_path, geo, FIRST, "2027-03", PERIOD_1)
    _open(capsys, store_url)
    code, out, _ = _run(capsys, "rounds", "--json", "--db", store_url)
    shown = json.loads(out)["rounds"]
    assert code == 0 and [r["round"] for r in shown] == ["2028-03", "2027-03"]
    opened, first = shown
    assert (opened["period_start"], opened["period_end"], opened["deadline"]) == ("2027-04-01", "2028-03-31",
                                                                                  "2028-04-30")  # fmt: skip
    assert [(b["state"], b["overdue"]) for b in opened["boards"]] == [("not_returned", True)] * 7
    assert (first["period_start"], first["period_end"], first["deadline"]) == ("2026-04-01", "2027-03-31", None)
    assert [(b["code"], b["state"], b["overdue"]) for b in first["boards"]][:2] == [
        ("W11000023", "not_returned", False), (POWYS, "returned", False),
    ]  # fmt: skip
    code, out, _ = _run(capsys, "rounds", "--db", store_url)
    lines = out.splitlines()
    assert lines[:3] == [
        "Round 2028-03: 0 of 7 health boards returned",
        "  Reporting period 1 April 2027 to 31 March 2028; 1 day past the deadline (30 April 2028)",
        "  – Betsi Cadwaladr: not returned ⚠ overdue",
    ]
    assert lines[9] == "Round 2027-03: 1 of 7 health boards returned"
    assert lines[10] == "  Reporting period 1 April 2026 to 31 March 2027; no deadline set"
    assert lines[11] == "  – Betsi Cadwaladr: not returned"
    _, welsh, _ = _run(capsys, "rounds", "--db", store_url, "--lang", "cy")
    assert welsh.splitlines()[2] == "  – Bwrdd Iechyd Prifysgol Betsi Cadwaladr: heb ddychwelyd ⚠ yn hwyr"


def test_change_json_follows_the_references(store_url, tmp_path, geo, capsys):
    engine = store.connect(store_url)
    _import(engine, tmp_path, geo, FIRST, "2027-03", PERIOD_1)
    _import(engine, tmp_path, geo, SECOND, "2028-03", PERIOD_2)
    code, out, _ = _run(capsys, "change", "--round", "2028-03", "--json", "--db", store_url)
    shown = json.loads(out)
    assert code == 0 and (shown["round"], shown["before"]) == ("2028-03", "2027-03")
    powys = next(b for b in shown["boards"] if b["code"] == POWYS)
    assert powys == {"code": POWYS, "name": "Powys", "state": "returned", **POWYS_ROUND_TRIP}
    code, out, _ = _run(capsys, "change", "--round", "2028-03", "--db", store_url)
    lines = out.splitlines()
    at = lines.index("Powys: returned")
    assert lines[0] == "Round 2028-03 against 2027-03" and lines[1] == "Betsi Cadwaladr: not returned"
    assert lines[at + 1 : at + 11] == [
        "  New: 1", "    PWY-0005 Men's Shed",
        "  Ended: 1", "    PWY-0002 Garden Club",
        "  Continuing: 2", "    PWY-0001 Walk and Talk Newtown", "    PWY-0004 Cook Club",
        "  Not reported (missing from this return, not counted as ended): 1", "    PWY-0003 Art Cafe",
        "  Renamed: PWY-0001 Walk and Talk Newtown (was Walk and Talk)",
    ]  # fmt: skip
    _, welsh, _ = _run(capsys, "change", "--round", "2028-03", "--db", store_url, "--lang", "cy")
    welsh = welsh.splitlines()
    assert "  Wedi dod i ben: 1" in welsh and "Bwrdd Iechyd Addysgu Powys: wedi dychwelyd" in welsh
    code, _, err = _run(capsys, "change", "--round", "2031-03", "--db", store_url)
    assert (code, err) == (2, "The store has no round 2031-03: check the round's label with 'rounds'.\n")


def test_template_for_a_board_is_prefilled_and_without_one_is_blank(store_url, tmp_path, geo, capsys):
    engine = store.connect(store_url)
    _import(engine, tmp_path, geo, FIRST, "2027-03", PERIOD_1)
    _open(capsys, store_url)
    out = tmp_path / "powys-2028-03.xlsx"
    code, said, _ = _run(capsys, "template", "--out", str(out), "--board", "Powys", "--from-round", "2027-03",
                         "--db", store_url)  # fmt: skip
    assert (code, said) == (0, f"Powys's return written to {out}\n")
    sheet = openpyxl.load_workbook(out)["Projects"]
    heading = next(c for c in sheet[template.HEADER_ROW] if str(c.value).startswith("Project reference"))
    first = template.FIRST_DATA_ROW
    assert [sheet.cell(r, heading.column).value for r in range(first, first + 5)] == [
        "PWY-0001", "PWY-0002", "PWY-0003", "PWY-0004", None,
    ]  # fmt: skip
    stamped = read_return(out, geo).stamp
    assert (stamped.round, stamped.board) == ("2028-03", POWYS)
    blank = tmp_path / "blank.xlsx"
    assert _run(capsys, "template", "--out", str(blank))[0] == 0
    assert read_return(blank, geo).stamp is None
    code, _, err = _run(capsys, "template", "--out", str(blank), "--from-round", "2027-03")
    assert (code, err) == (2, "--from-round and --round are for a pre-filled return: give the board with --board "
                              "as well.\n")  # fmt: skip
    code, _, err = _run(capsys, "template", "--out", str(blank), "--board", "Powys", "--from-round", "2026-03",
                        "--db", store_url)  # fmt: skip
    assert code == 1 and err.startswith("The store has no round 2026-03, so there is no return to pre-fill from")
    assert _run(capsys, "template", "--out", str(blank), "--board", "Atlantis", "--db", store_url)[0] == 2


def test_reminders_and_contacts(store_url, tmp_path, geo, capsys):
    engine = store.connect(store_url)
    _import(engine, tmp_path, geo, FIRST, "2027-03", PERIOD_1)
    _open(capsys, store_url)
    assert _run(capsys, "contacts", "--db", store_url)[1] == (
        "No contacts recorded yet: add one with 'contacts set --board B --email ADDRESS'.\n"
    )
    assert _run(capsys, "contacts", "set", "--board", "Powys", "--email", "Ann@Powys.Example", "--db", store_url) == (
        0, "Ann@powys.example added to Powys's contacts.\n", "",
    )  # fmt: skip
    code, _, err = _run(capsys, "contacts", "set", "--board", "Powys", "--email", "ann", "--db", store_url)
    assert code == 1 and err.startswith("'ann' is not an email address")
    _run(capsys, "contacts", "set", "--board", "CAV", "--email", "x@cav.example", "--db", store_url)
    assert _run(capsys, "contacts", "--json", "--db", store_url)[1] == (
        '{"contacts": {"W11000024": ["Ann@powys.example"], "W11000029": ["x@cav.example"]}}\n'
    )
    assert _run(capsys, "contacts", "remove", "--board", "Cardiff and Vale", "--email", "x@cav.example", "--db",
                store_url)[0] == 0  # fmt: skip
    assert _run(capsys, "contacts", "remove", "--board", "CAV", "--email", "x@cav.example", "--db", store_url)[0] == 1
    assert _run(capsys, "contacts", "--db", store_url)[1] == "Powys: Ann@powys.example\n"

    folder = tmp_path / "mail"
    code, out, _ = _run(capsys, "reminders", "--round", "2028-03", "--out", str(folder), "--db", store_url)
    assert code == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"2028-03-{s}.eml" for s in ("betsi-cadwaladr", "powys", "hywel-dda", "aneurin-bevan", "cardiff-and-vale",
                                     "cwm-taf-morgannwg", "swansea-bay")
    )  # fmt: skip
    assert f"Reminder to Powys written to {folder / '2028-03-powys.eml'}\n" in out
    assert f"Reminder to Swansea Bay written to {folder / '2028-03-swansea-bay.eml'} (no contact recorded" in out
    message = email.message_from_bytes((folder / "2028-03-powys.eml").read_bytes(), policy=email.policy.default)
    assert message["To"] == "Ann@powys.example"
    attached = next(message.iter_attachments())
    assert attached.get_filename() == "2028-03-powys.xlsx"
    report = read_return(tmp_path / "a.xlsx", geo, data=attached.get_content(), name="a.xlsx")
    assert (report.stamp.round, report.stamp.board, report.summary()["rows_read"]) == ("2028-03", POWYS, 4)
    assert _run(capsys, "reminders", "--round", "2031-03", "--out", str(folder), "--db", store_url)[0] == 2


def test_on_screen_the_reference_stands_beside_the_name_and_files_keep_the_returns_order():
    import pandas as pd

    from sprx_map import tables

    frame = pd.DataFrame({"project_name": ["Walk"], "status": ["current"], "project_reference": ["PWY-0001"]})
    assert list(tables.on_screen(frame).columns) == ["project_name", "project_reference", "status"]
    assert list(tables.for_file(frame).columns) == ["project_name", "status", "project_reference"]


def test_the_change_pages_projects_follow_references_and_a_missing_project_is_not_reported():
    import pandas as pd

    from sprx_map import change

    def projects(rows):
        frame = pd.DataFrame(rows, columns=["project_id", "project_name", "status", "project_reference"])
        return frame.assign(health_board=POWYS, lead_organisation="Powys Walkers")

    before = projects([("a/1", "Walk and Talk", "current", "PWY-0001"), ("a/2", "Garden Club", "current", "PWY-0002"),
                       ("a/3", "Art Cafe", "current", "PWY-0003")])  # fmt: skip
    now = projects([("b/1", "Walk and Talk Newtown", "current", "PWY-0001"),
                    ("b/2", "Garden Club", "ended", "PWY-0002"), ("b/3", "Men's Shed", "planned", None)])  # fmt: skip
    changes = change.project_changes(before, now)
    assert list(zip(changes["project_name"], changes["change"], changes["was"], strict=True)) == [
        ("Men's Shed", "new", None),
        ("Garden Club", "ended", None),
        ("Walk and Talk Newtown", "continuing", "Walk and Talk"),
        ("Art Cafe", "not_reported", None),
    ]
    assert change.change_counts(changes) == {"new": 1, "ended": 1, "continuing": 1, "not_reported": 1}
