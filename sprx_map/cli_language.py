"""The language the command line speaks: its help from the catalogue, and click's own words.

The language is chosen before the arguments are parsed (:func:`chosen_language`: ``--lang`` anywhere
in them, else ``SPRX_LANG``, else English); the command line then runs inside :func:`speaking`, where
:func:`worded` gives a catalogue entry in that language and :func:`spoken` names it (the default of
every ``--lang`` option).

The commands are declared once, when their modules are imported, before anyone has chosen a language.
So their help texts, descriptions and the names of their values are catalogue keys, not words: the
classes here (:class:`WordedCommand`, :class:`WordedGroup`, :class:`WordedOption`,
:class:`WordedArgument`, made by :func:`command`, :func:`group`, :func:`option` and :func:`argument`)
hold each key in a :class:`Worded` attribute, which gives the key's words in the language spoken when
click reads it to write the help.

click also writes words of its own: "Usage:", "Options", "Show this message and exit." and its errors
("Error: No such option '--nope'.", "Missing argument", "Invalid value for ..."). It asks gettext for
every one of them: its modules do ``from gettext import gettext as _, ngettext`` and call ``_(...)``
when they format help, parse or report an error. :func:`speaking` puts the methods of a
:class:`ClickWords` translation (a :class:`gettext.NullTranslations` whose messages are the catalogue's
``cli.click.*`` entries, the English text of each being click's own message id) in those names of the
click modules that use them (:data:`CLICK_MODULES`), and puts gettext's functions back on the way out,
whatever happens. This hook was chosen over subclassing click's Context and HelpFormatter and rewording
the errors it raises, because those words are spread over some forty calls (``Option.get_help_record``,
the parser's ``_match_long_opt``, ``Choice.convert``, ``MissingParameter.format_message``, ...), several
building a sentence from parts that a reworded error no longer holds; and over a compiled ``.mo`` file
with ``gettext.textdomain``, because that picks the language for the whole process from environment
variables. Tests check every message id against the installed click's source, and that each of click's
messages is either worded here or one these commands never show, so a click that rewords one, or adds
one, fails them rather than quietly falling back to English. Messages only a programmer sees (a command
declared wrongly) stay in English.
"""

from __future__ import annotations

import gettext
import importlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

import click

from sprx_map import settings
from sprx_map.i18n import CATALOGUE, LANGUAGES, t

CLICK_KEYS: dict[str, str] = {  # click's message id -> catalogue key
    entry["en"]: key for key, entry in CATALOGUE.items() if key.startswith("cli.click.")
}
# The click modules that ask gettext for their words ('from gettext import gettext as _'), leaving out
# those these commands never load: the pager and editor, Windows' console, shell completion.
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")
_SPOKEN: ContextVar[str] = ContextVar("sprx_map_cli_language", default="en")


def chosen_language(argv: Sequence[str]) -> str:
    """The language to speak: the last ``--lang en|cy`` (or ``--lang=cy``) in ``argv``, else ``SPRX_LANG``.

    Read before click parses, so that the help, and click's complaints about the rest of the
    arguments, are in the language asked for. A value that is no language is left for click to
    refuse; ``SPRX_LANG`` holding one raises :class:`settings.SettingError`.

    >>> chosen_language(["export", "--out", "x.csv", "--lang", "cy"])
    'cy'
    """
    chosen = None
    for at, arg in enumerate(argv):
        if arg == "--":  # what follows is a value, never an option
            break
        if arg == "--lang" and at + 1 < len(argv):
            value = argv[at + 1]
        else:
            value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if value in LANGUAGES:
            chosen = value
    return chosen or settings.value("SPRX_LANG")


def spoken() -> str:
    """The language the command line is speaking now (English outside :func:`speaking`)."""
    return _SPOKEN.get()


def worded(key: str, **values) -> str:
    """The catalogue's ``key`` in the language the command line is speaking, with ``values`` filled in."""
    return t(key, _SPOKEN.get(), **values)


