"""`python -m sprx_map geography`: check the embedded geography; load, list and choose official versions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sprx_map import GEOGRAPHY_DIR, REFERENCE_DIR
from sprx_map.cli_language import worded as _t

BOARD_REFERENCE = "ons_lhb_2022_buc/LHB_APR_2022_WA_BUC.shp"


GEOGRAPHY_LEVELS = ("health_board", "local_authority", "cluster")  # as geography.LEVELS, without importing it


def add_geography(sub: argparse._SubParsersAction) -> None:
    """``geography [--check]``, and its actions ``load``, ``list`` and ``use`` (handled by ``_geography``)."""
    geo = sub.add_parser("geography", help=_t("cli.help.geography"))
    geo.add_argument("--check", action="store_true", help=_t("cli.help.geography.check"))
    geo.add_argument("--reference", default=str(REFERENCE_DIR), help=_t("cli.help.geography.reference"))
    geo.add_argument("--dir", help=_t("cli.help.geography.dir"))
    geo.set_defaults(func=_geography)
    actions = geo.add_subparsers(dest="action", metavar="{load,list,use}")
    load = actions.add_parser("load", help=_t("cli.help.geography.load"))
    load.add_argument("path", metavar=_t("cli.metavar.path"), help=_t("cli.help.geography.load.path"))
    load.add_argument("--level", required=True, choices=(*GEOGRAPHY_LEVELS, "lsoa", "practices"))
    load.add_argument("--lookup", help=_t("cli.help.geography.load.lookup"))
    load.add_argument(
        "--column",
        action="append",
        default=[],
        metavar=_t("cli.metavar.role_column"),
        help=_t("cli.help.geography.load.column"),
    )
    load.add_argument("--dry-run", action="store_true", help=_t("cli.help.geography.load.dry_run"))
    load.add_argument("--db", help=_t("cli.help.db.default"))
    versions = actions.add_parser("list", help=_t("cli.help.geography.list"))
    versions.add_argument("--db", help=_t("cli.help.db"))
    use = actions.add_parser("use", help=_t("cli.help.geography.use"))
    use.add_argument("level", choices=(*GEOGRAPHY_LEVELS, "practices"))
    use.add_argument("version", metavar=_t("cli.metavar.version"), help=_t("cli.help.geography.use.version"))
    use.add_argument("--db", help=_t("cli.help.db"))


def _geography(args: argparse.Namespace) -> int:
    from sprx_map.geo.geography import LEVELS, accuracy, check_hierarchy, coverage_problems, load_geography
    from sprx_map.geo.manifest import manifest_problems, read_manifest
    from sprx_map.i18n import format_number, t
    from sprx_map.messages import message

    lang = args.lang
    if args.action is not None:
        return {"load": _geography_load, "list": _geography_list, "use": _geography_use}[args.action](args)
    if not args.check:
        print(t("cli.geography.nothing", lang), file=sys.stderr)
        return 2
    directory = Path(args.dir) if args.dir else GEOGRAPHY_DIR
    geo = load_geography(directory)
    for level in LEVELS:
        print(t("cli.check.count", lang, level=t(f"level.{level}", lang), count=len(geo.layer(level))))
    population = format_number(int(geo.clusters["registered_population"].sum()), 0, lang)
    print(t("cli.check.population", lang, population=population))
    problems = check_hierarchy(geo)
    against_manifest = manifest_problems(directory)  # every file's sha256 and the counts
    if not against_manifest:
        print(t("cli.check.manifest_ok", lang, files=len(read_manifest(directory).files)))
    problems += against_manifest
    for level in LEVELS:
        problems += [
            message("cli.check.level_problem", level=message(f"level.{level}"), problem=p)
            for p in coverage_problems(geo.layer(level))
        ]
    reference = Path(args.reference) / BOARD_REFERENCE
    if reference.exists():
        table = accuracy(geo, reference)
        print(t("cli.check.accuracy", lang))
        print(t("cli.check.accuracy_header", lang))
        for _, row in table.iterrows():
            values = {"iou": row["iou"], "area": row["area_km2"], "official": row["official_km2"]}
            print(t("cli.check.accuracy_row", lang, name=geo.area_names("health_board", lang)[row.name], **values))
        area, official = table["area_km2"].sum(), table["official_km2"].sum()
        print(t("cli.check.accuracy_wales", lang, area=area, official=official, ratio=area / official - 1))
    else:
        print(t("cli.check.no_reference", lang, path=reference))
    if problems:
        print(t("cli.check.problems", lang))
        for problem in problems:
            print(t("report.problem", lang, text=problem.text(lang)))
        return 1
    print(t("cli.check.ok", lang))
    return 0


GEOGRAPHY_ROLES = {"practices": ("cluster", "population")}


BOUNDARY_ROLES = ("code", "name_en", "name_cy")


def _column_options(pairs: list[str], level: str, lang: str) -> dict[str, str] | None:
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


def _geography_load(args: argparse.Namespace) -> int:
    from sprx_map import store
    from sprx_map.geo.boundaries import BoundaryError, read_boundaries
    from sprx_map.geo.geography import load_geography
    from sprx_map.geo.lookups import read_practices
    from sprx_map.i18n import t

    lang = args.lang
    columns = _column_options(args.column, args.level, lang)
    if columns is None:
        return 2
    geo = load_geography()
    try:
        if args.level == "practices":
            load = read_practices(Path(args.path), geo, columns=columns)
        else:
            load = read_boundaries(Path(args.path), args.level, geo, columns=columns, lookup=args.lookup)
    except BoundaryError as exc:
        print(t("report.not_read", lang, reason=exc.message(lang)), file=sys.stderr)
        return 1
    print("\n".join(load.report(lang)))
    if not load.ok:
        print(t("report.problems", lang))
        print("\n".join(t("report.problem", lang, text=p.text(lang)) for p in load.problems))
        return 1
    if args.dry_run:
        print(t("report.dry_run", lang))
        return 0
    engine = store.connect(args.db)
    known = store.geography_versions(engine).set_index("id")
    try:
        version = store.save_geography(engine, load)
    except store.StoreError as exc:
        print(t("report.not_read", lang, reason=exc.message(lang)), file=sys.stderr)
        return 1
    if version in known.index:
        state = t("versions.active" if known.at[version, "active"] else "versions.inactive", lang)
        print(t("report.unchanged", lang, id=version, state=state))
    else:
        print(t("report.stored", lang, id=version, **_level_kind(load.level, load.kind, lang)))
    return 0


def _level_kind(level: str, kind: str, lang: str) -> dict[str, str]:
    """A geography level and kind in words, as the catalogue's {level} and {kind} ("cluster", "boundaries")."""
    from sprx_map.i18n import t

    return {"level": t(f"geo.level_word.{level}", lang), "kind": t(f"geo.kind.{kind}", lang)}


def _geography_list(args: argparse.Namespace) -> int:
    from sprx_map import store
    from sprx_map.i18n import t

    lang = args.lang
    table = store.geography_versions(store.connect(args.db))
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


def _geography_use(args: argparse.Namespace) -> int:
    from sprx_map import store
    from sprx_map.i18n import t

    lang = args.lang
    level, kind = ("cluster", "populations") if args.level == "practices" else (args.level, "boundaries")
    text = args.version.lstrip("#")
    if text != "embedded" and not text.isdigit():
        print(t("versions.bad_version", lang, version=args.version), file=sys.stderr)
        return 2
    version = None if text == "embedded" else int(text)
    engine = store.connect(args.db)
    try:
        store.use_geography(engine, level, kind, version)
    except store.StoreError as exc:
        print(t("report.not_read", lang, reason=exc.message(lang)), file=sys.stderr)
        return 1
    if version is None:
        print(t("versions.embedded", lang, **_level_kind(level, kind, lang)))
    else:
        table = store.geography_versions(engine).set_index("id")
        file = table.at[version, "source_file"]
        print(t("versions.use", lang, **_level_kind(level, kind, lang), id=version, file=file))
    return 0
