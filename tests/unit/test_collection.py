"""A round as a repeatable collection: projects known across rounds by their reference, rounds opened with a
period and a deadline, overdue boards, contacts and reminders.

Powys returns four projects for round 2027-03 (references PWY-0001 to PWY-0004, in row order, in a store
with nothing else). For 2028-03 it renames Walk and Talk (keeping its reference), ends Garden Club, leaves out
Art Cafe, sends Cook Club without its reference (known again by its name) and adds Men's Shed (PWY-0005).
"""

import datetime as dt
import email
import email.policy
import io

import pytest
import sqlalchemy as sa

from sprx_map import continuity, references, reminders, rounds, schema, store, template
from sprx_map.returns import read_return
from tests.builders import POWYS_ROUND_TRIP, REQUIRED_HEADER

from ..conftest import workbook_bytes

POWYS, CARDIFF = "W11000024", "W11000029"
HEADER = (*REQUIRED_HEADER, "Project reference")
FIRST = [
    ["Walk and Talk", "Powys Walkers", "Powys", "Mid Powys", "current", "walking", None],
    ["Garden Club", "Green Hands", "Powys", "All", "current", "gardening", None],
    ["Art Cafe", "Arts Powys", "Powys", "North Powys", "current", "arts", None],
    ["Cook Club", "Food Powys", "Powys", "South Powys", "planned", "cooking", None],
]
SECOND = [
    ["Walk and Talk Newtown", "Powys Walkers", "Powys", "Mid Powys", "current", "walking", "PWY-0001"],
    ["Garden Club", "Green Hands", "Powys", "All", "ended", "gardening", "pwy 2"],
    ["Cook Club", "Food Powys", "Powys", "South Powys", "current", "cooking", None],
    ["Men's Shed", "Sheds Cymru", "Powys", "North Powys", "current", "creative", None],
]
PERIOD_1 = (dt.date(2026, 4, 1), dt.date(2027, 3, 31))
PERIOD_2 = (dt.date(2027, 4, 1), dt.date(2028, 3, 31))
WHEN = dt.datetime(2028, 5, 2, 9, 0, tzinfo=dt.UTC)


def _read(tmp_path, geo, rows, name="powys.xlsx"):
    path = tmp_path / name
    path.write_bytes(workbook_bytes(rows, HEADER))
    return read_return(path, geo)


def _import(engine, tmp_path, geo, rows, label, period, replace=False):
    report = _read(tmp_path, geo, rows, f"powys-{label}-{len(rows)}-{replace}.xlsx")
    store.import_reports(engine, [report], label, who="hub officer", now=WHEN, period=period, replace=replace)


def _references(engine, label):
    projects = store.load_projects(engine, label)
    return dict(zip(projects["project_name"], projects["project_reference"], strict=True))


def test_board_prefixes_are_the_geographys_boards(geo):
    assert sorted(references.BOARD_PREFIXES) == sorted(geo.boards.index)
    assert references.BOARD_PREFIXES[POWYS] == "PWY" and references.BOARD_PREFIXES[CARDIFF] == "CAV"
    assert len(set(references.BOARD_PREFIXES.values())) == 7


def test_a_reference_is_read_in_its_written_form():
    assert [references.normalised(x) for x in ("pwy 7", "PWY-0007", "cav–12", "PWY-0", "XYZ-1", "7")] == [
        "PWY-0007", "PWY-0007", "CAV-0012", None, None, None,
    ]  # fmt: skip
    assert references.board_of("SBU-0003") == "W11000031"


