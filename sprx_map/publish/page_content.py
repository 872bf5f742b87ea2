"""The parts of a page as plain values: tables, headline figures, notices, the catalogue's own markdown.

Every value here is text; the templates escape it. :func:`markdown` hands the
catalogue's own texts (never data) to ``templates/site/markdown.html`` as runs
of text, bold and code, and gives back what it wrote, to be set in a page as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup

from sprx_map import measures, metrics, rounds, tables, templates
from sprx_map.i18n import format_number, t
from sprx_map.publish.round import Round


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None


@dataclass(frozen=True)
class TableView:
    """A table: its caption, headings, rows (the first cell of each is its row's heading), which columns are
    numbers (right-aligned), and the files that hold the same table."""

    caption: str
    head: list[str]
    rows: list[list[Cell]]
    numeric: list[bool]
    files: list[tuple[str, str]] = ()  # (label, href)
    key: str = ""


_LETTER = re.compile(r"[^\W\d_]")


def table_view(frame: pd.DataFrame, caption: str, lang: str, links: list | None = None, files=(), key="") -> TableView:
    """``frame`` (already text, such as :func:`sprx_map.tables.formatted` output) as a :class:`TableView`;
    ``links`` are the first column's addresses, row by row."""
    head = [str(c) for c in frame.columns]
    texts = [[cell_text(v, lang) for v in row] for row in frame.itertuples(index=False, name=None)]
    links = links or [None] * len(texts)
    marks = (measures.suppressed_mark("secondary", lang), t("table.no_return", lang))
    numeric = []
    for j in range(len(head)):
        column = [row[j] for row in texts]
        numeric.append(
            j > 0 and bool(column) and not any(_LETTER.search(_without(v, marks)) for v in column if v != "–")
        )
    rows = [[Cell(row[0], link), *(Cell(v) for v in row[1:])] for row, link in zip(texts, links, strict=True)]
    return TableView(caption, head, rows, numeric, list(files), key)


def _without(text: str, marks) -> str:
    for mark in marks:
        text = text.replace(mark, "")
    return text


def cell_text(value, lang: str) -> str:
    """A table cell as text: numbers written as in ``lang`` (hundredths when not whole), missing as "–"."""
    if isinstance(value, str):
        return value
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, bool):
        return str(value)
    if float(value).is_integer():
        return format_number(int(value), 0, lang)
    return format_number(float(value), 2, lang)


@dataclass(frozen=True)
class Figure:
    measure: str
    label: str
    text: str
    said: tuple[str, ...] = ()  # what is said of it beside: its interval, comparisons, fifth


def headline_figures(figures: dict, lang: str) -> list[Figure]:
    """The seven figures of the dashboard's Overview, written as it writes them."""
    covered = t("overview.covered_of", lang, covered=figures["clusters_covered"], total=figures["clusters_total"])
    out = []
    for measure in (*measures.HEADLINE[:1], "projects_planned", *measures.HEADLINE[1:], "clusters_covered"):
        shown = covered if measure == "clusters_covered" else None
        out.append(Figure(measure, t(f"measure.{measure}", lang), tables.headline_value(figures, measure, lang, shown)))
    return out


def withheld_note(frame: pd.DataFrame, lang: str, also: str = "") -> str | None:
    """What the marks of withheld figures mean, when ``frame`` has any (as the dashboard says it)."""
    marked = (metrics.SUPPRESSED in frame and frame[metrics.SUPPRESSED].fillna("").ne("").any()) or any(
        isinstance(v, str) for column in measures.WITHHELD if column in frame for v in frame[column]
    )
    if marked or also:
        return t("suppressed.note", lang, threshold=metrics.suppression_threshold())
    return None


@dataclass(frozen=True)
class Notice:
    """What a page says of its round: illustrative or not, who has returned, when its data last changed."""

    illustrative: str | None
    partial: str | None
    as_of: str | None


def notice(r: Round, lang: str) -> Notice:
    """The dashboard's notice of a round (see ``round_notice`` in ``sprx_map/ui/widgets.py``), in ``lang``."""
    illustrative = t("app.illustrative", lang) if r.illustrative else None
    returns = r.returns
    if returns is None:
        return Notice(illustrative, None, None)
    partial = None
    if not returns.complete:
        names = r.geo.area_names("health_board", lang)
        missing = ", ".join(
            f"{names[b.code]} ({t(f'round.state.{b.state}', lang)})"
            for b in returns.boards
            if b.code in returns.missing
        )
        partial = t("round.partial", lang, round=returns.round, made_of=rounds.made_of(returns, lang), missing=missing)
    return Notice(illustrative, partial, rounds.data_as_of(returns, lang))


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`(.+?)`")


def markdown(text: str) -> Markup:
    """The catalogue's markdown (paragraphs, ``- `` lists, ``**bold**``, ```code```) as HTML, escaped first.

    Only the catalogue's own texts come here; anything else in them shows as the text it is.

    >>> str(markdown("A **b** <i>\\n\\n- one\\n- `two`"))
    '<p>A <strong>b</strong> &lt;i&gt;</p>\\n<ul><li>one</li><li><code>two</code></li></ul>'
    """
    blocks = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        if all(line.startswith("- ") for line in lines):
            blocks.append(("list", [_runs(line[2:]) for line in lines]))
        else:
            blocks.append(("paragraph", _runs(" ".join(lines))))
    return Markup(templates.render("site/markdown.html", blocks=blocks))


def _runs(text: str) -> list[tuple[str, object]]:
    """``text`` as runs of plain text, code and bold (whose own runs are text and code)."""
    out = []
    for i, piece in enumerate(_BOLD.split(text)):
        if i % 2:
            out.append(("strong", _code_runs(piece)))
        else:
            out.extend(_code_runs(piece))
    return out


def _code_runs(text: str) -> list[tuple[str, str]]:
    return [("code" if i % 2 else "text", piece) for i, piece in enumerate(_CODE.split(text)) if piece or i % 2]
