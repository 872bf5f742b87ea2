"""The command line: ``python -m sprx_map COMMAND``.

Commands
--------
geography --check
    Counts per level, total registered population, the files against their manifest
    (``manifest.json``: sha256 of each file, counts), topology, and accuracy against the
    official boundaries when ``../shared/reference`` is present. Exit 1 when the hierarchy
    or topology is broken or a file differs from the manifest.
geography load PATH --level LEVEL [--lookup CSV] [--column ROLE=COLUMN] [--dry-run] [--db URL]
    Read official boundaries (health_board, local_authority, cluster, or lsoa with
    a lookup CSV) or a GP practice list (practices), report what was read and store
    it as the active version. Exit 1, nothing stored, when it has problems.
geography list [--db URL] / geography use LEVEL VERSION|embedded [--db URL]
    The stored versions; choose the active one (or go back to the embedded geography).
sample --out DIR [--seed N]
    Write the illustrative returns, one per health board.
validate FILE... [--json] [--map HEADING=FIELD]... [--board B] [--db URL] [--lang cy]
    Read returns and report every row and how every heading was read; saved
    mappings of the file's board apply. Exit 1 when rows were rejected, 2 when
    a file cannot be read at all.
template --out FILE.xlsx
    Write the blank return template (instructions, one example row, drop-downs, lists).
import FILE... --round LABEL [--period START:END] [--db URL] [--replace] [--map HEADING=FIELD]... [--board B]
    Import returns into the store, all or nothing; rejected rows are left out.
    The --map choices are saved for the board and applied to its later returns.
mappings [--board B] [--remove ID] [--json] [--db URL]
    The headings and values remembered for each board; remove one.
publish --out DIR [--round LABEL] [--db URL] [--measure M] [--url ADDRESS] [--lang cy]
    Write a round (default: the newest) as a static site in English and Welsh.
export --out PATH [--format csv|xlsx|geojson] [--round LABEL] [--level LEVEL] [--all-rounds] [--db URL]
    A round's projects (csv, xlsx) or its measures by area (any format, with --level), with their
    confidence limits, comparisons with Wales and the board, and fifths; --all-rounds: every round in
    one long table, one row per area and round (csv, xlsx).
rounds [--db URL] [--json] [--lang cy]
    Every round, newest first, with each board's state: returned, not returned or withdrawn.
withdraw --round LABEL --board CODE|NAME --reason TEXT [--db URL]
    Take a board's submission for a round back: it stops counting and stays in the history.
history [--db URL]
    Every submission: round, board, file, sha256, row counts, time, who.
serve [--port N] [--address A] [--replicas N] [--lang cy]
    Run the dashboard (``make run``), warming it up while the server starts; with
    --replicas, N Streamlit servers behind HAProxy on the port (sprx_map.replicas).
balancer --server HOST:PORT... [--port N] [--address A] [--out FILE]
    HAProxy's configuration for replicas running on other machines (deploy/README.md).
fingerprint
    A short fingerprint of each setting every replica must share, to compare between machines.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sprx_map import GEOGRAPHY_DIR, REFERENCE_DIR, SAMPLE_DIR
from sprx_map.cli_language import WordedParser, chosen_language, speaking, spoken
from sprx_map.cli_language import worded as _t
from sprx_map.settings import SettingError

BOARD_REFERENCE = "ons_lhb_2022_buc/LHB_APR_2022_WA_BUC.shp"
GEOGRAPHY_LEVELS = ("health_board", "local_authority", "cluster")  # as geography.LEVELS, without importing it


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
                unit=t("versions.rows" if row.kind == "populations" else "versions.features", lang),
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


def _rounds(args: argparse.Namespace) -> int:
    from sprx_map import rounds
    from sprx_map.dataset import load_store
    from sprx_map.geo.geography import load_geography
    from sprx_map.i18n import t

    geo = load_geography()
    data = load_store(geo, args.db)
    tracked = [data.returns[r] for r in data.rounds() if r in data.returns]
    if args.json:
        completeness = rounds.board_completeness(data.projects)
        print(json.dumps(rounds.as_json(tracked, geo, args.lang, completeness), ensure_ascii=False))
        return 0
    if not tracked:
        print(t("round.no_rounds", args.lang))
    print("\n".join(rounds.lines(tracked, geo, args.lang)))
    return 0


def _withdraw(args: argparse.Namespace) -> int:
    from sprx_map import store
    from sprx_map.geo.geography import load_geography
    from sprx_map.i18n import t

    geo = load_geography()
    board = geo.names.resolve("health_board", args.board)
    if board is None:
        print(t("cli.board_unknown", args.lang, board=args.board), file=sys.stderr)
        return 2
    name = geo.area_names("health_board", args.lang)[board]
    try:
        store.withdraw(store.connect(args.db), args.round, board, args.reason)
    except store.StoreError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 1
    print(t("intake.withdrawn", args.lang, board=name, round=args.round))
    return 0


def _history(args: argparse.Namespace) -> int:
    import pandas as pd

    from sprx_map import schema, store
    from sprx_map.i18n import t

    lang = args.lang
    table = store.history(store.connect(args.db))
    if table.empty:
        print(t("cli.history.empty", lang))
        return 0
    for row in table.itertuples():
        if pd.notna(getattr(row, "withdrawn_at", None)):
            state = t("cli.history.withdrawn", lang, reason=row.withdrawn_reason or "", who=row.withdrawn_by)
        elif pd.isna(row.superseded_by):
            state = t("cli.history.current", lang)
        else:
            state = t("cli.history.superseded", lang, id=int(row.superseded_by))
        counts = {name: getattr(row, name) for name in schema.COUNT_KEYS}
        print(
            t(
                "cli.history.row",
                lang,
                id=row.id,
                round=row.round,
                board=row.hb_code,
                file=row.file_name,
                sha=row.sha256[:12],
                when=f"{row.imported_at:%Y-%m-%d %H:%M}",
                who=row.imported_by,
                state=state,
                **counts,
            )
        )
    return 0


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


def _template(args: argparse.Namespace) -> int:
    from sprx_map.geo.geography import load_geography
    from sprx_map.i18n import t
    from sprx_map.template import build_template

    out = Path(args.out)
    build_template(load_geography()).save(out)
    print(t("cli.template.written", args.lang, out=out))
    return 0


def _serve(args: argparse.Namespace) -> int:
    if args.replicas is not None:
        from sprx_map import replicas

        return replicas.serve(args.replicas, port=args.port, address=args.address, lang=args.lang)
    from sprx_map.serve import main

    return main(port=args.port, address=args.address)


def _balancer(args: argparse.Namespace) -> int:
    from sprx_map import replicas

    try:
        config = replicas.render_config(replicas.remote_replicas(args.server), args.port, args.address)
    except replicas.ReplicaError as wrong:
        print(wrong.words(args.lang), file=sys.stderr)
        return 2
    if args.out:
        Path(args.out).write_text(config, encoding="utf-8")
    else:
        print(config, end="")
    return 0


def _fingerprint(args: argparse.Namespace) -> int:
    from sprx_map import replicas
    from sprx_map.i18n import t

    for name, value in replicas.fingerprints().items():
        print(f"{name} {value or t('replicas.not_set', args.lang)}")
    return 0


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(_t("cli.whole_number_bad", value=repr(text)))
    return int(text)


def _commands() -> argparse.ArgumentParser:
    from sprx_map.measures import AREA

    parser = WordedParser(
        prog="python -m sprx_map", description=_t("cli.help.description"), epilog=_t("cli.help.epilog")
    )
    parser.add_argument("--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.help"))
    sub = parser.add_subparsers(dest="command", required=True)
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
    sample = sub.add_parser("sample", help=_t("cli.help.sample"))
    sample.add_argument("--out", default=str(SAMPLE_DIR))
    sample.add_argument("--seed", type=int, default=2017)
    sample.set_defaults(func=_sample)
    serve = sub.add_parser("serve", help=_t("cli.help.serve"))
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--address", help=_t("cli.help.serve.address"))
    serve.add_argument("--replicas", type=_count, metavar="N", help=_t("cli.help.serve.replicas"))
    serve.add_argument("--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.messages"))
    serve.set_defaults(func=_serve)
    balancer = sub.add_parser("balancer", help=_t("cli.help.balancer"))
    balancer.add_argument(
        "--server",
        action="append",
        required=True,
        metavar=_t("cli.metavar.host_port"),
        help=_t("cli.help.balancer.server"),
    )
    balancer.add_argument("--port", type=int, default=80, help=_t("cli.help.balancer.port"))
    balancer.add_argument("--address", help=_t("cli.help.balancer.address"))
    balancer.add_argument("--out", help=_t("cli.help.balancer.out"))
    balancer.add_argument("--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.messages"))
    balancer.set_defaults(func=_balancer)
    fingerprint = sub.add_parser("fingerprint", help=_t("cli.help.fingerprint"))
    fingerprint.add_argument("--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.output"))
    fingerprint.set_defaults(func=_fingerprint)
    template = sub.add_parser("template", help=_t("cli.help.template"))
    template.add_argument("--out", required=True, help=_t("cli.help.template.out"))
    template.set_defaults(func=_template)
    imp = sub.add_parser("import", help=_t("cli.help.import"))
    imp.add_argument("files", nargs="+", metavar=_t("cli.metavar.files"))
    imp.add_argument("--round", required=True, help=_t("cli.help.import.round"))
    imp.add_argument("--db", help=_t("cli.help.db.default"))
    imp.add_argument("--replace", action="store_true", help=_t("cli.help.import.replace"))
    imp.add_argument("--period", type=_period, metavar=_t("cli.metavar.period"), help=_t("cli.help.import.period"))
    _reading_options(imp)
    imp.set_defaults(func=_import)
    maps = sub.add_parser("mappings", help=_t("cli.help.mappings"))
    maps.add_argument("--board", help=_t("cli.help.mappings.board"))
    maps.add_argument("--remove", type=int, metavar=_t("cli.metavar.id"), help=_t("cli.help.mappings.remove"))
    maps.add_argument("--json", action="store_true")
    maps.add_argument("--db", help=_t("cli.help.db"))
    maps.add_argument("--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.output"))
    maps.set_defaults(func=_mappings)
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
    pub = sub.add_parser("publish", help=_t("cli.help.publish"))
    pub.add_argument("--out", required=True, help=_t("cli.help.publish.out"))
    pub.add_argument("--round", help=_t("cli.help.export.round"))
    pub.add_argument("--db", help=_t("cli.help.db"))
    pub.add_argument("--measure", default="fte_per_10k", choices=AREA, help=_t("cli.help.publish.measure"))
    pub.add_argument("--url", help=_t("cli.help.publish.url"))
    pub.add_argument("--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.output"))
    pub.set_defaults(func=_publish)
    tracked = sub.add_parser("rounds", help=_t("cli.help.rounds"))
    tracked.add_argument("--db", help=_t("cli.help.db"))
    tracked.add_argument("--json", action="store_true")
    tracked.add_argument("--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.output"))
    tracked.set_defaults(func=_rounds)
    withdraw = sub.add_parser("withdraw", help=_t("cli.help.withdraw"))
    withdraw.add_argument("--round", required=True, help=_t("cli.help.withdraw.round"))
    withdraw.add_argument("--board", required=True, help=_t("cli.help.withdraw.board"))
    withdraw.add_argument("--reason", required=True, help=_t("cli.help.withdraw.reason"))
    withdraw.add_argument("--db", help=_t("cli.help.db"))
    withdraw.add_argument("--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.output"))
    withdraw.set_defaults(func=_withdraw)
    hist = sub.add_parser("history", help=_t("cli.help.history"))
    hist.add_argument("--db", help=_t("cli.help.db"))
    hist.set_defaults(func=_history)
    validate = sub.add_parser("validate", help=_t("cli.help.validate"))
    validate.add_argument("files", nargs="+", metavar=_t("cli.metavar.files"))
    validate.add_argument("--json", action="store_true")
    validate.add_argument("--db", help=_t("cli.help.validate.db"))
    _reading_options(validate)
    validate.set_defaults(func=_validate)
    return parser


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


def _language_everywhere(parser: argparse.ArgumentParser) -> None:
    """Give every command that lacks one a ``--lang`` option: all output is worded in English or Welsh."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                if not any("--lang" in a.option_strings for a in command._actions):
                    command.add_argument(
                        "--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.output")
                    )
                _language_everywhere(command)


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The command line's parser, its help worded in ``lang``; parse with it inside ``speaking(lang)`` too,
    so that argparse's own words ("usage:", its errors) are in the same language (see sprx_map.cli_language)."""
    with speaking(lang):
        parser = _commands()
        _language_everywhere(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        lang = chosen_language(argv)  # before parsing: the help and argparse's errors are worded in it
    except SettingError as wrong:
        print(wrong, file=sys.stderr)
        return 2
    with speaking(lang):
        args = build_parser(lang).parse_args(argv)
    return args.func(args)