def test_references_carry_projects_across_rounds_and_change_follows_them(store_url, tmp_path, geo):
    engine = store.connect(store_url)
    _import(engine, tmp_path, geo, FIRST, "2027-03", PERIOD_1)
    assert _references(engine, "2027-03") == {
        "Walk and Talk": "PWY-0001", "Garden Club": "PWY-0002", "Art Cafe": "PWY-0003", "Cook Club": "PWY-0004",
    }  # fmt: skip
    _import(engine, tmp_path, geo, SECOND, "2028-03", PERIOD_2)
    assert _references(engine, "2028-03") == {
        "Walk and Talk Newtown": "PWY-0001", "Garden Club": "PWY-0002", "Cook Club": "PWY-0004",
        "Men's Shed": "PWY-0005",
    }  # fmt: skip
    now, before = store.load_projects(engine, "2028-03"), store.load_projects(engine, "2027-03")
    states = rounds.tracker(store.round_states(engine), geo, ["2028-03"], ())[0]
    change = continuity.round_change(now, before, geo, "2028-03", "2027-03", states)
    assert (change["round"], change["before"], len(change["boards"])) == ("2028-03", "2027-03", 7)
    powys = next(b for b in change["boards"] if b["code"] == POWYS)
    assert powys == {"code": POWYS, "name": "Powys", "state": "returned", **POWYS_ROUND_TRIP}
    cardiff = next(b for b in change["boards"] if b["code"] == CARDIFF)
    assert cardiff == {"code": CARDIFF, "name": "Cardiff and Vale", "state": "not_returned", "new": [],
                       "ended": [], "continuing": [], "not_reported": [], "renamed": []}  # fmt: skip


def test_a_number_once_given_is_never_given_again(store_url, tmp_path, geo):
    engine = store.connect(store_url)
    _import(engine, tmp_path, geo, FIRST, "2027-03", PERIOD_1)
    _import(engine, tmp_path, geo, SECOND, "2028-03", PERIOD_2)
    # The 2028-03 return sent again without Men's Shed, with a new project and Art Cafe back under its reference:
    # Men's Shed's PWY-0005 stays given (its submission is in the history); the new project gets PWY-0006.
    again = [*SECOND[:3], ["Art Cafe", "Arts Powys", "Powys", "North Powys", "current", "arts", "PWY-0003"],
             ["Book Club", "Libraries", "Powys", "Mid Powys", "planned", "arts", "PWY-0099"]]  # fmt: skip
    _import(engine, tmp_path, geo, again, "2028-03", PERIOD_2, replace=True)
    assert _references(engine, "2028-03") == {
        "Walk and Talk Newtown": "PWY-0001", "Garden Club": "PWY-0002", "Cook Club": "PWY-0004",
        "Art Cafe": "PWY-0003", "Book Club": "PWY-0006",  # PWY-0099 was never given: not used
    }  # fmt: skip


def test_a_reference_of_another_board_or_given_twice_is_a_finding_on_its_row(tmp_path, geo):
    rows = [
        ["Walk and Talk", "Powys Walkers", "Powys", "Mid Powys", "current", "walking", "PWY-0001"],
        ["Garden Club", "Green Hands", "Powys", "All", "current", "gardening", "CAV-0009"],
        ["Art Cafe", "Arts Powys", "Powys", "North Powys", "current", "arts", "pwy-1"],
        ["Cook Club", "Food Powys", "Powys", "South Powys", "current", "cooking", "X12"],
    ]
    report = _read(tmp_path, geo, rows)
    found = [(f.row, f.key, f.severity, f.value) for f in report.findings if f.field == "project_reference"]
    assert found == [
        (5, "finding.reference_unreadable", "warning", "X12"),
        (3, "finding.reference_other_board", "warning", "CAV-0009"),
        (4, "finding.reference_twice", "warning", "PWY-0001"),
    ]
    other = next(f for f in report.findings if f.key == "finding.reference_other_board")
    assert other.message("en").startswith("Reference CAV-0009 belongs to Cardiff and Vale, not to this project's")
    assert other.message("cy").startswith(
        "Mae CAV-0009 yn un o gyfeirnodau Bwrdd Iechyd Prifysgol Caerdydd a'r Fro, nid bwrdd iechyd y prosiect hwn"
    )
    assert list(report.projects["project_reference"]) == ["PWY-0001", None, None, None]
    assert report.row_status == {2: "accepted", 3: "accepted_with_warnings", 4: "accepted_with_warnings",
                                 5: "accepted_with_warnings"}  # fmt: skip
    assert report.summary()["rows_read"] == 4


