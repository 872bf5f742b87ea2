"""Returns from the boards: `validate`, `import`, `mappings`, `template` and the illustrative `sample`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sprx_map import SAMPLE_DIR
from sprx_map.cli_language import spoken
from sprx_map.cli_language import worded as _t


def add_sample(sub: argparse._SubParsersAction) -> None:
    sample = sub.add_parser("sample", help=_t("cli.help.sample"))
    sample.add_argument("--out", default=str(SAMPLE_DIR))
    sample.add_argument("--seed", type=int, default=2017)
    sample.set_defaults(func=_sample)


def _sample(args: argparse.Namespace) -> int:
    from sprx_map.geo.geography import load_geography
    from sprx_map.sample import write_samples

    paths = write_samples(Path(args.out), load_geography(), seed=args.seed)
    for path in paths:
        print(path)
    return 0


def _choices(args: argparse.Namespace, geo):
    """The --map and --board options as reading choices; None (after saying why) when one is wrong."""
    from sprx_map import schema
    from sprx_map.i18n import t
    from sprx_map.layout import NOT_A_FIELD, Choices, key_of

    by_name = {schema.normalise_label(text): f.key for f in schema.FIELDS for text in (f.key, f.en, f.cy)}
    headings = {}
    for pair in args.map:
        heading, sep, name = pair.rpartition("=")
        name = schema.normalise_label(name)
        target = NOT_A_FIELD if name in ("none", "dim", "") else by_name.get(name)
        if not sep or not heading.strip() or target is None:
            fields = ", ".join(f.key for f in schema.FIELDS)
            print(t("cli.map_bad", args.lang, pair=pair, fields=fields), file=sys.stderr)
            return None
        headings[key_of(heading)] = target
    board = None
    if args.board:
        board = geo.names.resolve("health_board", args.board)
        if board is None:
            print(t("cli.board_unknown", args.lang, board=args.board), file=sys.stderr)
            return None
    return Choices(headings=headings, board=board)


def _read_files(args: argparse.Namespace, geo, engine, refusal: str = "{reason}"):
    """Read every file with the options' choices and the store's saved mappings; None when one cannot be read
    (after saying why, in ``refusal``'s words)."""
    from sprx_map import store
    from sprx_map.i18n import t
    from sprx_map.returns import ReturnFileError, read_return

    choices = _choices(args, geo)
    if choices is None:
        return None, None
    reports = []
    for name in args.files:
        try:
            reports.append(read_return(Path(name), geo, choices=choices, saved=store.saved_mappings(engine)))
        except (ReturnFileError, OSError) as exc:
            if isinstance(exc, ReturnFileError):
                message = exc.message(args.lang)
            elif isinstance(exc, FileNotFoundError):
                message = t("boundaries.no_file", args.lang, file=name)
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


def add_validate(sub: argparse._SubParsersAction) -> None:
    validate = sub.add_parser("validate", help=_t("cli.help.validate"))
    validate.add_argument("files", nargs="+", metavar=_t("cli.metavar.files"))
    validate.add_argument("--json", action="store_true")
    validate.add_argument("--db", help=_t("cli.help.validate.db"))
    _reading_options(validate)
    validate.set_defaults(func=_validate)


def _validate(args: argparse.Namespace) -> int:
    from sprx_map import store
    from sprx_map.geo.geography import load_geography
    from sprx_map.returns import flag_duplicates_across

    geo = load_geography()
    reports, _ = _read_files(args, geo, store.connect(args.db))
    if reports is None:
        return 2
    flag_duplicates_across(reports)
    files, worst = [], 0
    for report in reports:
        summary = report.summary(args.lang)
        files.append(summary)
        worst = max(worst, 1 if summary["rejected"] else 0)
        if not args.json:
            _print_report(report, args.lang)
    if args.json:
        print(json.dumps({"files": files}, ensure_ascii=False, default=str))
    return worst


def _period(text: str):
    """A reporting period written START:END, each an ISO date (2016-04-01:2017-03-31)."""
    import datetime as dt

    from sprx_map.i18n import t

    try:
        start, end = (dt.date.fromisoformat(part.strip()) for part in text.split(":"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(t("cli.period.bad", spoken(), value=text)) from exc
    if end < start:
        raise argparse.ArgumentTypeError(t("cli.period.bad", spoken(), value=text))
    return start, end


def add_import(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser("import", help=_t("cli.help.import"))
    imp.add_argument("files", nargs="+", metavar=_t("cli.metavar.files"))
    imp.add_argument("--round", required=True, help=_t("cli.help.import.round"))
    imp.add_argument("--db", help=_t("cli.help.db.default"))
    imp.add_argument("--replace", action="store_true", help=_t("cli.help.import.replace"))
    imp.add_argument("--period", type=_period, metavar=_t("cli.metavar.period"), help=_t("cli.help.import.period"))
    _reading_options(imp)
    imp.set_defaults(func=_import)


def _import(args: argparse.Namespace) -> int:
    from sprx_map import store
    from sprx_map.geo.geography import load_geography
    from sprx_map.i18n import t
    from sprx_map.intake import remembered

    geo = load_geography()
    try:
        engine = store.connect(args.db)
        reports, choices = _read_files(args, geo, engine, t("cli.import.nothing", args.lang, reason="{reason}"))
        if reports is None:
            return 1
        result = store.import_reports(engine, reports, args.round, replace=args.replace, period=args.period)
    except (store.StoreError, OSError) as exc:
        reason = exc.message(args.lang) if isinstance(exc, store.StoreError) else str(exc)
        print(t("cli.import.nothing", args.lang, reason=reason.splitlines()[0]), file=sys.stderr)
        return 1
    for f in result.files:
        left = t("cli.import.left_out", args.lang, left_out=f.left_out) if f.left_out else ""
        if f.action == "unchanged":
            print(t("cli.import.unchanged", args.lang, file=f.file, board=f.hb_code, round=result.round) + left)
        else:
            action = t(f"intake.action.{f.action}", args.lang)
            print(t("cli.import.done", args.lang, file=f.file, action=action, projects=f.projects, board=f.hb_code,
                    round=result.round) + left)  # fmt: skip
    if not result.changed:
        print(t("cli.import.nothing_changed", args.lang))
    for report in reports:
        chosen = remembered(report, choices)
        if chosen and report.board_code:
            store.save_mappings(engine, report.board_code, chosen)
            board = geo.area_names("health_board", args.lang)[report.board_code]
            print(t("cli.mappings.saved", args.lang, count=len(chosen), board=board))
    return 0


def add_mappings(sub: argparse._SubParsersAction) -> None:
    maps = sub.add_parser("mappings", help=_t("cli.help.mappings"))
    maps.add_argument("--board", help=_t("cli.help.mappings.board"))
    maps.add_argument("--remove", type=int, metavar=_t("cli.metavar.id"), help=_t("cli.help.mappings.remove"))
    maps.add_argument("--json", action="store_true")
    maps.add_argument("--db", help=_t("cli.help.db"))
    maps.add_argument("--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.output"))
    maps.set_defaults(func=_mappings)


def _mappings(args: argparse.Namespace) -> int:
    from sprx_map import schema, store
    from sprx_map.geo.geography import load_geography
    from sprx_map.i18n import t

    engine = store.connect(args.db)
    geo = load_geography()
    if args.remove is not None:
        try:
            store.remove_mapping(engine, args.remove)
        except store.StoreError as exc:
            print(exc.message(args.lang), file=sys.stderr)
            return 1
        print(t("cli.mappings.removed", args.lang, id=args.remove))
        return 0
    board = None
    if args.board:
        board = geo.names.resolve("health_board", args.board)
        if board is None:
            print(t("cli.board_unknown", args.lang, board=args.board), file=sys.stderr)
            return 2
    table = store.mappings(engine, board)
    if args.json:
        rows = table.drop(columns=["removed_at", "removed_by"]).to_dict("records")
        print(json.dumps({"mappings": rows}, ensure_ascii=False, default=str))
        return 0
    if table.empty:
        print(t("cli.mappings.empty", args.lang))
    for row in table.itertuples():
        what = (
            t("cli.mappings.heading", args.lang, written=row.written)
            if row.kind == "heading"
            else t(
                "cli.mappings.value",
                args.lang,
                field=schema.FIELD_BY_KEY[row.field].label(args.lang),
                written=row.written,
            )
        )
        target = (
            schema.FIELD_BY_KEY[row.target].label(args.lang) if row.kind == "heading" and row.target else row.target
        )
        board = geo.area_names("health_board", args.lang)[row.hb_code]
        target = target or t("column.how.ignored", args.lang)
        when = f"{row.saved_at:%Y-%m-%d %H:%M}"
        print(t("cli.mappings.row", args.lang, id=row.id, board=board, what=what, target=target, saved_at=when,
                saved_by=row.saved_by))  # fmt: skip
    return 0


def add_template(sub: argparse._SubParsersAction) -> None:
    template = sub.add_parser("template", help=_t("cli.help.template"))
    template.add_argument("--out", required=True, help=_t("cli.help.template.out"))
    template.set_defaults(func=_template)


def _template(args: argparse.Namespace) -> int:
    from sprx_map.geo.geography import load_geography
    from sprx_map.i18n import t
    from sprx_map.template import build_template

    out = Path(args.out)
    build_template(load_geography()).save(out)
    print(t("cli.template.written", args.lang, out=out))
    return 0


def _reading_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar=_t("cli.metavar.heading_field"),
        help=_t("cli.help.map"),
    )
    parser.add_argument("--board", help=_t("cli.help.board"))
    parser.add_argument("--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.report"))
