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

from sprx_map.cli import files, geography, returns, rounds, serve
from sprx_map.cli_language import WordedParser, chosen_language, speaking, spoken
from sprx_map.cli_language import worded as _t
from sprx_map.settings import SettingError

# The commands, in the order the help lists them; each module adds its own, options beside the handler.
COMMANDS = (
    geography.add_geography,
    returns.add_sample,
    serve.add_serve,
    serve.add_balancer,
    serve.add_fingerprint,
    returns.add_template,
    returns.add_import,
    returns.add_mappings,
    files.add_export,
    files.add_publish,
    rounds.add_rounds,
    rounds.add_withdraw,
    rounds.add_history,
    returns.add_validate,
)


def _commands() -> argparse.ArgumentParser:
    parser = WordedParser(
        prog="python -m sprx_map", description=_t("cli.help.description"), epilog=_t("cli.help.epilog")
    )
    parser.add_argument("--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.help"))
    sub = parser.add_subparsers(dest="command", required=True)
    for add in COMMANDS:
        add(sub)
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
