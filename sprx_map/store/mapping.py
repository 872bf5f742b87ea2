"""Saved mappings: what a person confirmed about a board's returns (a heading read as a field, a value
read as a key or area code), applied to its later returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from sprx_map import schema
from sprx_map.store.changes import StoreError, _allowed, _audit, _person
from sprx_map.store.tables import MAPPING_KINDS, mappings_table


@dataclass(frozen=True)
class Mapping:
    """One choice to remember for a board: a heading read as a field, or a value of a field read as a key."""

    kind: str  # "heading" or "value"
    field: str  # the value's field; "" for a heading
    written: str  # the heading or value as written
    target: str  # field key ("" for no field), value key or area code


def save_mappings(
    engine: sa.Engine, board: str, chosen: list[Mapping], who=None, now: dt.datetime | None = None
) -> int:
    """Remember ``chosen`` for ``board``'s later returns; a mapping for the same heading or value replaces
    the one before it (which stays, marked removed). One transaction. Returns how many changed."""
    now = now or dt.datetime.now(dt.UTC)
    actor = _allowed(engine, who, "save_mappings", board, now)
    who = _person(actor)
    table = mappings_table
    changed = 0
    with engine.begin() as conn:
        for m in chosen:
            if m.kind not in MAPPING_KINDS:
                raise StoreError("store.bad_mapping_kind", kind=m.kind)
            source = schema.normalise_label(m.written)  # as layout.key_of keys headings and values
            same = (
                (table.c.hb_code == board)
                & (table.c.kind == m.kind)
                & (table.c.field == m.field)
                & (table.c.source == source)
                & table.c.removed_at.is_(None)
            )
            current = conn.execute(sa.select(table.c.id, table.c.target).where(same)).first()
            if current is not None and current.target == m.target:
                continue
            if current is not None:
                conn.execute(table.update().where(table.c.id == current.id).values(removed_at=now, removed_by=who))
            conn.execute(
                table.insert().values(
                    hb_code=board,
                    kind=m.kind,
                    field=m.field,
                    source=source[:255],
                    written=m.written[:255],
                    target=m.target,
                    saved_at=now,
                    saved_by=who,
                )
            )
            changed += 1
            _audit(conn, actor, "mapping_save", f"{board} {m.kind} {m.field} {m.written!r} -> {m.target!r}", now)
    return changed


def mappings(engine: sa.Engine, board: str | None = None) -> pd.DataFrame:
    """The mappings in use (not removed), of one board or all, oldest first."""
    table = mappings_table
    query = sa.select(table).where(table.c.removed_at.is_(None)).order_by(table.c.hb_code, table.c.id)
    if board is not None:
        query = query.where(table.c.hb_code == board)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all(), columns=[c.name for c in table.columns])


def remove_mapping(engine: sa.Engine, mapping_id: int, who=None) -> None:
    """Stop applying a mapping; its row stays, with who removed it and when."""
    actor = _allowed(engine, who, "remove_mapping", f"#{mapping_id}")
    who = _person(actor)
    table = mappings_table
    with engine.begin() as conn:
        found = conn.execute(sa.select(table.c.removed_at).where(table.c.id == mapping_id)).first()
        if found is None or found.removed_at is not None:
            raise StoreError("store.no_mapping", id=mapping_id)
        conn.execute(
            table.update().where(table.c.id == mapping_id).values(removed_at=dt.datetime.now(dt.UTC), removed_by=who)
        )
        _audit(conn, actor, "mapping_remove", f"#{mapping_id}")


def saved_mappings(engine: sa.Engine):
    """A function board -> (heading key -> field, (field, value key) -> target), for reading returns."""

    def for_board(board: str) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
        table = mappings(engine, board)
        headings = {r.source: r.target for r in table.itertuples() if r.kind == "heading"}
        values = {(r.field, r.source): r.target for r in table.itertuples() if r.kind == "value"}
        return headings, values

    return for_board
