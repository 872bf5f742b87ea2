"""Finding the projects in a return as an officer would, and saying what was inferred.

Boards send their returns in many shapes: an instructions sheet first, title rows
and notes above the headings, a two-row heading ("Link workers" merged over "FTE"
and "Headcount"), no health-board column (the board is in the title, the sheet or
the file name), projects grouped under rows that name their cluster. This module
reads the shape; :mod:`sprx_map.returns` reads the rows.

What a person decided about a return (a heading read as another field, a value
read as another area) arrives as :class:`Choices`, made on the intake page, given
with ``--map`` on the command line, or saved for the board in the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sprx_map import cells, headings, schema
from sprx_map.geo.geography import Geography
from sprx_map.headings import DUPLICATE, EXACT, SAVED, USER, VALUES, Reading, read_heading
from sprx_map.workbooks import Sheet

HEADER_SCAN_ROWS = 50
MIN_HEADER_FIELDS = 3
VALUE_SAMPLE = 60  # data rows looked at when a heading's words leave two fields open
# A heading the user says names no field.
NOT_A_FIELD = ""


class NoHeading(Exception):
    """No sheet of the file has a row of headings that names the return's fields."""


@dataclass
class Choices:
    """Decisions about a return: heading -> field, (field, value) -> key, and the board it is for.

    ``headings`` and ``values`` are what a person chose for this reading (on the
    intake page or with ``--map``); ``saved_headings`` and ``saved_values`` what
    was saved for the board earlier, used where this reading chose nothing.
    Headings and values are keyed by :func:`key_of`; a heading chosen as
    :data:`NOT_A_FIELD` is read as no field.
    """

    headings: dict[str, str] = field(default_factory=dict)
    values: dict[tuple[str, str], str] = field(default_factory=dict)
    board: str | None = None
    saved_headings: dict[str, str] = field(default_factory=dict)
    saved_values: dict[tuple[str, str], str] = field(default_factory=dict)

    def heading(self, text: object) -> tuple[str, str] | None:
        """(field or NOT_A_FIELD, how) chosen for a heading, or None."""
        key = key_of(text)
        if key in self.headings:
            return self.headings[key], USER
        if key in self.saved_headings:
            return self.saved_headings[key], SAVED
        return None

    def value(self, key: str, text: object) -> tuple[str, str] | None:
        """(value key or area code, how) chosen for a cell of field ``key``, or None."""
        chosen = (key, key_of(text))
        if chosen in self.values:
            return self.values[chosen], USER
        if chosen in self.saved_values:
            return self.saved_values[chosen], SAVED
        return None

    def with_saved(self, headings: dict[str, str], values: dict[tuple[str, str], str]) -> Choices:
        """The same choices, with a board's saved mappings beneath them."""
        return Choices(self.headings, self.values, self.board, dict(headings), dict(values))


def key_of(text: object) -> str:
    """The form a heading or value is remembered by: case, accents, spaces and punctuation aside."""
    return schema.normalise_label(cells.cell_text(text))


@dataclass(frozen=True)
class Column:
    """One column of the heading: what it says, and the field it was read as (or why not)."""

    index: int
    heading: str
    field: str | None
    how: str
    confidence: float
    candidates: tuple[str, ...] = ()
    words: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        """The column as the ``--json`` report gives it."""
        return {"heading": self.heading, "field": self.field, "how": self.how, "confidence": self.confidence}


@dataclass
class Layout:
    """Where the projects are: sheet, heading rows, columns, and the rows above the heading."""

    sheet: Sheet
    header_rows: tuple[int, ...]  # Excel row numbers of the heading (one row, or a group row and its parts)
    first_data: int  # index in ``sheet.rows`` of the first row below the heading
    columns: list[Column]
    passed_over: tuple[str, ...] = ()  # other sheets, not read (instructions, lists, notes)
    above: tuple[str, ...] = ()  # text of the title and note rows above the heading

    @property
    def mapping(self) -> dict[int, str]:
        """Column index -> field key, for the columns read as a field."""
        return {c.index: c.field for c in self.columns if c.field}

    @property
    def header_row(self) -> int:
        return self.header_rows[-1]

    def column_of(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.field == key), None)


