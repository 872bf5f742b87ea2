"""`python -m sprx_map geography`: check the embedded geography; load, list and choose official versions."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sprx_map import GEOGRAPHY_DIR, REFERENCE_DIR
from sprx_map.cli import options
from sprx_map.cli_language import argument, group, option

BOARD_REFERENCE = "ons_lhb_2022_buc/LHB_APR_2022_WA_BUC.shp"


GEOGRAPHY_LEVELS = ("health_board", "local_authority", "cluster")  # as geography.LEVELS, without importing it


@group("geography", help="cli.help.geography", invoke_without_command=True)
@option("--check", is_flag=True, help="cli.help.geography.check")
@option("--reference", default=str(REFERENCE_DIR), help="cli.help.geography.reference")
@option("--dir", "directory", help="cli.help.geography.dir")
@options.lang("cli.help.lang.output")
@click.pass_context
def geography(ctx: click.Context, check: bool, reference: str, directory: str | None, lang: str) -> int | None:
    """``geography --check``: counts, the files against their manifest, topology and accuracy; or an action
    (``load``, ``list``, ``use``), which then does the work."""
    if ctx.invoked_subcommand is not None:
        return None
    from sprx_map.geo.geography import LEVELS, accuracy, check_hierarchy, coverage_problems, load_geography
    from sprx_map.geo.manifest import manifest_problems, read_manifest
    from sprx_map.i18n import format_number, t
    from sprx_map.messages import message

    if not check:
        print(t("cli.geography.nothing", lang), file=sys.stderr)
        return 2
    folder = Path(directory) if directory else GEOGRAPHY_DIR
    geo = load_geography(folder)
    for level in LEVELS:
        print(t("cli.check.count", lang, level=t(f"level.{level}", lang), count=len(geo.layer(level))))
    population = format_number(int(geo.clusters["registered_population"].sum()), 0, lang)
    print(t("cli.check.population", lang, population=population))
    problems = check_hierarchy(geo)
    against_manifest = manifest_problems(folder)  # every file's sha256 and the counts
    if not against_manifest:
        print(t("cli.check.manifest_ok", lang, files=len(read_manifest(folder).files)))
    problems += against_manifest
    for level in LEVELS:
        problems += [
            message("cli.check.level_problem", level=message(f"level.{level}"), problem=p)
            for p in coverage_problems(geo.layer(level))
        ]
    boards = Path(reference) / BOARD_REFERENCE
    if boards.exists():
        table = accuracy(geo, boards)
        print(t("cli.check.accuracy", lang))
        print(t("cli.check.accuracy_header", lang))
        for _, row in table.iterrows():
            values = {"iou": row["iou"], "area": row["area_km2"], "official": row["official_km2"]}
            print(t("cli.check.accuracy_row", lang, name=geo.area_names("health_board", lang)[row.name], **values))
        area, official = table["area_km2"].sum(), table["official_km2"].sum()
        print(t("cli.check.accuracy_wales", lang, area=area, official=official, ratio=area / official - 1))
    else:
        print(t("cli.check.no_reference", lang, path=boards))
    if problems:
        print(t("cli.check.problems", lang))
        for problem in problems:
            print(t("report.problem", lang, text=problem.text(lang)))
        return 1
    print(t("cli.check.ok", lang))
    return 0


GEOGRAPHY_ROLES = {"practices": ("cluster", "population")}


BOUNDARY_ROLES = ("code", "name_en", "name_cy")


def _column_options(pairs: tuple[str, ...], level: str, lang: str) -> dict[str, str] | None:
    """``--column ROLE=COLUMN`` options as a dict; None (after saying why) when one is malformed."""
    from sprx_map.i18n import t

    roles = GEOGRAPHY_ROLES.get(level, BOUNDARY_ROLES)
    columns = {}
    for pair in pairs:
        role, sep, column = pair.partition("=")
        if not sep or role.strip() not in roles or not column.strip():
            print(t("cli.column_bad", lang, pair=pair, roles=", ".join(roles)), file=sys.stderr)
            return None
        columns[role.strip()] = column.strip()
    return columns


@geography.command("load", help="cli.help.geography.load")
@argument("path", metavar="cli.metavar.path", help="cli.help.geography.load.path")
@option("--level", required=True, type=click.Choice((*GEOGRAPHY_LEVELS, "lsoa", "practices")))
@option("--lookup", help="cli.help.geography.load.lookup")
@option("--column", "pairs", multiple=True, metavar="cli.metavar.role_column", help="cli.help.geography.load.column")
@option("--dry-run", is_flag=True, help="cli.help.geography.load.dry_run")
@options.db("cli.help.db.default")
@options.lang("cli.help.lang.output")
def load(path: str, level: str, lookup: str | None, pairs: tuple[str, ...], dry_run: bool, db: str | None,
         lang: str) -> int:  # fmt: skip
    """Read official boundaries or a GP practice list, report what was read and store it as the active version.

    Exit 1, nothing stored, when it has problems.
    """
    from sprx_map import store
    from sprx_map.geo.boundaries import BoundaryError, read_boundaries
    from sprx_map.geo.geography import load_geography
    from sprx_map.geo.lookups import read_practices
    from sprx_map.i18n import t

    columns = _column_options(pairs, level, lang)
    if columns is None:
        return 2
    geo = load_geography()
    try:
        if level == "practices":
            loaded = read_practices(Path(path), geo, columns=columns)
        else:
            loaded = read_boundaries(Path(path), level, geo, columns=columns, lookup=lookup)
    except BoundaryError as exc:
        print(t("report.not_read", lang, reason=exc.message(lang)), file=sys.stderr)
        return 1
    print("\n".join(loaded.report(lang)))
    if not loaded.ok:
        print(t("report.problems", lang))
        print("\n".join(t("report.problem", lang, text=p.text(lang)) for p in loaded.problems))
        return 1
    if dry_run:
        print(t("report.dry_run", lang))
        return 0
    engine = store.connect(db)
    known = store.geography_versions(engine).set_index("id")
    try:
        version = store.save_geography(engine, loaded)
    except store.StoreError as exc:
        print(t("report.not_read", lang, reason=exc.message(lang)), file=sys.stderr)
        return 1
    if version in known.index:
        state = t("versions.active" if known.at[version, "active"] else "versions.inactive", lang)
        print(t("report.unchanged", lang, id=version, state=state))
    else:
        print(t("report.stored", lang, id=version, **_level_kind(loaded.level, loaded.kind, lang)))
    return 0


def _level_kind(level: str, kind: str, lang: str) -> dict[str, str]:
    """A geography level and kind in words, as the catalogue's {level} and {kind} ("cluster", "boundaries")."""
    from sprx_map.i18n import t

    return {"level": t(f"geo.level_word.{level}", lang), "kind": t(f"geo.kind.{kind}", lang)}


