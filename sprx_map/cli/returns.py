"""Returns from the boards: `validate`, `import`, `mappings`, `template` and the illustrative `sample`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from sprx_map import SAMPLE_DIR
from sprx_map.cli import options
from sprx_map.cli_language import argument, command, option, worded


def reading(handler):
    """The options that say how returns are read (``--map``, ``--board``), and the report's ``--lang``."""
    handler = options.lang("cli.help.lang.report")(handler)  # applied last to first, so listed first to last
    handler = option("--board", help="cli.help.board")(handler)
    return option("--map", "pairs", multiple=True, metavar="cli.metavar.heading_field", help="cli.help.map")(handler)


@command("sample", help="cli.help.sample")
@option("--out", default=str(SAMPLE_DIR))
@option("--seed", type=options.Whole(), default=2017)
@options.lang("cli.help.lang.output")
def sample(out: str, seed: int, lang: str) -> int:
    """Write the illustrative returns, one per health board."""
    from sprx_map.geo.geography import load_geography
    from sprx_map.sample import write_samples

    paths = write_samples(Path(out), load_geography(), seed=seed)
    for path in paths:
        print(path)
    return 0


def _choices(pairs: tuple[str, ...], board_named: str | None, lang: str, geo):
    """The --map and --board options as reading choices; None (after saying why) when one is wrong."""
    from sprx_map import schema
    from sprx_map.i18n import t
    from sprx_map.layout import NOT_A_FIELD, Choices, key_of

    by_name = {schema.normalise_label(text): f.key for f in schema.FIELDS for text in (f.key, f.en, f.cy)}
    headings = {}
    for pair in pairs:
        heading, sep, name = pair.rpartition("=")
        name = schema.normalise_label(name)
        target = NOT_A_FIELD if name in ("none", "dim", "") else by_name.get(name)
        if not sep or not heading.strip() or target is None:
            fields = ", ".join(f.key for f in schema.FIELDS)
            print(t("cli.map_bad", lang, pair=pair, fields=fields), file=sys.stderr)
            return None
        headings[key_of(heading)] = target
    board = None
    if board_named:
        board = geo.names.resolve("health_board", board_named)
        if board is None:
            print(t("cli.board_unknown", lang, board=board_named), file=sys.stderr)
            return None
    return Choices(headings=headings, board=board)


def _read_files(files, pairs, board, lang: str, geo, engine, refusal: str = "{reason}"):
    """Read every file with the options' choices and the store's saved mappings; None when one cannot be read
    (after saying why, in ``refusal``'s words)."""
    from sprx_map import store
    from sprx_map.i18n import t
    from sprx_map.returns import ReturnFileError, read_return

    choices = _choices(pairs, board, lang, geo)
    if choices is None:
        return None, None
    reports = []
    for name in files:
        try:
            reports.append(read_return(Path(name), geo, choices=choices, saved=store.saved_mappings(engine)))
        except (ReturnFileError, OSError) as exc:
            if isinstance(exc, ReturnFileError):
                message = exc.message(lang)
            elif isinstance(exc, FileNotFoundError):
                message = t("boundaries.no_file", lang, file=name)
            else:
                message = str(exc)
            print(refusal.format(reason=message.splitlines()[0]), file=sys.stderr)
            return None, choices
    return reports, choices


def _print_report(report, lang: str) -> None:
    from sprx_map import schema
    from sprx_map.i18n import t

    summary = report.summary(lang)
    print(t("cli.validate.counts", lang, **summary))
    print(t("cli.columns.title", lang))
    for c in report.columns:
        how = t(f"column.how.{c.how}", lang)
        if c.field:
            field = schema.FIELD_BY_KEY[c.field].label(lang)
            print(
                t(
                    "cli.columns.read",
                    lang,
                    heading=c.heading,
                    field=field,
                    how=how,
                    confidence=round(c.confidence * 100),
                )
            )
        else:
            print(t("cli.columns.not_read", lang, heading=c.heading, how=how))
    for issue in summary["issues"]:
        where = (
            t("cli.where.row_column", lang, row=issue["row"], column=issue["column"])
            if issue["column"]
            else t("cli.where.row", lang, row=issue["row"])
            if issue["row"]
            else t("cli.where.file", lang)
        )
        severity = t(f"severity.{issue['severity']}", lang)
        print(f"  {severity:<8} {where}: {issue['message']} {issue['suggestion']}".rstrip())


