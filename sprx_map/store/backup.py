"""A consistent copy of the store while the app runs, and a store written back from it.

A backup is a folder: ``manifest.json`` (the store's engine and schema version, when the copy was made, and
every table with its columns and rows), the copy itself, and ``SHA256SUMS`` (the sha256 of every other file,
as ``sha256sum`` writes it, so ``sha256sum -c SHA256SUMS`` checks it too). The copy:

- from SQLite, ``store.sqlite``, made in one step of SQLite's online backup API: readers and writers carry on,
  and the copy is the store as one moment saw it;
- from PostgreSQL, every table as JSON lines (``tables/NAME.jsonl``: one JSON array a row, its columns named in
  the manifest) read in one REPEATABLE READ transaction, and, when a ``pg_dump`` that fits the server is
  installed, ``store.dump`` (custom format) made from the same snapshot (``pg_export_snapshot``), so both, and
  the manifest's counts, are the same moment.

Restoring checks every sha256 first (a damaged backup is refused, nothing changed), refuses a store that holds
data unless asked to replace it, writes the backup the most direct way the two engines allow (SQLite's backup
API into SQLite, ``pg_restore`` into PostgreSQL, else the rows table by table in one transaction: SQLite into
PostgreSQL and back), then checks that every table holds the rows the manifest counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from sprx_map.store.changes import StoreError, _bump
from sprx_map.store.migrations import SCHEMA_VERSION, connect, database_url
from sprx_map.store.tables import meta_table, metadata

MANIFEST, SUMS, SQLITE_COPY, DUMP, TABLES = "manifest.json", "SHA256SUMS", "store.sqlite", "store.dump", "tables"
FORMAT = "sprx-map store backup 1"


@dataclass
class Done:
    """What a backup or a restore did: how (``sqlite``, ``pg_dump``, ``portable``, ``pg_restore``), the rows of
    each table, and how long it took."""

    how: str
    tables: dict[str, int]
    seconds: float

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def backup(url: str | None, out: Path, now: dt.datetime | None = None) -> Done:
    """Write a consistent copy of the store at ``url`` into the folder ``out`` (new, or empty).

    Written into a folder beside ``out`` and renamed at the end, so ``out`` holds a whole backup or nothing.
    """
    started = time.perf_counter()
    url = database_url(url)
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise StoreError("backup.out_not_empty", out=str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        if url.startswith("sqlite"):
            how, tables, version = _sqlite_copy(url, work)
        else:
            how, tables, version = _postgres_copy(url, work)
        manifest = {
            "format": FORMAT,
            "engine": "sqlite" if url.startswith("sqlite") else "postgresql",
            "how": how,
            "schema_version": version,
            "made_at": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
            "tables": tables,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        files = sorted(p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file())
        (work / SUMS).write_text("".join(f"{_sha256(work / f)}  {f}\n" for f in files), encoding="utf-8")
        os.replace(work, out)  # an empty ``out`` is replaced whole
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Done(how, {name: table["rows"] for name, table in tables.items()}, time.perf_counter() - started)


def verify(folder: Path) -> dict:
    """The backup's manifest, once every file ``SHA256SUMS`` lists is there with its sha256; else refused."""
    folder = Path(folder)
    sums = folder / SUMS
    if not sums.is_file():
        raise StoreError("backup.no_sums", folder=str(folder))
    listed = dict(reversed(line.split("  ", 1)) for line in sums.read_text(encoding="utf-8").splitlines() if line)
    bad = sorted(
        name for name, digest in listed.items() if not (folder / name).is_file() or _sha256(folder / name) != digest
    )
    if bad or MANIFEST not in listed:
        raise StoreError("backup.damaged", folder=str(folder), files=", ".join(bad or [MANIFEST]))
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise StoreError("backup.damaged", folder=str(folder), files=MANIFEST)
    return manifest


