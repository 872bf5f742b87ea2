"""Presenter mode: a sequence of slides, Wales first, then each health board.

Each slide is plain data (its area, its headline figures, how they compare with
Wales) so tests can check it without Streamlit; the page only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sprx_map import measures, metrics, tables
from sprx_map.compare.areas import area_cells
from sprx_map.geo.geography import Geography
from sprx_map.i18n import t
from sprx_map.tables import headline_value
from sprx_map.view import View

MEASURE = "fte_per_10k"  # what a slide's map shows, as the dashboard's map opens
LEGEND_ROOM = 250  # pixels kept clear at the map's right for its legend (at most 220 wide): it lies beside the areas


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


def figures(slide: Slide, view: View, lang: str = "en") -> list[tuple[str, str, str | None]]:
    """(label, value, how it compares or None) for the slide's headline measures, of ``view`` (the round under
    the filters; a board's figures are of its counted clusters among them).

    On a board's slide, referrals per 1,000 are compared with Wales by their 95%
    confidence interval (higher, similar, lower or not compared, with its mark),
    and link-worker FTE per 10,000 is placed in its fifth of the health boards;
    Wales's value is given beside both (see :mod:`sprx_map.compare.areas`).
    """
    wales = view.headline
    if slide.code is None:
        own, cells = wales, None
    else:  # withheld as in the all-Wales tables, so the slides give nothing away between them
        own = view.remember(
            ("slide figures", slide.code),
            lambda: metrics.area_figures(
                view.projects, view.shares, view.geo, "health_board", slide.code, clusters=list(view.counted)
            ),
        )
        boards = view.counted_compared("health_board")
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


def areas(slide: Slide, view: View) -> pd.DataFrame:
    """The slide's map table: boards for Wales, a board's clusters (withheld as in the all-Wales table), of
    ``view``; the clusters of a board with no return in the round are listed as "no return"."""
    table = view.area_table(slide.level)
    return table if slide.code is None else table.loc[clusters(slide, view.geo, [*view.counted, *view.no_return])]


def area_frame(slide: Slide, view: View, lang: str) -> pd.DataFrame:
    """The slide's table of areas for people: :func:`areas` with the rates (made once per view)."""
    return view.remember(
        ("slide frame", slide.code, lang),
        lambda: tables.area_frame(areas(slide, view), view.geo, slide.level, lang, measures.RATES),
    )


def area_map(slide: Slide, view: View, lang: str):
    """The slide's folium map of :data:`MEASURE`, framed on its areas (made once per view and shared: copy it
    before showing it, as :meth:`sprx_map.view.View.area_map`'s)."""
    from sprx_map import maps

    def make():
        table = areas(slide, view)
        return maps.area_map(
            view.geo, table, slide.level, MEASURE, lang, focus=list(table.index), legend_room=LEGEND_ROOM
        )

    return view.remember(("slide map", slide.code, lang), make, shelf="maps")


def without_current(table: pd.DataFrame) -> list[str]:
    """The areas of a slide's table (see :func:`areas`) with no current project, in its order."""
    counted = ~table[metrics.NO_RETURN] if metrics.NO_RETURN in table else True
    return table.index[(table["projects_current"] == 0) & counted].tolist()
