"""The rounds and who returned: `rounds` (and `rounds open`), `withdraw`, `history`."""

from __future__ import annotations

import json
import sys

import click

from sprx_map.cli import options
from sprx_map.cli.returns import Period
from sprx_map.cli_language import argument, command, group, option


@group("rounds", help="cli.help.rounds", invoke_without_command=True)
@options.db()
@option("--json", "as_json", is_flag=True)
@options.lang("cli.help.lang.output")
@click.pass_context
def rounds(ctx: click.Context, db: str | None, as_json: bool, lang: str) -> int | None:
    """Every round, newest first, with its period and deadline and each board's state: returned, not returned or
    withdrawn, and overdue when the deadline has passed; or ``open``, which then does the work."""
    if ctx.invoked_subcommand is not None:
        return None
    from sprx_map import collection, store
    from sprx_map import rounds as states
    from sprx_map.dataset import load_store
    from sprx_map.geo.geography import load_geography
    from sprx_map.i18n import t

    geo = load_geography()
    data = load_store(geo, db)
    dates = store.round_dates(store.connect(db))
    today = collection.today()
    tracked = collection.with_opened([data.returns[r] for r in data.rounds() if r in data.returns], dates, geo)
    if as_json:
        completeness = states.board_completeness(data.projects)
        shown = states.as_json(tracked, geo, lang, completeness, dates=dates, today=today)
        print(json.dumps(shown, ensure_ascii=False))
        return 0
    if not tracked:
        print(t("round.no_rounds", lang))
    print("\n".join(collection.lines(tracked, geo, dates, today, lang)))
    return 0


@command("open", help="cli.help.rounds.open")
@argument("label", metavar="cli.metavar.label")
@option("--period", type=Period(), required=True, help="cli.help.rounds.open.period")
@option("--deadline", type=options.Day(), required=True, help="cli.help.rounds.open.deadline")
@option("--title", help="cli.help.rounds.open.title")
@options.db()
@options.lang("cli.help.lang.output")
def open_round(label: str, period, deadline, title: str | None, db: str | None, lang: str) -> int:
    """Open a round for collection: its reporting period, the day its returns are due and a title. Opening it
    again sets them again. Exit 1, nothing changed, when the store refuses them."""
    from sprx_map import store
    from sprx_map.i18n import format_day, t

    try:
        opened = store.open_round(store.connect(db), label, period, deadline, title)
    except store.StoreError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
    start, end = (format_day(day, lang) for day in opened.period)
    print(t("cli.rounds.opened", lang, round=label, start=start, end=end, deadline=format_day(deadline, lang)))
    return 0


rounds.add_command(open_round)


@command("withdraw", help="cli.help.withdraw")
@option("--round", "round_label", required=True, help="cli.help.withdraw.round")
@option("--board", required=True, help="cli.help.withdraw.board")
@option("--reason", required=True, help="cli.help.withdraw.reason")
@options.db()
@options.lang("cli.help.lang.output")
def withdraw(round_label: str, board: str, reason: str, db: str | None, lang: str) -> int:
    """Take a board's submission for a round back: it stops counting and stays in the history."""
    from sprx_map import store
    from sprx_map.geo.geography import load_geography
    from sprx_map.i18n import t

    geo = load_geography()
    code = geo.names.resolve("health_board", board)
    if code is None:
        print(t("cli.board_unknown", lang, board=board), file=sys.stderr)
        return 2
    name = geo.area_names("health_board", lang)[code]
    try:
        store.withdraw(store.connect(db), round_label, code, reason)
    except store.StoreError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
    print(t("intake.withdrawn", lang, board=name, round=round_label))
    return 0


@command("history", help="cli.help.history")
@option("--auth", is_flag=True, help="cli.help.history.auth")
@option("--audit", is_flag=True, help="cli.help.history.audit")
@options.db()
@options.lang("cli.help.lang.output")
def history(auth: bool, audit: bool, db: str | None, lang: str) -> int:
    """Every submission: round, board, file, sha256, row counts, time, who. ``--auth``: every sign-in, wrong
    password and wait; ``--audit``: the whole audit table."""
    import pandas as pd

    from sprx_map import schema, store
    from sprx_map.i18n import t

    if auth or audit:
        from sprx_map.cli.accounts import audit_lines

        rows = store.audit(store.connect(db), auth=True if auth and not audit else None)
        print("\n".join(audit_lines(rows, lang)) if not rows.empty else t("cli.audit.empty", lang))
        return 0
    table = store.history(store.connect(db))
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
