"""Messages worded where they are shown: a catalogue key and its values, never a sentence made deep inside.

A reader of a file, the store or a check says what it found as a :class:`Message` (or raises a
:class:`Refusal`); the page, the command line or the export words it in the reader's language with
``text(lang)``. A value may itself be a message (a list that ends "and 3 more", a hint), worded in the
same language. ``str()`` of either is the English, for logs and tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sprx_map.i18n import t

LISTED = 10  # items listed in one message before "and N more"
WIDTH = 60  # characters of one listed text before it is shortened (values from files may be long)


@dataclass(frozen=True)
class Message:
    """A catalogue key with the values it is filled in with."""

    key: str
    values: dict = field(default_factory=dict)

    def text(self, lang: str = "en", escape=None) -> str:
        r"""The message in ``lang``, its values worded in the same language.

        ``escape`` (such as :func:`markdown_escaped`) is applied to every text value, at any depth, and
        never to the catalogue's own words: values come from files and people, the catalogue does not.

        >>> Message("report.warning", {"text": Message("report.none")}).text("cy")
        '  rhybudd: (dim)'
        >>> Message("report.warning", {"text": "![x](http://h/x.png)"}).text("en", escape=markdown_escaped)
        '  warning: \\!\\[x\\]\\(http\\:\\/\\/h\\/x\\.png\\)'
        """
        return t(self.key, lang, **{name: worded(value, lang, escape) for name, value in self.values.items()})

    def __str__(self) -> str:
        return self.text("en")


def message(key: str, **values) -> Message:
    """A :class:`Message` of ``key`` with ``values``."""
    return Message(key, values)


def worded(value: object, lang: str, escape=None) -> object:
    """``value`` in ``lang`` when it is a message or a refusal; otherwise as it is (text through ``escape``)."""
    if isinstance(value, Message):
        return value.text(lang, escape)
    if isinstance(value, Refusal):
        return value.message(lang, escape)
    if isinstance(value, dict) and "en" in value:  # a name given in each language
        value = value.get(lang) or value["en"]
    if isinstance(value, tuple):  # the items of a listing
        return ", ".join(str(worded(item, lang, escape)) for item in value)
    return escape(value) if escape is not None and isinstance(value, str) else value


MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


def markdown_escaped(text: str) -> str:
    r"""``text`` shown as itself where Streamlit renders Markdown (labels, captions, alerts), on one line.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows it for all of them), so no
    link, image, heading, emphasis, emoji or colour shortcode, or formula can be made by a value.

    >>> markdown_escaped("**x** :red[y]")
    '\\*\\*x\\*\\* \\:red\\[y\\]'
    """
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))


def texts(items: Iterable[Message | str], lang: str) -> list[str]:
    """Each of ``items`` worded in ``lang``."""
    return [str(worded(item, lang)) for item in items]


def listing(items: Iterable[object], limit: int = LISTED) -> str | Message:
    """``items`` joined with commas, at most ``limit`` of them, then "and N more" (worded when shown).

    >>> str(listing(["a", "b", "c"], limit=2)), listing(["a", "b"])
    ('a, b and 1 more', 'a, b')
    """
    items = [i if isinstance(i, Message) else shortened(str(i)) for i in items]
    if len(items) > limit:
        return Message("list.more", {"items": tuple(items[:limit]), "more": len(items) - limit})
    if any(isinstance(i, Message) for i in items):
        return Message("list.all", {"items": tuple(items)})
    return ", ".join(items)


def shortened(text: str, width: int = WIDTH) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis when longer.

    >>> shortened("a" * 70, 10), shortened("two\\nlines")
    ('aaaaaaaaa…', 'two lines')
    """
    text = " ".join(text.split()) if any(c in text for c in "\r\n\t") else text
    return text if len(text) <= width else text[: width - 1] + "…"


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

    def message(self, lang: str = "en", escape=None) -> str:
        """Why, and what to do, in ``lang`` (values through ``escape``, as :meth:`Message.text`)."""
        return Message(self.key, self.params).text(lang, escape)

    def __reduce__(self):
        return _rebuild, (type(self), self.key, self.params)


def _rebuild(cls: type[Refusal], key: str, params: dict) -> Refusal:
    return cls(key, **params)
