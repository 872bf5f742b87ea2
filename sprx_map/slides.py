"""Presenter mode: a sequence of slides, Wales first, then each health board.

Each slide is plain data (its area, its headline figures, how they compare with
Wales) so tests can check it without Streamlit; the page only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sprx_map import measures, metrics
from sprx_map.compare.areas import area_cells, compared_table  # by name: areas() here is a slide
from sprx_map.geo.geography import Geography
from sprx_map.i18n import t
from sprx_map.tables import headline_value


@dataclass(frozen=True)
class Slide:
    """One slide: Wales (``code`` None) or one health board."""

    number: int  # 0 for Wales
    code: str | None

    @property
    def level(self) -> str:
        return "health_board" if self.code is None else "cluster"


def deck(geo: Geography) -> list[Slide]:
    """Wales, then the boards in the geography's order."""
    return [Slide(0, None), *(Slide(i, code) for i, code in enumerate(geo.boards.index, start=1))]


def slide_number(text: str | None, geo: Geography) -> int:
    """The slide a URL asks for (``slide=3``), kept within the deck; 0 when absent or not a number.

    >>> from sprx_map.geo.geography import load_geography
    >>> slide_number("3", load_geography()), slide_number("99", load_geography()), slide_number("x", load_geography())
    (3, 7, 0)
    """
    if text is None or not str(text).strip().isdigit():
        return 0
    return min(int(text), len(geo.boards))


def title(slide: Slide, geo: Geography, lang: str = "en") -> str:
    """The slide's title: "Social prescribing in Wales" or the board's name."""
    if slide.code is None:
        return t("app.title", lang)
    return str(geo.boards.at[slide.code, "name_cy" if lang == "cy" else "name_en"])


def clusters(slide: Slide, geo: Geography, chosen: list[str]) -> list[str]:
    """The clusters a slide covers, among the chosen ones."""
    if slide.code is None:
        return list(chosen)
    return [c for c in geo.clusters_of_board(slide.code) if c in set(chosen)]


def figures(
    slide: Slide, projects: pd.DataFrame, shares: pd.DataFrame, geo: Geography, chosen: list[str], lang: str = "en"
) -> list[tuple[str, str, str | None]]:
    """(label, value, how it compares or None) for the slide's headline measures.

    On a board's slide, referrals per 1,000 are compared with Wales by their 95%
    confidence interval (higher, similar, lower or not compared, with its mark),
    and link-worker FTE per 10,000 is placed in its fifth of the health boards;
    Wales's value is given beside both (see :mod:`sprx_map.compare.areas`).
    """
    if slide.code is None:
        own = metrics.headline(projects, shares, geo, list(chosen))
    else:  # withheld as in the all-Wales tables, so the slides give nothing away between them
        own = metrics.area_figures(projects, shares, geo, "health_board", slide.code, clusters=list(chosen))
    wales = metrics.headline(projects, shares, geo, list(chosen)) if slide.code is not None else None
    cells = None
    if slide.code is not None:
        boards = compared_table(projects, shares, geo, "health_board", list(chosen))
        cells = area_cells(boards.loc[slide.code] if slide.code in boards.index else None, "health_board", lang)
    rows = []
    for measure in measures.HEADLINE:
        value = headline_value(own, measure, lang)
        versus = None
        if cells is not None and measure in measures.RATES:
            word = cells["vs_wales"] if measure in measures.INTERVALS else cells["fifth"]
            wales_value = headline_value(wales, measure, lang)
            versus = t("present.versus_wales", lang, word=word, wales=wales_value)
        reporting = measures.reporting_of(measure)
        if reporting is not None and not own.get(metrics.NO_RETURN):
            rested = measures.reported_of(own.get(reporting), own.get("projects_current"), lang, marked=True)
            said = t("completeness.reported_by", lang, text=rested)
            versus = said if versus is None else t("completeness.and", lang, first=versus, then=said)
        rows.append((t(f"measure.{measure}", lang), value, versus))
    return rows


def areas(
    slide: Slide,
    projects: pd.DataFrame,
    shares: pd.DataFrame,
    geo: Geography,
    chosen: list[str],
    no_return: list[str] = (),
):
    """The slide's map table: boards for Wales, a board's clusters (withheld as in the all-Wales table);
    the areas of ``no_return`` clusters (their board has not returned) are listed as "no return"."""
    table = metrics.area_table(projects, shares, geo, slide.level, chosen, no_return=no_return)
    return table if slide.code is None else table.loc[clusters(slide, geo, [*chosen, *no_return])]


def without_current(table: pd.DataFrame) -> list[str]:
    """The areas of a slide's table (see :func:`areas`) with no current project, in its order."""
    counted = ~table[metrics.NO_RETURN] if metrics.NO_RETURN in table else True
    return table.index[(table["projects_current"] == 0) & counted].tolist()