def _text(value: object) -> str:
    return "" if cells.is_blank(value) else re.sub(r"\s+", " ", cells.cell_text(value)).strip()


def _groups(sheet: Sheet, upper_row: int, upper: list, lower: list) -> list[str]:
    """The group heading over each column of the row below ``upper_row``: merged cells, else carried right."""
    width = max(len(upper), len(lower))
    upper = [*upper, *[None] * (width - len(upper))]
    lower = [*lower, *[None] * (width - len(lower))]
    groups = [_text(v) for v in upper]
    spans = [m for m in sheet.merged if m[0] == upper_row and m[3] > m[1]]
    if spans:
        for _, first, _, last in spans:
            for c in range(first, min(last, width - 1) + 1):
                groups[c] = _text(upper[first])
        return groups
    carried = ""
    for c in range(width):  # no merges (a CSV): a group cell reaches right over blanks that have parts below
        if groups[c]:
            carried = groups[c]
        elif carried and _text(lower[c]):
            groups[c] = carried
        else:
            carried = ""
    return groups


def _combined(group: str, part: str) -> tuple[str, Reading]:
    """A two-row heading's text for one column and how it reads: the group and its part together when
    they name a field (or something a return does not collect), else the part alone, else the group
    alone (a heading spanning both rows)."""
    if not part:
        return group, read_heading(group)
    if not group or group == part:
        return part, read_heading(part)
    joined = f"{group} – {part}"
    together = read_heading(f"{group} {part}")
    if together.field or together.ruled_out:  # "Contact" over "Name": the contact's name, not the project's
        return joined, together
    alone = read_heading(part)
    return (part, alone) if alone.field else (joined, together)


def _columns(texts_and_readings: list[tuple[str, Reading]], choices: Choices) -> list[Column]:
    columns = []
    for i, (text, reading) in enumerate(texts_and_readings):
        if not text:
            continue
        chosen = choices.heading(text)
        if chosen is not None:
            columns.append(Column(i, text, chosen[0] or None, chosen[1], 1.0, (), ()))
        else:
            columns.append(
                Column(i, text, reading.field, reading.how, reading.confidence, reading.candidates, reading.words)
            )
    return columns


_RANK = {USER: 4, SAVED: 4, EXACT: 3}


def _resolve_duplicates(columns: list[Column]) -> list[Column]:
    """One column per field: the surest keeps it, the others are listed as duplicates."""
    best: dict[str, Column] = {}
    for c in columns:
        if c.field and (
            c.field not in best
            or (_RANK.get(c.how, 0), c.confidence) > (_RANK.get(best[c.field].how, 0), best[c.field].confidence)
        ):
            best[c.field] = c
    return [
        c
        if not c.field or best[c.field] is c
        else Column(c.index, c.heading, None, DUPLICATE, c.confidence, (c.field,), c.words)
        for c in columns
    ]


def _score(columns: list[Column]) -> float:
    return sum(c.confidence for c in columns if c.field)


def _single(sheet: Sheet, index: int) -> list[tuple[str, Reading]]:
    return [(_text(v), read_heading(_text(v))) for v in sheet.rows[index][1]]


def _double(sheet: Sheet, upper_index: int) -> list[tuple[str, Reading]]:
    (upper_row, upper), (_, lower) = sheet.rows[upper_index], sheet.rows[upper_index + 1]
    groups = _groups(sheet, upper_row, upper, lower)
    lower = [*lower, *[None] * (len(groups) - len(lower))]
    return [_combined(g, _text(p)) for g, p in zip(groups, lower, strict=True)]


def _groups_merged(sheet: Sheet, upper_index: int) -> bool:
    """Whether a cell of the row is merged across columns that have text in the row below (a group heading)."""
    upper_row, lower = sheet.rows[upper_index][0], sheet.rows[upper_index + 1][1]
    return any(
        m[0] == upper_row == m[2] and m[3] > m[1] and any(_text(v) for v in lower[m[1] : m[3] + 1])
        for m in sheet.merged
    )


