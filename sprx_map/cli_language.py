"""The language the command line speaks: its help from the catalogue, and argparse's own words.

The language is chosen before the arguments are parsed (:func:`chosen_language`: ``--lang`` anywhere
in them, else ``SPRX_LANG``, else English); the parser is then built and run inside :func:`speaking`,
where :func:`worded` gives a catalogue entry in that language and :func:`spoken` names it (the default
of every ``--lang`` option).

argparse also writes words of its own: "usage:", "options:", "show this help message and exit", and its
errors ("the following arguments are required: %s", "invalid choice: ..."). It asks gettext for every
one of them: the module does ``from gettext import gettext as _, ngettext`` and calls ``_(...)`` when a
parser is made ("options"), when help is formatted ("usage: ") and when it reports an error.
:func:`speaking` puts the methods of an :class:`ArgparseWords` translation (a
:class:`gettext.NullTranslations` whose messages are the catalogue's ``cli.argparse.*`` entries, the
English text of each being argparse's own message id) in those two names of the argparse module, and puts
gettext's functions back on the way out, whatever happens. This hook was chosen over subclassing
ArgumentParser and HelpFormatter, because those words are spread over a dozen methods (``parse_known_args``,
``_check_value``, ``_match_argument``, ``error``, ``ArgumentError.__str__``...) that would each have to be
copied from the standard library; and over a compiled ``.mo`` file with ``gettext.textdomain``, because
that picks the language for the whole process from environment variables. A test checks every message id
against the running Python's argparse source, so a Python that rewords one fails it rather than quietly
falling back to English. Messages only a programmer sees (a parser built wrongly) stay in English.

The names of options' values in the help (``--round ROUND``) are argparse's too: it makes them from the
option's name unless told otherwise. :class:`WordedHelpFormatter` takes them from the catalogue
(``cli.metavar.<name>``) instead, through the method the standard library's own formatters override for
the same purpose; :class:`WordedParser` uses it, and so do the parsers of its subcommands.
"""

from __future__ import annotations

import argparse
import gettext
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from sprx_map import settings
from sprx_map.i18n import CATALOGUE, LANGUAGES, t

ARGPARSE_KEYS: dict[str, str] = {  # argparse's message id -> catalogue key
    entry["en"]: key for key, entry in CATALOGUE.items() if key.startswith("cli.argparse.")
}
_SPOKEN: ContextVar[str] = ContextVar("sprx_map_cli_language", default="en")


def chosen_language(argv: Sequence[str]) -> str:
    """The language to speak: the last ``--lang en|cy`` (or ``--lang=cy``) in ``argv``, else ``SPRX_LANG``.

    Read before argparse runs, so that the help, and argparse's complaints about the rest of the
    arguments, are in the language asked for. A value that is no language is left for argparse to
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


class ArgparseWords(gettext.NullTranslations):
    """argparse's own messages in ``lang``, from the catalogue's ``cli.argparse.*`` entries.

    A message the catalogue does not hold (or ``None``, which argparse asks for too) is given back as it is.

    >>> ArgparseWords("cy").gettext("usage: ")
    'defnydd: '
    """

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def gettext(self, message: str) -> str:
        key = ARGPARSE_KEYS.get(message)
        return t(key, self.lang) if key else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Speak ``lang`` inside the block: :func:`worded` and argparse's own words (see the module's notes).

    Build the parser and parse (or print its help) inside it: argparse words some messages when a parser
    is made and others when it formats help or reports an error.
    """
    words = ArgparseWords(lang)
    saved = argparse._, argparse.ngettext
    token = _SPOKEN.set(lang)
    argparse._, argparse.ngettext = words.gettext, words.ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved
        _SPOKEN.reset(token)


class WordedHelpFormatter(argparse.HelpFormatter):
    """argparse's help, with an option's value named from the catalogue (``cli.metavar.<dest>``).

    Without an entry it is named as argparse names it, the option's name in capitals; a test checks
    that every option has one.
    """

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        key = f"cli.metavar.{action.dest}"
        return worded(key) if key in CATALOGUE else super()._get_default_metavar_for_optional(action)


class WordedParser(argparse.ArgumentParser):
    """An ArgumentParser that writes its help with :class:`WordedHelpFormatter`, as do its subcommands'.

    (``add_subparsers`` makes each subcommand's parser of its parent's class.)
    """

    def __init__(self, *args, formatter_class: type[argparse.HelpFormatter] = WordedHelpFormatter, **kwargs):
        super().__init__(*args, formatter_class=formatter_class, **kwargs)
