"""The store: every survey round, every submission and every earlier version.

SQLAlchemy 2 Core over SQLite (a file, by default) or PostgreSQL (when
``SPRX_DATABASE_URL`` is set). A submission is one board's return for one round;
importing a board again for the same round needs ``replace`` and keeps the
earlier submission in the history (marked superseded), so nothing is lost. Each
import call is one transaction: all of its files go in, or none does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pandas as pd
import sqlalchemy as sa

from sprx_map import DATA_DIR, schema
from sprx_map.messages import Refusal, message

SCHEMA_VERSION = 5
DEFAULT_PATH = DATA_DIR / "store" / "sprx-map.sqlite"
URL_VARIABLE = "SPRX_DATABASE_URL"

COUNTS = schema.COUNT_KEYS


class Submission(Protocol):
    """What the store needs of a board's return: the reader's report is one (the store does not import it)."""

    file: str
    sha256: str
    projects: pd.DataFrame

    def summary(self) -> dict[str, int]: ...


metadata = sa.MetaData()
meta_table = sa.Table(
    "sprx_meta",
    metadata,
    sa.Column("key", sa.String(50), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)
submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("round", sa.String(32), nullable=False),
    sa.Column("hb_code", sa.String(9), nullable=False),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    *[sa.Column(name, sa.Integer, nullable=False) for name in COUNTS],
    sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("imported_by", sa.String(100), nullable=False),
    sa.Column("superseded_by", sa.Integer, sa.ForeignKey("submissions.id"), nullable=True),
    # A withdrawn submission stays current (and in the history) but stops counting (schema version 4).
    sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("withdrawn_by", sa.String(100), nullable=True),
    sa.Column("withdrawn_reason", sa.Text, nullable=True),
    # At most one current submission per board and round, whatever runs at once.
    sa.Index(
        "one_current_submission",
        "round",
        "hb_code",
        unique=True,
        sqlite_where=sa.text("superseded_by IS NULL"),
        postgresql_where=sa.text("superseded_by IS NULL"),
    ),
)
projects = sa.Table(
    "projects",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False, index=True),
    sa.Column("source_row", sa.Integer, nullable=False),
    *[sa.Column(f.key, f.kind.sql, nullable=not f.required) for f in schema.FIELDS],
    # Where the project's reporting period came from: "project" (its own columns), "heading" (the referrals
    # heading named it) or "" (the round's applies); schema version 5.
    sa.Column("period_source", sa.String(10), nullable=True),
)

# A survey round's reporting period (schema version 5): what a count of referrals over the round is a count of.
# A round imported without one has none; its projects' referrals are then counted over their own periods only.
rounds_table = sa.Table(
    "rounds",
    metadata,
    sa.Column("label", sa.String(32), primary_key=True),
    sa.Column("period_start", sa.Date, nullable=True),
    sa.Column("period_end", sa.Date, nullable=True),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("changed_by", sa.String(100), nullable=False),
)

# Official boundaries and cluster populations loaded by hub staff (schema version 2). Versions
# are never deleted; at most one is active per level and kind, else the embedded geography is used.
geography_versions_table = sa.Table(
    "geography_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("level", sa.String(20), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # "boundaries" or "populations"
    sa.Column("source_file", sa.String(255), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("features", sa.Integer, nullable=False),
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("loaded_by", sa.String(100), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),  # GeoJSON FeatureCollection, or JSON cluster id -> patients
    sa.Column("active", sa.Boolean, nullable=False),
    sa.UniqueConstraint("level", "kind", "sha256", name="one_version_per_content"),
    sa.Index(
        "one_active_geography",
        "level",
        "kind",
        unique=True,
        sqlite_where=sa.text("active"),
        postgresql_where=sa.text("active"),
    ),
)
GEOGRAPHY_KINDS = ("boundaries", "populations")

# What a person confirmed about a board's returns, applied to its later returns (schema version 3):
# a heading read as a field ("" for no field), or a value of a field read as a key or area code.
# A removed mapping keeps its row, with who removed it and when.
mappings_table = sa.Table(
    "saved_mappings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("hb_code", sa.String(9), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),  # "heading" or "value"
    sa.Column("field", sa.String(40), nullable=False),  # the value's field; "" for a heading
    sa.Column("source", sa.String(255), nullable=False),  # the heading or value, normalised (layout.key_of)
    sa.Column("written", sa.String(255), nullable=False),  # as it was written, for people
    sa.Column("target", sa.String(64), nullable=False),  # field key ("" for no field), value key or area code
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("saved_by", sa.String(100), nullable=False),
    sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("removed_by", sa.String(100), nullable=True),
    sa.Index(
        "one_live_mapping",
        "hb_code",
        "kind",
        "field",
        "source",
        unique=True,
        sqlite_where=sa.text("removed_at IS NULL"),
        postgresql_where=sa.text("removed_at IS NULL"),
    ),
)
MAPPING_KINDS = ("heading", "value")


class StoreError(Refusal):
    """A change that cannot go ahead; nothing was changed. A catalogue key and its values, worded when shown."""


@dataclass
class FileOutcome:
    """What an import did with one file."""

    file: str
    hb_code: str
    action: str  # "imported", "replaced", "restored" (after a withdrawal), "unchanged"
    projects: int
    left_out: int  # rejected rows, never imported


@dataclass
class ImportResult:
    round: str
    files: list[FileOutcome] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(f.action != "unchanged" for f in self.files)


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
        engine = sa.create_engine(url, pool_pre_ping=True)
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


# step number -> function(connection) that brings the schema from step - 1 to step
MIGRATIONS: dict[int, callable] = {
    2: _add_geography_versions,
    3: _add_saved_mappings,
    4: _add_withdrawals,
    5: _add_periods,
}


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


def _board_of(report: Submission) -> str:
    boards = sorted(set(report.projects["health_board"]))
    if not boards:
        raise StoreError("store.no_board", file=report.file)
    if len(boards) > 1:
        raise StoreError("store.several_boards", file=report.file, count=len(boards), boards=", ".join(boards))
    return boards[0]


def import_reports(
    engine: sa.Engine,
    reports: list[Submission],
    round_label: str,
    *,
    replace: bool = False,
    who: str | None = None,
    now: dt.datetime | None = None,
    period: tuple[dt.date, dt.date] | None = None,
) -> ImportResult:
    """Import the accepted rows of ``reports`` as one board submission each, all or nothing.

    The same file content for the same board and round again changes nothing.
    Different content needs ``replace``, which supersedes the earlier submission
    and keeps it in the history. Rejected rows are never imported. ``period`` (start, end) records the
    round's reporting period in the same transaction.
    """
    periods = {round_label: period} if period else None
    return import_rounds(engine, {round_label: reports}, replace=replace, who=who, now=now, periods=periods)[0]


def import_rounds(
    engine: sa.Engine,
    rounds: dict[str, list[Submission]],
    *,
    replace: bool = False,
    who: str | None = None,
    now: dt.datetime | None = None,
    periods: dict[str, tuple[dt.date, dt.date]] | None = None,
) -> list[ImportResult]:
    """:func:`import_reports` of several rounds (round label -> reports) in one transaction: another process
    sees all of them or none (as when a new store is seeded with the illustrative rounds)."""
    who = _person(who)
    now = now or dt.datetime.now(dt.UTC)
    planned = []
    for round_label, reports in rounds.items():
        if not schema.ROUND_PATTERN.match(round_label or ""):
            raise StoreError("store.bad_round", round=round_label)
        boards = [_board_of(r) for r in reports]
        duplicates = {b for b in boards if boards.count(b) > 1}
        if duplicates:
            raise StoreError("store.same_board_twice", boards=", ".join(sorted(duplicates)))
        planned.append((ImportResult(round_label), reports, boards))
    try:
        with engine.begin() as conn:
            for label, (start, end) in (periods or {}).items():
                set_round_period(engine, label, start, end, who, conn=conn)
            for result, reports, boards in planned:
                for report, board in zip(reports, boards, strict=True):
                    result.files.append(_import_one(conn, report, board, result.round, replace, who, now))
    except sa.exc.IntegrityError as exc:  # another import of the same board and round won the race
        raise StoreError("store.import_race", round=", ".join(rounds)) from exc
    return [result for result, _, _ in planned]


def _import_one(
    conn, report: Submission, board: str, round_label: str, replace: bool, who: str, now: dt.datetime
) -> FileOutcome:
    current = (
        conn.execute(
            sa.select(submissions).where(
                submissions.c.round == round_label,
                submissions.c.hb_code == board,
                submissions.c.superseded_by.is_(None),
            )
        )
        .mappings()
        .first()
    )
    summary = report.summary()
    left_out = summary["rejected"]
    withdrawn = current is not None and current["withdrawn_at"] is not None
    if current is not None and current["sha256"] == report.sha256 and not withdrawn:
        return FileOutcome(report.file, board, "unchanged", len(report.projects), left_out)
    if current is not None and not replace and not withdrawn:  # a withdrawn one is restored by a new import
        raise StoreError(
            "store.already_submitted",
            file=report.file,
            round=round_label,
            board=board,
            existing=current["file_name"],
            when=f"{current['imported_at']:%d/%m/%Y %H:%M}",
            who=current["imported_by"],
        )
    if current is not None:  # free the "one current submission" slot first (pointing at itself for a moment)
        conn.execute(submissions.update().where(submissions.c.id == current["id"]).values(superseded_by=current["id"]))
    new_id = conn.execute(
        submissions.insert().values(
            round=round_label,
            hb_code=board,
            file_name=report.file[:255],
            sha256=report.sha256,
            imported_at=now,
            imported_by=who,
            **{name: summary[name] for name in COUNTS},
        )
    ).inserted_primary_key[0]
    if current is not None:
        conn.execute(submissions.update().where(submissions.c.id == current["id"]).values(superseded_by=new_id))
    rows = []
    for record in report.projects.to_dict("records"):
        row = {"submission_id": new_id, "source_row": int(record["source_row"])}
        row["period_source"] = record.get("period_source") or None
        for f in schema.FIELDS:
            value = record[f.key]
            row[f.key] = None if _missing(value) else _plain(value)
        rows.append(row)
    if rows:
        conn.execute(projects.insert(), rows)
    _bump(conn, now)
    action = "imported" if current is None else ("restored" if withdrawn else "replaced")
    return FileOutcome(report.file, board, action, len(rows), left_out)


def _missing(value) -> bool:
    if isinstance(value, list):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _plain(value):
    """numpy and pandas scalars as plain Python values, for any database driver."""
    return value.item() if hasattr(value, "item") else value


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


def set_round_period(
    engine: sa.Engine, round_label: str, start: dt.date, end: dt.date, who: str | None = None, *, conn=None
) -> None:
    """Record the reporting period of a round (a new round, or a change to its period)."""
    if not schema.ROUND_PATTERN.match(round_label or ""):
        raise StoreError("store.bad_round", round=round_label)
    if end < start:
        raise StoreError("store.period_backwards", start=start.isoformat(), end=end.isoformat())
    who, now = _person(who), dt.datetime.now(dt.UTC)
    values = {"period_start": start, "period_end": end, "changed_at": now, "changed_by": who}
    with contextlib.nullcontext(conn) if conn is not None else engine.begin() as c:
        found = c.execute(sa.select(rounds_table.c.label).where(rounds_table.c.label == round_label)).first()
        if found is None:
            c.execute(rounds_table.insert().values(label=round_label, **values))
        else:
            c.execute(rounds_table.update().where(rounds_table.c.label == round_label).values(**values))
        _bump(c, now)


def round_periods(engine: sa.Engine) -> dict[str, tuple[dt.date, dt.date]]:
    """Each round's reporting period, as (start, end), for the rounds that have one."""
    query = sa.select(rounds_table.c.label, rounds_table.c.period_start, rounds_table.c.period_end)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return {label: (start, end) for label, start, end in rows if start is not None and end is not None}


