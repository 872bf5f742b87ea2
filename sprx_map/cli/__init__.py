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
template --out FILE.xlsx [--board B [--from-round LABEL] [--round NEXT]] [--db URL]
    Write the blank return template (instructions, one example row, drop-downs, lists); with --board, the
    board's return for the round NEXT (default: the newest opened) pre-filled from its return in LABEL.
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
    Every round, newest first, with its period and deadline and each board's state: returned, not returned or
    withdrawn, and overdue once the deadline has passed.
rounds open LABEL --period START:END --deadline DATE [--title TEXT] [--db URL]
    Open a round for collection: its reporting period, the day its returns are due, and a title.
change --round LABEL [--before LABEL] [--json] [--db URL] [--lang cy]
    What became of each board's projects since the round before: new, ended, continuing (renamed among
    them) and not reported (never counted as ended).
reminders --round LABEL --out DIR [--db URL]
    One .eml file per board that has not returned, Welsh and English, its return attached.
contacts [--json] / contacts set|remove --board B --email ADDRESS [--db URL]
    Whom reminders are written to, per board.
withdraw --round LABEL --board CODE|NAME --reason TEXT [--db URL]
    Take a board's submission for a round back: it stops counting and stays in the history.
history [--auth | --audit] [--db URL]
    Every submission: round, board, file, sha256, row counts, time, who; --auth: every sign-in, wrong password
    and wait; --audit: the audit table (every change, refusal and sign-in, with its person).
accounts add NAME --role importer|administrator / accounts list / accounts remove NAME [--db URL]
    Named accounts that sign in on the Data intake page; the password is read without echo (or from
    standard input) and kept as an Argon2 hash.
serve [--port N] [--address A] [--replicas N] [--lang cy]
    Run the dashboard (``make run``), warming it up while the server starts; with
    --replicas, N Streamlit servers behind HAProxy on the port (sprx_map.replicas).
balancer --server HOST:PORT... [--port N] [--address A] [--out FILE]
    HAProxy's configuration for replicas running on other machines (deploy/README.md).
fingerprint
    A short fingerprint of each setting every replica must share, to compare between machines.
backup --out DIR [--db URL]
    A consistent copy of the store while the app runs, with the sha256 of each file and a manifest
    (sprx_map.store.backup).
restore DIR --db URL [--replace] [--portable]
    Write a backup into a new or empty store (one holding data only with --replace), checked before and after.
events [--json] [--ics FILE] [--db URL] [--lang cy]
    The learning events, soonest first; --ics: as an iCalendar file (Welsh time, TZID Europe/London).
events add --title T [--title-cy T] --date YYYY-MM-DD [--start HH:MM --end HH:MM] [--venue V] [--board B]
        [--online] [--url U] [--description D] [--description-cy D] [--status S] [--project REF_OR_NAME]...
    Keep a learning event (administrators); events remove ID stops showing one (it stays in the history).
"""

from __future__ import annotations

import contextlib
import sys

import click

from sprx_map.cli import accounts, backup, collection, events, files, geography, returns, rounds, serve
from sprx_map.cli.options import lang
from sprx_map.cli_language import chosen_language, group, speaking
from sprx_map.settings import SettingError

PROG = "python -m sprx_map"
# -h as well as --help, as before; help as wide as the terminal up to 120 columns (click stops at 80).
SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 120}


@group(None, help="cli.help.description", epilog="cli.help.epilog", context_settings=SETTINGS)
@lang("cli.help.lang.help")
def commands(lang: str) -> None:
    """The command line; the language was chosen before parsing (see :func:`main`), so ``lang`` is not used here."""


# The commands, in the order the help lists them; each module declares its own, options beside the handler.
for _command in (
    geography.geography,
    returns.sample,
    serve.serve,
    serve.balancer,
    serve.fingerprint,
    returns.template,
    returns.import_,
    returns.mappings,
    files.export,
    files.publish,
    rounds.rounds,
    rounds.withdraw,
    rounds.history,
    collection.change,
    collection.reminders,
    collection.contacts,
    accounts.accounts,
    returns.validate,
    backup.backup,
    backup.restore,
    events.events,
):
    commands.add_command(_command)


# What a terminal acts on rather than shows: control characters (escape sequences among them) and the marks that
# reorder text. A return's text is printed as data, so these are written as their Python escapes ("\\x1b").
UNSHOWN = {c: repr(chr(c))[1:-1] for c in (*range(32), *range(127, 160), 0x200E, 0x200F, *range(0x202A, 0x202F),
                                             *range(0x2066, 0x206A)) if chr(c) not in "\n\t"}  # fmt: skip


class Escaping:
    """A text stream that writes what it is given with :data:`UNSHOWN` escaped; otherwise the stream it wraps."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(text.translate(UNSHOWN))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@contextlib.contextmanager
def escaping():
    """Standard output and error, for the command's run, as :class:`Escaping` streams."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = Escaping(out), Escaping(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def main(argv: list[str] | None = None) -> int:
    """Run ``python -m sprx_map ARGS`` and give its exit code.

    The language is read from the arguments first, so that the help and click's complaints about the
    arguments are worded in it. Asking for help, or arguments click refuses, end the process as they did
    when argparse read them: the help on stdout and exit 0, the refusal on stderr and exit 2 (SystemExit).
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        chosen = chosen_language(argv)
    except SettingError as wrong:  # the language itself is what is wrong: said in both, Welsh first
        print(wrong.message("cy"), wrong.message("en"), sep="\n", file=sys.stderr)
        return 2
    with speaking(chosen), escaping():
        try:
            with commands.make_context(PROG, argv) as ctx:
                return commands.invoke(ctx)
        except click.exceptions.Exit as done:  # --help, once written
            raise SystemExit(done.exit_code) from None
        except click.ClickException as wrong:
            wrong.show()
            raise SystemExit(wrong.exit_code) from None