@geography.command("list", help="cli.help.geography.list")
@options.db()
@options.lang("cli.help.lang.output")
def versions(db: str | None, lang: str) -> int:
    """The stored geography versions, newest first."""
    from sprx_map import store
    from sprx_map.i18n import t

    table = store.geography_versions(store.connect(db))
    if table.empty:
        print(t("versions.empty", lang))
    for row in table.itertuples():
        print(
            t(
                "versions.row",
                lang,
                id=row.id,
                **_level_kind(row.level, row.kind, lang),
                file=row.source_file,
                sha=row.sha256[:12],
                features=row.features,
                unit=t("versions.rows" if row.kind == "populations" else "versions.features", lang, count=row.features),
                loaded_at=row.loaded_at,
                loaded_by=row.loaded_by,
                state=t("versions.active" if row.active else "versions.inactive", lang),
            )
        )
    return 0


@geography.command("use", help="cli.help.geography.use")
@argument("level", type=click.Choice((*GEOGRAPHY_LEVELS, "practices")))
@argument("version", metavar="cli.metavar.version", help="cli.help.geography.use.version")
@options.db()
@options.lang("cli.help.lang.output")
def use(level: str, version: str, db: str | None, lang: str) -> int:
    """Choose the active version of a level, or go back to the embedded geography."""
    from sprx_map import store
    from sprx_map.i18n import t

    level, kind = ("cluster", "populations") if level == "practices" else (level, "boundaries")
    text = version.lstrip("#")
    if text != "embedded" and not text.isdigit():
        print(t("versions.bad_version", lang, version=version), file=sys.stderr)
        return 2
    number = None if text == "embedded" else int(text)
    engine = store.connect(db)
    try:
        store.use_geography(engine, level, kind, number)
    except store.StoreError as exc:
        print(t("report.not_read", lang, reason=exc.message(lang)), file=sys.stderr)
        return 1
    if number is None:
        print(t("versions.embedded", lang, **_level_kind(level, kind, lang)))
    else:
        table = store.geography_versions(engine).set_index("id")
        file = table.at[number, "source_file"]
        print(t("versions.use", lang, **_level_kind(level, kind, lang), id=number, file=file))
    return 0
