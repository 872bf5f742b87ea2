import pytest

from sprx_map.i18n import t
from tests import html_tables
from tests.builders import (
    OWN_WORDS_HEADER,
    OWN_WORDS_ROWS,
    POWYS_BEFORE,
    POWYS_MATCH_UNDONE,
    POWYS_ROUND_TRIP,
    POWYS_WITHOUT_REFERENCES,
    REQUIRED_HEADER,
    as_read,
    powys_change,
)

from ..conftest import workbook_bytes

HEADER = REQUIRED_HEADER


def _upload_bytes(rows):
    return workbook_bytes(rows, HEADER, title_rows=("Powys return",))


ROWS = [
    ["Walk and Talk", "Powys Walkers", "Powys Teaching HB", "Mid Powys", "current", "physical activity and sport"],
    [None] * 6,
    ["Art room", "Arts Co", "Powys", "Cynon Nrth", "current", "arts and creativity"],
    ["TOTAL", None, None, None, None, None],
]


def test_intake_page_reads_an_upload_and_shows_its_counts(run_page, monkeypatch):
    monkeypatch.delenv("SPRX_ADMIN_PASSWORD", raising=False)
    at = run_page("pages/intake.py")
    at.get("file_uploader")[0].upload("powys.xlsx", _upload_bytes(ROWS)).run()
    assert not at.exception
    counts = html_tables.tables(at)[0]
    assert list(counts.columns) == [
        "File",
        "Rows read",
        "Accepted",
        "Accepted with warnings",
        "Rejected",
        "Blank",
        "Total rows",
    ]
    assert counts.iloc[0].tolist() == ["powys.xlsx", "4", "1", "0", "1", "1", "1"]
    findings = at.dataframe[0].value
    error = findings[findings["Severity"] == "error"].iloc[0]
    assert (error["Row"], error["Column"], error["Value"]) == (5, "Clusters served", "Cynon Nrth")
    assert error["Suggestion"] == "Did you mean 'Cynon North' / 'Cynon South'?"
    infos = [i.value for i in at.info]
    assert t("intake.off") in infos and t("signin.to_import") not in infos  # no password, no sign-in: validate only
    assert not [b for b in at.button if b.label == "Import the accepted rows"]


def test_an_unreadable_upload_says_why_and_the_page_stays_up(run_page):
    at = run_page("pages/intake.py")
    at.get("file_uploader")[0].upload("fake.xlsx", b"%PDF-1.4 nope").run()
    assert not at.exception
    assert as_read(at.error[0].value).startswith("Not read: fake.xlsx: this is not an .xlsx workbook")


def test_with_the_admin_password_the_accepted_rows_are_imported(run_page, monkeypatch, own_store, sign_in):
    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    at = run_page("pages/intake.py")
    at.get("file_uploader")[0].upload("powys.xlsx", _upload_bytes(ROWS[:1])).run()
    sign_in(at, "admin", "wrong")
    assert at.error[0].value == "That account name or password is not right."
    sign_in(at)
    assert "You signed in with the shared admin password" in at.warning[0].value
    at.text_input(key="intake_round").set_value("2024-01").run()
    next(b for b in at.button if b.label == "Import the accepted rows").click().run()
    assert [as_read(s.value) for s in at.success] == [
        "Nothing to report: every row was accepted as it is.",
        "powys.xlsx: imported, 1 project for Powys in round 2024-01; rejected rows left out: 0.",
    ]
    history = at.dataframe[-1].value
    assert history.iloc[0][["Round", "Health board", "File", "By"]].tolist() == [
        "2024-01",
        "Powys",
        "powys.xlsx",
        "admin",
    ]


def test_an_unreadable_upload_says_why_in_welsh(run_page):
    at = run_page("pages/intake.py", lang="cy")
    at.get("file_uploader")[0].upload("fake.xlsx", b"%PDF-1.4 nope").run()
    assert not at.exception
    unreadable = t("intake.unreadable", "cy", reason=t("error.not_xlsx", "cy", file="fake.xlsx"))
    assert as_read(at.error[0].value) == unreadable
    assert "this is not" not in at.error[0].value


def _headed(header, rows):
    return workbook_bytes(rows, header, title_rows=("Swansea Bay UHB social prescribing return",))


COLUMN_STEP_HEADER, COLUMN_STEP_ROWS = OWN_WORDS_HEADER, OWN_WORDS_ROWS