def restore(folder: Path, url: str | None, *, replace: bool = False, portable: bool = False) -> Done:
    """Write the backup in ``folder`` into the store at ``url``: new or empty, or any with ``replace``.

    Checked before (every sha256; a store holding data needs ``replace``; a backup of a newer schema is refused,
    all with nothing changed) and after (every table holds the rows the manifest counts). ``portable``: write
    the rows table by table even where SQLite's backup API or ``pg_restore`` could be used.
    """
    started = time.perf_counter()
    url, folder = database_url(url), Path(folder)
    manifest = verify(folder)
    if int(manifest["schema_version"]) > SCHEMA_VERSION:
        raise StoreError("store.schema_newer", version=manifest["schema_version"], known=SCHEMA_VERSION)
    held = holding(url)
    if held and not replace:
        raise StoreError("backup.not_empty", url=shown(url), tables=", ".join(held))
    expected = {name: table["rows"] for name, table in manifest["tables"].items()}
    how = None
    if not portable and url.startswith("sqlite") and manifest["engine"] == "sqlite":
        how = _sqlite_restore(folder / SQLITE_COPY, url)
    elif not portable and not url.startswith("sqlite") and (folder / DUMP).is_file():
        how = _pg_restore(folder / DUMP, url)  # None when no pg_restore fits, or it failed (nothing changed)
    if how is None:
        how = "portable"
        _portable_restore(folder, manifest, url, expected)
    else:
        found = counts(url, expected)
        if found != expected:
            raise StoreError("backup.mismatch", url=shown(url), tables=_differences(expected, found))
        with sa.create_engine(url).begin() as conn:  # a running app reads the store again
            _bump(conn, dt.datetime.now(dt.UTC))
    connect(url).dispose()  # an older backup is upgraded now, not by the next reader
    return Done(how, expected, time.perf_counter() - started)


def holding(url: str) -> list[str]:
    """The store's tables that hold rows (its own bookkeeping, ``sprx_meta``, aside); none for a new store."""
    if url.startswith("sqlite") and not Path(sa.engine.make_url(url).database or "").is_file():
        return []
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            present = set(sa.inspect(conn).get_table_names())
            names = [t.name for t in metadata.sorted_tables if t.name in present and t is not meta_table]
            return [
                name
                for name in names
                if conn.execute(sa.select(sa.func.count()).select_from(metadata.tables[name])).scalar()
            ]
    finally:
        engine.dispose()


def counts(url: str, names) -> dict[str, int]:
    """Rows in each of the tables ``names`` of the store at ``url``."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {n: conn.execute(sa.text(f'SELECT COUNT(*) FROM "{n}"')).scalar() for n in names}
    finally:
        engine.dispose()


def _differences(expected: dict[str, int], found: dict[str, int]) -> str:
    return ", ".join(f"{n} {found.get(n)}/{rows}" for n, rows in expected.items() if found.get(n) != rows)


def shown(url: str) -> str:
    return sa.engine.make_url(url).render_as_string(hide_password=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# SQLite


def _sqlite_path(url: str) -> Path:
    return Path(sa.engine.make_url(url).database or "")


def _sqlite_copy(url: str, work: Path) -> tuple[str, dict, int]:
    source = _sqlite_path(url)
    if not source.is_file():
        raise StoreError("backup.no_store", url=shown(url))
    src, dst = sqlite3.connect(source, timeout=60), sqlite3.connect(work / SQLITE_COPY)
    try:
        src.backup(dst)  # every page in one step: the copy is one moment of the store, whatever writes meanwhile
        dst.execute("PRAGMA journal_mode = DELETE")  # a lone file: opening it later leaves no -wal or -shm beside it
    finally:
        src.close()
        dst.close()
    engine = sa.create_engine(f"sqlite:///{work / SQLITE_COPY}")
    try:
        with engine.connect() as conn:
            return "sqlite", _describe(conn), _schema_version(conn)
    finally:
        engine.dispose()


def _sqlite_restore(copy: Path, url: str) -> str:
    target = _sqlite_path(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(f"file:{copy}?mode=ro", uri=True), sqlite3.connect(target, timeout=60)
    try:
        src.backup(dst)  # in one write transaction on the target: readers see the old store or the new one
        dst.execute("PRAGMA journal_mode = WAL")  # as the app opens it
    finally:
        src.close()
        dst.close()
    return "sqlite"


# PostgreSQL


def _postgres_copy(url: str, work: Path) -> tuple[str, dict, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
            if "sprx_meta" not in sa.inspect(conn).get_table_names():
                raise StoreError("backup.no_store", url=shown(url))
            snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar()
            server = int(conn.exec_driver_sql("SHOW server_version_num").scalar()) // 10000
            dumped = _pg_dump(url, snapshot, server, work / DUMP)
            tables = _describe(conn, work)
            return ("pg_dump" if dumped else "portable"), tables, _schema_version(conn)
    finally:
        engine.dispose()


def _pg_tool(name: str, server: int) -> str | None:
    """The newest installed ``pg_dump`` or ``pg_restore`` of at least the server's major version."""
    found = [str(p) for p in Path("/usr/lib/postgresql").glob(f"*/bin/{name}")] + [shutil.which(name) or ""]
    for tool in sorted(filter(None, found), key=_major, reverse=True):
        if _major(tool) >= server:
            return tool
    return None


