"""Running a round: `change` between rounds, `reminders` to the boards not returned, and the boards' `contacts`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from sprx_map.cli import options
from sprx_map.cli_language import command, group, option


def _known_round(engine, label: str, lang: str) -> bool:
    """Whether the store knows ``label`` (after saying so when it does not)."""
    from sprx_map import store
    from sprx_map.i18n import t

    with engine.connect() as conn:
        known = label in store.round_order(conn)
    if not known:
        print(t("cli.round_unknown", lang, round=label), file=sys.stderr)
    return known


@command("change", help="cli.help.change")
@option("--round", "round_label", required=True, help="cli.help.change.round")
@option("--before", metavar="cli.metavar.round", help="cli.help.change.before")
@option("--json", "as_json", is_flag=True)
@options.db()
@options.lang("cli.help.lang.output")
def change(round_label: str, before: str | None, as_json: bool, db: str | None, lang: str) -> int:
    """What became of every board's projects since the round before (``--before``, by default the one before it of
    the same kind, real or illustrative): new, ended, continuing (renamed among them) and not reported. Exit 2 for
    an unknown round."""
    from sprx_map import collection, continuity, store
    from sprx_map.change import previous_round
    from sprx_map.dataset import Dataset
    from sprx_map.geo.geography import load_geography

    engine = store.connect(db)
    if not _known_round(engine, round_label, lang) or (before and not _known_round(engine, before, lang)):
        return 2
    if before is None:  # as the Change page chooses it: the round before of the same kind (real or illustrative)
        with engine.connect() as conn:
            before = previous_round(store.round_order(conn), round_label, Dataset.illustrative_rounds)
    geo = load_geography()
    now = store.load_projects(engine, round_label)
    was = store.load_projects(engine, before) if before else now.iloc[0:0]
    returns = collection.round_returns(engine, geo, round_label)
    result = continuity.round_change(now, was, geo, round_label, before, returns, lang)
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print("\n".join(collection.change_lines(result, lang)))
    return 0


@command("reminders", help="cli.help.reminders")
@option("--round", "round_label", required=True, help="cli.help.reminders.round")
@option("--out", required=True, metavar="cli.metavar.dir", help="cli.help.reminders.out")
@options.db()
@options.lang("cli.help.lang.output")
def reminders(round_label: str, out: str, db: str | None, lang: str) -> int:
    """Write one ``.eml`` per board with no return that counts in the round, its return attached. Exit 2 for an
    unknown round."""
    from sprx_map import collection, store
    from sprx_map import reminders as mail
    from sprx_map.geo.geography import load_geography
    from sprx_map.i18n import t

    engine = store.connect(db)
    if not _known_round(engine, round_label, lang):
        return 2
    geo = load_geography()
    addresses = store.contacts(engine)
    messages = collection.round_reminders(engine, geo, collection.round_returns(engine, geo, round_label))
    names = geo.area_names("health_board", lang)
    for board, path in zip(messages, mail.write_reminders(messages, round_label, geo, Path(out)), strict=True):
        key = "cli.reminders.written" if addresses.get(board) else "cli.reminders.written_no_contact"
        print(t(key, lang, board=names[board], out=path))
    if not messages:
        print(t("cli.reminders.none", lang, round=round_label))
    return 0


@group("contacts", help="cli.help.contacts", invoke_without_command=True)
@option("--json", "as_json", is_flag=True)
@options.db()
@options.lang("cli.help.lang.output")
@click.pass_context
def contacts(ctx: click.Context, as_json: bool, db: str | None, lang: str) -> int | None:
    """Whom reminders are written to, per board; or ``set`` or ``remove``, which then does the work."""
    if ctx.invoked_subcommand is not None:
        return None
    from sprx_map import store
    from sprx_map.geo.geography import load_geography
    from sprx_map.i18n import t

    kept = store.contacts(store.connect(db))
    if as_json:
        print(json.dumps({"contacts": kept}, ensure_ascii=False))
        return 0
    names = load_geography().area_names("health_board", lang)
    if not kept:
        print(t("cli.contacts.empty", lang))
    for board, addresses in kept.items():
        print(f"{names[board]}: {', '.join(addresses)}")
    return 0


def board_code(board: str, lang: str):
    """The board's code and name; None (after saying why) when the geography has no such board."""
    from sprx_map.geo.geography import load_geography
    from sprx_map.i18n import t

    geo = load_geography()
    code = geo.names.resolve("health_board", board)
    if code is None:
        print(t("cli.board_unknown", lang, board=board), file=sys.stderr)
        return None
    return code, geo.area_names("health_board", lang)[code]


@command("set", help="cli.help.contacts.set")
@option("--board", required=True, help="cli.help.contacts.board")
@option("--email", required=True, metavar="cli.metavar.address", help="cli.help.contacts.email")
@options.db()
@options.lang("cli.help.lang.output")
def set_contact(board: str, email: str, db: str | None, lang: str) -> int:
    """Record an address to write to about the board's return. Exit 1 for an address that is not one, 2 for an
    unknown board."""
    from sprx_map import store
    from sprx_map.i18n import t

    found = board_code(board, lang)
    if found is None:
        return 2
    try:
        added = store.set_contact(store.connect(db), found[0], email)
    except store.StoreError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
    key = "cli.contacts.added" if added else "cli.contacts.already"
    print(t(key, lang, email=store.checked_address(email), board=found[1]))
    return 0


@command("remove", help="cli.help.contacts.remove")
@option("--board", required=True, help="cli.help.contacts.board")
@option("--email", required=True, metavar="cli.metavar.address", help="cli.help.contacts.email")
@options.db()
@options.lang("cli.help.lang.output")
def remove_contact(board: str, email: str, db: str | None, lang: str) -> int:
    """Stop writing to an address about the board's return. Exit 1 when it was not the board's, 2 for an unknown
    board."""
    from sprx_map import store
    from sprx_map.i18n import t

    found = board_code(board, lang)
    if found is None:
        return 2
    if not store.remove_contact(store.connect(db), found[0], email):
        print(t("cli.contacts.not_found", lang, email=email.strip(), board=found[1]), file=sys.stderr)
        return 1
    print(t("cli.contacts.removed", lang, email=email.strip(), board=found[1]))
    return 0


contacts.add_command(set_contact)
contacts.add_command(remove_contact)
