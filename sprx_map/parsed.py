"""What reading one cell gives, and what every reader of a cell asks of it.

A :class:`Parsed` is the value (or None when missing) and any findings about it, each a :class:`Note`
naming a catalogue key with its parameters. The value parsers are in :mod:`sprx_map.cells`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sprx_map.vocabulary import MISSING_TOKENS


@dataclass
class Note:
    """A finding about one cell: severity, catalogue key, parameters, suggestion.

    ``read_as`` is set when the value was read by a guess (a misspelling, an
    alias, a saved mapping): the key or code it was read as, for the person to
    confirm or change.
    """

    severity: str  # "error" | "warning" | "info"
    key: str
    params: dict = field(default_factory=dict)  # a value may be {language: text} (see i18n.in_language)
    suggestion: str | dict[str, str] = ""
    read_as: str | None = None
    left_empty: bool = False  # an optional value that could not be read: the field was left empty


@dataclass
class Parsed:
    """The result of parsing one cell."""

    value: object = None
    notes: list[Note] = field(default_factory=list)

    def error(self, key: str, suggestion: str | dict[str, str] = "", **params) -> Parsed:
        self.notes.append(Note("error", key, params, suggestion))
        return self

    def warn(self, key: str, suggestion: str | dict[str, str] = "", **params) -> Parsed:
        self.notes.append(Note("warning", key, params, suggestion))
        return self

    def guessed(self, severity: str, key: str, target: str, **params) -> Parsed:
        """Note that a value was read as ``target`` (a key or code) by a guess or a mapping."""
        self.notes.append(Note(severity, key, params, "", target))
        return self


# A value a person chose for a cell: text -> (key, "user" or "saved"), or None when nobody chose.
Lookup = Callable[[str], tuple[str, str] | None]


def phrases(text: str) -> tuple[str, ...]:
    """Phrases written as one string, separated by "|" (long lists stay readable)."""
    return tuple(part.strip() for part in text.split("|") if part.strip())


def is_blank(value: object) -> bool:
    """True for None, empty or whitespace-only cells."""
    return value is None or (isinstance(value, str) and value.strip() == "")


def cell_text(value: object) -> str:
    """A cell as the user would read it, for reports."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _missing_token(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower() in MISSING_TOKENS