def _major(tool: str) -> int:
    try:
        said = subprocess.run([tool, "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return 0
    matched = re.search(r"\)\s+(\d+)", said)
    return int(matched.group(1)) if matched else 0


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The URL as libpq reads it, and the environment carrying its password (never on a command line)."""
    parsed = sa.engine.make_url(url)
    env = {**os.environ, **({"PGPASSWORD": parsed.password} if parsed.password else {})}
    return parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _server_major(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql("SHOW server_version_num").scalar()) // 10000
    finally:
        engine.dispose()


def _pg_dump(url: str, snapshot: str, server: int, path: Path) -> bool:
    tool = _pg_tool("pg_dump", server)
    if tool is None:
        return False
    address, env = _libpq(url)
    command = [tool, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", "-f", str(path)]
    done = subprocess.run([*command, "--dbname", address], capture_output=True, env=env, timeout=3600)
    if done.returncode != 0:
        path.unlink(missing_ok=True)
    return done.returncode == 0


def _pg_restore(dump: Path, url: str) -> str | None:
    tool = _pg_tool("pg_restore", _server_major(url))
    if tool is None:
        return None
    address, env = _libpq(url)
    # One transaction: a restore that fails leaves the store as it was (the rows are then written one by one).
    command = [tool, "--single-transaction", "--clean", "--if-exists", "--no-owner", "--no-privileges"]
    done = subprocess.run([*command, "--dbname", address, str(dump)], capture_output=True, env=env, timeout=3600)
    return "pg_restore" if done.returncode == 0 else None


# The portable copy: rows as JSON lines, written back through SQLAlchemy into either engine


def _present(conn) -> list[sa.Table]:
    """The store's tables that this version knows, in dependency order (a table after those it refers to)."""
    names = set(sa.inspect(conn).get_table_names())
    return [t for t in metadata.sorted_tables if t.name in names]


def _schema_version(conn) -> int:
    return int(conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == "schema_version")).scalar())


def _describe(conn, work: Path | None = None) -> dict:
    """Every table: its columns (as the store has them) and rows; with ``work``, its rows written there too."""
    described = {}
    for table in _present(conn):
        have = {c["name"] for c in sa.inspect(conn).get_columns(table.name)}
        columns = [c for c in table.columns if c.name in have]
        entry = {"columns": {c.name: str(c.type) for c in columns}}
        if work is None:
            entry["rows"] = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()
        else:
            (work / TABLES).mkdir(exist_ok=True)
            entry["file"] = f"{TABLES}/{table.name}.jsonl"
            rows = 0
            with (work / entry["file"]).open("w", encoding="utf-8") as f:
                for row in conn.execute(sa.select(*columns).order_by(*table.primary_key.columns)):
                    f.write(json.dumps(list(row), ensure_ascii=False, default=_encode, separators=(",", ":")) + "\n")
                    rows += 1
            entry["rows"] = rows
        described[table.name] = entry
    return described


