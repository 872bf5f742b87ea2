"""Project references given and kept: each project of a return is known again by the reference it carries, else
by its board, name and lead organisation in the board's return before; a project not known gets the next number.

A board's numbers are counted in ``reference_counters``, so a number once given is never given again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

import sqlalchemy as sa

from sprx_map import project_matches, references
from sprx_map.geo.geography import normalise_name
from sprx_map.store.tables import PROJECT, mappings_table, projects, reference_counters, rounds_table, submissions


def project_keys(rows: Iterable[tuple[str, str, str]]) -> list[str]:
    """Each project's identity when it carries no reference: board, name and lead organisation, normalised
    (as :func:`sprx_map.change.project_keys` has it); the same project listed twice stays two projects."""
    keys, seen = [], {}
    for board, name, lead in rows:
        key = f"{board}|{normalise_name(name or '')}|{normalise_name(lead or '')}"
        seen[key] = seen.get(key, -1) + 1
        keys.append(key + (f"#{seen[key]}" if seen[key] else ""))
    return keys


def round_order(conn) -> list[str]:
    """Every round the store knows, oldest first: by the start of its reporting period, then by its label
    (a round with no period after those with one, as it is most likely the newest)."""
    starts = dict(conn.execute(sa.select(rounds_table.c.label, rounds_table.c.period_start)).all())
    labels = set(starts) | set(conn.execute(sa.select(submissions.c.round).distinct()).scalars())
    return sorted(labels, key=lambda label: (starts.get(label) or dt.date.max, label))


def earlier_submission(conn, board: str, round_label: str, order: list[str] | None = None) -> int | None:
    """The id of the board's return that counts in the latest round before ``round_label`` (None: none)."""
    order = order if order is not None else round_order(conn)
    if round_label not in order:
        order = [*order, round_label]
    position = {label: i for i, label in enumerate(order)}
    query = sa.select(submissions.c.id, submissions.c.round).where(
        submissions.c.hb_code == board, submissions.c.superseded_by.is_(None), submissions.c.withdrawn_at.is_(None)
    )
    earlier = [(position[r], i) for i, r in conn.execute(query).all() if position[r] < position[round_label]]
    return max(earlier)[1] if earlier else None


