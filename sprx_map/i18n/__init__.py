"""The catalogue of user-facing text, and formatting per language.

Every string a person reads (pages, errors, findings, file headings, the command
line) is a catalogue key, worded in the reader's language with :func:`t` when it
is shown. Each language has its catalogue (:mod:`~sprx_map.i18n.en`,
:mod:`~sprx_map.i18n.cy`): a test checks that both hold every key and fill in the
same values. Numbers and dates are written per language by
:mod:`~sprx_map.i18n.formats`. Terms follow ``docs/glossary.md``. The package
imports nothing else from sprx_map, so any module may use it.
"""

from __future__ import annotations

from sprx_map.i18n.cy import WELSH
from sprx_map.i18n.en import ENGLISH
from sprx_map.i18n.formats import LOCALES, format_day, format_number

LANGUAGES = ("en", "cy")
CATALOGUES: dict[str, dict[str, str]] = {"en": ENGLISH, "cy": WELSH}
# key -> {language: text}: every entry, in both languages side by side.
CATALOGUE: dict[str, dict[str, str]] = {
    key: {lang: CATALOGUES[lang][key] for lang in LANGUAGES if key in CATALOGUES[lang]} for key in ENGLISH
}

__all__ = ["CATALOGUE", "CATALOGUES", "LANGUAGES", "LOCALES", "format_day", "format_number", "in_language", "t"]


def in_language(value, lang: str = "en"):
    """``value`` in ``lang`` when it is given in several ({language: text}), else ``value`` itself."""
    return value.get(lang, value.get("en")) if isinstance(value, dict) else value


def t(key: str, lang: str = "en", /, **params) -> str:
    """The text for ``key`` in ``lang`` with ``params`` filled in.

    Falls back to English when the key has no text in ``lang``; an unknown key
    raises ``KeyError`` so a typo fails loudly in tests.

    >>> t("finding.not_a_number", value="lots")
    "'lots' is not a number. Write a number such as 1.5 or 200."
    """
    entry = CATALOGUE[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**params) if params else text
