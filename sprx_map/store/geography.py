"""Official boundaries and cluster populations loaded by hub staff, kept as versions; one in use per
level and kind, else the embedded geography."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from sprx_map.messages import message
from sprx_map.store.changes import StoreError, _allowed, _audit, _bump, _person
from sprx_map.store.tables import geography_versions_table


def save_geography(engine: sa.Engine, load, who=None, activate: bool = True) -> int:
    """Store a checked boundary or population load as a new version; its id.

    ``load`` is a :class:`~sprx_map.geo.boundaries.BoundaryLoad` or
    :class:`~sprx_map.geo.lookups.PracticeLoad` without problems. The same content
    (sha256) for the same level and kind again changes nothing and gives the
    existing version's id. With ``activate`` the new version replaces the active
    one of its level and kind. One transaction.
    """
    actor = _allowed(engine, who, "geography", f"{load.level} {load.kind}: {load.source}")
    if not load.ok:
        raise StoreError("store.geography_problems", file=load.source, problem=load.problems[0])
    who = _person(actor)
    table = geography_versions_table
    try:
        with engine.begin() as conn:
            same = (table.c.level == load.level) & (table.c.kind == load.kind)
            existing = conn.execute(sa.select(table.c.id).where(same, table.c.sha256 == load.sha256)).scalar()
            if activate:
                conn.execute(table.update().where(same, table.c.active).values(active=False))
                _bump(conn, dt.datetime.now(dt.UTC))
            detail = f"{load.level} {load.kind}: {load.source} ({load.sha256[:12]})"
            if existing is not None:  # the same content again: no new version, but it is the one in use
                if activate:
                    conn.execute(table.update().where(table.c.id == existing).values(active=True))
                    _audit(conn, actor, "geography_use", f"{load.level} {load.kind}: #{existing}")
                return int(existing)
            _audit(conn, actor, "geography_load" + ("_use" if activate else ""), detail)
            return int(
                conn.execute(
                    table.insert().values(
                        level=load.level,
                        kind=load.kind,
                        source_file=load.source[:255],
                        sha256=load.sha256,
                        features=int(load.features_read),
                        loaded_at=dt.datetime.now(dt.UTC),
                        loaded_by=who,
                        payload=load.payload(),
                        active=bool(activate),
                    )
                ).inserted_primary_key[0]
            )
    except sa.exc.IntegrityError as exc:  # another load of the same level and kind won the race
        raise StoreError("store.geography_race", level=message(f"geo.level_word.{load.level}")) from exc


def use_geography(engine: sa.Engine, level: str, kind: str, version_id: int | None, who=None) -> None:
    """Make version ``version_id`` the active one for ``level`` and ``kind``; None goes back to the embedded one."""
    chosen = f"{level} {kind}: " + (f"#{version_id}" if version_id is not None else "embedded")
    actor = _allowed(engine, who, "geography", chosen)
    table = geography_versions_table
    same = (table.c.level == level) & (table.c.kind == kind)
    with engine.begin() as conn:
        if version_id is not None:
            found = conn.execute(sa.select(table.c.level, table.c.kind).where(table.c.id == version_id)).first()
            if found is None:
                raise StoreError("store.no_version", id=version_id)
            if tuple(found) != (level, kind):
                raise StoreError(
                    "store.other_version",
                    id=version_id,
                    found=message(
                        "store.level_kind",
                        level=message(f"geo.level_word.{found.level}"),
                        kind=message(f"geo.kind.{found.kind}"),
                    ),
                    wanted=message(
                        "store.level_kind", level=message(f"geo.level_word.{level}"), kind=message(f"geo.kind.{kind}")
                    ),
                )
        conn.execute(table.update().where(same, table.c.active).values(active=False))
        if version_id is not None:
            conn.execute(table.update().where(table.c.id == version_id).values(active=True))
        _audit(conn, actor, "geography_use", chosen)
        _bump(conn, dt.datetime.now(dt.UTC))


def geography_versions(engine: sa.Engine) -> pd.DataFrame:
    """Every stored geography version, newest first, without its payload (``payload_bytes`` gives its size)."""
    table = geography_versions_table
    columns = [c for c in table.columns if c.name != "payload"]
    query = sa.select(*columns, sa.func.length(table.c.payload).label("payload_bytes")).order_by(
        table.c.loaded_at.desc(), table.c.id.desc()
    )
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return pd.DataFrame(rows, columns=[*(c.name for c in columns), "payload_bytes"])


def active_geography(engine: sa.Engine) -> dict[tuple[str, str], dict]:
    """(level, kind) -> the active version: id, source_file, sha256, loaded_at, loaded_by and payload (text)."""
    table = geography_versions_table
    query = sa.select(table).where(table.c.active).order_by(table.c.level, table.c.kind)
    with engine.connect() as conn:
        return {(row["level"], row["kind"]): dict(row) for row in conn.execute(query).mappings()}
