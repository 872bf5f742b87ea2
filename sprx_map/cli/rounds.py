"""The rounds and who returned: `rounds`, `withdraw`, `history`."""

from __future__ import annotations

import argparse
import json
import sys

from sprx_map.cli_language import spoken
from sprx_map.cli_language import worded as _t


def add_rounds(sub: argparse._SubParsersAction) -> None:
    tracked = sub.add_parser("rounds", help=_t("cli.help.rounds"))
    tracked.add_argument("--db", help=_t("cli.help.db"))
    tracked.add_argument("--json", action="store_true")
    tracked.add_argument("--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.output"))
    tracked.set_defaults(func=_rounds)


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


def add_withdraw(sub: argparse._SubParsersAction) -> None:
    withdraw = sub.add_parser("withdraw", help=_t("cli.help.withdraw"))
    withdraw.add_argument("--round", required=True, help=_t("cli.help.withdraw.round"))
    withdraw.add_argument("--board", required=True, help=_t("cli.help.withdraw.board"))
    withdraw.add_argument("--reason", required=True, help=_t("cli.help.withdraw.reason"))
    withdraw.add_argument("--db", help=_t("cli.help.db"))
    withdraw.add_argument("--lang", choices=("en", "cy"), default=spoken(), help=_t("cli.help.lang.output"))
    withdraw.set_defaults(func=_withdraw)


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


def add_history(sub: argparse._SubParsersAction) -> None:
    hist = sub.add_parser("history", help=_t("cli.help.history"))
    hist.add_argument("--db", help=_t("cli.help.db"))
    hist.set_defaults(func=_history)


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
