"""What every change to the store shares: the refusal that leaves it unchanged, who made the change,
and the revision it counts."""

from __future__ import annotations

import datetime as dt
import getpass

import sqlalchemy as sa

from sprx_map import roles
from sprx_map.messages import Refusal, message
from sprx_map.store.tables import audit_table, meta_table


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


def _person(who: roles.Actor | str | None) -> str:
    """Who changes the store, as recorded: the actor's name, or the name given (else the server's account),
    refused when longer than its column holds (PostgreSQL would fail the change halfway; SQLite would keep it
    whole)."""
    who = who.name if isinstance(who, roles.Actor) else who
    who = (who or "").strip() or _who()
    if len(who) > PERSON_LENGTH:
        raise StoreError("store.name_too_long", length=len(who), limit=PERSON_LENGTH)
    return who


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives back times without their zone; they were written in UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment is not None and moment.tzinfo is None else moment


def _who() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _allowed(engine: sa.Engine, who: roles.Actor | str | None, action: str, detail: str = "", now=None) -> roles.Actor:
    """``who`` as an actor, when their role allows ``action``; else the refusal is put in the audit table and
    raised, before anything is changed. Every function that changes the store calls it first: the pages hide
    what a person may not do, but this is the check that holds."""
    actor = roles.actor_of(who)
    if not actor.may(action):
        with engine.begin() as conn:
            _audit(conn, actor, "refused", f"{action}: {detail}".rstrip(": "), now)
        raise StoreError(
            "store.not_allowed",
            action=message(f"roles.action.{action}"),
            role=message(f"roles.role.{actor.role}"),
        )
    return actor


def _audit(conn, who: roles.Actor | str | None, action: str, detail: str, now: dt.datetime | None = None) -> None:
    """Append a row to the audit table, in the change's own transaction (so it is there exactly when the change
    is): who, with what role, what and when, from which address."""
    actor = roles.actor_of(who)
    conn.execute(
        audit_table.insert().values(
            at=now or dt.datetime.now(dt.UTC),
            actor=_person(actor)[:PERSON_LENGTH],
            role=actor.role,
            action=action,
            detail=detail,
            address=(actor.address or "")[:100],
        )
    )
