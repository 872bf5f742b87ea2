"""`python -m sprx_map events`: the learning events (list, as JSON or an iCalendar file; add, remove)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from sprx_map.cli import options
from sprx_map.cli_language import argument, command, group, option

STATUSES = ("planned", "held", "cancelled")  # as sprx_map.events.STATUSES (a test checks), without importing it


@group("events", help="cli.help.events", invoke_without_command=True)
@option("--json", "as_json", is_flag=True)
@option("--ics", metavar="cli.metavar.out", help="cli.help.events.ics")
@options.db()
@options.lang("cli.help.lang.output")
@click.pass_context
def events(ctx: click.Context, as_json: bool, ics: str | None, db: str | None, lang: str) -> int | None:
    """The events, soonest first; ``--json`` prints them as data, ``--ics`` writes them as an iCalendar file;
    or ``add`` or ``remove``, which then does the work."""
    if ctx.invoked_subcommand is not None:
        return None
    from sprx_map import events as learning
    from sprx_map import store
    from sprx_map.geo.geography import load_geography
    from sprx_map.i18n import t

    kept = learning.in_order(store.events(store.connect(db)))
    names = load_geography().area_names("health_board", lang).to_dict()
    if ics:
        Path(ics).write_bytes(learning.calendar(kept, lang, names))
        print(t("cli.events.ics_written", lang, count=len(kept), out=ics))
        return 0
    if as_json:
        print(json.dumps({"events": [e.as_json() for e in kept]}, ensure_ascii=False))
        return 0
    if not kept:
        print(t("cli.events.empty", lang))
    for e in kept:
        print(
            t(
                "cli.events.line",
                lang,
                id=e.id,
                when=learning.when(e, lang),
                title=e.title(lang),
                where=learning.where(e, names, lang),
                status=learning.status_text(e, lang),
            )
        )
    return 0


@command("add", help="cli.help.events.add")
@option("--title", required=True, metavar="cli.metavar.title", help="cli.help.events.title")
@option("--title-cy", default="", metavar="cli.metavar.title", help="cli.help.events.title_cy")
@option("--date", "day", required=True, type=options.Day(), metavar="cli.metavar.deadline", help="cli.help.events.date")
@option("--start", metavar="cli.metavar.time", help="cli.help.events.start")
@option("--end", metavar="cli.metavar.time", help="cli.help.events.end")
@option("--venue", default="", metavar="cli.metavar.title", help="cli.help.events.venue")
@option("--board", metavar="cli.metavar.board", help="cli.help.events.board")
@option("--online", is_flag=True, help="cli.help.events.online")
@option("--url", default="", metavar="cli.metavar.url", help="cli.help.events.url")
@option("--description", default="", metavar="cli.metavar.title", help="cli.help.events.description")
@option("--description-cy", default="", metavar="cli.metavar.title", help="cli.help.events.description_cy")
@option("--status", type=click.Choice(STATUSES), default="planned", help="cli.help.events.status")
@option("--project", "projects", multiple=True, metavar="cli.metavar.reference", help="cli.help.events.project")
@options.db()
@options.lang("cli.help.lang.output")
def add(title, title_cy, day, start, end, venue, board, online, url, description, description_cy, status, projects,
        db, lang) -> int:  # fmt: skip
    """Keep a learning event. Exit 1 for a value the store refuses (a link that is not http or https, a time
    that is not one), 2 for an unknown board or a board given with ``--online``."""
    from sprx_map import events as learning
    from sprx_map import store
    from sprx_map.cli.collection import board_code
    from sprx_map.i18n import t

    if board and online:
        print(t("cli.events.board_and_online", lang), file=sys.stderr)
        return 2
    place = learning.ONLINE if online else learning.ALL_WALES
    if board:
        found = board_code(board, lang)
        if found is None:
            return 2
        place = found[0]
    try:
        draft = learning.Event(
            id=0,
            title_en=title,
            title_cy=title_cy,
            description_en=description,
            description_cy=description_cy,
            day=day,
            start=store.checked_time(start),
            end=store.checked_time(end),
            venue=venue,
            board=place,
            url=url,
            status=status,
            presenters=tuple(projects),
        )
        kept = store.add_event(store.connect(db), draft)
    except store.StoreError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
    print(t("cli.events.added", lang, id=kept.id, title=kept.title(lang), when=learning.when(kept, lang)))
    return 0


@command("remove", help="cli.help.events.remove")
@argument("event_id", type=options.Whole(), metavar="cli.metavar.id", help="cli.help.events.id")
@options.db()
@options.lang("cli.help.lang.output")
def remove(event_id: int, db: str | None, lang: str) -> int:
    """Stop showing an event; it stays in the history. Exit 1 when the store holds no such event."""
    from sprx_map import store
    from sprx_map.i18n import t

    try:
        store.remove_event(store.connect(db), event_id)
    except store.StoreError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
    print(t("cli.events.removed", lang, id=event_id))
    return 0


events.add_command(add)
events.add_command(remove)
