"""Learning events: added, their status changed, and removed (the row stays, so they stay in the history)."""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.parse
from dataclasses import replace

import sqlalchemy as sa

from sprx_map import references
from sprx_map.events import ALL_WALES, ONLINE, STATUSES, Event
from sprx_map.store.changes import StoreError, _allowed, _audit, _aware, _bump, _person
from sprx_map.store.tables import events_table

TITLE_LENGTH, VENUE_LENGTH, URL_LENGTH = 200, 200, 500  # characters, as the columns hold them
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def checked_url(text: str | None) -> str:
    """``text`` as an event's link (trimmed): an http or https address with a host, or "" for none; else
    refused (a ``javascript:`` or ``data:`` link would run in the pages that show it)."""
    text = (text or "").strip()
    if not text:
        return ""
    parts = urllib.parse.urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or len(text) > URL_LENGTH:
        raise StoreError("store.event_bad_url", url=text)
    if any(c.isspace() or ord(c) < 32 for c in text):
        raise StoreError("store.event_bad_url", url=text)
    return text


def checked_time(text: str | None) -> dt.time | None:
    """``text`` ("09:30", "9:30") as a time of day in Welsh time; None for none; else refused."""
    text = (text or "").strip()
    if not text:
        return None
    found = _TIME.match(text)
    if found is None:
        raise StoreError("store.event_bad_time", time=text)
    return dt.time(int(found.group(1)), int(found.group(2)))


def checked_event(event: Event) -> Event:
    """``event`` with its texts trimmed and its presenters' references written in their form, once every part
    of it holds: a title, a known place and status, an http(s) link, an end after its start."""
    title = event.title_en.strip()
    if not title or len(title) > TITLE_LENGTH or len(event.title_cy.strip()) > TITLE_LENGTH:
        raise StoreError("store.event_bad_title", limit=TITLE_LENGTH)
    if event.board not in (*references.BOARD_PREFIXES, ONLINE, ALL_WALES):
        raise StoreError("store.event_bad_board", board=event.board)
    if event.status not in STATUSES:
        raise StoreError("store.event_bad_status", status=event.status, statuses=", ".join(STATUSES))
    if event.end is not None and (event.start is None or event.end <= event.start):
        raise StoreError("store.event_bad_end", start=_hhmm(event.start), end=_hhmm(event.end))
    if len(event.venue.strip()) > VENUE_LENGTH:
        raise StoreError("store.event_bad_venue", limit=VENUE_LENGTH)
    presenters = tuple(references.normalised(p) or p.strip() for p in event.presenters if p and p.strip())
    return replace(
        event,
        title_en=title,
        title_cy=event.title_cy.strip(),
        description_en=event.description_en.strip(),
        description_cy=event.description_cy.strip(),
        venue=event.venue.strip(),
        url=checked_url(event.url),
        presenters=presenters,
    )


def _hhmm(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value else "–"


def add_event(engine: sa.Engine, event: Event, who=None, now: dt.datetime | None = None) -> Event:
    """Keep ``event`` (its ``id`` is ignored) once checked (:func:`checked_event`); the event as kept."""
    now = now or dt.datetime.now(dt.UTC)
    actor = _allowed(engine, who, "event", event.title_en, now)
    event = checked_event(event)
    who = _person(actor)
    with engine.begin() as conn:
        made = conn.execute(
            events_table.insert().values(
                title_en=event.title_en,
                title_cy=event.title_cy,
                description_en=event.description_en,
                description_cy=event.description_cy,
                day=event.day,
                start_time=_hhmm(event.start) if event.start else None,
                end_time=_hhmm(event.end) if event.end else None,
                venue=event.venue,
                board=event.board,
                url=event.url,
                status=event.status,
                presenters=json.dumps(list(event.presenters), ensure_ascii=False),
                added_at=now,
                added_by=who,
            )
        ).inserted_primary_key[0]
        _audit(conn, actor, "event_add", f"#{made} {event.day.isoformat()} {event.title_en}", now)
        _bump(conn, now)
    return replace(event, id=made, added_at=now, added_by=who)


def set_event_status(engine: sa.Engine, event_id: int, status: str, who=None, now: dt.datetime | None = None) -> None:
    """Mark an event planned, held or cancelled."""
    now = now or dt.datetime.now(dt.UTC)
    actor = _allowed(engine, who, "event", f"#{event_id} {status}", now)
    if status not in STATUSES:
        raise StoreError("store.event_bad_status", status=status, statuses=", ".join(STATUSES))
    with engine.begin() as conn:
        _live(conn, event_id)
        conn.execute(events_table.update().where(events_table.c.id == event_id).values(status=status))
        _audit(conn, actor, "event_status", f"#{event_id} {status}", now)
        _bump(conn, now)


def remove_event(engine: sa.Engine, event_id: int, who=None, now: dt.datetime | None = None) -> None:
    """Stop showing an event; its row stays, with who removed it and when."""
    now = now or dt.datetime.now(dt.UTC)
    actor = _allowed(engine, who, "event", f"#{event_id}", now)
    who = _person(actor)
    with engine.begin() as conn:
        _live(conn, event_id)
        conn.execute(events_table.update().where(events_table.c.id == event_id).values(removed_at=now, removed_by=who))
        _audit(conn, actor, "event_remove", f"#{event_id}", now)
        _bump(conn, now)


def _live(conn, event_id: int) -> None:
    """Refuse an event the store does not hold, or holds removed."""
    found = conn.execute(sa.select(events_table.c.removed_at).where(events_table.c.id == event_id)).first()
    if found is None or found.removed_at is not None:
        raise StoreError("store.no_event", id=event_id)


def events(engine: sa.Engine, removed: bool = False) -> list[Event]:
    """The events, in the order they were added; those removed too with ``removed`` (the history)."""
    query = sa.select(events_table).order_by(events_table.c.id)
    if not removed:
        query = query.where(events_table.c.removed_at.is_(None))
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [_event(row) for row in rows]


def _event(row) -> Event:
    return Event(
        id=row["id"],
        title_en=row["title_en"],
        title_cy=row["title_cy"],
        description_en=row["description_en"],
        description_cy=row["description_cy"],
        day=row["day"],
        start=checked_time(row["start_time"]),
        end=checked_time(row["end_time"]),
        venue=row["venue"],
        board=row["board"],
        url=row["url"],
        status=row["status"],
        presenters=tuple(json.loads(row["presenters"] or "[]")),
        added_at=_aware(row["added_at"]),
        added_by=row["added_by"],
        removed_at=_aware(row["removed_at"]),
        removed_by=row["removed_by"],
    )
