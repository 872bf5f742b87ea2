"""Messages worded where they are shown: a catalogue key and its values, never a sentence made deep inside.

A reader of a file, the store or a check says what it found as a :class:`Message` (or raises a
:class:`Refusal`); the page, the command line or the export words it in the reader's language with
``text(lang)``. A value may itself be a message (a list that ends "and 3 more", a hint), worded in the
same language. ``str()`` of either is the English, for logs and tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sprx_map.i18n import t

LISTED = 10  # items listed in one message before "and N more"


@dataclass(frozen=True)
class Message:
    """A catalogue key with the values it is filled in with."""

    key: str
    values: dict = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``, its values worded in the same language.

        >>> Message("report.warning", {"text": Message("report.none")}).text("cy")
        '  rhybudd: (dim)'
        """
        return t(self.key, lang, **{name: worded(value, lang) for name, value in self.values.items()})

    def __str__(self) -> str:
        return self.text("en")


def message(key: str, **values) -> Message:
    """A :class:`Message` of ``key`` with ``values``."""
    return Message(key, values)


def worded(value: object, lang: str) -> object:
    """``value`` in ``lang`` when it is a message or a refusal; otherwise as it is."""
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, Refusal):
        return value.message(lang)
    if isinstance(value, dict) and "en" in value:  # a name given in each language
        return value.get(lang) or value["en"]
    if isinstance(value, tuple):  # the items of a listing
        return ", ".join(str(worded(item, lang)) for item in value)
    return value


def texts(items: Iterable[Message | str], lang: str) -> list[str]:
    """Each of ``items`` worded in ``lang``."""
    return [str(worded(item, lang)) for item in items]


def listing(items: Iterable[object], limit: int = LISTED) -> str | Message:
    """``items`` joined with commas, at most ``limit`` of them, then "and N more" (worded when shown).

    >>> str(listing(["a", "b", "c"], limit=2)), listing(["a", "b"])
    ('a, b and 1 more', 'a, b')
    """
    items = [i if isinstance(i, Message) else str(i) for i in items]
    if len(items) > limit:
        return Message("list.more", {"items": tuple(items[:limit]), "more": len(items) - limit})
    if any(isinstance(i, Message) for i in items):
        return Message("list.all", {"items": tuple(items)})
    return ", ".join(items)


class Refusal(Exception):
    """Something that cannot go ahead, and nothing was changed: the catalogue entry ``key`` says why.

    ``str()`` is the English; :meth:`message` gives it in ``lang``. Kept as its key and values when
    pickled (the app's cache pickles it), so it is worded in the language of the page that shows it.
    """

    def __init__(self, key: str | Message, **params) -> None:
        if isinstance(key, Message):
            key, params = key.key, {**key.values, **params}
        self.key, self.params = key, params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """Why, and what to do, in ``lang``."""
        return Message(self.key, self.params).text(lang)

    def __reduce__(self):
        return _rebuild, (type(self), self.key, self.params)


def _rebuild(cls: type[Refusal], key: str, params: dict) -> Refusal:
    return cls(key, **params)