def test_a_store_from_before_references_gives_its_projects_references(store_url, tmp_path, geo):
    engine = store.connect(store_url)
    _import(engine, tmp_path, geo, FIRST, "2027-03", PERIOD_1)
    unreferenced = [[*r[:-1], None] for r in SECOND]
    _import(engine, tmp_path, geo, unreferenced, "2028-03", PERIOD_2)
    book_club = ["Book Club", "Libraries", "Powys", "Mid Powys", "planned", "arts", None]
    _import(engine, tmp_path, geo, [*unreferenced, book_club], "2028-03", PERIOD_2, replace=True)
    with engine.begin() as conn:  # the store as schema version 5 left it
        for table, column in (("projects", "project_reference"), ("rounds", "deadline"), ("rounds", "title")):
            conn.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        conn.execute(sa.text("DROP TABLE reference_counters"))
        conn.execute(sa.text("DROP TABLE contacts"))
        conn.execute(store.meta_table.update().where(store.meta_table.c.key == "schema_version").values(value="5"))
    engine.dispose()
    engine = store.connect(store_url)
    assert _references(engine, "2027-03") == {
        "Walk and Talk": "PWY-0001", "Garden Club": "PWY-0002", "Art Cafe": "PWY-0003", "Cook Club": "PWY-0004",
    }  # fmt: skip
    # With no references in the return, the renamed project cannot be known again: it is new (as before). The
    # return sent again keeps the references of the one it replaced (in the history), and Book Club gets the next.
    assert _references(engine, "2028-03") == {
        "Walk and Talk Newtown": "PWY-0005", "Garden Club": "PWY-0002", "Cook Club": "PWY-0004",
        "Men's Shed": "PWY-0006", "Book Club": "PWY-0007",
    }  # fmt: skip
    with engine.connect() as conn:
        counters = dict(conn.execute(sa.select(store.reference_counters)).all())
        replaced = conn.execute(
            sa.select(store.projects.c.project_name, store.projects.c.project_reference)
            .join(store.submissions, store.projects.c.submission_id == store.submissions.c.id)
            .where(store.submissions.c.round == "2028-03", store.submissions.c.superseded_by.is_not(None))
            .order_by(store.projects.c.source_row)
        ).all()
    assert replaced == [("Walk and Talk Newtown", "PWY-0005"), ("Garden Club", "PWY-0002"),
                        ("Cook Club", "PWY-0004"), ("Men's Shed", "PWY-0006")]  # fmt: skip
    assert counters == {"BCU": 0, "PWY": 7, "HDD": 0, "ABU": 0, "CAV": 0, "CTM": 0, "SBU": 0}
    assert store.round_dates(engine)["2027-03"] == store.RoundDates("2027-03", *PERIOD_1, None, None)
    swim = ["Swim Club", "Leisure Powys", "Powys", "North Powys", "current", "walking", None]  # like none before
    _import(engine, tmp_path, geo, [swim], "2029-03", None)
    assert _references(engine, "2029-03") == {"Swim Club": "PWY-0008"}  # counted on from the migration


def test_opening_a_round_records_its_period_deadline_and_title(store_url):
    engine = store.connect(store_url)
    opened = store.open_round(engine, "2028-03", PERIOD_2, dt.date(2028, 4, 30), "Annual return 2027-28", who="hub")
    assert opened == store.RoundDates("2028-03", *PERIOD_2, dt.date(2028, 4, 30), "Annual return 2027-28")
    store.open_round(engine, "2028-03", PERIOD_2, dt.date(2028, 5, 14), who="hub")  # again: the deadline moves
    assert store.round_dates(engine)["2028-03"].deadline == dt.date(2028, 5, 14)
    assert store.round_dates(engine)["2028-03"].title == "Annual return 2027-28"  # kept when not given
    with pytest.raises(store.StoreError) as refused:
        store.open_round(engine, "2028-03", PERIOD_2, dt.date(2027, 3, 31), who="hub")
    assert refused.value.key == "store.deadline_before_period"
    assert refused.value.message("en").startswith("the deadline (2027-03-31) is before the reporting period starts")
    assert store.round_dates(engine)["2028-03"].deadline == dt.date(2028, 5, 14)  # nothing changed
    with pytest.raises(store.StoreError) as refused:
        store.open_round(engine, "Bad Label", PERIOD_2, dt.date(2028, 5, 14), who="hub")
    assert refused.value.key == "store.bad_round"