def history(engine: sa.Engine) -> pd.DataFrame:
    """Every submission, newest first: round, board, file, sha256, row counts, when, by whom, superseded by."""
    query = sa.select(submissions).order_by(submissions.c.imported_at.desc(), submissions.c.id.desc())
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all(), columns=[c.name for c in submissions.columns])


def withdraw(engine: sa.Engine, round_label: str, board: str, reason: str, who: str | None = None, now=None) -> None:
    """Withdraw a board's current submission for a round: it stops counting, and stays in the history with
    who, when and why. Importing a return for the board again restores the round."""
    if not (reason or "").strip():
        raise StoreError("store.withdraw_no_reason")
    who, now = _person(who), now or dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        current = (
            conn.execute(
                sa.select(submissions.c.id, submissions.c.withdrawn_at).where(
                    submissions.c.round == round_label,
                    submissions.c.hb_code == board,
                    submissions.c.superseded_by.is_(None),
                )
            )
            .mappings()
            .first()
        )
        if current is None:
            raise StoreError("store.withdraw_none", round=round_label, board=board)
        if current["withdrawn_at"] is not None:
            raise StoreError("store.withdraw_already", round=round_label, board=board)
        conn.execute(
            submissions.update()
            .where(submissions.c.id == current["id"])
            .values(withdrawn_at=now, withdrawn_by=who, withdrawn_reason=reason.strip()[:1000])
        )
        _bump(conn, now)


