"""What several commands share: the ``--lang`` and ``--db`` options, and the kinds of value a whole number and a day."""

from __future__ import annotations

import click

from sprx_map.cli_language import option, spoken, worded
from sprx_map.i18n import LANGUAGES


def lang(help: str):
    """``--lang en|cy``: every command words its output in English or Welsh; ``help`` says what it words.

    Its default is the language chosen before parsing (``--lang`` anywhere, else ``SPRX_LANG``), so a
    ``--lang`` given to the group above reaches the command too.
    """
    return option("--lang", type=click.Choice(LANGUAGES), default=spoken, help=help)


def db(help: str = "cli.help.db"):
    """``--db URL``: the store to use (default: ``SPRX_DATABASE_URL``, else the SQLite file)."""
    return option("--db", help=help)


class Whole(click.ParamType):
    """A whole number (``int(text)``, as the option's value was read before), refused in the language spoken."""

    name = "integer"

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int):  # a default, already a number
            return value
        try:
            return int(value)
        except ValueError:
            self.fail(worded("cli.number_bad", value=repr(value)), param, ctx)


class Day(click.ParamType):
    """A day written as an ISO date (2028-04-30), refused in the language spoken."""

    name = "date"

    def convert(self, value, param, ctx):
        import datetime as dt

        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            self.fail(worded("cli.date_bad", value=value), param, ctx)