@command("validate", help="cli.help.validate")
@argument("files", nargs=-1, required=True, metavar="cli.metavar.files")
@option("--json", "as_json", is_flag=True)
@options.db("cli.help.validate.db")
@reading
def validate(files: tuple[str, ...], as_json: bool, db: str | None, pairs: tuple[str, ...], board: str | None,
             lang: str) -> int:  # fmt: skip
    """Read returns and report every row and how every heading was read; saved mappings of the file's board apply.

    Exit 1 when rows were rejected, 2 when a file cannot be read at all.
    """
    from sprx_map import store
    from sprx_map.geo.geography import load_geography
    from sprx_map.returns import flag_duplicates_across

    geo = load_geography()
    reports, _ = _read_files(files, pairs, board, lang, geo, store.connect(db))
    if reports is None:
        return 2
    flag_duplicates_across(reports)
    summaries, worst = [], 0
    for report in reports:
        summary = report.summary(lang)
        summaries.append(summary)
        worst = max(worst, 1 if summary["rejected"] else 0)
        if not as_json:
            _print_report(report, lang)
    if as_json:
        print(json.dumps({"files": summaries}, ensure_ascii=False, default=str))
    return worst


class Period(click.ParamType):
    """A reporting period written START:END, each an ISO date (2016-04-01:2017-03-31)."""

    name = "period"

    def convert(self, value, param, ctx):
        import datetime as dt

        if isinstance(value, tuple):
            return value
        try:
            start, end = (dt.date.fromisoformat(part.strip()) for part in value.split(":"))
        except ValueError:
            start = end = None
        if start is None or end < start:
            self.fail(worded("cli.period.bad", value=value), param, ctx)
        return start, end


@command("import", help="cli.help.import")
@argument("files", nargs=-1, required=True, metavar="cli.metavar.files")
@option("--round", "round_label", required=True, help="cli.help.import.round")
@options.db("cli.help.db.default")
@option("--replace", is_flag=True, help="cli.help.import.replace")
@option("--period", type=Period(), help="cli.help.import.period")
@reading
def import_(files: tuple[str, ...], round_label: str, db: str | None, replace: bool, period, pairs: tuple[str, ...],
            board: str | None, lang: str) -> int:  # fmt: skip
    """Import returns into the store, all or nothing; rejected rows are left out.

    The ``--map`` choices are saved for the board and applied to its later returns.
    """
    from sprx_map import store
    from sprx_map.geo.geography import load_geography
    from sprx_map.i18n import t
    from sprx_map.intake import remembered

    geo = load_geography()
    try:
        engine = store.connect(db)
        refusal = t("cli.import.nothing", lang, reason="{reason}")
        reports, choices = _read_files(files, pairs, board, lang, geo, engine, refusal)
        if reports is None:
            return 1
        result = store.import_reports(engine, reports, round_label, replace=replace, period=period)
    except (store.StoreError, OSError) as exc:
        reason = exc.message(lang) if isinstance(exc, store.StoreError) else str(exc)
        print(t("cli.import.nothing", lang, reason=reason.splitlines()[0]), file=sys.stderr)
        return 1
    for f in result.files:
        left = t("cli.import.left_out", lang, left_out=f.left_out) if f.left_out else ""
        if f.action == "unchanged":
            print(t("cli.import.unchanged", lang, file=f.file, board=f.hb_code, round=result.round) + left)
        else:
            action = t(f"intake.action.{f.action}", lang)
            print(t("cli.import.done", lang, file=f.file, action=action, projects=f.projects, board=f.hb_code,
                    round=result.round) + left)  # fmt: skip
        _print_matches(f.matched, lang)
    if not result.changed:
        print(t("cli.import.nothing_changed", lang))
    for report in reports:
        chosen = remembered(report, choices)
        if chosen and report.board_code:
            store.save_mappings(engine, report.board_code, chosen)
            name = geo.area_names("health_board", lang)[report.board_code]
            print(t("cli.mappings.saved", lang, count=len(chosen), board=name))
    return 0