def round_states(engine: sa.Engine) -> pd.DataFrame:
    """The current submission of every board that has one, in every round: who sent it, what it kept, and
    whether it was withdrawn (a board with none has no row)."""
    kept = (submissions.c.accepted + submissions.c.accepted_with_warnings).label("rows_kept")
    query = sa.select(
        submissions.c.round,
        submissions.c.hb_code,
        submissions.c.file_name,
        submissions.c.imported_at,
        submissions.c.imported_by,
        kept,
        submissions.c.rejected.label("rows_rejected"),
        submissions.c.withdrawn_at,
        submissions.c.withdrawn_by,
        submissions.c.withdrawn_reason,
    ).where(submissions.c.superseded_by.is_(None))
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    columns = [c.name for c in query.selected_columns]
    return pd.DataFrame(rows, columns=columns)


def rounds(engine: sa.Engine) -> list[str]:
    """Survey rounds with at least one current submission (withdrawn or not), newest label first."""
    query = sa.select(submissions.c.round).where(submissions.c.superseded_by.is_(None)).distinct()
    with engine.connect() as conn:
        return sorted(conn.execute(query).scalars(), reverse=True)


def load_projects(engine: sa.Engine, round_label: str | None = None) -> pd.DataFrame:
    """Projects of the current submissions that count (not withdrawn), of one round or all, in the reader's shape."""
    query = (
        sa.select(projects, submissions.c.round, submissions.c.file_name)
        .join(submissions, projects.c.submission_id == submissions.c.id)
        .where(submissions.c.superseded_by.is_(None), submissions.c.withdrawn_at.is_(None))
        .order_by(submissions.c.round, submissions.c.file_name, projects.c.source_row)
    )
    if round_label is not None:
        query = query.where(submissions.c.round == round_label)
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    for row in rows:
        row["source_file"] = row.pop("file_name")
        for key in schema.LIST_FIELDS:
            row[key] = list(row[key] or [])
    frame = schema.projects_frame(rows)
    frame.insert(0, "round", [r["round"] for r in rows] if rows else pd.Series(dtype=object))
    frame.insert(
        0,
        "project_id",
        [f"{r['round']}/{Path(r['source_file']).stem}/{r['source_row']}" for r in rows]
        if rows
        else pd.Series(dtype=object),
    )
    return frame