def test_overdue_boards_and_days_to_the_deadline_with_today_fixed(geo):
    returns = rounds.RoundReturns(
        "2028-03", False, tuple(rounds.BoardReturn(c, rounds.RETURNED if c == POWYS else (
            rounds.WITHDRAWN if c == CARDIFF else rounds.NOT_RETURNED)) for c in geo.boards.index),
    )  # fmt: skip
    deadline = dt.date(2028, 4, 30)
    assert rounds.overdue_boards(returns, deadline, dt.date(2028, 4, 30)) == ()
    late = rounds.overdue_boards(returns, deadline, dt.date(2028, 5, 1))
    assert late == tuple(c for c in geo.boards.index if c != POWYS)  # withdrawn and not sent again is late too
    assert rounds.overdue_boards(returns, None, dt.date(2030, 1, 1)) == ()
    assert [rounds.days_to_deadline(deadline, dt.date(2028, 4, d)) for d in (18, 30)] == [12, 0]
    assert rounds.days_to_deadline(deadline, dt.date(2028, 5, 3)) == -3
    assert rounds.deadline_words(deadline, dt.date(2028, 4, 18)) == "12 days to the deadline (30 April 2028)"
    assert rounds.deadline_words(deadline, dt.date(2028, 4, 29)) == "1 day to the deadline (30 April 2028)"
    two_days = rounds.deadline_words(deadline, dt.date(2028, 4, 28), "cy")
    assert two_days == "2 ddiwrnod tan y dyddiad cau (30 Ebrill 2028)"
    assert rounds.deadline_words(deadline, dt.date(2028, 4, 30), "cy") == "i'w chyflwyno heddiw (30 Ebrill 2028)"
    assert rounds.deadline_words(deadline, dt.date(2028, 5, 3)) == "3 days past the deadline (30 April 2028)"
    assert rounds.deadline_words(None, dt.date(2028, 5, 3)) == "no deadline set"
    dates = {"2028-03": store.RoundDates("2028-03", *PERIOD_2, deadline, None)}
    shown = rounds.as_json([returns], geo, dates=dates, today=dt.date(2028, 5, 1))["rounds"][0]
    assert (shown["period_start"], shown["period_end"], shown["deadline"]) == ("2027-04-01", "2028-03-31", "2028-04-30")
    assert [(b["code"], b["state"], b["overdue"]) for b in shown["boards"]][:3] == [
        ("W11000023", "not_returned", True), (POWYS, "returned", False), ("W11000025", "not_returned", True),
    ]  # fmt: skip


def test_contacts_are_kept_per_board_and_bad_addresses_refused(store_url):
    engine = store.connect(store_url)
    assert store.set_contact(engine, POWYS, " Ann.Jones@Wales.NHS.uk ", who="hub") is True
    assert store.set_contact(engine, POWYS, "ann.jones@wales.nhs.uk", who="hub") is False  # already a contact
    assert store.set_contact(engine, POWYS, "team@powys.example", who="hub") is True
    assert store.contacts(engine) == {POWYS: ["Ann.Jones@wales.nhs.uk", "team@powys.example"]}
    for bad in ("ann", "ann@wales", "Ann <ann@wales.nhs.uk>", "a@b.cy, c@d.cy", "a..b@wales.nhs.uk", "a b@x.cy"):
        with pytest.raises(store.StoreError) as refused:
            store.set_contact(engine, POWYS, bad, who="hub")
        assert refused.value.key == "store.contact_bad_email", bad
    with pytest.raises(store.StoreError) as refused:
        store.set_contact(engine, "W99999999", "a@b.cy", who="hub")
    assert refused.value.key == "store.contact_bad_board"
    assert store.remove_contact(engine, POWYS, "TEAM@powys.example") is True
    assert store.contacts(engine) == {POWYS: ["Ann.Jones@wales.nhs.uk"]}


