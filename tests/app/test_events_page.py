"""The Events page, with today fixed at 18 April 2028: upcoming events soonest first then past ones, by board;
each with its own calendar file; the forms to add, update and remove events for administrators only.

The store holds the sample, and three events: a Powys one in June, an online one in May, and a Powys one in
January (past).
"""

import datetime as dt

import pytest

from sprx_map import events as learning
from sprx_map import store
from sprx_map.i18n import t

POWYS = "W11000024"
TODAY = dt.date(2028, 4, 18)


@pytest.fixture
def with_events(own_store, geo, monkeypatch):
    from sprx_map.dataset import load_store

    load_store(geo, own_store)  # the sample first, as a new store is seeded
    engine = store.connect(own_store)
    kept = [
        learning.Event(0, "Walking together", dt.date(2028, 6, 10), title_cy="Cerdded gyda'n gilydd",
                       start=dt.time(10), end=dt.time(12, 30), venue="Y Drenewydd", board=POWYS),
        learning.Event(0, "Link workers online", dt.date(2028, 5, 2), board=learning.ONLINE,
                       url="https://example.wales/ev"),
        learning.Event(0, "Winter gardens", dt.date(2028, 1, 11), board=POWYS, status="held"),
    ]  # fmt: skip
    for event in kept:
        store.add_event(engine, event, who="hub")
    monkeypatch.setattr(learning, "today", lambda: TODAY)
    return engine


def _headings_and_titles(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith(("####", "**"))]


def test_the_events_page_lists_upcoming_soonest_first_then_past_by_place(run_page, with_events):
    at = run_page("pages/events.py")
    assert [s.value for s in at.main.subheader] == [
        "Upcoming events",
        "Past events",
        "Adding, updating and removing events",
    ]
    assert _headings_and_titles(at) == [
        "#### Powys",
        "**Walking together**",
        "#### Online",
        "**Link workers online**",
        "#### Powys",
        "**Winter gardens**",
    ]
    said = [c.value for c in at.caption]
    assert "10 June 2028\\, 10\\:00–12\\:30 \\(Welsh time\\) · Y Drenewydd\\, Powys · Planned" in said
    assert "Administrators add, update and remove events: sign in on the Data intake page first." in said
    assert not [f for f in at.get("form")]  # a viewer has no form to add or remove


def test_the_events_page_is_in_welsh(run_page, with_events):
    at = run_page("pages/events.py", lang="cy")
    assert at.title[0].value == "Digwyddiadau dysgu"
    assert _headings_and_titles(at)[:2] == ["#### Bwrdd Iechyd Addysgu Powys", "**Cerdded gyda\\'n gilydd**"]
    assert [b.label for b in at.get("download_button")] == ["Ychwanegu at galendr (.ics)"] * 3


def test_each_event_has_its_own_ics_download(run_page, with_events):
    """One button an event; the file itself is downloaded and read back in a browser (tests/e2e)."""
    at = run_page("pages/events.py")
    assert [b.proto.label for b in at.get("download_button")] == ["Add to calendar (.ics)"] * 3


def _fill(at, title: str):
    at.text_input(key="events_title_en").set_value(title)
    at.date_input(key="events_day").set_value(dt.date(2028, 9, 1))
    at.text_input(key="events_start").set_value("14:00")
    at.selectbox(key="events_board").set_value(POWYS)
    return next(b for b in at.button if b.key.startswith("FormSubmitter:events_add"))


def test_an_administrator_adds_and_removes_an_event_on_the_page(run_page, with_events, monkeypatch, sign_in):
    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    at = sign_in(run_page("pages/intake.py"))
    at.switch_page("pages/events.py").run()
    _fill(at, "Autumn <b>gathering</b>").click().run()
    assert [s.value for s in at.success] == ["Event added: Autumn \\<b\\>gathering\\<\\/b\\>."]
    added = store.events(with_events)[-1]
    assert (added.title_en, added.day, added.start, added.board) == (
        "Autumn <b>gathering</b>", dt.date(2028, 9, 1), dt.time(14), POWYS)  # fmt: skip
    at.selectbox(key="events_status_which").set_value(added.id)
    at.selectbox(key="events_status").set_value("cancelled")
    next(b for b in at.button if b.key.startswith("FormSubmitter:events_status")).click().run()
    assert [s.value for s in at.success] == ["The event's status is now: Cancelled."]
    assert store.events(with_events)[-1].status == "cancelled"
    at.selectbox(key="events_which").set_value(added.id)
    next(b for b in at.button if b.key.startswith("FormSubmitter:events_remove")).click().run()
    assert [s.value for s in at.success] == ["Event removed; it stays in the history."]
    assert [e.id for e in store.events(with_events, removed=True) if e.removed_by] == [added.id]


def test_an_importer_has_no_form_to_add_events(run_page, with_events, sign_in):
    store.add_account(with_events, "ann", "importer", "a good long passphrase", who="hub")
    at = sign_in(run_page("pages/intake.py"), "ann", "a good long passphrase")
    at.switch_page("pages/events.py").run()
    assert "Administrators add, update and remove events: sign in on the Data intake page first." in [
        c.value for c in at.caption
    ]
    assert not [b for b in at.button if b.key and b.key.startswith("FormSubmitter:events_")]


def test_the_callback_refuses_an_administrator_no_longer_allowed(run_page, with_events, monkeypatch, sign_in):
    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    at = sign_in(run_page("pages/intake.py"))
    at.switch_page("pages/events.py").run()
    submit = _fill(at, "Too late")
    monkeypatch.delenv("SPRX_ADMIN_PASSWORD")  # the password is unset after the page was drawn
    submit.click().run()
    assert [e.title_en for e in store.events(with_events)] == [
        "Walking together", "Link workers online", "Winter gardens"]  # fmt: skip
    assert not at.success
    assert [e.value for e in at.error] == [t("signin.not_allowed_now", "en")]  # said, not silently dropped


def test_the_map_shows_upcoming_events_only_when_asked(run_page, with_events):
    at = run_page("pages/map.py")
    assert at.toggle(key="map_events").value is False
    (shown,) = at.get("component_instance")
    assert "Walking together" not in shown.proto.json_args
    at.toggle(key="map_events").set_value(True).run()
    (shown,) = at.get("component_instance")
    assert "Walking together" in shown.proto.json_args  # upcoming, in Powys
    assert "Winter gardens" not in shown.proto.json_args  # past
    assert "Link workers online" not in shown.proto.json_args  # online: no place on the map
    elsewhere = run_page("pages/map.py", hb="W11000029")  # Cardiff and Vale chosen: Powys's event is not in view
    elsewhere.toggle(key="map_events").set_value(True).run()
    (shown,) = elsewhere.get("component_instance")
    assert "Walking together" not in shown.proto.json_args


def test_a_boards_profile_lists_its_events(run_page, with_events):
    at = run_page("pages/profile.py", plevel="health_board", area=POWYS)
    assert "Learning events" in [s.value for s in at.main.subheader]
    assert [m.value for m in at.markdown if m.value.startswith("**")] == ["**Walking together**", "**Winter gardens**"]
    cardiff = run_page("pages/profile.py", plevel="health_board", area="W11000029")
    assert "No learning events in this board yet." in [c.value for c in cardiff.caption]
