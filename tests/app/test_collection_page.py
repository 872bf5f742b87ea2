"""The Data intake page's round being collected, with today fixed: days to the deadline, overdue boards marked in
words and with a mark, a pre-filled return per board, the reminders, and a pre-filled return for another round
warned about before the import.

Powys returned two projects for round 2027-03; round 2028-03 is opened, due 30 April 2028.
"""

import datetime as dt
import io
import zipfile

import pytest

from sprx_map import collection, prefill, store
from sprx_map.returns import read_return
from tests import html_tables
from tests.builders import A_YEAR, RETURN_HEADER, as_read

from ..conftest import workbook_bytes

ROWS = [
    ["Walk and Talk", "Powys Walkers", "Powys", "Mid Powys", "current", "walking", 1.5, 40],
    ["Garden Club", "Green Hands", "Powys", "All", "current", "gardening", 0.5, 12],
]
POWYS = "W11000024"


@pytest.fixture
def opened(own_store, tmp_path, geo):
    from sprx_map.dataset import load_store

    load_store(geo, own_store)  # the sample first, as a new store is seeded
    path = tmp_path / "powys.xlsx"
    path.write_bytes(workbook_bytes(ROWS, RETURN_HEADER))
    engine = store.connect(own_store)
    store.import_reports(engine, [read_return(path, geo)], "2027-03", who="test", period=A_YEAR)
    store.open_round(engine, "2028-03", (dt.date(2027, 4, 1), dt.date(2028, 3, 31)), dt.date(2028, 4, 30), who="hub")
    store.set_contact(engine, POWYS, "ann@powys.example", who="hub")
    return engine


def _today(monkeypatch, day):
    monkeypatch.setattr(collection, "today", lambda: day)


def test_the_round_being_collected_before_its_deadline(run_page, opened, monkeypatch):
    _today(monkeypatch, dt.date(2028, 4, 18))
    at = run_page("pages/intake.py")
    assert at.selectbox(key="intake_collect_round").value == "2028-03"
    said = [m.value for m in at.markdown]
    assert "Reporting period 1 April 2027 to 31 March 2028; 12 days to the deadline (30 April 2028)" in said
    assert not [w for w in at.warning if "overdue" in w.value]
    boards = next(f for f in html_tables.tables(at) if "Health board" in f.columns)
    assert list(boards.columns) == ["Health board", "Return", "Deadline"]
    assert set(boards["Return"]) == {"– not returned"} and set(boards["Deadline"]) == {""}
    labels = [b.label for b in at.get("download_button")]
    assert "Powys's return" in labels and "Swansea Bay's return" in labels
    # The reminders hold the boards' contacts: only for those allowed to import.
    assert "Reminders to the boards not returned (.zip of .eml files)" not in labels
    locked = "The reminders hold the boards' contacts: sign in, or give the admin password, to download them."
    assert locked in [c.value for c in at.caption]


def test_the_reminders_are_offered_to_those_allowed_to_import(run_page, opened, monkeypatch, sign_in):
    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    _today(monkeypatch, dt.date(2028, 4, 18))
    at = run_page("pages/intake.py")
    sign_in(at)
    assert "Reminders to the boards not returned (.zip of .eml files)" in [b.label for b in at.get("download_button")]


def test_overdue_boards_are_marked_in_words_and_with_a_mark_in_welsh_too(run_page, opened, monkeypatch):
    _today(monkeypatch, dt.date(2028, 5, 3))
    at = run_page("pages/intake.py")
    said = [m.value for m in at.markdown]
    assert "Reporting period 1 April 2027 to 31 March 2028; 3 days past the deadline (30 April 2028)" in said
    assert [(w.value, w.icon) for w in at.warning] == [("7 boards overdue.", "⚠")]
    boards = next(f for f in html_tables.tables(at) if "Health board" in f.columns).set_index("Health board")
    assert boards.loc["Powys", "Deadline"] == "⚠ overdue"
    welsh = run_page("pages/intake.py", lang="cy")
    assert [(w.value, w.icon) for w in welsh.warning] == [("7 bwrdd yn hwyr.", "⚠")]
    table = next(f for f in html_tables.tables(welsh) if "Bwrdd iechyd" in f.columns)
    assert set(table["Dyddiad cau"]) == {"⚠ yn hwyr"}


def test_the_reminders_zip_holds_one_email_per_board_not_returned(opened, geo):
    label = "2028-03"
    data = collection.reminders_zip(
        collection.round_reminders(opened, geo, collection.round_returns(opened, geo, label)), label, geo
    )
    with zipfile.ZipFile(io.BytesIO(data)) as packed:
        names = packed.namelist()
        powys = packed.read("2028-03-powys.eml")
    assert len(names) == 7 and "2028-03-swansea-bay.eml" in names
    assert b"To: ann@powys.example" in powys


def test_a_prefilled_return_for_another_round_is_warned_about_before_the_import(
    run_page, opened, geo, monkeypatch, sign_in
):
    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    _today(monkeypatch, dt.date(2028, 4, 18))
    data = prefill.prefilled_return(opened, geo, POWYS, "2027-03", "2028-03")
    at = run_page("pages/intake.py")
    at.get("file_uploader")[0].upload("powys-2028-03.xlsx", data).run()
    sign_in(at)
    at.text_input(key="intake_round").set_value("2029-03").run()
    warned = [as_read(w.value) for w in at.warning if as_read(w.value).startswith("Not imported")]
    assert warned == [
        "Not imported into round 2029-03: powys-2028-03.xlsx is Powys Teaching Health Board's return pre-filled "
        "for round 2028-03, so it cannot be imported into round 2029-03. Import it into round 2028-03, or ask the "
        "board to fill in the return made for round 2029-03. Nothing was changed."
    ]
    at.text_input(key="intake_round").set_value("2028-03").run()
    assert not [w.value for w in at.warning if as_read(w.value).startswith("Not imported")]


def test_the_projects_table_shows_each_projects_reference_beside_its_name(run_page, opened):
    at = run_page("pages/projects.py")
    table = at.dataframe[0].value
    assert list(table.columns[:3]) == ["project_name", "project_reference", "lead_organisation"]
    given = store.load_projects(opened, "2027-03")  # numbered after the sample's Powys projects, seeded first
    assert list(given["project_reference"].str.fullmatch(r"PWY-\d{4}")) == [True, True]
    assert list(zip(table["project_name"], table["project_reference"], strict=True)) == list(
        zip(given["project_name"], given["project_reference"], strict=True)
    )