def totals(engine: sa.Engine, round_label: str) -> dict[str, float]:
    """Link-worker FTE and referrals of the current submissions of a round, summed in the database."""
    query = (
        sa.select(
            sa.func.count(projects.c.id),
            sa.func.sum(projects.c.link_worker_fte),
            sa.func.sum(projects.c.referrals_received),
        )
        .join(submissions, projects.c.submission_id == submissions.c.id)
        .where(
            submissions.c.superseded_by.is_(None),
            submissions.c.withdrawn_at.is_(None),
            submissions.c.round == round_label,
        )
    )
    with engine.connect() as conn:
        count, fte, referrals = conn.execute(query).one()
    return {"projects": int(count), "link_worker_fte": round(float(fte or 0), 2), "referrals": int(referrals or 0)}


def save_geography(engine: sa.Engine, load, who: str | None = None, activate: bool = True) -> int:
    """Store a checked boundary or population load as a new version; its id.

    ``load`` is a :class:`~sprx_map.geo.boundaries.BoundaryLoad` or
    :class:`~sprx_map.geo.lookups.PracticeLoad` without problems. The same content
    (sha256) for the same level and kind again changes nothing and gives the
    existing version's id. With ``activate`` the new version replaces the active
    one of its level and kind. One transaction.
    """
    if not load.ok:
        raise StoreError("store.geography_problems", file=load.source, problem=load.problems[0])
    who = _person(who)
    table = geography_versions_table
    try:
        with engine.begin() as conn:
            same = (table.c.level == load.level) & (table.c.kind == load.kind)
            existing = conn.execute(sa.select(table.c.id).where(same, table.c.sha256 == load.sha256)).scalar()
            if activate:
                conn.execute(table.update().where(same, table.c.active).values(active=False))
                _bump(conn, dt.datetime.now(dt.UTC))
            if existing is not None:  # the same content again: no new version, but it is the one in use
                if activate:
                    conn.execute(table.update().where(table.c.id == existing).values(active=True))
                return int(existing)
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


