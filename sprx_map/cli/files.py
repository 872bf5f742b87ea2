"""Files made from a round: `export` (CSV, XLSX, GeoJSON) and `publish` (the static site)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sprx_map.cli import options
from sprx_map.cli_language import command, option
from sprx_map.measures import AREA


@command("export", help="cli.help.export")
@option("--out", required=True)
@option("--format", "kind", type=click.Choice(("csv", "xlsx", "geojson")), default="csv")
@option("--round", "round_label", help="cli.help.export.round")
@option("--level", type=click.Choice(("cluster", "local_authority", "health_board")), help="cli.help.export.level")
@option("--all-rounds", is_flag=True, help="cli.help.export.all_rounds")
@options.db()
@options.lang("cli.help.lang.export")
def export(out: str, kind: str, round_label: str | None, level: str | None, all_rounds: bool, db: str | None,
           lang: str) -> int:  # fmt: skip
    """A round's projects (csv, xlsx) or its measures by area; ``--all-rounds``: every round in one table."""
    from sprx_map import filters
    from sprx_map.dataset import load_store
    from sprx_map.downloads import all_rounds_download, areas_download, projects_download
    from sprx_map.geo.geography import load_geography
    from sprx_map.i18n import t

    geo = load_geography()
    data = load_store(geo, db)
    if all_rounds:  # one long table: every round's row carries its own round, flag and date
        if kind == "geojson":
            print(t("cli.export.all_rounds_level", lang), file=sys.stderr)
            return 2
        made = all_rounds_download(data, geo, level or "cluster", lang)
        _write_export(Path(out), kind, lang, made, geo, None, per_row=True)
        print(t("cli.export.written", lang, rows=len(made.frame), round=made.release.round, out=out))
        return 0
    round_label = round_label or data.rounds()[0]
    if round_label not in data.rounds():
        print(t("cli.export.no_round", lang, round=round_label, rounds=", ".join(data.rounds())), file=sys.stderr)
        return 2
    chosen = filters.Filters(round=round_label)
    level = level or ("cluster" if kind == "geojson" else None)
    if level is None:
        made = projects_download(data, geo, chosen, lang)
    else:
        made = areas_download(data, geo, chosen, level, lang)
    _write_export(Path(out), kind, lang, made, geo, level)
    print(t("cli.export.written", lang, rows=len(made.frame), round=round_label, out=Path(out)))
    return 0


def _write_export(out: Path, kind: str, lang: str, made, geo, level: str | None, per_row: bool = False) -> None:
    """Write a download as CSV, XLSX or GeoJSON; ``per_row``: the round columns are already in the rows."""
    from sprx_map import export as files

    if kind == "csv":
        out.write_bytes(files.csv_bytes(made.frame, made.headings, None if per_row else made.release))
    elif kind == "xlsx":
        notes = files.notes_for(made.frame.columns, lang)
        out.write_bytes(files.xlsx_bytes(made.frame, made.headings, made.release, title=made.title, notes=notes))
    else:
        indexed = made.frame.set_index(made.frame["code"], drop=False)  # properties keep their keys
        out.write_text(files.geojson_text(indexed, geo, level, made.release.lines()), encoding="utf-8")


@command("publish", help="cli.help.publish")
@option("--out", required=True, help="cli.help.publish.out")
@option("--round", "round_label", help="cli.help.export.round")
@options.db()
@option("--measure", type=click.Choice(AREA), default="fte_per_10k", help="cli.help.publish.measure")
@option("--url", help="cli.help.publish.url")
@options.lang("cli.help.lang.output")
def publish(out: str, round_label: str | None, db: str | None, measure: str, url: str | None, lang: str) -> int:
    """Write a round (default: the newest) as a static site in English and Welsh."""
    from sprx_map.dataset import load_active, load_store
    from sprx_map.i18n import format_number, t
    from sprx_map.publish.site import SiteError, build
    from sprx_map.settings import SettingError
    from sprx_map.settings import value as setting
    from sprx_map.store import connect, events

    try:  # before any page is made: the data packages declare it
        setting("SPRX_DATA_LICENCE")
    except SettingError as wrong:
        print(wrong.message(lang), file=sys.stderr)
        return 2
    geo = load_active(connect(db))
    try:
        done = build(Path(out), load_store(geo, db), geo, round_label, measure, 2, url or "", events(connect(db)))
    except SiteError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 2
    size = format_number(done.size / 1e6, 1, lang)
    print(t("publish.written", lang, round=done.round, out=out, pages=done.pages, files=done.files, size=size))
    return 0
