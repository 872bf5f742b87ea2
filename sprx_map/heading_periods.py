"""The period a heading of referrals names: "Referrals 2016/17", "Atgyfeiriadau Ebrill i Fedi 2017".

Why: a return's referrals column often says what period its figures were counted over, and a project
that gives no period of its own is read with that one before the round's (see :mod:`sprx_map.periods`).
:func:`in_heading` reads it in English or Welsh, or gives None when the heading names no period clearly.

Pure functions of dates and text: no Streamlit, no pandas.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from sprx_map.periods import Period

# Months in English (full and short) and Welsh, with the Welsh forms after "i", "o", "hyd" (soft
# mutation: "Ebrill i Fedi"), "yn" (nasal: "yng Ngorffennaf") and "a" (aspirate: "a Thachwedd").
_MONTHS = {
    **{name: n for n, name in enumerate(calendar.month_name) if n},
    **{name[:3]: n for n, name in enumerate(calendar.month_name) if n},
    "sept": 9,
    "ionawr": 1,
    "chwefror": 2,
    "mawrth": 3,
    "fawrth": 3,
    "ebrill": 4,
    "mai": 5,
    "fai": 5,
    "mehefin": 6,
    "fehefin": 6,
    "gorffennaf": 7,
    "orffennaf": 7,
    "ngorffennaf": 7,
    "awst": 8,
    "medi": 9,
    "fedi": 9,
    "hydref": 10,
    "tachwedd": 11,
    "dachwedd": 11,
    "nhachwedd": 11,
    "thachwedd": 11,
    "rhagfyr": 12,
    "ragfyr": 12,
}
_MONTHS = {name.lower(): n for name, n in _MONTHS.items()}
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24, "twenty four": 24,
    "dau": 2, "ddau": 2, "tri": 3, "pedwar": 4, "chwe": 6, "naw": 9, "deuddeg": 12, "deunaw": 18,
}  # fmt: skip


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Every piece is bounded (no nested or open-ended repeats), so one scan of a heading is linear in its length.
_M = rf"\b(?:{_alternatives(_MONTHS)})\b\.?"
_Y = r"(?<!\d)(?:19|20)\d\d(?!\d)"
_D = r"(?<!\d)[0-3]?\d(?:st|nd|rd|th)?"
_N = rf"(?:\d{{1,2}}|{_alternatives(_NUMBERS)})"
_Q = r"\b(?:quarter|qtr|chwarter|q|ch) ?"
_TO = r" ?(?:-|to|till|until|through|thru|i|hyd at|hyd|tan) ?"


def _fy(prefix: str) -> str:
    """A financial year, "2016/17", "2016-2017" or "16/17", its two parts named ``<prefix>a`` and ``<prefix>b``."""
    return rf"(?<![\d/.:])(?P<{prefix}a>(?:19|20)?\d\d) ?[/-] ?(?P<{prefix}b>(?:19|20)?\d\d)(?![\d/]|\.\d)"


def _named(pattern: str, name: str) -> str:
    return pattern.replace("(?:", f"(?P<{name}>", 1)


_KINDS = (
    # "Q1 2017/18", "Quarter 1-2 2017/18", "Ch1 2017/18", "Chwarter 3 o 2017/18"
    ("quarter", rf"{_Q}(?P<q1>[1-4])(?: ?(?:-|to|i|&|and|a) ?(?:{_Q})?(?P<q2>[1-4]))?(?!\d),? ?(?:of |o )?{_fy('qf')}"),
    # "Q1 2017", "2017 Q1": a quarter of a calendar or of a financial year? Not said.
    ("unclear_quarter", rf"{_Q}[1-4](?!\d),? ?(?:of |o )?{_Y}(?![/-]\d)|{_Y} ?,? ?{_Q}[1-4](?!\d)"),
    # "2017/18 Q1", "2017-18 Q1-Q2"
    ("fy_quarter", rf"{_fy('fq')},? ?-? ?{_Q}(?P<q3>[1-4])(?: ?(?:-|to|i|&|and|a) ?(?:{_Q})?(?P<q4>[1-4]))?(?!\d)"),
    # "1/4/16 - 31/3/17"
    (
        "dates",
        rf"(?<![\d/.])(?P<da>\d{{1,2}})[/.](?P<ma>\d{{1,2}})[/.](?P<ya>\d{{4}}|\d\d){_TO}"
        r"(?P<db>\d{1,2})[/.](?P<mb>\d{1,2})[/.](?P<yb>\d{4}|\d\d)(?![\d/])",
    ),
    # "the year to 31 March 2018", "12 months ending March 2018", "blwyddyn hyd at Fawrth 2018", "year to 31/3/18"
    (
        "ending",
        rf"\b(?:(?:last|past|previous|preceding|latest|rolling|the) )?"
        rf"(?:(?P<e_year>(?:financial |fiscal )?year|blwyddyn|flwyddyn)|(?P<e_n>{_N}) ?(?:months?|mis|fis))"
        r" (?:to|ending|ended|up to|until|through|hyd at|hyd|i|yn gorffen|yn diweddu) (?:the )?"
        rf"(?:(?:end of |ddiwedd |diwedd )?(?:(?P<e_d>{_D}) )?(?P<e_m>{_M}),? (?P<e_y>{_Y})"
        r"|(?P<e_nd>\d{1,2})[/.](?P<e_nm>\d{1,2})[/.](?P<e_ny>\d{4}|\d\d)(?![\d/]))",
    ),
    # "last 12 months", "past six months", "y 12 mis diwethaf"
    (
        "last",
        rf"\b(?:last|past|previous|preceding|latest|rolling) (?P<l_n>{_N}) ?(?:calendar )?months?\b"
        rf"|\b(?P<l_ncy>{_N}) (?:mis|fis) (?:diwethaf|diweddaf|blaenorol|olaf)\b",
    ),
    # "April to September 2017", "Apr-Sep 2017", "April 2017 to March 2018", "Ebrill i Fedi 2017", "rhwng Ebrill a Medi"
    (
        "months",
        rf"(?:\b(?P<r_btw>between|rhwng) )?(?:(?P<r_d1>{_D}) )?{_named(_M, 'r_m1')}(?: (?P<r_y1>{_Y}))?"
        rf"(?(r_btw) (?:and|a|ac) |{_TO})(?:(?P<r_d2>{_D}) )?{_named(_M, 'r_m2')}(?:,? (?P<r_y2>{_Y}))?",
    ),
    # "March 2018"
    ("month", rf"{_named(_M, 's_m')},? (?P<s_y>{_Y})"),
    # "2016/17", "2016-17", "2016/2017", "16/17"
    ("fy", _fy("f")),
    # "2017"
    ("year", r"(?<![\d/.:])(?P<b_y>(?:19|20)\d\d)(?!\d|[/-]\d)"),
)
# One scan finds every mention, the first kind that reads at a place winning ("Q1 2017/18" before "2017/18").
_MENTION = re.compile("|".join(rf"(?P<{kind}>{pattern})" for kind, pattern in _KINDS))
# Counts that run from a start the heading does not give ("since we started", "to date"), and rates
# ("a month", "average"): a heading that says one names no period its figure was counted over.
_NOT_A_PERIOD = re.compile(
    r"\b(?:since|to date|so far|ytd|cumulative|all time|ever|ers|hyd yma|hyd yn hyn|hyd heddiw|cronnus|cronnol"
    r"|(?<!as )per|fesul|average|avg|cyfartaledd|cyfartalog|monthly|weekly|annually|academic"
    r"|(?:a|each|every|bob) (?:month|week|year|quarter|mis|wythnos|blwyddyn|chwarter))\b"
)
# What may follow a year or a month standing alone: closing punctuation, then the end of the heading or
# of one language's part of it ("Referrals 2017 / Atgyfeiriadau 2017").
_LAST = re.compile(r"[\s)\]}:;.,?!*'\"]{0,20}(?:$|[/|])")
# Words that make a year or month standing alone the end or start of something else ("since 2017",
# "to March 2018", "started 2015"), not the period counted over.
_NOT_THE_PERIOD = frozenset({
    "since", "from", "to", "until", "till", "before", "after", "by", "ending", "ended", "end", "start", "started",
    "starting", "began", "begun", "opened", "launched", "established", "founded", "through", "thru", "than", "fy",
    "ers", "o", "i", "tan", "hyd", "cyn", "erbyn", "wedi", "ôl", "dechrau", "ddechrau", "diwedd", "ddiwedd",
    "sefydlwyd", "agorwyd",
})  # fmt: skip
_FINANCIAL = re.compile(r"(?:financial|fiscal|ariannol) ?(?:year)? ?\(?$")
# Two-digit pairs that are ages, school years or lengths, not years: "aged 16-17", "10/12 months".
_AGE_BEFORE = frozenset({"age", "ages", "aged", "oed", "year", "years", "yr", "yrs", "blwyddyn", "bl"})
_AGE_AFTER = re.compile(r" ?(?:years?|yrs?|y\.?o|oed|mlwydd|mlynedd|months?|mis|weeks?|days?)\b")

_UNCLEAR = "unclear"


def in_heading(text: str, returned: dt.date | None = None) -> Period | None:
    """The period a heading of referrals names, or None when it names none, or not clearly.

    Read (case aside, in English or Welsh):

    - a financial year, 1 April to 31 March: "2016/17", "2016-17", "2016/2017", "16/17" (20xx), its
      second year the next one;
    - a financial year's quarters (Q1 April to June ... Q4 January to March): "Q1 2017/18",
      "Quarter 1 2017/18", "Q1-Q2 2017/18", "2017/18 Q3", "Ch1 2017/18", "Chwarter 1 2017/18";
    - months: "April to September 2017", "Apr-Sep 2017", "April 2017 to March 2018", "1 April 2016 to 31
      March 2017", "Ebrill i Fedi 2017", "rhwng Ebrill a Medi 2017"; without a year only inside a
      financial year the heading names ("2016/17 (April to September)");
    - dates: "1/4/16 - 31/3/17";
    - the months up to the date returned, that day included: "last 12 months", "past six months",
      "previous 3 months", "y 12 mis diwethaf" (None when ``returned`` is None);
    - the months up to a day: "the year to March 2018", "12 months ending 31 March 2018", "y flwyddyn hyd
      at Fawrth 2018";
    - a calendar year or one month standing alone, only at the end of the heading (or of one language's
      part of it) and not after a word that makes it a start or an end: "Referrals 2017", "Referrals in
      2017", "Referrals (March 2018)"; not "Referrals since 2017", "Referrals 2017 (estimate)".

    None when the heading names no period, or more than one, or one it does not say clearly ("Q1 2017":
    a calendar or a financial year's quarter?), or counts from a start it does not give ("since we
    started", "to date"), or is a rate ("a month", "average"). Linear in the length of the heading.

    >>> in_heading("Referrals 2016/17")
    Period(start=datetime.date(2016, 4, 1), end=datetime.date(2017, 3, 31))
    >>> in_heading("Referrals (last 12 months)", returned=dt.date(2018, 6, 15))
    Period(start=datetime.date(2017, 6, 16), end=datetime.date(2018, 6, 15))
    >>> in_heading("Atgyfeiriadau Ebrill i Fedi 2017")
    Period(start=datetime.date(2017, 4, 1), end=datetime.date(2017, 9, 30))
    >>> in_heading("Referrals since we started") is None
    True
    """
    text = " ".join(re.sub(r"[\u2010-\u2015\u2212]", "-", str(text or "").lower()).split())
    if _NOT_A_PERIOD.search(text):
        return None
    if isinstance(returned, dt.datetime):
        returned = returned.date()
    found = []  # (kind, reading): a Period, _UNCLEAR, or months without a year (a tuple)
    for m in _MENTION.finditer(text):
        reading = _READERS[m.lastgroup](m, text, returned)
        if reading is not None:
            found.append((m.lastgroup, reading))
    return _one(found)


def _one(found: list[tuple[str, object]]) -> Period | None:
    """The one period of a heading's mentions: None when any is unclear or two differ.

    Months without a year are read inside the one financial year the heading names, which is then the
    year they fall in, not a period of its own.
    """
    readings = [reading for _, reading in found]
    if _UNCLEAR in readings:
        return None
    if any(isinstance(r, tuple) for r in readings):
        years = {r.start.year for kind, r in found if kind == "fy"}
        if len(years) != 1:
            return None
        year = years.pop()
        readings = [_within(r, year) for kind, r in found if kind != "fy"]
    periods = set(readings)
    return periods.pop() if len(periods) == 1 and _UNCLEAR not in periods else None


def _within(reading: Period | tuple, year: int) -> Period | str:
    """Months without a year, (day, month, day, month), inside the financial year from April ``year``."""
    if not isinstance(reading, tuple):
        return reading
    d1, m1, d2, m2 = reading
    return _period(d1, m1, year + (m1 < 4), d2, m2, year + (m2 < 4))


def _date(year: int, month: int, day: int | None, last: bool = False) -> dt.date | None:
    try:
        return dt.date(year, month, day or (calendar.monthrange(year, month)[1] if last else 1))
    except ValueError:
        return None


def _period(d1, m1, y1, d2, m2, y2) -> Period | str:
    start, end = _date(y1, m1, d1), _date(y2, m2, d2, last=True)
    if start is None or end is None or end < start:
        return _UNCLEAR
    return Period(start, end)


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier, or the last day of that month when it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _months_to(end: dt.date, months: int) -> Period | str:
    """The ``months`` months up to and including ``end``."""
    if months < 1:
        return _UNCLEAR
    return Period(_months_before(end, months) + dt.timedelta(days=1), end)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBERS[text]


def _year(text: str) -> int:
    return int(text) + (2000 if len(text) == 2 else 0)


def _financial_year(a: str, b: str) -> Period | str:
    """1 April to 31 March of the financial year "a/b", whose second year must be the next."""
    if len(a) == 2 and len(b) == 4:
        return _UNCLEAR
    first = _year(a)
    if int(b) != (first + 1 if len(b) == 4 else (first + 1) % 100):
        return _UNCLEAR
    return Period(dt.date(first, 4, 1), dt.date(first + 1, 3, 31))


def _quarters(fy: Period | str, first: str, last: str | None) -> Period | str:
    """Quarters ``first`` to ``last`` of a financial year: Q1 April to June ... Q4 January to March."""
    q1, q2 = int(first), int(last or first)
    if fy == _UNCLEAR or q2 < q1:
        return _UNCLEAR
    april = fy.start
    return Period(_months_before(april, -3 * (q1 - 1)), _months_before(april, -3 * q2) - dt.timedelta(days=1))


def _an_age(m: re.Match, text: str, a: str, b: str) -> bool:
    """Whether a two-digit pair is an age, a school year or a length ("aged 16-17", "10-12 months")."""
    if len(a) == 4:
        return False
    before = text[max(0, m.start() - 12) : m.start()].split()
    return bool((before and before[-1].strip("(") in _AGE_BEFORE) or _AGE_AFTER.match(text, m.end()))


def _standing_alone(m: re.Match, text: str) -> bool:
    """Whether a year or month is the end of the heading (or of its part) and not a start or an end."""
    before = text[max(0, m.start() - 40) : m.start()]
    words = before.replace("(", " ").split()
    if (words and words[-1] in _NOT_THE_PERIOD) or _FINANCIAL.search(before):
        return False
    return _LAST.match(text, m.end()) is not None


def _read_quarter(m, text, returned):
    return _quarters(_financial_year(m["qfa"], m["qfb"]), m["q1"], m["q2"])


def _read_fy_quarter(m, text, returned):
    return _quarters(_financial_year(m["fqa"], m["fqb"]), m["q3"], m["q4"])


def _read_dates(m, text, returned):
    return _period(int(m["da"]), int(m["ma"]), _year(m["ya"]), int(m["db"]), int(m["mb"]), _year(m["yb"]))


def _read_ending(m, text, returned):
    months = 12 if m["e_year"] else _number(m["e_n"])
    if m["e_m"] is not None:
        end = _date(int(m["e_y"]), _MONTHS[m["e_m"].rstrip(".")], _day(m["e_d"]), last=True)
    else:
        end = _date(_year(m["e_ny"]), int(m["e_nm"]), int(m["e_nd"]))
    return _UNCLEAR if end is None else _months_to(end, months)


def _read_last(m, text, returned):
    if returned is None:
        return _UNCLEAR
    return _months_to(returned, _number(m["l_n"] or m["l_ncy"]))


def _day(text: str | None) -> int | None:
    return int(re.sub(r"\D", "", text)) if text else None


def _read_months(m, text, returned):
    m1, m2 = _MONTHS[m["r_m1"].rstrip(".")], _MONTHS[m["r_m2"].rstrip(".")]
    d1, d2 = _day(m["r_d1"]), _day(m["r_d2"])
    y1, y2 = (int(y) if y else None for y in (m["r_y1"], m["r_y2"]))
    if y1 is None and y2 is None:
        return (d1, m1, d2, m2)  # read against the financial year the heading names
    if y1 is None:
        y1 = y2 if m1 <= m2 else y2 - 1
    if y2 is None:
        y2 = y1 if m2 >= m1 else y1 + 1
    return _period(d1, m1, y1, d2, m2, y2)


def _read_month(m, text, returned):
    if not _standing_alone(m, text):
        return _UNCLEAR
    month, year = _MONTHS[m["s_m"].rstrip(".")], int(m["s_y"])
    return _period(None, month, year, None, month, year)


def _read_fy(m, text, returned):
    if _an_age(m, text, m["fa"], m["fb"]):
        return None
    return _financial_year(m["fa"], m["fb"])


def _read_year(m, text, returned):
    if not _standing_alone(m, text):
        return _UNCLEAR
    year = int(m["b_y"])
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))


_READERS = {
    "quarter": _read_quarter,
    "unclear_quarter": lambda m, text, returned: _UNCLEAR,
    "fy_quarter": _read_fy_quarter,
    "dates": _read_dates,
    "ending": _read_ending,
    "last": _read_last,
    "months": _read_months,
    "month": _read_month,
    "fy": _read_fy,
    "year": _read_year,
}