def _print_matches(matched, lang: str) -> None:
    """The projects of a file that took a reference by a score (:mod:`sprx_map.project_matches`): said, with how
    to treat one as a new project, so a match is never made unseen."""
    from sprx_map.i18n import t
    from sprx_map.intake import match_why

    if not matched:
        return
    print(t("cli.import.matched", lang, count=len(matched)))
    for match in matched:
        what = t("intake.match.what", lang, row=match.row, name=match.name, organisation=match.organisation,
                 reference=match.reference, was=match.was_name, was_organisation=match.was_organisation)  # fmt: skip
        print(f"  {what}: {match_why(match, lang)}")


@command("mappings", help="cli.help.mappings")
@option("--board", help="cli.help.mappings.board")
@option("--remove", type=options.Whole(), metavar="cli.metavar.id", help="cli.help.mappings.remove")
@option("--json", "as_json", is_flag=True)
@options.db()
@options.lang("cli.help.lang.output")
def mappings(board: str | None, remove: int | None, as_json: bool, db: str | None, lang: str) -> int:
    """The headings, values and projects remembered for each board; ``--remove``: stop applying one."""
    from sprx_map import intake, schema, store
    from sprx_map.geo.geography import load_geography
    from sprx_map.i18n import t

    engine = store.connect(db)
    geo = load_geography()
    if remove is not None:
        try:
            store.remove_mapping(engine, remove)
        except store.StoreError as exc:
            print(exc.message(lang), file=sys.stderr)
            return 1
        print(t("cli.mappings.removed", lang, id=remove))
        return 0
    code = None
    if board:
        code = geo.names.resolve("health_board", board)
        if code is None:
            print(t("cli.board_unknown", lang, board=board), file=sys.stderr)
            return 2
    table = store.mappings(engine, code)
    if as_json:
        rows = table.drop(columns=["removed_at", "removed_by"]).to_dict("records")
        print(json.dumps({"mappings": rows}, ensure_ascii=False, default=str))
        return 0
    if table.empty:
        print(t("cli.mappings.empty", lang))
    for row in table.itertuples():
        what = intake.mapping_what(row, lang)
        target = schema.FIELD_BY_KEY[row.target].label(lang) if row.kind == "heading" and row.target else row.target
        name = geo.area_names("health_board", lang)[row.hb_code]
        new = t("intake.match.new_project", lang) if row.kind == store.PROJECT else t("column.how.ignored", lang)
        target = target or new
        when = f"{row.saved_at:%Y-%m-%d %H:%M}"
        print(t("cli.mappings.row", lang, id=row.id, board=name, what=what, target=target, saved_at=when,
                saved_by=row.saved_by))  # fmt: skip
    return 0


@command("template", help="cli.help.template")
@option("--out", required=True, help="cli.help.template.out")
@option("--board", help="cli.help.template.board")
@option("--from-round", "from_round", metavar="cli.metavar.round", help="cli.help.template.from_round")
@option("--round", "for_round", help="cli.help.template.round")
@options.db()
@options.lang("cli.help.lang.output")
def template(out: str, board: str | None, from_round: str | None, for_round: str | None, db: str | None,
             lang: str) -> int:  # fmt: skip
    """Write the blank return template (instructions, one example row, drop-downs, lists); with ``--board``, the
    board's return pre-filled from its return in ``--from-round`` (by default its latest real one) for ``--round``
    (by default the newest round opened). Exit 1, nothing written, when it cannot be made; 2 for an unknown board.
    """
    from sprx_map.geo.geography import load_geography
    from sprx_map.i18n import t
    from sprx_map.template import build_template

    path = Path(out)
    geo = load_geography()
    if board is None:
        if from_round or for_round:
            print(t("cli.template.board_needed", lang), file=sys.stderr)
            return 2
        build_template(geo).save(path)
        print(t("cli.template.written", lang, out=path))
        return 0
    from sprx_map import prefill, store

    code = geo.names.resolve("health_board", board)
    if code is None:
        print(t("cli.board_unknown", lang, board=board), file=sys.stderr)
        return 2
    try:
        data = prefill.prefilled_return(store.connect(db), geo, code, from_round, for_round)
    except (prefill.PrefillRefused, store.StoreError) as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
    path.write_bytes(data)
    name = geo.area_names("health_board", lang)[code]
    print(t("cli.template.prefilled", lang, out=path, board=name))
    return 0
