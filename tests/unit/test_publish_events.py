"""The published site's learning events, built from the tiny world (boards A and B): the events page in English
and Welsh, linked from every page, a calendar file per event, and each board's profile listing its events; with no
events kept, none of it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from sprx_map import events as learning
from sprx_map.publish import site
from tests import tiny

from .test_publish import ROUND, SCRIPT, _dataset

A, B = "W11000901", "W11000902"
EVENTS = (
    learning.Event(2, "Gardens in " + SCRIPT, dt.date(2026, 6, 4), title_cy="Gerddi", board=A, venue="Hall",
                   start=dt.time(10), end=dt.time(12, 30), url="https://example.wales/g", presenters=("PWY-0007",)),
    learning.Event(1, "Walking", dt.date(2026, 5, 1), board=A, status="held"),
    learning.Event(3, "Online catch-up", dt.date(2026, 7, 1), board=learning.ONLINE, status="cancelled"),
)  # fmt: skip


def _files(geo, events) -> dict[str, bytes]:
    return {f.path: f.content for f in site.site_files(_dataset(geo), geo, ROUND, events=events)[1]}


@pytest.fixture(scope="module")
def sites() -> tuple[dict[str, bytes], dict[str, bytes]]:
    geo = tiny.geography()
    return _files(geo, ()), _files(geo, EVENTS)


def test_events_add_only_their_page_and_calendar_files(sites):
    without, with_events = sites
    assert sorted(set(with_events) - set(without)) == [
        "cy/events.html",
        "cy/events/event-1-2026-05-01.ics",
        "cy/events/event-2-2026-06-04.ics",
        "cy/events/event-3-2026-07-01.ics",
        "en/events.html",
        "en/events/event-1-2026-05-01.ics",
        "en/events/event-2-2026-06-04.ics",
        "en/events/event-3-2026-07-01.ics",
    ]
    assert not [path for path, content in without.items() if path.endswith(".html") and b"events.html" in content]


def _between(page: str, start: str, end: str) -> str:
    return page[page.index(start) : page.index(end, page.index(start))]


def test_the_events_page_lists_each_place_in_date_order_escaped(sites):
    page = sites[1]["en/events.html"].decode()
    assert [part.split("</h2>")[0] for part in page.split("<h2>")[1:]] == ["A", "Online"]
    assert [part.split("</h3>")[0] for part in page.split("<h3>")[1:]] == [
        "Walking",
        "Gardens in &lt;script&gt;alert(1)&lt;/script&gt;",
        "Online catch-up",
    ]
    gardens = _between(page, "<h3>Gardens", "</li>")
    assert "<p>4 June 2026, 10:00–12:30 (Welsh time) · Hall, A · Planned</p>" in gardens
    assert '<p class="note">Presenting: PWY-0007</p>' in gardens
    assert '<a href="https://example.wales/g">Event page</a>' in gardens
    assert '<a href="events/event-2-2026-06-04.ics" download>Add to calendar (.ics)</a>' in gardens
    assert SCRIPT not in page


def test_the_welsh_events_page_and_calendar_file_are_in_welsh(sites):
    page = sites[1]["cy/events.html"].decode()
    assert "<h1>Digwyddiadau dysgu</h1>" in page and "<h3>Gerddi</h3>" in page
    assert "<h2>Bwrdd A</h2>" in page and "<h2>Ar-lein</h2>" in page
    (gardens,) = icalendar.Calendar.from_ical(sites[1]["cy/events/event-2-2026-06-04.ics"]).walk("VEVENT")
    assert (str(gardens["SUMMARY"]), str(gardens["LOCATION"])) == ("Gerddi", "Hall, Bwrdd A")
    assert gardens.decoded("DTSTART") == dt.datetime(2026, 6, 4, 10, tzinfo=learning.WALES_TIME)


def test_every_page_links_to_the_events_page(sites):
    index = sites[1]["en/index.html"].decode()
    assert '<li><a href="events.html">Learning events</a></li>' in index
    profile = sites[1]["cy/health-board/w11000901.html"].decode()
    assert '<li><a href="../events.html">Digwyddiadau dysgu</a></li>' in profile


def test_a_boards_profile_lists_its_events_and_another_says_it_has_none(sites):
    a = sites[1]["en/health-board/w11000901.html"].decode()
    listed = _between(a, '<h2 id="events">', '<p class="note">Open the downloaded')
    assert [part.split("</h3>")[0] for part in listed.split("<h3>")[1:]] == [
        "Walking",
        "Gardens in &lt;script&gt;alert(1)&lt;/script&gt;",
    ]
    assert '<a href="../events/event-1-2026-05-01.ics" download>' in listed
    b = sites[1]["en/health-board/w11000902.html"].decode()
    assert '<h2 id="events">Learning events</h2>\n<p>No learning events in this board yet.</p>' in b
    assert 'id="events"' not in sites[0]["en/health-board/w11000901.html"].decode()


def test_the_site_built_with_events_is_written_and_listed(tmp_path: Path):
    geo = tiny.geography()
    site.build(tmp_path / "site", _dataset(geo), geo, ROUND, events=EVENTS[:1])
    sums = (tmp_path / "site" / site.MANIFEST).read_text()
    assert "  en/events.html\n" in sums and "  cy/events/event-2-2026-06-04.ics\n" in sums
    assert (tmp_path / "site/en/events/event-2-2026-06-04.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