class ClickWords(gettext.NullTranslations):
    """click's own messages in ``lang``, from the catalogue's ``cli.click.*`` entries.

    A message the catalogue does not hold is given back as it is.

    >>> ClickWords("cy").gettext("Usage:")
    'Defnydd:'
    """

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def gettext(self, message: str) -> str:
        key = CLICK_KEYS.get(message)
        return t(key, self.lang) if key else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Speak ``lang`` inside the block: :func:`worded`, the commands' help and click's own words.

    Parse and run the command line inside it: click words its messages as it formats help and reports
    errors (see the module's notes).
    """
    words = ClickWords(lang)
    ours = {"_": words.gettext, "ngettext": words.ngettext}
    modules = [importlib.import_module(f"click.{name}") for name in CLICK_MODULES]
    saved = [(module, name, getattr(module, name)) for module in modules for name in ours if hasattr(module, name)]
    token = _SPOKEN.set(lang)
    for module, name, _ in saved:
        setattr(module, name, ours[name])
    try:
        yield
    finally:
        for module, name, function in saved:
            setattr(module, name, function)
        _SPOKEN.reset(token)


class Worded:
    """An attribute that holds a catalogue key and reads as its words in the language spoken.

    ``None`` stays ``None`` (click then leaves the text out, or makes its own).
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}_key"

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        key = getattr(instance, self.slot, None)
        return None if key is None else worded(key)

    def __set__(self, instance, key: str | None) -> None:
        setattr(instance, self.slot, key)


class _WordedHelp:
    """What commands and groups share: their help worded when shown, whole in the list of commands."""

    help = Worded()
    short_help = Worded()
    epilog = Worded()
    options_metavar = Worded()

    def __init__(self, *args, help: str | None = None, **kwargs) -> None:
        # The list of commands shows each one's whole help, as before, where click would cut it to 45 characters.
        kwargs.setdefault("short_help", help)
        kwargs.setdefault("options_metavar", "cli.usage.options")
        super().__init__(*args, help=help, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # click makes the help option once and keeps it: its words are given each time, in the language spoken.
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = worded("cli.click.help")
        return option


class WordedCommand(_WordedHelp, click.Command):
    """A command whose help, description and usage are catalogue keys, worded when shown."""


class WordedGroup(_WordedHelp, click.Group):
    """A group of commands, worded as :class:`WordedCommand`, listing its commands in the order they were added."""

    subcommand_metavar = Worded()
    command_class = WordedCommand

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("subcommand_metavar", "cli.usage.command")
        super().__init__(*args, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


class WordedOption(click.Option):
    """An option whose help is a catalogue key; its value is named from ``cli.metavar.<option>``.

    An option that takes a value (not a flag, not a choice, which click names by its choices) is named
    from the catalogue unless given a ``metavar`` key of its own; a test checks that every one has an entry.
    """

    help = Worded()
    metavar = Worded()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self._metavar_key is None and not self.is_flag and not isinstance(self.type, click.Choice):
            self.metavar = f"cli.metavar.{self.opts[-1].lstrip('-').replace('-', '_')}"


class WordedArgument(click.Argument):
    """A positional argument whose help and name in the help are catalogue keys."""

    help = Worded()
    metavar = Worded()

    def make_metavar(self, ctx: click.Context) -> str:
        if self.metavar is None:
            return super().make_metavar(ctx)
        # click shows a named argument's name as it is: mark it optional or repeatable as it marks its own names.
        name = self.metavar if self.required else f"[{self.metavar}]"
        return f"{name}..." if self.nargs != 1 else name


def command(name: str, help: str, **kwargs):
    """``@click.command`` for a command whose ``help`` is a catalogue key."""
    return click.command(name, cls=WordedCommand, help=help, **kwargs)


def group(name: str | None, help: str | None = None, **kwargs):
    """``@click.group`` for a group whose ``help`` (and ``epilog``) are catalogue keys."""
    return click.group(name, cls=WordedGroup, help=help, **kwargs)


def option(*decls: str, **kwargs):
    """``@click.option`` with ``help`` (and ``metavar``, when given) as catalogue keys."""
    return click.option(*decls, cls=WordedOption, **kwargs)


def argument(*decls: str, **kwargs):
    """``@click.argument`` with ``help`` and ``metavar`` as catalogue keys."""
    return click.argument(*decls, cls=WordedArgument, **kwargs)
