"""Learning events: kept in the store (added, listed, removed but kept in the history, refused for viewers and for
bad links or times), on the command line (add, list as JSON, an iCalendar file read back with ``icalendar``)."""

import datetime as dt
import json

import icalendar
import pytest
import sqlalchemy as sa

from sprx_map import events as learning
from sprx_map import roles, store
from sprx_map.cli import events as events_cli
from tests.unit.test_collection_cli import _run

POWYS = "W11000024"
NOW = dt.datetime(2027, 1, 10, 9, 0, tzinfo=dt.UTC)
ADMIN = roles.Actor("hub@wales.nhs.uk", roles.ADMINISTRATOR, "oidc", "198.51.100.1")
VIEWER = roles.Actor("reader@wales.nhs.uk", roles.VIEWER, "oidc", "198.51.100.2")
IMPORTER = roles.Actor("board@wales.nhs.uk", roles.IMPORTER, "oidc", "198.51.100.3")
SHARING = learning.Event(
    id=0,
    title_en="Sharing day",
    title_cy="Diwrnod rhannu",
    day=dt.date(2027, 3, 4),
    start=dt.time(10, 0),
    end=dt.time(12, 30),
    venue="Y Drenewydd",
    board=POWYS,
    url=" https://example.wales/sharing ",
    presenters=("pwy 7", "Walking group", " "),
)


def _audit_actions(engine) -> list[tuple[str, str, str]]:
    return [tuple(r) for r in store.audit(engine)[["actor", "action", "detail"]].itertuples(index=False)]


def test_an_event_added_is_listed_as_kept(store_url):
    engine = store.connect(store_url)
    kept = store.add_event(engine, SHARING, ADMIN, NOW)
    assert kept.id == 1
    assert store.events(engine) == [kept]
    assert kept.url == "https://example.wales/sharing"
    assert kept.presenters == ("PWY-0007", "Walking group")
    assert (kept.day, kept.start, kept.end, kept.added_at, kept.added_by) == (
        dt.date(2027, 3, 4), dt.time(10, 0), dt.time(12, 30), NOW, "hub@wales.nhs.uk"
    )  # fmt: skip
    assert _audit_actions(engine) == [("hub@wales.nhs.uk", "event_add", "#1 2027-03-04 Sharing day")]


def test_a_removed_event_is_not_listed_but_stays_in_the_history(store_url):
    engine = store.connect(store_url)
    first = store.add_event(engine, SHARING, ADMIN, NOW)
    second = store.add_event(engine, learning.Event(id=0, title_en="Online hour", day=dt.date(2027, 4, 1)), ADMIN)
    later = NOW + dt.timedelta(days=1)
    store.remove_event(engine, first.id, ADMIN, later)
    assert [e.id for e in store.events(engine)] == [second.id]
    history = store.events(engine, removed=True)
    assert [(e.id, e.removed_at, e.removed_by) for e in history] == [
        (1, later, "hub@wales.nhs.uk"),
        (2, None, None),
    ]
    with pytest.raises(store.StoreError) as again:
        store.remove_event(engine, first.id, ADMIN)
    assert again.value.key == "store.no_event"


@pytest.mark.parametrize("who", [VIEWER, IMPORTER], ids=["viewer", "importer"])
def test_events_are_refused_below_administrators_with_nothing_changed(tmp_path, who):
    engine = store.connect(f"sqlite:///{tmp_path / 's.sqlite'}")
    kept = store.add_event(engine, SHARING, ADMIN, NOW)
    revision = store.revision(engine)
    for change in (
        lambda: store.add_event(engine, SHARING, who),
        lambda: store.remove_event(engine, kept.id, who),
        lambda: store.set_event_status(engine, kept.id, "cancelled", who),
    ):
        with pytest.raises(store.StoreError) as refused:
            change()
        assert refused.value.key == "store.not_allowed"
    assert store.events(engine, removed=True) == [kept]
    assert store.revision(engine) == revision
    refusals = [(a, d) for _, a, d in _audit_actions(engine) if a == "refused"]
    assert refusals == [("refused", "event: Sharing day"), ("refused", "event: #1"), ("refused", "event: #1 cancelled")]
    assert "managing events" in refused.value.message("en")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("javascript:alert(1)", "'javascript:alert(1)' is not a link an event can have"),
        ("ftp://example.wales/x", "'ftp://example.wales/x' is not a link an event can have"),
        ("https://", "'https://' is not a link an event can have"),
        ("https://exa mple.wales", "'https://exa mple.wales' is not a link an event can have"),
    ],
)
def test_a_link_that_is_not_http_is_refused_with_nothing_kept(tmp_path, url, shown):
    engine = store.connect(f"sqlite:///{tmp_path / 's.sqlite'}")
    with pytest.raises(store.StoreError) as refused:
        store.add_event(engine, learning.Event(id=0, title_en="x", day=dt.date(2027, 3, 4), url=url), ADMIN)
    assert refused.value.message("en").startswith(shown)
    assert refused.value.message("en").endswith("give an address starting http:// or https://, such as "
                                                  "https://example.wales/event.")  # fmt: skip
    assert store.events(engine, removed=True) == []


