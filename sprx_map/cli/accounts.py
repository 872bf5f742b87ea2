"""`python -m sprx_map accounts`: named accounts that sign in on the page (add, list, remove)."""

from __future__ import annotations

import getpass
import sys

import click

from sprx_map.cli import options
from sprx_map.cli_language import argument, group, option

ACCOUNT_ROLES = ("importer", "administrator")  # as roles.ACCOUNT_ROLES (a test checks), without importing it


@group("accounts", help="cli.help.accounts")
@options.lang("cli.help.lang.output")
def accounts(lang: str) -> None:
    """Named accounts: ``add``, ``list``, ``remove`` (each words its output in ``--lang``)."""


def read_password(lang: str, stdin=None) -> str:
    """The new password: asked twice without echo at a terminal; else the first line of standard input."""
    from sprx_map.i18n import t

    stdin = stdin or sys.stdin
    if not stdin.isatty():
        return stdin.readline().rstrip("\r\n")
    first = getpass.getpass(t("cli.accounts.password", lang))
    again = getpass.getpass(t("cli.accounts.password_again", lang))
    return first if first == again else ""


@accounts.command("add", help="cli.help.accounts.add")
@argument("name", metavar="cli.metavar.name", help="cli.help.accounts.name")
@option("--role", type=click.Choice(ACCOUNT_ROLES), required=True, help="cli.help.accounts.role")
@options.db()
@options.lang("cli.help.lang.output")
def add(name: str, role: str, db: str | None, lang: str) -> int:
    """Add a named account (or give one a new password and role); the password is read without echo, or from
    standard input when it is not a terminal."""
    from sprx_map import store
    from sprx_map.i18n import t

    password = read_password(lang)
    if not password:
        print(t("cli.accounts.no_password", lang), file=sys.stderr)
        return 2
    try:
        store.add_account(store.connect(db), name, role, password)
    except store.StoreError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
    print(t("cli.accounts.added", lang, name=name, role=t(f"roles.role.{role}", lang)))
    return 0


@accounts.command("list", help="cli.help.accounts.list")
@options.db()
@options.lang("cli.help.lang.output")
def list_(db: str | None, lang: str) -> int:
    """Every named account: name, role, when and by whom it was added."""
    from sprx_map import store
    from sprx_map.i18n import t

    table = store.accounts(store.connect(db))
    if table.empty:
        print(t("cli.accounts.none", lang))
    for row in table.itertuples():
        role = t(f"roles.role.{row.role}", lang)
        print(t("cli.accounts.row", lang, name=row.name, role=role, when=f"{row.added_at:%Y-%m-%d %H:%M}",
                who=row.added_by))  # fmt: skip
    return 0


@accounts.command("remove", help="cli.help.accounts.remove")
@argument("name", metavar="cli.metavar.name", help="cli.help.accounts.name")
@options.db()
@options.lang("cli.help.lang.output")
def remove(name: str, db: str | None, lang: str) -> int:
    """Remove a named account: it can no longer sign in (what it did stays recorded)."""
    from sprx_map import store
    from sprx_map.i18n import t

    try:
        store.remove_account(store.connect(db), name)
    except store.StoreError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
    print(t("cli.accounts.removed", lang, name=name))
    return 0


def audit_lines(table, lang: str) -> list[str]:
    """The audit table's rows, one line each: when, who (role), what, detail, from where."""
    from sprx_map.i18n import t

    return [
        t("cli.audit.row", lang, when=f"{row.at:%Y-%m-%d %H:%M:%S}", who=row.actor,
          role=t(f"roles.role.{row.role}", lang), action=row.action, detail=row.detail, address=row.address or "-")
        for row in table.itertuples()
    ]  # fmt: skip
