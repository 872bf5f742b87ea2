"""Where the store is, and opening it: its tables created, or an older store upgraded step by step."""

from __future__ import annotations

import sqlalchemy as sa

from sprx_map import DATA_DIR
from sprx_map.store.changes import StoreError, _start_revision
from sprx_map.store.references import give_existing, start_counters
from sprx_map.store.tables import (
    accounts_table,
    audit_table,
    contacts_table,
    events_table,
    geography_versions_table,
    mappings_table,
    meta_table,
    metadata,
    projects,
    reference_counters,
    rounds_table,
    sign_in_failures_table,
    submissions,
)

SCHEMA_VERSION = 8
DEFAULT_PATH = DATA_DIR / "store" / "sprx-map.sqlite"
URL_VARIABLE = "SPRX_DATABASE_URL"


def database_url(url: str | None = None) -> str:
    """The store's URL: the one given, else ``SPRX_DATABASE_URL``, else the default SQLite file."""
    from sprx_map.settings import value

    if url:
        return url
    if value(URL_VARIABLE):
        return value(URL_VARIABLE)
    DEFAULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_PATH}"


def connect(url: str | None = None) -> sa.Engine:
    """An engine on the store, with its tables created or upgraded to :data:`SCHEMA_VERSION`."""
    from sprx_map.settings import value

    url = database_url(url)
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 60})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_setup(dbapi_connection, _record):  # foreign keys on; we issue BEGIN ourselves
            dbapi_connection.isolation_level = None
            dbapi_connection.execute("PRAGMA foreign_keys = ON")
            dbapi_connection.execute("PRAGMA journal_mode = WAL")

        @sa.event.listens_for(engine, "begin")
        def _sqlite_begin(connection):  # take the write lock at once, so concurrent imports queue
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        # A PostgreSQL that accepts the connection but never answers would otherwise hold every page that
        # reads the store: give up after the set time, and the page says the store cannot be reached.
        timeout = {"connect_timeout": value("SPRX_DATABASE_CONNECT_SECONDS")} if url.startswith("postgresql") else {}
        engine = sa.create_engine(url, pool_pre_ping=True, connect_args=timeout)
    _upgrade(engine)
    return engine


def _upgrade(engine: sa.Engine) -> None:
    """Create the tables, or upgrade an older store step by step (each step in a transaction)."""
    with engine.begin() as conn:
        metadata.create_all(conn, checkfirst=True)
        version = conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == "schema_version")).scalar()
        if version is None:
            conn.execute(meta_table.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
            _start_revision(conn)
            start_counters(conn)
            return
        if int(version) > SCHEMA_VERSION:
            raise StoreError("store.schema_newer", version=version, known=SCHEMA_VERSION)
        for step in range(int(version) + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[step](conn)
            conn.execute(meta_table.update().where(meta_table.c.key == "schema_version").values(value=str(step)))


def _add_geography_versions(conn) -> None:
    """Version 2: the table of official geography versions (nothing else changes)."""
    geography_versions_table.create(conn, checkfirst=True)


def _add_saved_mappings(conn) -> None:
    """Version 3: the table of saved heading and value mappings (nothing else changes)."""
    mappings_table.create(conn, checkfirst=True)


def _add_withdrawals(conn) -> None:
    """Version 4: a submission can be withdrawn (when, by whom, why); the store counts its changes."""
    _start_revision(conn)
    present = {c["name"] for c in sa.inspect(conn).get_columns("submissions")}
    for name in ("withdrawn_at", "withdrawn_by", "withdrawn_reason"):
        if name not in present:
            column = submissions.c[name]
            kind = column.type.compile(dialect=conn.dialect)
            conn.execute(sa.text(f"ALTER TABLE submissions ADD COLUMN {name} {kind}"))


def _add_periods(conn) -> None:
    """Version 5: rounds have a reporting period; projects say where theirs came from and have a type."""
    rounds_table.create(conn, checkfirst=True)
    present = {c["name"] for c in sa.inspect(conn).get_columns("projects")}
    for name in ("project_type", "period_source"):
        if name not in present:
            kind = projects.c[name].type.compile(dialect=conn.dialect)
            conn.execute(sa.text(f"ALTER TABLE projects ADD COLUMN {name} {kind}"))


def _add_collection(conn) -> None:
    """Version 6: rounds have a deadline and a title; projects a reference (given here to every project the
    store holds, round by round); each board's references are counted; boards have contacts."""
    for table, names in ((rounds_table, ("deadline", "title")), (projects, ("project_reference",))):
        present = {c["name"] for c in sa.inspect(conn).get_columns(table.name)}
        for name in names:
            if name not in present:
                kind = table.c[name].type.compile(dialect=conn.dialect)
                conn.execute(sa.text(f"ALTER TABLE {table.name} ADD COLUMN {name} {kind}"))
    reference_counters.create(conn, checkfirst=True)
    contacts_table.create(conn, checkfirst=True)
    start_counters(conn)
    give_existing(conn)


def _add_accounts(conn) -> None:
    """Version 7: named accounts, the counters of wrong passwords, and the audit table (nothing else changes)."""
    for table in (accounts_table, sign_in_failures_table, audit_table):
        table.create(conn, checkfirst=True)


def _add_events(conn) -> None:
    """Version 8: the table of learning events (nothing else changes)."""
    events_table.create(conn, checkfirst=True)


# step number -> function(connection) that brings the schema from step - 1 to step
MIGRATIONS: dict[int, callable] = {
    2: _add_geography_versions,
    3: _add_saved_mappings,
    4: _add_withdrawals,
    5: _add_periods,
    6: _add_collection,
    7: _add_accounts,
    8: _add_events,
}
