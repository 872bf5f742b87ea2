"""What every change to the store shares: the refusal that leaves it unchanged, who made the change,
and the revision it counts."""

from __future__ import annotations

import datetime as dt
import getpass

import sqlalchemy as sa

from sprx_map.messages import Refusal
from sprx_map.store.tables import meta_table


class StoreError(Refusal):
    """A change that cannot go ahead; nothing was changed. A catalogue key and its values, worded when shown."""


# The store's revision: a number that goes up, and when, with every change that alters what the dashboard shows
# (an import, a withdrawal, a geography version in use). Reading it is one small query.
REVISION, CHANGED_AT = "revision", "changed_at"


def _start_revision(conn) -> None:
    """The revision's rows, when the store has none yet (a new store, or one from before version 4)."""
    present = set(conn.execute(sa.select(meta_table.c.key)).scalars())
    for key, value in ((REVISION, "0"), (CHANGED_AT, "")):
        if key not in present:
            conn.execute(meta_table.insert().values(key=key, value=value))


def _bump(conn, now: dt.datetime) -> None:
    """Count one more change to the store, in the change's own transaction (one atomic update: changes made
    at once by several processes each count)."""
    counter = sa.cast(sa.cast(meta_table.c.value, sa.Integer) + 1, sa.String)
    conn.execute(meta_table.update().where(meta_table.c.key == REVISION).values(value=counter))
    conn.execute(meta_table.update().where(meta_table.c.key == CHANGED_AT).values(value=now.isoformat()))


def revision(engine: sa.Engine) -> tuple[int, str]:
    """(how many changes the store has had, when the last was: ISO time or ""); one small query."""
    query = sa.select(meta_table.c.key, meta_table.c.value).where(meta_table.c.key.in_((REVISION, CHANGED_AT)))
    with engine.connect() as conn:
        found = dict(conn.execute(query).all())
    return int(found.get(REVISION) or 0), found.get(CHANGED_AT) or ""


PERSON_LENGTH = 100  # characters of imported_by, withdrawn_by, loaded_by, saved_by and removed_by


def _person(who: str | None) -> str:
    """Who changes the store, as recorded: the name given (else the server's account), refused when longer
    than its column holds (PostgreSQL would fail the change halfway; SQLite would keep it whole)."""
    who = (who or "").strip() or _who()
    if len(who) > PERSON_LENGTH:
        raise StoreError("store.name_too_long", length=len(who), limit=PERSON_LENGTH)
    return who


def _who() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