def _projects_of(conn, submission_id: int) -> list[dict]:
    """The projects of a submission, every field, in row order."""
    query = (
        sa.select(projects)
        .where(projects.c.submission_id == submission_id)
        .order_by(projects.c.source_row, projects.c.id)
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def _known(board: str, earlier: list[list[dict]]) -> dict[str, str]:
    """Project key -> reference, of the projects of these returns (the first given wins)."""
    out: dict[str, str] = {}
    for rows in earlier:
        keys = project_keys((board, r["project_name"], r["lead_organisation"]) for r in rows)
        for key, row in zip(keys, rows, strict=True):
            if row["project_reference"]:
                out.setdefault(key, row["project_reference"])
    return out


def saved_choices(conn, board: str) -> dict[str, str]:
    """The board's remembered choices about projects matched by a score: the project as written (its key,
    :func:`sprx_map.project_matches.key`) -> the reference confirmed, or "" for a new project."""
    query = sa.select(mappings_table.c.source, mappings_table.c.target).where(
        mappings_table.c.hb_code == board,
        mappings_table.c.kind == PROJECT,
        mappings_table.c.removed_at.is_(None),
    )
    return dict(conn.execute(query).all())


def _given_before(conn, board: str) -> set[str]:
    """Every reference the board's projects have had, in any round."""
    query = (
        sa.select(projects.c.project_reference)
        .join(submissions, projects.c.submission_id == submissions.c.id)
        .where(submissions.c.hb_code == board, projects.c.project_reference.is_not(None))
        .distinct()
    )
    return set(conn.execute(query).scalars())


def start_counters(conn) -> None:
    """A counter row for every board prefix, at 0 where the store has none: a number is then taken by updating
    a row that exists, which locks it, so two imports at once never race to create it."""
    present = set(conn.execute(sa.select(reference_counters.c.prefix)).scalars())
    missing = [{"prefix": p, "last": 0} for p in references.BOARD_PREFIXES.values() if p not in present]
    if missing:
        conn.execute(reference_counters.insert(), missing)


def _numbers(conn, prefix: str, count: int) -> list[int]:
    """``count`` new numbers of ``prefix``, counted in the store in the caller's transaction (the update locks
    the counter's row, so two imports at once never take the same number)."""
    if count == 0:
        return []
    done = conn.execute(
        reference_counters.update()
        .where(reference_counters.c.prefix == prefix)
        .values(last=reference_counters.c.last + count)
    ).rowcount
    if not done:
        conn.execute(reference_counters.insert().values(prefix=prefix, last=count))
    last = conn.execute(sa.select(reference_counters.c.last).where(reference_counters.c.prefix == prefix)).scalar()
    return list(range(last - count + 1, last + 1))


def matching(
    conn,
    board: str,
    round_label: str,
    records: list[dict],
    *,
    replaced: int | None = None,
    order=None,
    chosen: project_matches.Answers | None = None,
    scored: bool = True,
) -> tuple[list[str | None], list[project_matches.Match]]:
    """The reference each project record of a board's return takes from those the board had (None: a new
    number), and the matches made by a score among them, each with its choice.

    In this order: the reference a project carries, when the board's projects have had it and no row above took
    it; else the reference of the project with its key (:func:`project_keys`) in the return it replaces
    (``replaced``, a submission id of the same round), else in the board's return of the round before; else, with
    ``scored``, the project of that return before it matches by a score (:mod:`sprx_map.project_matches`),
    unless the choice about it is "" (a new project). ``chosen`` (:data:`sprx_map.project_matches.Answers`) is
    what the officer answered now, over the board's remembered choices.
    """
    if board not in references.BOARD_PREFIXES:  # a board of another geography (a test's): no references
        return [None] * len(records), []
    given = _given_before(conn, board)
    before = earlier_submission(conn, board, round_label, order)
    earlier = {i: _projects_of(conn, i) for i in (replaced, before) if i is not None}
    known = _known(board, list(earlier.values()))
    keys = project_keys((board, r.get("project_name"), r.get("lead_organisation")) for r in records)
    out: list[str | None] = []
    taken: set[str] = set()
    for record in records:  # first the references carried, so a name above never takes one carried below
        carried = record.get("project_reference")
        keep = isinstance(carried, str) and carried in given and carried not in taken
        out.append(carried if keep else None)
        taken.add(carried if keep else None)
    for i, key in enumerate(keys):
        if out[i] is None and known.get(key) and known[key] not in taken:
            out[i] = known[key]
            taken.add(known[key])
    if not scored or before is None:
        return out, []
    saved, chosen = saved_choices(conn, board), chosen or {}
    pool = [p for p in earlier[before] if p["project_reference"] and p["project_reference"] not in taken]
    open_rows = [i for i, ref in enumerate(out) if ref is None]
    found = []
    for i, j, total, agree in project_matches.propose(records, open_rows, pool):
        record, was = records[i], pool[j]
        match = project_matches.Match(
            row=int(record["source_row"]),
            name=project_matches.text(record.get("project_name")),
            organisation=project_matches.text(record.get("lead_organisation")),
            reference=was["project_reference"],
            was_name=was["project_name"],
            was_organisation=was["lead_organisation"] or "",
            score=total,
            agree=agree,
        )
        answer = chosen.get((match.key, match.reference))
        if answer is not None:
            match = replace(match, choice=match.reference if answer else "")
        elif saved.get(match.key) in ("", match.reference):  # a choice remembered about another is asked again
            match = replace(match, choice=saved[match.key], saved=True)
        if match.applied:
            out[i] = match.reference
        found.append(match)
    return out, found


def give_references(
    conn, board: str, round_label: str, records: list[dict], **how
) -> tuple[list[str | None], list[project_matches.Match]]:
    """The reference of each project record of a board's return for a round, in the records' order: as
    :func:`matching` finds it (``how``: its keyword arguments), else the next number of the board; and the matches
    made by a score (so whoever imported can be told which projects took a reference that way)."""
    if board not in references.BOARD_PREFIXES:  # a board of another geography (a test's): no references
        return [None] * len(records), []
    out, found = matching(conn, board, round_label, records, **how)
    numbers = iter(_numbers(conn, references.BOARD_PREFIXES[board], out.count(None)))
    return [ref if ref is not None else references.reference(board, next(numbers)) for ref in out], found


def project_matches_of(
    engine: sa.Engine, board: str, round_label: str, records: list[dict], chosen: project_matches.Answers | None = None
) -> list[project_matches.Match]:
    """The matches by a score an import of these records for ``round_label`` would make (:func:`matching`), to
    show in the column step before it: with the board's return of that round it would replace, if any."""
    with engine.connect() as conn:
        current = conn.execute(
            sa.select(submissions.c.id).where(
                submissions.c.round == round_label,
                submissions.c.hb_code == board,
                submissions.c.superseded_by.is_(None),
            )
        ).scalar()
        return matching(conn, board, round_label, records, replaced=current, chosen=chosen)[1]


def give_existing(conn) -> None:
    """Give references to every project of a store that had none (schema version 6): round by round, oldest
    first, and in each return row by row, as an import would have given them."""
    order = round_order(conn)
    position = {label: i for i, label in enumerate(order)}
    rows = conn.execute(sa.select(submissions.c.id, submissions.c.round, submissions.c.hb_code,
                                  submissions.c.superseded_by)).all()  # fmt: skip
    replaced_by = {r.superseded_by: r.id for r in rows if r.superseded_by is not None}
    for row in sorted(rows, key=lambda r: (position[r.round], r.id)):
        if row.hb_code not in references.BOARD_PREFIXES:
            continue  # a board the geography no longer has: its projects keep no reference
        query = (
            sa.select(projects.c.id, projects.c.project_name, projects.c.lead_organisation)
            .where(projects.c.submission_id == row.id)
            .order_by(projects.c.source_row, projects.c.id)
        )
        found = conn.execute(query).all()
        records = [{"project_name": p.project_name, "lead_organisation": p.lead_organisation} for p in found]
        # Without scores: no one confirmed these, and a store's references do not change when it is upgraded.
        refs, _ = give_references(
            conn, row.hb_code, row.round, records, replaced=replaced_by.get(row.id), order=order, scored=False
        )
        for project, ref in zip(found, refs, strict=True):
            conn.execute(projects.update().where(projects.c.id == project.id).values(project_reference=ref))
