"""Learning events: the regional and national events where local projects share their experience.

An event is held on a day in Welsh time (``Europe/London``), from a start to an end time or all day, at a
venue in a health board, online, or for all Wales. The store keeps them (:mod:`sprx_map.store.events`); this
module holds what an event is, how it is worded, the order the pages list events in, and the iCalendar file
(RFC 5545, written with the ``icalendar`` package) people add them to their calendars with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sprx_map.i18n import format_day, t

WALES_TIME = ZoneInfo("Europe/London")
STATUSES = ("planned", "held", "cancelled")
ONLINE, ALL_WALES = "online", "wales"  # where an event is when it is at no board's venue
UID_DOMAIN = "sprx-map.wales"  # each event's UID is ``event-<id>@`` this: the same event keeps it in every file


@dataclass(frozen=True)
class Event:
    """One learning event as the store keeps it (times are Welsh local time; ``None`` for an all-day event)."""

    id: int
    title_en: str
    day: dt.date
    title_cy: str = ""
    description_en: str = ""
    description_cy: str = ""
    start: dt.time | None = None
    end: dt.time | None = None
    venue: str = ""
    board: str = ALL_WALES  # a board's ONS code, ONLINE or ALL_WALES
    url: str = ""
    status: str = "planned"
    presenters: tuple[str, ...] = field(default_factory=tuple)  # project references and names
    added_at: dt.datetime | None = None
    added_by: str = ""
    removed_at: dt.datetime | None = None
    removed_by: str | None = None

    def title(self, lang: str) -> str:
        """The title in ``lang``; the English one where no Welsh was given."""
        return (self.title_cy if lang == "cy" else "") or self.title_en

    def description(self, lang: str) -> str:
        """The description in ``lang``; the English one where no Welsh was given."""
        return (self.description_cy if lang == "cy" else "") or self.description_en

    @property
    def all_day(self) -> bool:
        return self.start is None

    @property
    def at_board(self) -> bool:
        """Whether the event is at a board's venue (and so has a place on the map)."""
        return self.board not in (ONLINE, ALL_WALES)

    def upcoming(self, today: dt.date) -> bool:
        """Whether the event is today or later (a cancelled one too: people should know it is off)."""
        return self.day >= today

    def as_json(self) -> dict:
        """The event as the command line's ``--json`` prints it: dates and times in ISO form."""
        return {
            "id": self.id,
            "title_en": self.title_en,
            "title_cy": self.title_cy,
            "description_en": self.description_en,
            "description_cy": self.description_cy,
            "date": self.day.isoformat(),
            "start": self.start.strftime("%H:%M") if self.start else None,
            "end": self.end.strftime("%H:%M") if self.end else None,
            "time_zone": WALES_TIME.key,
            "venue": self.venue,
            "board": self.board,
            "url": self.url,
            "status": self.status,
            "presenters": list(self.presenters),
        }


def today() -> dt.date:
    """Today in Wales (the server may keep another zone)."""
    return dt.datetime.now(WALES_TIME).date()


def ordered(events: list[Event], day: dt.date) -> tuple[list[Event], list[Event]]:
    """(upcoming events, soonest first; past events, latest first), as the Events page lists them."""
    upcoming = in_order(e for e in events if e.upcoming(day))
    past = in_order(e for e in events if not e.upcoming(day))[::-1]
    return upcoming, past


def in_order(events) -> list[Event]:
    """``events`` soonest first, as a calendar lists them."""
    return sorted(events, key=_starts)


def _starts(event: Event) -> tuple:
    return event.day, event.start or dt.time(0), event.id


def places(board_names: dict[str, str], lang: str) -> dict[str, str]:
    """Where an event can be, in order (the boards, then all Wales, then online) -> its name in ``lang``."""
    return {**board_names, ALL_WALES: t("events.all_wales", lang), ONLINE: t("events.online", lang)}


def by_place(events: list[Event], board_names: dict[str, str], lang: str) -> list[tuple[str, list[Event]]]:
    """(place name, its events in the order given), places in :func:`places` order, those with none left out."""
    groups = [(name, [e for e in events if e.board == code]) for code, name in places(board_names, lang).items()]
    return [(name, found) for name, found in groups if found]


def when(event: Event, lang: str) -> str:
    """The day and times in words: "4 June 2026, 10:00–12:30 (Welsh time)", or the day and "all day"."""
    day = format_day(event.day, lang)
    if event.all_day:
        return t("events.when_all_day", lang, day=day)
    end = f"–{event.end:%H:%M}" if event.end else ""
    return t("events.when", lang, day=day, times=f"{event.start:%H:%M}{end}")


def where(event: Event, board_names: dict[str, str], lang: str) -> str:
    """The venue and its place ("Y Drenewydd, Powys Teaching Health Board"), or only the place."""
    place = places(board_names, lang).get(event.board, event.board)
    return f"{event.venue}, {place}" if event.venue else place


def status_text(event: Event, lang: str) -> str:
    return t(f"events.status.{event.status}", lang)


def calendar(events: list[Event], lang: str, board_names: dict[str, str]) -> bytes:
    """An iCalendar file of ``events`` in ``lang``: one VEVENT each, whose UID stays the same for the same
    event; timed events in Welsh time (TZID Europe/London, its VTIMEZONE included), the others all day; a
    cancelled event's STATUS is CANCELLED, so a calendar that has it shows it struck out."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{UID_DOMAIN}//{t('app.title', 'en')}//{lang.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"event-{event.id}@{UID_DOMAIN}")
        # DTSTAMP is when the event was written into the store, so the same store gives the same file.
        item.add("dtstamp", (event.added_at or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)).astimezone(dt.UTC))
        item.add("summary", event.title(lang))
        if event.all_day:
            item.add("dtstart", event.day)
            item.add("dtend", event.day + dt.timedelta(days=1))
        else:
            item.add("dtstart", dt.datetime.combine(event.day, event.start, WALES_TIME))
            if event.end:
                item.add("dtend", dt.datetime.combine(event.day, event.end, WALES_TIME))
        if event.description(lang):
            item.add("description", event.description(lang))
        item.add("location", where(event, board_names, lang))
        if event.url:
            item.add("url", event.url)
        item.add("status", {"cancelled": "CANCELLED"}.get(event.status, "CONFIRMED"))
        cal.add_component(item)
    if any(not e.all_day for e in events):
        years = [e.day.year for e in events]
        cal.add_missing_timezones(dt.date(min(years), 1, 1), dt.date(max(years) + 1, 1, 1))
    return cal.to_ical()


def file_name(event: Event) -> str:
    """The ``.ics`` file of one event: ``event-7-2026-06-04.ics``."""
    return f"event-{event.id}-{event.day.isoformat()}.ics"
