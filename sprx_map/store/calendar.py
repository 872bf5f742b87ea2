"""A round opened for collection: its reporting period, when its returns are due, and its title."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from sprx_map import schema
from sprx_map.store.changes import StoreError, _allowed, _audit, _bump, _person
from sprx_map.store.tables import rounds_table

TITLE_LENGTH = 200  # characters of a round's title


@dataclass(frozen=True)
class RoundDates:
    """What the store knows of a round's dates (None where not set)."""

    label: str
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    deadline: dt.date | None = None
    title: str | None = None

    @property
    def period(self) -> tuple[dt.date, dt.date] | None:
        return (self.period_start, self.period_end) if self.period_start and self.period_end else None


def open_round(
    engine: sa.Engine,
    label: str,
    period: tuple[dt.date, dt.date],
    deadline: dt.date,
    title: str | None = None,
    who=None,
    now: dt.datetime | None = None,
) -> RoundDates:
    """Open a round for collection: record its reporting period (start, end), its deadline and a title.

    Opening a round that exists sets them again (its returns stay as they are); a title not given leaves the one
    recorded. Refused, with nothing changed, for a label the store does not take, a period that ends before it
    starts, a deadline before the period starts or a title longer than :data:`TITLE_LENGTH`.
    """
    start, end = period
    now = now or dt.datetime.now(dt.UTC)
    actor = _allowed(engine, who, "round", label, now)
    if not schema.ROUND_PATTERN.match(label or ""):
        raise StoreError("store.bad_round", round=label)
    if end < start:
        raise StoreError("store.period_backwards", start=start.isoformat(), end=end.isoformat())
    if deadline < start:
        raise StoreError("store.deadline_before_period", deadline=deadline.isoformat(), start=start.isoformat())
    title = (title or "").strip() or None
    if title is not None and len(title) > TITLE_LENGTH:
        raise StoreError("store.title_too_long", length=len(title), limit=TITLE_LENGTH)
    who = _person(actor)
    values = {"period_start": start, "period_end": end, "deadline": deadline, "changed_at": now, "changed_by": who}
    if title is not None:
        values["title"] = title
    with engine.begin() as conn:
        found = conn.execute(sa.select(rounds_table.c.label).where(rounds_table.c.label == label)).first()
        if found is None:
            conn.execute(rounds_table.insert().values(label=label, **values))
        else:
            conn.execute(rounds_table.update().where(rounds_table.c.label == label).values(**values))
        _audit(conn, actor, "round_open", f"{label}: {start}:{end}, {deadline}, {title or ''}".rstrip(", "), now)
        _bump(conn, now)
    return round_dates(engine)[label]


def round_dates(engine: sa.Engine) -> dict[str, RoundDates]:
    """Every round the store has dates for (opened, or given a period on import): label -> its dates."""
    table = rounds_table.c
    query = sa.select(table.label, table.period_start, table.period_end, table.deadline, table.title)
    with engine.connect() as conn:
        return {row.label: RoundDates(*row) for row in conn.execute(query).all()}
