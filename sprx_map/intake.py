"""Taking returns in through the app: reading uploads, the column step, the report tables, what staff see.

The column step reads each upload twice: as it comes (with its board's saved
mappings), then with what the person chose on the page where that differs, so
the page can show both the reading and the choices.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from sprx_map import project_matches, stamp
from sprx_map.geo.geography import Geography
from sprx_map.headings import USER
from sprx_map.i18n import t
from sprx_map.layout import Choices, key_of
from sprx_map.messages import Message
from sprx_map.returns import ReturnFileError, ReturnReport, flag_duplicates_across, read_return
from sprx_map.schema import COUNT_KEYS
from sprx_map.store.tables import PROJECT

Saved = tuple[tuple[str, str, str, str, str], ...]  # (board, kind, field, source, target) rows of saved mappings


@dataclass
class Upload:
    """One uploaded file: its report, or why it could not be read (``error.message(lang)``).

    ``base`` is the report before this person's choices (with the board's saved
    mappings), ``choices`` what they chose; ``report`` is read with both. ``data`` is the file as sent and
    ``saved`` the board's saved mappings it was read with, kept by the person's session (never by a
    shared cache: see :func:`lean`) to read the rows again for the findings workbook. ``projects`` is what the
    person answered about its projects matched by a score (:data:`sprx_map.project_matches.Answers`).
    """

    name: str
    report: ReturnReport | None
    error: ReturnFileError | None
    base: ReturnReport | None = None
    choices: Choices | None = None
    data: bytes | None = field(default=None, repr=False)
    saved: Saved = ()
    projects: project_matches.Answers = field(default_factory=dict)


def lean(upload: Upload) -> Upload:
    """``upload`` as a cache shared by every session keeps it: its reports without the rows of their sheet
    (see :meth:`ReturnReport.without_rows`), and without the file."""
    report, base = (r.without_rows() if r is not None else None for r in (upload.report, upload.base))
    return replace(upload, report=report, base=base, data=None)


def findings_report(upload: Upload, geo: Geography) -> ReturnReport:
    """``upload.report`` with the rows of its sheet, for the findings workbook: read again from the file
    when a cache let go of them. The findings stay those shown (projects in two files included)."""
    report = upload.report
    if report.sheet is not None or upload.data is None:
        return report
    again = read_upload(upload.name, upload.data, geo, upload.choices, upload.saved).report
    return replace(report, sheet=again.sheet, layout=again.layout)


def saved_rows(table: pd.DataFrame) -> Saved:
    """The store's mappings in use as plain rows (hashable, so a cached reading is keyed by them)."""
    return tuple((r.hb_code, r.kind, r.field, r.source, r.target) for r in table.itertuples())


def saved_lookup(rows: Saved):
    """A function board -> (headings, values) over saved mapping rows, as :func:`read_return` takes."""

    def for_board(board: str):
        headings = {source: target for b, kind, _, source, target in rows if b == board and kind == "heading"}
        values = {(f, source): target for b, kind, f, source, target in rows if b == board and kind == "value"}
        return headings, values

    return for_board


def read_upload(name: str, data: bytes, geo: Geography, choices: Choices | None = None, saved: Saved = ()) -> Upload:
    """Read one uploaded file with ``choices`` over its board's ``saved`` mappings; a file that cannot be read
    gets its reason instead of a report."""
    try:
        report = read_return(name, geo, data=data, name=name, choices=choices, saved=saved_lookup(saved))
        return Upload(name, report, None, choices=choices)
    except ReturnFileError as exc:
        return Upload(name, None, exc)


def read_uploads(files: list[tuple[str, bytes]], geo: Geography, read=read_upload) -> list[Upload]:
    """Read uploaded (name, bytes) pairs with ``read``, then flag projects that appear in two of them."""
    uploads = [read(name, data, geo) for name, data in files]
    flag_duplicates_across([u.report for u in uploads if u.report])
    return uploads


def stamp_refusals(uploads: list[Upload], round_label: str) -> list[Message]:
    """Why each pre-filled return among ``uploads`` may not go into ``round_label`` (made for another round, or
    holding another board's projects), for the page to say before the import, which the store would refuse."""
    out = []
    for u in uploads:
        if u.report is not None:
            refused = stamp.mismatch(u.report.stamp, u.name, round_label, u.report.board_code)
            if refused is not None:
                out.append(refused)
    return out


