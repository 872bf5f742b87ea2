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
import sys

from sprx_map import REFERENCE_DIR, SAMPLE_DIR
from sprx_map.cli.files import _export, _publish
from sprx_map.cli.geography import GEOGRAPHY_LEVELS, _geography
from sprx_map.cli.returns import _import, _mappings, _period, _reading_options, _sample, _template, _validate
from sprx_map.cli.rounds import _history, _rounds, _withdraw
from sprx_map.cli.serve import _balancer, _count, _fingerprint, _serve
from sprx_map.cli_language import WordedParser, chosen_language, speaking, spoken
from sprx_map.cli_language import worded as _t
from sprx_map.settings import SettingError


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
