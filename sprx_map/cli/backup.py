"""Nothing lost: `backup` (a consistent copy of the store while the app runs) and `restore` (a store from it)."""

from __future__ import annotations

import sys
from pathlib import Path

from sprx_map.cli import options
from sprx_map.cli_language import argument, command, option


@command("backup", help="cli.help.backup")
@option("--out", required=True, help="cli.help.backup.out")
@options.db()
@options.lang("cli.help.lang.output")
def backup(out: str, db: str | None, lang: str) -> int:
    """A consistent copy of the store, with the sha256 of each file and a manifest of its tables and rows."""
    from sprx_map import store
    from sprx_map.i18n import format_number, t
    from sprx_map.store import backup as backups

    try:
        done = backups.backup(db, Path(out))
    except store.StoreError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
    how = t(f"backup.how.{done.how}", lang)
    seconds = format_number(done.seconds, 1, lang)
    print(t("backup.written", lang, out=out, how=how, rows=done.rows, tables=len(done.tables), seconds=seconds))
    return 0


@command("restore", help="cli.help.restore")
@argument("folder", metavar="cli.metavar.folder", help="cli.help.restore.folder")
@option("--db", required=True, help="cli.help.restore.db")
@option("--replace", is_flag=True, help="cli.help.restore.replace")
@option("--portable", is_flag=True, help="cli.help.restore.portable")
@options.lang("cli.help.lang.output")
def restore(folder: str, db: str, replace: bool, portable: bool, lang: str) -> int:
    """Write a backup into a new or empty store (any store with ``--replace``), checked before and after."""
    from sprx_map import store
    from sprx_map.i18n import format_number, t
    from sprx_map.store import backup as backups

    try:
        done = backups.restore(Path(folder), db, replace=replace, portable=portable)
    except store.StoreError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
    how = t(f"backup.how.{done.how}", lang)
    seconds = format_number(done.seconds, 1, lang)
    shown = backups.shown(db)
    print(t("backup.restored", lang, url=shown, folder=folder, how=how, rows=done.rows, tables=len(done.tables),
            seconds=seconds))  # fmt: skip
    return 0