def _is_heading_like(row: list) -> bool:
    """A row that can be the lower half of a heading: text only, no numbers or dates."""
    filled = [v for v in row if not cells.is_blank(v)]
    return bool(filled) and all(isinstance(v, str) for v in filled)


def _candidates(sheet: Sheet, choices: Choices):
    """(score, columns, heading row indexes) for every way the first rows of a sheet can be its heading."""
    rows = sheet.rows[:HEADER_SCAN_ROWS]
    for i in range(len(rows)):
        if not any(isinstance(v, str) and v.strip() for v in rows[i][1]):
            continue
        single = _resolve_duplicates(_columns(_single(sheet, i), choices))
        yield _score(single), single, (i,)
        if i + 1 < len(sheet.rows) and _is_heading_like(sheet.rows[i + 1][1]):
            double = _resolve_duplicates(_columns(_double(sheet, i), choices))
            # Better read as two rows, or as good and plainly one heading: a cell merged over parts below it.
            if _score(double) > _score(single) or (_score(double) == _score(single) and _groups_merged(sheet, i)):
                yield _score(double), double, (i, i + 1)


def find_layout(sheets: list[Sheet], file: str, choices: Choices | None = None) -> Layout:
    """The sheet and heading rows that hold the projects, with every heading read.

    The sheet chosen is the one whose best heading row names the most fields
    (with the surest readings); a sheet named "Projects" wins a tie.
    """
    choices = choices or Choices()
    found = []
    for order, sheet in enumerate(sheets):
        best = max(
            _candidates(sheet, choices), key=lambda c: (c[0], len(c[2])), default=None
        )  # a two-row heading is only offered when justified
        if best is not None and sum(1 for c in best[1] if c.field) >= MIN_HEADER_FIELDS:
            named = key_of(sheet.name) == key_of(schema.PROJECTS_SHEET)
            found.append(((best[0], named, -order), sheet, best))
    if not found:
        raise NoHeading(file)
    _, sheet, (_, columns, rows) = max(found, key=lambda f: f[0])
    first_data = rows[-1] + 1
    sheet = _merged_down(sheet, sheet.rows[first_data][0] if first_data < len(sheet.rows) else None)
    columns = _decide_by_values(columns, sheet.rows[first_data : first_data + VALUE_SAMPLE])
    above = tuple(
        " ".join(_text(v) for v in values if _text(v)) for _, values in sheet.rows[: rows[0]] if any(map(_text, values))
    )
    return Layout(
        sheet,
        tuple(sheet.rows[i][0] for i in rows),
        first_data,
        columns,
        tuple(s.name for s in sheets if s is not sheet),
        above,
    )


def _merged_down(sheet: Sheet, first_row: int | None) -> Sheet:
    """The sheet with each cell merged down over several rows below the heading repeated in them, as a
    person reads it (a cluster merged down over two projects serves both). A cell merged across one row
    (a heading row over the whole table) stays one cell."""
    spans = [m for m in sheet.merged if first_row is not None and m[0] >= first_row and m[2] > m[0]]
    if not spans:
        return sheet
    rows = [(number, list(values)) for number, values in sheet.rows]
    at = {number: i for i, (number, _) in enumerate(rows)}
    for first, left, last, _ in spans:
        if first not in at or left >= len(rows[at[first]][1]):
            continue
        value = rows[at[first]][1][left]
        for number in range(first + 1, last + 1):
            if number in at:
                cells_ = rows[at[number]][1]
                cells_.extend([None] * (left + 1 - len(cells_)))
                cells_[left] = value
    return Sheet(sheet.name, rows, sheet.merged)


def _parses(key: str, value: object) -> bool:
    """Whether a cell reads cleanly as field ``key`` (for choosing between two fields by their values)."""
    f = schema.FIELD_BY_KEY[key]
    return f.kind.reads(value, f)