def choices_over(base: ReturnReport, columns: dict[int, str], values: dict[int, str], board: str | None) -> Choices:
    """A person's choices for a return, keeping only those that change how ``base`` was read.

    ``columns`` maps a column index to the field chosen for it ("" for none);
    ``values`` maps the index of one of ``base.guesses`` to the key or code chosen
    instead; ``board`` is the board chosen for the whole return (None: as found).
    """
    headings = {
        key_of(c.heading): columns[c.index]
        for c in base.columns
        if c.index in columns and columns[c.index] != (c.field or "")
    }
    picked = {}
    for i, guess in enumerate(base.guesses):
        if guess.field != "health_board" and i in values and values[i] != guess.value:
            picked[(guess.field, key_of(guess.text))] = values[i]
    board = board if board and board != (base.board.code if base.board else None) else None
    return Choices(headings=headings, values=picked, board=board)


def value_options(field: str, report: ReturnReport, geo: Geography) -> list[str]:
    """What a value read by a guess may be changed to: the areas or terms of its field."""
    from sprx_map import schema

    if field == "health_board":
        return list(geo.boards.index)
    if field == "clusters_served":
        board = report.board_code
        return geo.clusters_of_board(board) if board else list(geo.clusters.index)
    return [term.key for term in schema.FIELD_BY_KEY[field].vocabulary]


def value_name(field: str, key: str, geo: Geography, lang: str = "en") -> str:
    """A key or code of ``field`` as people read it, in ``lang``."""
    from sprx_map import schema

    if field == "health_board":
        return geo.area_names("health_board", lang)[key]
    if field == "clusters_served":
        return geo.area_names("cluster", lang)[key]
    return schema.label(schema.FIELD_BY_KEY[field].vocabulary, key, lang)


STAFF_COLUMNS = ("imported_by", "withdrawn_by", "withdrawn_reason", "saved_by", "removed_by", "loaded_by")


def without_staff(table: pd.DataFrame, staff: bool) -> pd.DataFrame:
    """``table`` as it may be shown: with who did what (staff e-mails) and withdrawal reasons only for ``staff``
    (those allowed to import); for everyone else those columns are left out."""
    return table if staff else table.drop(columns=[c for c in STAFF_COLUMNS if c in table.columns])


def mapping_what(row, lang: str = "en") -> str:
    """What a saved mapping is about, in words: the heading, the value of a field, or the project as written."""
    from sprx_map import schema

    if row.kind == "heading":
        return t("cli.mappings.heading", lang, written=row.written)
    if row.kind == PROJECT:
        return t("intake.mapping.project", lang, written=row.written)
    return t("cli.mappings.value", lang, field=schema.FIELD_BY_KEY[row.field].label(lang), written=row.written)


def mapping_table(table: pd.DataFrame, geo: Geography, lang: str = "en", staff: bool = True) -> pd.DataFrame:
    """The saved mappings as people read them: number, board, what, read as, when, by whom (only for ``staff``)."""
    from sprx_map import schema

    def target(row) -> str:
        if row.kind == "heading":
            return schema.FIELD_BY_KEY[row.target].label(lang) if row.target else t("intake.column.none", lang)
        if row.kind == PROJECT:
            return row.target or t("intake.match.new_project", lang)
        return value_name(row.field, row.target, geo, lang)

    boards = geo.area_names("health_board", lang)
    frame = pd.DataFrame(
        {
            "id": table["id"],
            "board": table["hb_code"].map(boards),
            "what": [mapping_what(r, lang) for r in table.itertuples()],
            "target": [target(r) for r in table.itertuples()],
            "saved_at": table["saved_at"],
            "saved_by": table["saved_by"],
        }
    )
    frame = without_staff(frame, staff)
    return frame.rename(columns={c: t(f"intake.mapping.{c}", lang) for c in frame.columns})


def column_table(report: ReturnReport, lang: str = "en") -> pd.DataFrame:
    """Every heading of the file: what it was read as, how, and how sure (the column step's numbers)."""
    from sprx_map import schema

    rows = [
        {
            "heading": c.heading,
            "field": schema.FIELD_BY_KEY[c.field].label(lang) if c.field else t("intake.column.none", lang),
            "how": t(f"column.how.{c.how}", lang),
            "confidence": f"{round(c.confidence * 100)}%" if c.field else "",
        }
        for c in report.columns
    ]
    frame = pd.DataFrame(rows, columns=["heading", "field", "how", "confidence"])
    return frame.rename(columns={c: t(f"intake.column.{c}", lang) for c in frame.columns})


def remembered(report: ReturnReport, choices: Choices | None, matches=()):
    """What a person chose for ``report`` (headings read as another field, values read as another key, projects
    matched by a score confirmed or undone: ``matches``, :class:`sprx_map.project_matches.Match`), as mappings to
    save for its board. A choice remembered already is not saved again."""
    from sprx_map import store

    out = [store.Mapping("heading", "", c.heading, c.field or "") for c in report.columns if c.how == USER]
    chosen = set(choices.values) if choices else set()
    for guess in report.guesses:
        if (guess.field, key_of(guess.text)) in chosen:
            out.append(store.Mapping("value", guess.field, guess.text, guess.value))
    for match in matches:
        if match.choice is not None and not match.saved:
            out.append(
                store.Mapping(PROJECT, "", project_matches.written(match.name, match.organisation), match.choice)
            )
    return out


