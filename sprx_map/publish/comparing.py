"""A profile's spine chart and trend charts as plain values the templates draw as inline SVG.

The numbers are the dashboard's: :func:`sprx_map.profiles.spine_of` (through
:func:`sprx_map.compare.areas.spines`) for the spine chart and
:func:`sprx_map.trends.area_trends` for the trends, and the tables beside the
charts are :func:`sprx_map.compare.charts.spine_frame` and
:func:`~sprx_map.compare.charts.trend_frame`, as on the Area profiles page.
The shapes follow the app's charts (the area a dark blue circle, the board an
orange diamond, Wales a grey line; a round with no figure a gap, with why in
words), so no meaning rests on colour alone. Nothing here is markup.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sprx_map import measures, palette
from sprx_map.compare import comparisons
from sprx_map.compare.charts import _scaled
from sprx_map.i18n import format_number, t
from sprx_map.measures import format_measure

SPINE_WIDTH, SPINE_ROW, SPINE_EDGE = 440, 58, 12  # narrow, so its words stay legible on a phone
PANEL_WIDTH, PANEL_HEIGHT, PANEL_LEFT, PANEL_TOP, PANEL_BOTTOM = 300, 190, 44, 34, 40
COLOURS = {"area": palette.DARK_BLUE, "board": palette.ORANGE, "wales": palette.DARK_GREY,
           "range": palette.FOCUS_GREY, "middle": palette.CHART_SEQUENTIAL[3]}  # fmt: skip
COLOURS |= {"area_line": COLOURS["area"], "wales_line": COLOURS["wales"]}


@dataclass(frozen=True)
class SpineRow:
    """One measure's bar: its label, top, the spread and middle half (from, to; None without areas) and where the
    area, board and Wales fall (None: no value, no mark)."""

    label: str
    y: int
    spread: tuple[float, float] | None
    middle: tuple[float, float] | None
    area: float | None
    board: float | None
    wales: float | None


@dataclass(frozen=True)
class SpineView:
    key: str
    title: str
    rows: list[SpineRow]
    ends: tuple[str, str]  # the words at the bars' two ends
    legend: list[tuple[str, str]]  # (which, label): which is area, board, wales, range or middle
    width: int = SPINE_WIDTH

    @property
    def colours(self) -> dict[str, str]:
        return COLOURS

    @property
    def height(self) -> int:
        return SPINE_ROW * len(self.rows) + 26


def spine_view(spines: dict[str, dict], level: str, lang: str, key: str = "spine") -> SpineView:
    """The spine chart of :func:`sprx_map.compare.areas.spines` output: each measure on its own scale, lowest area at
    the left end, highest at the right."""
    span = SPINE_WIDTH - 2 * SPINE_EDGE

    def x(value, s) -> float | None:
        scaled = _scaled(value, s["minimum"], s["maximum"])
        return None if scaled is None else round(SPINE_EDGE + scaled * span, 1)

    rows = []
    for i, (measure, s) in enumerate(spines.items()):
        known = s["minimum"] is not None
        rows.append(
            SpineRow(
                t(f"measure.{measure}", lang),
                i * SPINE_ROW,
                (SPINE_EDGE, SPINE_EDGE + span) if known else None,
                (x(s["lower_quartile"], s), x(s["upper_quartile"], s)) if known else None,
                x(s["area"], s) if known else None,
                x(s["board"], s) if known else None,
                x(s["wales"], s) if known else None,
            )
        )
    legend = [("area", t("profile.area", lang))]
    if level != "health_board":
        legend.append(("board", t("profile.board", lang)))
    legend += [
        ("wales", t("profile.wales", lang)),
        ("middle", t("benchmarks.spine_middle", lang)),
        ("range", t("benchmarks.spine_range", lang)),
    ]
    ends = (t("spine.minimum", lang), t("spine.maximum", lang))
    return SpineView(key, t("benchmarks.spine_title", lang), rows, ends, legend)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    text: str  # the value as written, or why there is none


@dataclass(frozen=True)
class Panel:
    """One measure's small line chart over the rounds: its lines (runs of points; a gap splits a line), the 95%
    limits as whiskers (x, from y, to y), notes of rounds with no figure, and the axes' labels."""

    title: str
    x: list[tuple[float, float, str]]  # (x, y, round label) of the rounds labelled on the axis
    area: list[list[Point]]
    wales: list[list[Point]]
    whiskers: list[tuple[float, float, float]]
    gaps: list[Point]
    top: str  # the value at the top of the axis, as written
    baseline: float
    ceiling: float


@dataclass(frozen=True)
class TrendView:
    key: str
    title: str
    panels: list[Panel]
    legend: list[tuple[str, str]]
    width: int = PANEL_WIDTH
    height: int = PANEL_HEIGHT

    @property
    def colours(self) -> dict[str, str]:
        return COLOURS


def trend_view(found: dict[str, pd.DataFrame], lang: str, key: str = "trends") -> TrendView:
    """Small line charts, one per measure, of :func:`sprx_map.trends.area_trends` output: the area's value round by
    round with its 95% limits where the measure has them, and Wales's line for rates; each axis starts at zero."""
    panels = [_panel(measure, frame, lang) for measure, frame in found.items()]
    legend = [("area_line", t("profile.area", lang)), ("wales_line", t("profile.wales", lang))]
    return TrendView(key, t("benchmarks.trend_title", lang), panels, legend)


def _panel(measure: str, frame: pd.DataFrame, lang: str) -> Panel:
    labels = list(frame.index)
    left, right = PANEL_LEFT + 16, PANEL_WIDTH - 48  # room for a round's label centred under its point
    step = (right - left) / max(len(labels) - 1, 1)
    xs = [round(left + i * step, 1) for i in range(len(labels))]
    baseline, ceiling = PANEL_HEIGHT - PANEL_BOTTOM, PANEL_TOP
    long = max(len(label) for label in labels) * 6.5 > step  # labels that would touch are put on two lines
    written = [
        (x, baseline + (30 if long and i % 2 else 16), label)
        for i, (x, label) in enumerate(zip(xs, labels, strict=True))
        if len(labels) <= 6 or i in (0, len(labels) - 1)  # the table has every round
    ]
    rate = measure in measures.RATES
    values = [*frame["value"], *(frame["upper95"] if measure in measures.INTERVALS else [])]
    values += list(frame["wales"]) if rate else []
    high = max([float(v) for v in values if pd.notna(v)] + [0.0]) or 1.0

    def y(value) -> float:
        return round(baseline - float(value) / high * (baseline - ceiling), 1)

    def runs(column: str, written) -> list[list[Point]]:
        out, run = [], []
        for x, value in zip(xs, frame[column], strict=True):
            if pd.isna(value):
                out, run = out + ([run] if run else []), []
            else:
                run.append(Point(x, y(value), written(value)))
        return out + ([run] if run else [])

    area = runs("value", lambda v: format_measure(v, measure, lang))
    wales = runs("wales", lambda v: format_measure(v, measure, lang)) if rate else []
    whiskers = []
    if measure in measures.INTERVALS:
        for x, lower, upper in zip(xs, frame["lower95"], frame["upper95"], strict=True):
            if pd.notna(lower) and pd.notna(upper):
                whiskers.append((x, y(upper), y(lower)))
    gaps = [
        Point(x, baseline - 8, t(f"benchmarks.state.{state}", lang))
        for x, state in zip(xs, frame["state"], strict=True)
        if state != comparisons.SHOWN
    ]
    top = format_number(high, measures.decimals(measure), lang)
    return Panel(t(f"measure.{measure}", lang), written, area, wales, whiskers, gaps, top, baseline, ceiling)
