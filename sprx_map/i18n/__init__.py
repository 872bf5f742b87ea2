"""The catalogue of user-facing text, and formatting per language.

Every string a person reads (pages, errors, findings, file headings, the command
line, the return's field and vocabulary labels) is a catalogue key, worded in the
reader's language with :func:`t` when it is shown. The words are gettext
catalogues, one ``.po`` file per language under ``i18n/locale/`` (read by
:mod:`~sprx_map.i18n.catalogue`), which a translator opens in Poedit or any CAT
tool: a test checks that both hold every key, translated, and fill in the same
values. A count's words follow the language's plural forms (Welsh has six).
Numbers and dates are written per language by :mod:`~sprx_map.i18n.formats`.
Terms follow ``docs/glossary.md``. The package imports nothing else from
sprx_map, so any module may use it.
"""

from __future__ import annotations

from sprx_map.i18n import catalogue as _catalogue
from sprx_map.i18n.formats import LOCALES, format_day, format_number

LANGUAGES = ("en", "cy")
_WORDS = {lang: _catalogue.load(lang, source=lang == "en") for lang in LANGUAGES}
CATALOGUES: dict[str, dict[str, str]] = {lang: words.texts for lang, words in _WORDS.items()}
# key -> {language: text}: every entry, in both languages side by side (a plural entry by its last form).
CATALOGUE: dict[str, dict[str, str]] = {
    key: {lang: CATALOGUES[lang][key] for lang in LANGUAGES if key in CATALOGUES[lang]} for key in CATALOGUES["en"]
}
# key -> the value whose number chooses the entry's plural form; only plural entries are here.
_COUNTED: dict[str, str] = _WORDS["en"].counted

__all__ = [
    "CATALOGUE",
    "CATALOGUES",
    "LANGUAGES",
    "LOCALES",
    "format_day",
    "format_number",
    "in_language",
    "plural_forms",
    "t",
    "tn",
]


def in_language(value, lang: str = "en"):
    """``value`` in ``lang`` when it is given in several ({language: text}), else ``value`` itself."""
    return value.get(lang, value.get("en")) if isinstance(value, dict) else value


def t(key: str, lang: str = "en", /, **params) -> str:
    """The text for ``key`` in ``lang`` with ``params`` filled in.

    Falls back to English when the key has no text in ``lang``; an unknown key
    raises ``KeyError`` so a typo fails loudly in tests. A plural entry takes the
    form its count calls for (the value named by the entry, ``count`` by default).

    >>> t("finding.not_a_number", value="lots")
    "'lots' is not a number. Write a number such as 1.5 or 200."
    """
    entry = CATALOGUE[key]
    if not params:
        return entry.get(lang) or entry["en"]
    if key in _COUNTED:
        return _form(key, lang, params.get(_COUNTED[key])).format(**params)
    return (entry.get(lang) or entry["en"]).format(**params)


def tn(key: str, n: int, lang: str = "en", /, **params) -> str:
    """The text for ``key`` in ``lang`` in the plural form for the number ``n`` (gettext's ``ngettext``).

    The entry's count value is ``n`` unless ``params`` gives it.

    >>> tn("check.holes", 1), tn("check.holes", 2, "cy"), tn("check.holes", 3, "cy")
    ('1 hole inside the union of the layer', '2 dwll y tu mewn i uniad yr haen', '3 thwll y tu mewn i uniad yr haen')
    """
    return _form(key, lang, n).format(**{_COUNTED.get(key, "count"): n, **params})


def plural_forms(key: str, lang: str = "en") -> tuple[str, ...]:
    """Every form of a plural entry in ``lang`` (English falls back for a missing one); () for other entries."""
    words = _WORDS.get(lang, _WORDS["en"])
    return words.plurals.get(key) or _WORDS["en"].plurals.get(key, ())


def _form(key: str, lang: str, n) -> str:
    """The form of ``key`` that the number ``n`` calls for in ``lang``; the last ("other") when it is no number.
    An entry with no plural forms has one text, whatever the number."""
    words = _WORDS.get(lang, _WORDS["en"])
    if key not in words.plurals:
        words = _WORDS["en"]
        if key not in words.plurals:
            entry = CATALOGUE[key]
            return entry.get(lang) or entry["en"]
    forms = words.plurals[key]
    try:
        index = words.plural(int(n))
    except (TypeError, ValueError):
        index = len(forms) - 1
    return forms[index]
