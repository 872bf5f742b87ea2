"""Parsers for single cells of a survey return.

Each parser takes the raw cell (a string, number, date or None) and returns a
:class:`Parsed`: the value (or None when missing) and any findings about it, as
catalogue keys with parameters. They never raise on bad input.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from sprx_map.cell_lists import MAX_CELL, MAX_VALUES, split_values, too_big
from sprx_map.choices import (
    MISSPELLING_MARGIN,
    MISSPELLING_SCORE,
    OTHER,
    closest,
    misspelling_of,
    named_terms,
    parse_choice,
    parse_choices,
    parse_yesno,
)
from sprx_map.parsed import Lookup, Note, Parsed, _missing_token, cell_text, is_blank, phrases

# Reading a cell against a vocabulary, list cells and the result model live in their own modules; their names
# stay importable from here, where the readers of a return have always found them.
__all__ = [
    "EXCEL_EPOCH",
    "MAX_CELL",
    "MAX_TEXT",
    "MAX_VALUES",
    "MISSPELLING_MARGIN",
    "MISSPELLING_SCORE",
    "OTHER",
    "SERIAL_RANGE",
    "YEAR_RANGE",
    "Lookup",
    "Note",
    "Parsed",
    "cell_text",
    "closest",
    "is_blank",
    "misspelling_of",
    "named_terms",
    "parse_choice",
    "parse_choices",
    "parse_date",
    "parse_number",
    "parse_postcode",
    "parse_text",
    "parse_url",
    "parse_yesno",
    "phrases",
    "split_values",
    "too_big",
]

EXCEL_EPOCH = dt.date(1899, 12, 30)
# Excel serial numbers for 1990-01-01 .. 2100-01-01: anything else is not a date.
SERIAL_RANGE = (32874, 73051)
MAX_TEXT = 1000
_MONTHS = {
    m.lower(): i
    for i, m in enumerate(["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
    if m
}
_MONTHS.update(
    {
        "sept": 9,
        "june": 6,
        "july": 7,
        "march": 3,
        "april": 4,
        "january": 1,
        "february": 2,
        "august": 8,
        "september": 9,
        "october": 10,
        "november": 11,
        "december": 12,
    }
)


def parse_text(value: object) -> Parsed:
    """Free text, trimmed; kept as data, never interpreted."""
    if is_blank(value):
        return Parsed()
    text = cell_text(value).strip()
    out = Parsed(text[:MAX_TEXT])
    if len(text) > MAX_TEXT:
        out.warn("finding.text_truncated", limit=MAX_TEXT)
    return out


_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?|[-+]?\.\d+")
_NOTED = re.compile(r"([-+]?[\d.,]+)\s*(?:\([^)]*\)|[-–:;]\s*[A-Za-z].*|[A-Za-z][A-Za-z ]+)")
_APPROX = re.compile(r"^(approx(?:imately)?\.?|about|around|circa|ca\.?|c\.?|~|est\.?|estimated)\s*", re.I)


def parse_number(value: object, *, integer: bool = False, maximum: float | None = None) -> Parsed:
    """A number written as a number or as text ("1.5 FTE", "c.150", "1,200", "0.5 + 0.5")."""
    if is_blank(value):
        return Parsed()
    if _missing_token(value):
        return Parsed().warn("finding.missing_value", value=cell_text(value))
    if isinstance(value, bool):
        return Parsed().error("finding.not_a_number", value=cell_text(value))
    out = Parsed()
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            return Parsed().error("finding.not_a_number", value=cell_text(value))
    else:
        text = str(value).strip()
        stripped = _APPROX.sub("", text)
        if stripped != text:
            out.warn("finding.approximate", value=text)
        stripped = re.sub(r"(?i)\b(fte|wte|people|referrals|approx)\b|£", " ", stripped).strip()
        noted = _NOTED.fullmatch(stripped)
        if noted:  # "45 (Apr-Dec)", "12 - estimate": the number, with the note kept in the finding
            stripped = noted[1]
            out.warn("finding.number_with_note", value=text, number=noted[1])

        terms = [t.strip() for t in stripped.split("+")]
        numbers = []
        for term in terms:
            if re.fullmatch(r"\d{1,3}( \d{3})+(\.\d+)?", term):  # "1 000": a space between thousands
                term = term.replace(" ", "")
            grouped = "," in term and not re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", term)
            if not _NUMBER.fullmatch(term) or grouped:
                return Parsed().error("finding.not_a_number", value=text)
            numbers.append(float(term.replace(",", "")))
        number = sum(numbers)
    if number < 0:
        return Parsed().error("finding.negative", value=cell_text(value))
    if maximum is not None and number > maximum:
        return Parsed().error("finding.too_large", value=cell_text(value), maximum=maximum)
    if integer:
        if not float(number).is_integer():
            return Parsed().error("finding.not_whole", value=cell_text(value))
        out.value = int(number)
    else:
        out.value = round(number, 2)
    return out


def _date_or_none(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_date(value: object) -> Parsed:
    """A date: a real Excel date, an Excel serial, ISO, UK day-first, "Feb 2017", "2016/17".

    "Feb 2017" is the first of that month; "2016/17" is the start of that
    financial year (1 April 2016), with a warning. A date that only makes sense
    month-first (e.g. 03/25/2017) is an error: it is never guessed silently.
    """
    if is_blank(value):
        return Parsed()
    if _missing_token(value):
        return Parsed().warn("finding.missing_value", value=cell_text(value))
    if isinstance(value, dt.datetime):
        return Parsed(value.date())
    if isinstance(value, dt.date):
        return Parsed(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1]:
            return Parsed(EXCEL_EPOCH + dt.timedelta(days=int(value)))
        if float(value).is_integer() and YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
            return _year(int(value), cell_text(value))
        return Parsed().error("finding.not_a_date", value=cell_text(value))
    text = str(value).strip()
    if re.fullmatch(r"(19|20)\d\d", text):
        return _year(int(text), text)
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return parse_date(float(text))
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?", text)
    if m and (d := _date_or_none(int(m[1]), int(m[2]), int(m[3]))) is not None:
        return Parsed(d)
    if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", text):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        year += 2000 if year < 100 else 0
        if (d := _date_or_none(year, month, day)) is not None:
            return Parsed(d)
        if _date_or_none(year, day, month) is not None:
            swapped = _date_or_none(year, day, month).strftime("%d/%m/%Y")
            return Parsed().error("finding.month_first_date", suggestion=f"'{swapped}'", value=text)
    if m := re.fullmatch(r"(\d{1,2})?\s*([A-Za-z]{3,9})\.?,?\s+(\d{4})", text):
        month = _MONTHS.get(m[2].lower()) or _MONTHS.get(m[2].lower()[:3])
        if month and (d := _date_or_none(int(m[3]), month, int(m[1] or 1))) is not None:
            return Parsed(d)
    if (m := re.fullmatch(r"(20\d\d)\s*[/-]\s*(\d\d)", text)) and (int(m[1]) + 1) % 100 == int(m[2]):
        return Parsed(dt.date(int(m[1]), 4, 1)).warn("finding.financial_year", value=text)
    return Parsed().error("finding.not_a_date", value=text)


YEAR_RANGE = (1990, 2100)


def _year(year: int, text: str) -> Parsed:
    """A year alone: the first of January of it, with a warning saying so."""
    return Parsed(dt.date(year, 1, 1)).warn("finding.year_only", value=text, date=dt.date(year, 1, 1).isoformat())


_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$")


def parse_postcode(value: object) -> Parsed:
    """A UK postcode, upper-cased with one space; an odd one is kept with a warning."""
    out = parse_text(value)
    if out.value is None:
        return out
    compact = re.sub(r"\s+", "", str(out.value)).upper()
    if _POSTCODE.match(compact):
        out.value = f"{compact[:-3]} {compact[-3:]}"
    else:
        out.warn("finding.odd_postcode", value=out.value)
    return out


def parse_url(value: object) -> Parsed:
    """A web address; only http(s) addresses are kept as links."""
    out = parse_text(value)
    if out.value is None:
        return out
    text = str(out.value)
    if not re.match(r"^https?://", text, re.I):
        if re.match(r"^[\w-]+(\.[\w-]+)+(/\S*)?$", text):
            out.value = "https://" + text
        else:
            out.value = None
            out.warn("finding.odd_url", value=text)
    return out
