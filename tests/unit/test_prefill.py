"""Pre-filled returns: a board's last return sent back to it for the next round, read again into that round.

Powys returns four projects for round 2027-03 (PWY-0001 to PWY-0004, in row order, in a store with nothing
else); round 2028-03 is opened. Powys fills in its pre-filled return as a board would: it renames Walk and
Talk keeping its reference, ends Garden Club, deletes Art Cafe's row and adds Men's Shed below.
"""

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sprx_map import continuity, intake, prefill, rounds, stamp, store, template
from sprx_map.returns import read_return
from sprx_map.workbooks import load_table
from tests.builders import POWYS_ROUND_TRIP, REQUIRED_HEADER

from ..conftest import workbook_bytes

POWYS, CARDIFF = "W11000024", "W11000029"
HEADER = (*REQUIRED_HEADER, "Link worker FTE", "Referrals received", "Venue postcode", "Notes")
FIRST = [
    ["Walk and Talk", "Powys Walkers", "Powys", "Mid Powys", "current", "walking", 1.5, 120, "LD1 5AA", "Weekly"],
    ["Garden Club", "Green Hands", "Powys", "All", "current", "gardening", 0.5, 40, None, None],
    ["Art Cafe", "Arts Powys", "Powys", "North Powys", "current", "arts", 1, 35, "SY16 1AA", None],
    ["Cook Club", "Food Powys", "Powys", "South Powys", "planned", "cooking", None, None, None, "From June"],
]
PERIOD_1 = (dt.date(2026, 4, 1), dt.date(2027, 3, 31))
PERIOD_2 = (dt.date(2027, 4, 1), dt.date(2028, 3, 31))
WHEN = dt.datetime(2028, 5, 2, 9, 0, tzinfo=dt.UTC)
REFERENCE_HEADING = "Project reference / Cyfeirnod y prosiect"


def _import(engine, tmp_path, geo, data: bytes, label, name="powys.xlsx", period=None):
    report = read_return(tmp_path / name, geo, data=data, name=name)
    return store.import_reports(engine, [report], label, who="hub officer", now=WHEN, period=period)


def _opened(store_url, tmp_path, geo):
    """A store holding Powys's 2027-03 return, with round 2028-03 opened."""
    engine = store.connect(store_url)
    _import(engine, tmp_path, geo, workbook_bytes(FIRST, HEADER), "2027-03", period=PERIOD_1)
    store.open_round(engine, "2028-03", PERIOD_2, dt.date(2028, 4, 30), who="hub")
    return engine


def _projects_sheet(data: bytes):
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Projects"]
    columns = {
        ws.cell(template.HEADER_ROW, c).value.split(" / ")[0].rstrip(" *"): c for c in range(1, ws.max_column + 1)
    }
    return wb, ws, columns


def _values(ws, columns, row, *names):
    return tuple(ws.cell(row, columns[name]).value for name in names)


