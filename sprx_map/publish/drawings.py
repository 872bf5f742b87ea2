"""What the site's maps and charts draw, as plain values the templates write out as inline SVG.

A map is the app's map (:mod:`sprx_map.maps.classes`: the same classes, palette
and legend; withheld areas grey, areas of boards with no return mauve and
dotted, no data white and dashed) drawn from :mod:`~sprx_map.publish.outlines`.
Nothing here is markup: names and figures are text, escaped by the templates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sprx_map import palette
from sprx_map.geo.geography import Geography
from sprx_map.i18n import t
from sprx_map.maps.classes import shading
from sprx_map.measures import format_measure
from sprx_map.metrics import NO_RETURN, SUPPRESSED
from sprx_map.publish.outlines import Box, Outlines

# How an area or a legend's swatch is drawn, told apart by its edge as well as its colour.
STYLES = {palette.NO_DATA_FILL: "nodata", palette.NO_RETURN_FILL: "noreturn", palette.WITHHELD_FILL: "withheld"}


@dataclass(frozen=True)
class Area:
    """One area on a map: its outline, fill, edge style, the words it is read as, and its profile's address."""

    code: str
    path: str
    fill: str
    style: str  # "" or one of STYLES' values
    text: str  # "Powys: 0.42"
    href: str | None = None
    selected: bool = False


@dataclass(frozen=True)
class Swatch:
    colour: str
    label: str
    style: str = ""


@dataclass(frozen=True)
class MapView:
    """A map: what it is (its title, read by screen readers), its frame, its areas, its legend and a note."""

    key: str  # unique in the page: ids of its title
    title: str
    view_box: str
    areas: list[Area]
    legend_title: str
    legend: list[Swatch]
    note: str | None = None
    inset: MapView | None = None  # a small map of Wales showing where the frame is
    mark: str | None = None  # the inset's rectangle: x y width height


def view_box(box: Box) -> str:
    return f"{box[0]} {box[1]} {box[2] - box[0]} {box[3] - box[1]}"


@dataclass(frozen=True)
class Layer:
    """Every area of a level coloured and worded for one measure in one language: what each map of the
    level draws (the index's map of Wales and every locator), worked out once."""

    level: str
    measure: str
    fills: dict[str, str]
    texts: dict[str, str]  # "Powys: 0.42"
    legend: list[Swatch]


def layer(geo: Geography, table: pd.DataFrame, level: str, measure: str, lang: str) -> Layer:
    """``measure`` for every area of ``level`` as the app's map colours it (``table`` is
    :func:`sprx_map.metrics.area_table` output)."""
    codes = geo.layer(level).index
    values = table[measure].reindex(codes) if measure in table else pd.Series(np.nan, index=codes)
    hidden = table[SUPPRESSED].reindex(codes).fillna("").to_dict() if SUPPRESSED in table else {}
    absent = table[NO_RETURN].reindex(codes).fillna(False).to_dict() if NO_RETURN in table else {}
    shaded = shading(values, hidden, absent, measure, lang)
    names = geo.area_names(level, lang).to_dict()
    texts = {}
    for code in codes:
        if absent.get(code):
            value = t("map.no_return", lang)
        elif code in table.index:
            value = format_measure(values[code], measure, lang, hidden.get(code, ""))
        else:
            value = t("map.no_data", lang)
        texts[code] = f"{names[code]}: {value}"
    fills = {code: shaded.fills[code] or palette.NO_DATA_FILL for code in codes}
    legend = [Swatch(colour, label, STYLES.get(colour, "")) for colour, label in shaded.entries]
    return Layer(level, measure, fills, texts, legend)


def choropleth(
    outlines: Outlines,
    coloured: Layer,
    lang: str,
    *,
    key: str,
    title: str,
    href: Callable[[str], str | None] | None = None,
    selected: str | None = None,
    frame: Box | None = None,
) -> MapView:
    """A map of the ``coloured`` layer (:func:`layer`); ``frame`` shows only part of Wales, ``selected`` is
    outlined."""
    level = coloured.level
    shown = outlines.within(level, frame) if frame is not None else list(outlines.paths[level])
    areas = []
    for code in shown:
        fill = coloured.fills[code]
        link = href(code) if href else None
        path = outlines.paths[level][code]
        areas.append(Area(code, path, fill, STYLES.get(fill, ""), coloured.texts[code], link, code == selected))
    areas.sort(key=lambda a: a.selected)  # the selected area last, so its outline is drawn on top
    note = t("app.indicative_clusters", lang) if level == "cluster" else None
    box = frame if frame is not None else outlines.extent
    return MapView(key, title, view_box(box), areas, t(f"measure.{coloured.measure}", lang), coloured.legend, note)


def inset(outlines: Outlines, frame: Box, key: str, title: str) -> MapView:
    """Wales's health boards, small, with ``frame`` marked: where a locator map's part of Wales lies."""
    areas = [Area(code, path, "#f2f2f2", "", "") for code, path in outlines.paths["health_board"].items()]
    return MapView(key, title, view_box(outlines.extent), areas, "", [], mark=view_box(frame))


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as written ("<5", "no return" ...)
    length: float  # 0..1 of the longest bar
    href: str | None = None


@dataclass(frozen=True)
class ChartView:
    """A horizontal bar chart: a bar per row with its label above it and its value written beside it."""

    key: str
    title: str
    bars: list[Bar]
    colour: str = palette.PRIMARY
    width: int = 420  # narrow, so its words stay legible on a phone
    row: int = 40  # height of one label and bar

    @property
    def height(self) -> int:
        return self.row * len(self.bars) + 8

    @property
    def scale(self) -> int:
        """Length of the longest bar, leaving room for its value."""
        return self.width - 90


def bar_chart(
    key: str, title: str, labels: list[str], values: list, texts: list[str], hrefs: list | None = None, colour=None
) -> ChartView:
    """Bars of ``values`` (missing or withheld ones draw no bar, and say so in their ``texts``)."""
    numbers = [float(v) if v is not None and not pd.isna(v) else 0.0 for v in values]
    top = max([*numbers, 0.0]) or 1.0
    hrefs = hrefs or [None] * len(labels)
    bars = [Bar(str(a), b, max(n, 0.0) / top, h) for a, b, n, h in zip(labels, texts, numbers, hrefs, strict=True)]
    return ChartView(key, title, bars, colour or palette.PRIMARY)
