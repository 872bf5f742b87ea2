"""Colour classes and legends: where a measure's values break, and the colour and words of each class."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sprx_map import palette
from sprx_map.i18n import t
from sprx_map.measures import format_measure, is_count, is_withheld

MAX_CLASSES = 5


def class_breaks(values: pd.Series, k: int = MAX_CLASSES, integer: bool = False) -> list[float]:
    """Upper bounds of up to ``k`` classes of the positive values (quantiles).

    Zero is its own class when present, so areas with none stand out; missing
    values are "no data". With ``integer`` (counts) the bounds are whole numbers,
    so no class is empty.

    >>> class_breaks(pd.Series([0, 10, 20, 30, 40, 50, 60]), k=5)
    [20.0, 30.0, 40.0, 50.0, 60.0]
    """
    positive = values.dropna()
    positive = positive[positive > 0]
    if positive.empty:
        return []
    data = np.sort(positive.to_numpy(dtype=float))
    distinct = np.unique(data)
    if len(distinct) <= k:
        return [float(v) for v in distinct]
    quantiles = np.quantile(data, np.linspace(0, 1, k + 1)[1:])
    if integer:
        candidates = sorted({float(math.ceil(q - 1e-9)) for q in quantiles})
    else:
        candidates = sorted({round(float(q), 9) for q in quantiles})
    # Keep only bounds whose class holds at least one value.
    breaks, lower = [], 0.0
    for upper in candidates:
        if ((data > lower) & (data <= upper)).any():
            breaks.append(upper)
            lower = upper
    return breaks


WITHHELD = "withheld"  # the class of an area whose figure is withheld (disclosure control)


def classify(value: float, breaks: list[float]) -> int | None:
    """Class index of ``value``: 0 for zero, 1.. for positive classes, None for no data."""
    if value is None or pd.isna(value):
        return None
    if value <= 0:
        return 0
    return 1 + min(int(np.searchsorted(breaks, value, side="left")), len(breaks) - 1)


def diverging_classes(values: pd.Series, integer: bool = False) -> tuple[list[float], list[float]]:
    """Class bounds of the decreases and the increases, each as :func:`class_breaks` of its size (3 at most)."""
    return (
        class_breaks(-values[values < 0], k=3, integer=integer),
        class_breaks(values[values > 0], k=3, integer=integer),
    )


def diverging_fill(value: float, down: list[float], up: list[float]) -> str | None:
    """The fill of a change: purples for fewer, greens for more, near-white for none; None for no data."""
    if value is None or pd.isna(value):
        return None
    middle = len(palette.DIVERGING) // 2
    if value == 0:
        return palette.DIVERGING[middle]
    bounds, sign = (up, 1) if value > 0 else (down, -1)
    cls = min(int(np.searchsorted(bounds, abs(value), side="left")), len(bounds) - 1)
    # With fewer than 3 classes, use the stronger colours.
    return palette.DIVERGING[middle + sign * (cls + 1 + 3 - len(bounds))]


def diverging_entries(down: list[float], up: list[float], measure: str, lang: str) -> list[tuple[str, str]]:
    """(colour, label) pairs for a change legend: biggest fall first, then none, then rises, then no data."""
    entries, middle = [], len(palette.DIVERGING) // 2
    for bounds, sign, key in ((down, -1, "map.decrease"), (up, 1, "map.increase")):
        rows, lower = [], 0.0
        for cls, upper in enumerate(bounds):
            low, high = format_measure(lower, measure, lang), format_measure(upper, measure, lang)
            colour = palette.DIVERGING[middle + sign * (cls + 1 + 3 - len(bounds))]
            rows.append((colour, t(key, lang, low=low, high=high)))
            lower = upper
        entries += rows[::-1] if sign < 0 else rows
        if sign < 0:
            entries.append((palette.DIVERGING[middle], t("map.no_change", lang)))
    entries.append((palette.NO_DATA_FILL, t("map.no_data", lang)))
    return entries


def colours(n_positive: int) -> list[str]:
    """Zero's colour then ``n_positive`` colours, light to dark."""
    if n_positive == 0:
        return [palette.SEQUENTIAL[0]]
    step = (len(palette.SEQUENTIAL) - 1) / n_positive
    return [palette.SEQUENTIAL[0]] + [palette.SEQUENTIAL[round(step * (i + 1))] for i in range(n_positive)]


def legend_entries(breaks: list[float], measure: str, lang: str, zero: bool = True) -> list[tuple[str, str]]:
    """(colour, label) pairs for the legend (zero's only when ``zero``), ending with "no data"."""
    fills = colours(len(breaks))
    entries = [(fills[0], "0")] if zero else []
    integer = is_count(measure)
    lower = 0.0
    for colour, upper in zip(fills[1:], breaks, strict=True):
        high = format_measure(upper, measure, lang)
        if integer:
            low = format_measure(lower + 1, measure, lang)
            label = high if low == high else t("map.class_int_range", lang, low=low, high=high)
        else:
            label = t("map.class_range", lang, low=format_measure(lower, measure, lang), high=high)
        entries.append((colour, label))
        lower = upper
    entries.append((palette.NO_DATA_FILL, t("map.no_data", lang)))
    return entries


@dataclass(frozen=True)
class Shading:
    """How a map colours each area of one measure, and its legend: what every drawing of a map shares."""

    fills: dict[str, str | None]  # area code -> fill colour; None is "no data"
    entries: list[tuple[str, str]]  # the legend's (colour, label) pairs


def shading(
    values: pd.Series, hidden: dict[str, str], absent: dict[str, bool], measure: str, lang: str, diverging: bool = False
) -> Shading:
    """The fill of every area of ``values`` (indexed by code) and the legend.

    ``hidden`` is each area's disclosure-control state ("" when shown) and
    ``absent`` whether its board has no return: such an area is drawn apart
    (withheld grey, no-return mauve), never in a class. ``diverging`` colours
    a change: purples for fewer, greens for more.
    """
    integer = is_count(measure)
    breaks = class_breaks(values, integer=integer)
    fills = colours(len(breaks))
    if diverging:
        down, up = diverging_classes(values, integer=integer)
    out: dict[str, str | None] = {}
    for code, value in values.items():
        if absent.get(code):
            out[code] = palette.NO_RETURN_FILL
        elif hidden.get(code) and is_withheld(measure):
            out[code] = palette.WITHHELD_FILL
        elif diverging:
            out[code] = diverging_fill(value, down, up)
        else:
            cls = classify(value, breaks)
            out[code] = None if cls is None else fills[cls]
    if diverging:
        entries = diverging_entries(down, up, measure, lang)
    else:
        entries = legend_entries(breaks, measure, lang, zero=bool((values == 0).any()))
    if is_withheld(measure) and any(hidden.values()):
        entries.insert(-1, (palette.WITHHELD_FILL, t("map.withheld", lang)))
    if any(absent.values()):
        entries.insert(-1, (palette.NO_RETURN_FILL, t("map.no_return", lang)))
    return Shading(out, entries)
