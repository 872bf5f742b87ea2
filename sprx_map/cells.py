"""Parsers for single cells of a survey return.

Each parser takes the raw cell (a string, number, date or None) and returns a
:class:`Parsed`: the value (or None when missing) and any findings about it, as
catalogue keys with parameters. They never raise on bad input.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from sprx_map.i18n import LANGUAGES
from sprx_map.vocabulary import MISSING_TOKENS, Term, normalise_label, vocabulary_index

EXCEL_EPOCH = dt.date(1899, 12, 30)
# Excel serial numbers for 1990-01-01 .. 2100-01-01: anything else is not a date.
SERIAL_RANGE = (32874, 73051)
MAX_TEXT = 1000
# A cell read against a list (a choice, a list of them, a board, clusters) is read word by word, and every
# viewer waits while it is (the app's sessions share one process): past these it is a mistake or an attack,
# and is reported rather than read. A real list cell holds a few dozen values in a few hundred characters.
MAX_CELL = 5_000  # characters
MAX_VALUES = 200  # values in one list cell, as its separators part them
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


def parse_yesno(value: object, terms: tuple[Term, ...]) -> Parsed:
    """Yes or no, in English or Welsh."""
    out = parse_choice(value, terms)
    if out.value is not None:
        out.value = out.value == "yes"
    return out


OTHER = "other"  # the term of a vocabulary for what its list does not name

# A misspelt value is read as a term only when this close (0-100) and this far ahead of the next term.
MISSPELLING_SCORE = 85
MISSPELLING_MARGIN = 8


def _scores(text: str, index: dict[str, str]) -> list[tuple[str, float]]:
    """(term key, best score of its labels and aliases) for ``text``, best first."""
    best: dict[str, float] = {}
    for label, score, _ in process.extract(
        normalise_label(text), list(index), scorer=fuzz.token_sort_ratio, limit=None, score_cutoff=50
    ):
        best[index[label]] = max(best.get(index[label], 0.0), score)
    return sorted(best.items(), key=lambda kv: -kv[1])


def closest(text: str, index: dict[str, str], n: int = 3) -> list[str]:
    """Keys of the vocabulary terms closest to ``text`` (any of their labels or aliases), best first."""
    return [key for key, score in _scores(text, index) if score >= 75][:n]


def misspelling_of(text: str, index: dict[str, str]) -> str | None:
    """The one term ``text`` is an unambiguous misspelling of, or None (see :data:`MISSPELLING_SCORE`)."""
    ranked = _scores(text, index)
    if not ranked or ranked[0][1] < MISSPELLING_SCORE:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < MISSPELLING_MARGIN:
        return None
    return ranked[0][0]


def _term_labels(terms: tuple[Term, ...], key: str) -> dict[str, str]:
    term = next(t for t in terms if t.key == key)
    return {lang: getattr(term, lang) for lang in LANGUAGES}


_NEGATION = re.compile(r"\b(not|no longer|never|non|dim|ddim|nid|heb)\b")


def named_terms(text: str, index: dict[str, str]) -> list[str]:
    """Keys of the terms whose label or alias appears as whole words in ``text`` ("Walking football" names
    physical activity), in the order they appear; none when the text is negated ("not yet current")."""
    norm = f" {normalise_label(text)} "
    if _NEGATION.search(norm):
        return []
    found = sorted(
        (norm.index(f" {label} "), key) for label, key in index.items() if len(label) > 2 and f" {label} " in norm
    )
    return list(dict.fromkeys(key for _, key in found))


def _read_terms(
    text: str, index: dict[str, str], terms: tuple[Term, ...], out: Parsed, lookup: Lookup | None, many: bool
) -> list[str]:
    """The term keys ``text`` names: exactly, by a person's choice, as a clear misspelling, or by the terms it
    names among other words (several only when ``many``); each way but the first is noted."""
    key = index.get(normalise_label(text))
    if key is not None:
        return [key]
    chosen = lookup(text) if lookup else None
    if chosen is not None:
        key, how = chosen
        if key in {t.key for t in terms}:
            out.guessed("info", f"finding.read_by_{how}", key, value=text, read_as=_term_labels(terms, key))
            return [key]
    key = misspelling_of(text, index)
    keys = [key] if key is not None else named_terms(text, index)
    if len(keys) > 1 and not many:
        return []
    for key in keys:
        out.guessed("warning", "finding.read_as", key, value=text, read_as=_term_labels(terms, key))
    return keys


def parse_choice(value: object, terms: tuple[Term, ...], lookup: Lookup | None = None) -> Parsed:
    """One value from a vocabulary; a clear misspelling is read as the term, with a warning."""
    if is_blank(value):
        return Parsed()
    text = cell_text(value).strip()
    if (refused := too_big(text, listed=False)) is not None:
        return Parsed(None, [refused])
    if _missing_token(value):
        return Parsed().warn("finding.missing_value", value=cell_text(value))
    index = vocabulary_index(terms)
    out = Parsed()
    keys = _read_terms(text, index, terms, out, lookup, many=False)
    if keys:
        out.value = keys[0]
        return out
    return out.error(
        "finding.not_in_list", suggestion=_did_you_mean(text, index, terms), value=text, allowed=_allowed(terms)
    )


def too_big(text: str, *, listed: bool = True) -> Note | None:
    """Why a cell read against a list is not read: more than :data:`MAX_CELL` characters or, for a cell that
    may list several values (``listed``), more than :data:`MAX_VALUES` of them; None when it may be read.

    Both are counted without reading the values, in time proportional to the cell's length.

    >>> too_big("arts, music") is None
    True
    >>> too_big(",".join(["zz"] * 300)).params["count"]
    '300'
    """
    shown = text if len(text) <= 40 else text[:40] + "…"  # the cell as a finding quotes it
    if len(text) > MAX_CELL:
        params = {"value": shown, "length": f"{len(text):,}", "limit": f"{MAX_CELL:,}"}
        return Note("error", "finding.cell_too_long", params)
    if listed:
        count = sum(1 for chunk in _SPLIT_STRONG.split(text) for piece in _WEAK.split(chunk) if piece.strip())
        if count > MAX_VALUES:
            return Note(
                "error", "finding.too_many_values", {"value": shown, "count": f"{count:,}", "limit": f"{MAX_VALUES:,}"}
            )
    return None


# A finding is worded when it is shown, so the vocabulary it quotes is kept in both languages.
def _allowed(terms: tuple[Term, ...]) -> dict[str, str]:
    return {lang: ", ".join(getattr(term, lang) for term in terms) for lang in LANGUAGES}


def _did_you_mean(text: str, index: dict[str, str], terms: tuple[Term, ...]) -> dict[str, str] | str:
    """The closest terms to ``text``, quoted in each language; "" when none is close."""
    keys = closest(text, index)
    if not keys:
        return ""
    by_key = {term.key: term for term in terms}
    return {lang: " / ".join(f"'{getattr(by_key[key], lang)}'" for key in keys) for lang in LANGUAGES}


_SPLIT_STRONG = re.compile(r"[;\n\r|]+")


def split_values(
    text: str,
    known: dict[str, str],
    whole: Callable[[str], bool] | None = None,
    readable: Callable[[str], bool] | None = None,
) -> list[str]:
    """Split a multi-value cell, respecting labels that contain commas, slashes or "and".

    Parts are separated by ``;`` or new lines; a part that is not a known label
    as a whole is split again on ``,``, ``/``, ``&`` and "and" -- unless the
    pieces cannot all be read (``readable``) while the part can be read whole
    (``whole``): "art and creativity" is a misspelling of "arts and creativity".
    """
    parts: list[str] = []
    for chunk in _SPLIT_STRONG.split(text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if normalise_label(chunk) in known:
            parts.append(chunk)
            continue
        pieces = _split_weak(chunk, known)
        if whole is not None and len(pieces) > 1 and not all(map(readable or whole, pieces)) and whole(chunk):
            pieces = [chunk]
        parts.extend(pieces)
    return parts


# A separator with the spaces around it. Spaces before one are matched only from the start of their run, so a
# long run of spaces is looked at once, not once from each of its spaces; the splits are the same.
_WEAK = re.compile(r"(?:(?<!\s)\s+)?[,/+]\s*|(?<!\s)\s+(?:&|and|a|ac)\s+", re.I)
# The separators a run of pieces is re-joined with, in the order they are tried, each with the word it normalises
# to. Separators that normalise alike (", " " / " "/" ","; " & " " and ") make the same label, so only the first of
# each is ever chosen.
_JOINS = ((", ", ""), (" & ", "and"), (" a ", "a"), (" ac ", "ac"))
# id of a vocabulary -> (the vocabulary, its size, the most words of any of its labels): see _most_words.
_MOST_WORDS: dict[int, tuple[dict[str, str], int, int]] = {}


def _most_words(known: dict[str, str]) -> int:
    """The most words any label of ``known`` has, worked out once per vocabulary."""
    entry = _MOST_WORDS.get(id(known))
    if entry is None or entry[0] is not known or entry[1] != len(known):
        if len(_MOST_WORDS) >= 64:  # vocabularies made on the fly (tests) are not kept for ever
            _MOST_WORDS.clear()
        # The entry holds ``known`` itself, so its id cannot pass to another vocabulary while it is kept.
        entry = (known, len(known), max((len(label.split()) for label in known), default=0))
        _MOST_WORDS[id(known)] = entry
    return entry[2]


def _split_weak(chunk: str, known: dict[str, str]) -> list[str]:
    """Split on commas, slashes, "&" and "and" ("a", "ac"), but re-join neighbours that form a known label.

    From each piece, the longest run of pieces that is a known label is kept whole, joined by the first
    separator that makes it one. A run is compared by its words (each piece normalised once, and the
    separator's word): normalising the joined text gives the very same words. Only runs of at most as many
    words as the longest label are tried, so a long list costs time in proportion to its length.
    """
    pieces = [p.strip() for p in _WEAK.split(chunk) if p.strip()]
    words = [normalise_label(p) for p in pieces]
    before = list(itertools.accumulate((len(w.split()) for w in words), initial=0))  # words before each piece
    wordy = [k for k, w in enumerate(words) if w]  # the pieces with words ("-" has none)
    most = _most_words(known)
    out: list[str] = []
    i = 0
    while i < len(pieces):
        j, sep = _longest_run(i, words, before, wordy, most, known)
        out.append(sep.join(pieces[i:j]))
        i = j
    return out


def _longest_run(
    i: int, words: list[str], before: list[int], wordy: list[int], most: int, known: dict[str, str]
) -> tuple[int, str]:
    """(end, separator) of the longest run of pieces ``i .. end - 1`` that is a known label; (i + 1, "") if none.

    Joined by a separator with no word, a run has its pieces' words; by one with a word, that word between
    each two pieces as well. So no run reaches past ``last`` (more words than any label), a run joined by a
    word holds at most ``most + 1`` pieces, and a longer run is skipped when the piece after it has no word:
    the run taking that piece too has the same words, and was tried first.
    """
    last = bisect_right(before, before[i] + most) - 1
    if last <= i:
        return i + 1, ""
    first = bisect_left(wordy, i)
    later = wordy[bisect_right(wordy, i) : bisect_left(wordy, last)]
    for j in sorted({last, *later, *range(i + 1, min(i + most + 1, last) + 1)}, reverse=True):
        for sep, word in _JOINS:
            if not word:
                label = " ".join(words[k] for k in wordy[first : bisect_left(wordy, j)])
            elif j - i - 1 + before[j] - before[i] <= most:
                label = " ".join(w for k in range(i, j) for w in (word if k > i else "", words[k]) if w)
            else:
                continue
            if label in known:
                return j, sep
    return i + 1, ""


def parse_choices(
    value: object, terms: tuple[Term, ...], *, required: bool = False, lookup: Lookup | None = None
) -> Parsed:
    """Several values from a vocabulary, without duplicates, in the order written."""
    if is_blank(value):
        return Parsed([])
    if (refused := too_big(cell_text(value).strip())) is not None:
        return Parsed([], [refused])
    if _missing_token(value):
        return Parsed([]).warn("finding.missing_value", value=cell_text(value))
    index = vocabulary_index(terms)
    out = Parsed([])

    def whole(chunk: str) -> bool:
        return (lookup is not None and lookup(chunk) is not None) or misspelling_of(chunk, index) is not None

    def readable(piece: str) -> bool:
        return normalise_label(piece) in index or whole(piece) or bool(named_terms(piece, index))

    for part in split_values(cell_text(value), index, whole, readable):
        keys = _read_terms(part, index, terms, out, lookup, many=True)
        if not keys and OTHER in index.values():  # a kind the list does not name: "other", listed to change
            labels = _term_labels(terms, OTHER)
            out.guessed("warning", "finding.read_as_other", OTHER, value=part, read_as=labels, allowed=_allowed(terms))
            out.notes[-1].suggestion = _did_you_mean(part, index, terms)
            keys = [OTHER]
        for key in keys:
            if key not in out.value:
                out.value.append(key)
        if not keys:
            severity = out.error if required else out.warn
            severity(
                "finding.not_in_list" if required else "finding.not_in_list_dropped",
                suggestion=_did_you_mean(part, index, terms),
                value=part,
                allowed=_allowed(terms),
            )
    return out


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
