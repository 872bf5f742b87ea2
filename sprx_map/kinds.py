"""Kinds of value a return's field holds, each an object that knows its values.

A kind parses a cell (:meth:`Kind.parse`), says how the value is stored (:attr:`Kind.sql`) and held in a
frame of projects (:attr:`Kind.dtype`), how it is shown in a table of projects (:meth:`Kind.shown`) and
written in a return (:meth:`Kind.written`), and whether a cell reads cleanly as it (:meth:`Kind.reads`,
used to choose between two columns by their values). A field (:class:`sprx_map.schema.Field`) names its
kind; nothing else dispatches on the kind's name.

The health board and the clusters served are read against the geography (:class:`Areas`); a project's
clusters are those of its board, so the reader (:mod:`sprx_map.rows`) reads the board first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import pandas as pd
import sqlalchemy as sa

from sprx_map import cells, references
from sprx_map.i18n import LANGUAGES
from sprx_map.vocabulary import ALL_CLUSTERS, YES_NO, label, labels, normalise_label
from sprx_map.workbooks import UnsavedFormula

if TYPE_CHECKING:  # annotations only: the schema names these kinds
    from sprx_map.geo.geography import Geography
    from sprx_map.schema import Field

# In a table of projects, several values of one cell (categories, clusters) are joined with this.
JOIN = "; "


def joined(values: Iterable[object]) -> str:
    """Values shown in one cell."""
    return JOIN.join(str(v) for v in values)


@dataclass(frozen=True)
class Areas:
    """What a cell naming areas is read against: the geography, and the board of its project (whose
    clusters it names), None when not known."""

    geo: Geography
    board: str | None = None


class Kind:
    """A kind of value; subclasses say how to parse, store and show it."""

    name: ClassVar[str]
    sql: ClassVar[object] = sa.Text
    dtype: ClassVar[str | None] = "object"  # in a frame of projects; None: a list, left as it is
    listed: ClassVar[bool] = False  # a list of keys
    geographic: ClassVar[bool] = False  # read against the geography (``areas``)
    guarded: ClassVar[bool] = False  # a formula typed as text (=SUM(...)) is refused, not read as text
    numeric: ClassVar[bool] = False  # a number: written right-aligned, summed
    wide: ClassVar[bool] = False  # the template gives its column more room
    number_format: ClassVar[str | None] = None  # how the template formats a value written in it
    table_type: ClassVar[str] = "string"  # its type in a Table Schema (the published data package)

    def __repr__(self) -> str:
        return f"<kind {self.name}>"

    def parse(
        self, raw: object, field: Field, lookup: cells.Lookup | None = None, areas: Areas | None = None
    ) -> cells.Parsed:
        """The cell ``raw`` read as this kind, with notes on what was wrong or guessed.

        ``lookup`` gives what a person chose for a text (a key or an area code, and how it was chosen);
        ``areas`` is what a geographic kind is read against.
        """
        raise NotImplementedError(self.name)

    def empty(self) -> object:
        """The value of a field left empty."""
        return [] if self.listed else None

    def column(self, values: pd.Series) -> pd.Series:
        """A frame's column of this kind's values, with its type (missing values as None or NA)."""
        if self.dtype is None:
            return values
        if self.dtype == "object":
            return values.astype(object).where(values.notna(), None)
        return values.astype(self.dtype)

    def shown(self, values: Sequence, field: Field, lang: str, names: dict[str, dict[str, str]]) -> list:
        """Each value as a table of projects shows it in ``lang`` (``names``: level -> code -> name)."""
        return list(values)

    def written(self, value: object, field: Field, names: dict[str, dict[str, str]]) -> object:
        """The value as a return writes it (English labels and names)."""
        return value

    def reads(self, value: object, field: Field) -> bool:
        """Whether ``value`` reads cleanly as this kind (a clear value, with nothing to note)."""
        return isinstance(value, str) and not cells.parse_number(value).value

    def table_field(self, field: Field, lang: str) -> dict:
        """What a Table Schema says of a file's column of this kind, shown in ``lang``: its type and how it
        is written."""
        return {"type": self.table_type}


class Text(Kind):
    name = "text"
    wide = True

    def parse(self, raw, field, lookup=None, areas=None):
        return cells.parse_text(raw)


class Postcode(Kind):
    name = "postcode"

    def parse(self, raw, field, lookup=None, areas=None):
        return cells.parse_postcode(raw)


class Url(Kind):
    name = "url"

    def parse(self, raw, field, lookup=None, areas=None):
        return cells.parse_url(raw)


class Reference(Kind):
    """A project reference (:mod:`sprx_map.references`), in its written form; anything else is not one."""

    name = "reference"
    sql = sa.String(16)

    def parse(self, raw, field, lookup=None, areas=None):
        out = cells.parse_text(raw)
        if out.value is None:
            return out
        written = references.normalised(out.value)
        if written is None:
            return cells.Parsed().error("finding.reference_unreadable", value=out.value)
        return cells.Parsed(written)

    def reads(self, value, field):
        return isinstance(value, str) and references.normalised(value) is not None


class Board(Kind):
    name = "board"
    sql = sa.String(9)
    geographic = True

    def parse(self, raw, field, lookup=None, areas=None):
        """A health board by name (English or Welsh, with or without 'UHB'), code or usual abbreviation;
        a clear misspelling is read as the board, with a warning."""
        geo = areas.geo
        if cells.is_blank(raw):
            return cells.Parsed()
        if isinstance(raw, UnsavedFormula):
            return cells.Parsed().error("finding.unsaved_formula", value=str(raw))
        text = cells.cell_text(raw).strip()
        if (refused := cells.too_big(text, listed=False)) is not None:
            return cells.Parsed(None, [refused])
        code = geo.names.resolve("health_board", text)
        if code:
            return cells.Parsed(code)
        chosen = lookup(text) if lookup else None
        if chosen is not None and chosen[0] in geo.boards.index:
            return _read_by_choice(chosen, text, "health_board", geo)
        code = geo.names.read_as("health_board", text)
        if code:
            return cells.Parsed(code).guessed(
                "warning", "finding.read_as", code, value=text, read_as=_area_names("health_board", code, geo)
            )
        close = geo.names.suggest("health_board", text)
        return cells.Parsed().error("finding.unknown_board", suggestion=" / ".join(f"'{c}'" for c in close), value=text)

    def shown(self, values, field, lang, names):
        return [names["health_board"].get(v, v) for v in values]

    def written(self, value, field, names):
        return names["health_board"][value]


class Clusters(Kind):
    name = "clusters"
    sql = sa.JSON
    dtype = None
    listed = True
    geographic = True
    wide = True

    def parse(self, raw, field, lookup=None, areas=None):
        """Cluster names (or ``All``) served by a project, as cluster ids of its board (``areas.board``).

        A local authority's name is read as all its clusters, and a clear
        misspelling of one of the board's clusters as that cluster, each with a warning.
        """
        geo, board = areas.geo, areas.board
        if cells.is_blank(raw):
            return cells.Parsed([])
        if isinstance(raw, UnsavedFormula):
            return cells.Parsed([]).error("finding.unsaved_formula", value=str(raw))
        text = cells.cell_text(raw).strip()
        if (refused := cells.too_big(text)) is not None:
            return cells.Parsed([], [refused])
        if normalise_label(re.sub(r"(?i)\b(clusters?|in|of|the|across)\b", " ", text)) in _ALL or (
            board is not None and geo.names.resolve("health_board", re.sub(r"(?i)^all( of)?\s+", "", text)) == board
        ):
            if board is None:
                return cells.Parsed([])
            return cells.Parsed(geo.clusters_of_board(board))
        out = cells.Parsed([])
        own = geo.clusters_of_board(board) if board is not None else None

        def whole(chunk: str) -> bool:  # "Tywi/Taff": one cluster misspelt, not "Tywi" and "Taff"
            chosen = lookup(chunk) if lookup else None
            return chosen is not None or geo.names.read_as("cluster", chunk, within=own) is not None

        def readable(piece: str) -> bool:
            named = geo.names.resolve("cluster", piece) or geo.names.resolve("local_authority", piece)
            return bool(named) or whole(piece)

        for part in cells.split_values(text, geo.names.labels("cluster"), whole, readable):
            found = _one_cluster(part, board, own, geo, lookup, out)
            for cid in found:
                if cid not in out.value:
                    out.value.append(cid)
        return out

    def shown(self, values, field, lang, names):
        return [joined(names["cluster"].get(c, c) for c in v) for v in values]

    def written(self, value, field, names):
        return ALL_CLUSTERS if value == ALL_CLUSTERS else joined(names["cluster"][c] for c in value)


# A cell meaning every cluster of the project's board.
_ALL = cells.phrases(
    "all|all clusters|pob un|pob clwstwr|pob clwstwr yn y bwrdd|board wide|boardwide|pan board|whole board|"
    "health board wide|across the board|ar draws y bwrdd|y bwrdd cyfan"
)


def _one_cluster(part: str, board, own, geo: Geography, lookup: cells.Lookup | None, out: cells.Parsed) -> list[str]:
    """The cluster ids one part of a cell names, with any note added to ``out``."""
    cid = geo.names.resolve("cluster", part)
    if cid is None and lookup is not None:
        chosen = lookup(part)
        if chosen is not None and chosen[0] in geo.clusters.index:
            cid = chosen[0]
            out.notes += _read_by_choice(chosen, part, "cluster", geo).notes
    if cid is not None:
        if board is not None and geo.clusters.at[cid, "hb_code"] != board:
            out.error("finding.cluster_other_board", value=part, board=geo.boards.at[board, "short_name"])
            return []
        return [cid]
    la = geo.names.resolve("local_authority", part)
    if la is not None and (board is None or geo.authorities.at[la, "hb_code"] == board):
        clusters = geo.clusters.index[geo.clusters["la_code"] == la].tolist()
        out.warn("finding.authority_as_clusters", value=part, authority=_area_names("local_authority", la, geo))
        return clusters
    cid = geo.names.read_as("cluster", part, within=own)
    if cid is not None:
        out.guessed("warning", "finding.read_as", cid, value=part, read_as=_area_names("cluster", cid, geo))
        return [cid]
    close = geo.names.suggest("cluster", part)
    out.error("finding.unknown_cluster", suggestion=" / ".join(f"'{c}'" for c in close), value=part)
    return []


def _area_names(level: str, code: str, geo: Geography) -> dict[str, str]:
    return {lang: geo.area_names(level, lang)[code] for lang in LANGUAGES}


def _read_by_choice(chosen: tuple[str, str], text: str, level: str, geo: Geography) -> cells.Parsed:
    code, how = chosen
    value = [code] if level == "cluster" else code
    return cells.Parsed(value).guessed(
        "info", f"finding.read_by_{how}", code, value=text, read_as=_area_names(level, code, geo)
    )


class Choice(Kind):
    name = "choice"
    sql = sa.String(32)

    def parse(self, raw, field, lookup=None, areas=None):
        return cells.parse_choice(raw, field.vocabulary, lookup)

    def shown(self, values, field, lang, names):
        worded = labels(field.vocabulary, lang)
        return [worded.get(v, v) for v in values]

    def written(self, value, field, names):
        return label(field.vocabulary, value)

    def reads(self, value, field):
        parsed = cells.parse_choices(value, field.vocabulary, required=True)
        return parsed.value not in (None, []) and not parsed.notes


class Choices(Choice):
    name = "choices"
    sql = sa.JSON
    dtype = None
    listed = True
    wide = True

    def parse(self, raw, field, lookup=None, areas=None):
        return cells.parse_choices(raw, field.vocabulary, required=field.required, lookup=lookup)

    def shown(self, values, field, lang, names):
        worded = labels(field.vocabulary, lang)
        return [joined(worded.get(x, x) for x in v) for v in values]

    def written(self, value, field, names):
        return joined(label(field.vocabulary, v) for v in value)


class Number(Kind):
    name = "decimal"
    sql = sa.Float
    dtype = "Float64"
    guarded = True
    numeric = True
    integer: ClassVar[bool] = False
    # Whole counts too: a file writes a count as 12.0 when a missing figure sits in its column.
    table_type = "number"

    def parse(self, raw, field, lookup=None, areas=None):
        return cells.parse_number(raw, integer=self.integer, maximum=field.maximum)

    def shown(self, values, field, lang, names):
        return values.array if isinstance(values, pd.Series) else list(values)  # keeps the nullable type

    def reads(self, value, field):
        parsed = cells.parse_number(value, integer=self.integer)
        return parsed.value not in (None, []) and not parsed.notes


class Money(Number):
    name = "money"


class Integer(Number):
    name = "integer"
    sql = sa.Integer
    dtype = "Int64"
    integer = True


class Date(Kind):
    name = "date"
    table_type = "date"  # files write dates as YYYY-MM-DD
    sql = sa.Date
    guarded = True
    number_format = "DD/MM/YYYY"

    def parse(self, raw, field, lookup=None, areas=None):
        return cells.parse_date(raw)

    def reads(self, value, field):
        parsed = cells.parse_date(value)
        return parsed.value not in (None, []) and not parsed.notes


class YesNo(Kind):
    name = "yesno"
    sql = sa.Boolean
    dtype = "boolean"

    def parse(self, raw, field, lookup=None, areas=None):
        return cells.parse_yesno(raw, YES_NO)

    def shown(self, values, field, lang, names):
        worded = labels(YES_NO, lang)
        return [None if pd.isna(v) else (worded["yes"] if v else worded["no"]) for v in values]

    def written(self, value, field, names):
        return "yes" if value else "no"

    def table_field(self, field, lang):
        worded = labels(YES_NO, lang)
        return {"type": "boolean", "trueValues": [worded["yes"]], "falseValues": [worded["no"]]}

    def reads(self, value, field):
        parsed = cells.parse_yesno(value, YES_NO)
        return parsed.value not in (None, []) and not parsed.notes


KINDS: dict[str, Kind] = {
    kind.name: kind()
    for kind in (Text, Postcode, Url, Reference, Board, Clusters, Choice, Choices, Number, Money, Integer, Date, YesNo)
}