def _select(at, label):
    return next(s for s in at.selectbox if as_read(s.label) == label)


def test_the_column_step_shows_every_heading_and_a_change_reads_the_file_again(
    run_page, monkeypatch, own_store, sign_in
):
    from sprx_map import store

    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    at = run_page("pages/intake.py")
    at.get("file_uploader")[0].upload("return.xlsx", _headed(COLUMN_STEP_HEADER, COLUMN_STEP_ROWS)).run()
    assert not at.exception
    number = _select(at, "Field for 'Number'")
    assert [(_select(at, f"Field for '{h}'").value) for h in COLUMN_STEP_HEADER] == [
        "project_name",
        "lead_organisation",
        "clusters_served",
        "status",
        "activity_categories",
        "",  # "Number" names no field: not read
    ]
    # The board is found in the title row; the misspelt cluster is listed to confirm.
    guess = _select(at, "'Cwmtawr' (Clusters served, row 3)")
    assert guess.value == "cwmtawe"
    assert t("intake.board.found", board="Swansea Bay") in _select(at, "Health board of this return").options
    assert html_tables.tables(at)[0].iloc[0].tolist() == ["return.xlsx", "2", "1", "1", "0", "0", "0"]
    number.set_value("referrals_received").run()
    guess = _select(at, "'Cwmtawr' (Clusters served, row 3)")
    guess.set_value("llwchwr").run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert "chosen, 100%" in captions
    # Read again: the choice of a cluster is not a guess any more, so both rows are accepted as they stand.
    assert html_tables.tables(at)[0].iloc[0].tolist() == ["return.xlsx", "2", "2", "0", "0", "0", "0"]
    sign_in(at)
    next(b for b in at.button if b.label == "Remember these choices for Swansea Bay").click().run()
    saved_message = "Saved 2 choices for Swansea Bay: its later returns are read the same way."
    assert saved_message in [s.value for s in at.success]
    saved = store.mappings(store.connect(own_store))
    assert saved[["kind", "written", "target", "saved_by"]].values.tolist() == [
        ["heading", "Number", "referrals_received", "admin"],
        ["value", "Cwmtawr", "llwchwr", "admin"],
    ]
    # A new session reads the board's next return with the saved mappings.
    again = run_page("pages/intake.py")
    again.get("file_uploader")[0].upload("later.xlsx", _headed(COLUMN_STEP_HEADER, COLUMN_STEP_ROWS[:1])).run()
    assert not again.exception
    assert _select(again, "Field for 'Number'").value == "referrals_received"
    assert "saved mapping, 100%" in [c.value for c in again.caption]
    listed = again.dataframe[-1].value
    assert listed[["Heading, value or project", "Read as"]].values.tolist() == [
        ["heading 'Number'", "Referrals received"],
        ["Clusters served 'Cwmtawr'", "Llwchwr"],
    ]


def test_the_column_step_in_welsh(run_page, own_store):
    at = run_page("pages/intake.py", lang="cy")
    at.get("file_uploader")[0].upload("return.xlsx", _headed(COLUMN_STEP_HEADER, COLUMN_STEP_ROWS)).run()
    assert not at.exception
    number = _select(at, "Maes ar gyfer 'Number'")
    assert number.format_func("") == "(nid yw'n faes yn y ffurflen)"
    assert number.format_func("referrals_received") == "Atgyfeiriadau a dderbyniwyd"
    assert "heb ei ddarllen" in [c.value for c in at.caption]


# Powys's 2027-03 return (PWY-0001 to PWY-0004) and its 2028-03 one without references, Walk and Talk renamed.
MATCH = "Row 2: 'Walk and Talk Newtown' (Powys Walkers) matched to PWY-0001 'Walk and Talk' (Powys Walkers)"
WHY = "89% alike; the same: Lead organisation, Clusters served, Activity categories"


@pytest.fixture
def powys_before(own_store, tmp_path, geo):
    """The store with Powys's 2027-03 return."""
    from sprx_map import store
    from sprx_map.returns import read_return

    path = tmp_path / "first.xlsx"
    path.write_bytes(workbook_bytes(POWYS_BEFORE, REQUIRED_HEADER))
    engine = store.connect(own_store)
    store.import_reports(engine, [read_return(path, geo)], "2027-03", who="hub")
    return engine