def use_geography(engine: sa.Engine, level: str, kind: str, version_id: int | None) -> None:
    """Make version ``version_id`` the active one for ``level`` and ``kind``; None goes back to the embedded one."""
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


@dataclass(frozen=True)
class Mapping:
    """One choice to remember for a board: a heading read as a field, or a value of a field read as a key."""

    kind: str  # "heading" or "value"
    field: str  # the value's field; "" for a heading
    written: str  # the heading or value as written
    target: str  # field key ("" for no field), value key or area code


def save_mappings(
    engine: sa.Engine, board: str, chosen: list[Mapping], who: str | None = None, now: dt.datetime | None = None
) -> int:
    """Remember ``chosen`` for ``board``'s later returns; a mapping for the same heading or value replaces
    the one before it (which stays, marked removed). One transaction. Returns how many changed."""
    who, now = _person(who), now or dt.datetime.now(dt.UTC)
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
    return changed


def mappings(engine: sa.Engine, board: str | None = None) -> pd.DataFrame:
    """The mappings in use (not removed), of one board or all, oldest first."""
    table = mappings_table
    query = sa.select(table).where(table.c.removed_at.is_(None)).order_by(table.c.hb_code, table.c.id)
    if board is not None:
        query = query.where(table.c.hb_code == board)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all(), columns=[c.name for c in table.columns])


def remove_mapping(engine: sa.Engine, mapping_id: int, who: str | None = None) -> None:
    """Stop applying a mapping; its row stays, with who removed it and when."""
    who = _person(who)
    table = mappings_table
    with engine.begin() as conn:
        found = conn.execute(sa.select(table.c.removed_at).where(table.c.id == mapping_id)).first()
        if found is None or found.removed_at is not None:
            raise StoreError("store.no_mapping", id=mapping_id)
        conn.execute(
            table.update().where(table.c.id == mapping_id).values(removed_at=dt.datetime.now(dt.UTC), removed_by=who)
        )


def saved_mappings(engine: sa.Engine):
    """A function board -> (heading key -> field, (field, value key) -> target), for reading returns."""

    def for_board(board: str) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
        table = mappings(engine, board)
        headings = {r.source: r.target for r in table.itertuples() if r.kind == "heading"}
        values = {(r.field, r.source): r.target for r in table.itertuples() if r.kind == "value"}
        return headings, values

    return for_board
