"""Files made from a round: `export` (CSV, XLSX, GeoJSON) and `publish` (the static site)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sprx_map.cli_language import spoken
from sprx_map.cli_language import worded as _t


def add_export(sub: argparse._SubParsersAction) -> None:
    exp = sub.add_parser("export", help=_t("cli.help.export"))
    exp.add_argument("--out", required=True)
    exp.add_argument("--format", choices=("csv", "xlsx", "geojson"), default="csv")
    exp.add_argument("--round", help=_t("cli.help.export.round"))
    exp.add_argument(
        "--level",
        choices=("cluster", "local_authority", "health_board"),
        help=_t("cli.help.export.level"),
    )
    exp.add_argument(
        "--all-rounds",
        action="store_true",
        help=_t("cli.help.export.all_rounds"),
    )
    exp.add_argument("--db", help=_t("cli.help.db"))
    exp.add_argument("--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.export"))
    exp.set_defaults(func=_export)


def _export(args: argparse.Namespace) -> int:
    from sprx_map import filters
    from sprx_map.dataset import load_store
    from sprx_map.downloads import all_rounds_download, areas_download, projects_download
    from sprx_map.geo.geography import load_geography
    from sprx_map.i18n import t

    geo = load_geography()
    data = load_store(geo, args.db)
    if args.all_rounds:  # one long table: every round's row carries its own round, flag and date
        if args.format == "geojson":
            print(t("cli.export.all_rounds_level", args.lang), file=sys.stderr)
            return 2
        made = all_rounds_download(data, geo, args.level or "cluster", args.lang)
        _write_export(Path(args.out), args, made, geo, None, per_row=True)
        print(t("cli.export.written", args.lang, rows=len(made.frame), round=made.release.round, out=args.out))
        return 0
    round_label = args.round or data.rounds()[0]
    if round_label not in data.rounds():
        print(t("cli.export.no_round", args.lang, round=round_label, rounds=", ".join(data.rounds())), file=sys.stderr)
        return 2
    chosen = filters.Filters(round=round_label)
    level = args.level or ("cluster" if args.format == "geojson" else None)
    if level is None:
        made = projects_download(data, geo, chosen, args.lang)
    else:
        made = areas_download(data, geo, chosen, level, args.lang)
    out = Path(args.out)
    _write_export(out, args, made, geo, level)
    print(t("cli.export.written", args.lang, rows=len(made.frame), round=round_label, out=out))
    return 0


def _write_export(out: Path, args: argparse.Namespace, made, geo, level: str | None, per_row: bool = False) -> None:
    """Write a download as CSV, XLSX or GeoJSON; ``per_row``: the round columns are already in the rows."""
    from sprx_map import export

    if args.format == "csv":
        out.write_bytes(export.csv_bytes(made.frame, made.headings, None if per_row else made.release))
    elif args.format == "xlsx":
        notes = export.notes_for(made.frame.columns, args.lang)
        out.write_bytes(export.xlsx_bytes(made.frame, made.headings, made.release, title=made.title, notes=notes))
    else:
        indexed = made.frame.set_index(made.frame["code"], drop=False)  # properties keep their keys
        out.write_text(export.geojson_text(indexed, geo, level, made.release.lines()), encoding="utf-8")


def add_publish(sub: argparse._SubParsersAction) -> None:
    from sprx_map.measures import AREA

    pub = sub.add_parser("publish", help=_t("cli.help.publish"))
    pub.add_argument("--out", required=True, help=_t("cli.help.publish.out"))
    pub.add_argument("--round", help=_t("cli.help.export.round"))
    pub.add_argument("--db", help=_t("cli.help.db"))
    pub.add_argument("--measure", default="fte_per_10k", choices=AREA, help=_t("cli.help.publish.measure"))
    pub.add_argument("--url", help=_t("cli.help.publish.url"))
    pub.add_argument("--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.output"))
    pub.set_defaults(func=_publish)


def _publish(args: argparse.Namespace) -> int:
    from sprx_map.dataset import load_active, load_store
    from sprx_map.i18n import format_number, t
    from sprx_map.publish.site import SiteError, build
    from sprx_map.store import connect

    geo = load_active(connect(args.db))
    try:
        done = build(Path(args.out), load_store(geo, args.db), geo, args.round, args.measure, 2, args.url or "")
    except SiteError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 2
    size = format_number(done.size / 1e6, 1, args.lang)
    print(t("publish.written", args.lang, round=done.round, out=args.out, pages=done.pages, files=done.files,
            size=size))  # fmt: skip
    return 0