def matches_of(upload: Upload, engine, round_label: str) -> list:
    """The projects of ``upload`` an import into ``round_label`` would match by a score to the board's return
    before (:func:`sprx_map.store.project_matches_of`), with the choices made about them."""
    from sprx_map import store

    report = upload.report
    if report is None or not report.board_code or report.projects.empty:
        return []
    records = report.projects.to_dict("records")
    return store.project_matches_of(engine, report.board_code, round_label, records, upload.projects)


def match_why(match, lang: str = "en") -> str:
    """Why a project was matched, in words: how sure, and the fields that are the same on both."""
    from sprx_map import schema

    same = ", ".join(schema.FIELD_BY_KEY[f].label(lang) for f in match.agree)
    return t("intake.match.why", lang, score=round(match.score * 100), same=same or "–")


def summary_table(uploads: list[Upload], lang: str = "en") -> pd.DataFrame:
    """One row per readable file: the row counts of the report."""
    rows = [{"file": u.name, **{k: u.report.summary(lang)[k] for k in COUNT_KEYS}} for u in uploads if u.report]
    frame = pd.DataFrame(rows, columns=["file", *COUNT_KEYS])
    return frame.rename(columns={k: t(f"intake.{k}", lang) for k in ("file", *COUNT_KEYS)})


def completeness_table(uploads: list[Upload], lang: str = "en") -> pd.DataFrame:
    """How complete each readable return is: a row per field, a column per file, "18 of 22" of its accepted
    projects (:func:`sprx_map.report.completeness`)."""
    from sprx_map import schema

    columns = {t("intake.field", lang): [f.label(lang) for f in schema.FIELDS]}
    for u in uploads:
        if u.report is None:
            continue
        given = u.report.summary(lang)["completeness"]
        columns[u.name] = [_given(given.get(f.key), lang) for f in schema.FIELDS]
    return pd.DataFrame(columns)


def _given(counts: dict | None, lang: str) -> str:
    """ "18 of 22", and how many were inferred where a field's value is inferred when not given."""
    from sprx_map import measures

    if counts is None:
        return ""
    text = measures.reported_of(counts["reported"], counts["projects"], lang)
    if counts.get("inferred"):
        text = t("intake.inferred", lang, text=text, count=counts["inferred"])
    return text


def findings_table(uploads: list[Upload], severities: list[str], lang: str = "en") -> pd.DataFrame:
    """Every finding of the chosen severities: file, row, column, value, severity, message, suggestion."""
    rows = []
    for u in uploads:
        if u.report is None:
            continue
        for f in u.report.findings:
            if f.severity in severities:
                rows.append({"file": u.name, **f.as_dict(lang), "severity": t(f"severity.{f.severity}", lang)})
    columns = ["file", "row", "column", "value", "severity", "message", "suggestion"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["row"] = frame["row"].astype("Int64")
    return frame.rename(columns={c: t(f"intake.{c}", lang) for c in columns})


GEOGRAPHY_LEVELS = ("health_board", "local_authority", "cluster", "lsoa", "practices")


def read_geography_upload(
    name: str,
    data: bytes,
    level: str,
    geo: Geography,
    *,
    columns: dict[str, str] | None = None,
    lookup: tuple[str, bytes] | None = None,
):
    """Read an uploaded boundary file (or GP practice list) as the command line's ``geography load`` does.

    Returns ``(load, None)``, or ``(None, refusal)`` when the file cannot be read
    at all (a :class:`~sprx_map.geo.columns.BoundaryError`, worded when shown). The bytes
    go to a private temporary folder under their own name, so the format is told by the name as it would be on disk.
    """
    import tempfile
    from pathlib import Path

    from sprx_map.geo.boundaries import BoundaryError, read_boundaries
    from sprx_map.geo.lookups import read_practices

    with tempfile.TemporaryDirectory(prefix="sprx-geo-") as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(data)
        lookup_path = None
        if lookup is not None:
            lookup_path = Path(folder) / ("lookup-" + Path(lookup[0]).name)
            lookup_path.write_bytes(lookup[1])
        try:
            if level == "practices":
                return read_practices(path, geo, columns=columns or None), None
            return read_boundaries(path, level, geo, columns=columns or None, lookup=lookup_path), None
        except BoundaryError as exc:
            return None, exc
