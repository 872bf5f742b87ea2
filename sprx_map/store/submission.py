"""Submissions: a board's return for a round imported (all or nothing), superseded, withdrawn or
restored; the round's reporting period; and reading back what counts, and the history."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pandas as pd
import sqlalchemy as sa

from sprx_map import project_matches, schema, stamp
from sprx_map.store.changes import StoreError, _allowed, _audit, _bump, _person
from sprx_map.store.references import give_references
from sprx_map.store.tables import COUNTS, projects, rounds_table, submissions


class Submission(Protocol):
    """What the store needs of a board's return: the reader's report is one (the store does not import it).

    A report may also carry ``stamp``, the round and board a pre-filled return was made for
    (:mod:`sprx_map.stamp`); it is read with ``getattr``, so any other submission needs none.
    """

    file: str
    sha256: str
    projects: pd.DataFrame

    def summary(self) -> dict[str, int]: ...


@dataclass
class FileOutcome:
    """What an import did with one file."""

    file: str
    hb_code: str
    action: str  # "imported", "replaced", "restored" (after a withdrawal), "unchanged"
    projects: int
    left_out: int  # rejected rows, never imported
    matched: tuple = ()  # projects that took a reference by a score (project_matches.Match), the match applied


@dataclass
class ImportResult:
    round: str
    files: list[FileOutcome] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(f.action != "unchanged" for f in self.files)


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
    matches: dict[str, project_matches.Answers] | None = None,
) -> ImportResult:
    """Import the accepted rows of ``reports`` as one board submission each, all or nothing.

    The same file content for the same board and round again changes nothing.
    Different content needs ``replace``, which supersedes the earlier submission
    and keeps it in the history. Rejected rows are never imported. ``period`` (start, end) records the
    round's reporting period in the same transaction. ``matches`` holds, per board, the officer's answers about
    its projects matched by a score (:data:`sprx_map.project_matches.Answers`; see
    :func:`sprx_map.store.references.matching`).
    """
    periods = {round_label: period} if period else None
    return import_rounds(
        engine, {round_label: reports}, replace=replace, who=who, now=now, periods=periods, matches=matches
    )[0]


def import_rounds(
    engine: sa.Engine,
    rounds: dict[str, list[Submission]],
    *,
    replace: bool = False,
    who: str | None = None,
    now: dt.datetime | None = None,
    periods: dict[str, tuple[dt.date, dt.date]] | None = None,
    matches: dict[str, project_matches.Answers] | None = None,
) -> list[ImportResult]:
    """:func:`import_reports` of several rounds (round label -> reports) in one transaction: another process
    sees all of them or none (as when a new store is seeded with the illustrative rounds)."""
    now = now or dt.datetime.now(dt.UTC)
    actor = _allowed(engine, who, "import", ", ".join(rounds), now)
    who = _person(actor)
    planned = []
    for round_label, reports in rounds.items():
        if not schema.ROUND_PATTERN.match(round_label or ""):
            raise StoreError("store.bad_round", round=round_label)
        boards = [_board_of(r) for r in reports]
        for report, board in zip(reports, boards, strict=True):
            refused = stamp.mismatch(getattr(report, "stamp", None), report.file, round_label, board)
            if refused is not None:  # a pre-filled return sent back for another round, or by another board
                raise StoreError(refused)
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
                    chosen = (matches or {}).get(board)
                    outcome = _import_one(conn, report, board, result.round, replace, who, now, chosen)
                    result.files.append(outcome)
                    if outcome.action != "unchanged":
                        detail = f"{result.round} {board}: {outcome.file} ({outcome.projects})"
                        _audit(conn, actor, outcome.action, detail, now)
    except sa.exc.IntegrityError as exc:  # another import of the same board and round won the race
        raise StoreError("store.import_race", round=", ".join(rounds)) from exc
    return [result for result, _, _ in planned]


def _import_one(
    conn, report: Submission, board: str, round_label: str, replace: bool, who: str, now: dt.datetime, chosen=None
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
    records = report.projects.to_dict("records")
    replaced = current["id"] if current is not None else None
    refs, found = give_references(conn, board, round_label, records, replaced=replaced, chosen=chosen)
    rows = []
    for record, ref in zip(records, refs, strict=True):
        row = {"submission_id": new_id, "source_row": int(record["source_row"])}
        row["period_source"] = record.get("period_source") or None
        for f in schema.FIELDS:
            value = record[f.key]
            row[f.key] = None if _missing(value) else _plain(value)
        row["project_reference"] = ref
        rows.append(row)
    if rows:
        conn.execute(projects.insert(), rows)
    _bump(conn, now)
    action = "imported" if current is None else ("restored" if withdrawn else "replaced")
    return FileOutcome(report.file, board, action, len(rows), left_out, tuple(m for m in found if m.applied))


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


def set_round_period(engine: sa.Engine, round_label: str, start: dt.date, end: dt.date, who=None, *, conn=None) -> None:
    """Record the reporting period of a round (a new round, or a change to its period). Given ``conn``, it is part
    of an import (whose role was checked); else managing a round, for an administrator."""
    if not schema.ROUND_PATTERN.match(round_label or ""):
        raise StoreError("store.bad_round", round=round_label)
    if end < start:
        raise StoreError("store.period_backwards", start=start.isoformat(), end=end.isoformat())
    now = dt.datetime.now(dt.UTC)
    actor = who if conn is not None else _allowed(engine, who, "round", round_label, now)
    who = _person(actor)
    values = {"period_start": start, "period_end": end, "changed_at": now, "changed_by": who}
    with contextlib.nullcontext(conn) if conn is not None else engine.begin() as c:
        found = c.execute(sa.select(rounds_table.c.label).where(rounds_table.c.label == round_label)).first()
        if found is None:
            c.execute(rounds_table.insert().values(label=round_label, **values))
        else:
            c.execute(rounds_table.update().where(rounds_table.c.label == round_label).values(**values))
        _audit(c, actor, "round_period", f"{round_label}: {start.isoformat()}:{end.isoformat()}", now)
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


def withdraw(engine: sa.Engine, round_label: str, board: str, reason: str, who=None, now=None) -> None:
    """Withdraw a board's current submission for a round: it stops counting, and stays in the history with
    who, when and why. Importing a return for the board again restores the round."""
    if not (reason or "").strip():
        raise StoreError("store.withdraw_no_reason")
    now = now or dt.datetime.now(dt.UTC)
    actor = _allowed(engine, who, "withdraw", f"{round_label} {board}", now)
    who = _person(actor)
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
        _audit(conn, actor, "withdraw", f"{round_label} {board}: {reason.strip()[:1000]}", now)
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
