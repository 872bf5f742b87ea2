"""Numbers and dates as each language writes them (Babel's CLDR data)."""

from __future__ import annotations

import functools

import pandas as pd
from babel.dates import format_date
from babel.numbers import get_decimal_symbol, get_group_symbol

LOCALES = {"en": "en_GB", "cy": "cy_GB"}


def format_number(value: float | int | None, decimals: int = 0, lang: str = "en") -> str:
    """A number with thousands separators, as written in ``lang`` (Babel, CLDR); "–" when missing.

    >>> format_number(12345.678, 1), format_number(12345.678, 1, "cy")
    ('12,345.7', '12,345.7')
    """
    if value is None or pd.isna(value):
        return "–"
    decimal, group = _symbols(lang)
    text = f"{value:,.{decimals}f}"  # then the language's own symbols, from CLDR
    if (decimal, group) != (".", ","):
        text = text.replace(",", "\0").replace(".", decimal).replace("\0", group)
    return text


@functools.cache
def _symbols(lang: str) -> tuple[str, str]:
    """The decimal point and the thousands separator of ``lang`` (Babel's CLDR data)."""
    locale = LOCALES.get(lang, "en_GB")
    return get_decimal_symbol(locale), get_group_symbol(locale)


def format_day(value, lang: str = "en") -> str:
    """A date as people write it in ``lang``: "1 March 2025", "1 Mawrth 2025"; "–" when missing.

    >>> import datetime as dt
    >>> format_day(dt.date(2025, 3, 1), "cy")
    '1 Mawrth 2025'
    """
    if value is None or (not hasattr(value, "year") and pd.isna(value)):
        return "–"
    return format_date(value, format="d MMMM y", locale=LOCALES.get(lang, "en_GB"))