def _second_uploaded(run_page, sign_in, *account, lang="en"):
    """The page with Powys's 2028-03 return uploaded, signed in (by default with the admin password), the round
    typed in."""
    at = run_page("pages/intake.py", lang=lang)
    at.get("file_uploader")[0].upload(
        "powys-2028.xlsx", workbook_bytes(POWYS_WITHOUT_REFERENCES, REQUIRED_HEADER)
    ).run()
    sign_in(at, *account)
    at.text_input(key="intake_round").set_value("2028-03").run()
    assert not at.exception
    return at


def _match(at):
    return next(r for r in at.radio if as_read(r.label) == MATCH)


def _import(at):
    next(b for b in at.button if b.label == "Import the accepted rows").click().run()
    assert not at.exception


def test_a_renamed_project_is_proposed_confirmed_and_imported_as_continuing(
    run_page, monkeypatch, powys_before, sign_in, geo
):
    from sprx_map import store

    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    at = _second_uploaded(run_page, sign_in)
    proposed = _match(at)
    assert proposed.value is None  # not answered: the match stands
    assert proposed.options == [
        "The same project: it continues under its reference",
        "A new project",
    ]
    assert WHY in [c.value for c in at.caption]
    proposed.set_value(True).run()
    _import(at)
    assert powys_change(powys_before, geo) == POWYS_ROUND_TRIP  # continuing, renamed
    saved = store.mappings(powys_before)
    assert saved[["kind", "written", "target", "saved_by"]].values.tolist() == [
        ["project", "Walk and Talk Newtown (Powys Walkers)", "PWY-0001", "admin"]
    ]


def test_a_match_undone_is_new_and_not_reported_and_the_next_reading_remembers_it(
    run_page, monkeypatch, powys_before, sign_in, geo
):
    from sprx_map import store

    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    at = _second_uploaded(run_page, sign_in)
    _match(at).set_value(False).run()
    next(b for b in at.button if b.label == "Remember these choices for Powys").click().run()
    assert "Saved 1 choice for Powys: its later returns are read the same way." in [s.value for s in at.success]
    assert store.mappings(powys_before)[["kind", "target"]].values.tolist() == [["project", ""]]
    # A new session: the saved choice is applied and said, not asked again; the import follows it.
    again = _second_uploaded(run_page, sign_in)
    assert not [r for r in again.radio if as_read(r.label) == MATCH]
    assert MATCH in [as_read(m.value) for m in again.markdown]
    assert f"{WHY}. Applied from a saved choice: a new project, not this one." in [c.value for c in again.caption]
    _import(again)
    assert powys_change(powys_before, geo) == POWYS_MATCH_UNDONE
    listed = again.dataframe[-1].value
    assert listed[["Heading, value or project", "Read as"]].values.tolist() == [
        ["project 'Walk and Talk Newtown (Powys Walkers)'", "A new project"]
    ]


def test_a_project_match_in_welsh(run_page, monkeypatch, powys_before, sign_in):
    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    at = _second_uploaded(run_page, sign_in, lang="cy")
    said = "Rhes 2: 'Walk and Talk Newtown' (Powys Walkers) wedi'i baru â'r prosiect PWY-0001 'Walk and Talk' " + (
        "(Powys Walkers)"
    )
    proposed = next(r for r in at.radio if as_read(r.label) == said)
    assert proposed.options == ["Yr un prosiect: mae'n parhau dan ei gyfeirnod", "Prosiect newydd"]
    assert "**Prosiectau wedi'u paru â ffurflen ddiwethaf y bwrdd: cadarnhewch neu ddadwnewch**" in [
        as_read(m.value) for m in at.markdown
    ]


def test_a_project_choice_is_not_remembered_for_an_account_removed_since_the_page_was_drawn(
    run_page, monkeypatch, powys_before, sign_in
):
    from sprx_map import store

    monkeypatch.delenv("SPRX_ADMIN_PASSWORD", raising=False)
    store.add_account(powys_before, "ann", "importer", "correct horse battery", who="hub")
    at = _second_uploaded(run_page, sign_in, "ann", "correct horse battery")
    _match(at).set_value(False).run()
    remember = next(b for b in at.button if b.label == "Remember these choices for Powys")
    store.remove_account(powys_before, "ann", who="hub")
    remember.click().run()
    assert store.mappings(powys_before).empty
    refused = "Not done: you are no longer allowed to do this (signed out, or your role changed). Nothing was changed."
    assert refused in [e.value for e in at.error]