def _decide_by_values(columns: list[Column], rows) -> list[Column]:
    """A heading whose words leave two fields open is read as the one its values fit, when only one does."""
    taken = {c.field for c in columns if c.field}
    out = []
    for c in columns:
        if c.how != headings.AMBIGUOUS:
            out.append(c)
            continue
        values = [r[c.index] for _, r in rows if c.index < len(r) and not cells.is_blank(r[c.index])]
        fits = {key: sum(_parses(key, v) for v in values) / len(values) for key in c.candidates} if values else {}
        good = [key for key, share in fits.items() if share >= 0.8 and key not in taken]
        if len(good) == 1 and all(share <= 0.5 for key, share in fits.items() if key != good[0]):
            out.append(Column(c.index, c.heading, good[0], VALUES, round(0.75 * fits[good[0]], 2), c.candidates))
            taken.add(good[0])
        else:
            out.append(c)
    return out


# --- The board a return is for, when no column says -------------------------------------------------------


@dataclass(frozen=True)
class BoardSource:
    """The health board of a whole return, and where it was found."""

    code: str
    source: str  # "given", "details", "title", "sheet", "file"
    text: str  # what it was read from


def board_in_text(text: str, geo: Geography) -> str | None:
    """The one health board a piece of text names (a title, a sheet or file name), or None.

    A board's name, short name or usual abbreviation ("HDUHB") counts; failing
    that, local authorities named, when they all belong to one board.
    """
    text = re.sub(r"[_.-]+", " ", text)
    boards = geo.names.named_in("health_board", text)
    if not boards:
        boards = {geo.authorities.at[la, "hb_code"] for la in geo.names.named_in("local_authority", text)}
    return boards.pop() if len(boards) == 1 else None


def find_board(layout: Layout, file: str, geo: Geography, details: dict, given: str | None) -> BoardSource | None:
    """The return's board: given on upload (``--board``), else from the Return details sheet, the
    title rows above the heading, the sheet name, or the file name, in that order."""
    if given:
        return BoardSource(given, "given", geo.names.name("health_board", given))
    detail = details.get("health_board")
    if detail and (code := geo.names.resolve("health_board", cells.cell_text(detail))):
        return BoardSource(code, "details", cells.cell_text(detail))
    for source, text in (
        *(("title", line) for line in layout.above),
        ("sheet", layout.sheet.name),
        ("file", re.sub(r"\.[A-Za-z]+$", "", file)),
    ):
        code = board_in_text(text, geo)
        if code:
            return BoardSource(code, source, text)
    return None


# --- Rows that head a group of projects ("Cwmtawe cluster") ----------------------------------------------

_SECTION_WORDS = re.compile(
    r"\b(projects?|schemes?|services?|section|prosiectau|prosiect|cynlluniau|gwasanaethau)\b", re.I
)


def section_of(row: list, geo: Geography, choices: Choices | None = None) -> tuple[str, str] | None:
    """(field, value) when a row holds only a heading naming a cluster, a board or a status; else None."""
    filled = [v for v in row if not cells.is_blank(v)]
    if len(filled) != 1 or not isinstance(filled[0], str) or len(filled[0]) > 80:
        return None
    chosen = choices.value("clusters_served", filled[0]) if choices else None
    if chosen is not None and chosen[0] in geo.clusters.index:
        return "clusters_served", chosen[0]
    text = re.sub(r"[:\-–]+\s*$", "", _SECTION_WORDS.sub(" ", filled[0])).strip()
    if not text:
        return None
    if code := geo.names.resolve("cluster", text):
        return "clusters_served", code
    if code := geo.names.resolve("health_board", text):
        return "health_board", code
    index = schema.vocabulary_index(schema.STATUSES)
    status = index.get(schema.normalise_label(text))
    named = cells.named_terms(text, index)
    if status or len(named) == 1:  # "CURRENT", "Projects now ended"
        return "status", status or named[0]
    return None