def _saved(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _filled_in(data: bytes) -> bytes:
    """The pre-filled return as Powys sends it back: opened, edited and saved (openpyxl standing in for Excel)."""
    wb, ws, col = _projects_sheet(data)
    first = template.FIRST_DATA_ROW
    assert [ws.cell(first + i, col["Project name"]).value for i in range(4)] == [
        "Walk and Talk", "Garden Club", "Art Cafe", "Cook Club",
    ]  # fmt: skip
    ws.cell(first, col["Project name"]).value = "Walk and Talk Newtown"  # renamed, its reference kept
    for row, status, referrals in ((first, "current", 150), (first + 1, "ended", 12), (first + 3, "current", 20)):
        ws.cell(row, col["Status"]).value = status
        ws.cell(row, col["Referrals received"]).value = referrals
    ws.delete_rows(first + 2)  # Art Cafe left out
    new = first + 3
    for name, value in (("Project name", "Men's Shed"), ("Lead organisation", "Sheds Cymru"), ("Health board", "Powys"),
                        ("Clusters served", "North Powys"), ("Status", "current"),
                        ("Activity categories", "creative")):  # fmt: skip
        ws.cell(new, col[name]).value = value
    return _saved(wb)


def test_a_prefilled_return_lists_the_last_projects_with_their_references_for_the_board_to_update(
    store_url, tmp_path, geo
):
    engine = _opened(store_url, tmp_path, geo)
    data = prefill.prefilled_return(engine, geo, POWYS, "2027-03", "2028-03")
    wb, ws, col = _projects_sheet(data)
    assert ws.cell(template.HEADER_ROW, col["Project reference"]).value == REFERENCE_HEADING
    names = ("Project name", "Project reference", "Status", "Link worker FTE", "Referrals received",
             "Reporting period start", "Reporting period end", "Venue postcode", "Notes")  # fmt: skip
    rows = [_values(ws, col, template.FIRST_DATA_ROW + i, *names) for i in range(5)]
    start, end = (dt.datetime.combine(day, dt.time()) for day in PERIOD_2)
    assert rows == [
        ("Walk and Talk", "PWY-0001", None, None, None, start, end, "LD1 5AA", "Weekly"),
        ("Garden Club", "PWY-0002", None, None, None, start, end, None, None),
        ("Art Cafe", "PWY-0003", None, None, None, start, end, "SY16 1AA", None),
        ("Cook Club", "PWY-0004", None, None, None, start, end, None, "From June"),
        (None,) * len(names),  # blank rows below, for new projects
    ]
    # What the board is to give is shaded; what it gave last time is not.
    shaded = {name for name in col if ws.cell(template.FIRST_DATA_ROW, col[name]).fill.fgColor.rgb == "00FFF2CC"}
    assert shaded == {"Status", "Link worker FTE", "Link worker headcount", "Referrals received", "Annual funding (£)"}
    details = {r[0].split(" / ")[0]: r[1] for r in wb["Return details"].iter_rows(values_only=True)}
    assert (details["Health board"], details["Survey round"]) == ("Powys Teaching Health Board", "2028-03")
    instructions = [r[0] for r in wb["Instructions"].iter_rows(values_only=True)]
    assert instructions[:2] == [
        "Bwrdd Iechyd Addysgu Powys: ffurflen presgripsiynu cymdeithasol ar gyfer rownd 2028-03, wedi'i llenwi "
        "ymlaen llaw",
        "Cyfnod adrodd: 1 Ebrill 2027 i 31 Mawrth 2028. Mae'r dyddiadau hyn wedi'u llenwi ar res pob prosiect a "
        "restrir.",
    ]
    english = instructions.index("Powys Teaching Health Board: social prescribing return for round 2028-03, pre-filled")
    assert instructions[english + 2] == (
        "The 'Projects' sheet lists the 4 projects you returned for round 2027-03, with the values you gave then."
    )
    assert instructions[english + 9] == "Social prescribing return"  # the template's general instructions follow
    assert wb["sprx-map stamp"].sheet_state == "veryHidden"
    report = read_return("powys.xlsx", geo, data=data)
    assert report.stamp == stamp.Stamp("2028-03", POWYS, "2027-03", "Powys Teaching Health Board",
                                       "Bwrdd Iechyd Addysgu Powys")  # fmt: skip
    # Sent back untouched, every row lacks its status: nothing is taken as this period's without the board.
    assert (report.summary()["rows_read"], report.summary()["rejected"]) == (4, 4)


def test_a_prefilled_return_filled_in_and_imported_gives_the_change_by_reference(store_url, tmp_path, geo):
    engine = _opened(store_url, tmp_path, geo)
    data = _filled_in(prefill.prefilled_return(engine, geo, POWYS, "2027-03", "2028-03"))
    result = _import(engine, tmp_path, geo, data, "2028-03", "powys-2028-03.xlsx")
    assert [(f.action, f.projects, f.left_out) for f in result.files] == [("imported", 4, 0)]
    now, before = store.load_projects(engine, "2028-03"), store.load_projects(engine, "2027-03")
    assert list(zip(now["project_name"], now["project_reference"], now["referrals_received"], strict=True)) == [
        ("Walk and Talk Newtown", "PWY-0001", 150), ("Garden Club", "PWY-0002", 12), ("Cook Club", "PWY-0004", 20),
        ("Men's Shed", "PWY-0005", pd.NA),
    ]  # fmt: skip
    states = rounds.tracker(store.round_states(engine), geo, ["2028-03"], ())[0]
    change = continuity.round_change(now, before, geo, "2028-03", "2027-03", states)
    powys = next(b for b in change["boards"] if b["code"] == POWYS)
    assert {kind: powys[kind] for kind in continuity.KINDS} == POWYS_ROUND_TRIP


def test_a_prefilled_return_for_another_round_or_board_is_refused_with_nothing_changed(store_url, tmp_path, geo):
    engine = _opened(store_url, tmp_path, geo)
    data = _filled_in(prefill.prefilled_return(engine, geo, POWYS, "2027-03", "2028-03"))
    with pytest.raises(store.StoreError) as refused:
        _import(engine, tmp_path, geo, data, "2029-03", "powys-2028-03.xlsx")
    assert refused.value.key == "store.prefilled_other_round"
    assert refused.value.message("en") == (
        "powys-2028-03.xlsx is Powys Teaching Health Board's return pre-filled for round 2028-03, so it cannot be "
        "imported into round 2029-03. Import it into round 2028-03, or ask the board to fill in the return made "
        "for round 2029-03. Nothing was changed."
    )
    assert refused.value.message("cy").startswith(
        "powys-2028-03.xlsx yw ffurflen Bwrdd Iechyd Addysgu Powys wedi'i llenwi ymlaen llaw ar gyfer rownd 2028-03"
    )
    # Powys's return with Cardiff and Vale's projects typed over it: another board's file sent in its place.
    wb, ws, col = _projects_sheet(data)
    for row in range(template.FIRST_DATA_ROW, template.FIRST_DATA_ROW + 4):
        ws.cell(row, col["Health board"]).value = "Cardiff and Vale"
        ws.cell(row, col["Clusters served"]).value = "All"
        ws.cell(row, col["Project reference"]).value = None
    with pytest.raises(store.StoreError) as refused:
        _import(engine, tmp_path, geo, _saved(wb), "2028-03", "cardiff.xlsx")
    assert refused.value.key == "store.prefilled_other_board"
    assert refused.value.message("en").startswith(
        "cardiff.xlsx is the return pre-filled for Powys Teaching Health Board, but its projects are another "
        f"health board's ({CARDIFF})."
    )
    assert store.rounds(engine) == ["2027-03"]
    # The intake page can say so before the import, in the reader's language.
    uploads = intake.read_uploads([("powys-2028-03.xlsx", data), ("cardiff.xlsx", _saved(wb))], geo)
    assert [m.key for m in intake.stamp_refusals(uploads, "2028-03")] == ["store.prefilled_other_board"]
    assert [m.key for m in intake.stamp_refusals(uploads, "2029-03")] == ["store.prefilled_other_round"] * 2
    assert stamp.mismatch(None, "any.xlsx", "2029-03", CARDIFF) is None  # a return not pre-filled: as before


def test_an_illustrative_round_is_never_used_to_prefill(store_url, tmp_path, geo):
    engine = store.connect(store_url)
    _import(engine, tmp_path, geo, workbook_bytes(FIRST, HEADER), "sample", period=PERIOD_1)
    store.open_round(engine, "2028-03", PERIOD_2, dt.date(2028, 4, 30), who="hub")
    with pytest.raises(prefill.PrefillRefused) as refused:
        prefill.prefilled_return(engine, geo, POWYS, "sample", "2028-03")
    assert refused.value.key == "prefill.illustrative"
    assert refused.value.message("en").startswith("Round sample holds illustrative data, not a board's return")
    assert prefill.source_round(engine, POWYS, "2028-03") is None
    blank = prefill.prefilled_return(engine, geo, POWYS)  # for the newest round opened, from none: the blank
    report = read_return("blank.xlsx", geo, data=blank)
    assert openpyxl.load_workbook(io.BytesIO(blank)).sheetnames == ["Instructions", "Return details", "Projects",
                                                                     "Lists"]  # fmt: skip
    assert (report.stamp, report.summary()["rows_read"], report.summary()["rejected"]) == (None, 1, 1)


def test_a_board_with_no_earlier_return_gets_the_blank_template(store_url, tmp_path, geo):
    engine = _opened(store_url, tmp_path, geo)
    assert prefill.source_round(engine, POWYS, "2028-03") == "2027-03"
    assert prefill.source_round(engine, CARDIFF, "2028-03") is None
    data = prefill.prefilled_return(engine, geo, CARDIFF, for_round="2028-03")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Instructions", "Return details", "Projects", "Lists"]
    header = [c.value for c in wb["Projects"][template.HEADER_ROW]]
    assert REFERENCE_HEADING not in header and len(header) == len(template.BLANK_FIELDS)
    clusters = [c.value for c in next(c for c in wb["Lists"].iter_cols() if c[0].value == "Clusters: Cardiff and Vale")]
    assert [c for c in clusters[1:] if c is not None] == [
        geo.clusters.at[c, "name_en"] for c in geo.clusters_of_board(CARDIFF)
    ]
    attachments = {board: prefill.attachment(engine, geo, board, "2028-03") for board in (POWYS, CARDIFF)}
    assert [(a.name, a.prefilled) for a in attachments.values()] == [
        ("2028-03-powys.xlsx", True), ("2028-03-return.xlsx", False),
    ]  # fmt: skip
    with pytest.raises(prefill.PrefillRefused) as refused:
        prefill.prefilled_return(engine, geo, POWYS, "2028-03", "2027-03")
    assert refused.value.key == "prefill.not_before"
    with pytest.raises(prefill.PrefillRefused) as refused:
        prefill.prefilled_return(engine, geo, POWYS, "2026-03", "2028-03")
    assert refused.value.key == "prefill.unknown_round"


def test_formula_looking_text_from_the_store_is_written_as_text(store_url, tmp_path, geo):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(HEADER))
    texts = ['=HYPERLINK("http://evil.example","Click")', "+44 1597 000000", "-5 staff", "@SUM(A1)"]
    ws.append([texts[0], "Powys Walkers", "Powys", "Mid Powys", "current", "walking", None, None, None, texts[1]])
    ws.append([texts[2], texts[3], "Powys", "Mid Powys", "current", "walking"])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                cell.data_type = "s"  # typed as text by the board
    engine = store.connect(store_url)
    _import(engine, tmp_path, geo, _saved(wb), "2027-03", "powys-text.xlsx", PERIOD_1)
    store.open_round(engine, "2028-03", PERIOD_2, dt.date(2028, 4, 30), who="hub")
    assert list(store.load_projects(engine, "2027-03")["project_name"]) == [texts[0], texts[2]]
    data = prefill.prefilled_return(engine, geo, POWYS, "2027-03", "2028-03")
    wb, ws, col = _projects_sheet(data)
    first = template.FIRST_DATA_ROW
    written = [ws.cell(first, col["Project name"]), ws.cell(first, col["Notes"]),
               ws.cell(first + 1, col["Project name"]), ws.cell(first + 1, col["Lead organisation"])]  # fmt: skip
    assert [(c.value, c.data_type) for c in written] == [(text, "s") for text in texts]
    projects = next(s for s in load_table(Path("again.xlsx"), data) if s.name == "Projects")
    assert [row[0] for _, row in projects.rows[first - 1 : first + 1]] == [texts[0], texts[2]]  # never worked out
