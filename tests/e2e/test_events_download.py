"""Learning events in a real browser: each event's calendar file, downloaded from the Events page and read back,
and the map's marker for a board's events, drawn only when asked, its tooltip in the page's language."""

import datetime as dt

import icalendar
import pytest
from playwright.sync_api import expect

from sprx_map import events as learning
from sprx_map import store

from .conftest import PATIENCE, app_on, leaflet_paths, open_page, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]
POWYS = "W11000024"


@pytest.fixture(scope="module")
def events_app(browser, tmp_path_factory, geo):
    from sprx_map.dataset import load_store

    url = f"sqlite:///{tmp_path_factory.mktemp('events') / 'store.sqlite'}"
    load_store(geo, url)  # the sample first, as a new store is seeded
    engine = store.connect(url)
    held = learning.Event(0, "Walking together", dt.date(2099, 6, 10), title_cy="Cerdded gyda'n gilydd",
                          start=dt.time(10), end=dt.time(12, 30), venue="Y Drenewydd", board=POWYS)  # fmt: skip
    store.add_event(engine, held, who="hub")
    engine.dispose()
    with app_on(url) as address:
        yield address


@pytest.mark.parametrize(("lang", "label", "summary"), [
    ("en", "Add to calendar (.ics)", "Walking together"),
    ("cy", "Ychwanegu at galendr (.ics)", "Cerdded gyda'n gilydd"),
])  # fmt: skip
def test_an_events_calendar_file_downloads_and_reads_back(page, events_app, lang, label, summary):
    open_page(page, f"{events_app}/events?lang={lang}")
    with page.expect_download() as info:
        page.get_by_role("button", name=label).first.click()
    download = info.value
    assert download.suggested_filename == "event-1-2099-06-10.ics"
    (only,) = icalendar.Calendar.from_ical(download.path().read_bytes()).walk("VEVENT")
    assert str(only["SUMMARY"]) == summary
    assert only.decoded("DTSTART") == dt.datetime(2099, 6, 10, 10, 0, tzinfo=learning.WALES_TIME)
    assert only.decoded("DTEND") == dt.datetime(2099, 6, 10, 12, 30, tzinfo=learning.WALES_TIME)


@pytest.mark.parametrize(("lang", "toggle", "title"), [
    ("en", "Learning events", "Walking together"),
    ("cy", "Digwyddiadau dysgu", "Cerdded gyda'n gilydd"),
])  # fmt: skip
def test_the_maps_event_marker_comes_when_asked_and_names_the_event(page, events_app, lang, toggle, title):
    open_page(page, f"{events_app}/map?level=health_board&lang={lang}")
    assert leaflet_paths(page, 7) == 7  # the seven boards, no marker until asked
    wait_idle(page)
    page.locator("[data-testid=stCheckbox]").filter(has_text=toggle).click()  # the map's toggle, as a person does
    expect(page.get_by_role("switch", name=toggle)).to_be_checked(timeout=PATIENCE)
    assert leaflet_paths(page, 8) == 8  # one marker: Powys holds the one event
    frame = page.frame_locator("iframe").first
    marker = frame.locator("path.leaflet-interactive").last  # drawn over the areas, after them
    expect(marker).to_have_attribute("fill", "#ffffff", timeout=PATIENCE)
    marker.hover()
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(title, timeout=PATIENCE)
    expect(tooltip).to_contain_text("Y Drenewydd")  # the venue
    expect(tooltip).to_contain_text("Powys")
    # Wrapped and on the roomier side of the marker: the whole tooltip is inside the map, none of it cut off.
    shown, inside = tooltip.bounding_box(), page.locator("iframe").first.bounding_box()
    assert inside["x"] <= shown["x"] and shown["x"] + shown["width"] <= inside["x"] + inside["width"], (shown, inside)