def test_bad_times_are_refused_with_a_clear_message(tmp_path):
    for text in ("25:00", "10.30", "noon", "9:5"):
        with pytest.raises(store.StoreError) as refused:
            store.checked_time(text)
        assert refused.value.message("en") == (
            f"'{text}' is not a time: write it as HH:MM on the 24-hour clock, such as 09:30 or 14:00 (Welsh time)."
        )
    assert store.checked_time(" 9:05 ") == dt.time(9, 5) and store.checked_time("") is None
    engine = store.connect(f"sqlite:///{tmp_path / 's.sqlite'}")
    backwards = learning.Event(id=0, title_en="x", day=dt.date(2027, 3, 4), start=dt.time(14), end=dt.time(9))
    with pytest.raises(store.StoreError) as refused:
        store.add_event(engine, backwards, ADMIN)
    assert refused.value.message("cy") == (
        "Rhaid i ddiwedd digwyddiad (09:00) ddod ar ôl ei ddechrau (14:00) ar yr un diwrnod: rhowch amser dechrau "
        "gyda'r amser gorffen."
    )
    assert store.events(engine) == []


def test_a_store_at_version_7_gains_the_events_table(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    engine = store.connect(url)
    with engine.begin() as conn:
        store.events_table.drop(conn)
        conn.execute(store.meta_table.update().where(store.meta_table.c.key == "schema_version").values(value="7"))
    engine.dispose()
    engine = store.connect(url)
    with engine.connect() as conn:
        version = conn.execute(
            sa.select(store.meta_table.c.value).where(store.meta_table.c.key == "schema_version")
        ).scalar()
    assert version == "8" == str(store.SCHEMA_VERSION)
    assert store.events(engine) == []


def test_the_ordering_puts_upcoming_soonest_first_then_past_latest_first():
    def made(n, day, start=None):
        return learning.Event(id=n, title_en=str(n), day=day, start=start)

    listed = [made(1, dt.date(2027, 1, 5)), made(2, dt.date(2027, 3, 1), dt.time(14)), made(3, dt.date(2027, 3, 1),
              dt.time(9)), made(4, dt.date(2026, 12, 1)), made(5, dt.date(2027, 2, 1))]  # fmt: skip
    upcoming, past = learning.ordered(listed, dt.date(2027, 2, 1))
    assert [e.id for e in upcoming] == [5, 3, 2]
    assert [e.id for e in past] == [1, 4]


# The command line


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    monkeypatch.delenv("SPRX_LANG", raising=False)
    return f"sqlite:///{tmp_path / 'events.sqlite'}"


def _add_two(capsys, db: str) -> None:
    code, out, _ = _run(
        capsys, "events", "add", "--title", "Sharing day", "--title-cy", "Diwrnod rhannu", "--date", "2027-03-04",
        "--start", "10:00", "--end", "12:30", "--venue", "Y Drenewydd", "--board", "Powys", "--url",
        "https://example.wales/sharing", "--description", "Projects share what worked.", "--project", "pwy 7",
        "--project", "Walking group", "--db", db,
    )  # fmt: skip
    assert (code, out) == (0, "Event #1 kept: Sharing day, 4 March 2027, 10:00–12:30 (Welsh time).\n")
    code, out, _ = _run(
        capsys, "events", "add", "--title", "Online hour", "--date", "2027-02-01", "--online", "--status", "cancelled",
        "--db", db, "--lang", "cy",
    )  # fmt: skip
    assert (code, out) == (0, "Cadwyd digwyddiad #2: Online hour, 1 Chwefror 2027, drwy'r dydd.\n")


def test_events_added_on_the_command_line_list_as_exact_json(capsys, db):
    _add_two(capsys, db)
    code, out, _ = _run(capsys, "events", "--json", "--db", db)
    assert code == 0
    assert json.loads(out) == {
        "events": [
            {
                "id": 2, "title_en": "Online hour", "title_cy": "", "description_en": "", "description_cy": "",
                "date": "2027-02-01", "start": None, "end": None, "time_zone": "Europe/London", "venue": "",
                "board": "online", "url": "", "status": "cancelled", "presenters": [],
            },
            {
                "id": 1, "title_en": "Sharing day", "title_cy": "Diwrnod rhannu",
                "description_en": "Projects share what worked.", "description_cy": "", "date": "2027-03-04",
                "start": "10:00", "end": "12:30", "time_zone": "Europe/London", "venue": "Y Drenewydd",
                "board": POWYS, "url": "https://example.wales/sharing", "status": "planned",
                "presenters": ["PWY-0007", "Walking group"],
            },
        ]
    }  # fmt: skip
    code, out, _ = _run(capsys, "events", "--db", db, "--lang", "cy")
    assert out.splitlines() == [
        "#2 1 Chwefror 2027, drwy'r dydd · Online hour · Ar-lein · Wedi'i ganslo",
        "#1 4 Mawrth 2027, 10:00–12:30 (amser Cymru) · Diwrnod rhannu · Y Drenewydd, Bwrdd Iechyd Addysgu Powys "
        "· Wedi'i gynllunio",
    ]


def test_the_ics_file_reads_back_with_icalendar(capsys, db, tmp_path):
    _add_two(capsys, db)
    out_file = tmp_path / "events.ics"
    code, out, _ = _run(capsys, "events", "--ics", str(out_file), "--db", db, "--lang", "cy")
    assert (code, out) == (0, f"Ysgrifennwyd 2 ddigwyddiad i {out_file}.\n")
    calendar = icalendar.Calendar.from_ical(out_file.read_bytes())
    online, sharing = calendar.walk("VEVENT")
    assert str(sharing["summary"]) == "Diwrnod rhannu"
    assert sharing.decoded("dtstart") == dt.datetime(2027, 3, 4, 10, 0, tzinfo=learning.WALES_TIME)
    assert sharing["dtstart"].params["TZID"] == "Europe/London"
    assert sharing["dtend"].params["TZID"] == "Europe/London"
    assert sharing.decoded("dtend").strftime("%H:%M") == "12:30"
    assert (str(sharing["status"]), str(sharing["url"]), str(sharing["uid"])) == (
        "CONFIRMED", "https://example.wales/sharing", "event-1@sprx-map.wales"
    )  # fmt: skip
    assert str(sharing["location"]) == "Y Drenewydd, Bwrdd Iechyd Addysgu Powys"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert str(online["summary"]) == "Online hour"  # no Welsh title: the English one
    assert (online.decoded("dtstart"), online.decoded("dtend")) == (dt.date(2027, 2, 1), dt.date(2027, 2, 2))
    assert str(online["status"]) == "CANCELLED"
    again = tmp_path / "again.ics"
    _run(capsys, "events", "--ics", str(again), "--db", db, "--lang", "cy")
    assert again.read_bytes() == out_file.read_bytes()  # the same store gives the same file, UIDs and all


def test_the_command_line_refuses_bad_values_in_the_language_spoken(capsys, db):
    code, _, err = _run(capsys, "events", "add", "--title", "x", "--date", "2027-03-04", "--url", "data:text/html,x",
                        "--db", db)  # fmt: skip
    assert (code, err.strip()) == (
        1,
        "'data:text/html,x' is not a link an event can have: give an address starting http:// or https://, such as "
        "https://example.wales/event.",
    )
    code, _, err = _run(capsys, "events", "add", "--title", "x", "--date", "2027-03-04", "--start", "25:00", "--db",
                        db, "--lang", "cy")  # fmt: skip
    assert (code, err.strip()) == (
        1,
        "Nid yw '25:00' yn amser: ysgrifennwch ef fel AA:MM ar y cloc 24 awr, fel 09:30 neu 14:00 (amser Cymru).",
    )
    code, _, err = _run(capsys, "events", "add", "--title", "x", "--date", "2027-03-04", "--board", "Powys",
                        "--online", "--db", db)  # fmt: skip
    assert code == 2 and err.startswith("Give --board or --online, not both")
    assert _run(capsys, "events", "--json", "--db", db)[1] == '{"events": []}\n'


def test_events_remove_keeps_the_event_in_the_history(capsys, db):
    _add_two(capsys, db)
    assert _run(capsys, "events", "remove", "1", "--db", db) == (0, "Event #1 removed; it stays in the history.\n", "")
    assert [e["id"] for e in json.loads(_run(capsys, "events", "--json", "--db", db)[1])["events"]] == [2]
    assert [e.id for e in store.events(store.connect(db), removed=True)] == [1, 2]
    code, _, err = _run(capsys, "events", "remove", "1", "--db", db)
    assert code == 1 and err.startswith("There is no event #1 to change")


def test_the_command_lines_statuses_are_the_events():
    assert events_cli.STATUSES == learning.STATUSES