def _prefilled(geo) -> reminders.Attachment:
    """A return written with the reference column, as a pre-filled return has it."""
    project = {"project_name": "Walk and Talk", "lead_organisation": "Powys Walkers", "health_board": POWYS,
               "clusters_served": ["mid-powys"], "status": "current", "activity_categories": ["physical"],
               "project_reference": "PWY-0001"}  # fmt: skip
    wb = template.build_workbook({}, [project], geo, title="Powys", fields=schema.FIELDS)
    buffer = io.BytesIO()
    wb.save(buffer)
    return reminders.Attachment("2028-03-powys.xlsx", buffer.getvalue(), prefilled=True)


def test_reminders_are_mail_files_in_welsh_then_english_with_the_return_attached(tmp_path, geo):
    returns = rounds.RoundReturns(
        "2028-03", False, tuple(rounds.BoardReturn(c, rounds.NOT_RETURNED if c in (POWYS, CARDIFF)
                                                   else rounds.RETURNED) for c in geo.boards.index),
    )  # fmt: skip
    dates = store.RoundDates("2028-03", *PERIOD_2, dt.date(2028, 4, 30), "Annual return")
    prefilled = _prefilled(geo)
    blank = reminders.blank_attachment(geo, "2028-03")
    messages = reminders.reminders(returns, geo, dates, {POWYS: ["ann@wales.nhs.uk", "team@powys.example"]},
                                   lambda board: prefilled if board == POWYS else blank)  # fmt: skip
    assert list(messages) == [POWYS, CARDIFF]
    written = reminders.write_reminders(messages, "2028-03", geo, tmp_path / "out")
    assert [p.name for p in written] == ["2028-03-powys.eml", "2028-03-cardiff-and-vale.eml"]

    powys = email.message_from_bytes(written[0].read_bytes(), policy=email.policy.default)
    assert powys["To"] == "ann@wales.nhs.uk, team@powys.example"
    assert powys["Subject"] == (
        "Nodyn atgoffa: ffurflen presgripsiynu cymdeithasol ar gyfer rownd 2028-03, i'w chyflwyno erbyn "
        "30 Ebrill 2028 / Reminder: social prescribing return for round 2028-03, due 30 April 2028"
    )
    body = powys.get_body(("plain",)).get_content()
    welsh = body.index("Nid yw'r Hwb Gofal Sylfaenol wedi cael ffurflen presgripsiynu cymdeithasol Bwrdd Iechyd")
    english = body.index("The Primary Care Hub has not yet received Powys Teaching Health Board's social")
    assert welsh < english
    for words in ("rownd 2028-03 (Annual return) eto", "1 Ebrill 2027 i 31 Mawrth 2028", "erbyn 30 Ebrill 2028.",
                  "round 2028-03 (Annual return)", "1 April 2027 to 31 March 2028", "due by 30 April 2028.",
                  "lists the projects you returned last time", "2028-03-powys.xlsx"):  # fmt: skip
        assert words in body, words
    assert "No contact" not in body
    (attached,) = list(powys.iter_attachments())
    assert attached.get_filename() == "2028-03-powys.xlsx"
    assert attached.get_content() == prefilled.data
    report = read_return("2028-03-powys.xlsx", geo, data=attached.get_content())
    assert list(report.projects["project_reference"]) == ["PWY-0001"]
    assert list(report.projects["project_name"]) == ["Walk and Talk"]

    cardiff = email.message_from_bytes(written[1].read_bytes(), policy=email.policy.default)
    assert cardiff["To"] is None
    assert cardiff["Subject"].startswith("[Dim derbynnydd / No recipient] Nodyn atgoffa:")
    body = cardiff.get_body(("plain",)).get_content()
    assert body.startswith("Nid oes cyswllt wedi'i gofnodi ar gyfer Bwrdd Iechyd Prifysgol Caerdydd a'r Fro:")
    assert "No contact is recorded for Cardiff and Vale University Health Board" in body
    assert "is the blank return" in body
    attached = next(cardiff.iter_attachments())
    assert (attached.get_filename(), attached.get_content()) == ("2028-03-return.xlsx", blank.data)
    report = read_return(attached.get_filename(), geo, data=attached.get_content())
    assert (report.summary()["rows_read"], report.summary()["rejected"]) == (1, 1)  # the example row, to delete