def _encode(value):
    if isinstance(value, dt.datetime):  # in UTC, as SQLite keeps them (without the offset)
        return (value.astimezone(dt.UTC) if value.tzinfo else value).replace(tzinfo=None).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not kept in a backup")


def _decoder(column: sa.Column):
    if isinstance(column.type, sa.DateTime):
        zone = dt.UTC if column.type.timezone else None
        return lambda v: None if v is None else dt.datetime.fromisoformat(v).replace(tzinfo=zone)
    if isinstance(column.type, sa.Date):
        return lambda v: None if v is None else dt.date.fromisoformat(v)
    return lambda v: v


def _source_rows(folder: Path, manifest: dict):
    """(table name -> its rows as dicts), read from the JSON lines, or from a SQLite backup's own file."""
    if manifest["engine"] == "sqlite":
        engine = sa.create_engine(f"sqlite:///file:{folder / SQLITE_COPY}?mode=ro&uri=true")
        conn = engine.connect()

        def rows(name: str, columns: list[str]):
            table = metadata.tables[name]
            query = sa.select(*[table.c[c] for c in columns]).order_by(*table.primary_key.columns)
            return [dict(r._mapping) for r in conn.execute(query)]

        return rows, lambda: (conn.close(), engine.dispose())

    def lines(name: str, columns: list[str]):
        table = metadata.tables[name]
        decode = [_decoder(table.c[c]) for c in columns]
        with (folder / manifest["tables"][name]["file"]).open(encoding="utf-8") as f:
            return [{c: d(v) for c, d, v in zip(columns, decode, json.loads(line), strict=True)} for line in f]

    return lines, lambda: None


def _portable_restore(folder: Path, manifest: dict, url: str, expected: dict[str, int]) -> None:
    rows_of, close = _source_rows(folder, manifest)
    engine = connect(url)  # the tables of this version, created when the store is new
    try:
        with engine.begin() as conn:
            tables = _present(conn)
            for table in reversed(tables):
                conn.execute(table.delete())
            for table in tables:
                if table.name not in manifest["tables"]:
                    continue
                columns = list(manifest["tables"][table.name]["columns"])
                rows = _referred_first(table, rows_of(table.name, columns))
                for start in range(0, len(rows), 1000):
                    conn.execute(table.insert(), rows[start : start + 1000])
                _reset_sequence(conn, table)
            found = {n: conn.execute(sa.text(f'SELECT COUNT(*) FROM "{n}"')).scalar() for n in expected}
            if found != expected:  # raised inside the transaction: nothing is written
                raise StoreError("backup.mismatch_undone", url=shown(url), tables=_differences(expected, found))
            _bump(conn, dt.datetime.now(dt.UTC))
    finally:
        close()
        engine.dispose()


def _referred_first(table: sa.Table, rows: list[dict]) -> list[dict]:
    """Rows ordered so that a row referring to another of its table (a submission superseded by a newer one)
    comes after it: the foreign key and the one-current-submission index both hold at every insert."""
    own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    if not own:
        return rows
    (key,) = [c.name for c in table.primary_key.columns]
    placed, ordered, waiting = set(), [], rows
    while waiting:
        ready = [r for r in waiting if all(r.get(c) is None or r[c] in placed for c in own)]
        if not ready:  # a loop of references: leave the rest in their order (the insert then says what is wrong)
            ready = waiting
        ordered += ready
        placed |= {r[key] for r in ready}
        waiting = [r for r in waiting if r[key] not in placed]
    return ordered


def _reset_sequence(conn, table: sa.Table) -> None:
    """On PostgreSQL, the next id given after the restored ones (rows were written with their own ids)."""
    if conn.dialect.name != "postgresql":
        return
    for column in table.primary_key.columns:
        if isinstance(column.type, sa.Integer) and column.autoincrement in (True, "auto"):
            name = column.name
            conn.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{name}'), "
                    f'COALESCE(MAX("{name}"), 1), MAX("{name}") IS NOT NULL) FROM "{table.name}"'
                )
            )
