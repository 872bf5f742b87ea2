"""Figures and their tables for comparing areas: the funnel plot, the spine chart, the trend charts.

Each builder returns a ``go.Figure`` tests can inspect (``fig.data``), and each
figure has a ``*_frame`` giving the same numbers as a table for people. The
numbers come from :mod:`sprx_map.compare.areas` (and through it from
:mod:`sprx_map.compare.confidence`). Colours are the Analysis Function's
(:mod:`sprx_map.palette`); every meaning also has a shape, a line style or words,
never colour alone. Area names are escaped: plotly renders some HTML.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sprx_map import measures, palette
from sprx_map.charts import _layout, wrap
from sprx_map.compare import areas, comparisons
from sprx_map.i18n import format_number, t
from sprx_map.measures import format_measure

# Position on the funnel -> (marker symbol, colour): shapes tell them apart without colour.
POSITION_STYLE = {
    "within": ("circle", palette.DARK_BLUE),
    "above_95": ("triangle-up", palette.ORANGE),
    "above_998": ("triangle-up", palette.ORANGE),
    "below_95": ("triangle-down", palette.DARK_PINK),
    "below_998": ("triangle-down", palette.DARK_PINK),
}
GROUPS = (("within", ("within",)), ("above", ("above_95", "above_998")), ("below", ("below_95", "below_998")))
LINE_95 = dict(color=palette.DARK_GREY, width=1.5, dash="dash")
LINE_998 = dict(color=palette.DARK_GREY, width=1.5, dash="dot")
LINE_WALES = dict(color=palette.DARK_GREY, width=2)


def _names(names: pd.Series, codes) -> list[str]:
    return [html.escape(str(names.get(c, c))) for c in codes]


# Funnel plot ------------------------------------------------------------------------


def funnel_figure(
    points: pd.DataFrame, lines: pd.DataFrame, wales: float, names: pd.Series, labels: pd.Series, lang: str = "en"
) -> go.Figure:
    """Areas' referrals per 1,000 (y) against registered patients (x), with Wales's value and its 95% and 99.8%
    control limits as lines; areas outside the 95% limits carry their label (``labels``: short names).

    ``points`` and ``lines`` are :func:`sprx_map.compare.areas.funnel` output. Traces,
    in order: the 99.8% limits (upper, lower), the 95% limits (upper, lower),
    Wales, then the areas within, above and below the limits (empty ones kept, so
    the order is fixed). Each limit trace's ``meta`` names it (``upper_95``...).
    """
    fig = go.Figure()
    x = lines["population"].to_numpy(dtype=float)
    for suffix, style, name in (("998", LINE_998, "funnel.limit_998"), ("95", LINE_95, "funnel.limit_95")):
        for side in ("upper", "lower"):
            fig.add_trace(
                go.Scatter(
                    x=x, y=lines[f"{side}_{suffix}"].to_numpy(dtype=float), mode="lines", line=style,
                    name=t(name, lang), legendgroup=suffix, showlegend=side == "upper", meta=f"{side}_{suffix}",
                    hoverinfo="skip",
                )
            )  # fmt: skip
    wales_label = t("benchmarks.wales_line", lang, value=format_measure(wales, areas.RATE, lang))
    span = [float(x.min()), float(x.max())] if len(x) else []
    fig.add_trace(
        go.Scatter(
            x=span, y=[wales] * len(span), mode="lines", line=LINE_WALES, name=wales_label, meta="wales",
            hoverinfo="skip",
        )
    )  # fmt: skip
    rate_label = t(f"measure.{areas.RATE}", lang)
    for group, positions in GROUPS:
        part = points[points["position"].isin(positions)]
        symbol, colour = POSITION_STYLE[positions[0]]
        outside = group != "within"
        fig.add_trace(
            go.Scatter(
                x=part["population"].to_numpy(dtype=float),
                y=part["rate"].to_numpy(dtype=float),
                mode="markers+text" if outside else "markers",
                name=t(f"benchmarks.funnel_{group}", lang),
                marker=dict(size=10, symbol=symbol, color=colour, line=dict(width=1, color="white")),
                text=[html.escape(str(labels.get(c, c))) for c in part.index] if outside else None,
                textposition="top center" if group == "above" else "bottom center",
                textfont=dict(size=11, color="#1a1a1a"),
                customdata=np.column_stack(
                    [_names(names, part.index), [comparisons.funnel_label(p, lang) for p in part["position"]]]
                ) if len(part) else None,
                hovertemplate="%{customdata[0]}<br>" + rate_label + ": %{y:.2f}<br>"
                + t("funnel.population", lang) + ": %{x:,.0f}<br>%{customdata[1]}<extra></extra>",
                meta=group,
            )
        )  # fmt: skip
    fig.update_xaxes(title=t("funnel.population", lang), rangemode="tozero")
    fig.update_yaxes(title=rate_label, rangemode="tozero")
    fig.update_layout(legend=dict(orientation="h", y=-0.2))
    return _layout(fig, t("benchmarks.funnel_title", lang), height=560)


def funnel_frame(points: pd.DataFrame, names: pd.Series, labels: pd.Series, lang: str = "en") -> pd.DataFrame:
    """The funnel's numbers for people: each area, its label, patients, rate, the limits at its size and where
    it falls, in words; areas outside the limits first (highest first), then those within."""
    order = {"above_998": 0, "above_95": 1, "below_998": 2, "below_95": 3, "within": 4}
    ranked = points.assign(_order=points["position"].map(order)).sort_values(
        ["_order", "rate"], ascending=[True, False]
    )
    places = measures.decimals(areas.RATE)

    def span(lower, upper):
        return t(
            "benchmarks.interval",
            lang,
            lower=format_number(lower, places, lang),
            upper=format_number(upper, places, lang),
        )

    return pd.DataFrame(
        {
            t("table.area", lang): [str(names.get(c, c)) for c in ranked.index],
            t("benchmarks.label", lang): [str(labels.get(c, c)) for c in ranked.index],
            t("funnel.population", lang): [format_number(v, 0, lang) for v in ranked["population"]],
            t(f"measure.{areas.RATE}", lang): [format_measure(v, areas.RATE, lang) for v in ranked["rate"]],
            t("funnel.limit_95", lang): [
                span(a, b) for a, b in zip(ranked["lower_95"], ranked["upper_95"], strict=True)
            ],
            t("funnel.limit_998", lang): [
                span(a, b) for a, b in zip(ranked["lower_998"], ranked["upper_998"], strict=True)
            ],
            t("benchmarks.position", lang): [comparisons.funnel_label(p, lang) for p in ranked["position"]],
        }
    )


# Spine chart ------------------------------------------------------------------------


def _scaled(value, low, high) -> float | None:
    """``value`` on a bar from ``low`` (0) to ``high`` (1); None when missing; 0.5 when every area is the same."""
    if value is None or low is None or pd.isna(value):
        return None
    return 0.5 if high == low else (float(value) - low) / (high - low)


def spine_figure(spines: dict[str, dict], lang: str = "en") -> go.Figure:
    """One bar per measure from the lowest to the highest area of the level in Wales (the middle half, between
    the quartiles, shaded darker), Wales's value as a line, the board's as a diamond, the area's as a circle.

    Each bar is scaled to its own measure's spread (lowest 0, highest 1), so the
    measures sit on one chart; hovering and the table give the values. Traces,
    in order: the spread, the middle half, Wales, the board, the area; each ``x``
    is on that 0-1 scale, ``customdata`` the value as written.
    """
    keys = list(spines)
    y = [wrap(t(f"measure.{k}", lang), 26) for k in keys]
    fig = go.Figure()
    spans = [(s["minimum"], s["maximum"]) for s in spines.values()]
    fig.add_trace(
        go.Bar(
            y=y, x=[1 if low is not None else 0 for low, _ in spans], base=[0] * len(keys), orientation="h",
            marker_color=palette.FOCUS_GREY, name=t("benchmarks.spine_range", lang),
            width=0.5, hoverinfo="skip", meta="range",
        )
    )  # fmt: skip
    q1 = [_scaled(s["lower_quartile"], s["minimum"], s["maximum"]) for s in spines.values()]
    q3 = [_scaled(s["upper_quartile"], s["minimum"], s["maximum"]) for s in spines.values()]
    fig.add_trace(
        go.Bar(
            y=y, x=[(b - a) if a is not None else 0 for a, b in zip(q1, q3, strict=True)],
            base=[a or 0 for a in q1], orientation="h", marker_color=palette.CHART_SEQUENTIAL[3], width=0.5,
            name=t("benchmarks.spine_middle", lang), hoverinfo="skip", meta="middle",
        )
    )  # fmt: skip
    marks = (
        ("wales", "line-ns", palette.DARK_GREY, 26, t("profile.wales", lang)),
        ("board", "diamond", palette.ORANGE, 13, t("profile.board", lang)),
        ("area", "circle", palette.DARK_BLUE, 14, t("profile.area", lang)),
    )
    for which, symbol, colour, size, name in marks:
        values = [s[which] for s in spines.values()]
        edge = dict(width=3, color=colour) if which == "wales" else dict(width=1, color="white")
        fig.add_trace(
            go.Scatter(
                y=y,
                x=[_scaled(v, s["minimum"], s["maximum"]) for v, s in zip(values, spines.values(), strict=True)],
                mode="markers",
                name=name,
                meta=which,
                marker=dict(symbol=symbol, size=size, color=colour, line=edge),
                customdata=[_written(v, k, lang) for v, k in zip(values, keys, strict=True)],
                hovertemplate="%{y}<br>" + name + ": %{customdata}<extra></extra>",
            )
        )
    ends = [t("spine.minimum", lang), t("benchmarks.spine_halfway", lang), t("spine.maximum", lang)]
    fig.update_xaxes(range=[-0.03, 1.03], tickvals=[0, 0.5, 1], ticktext=ends)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(barmode="overlay", legend=dict(orientation="h", y=-0.25))
    return _layout(fig, t("benchmarks.spine_title", lang), height=160 + 70 * len(keys))


def _written(value, key: str, lang: str) -> str:
    return "–" if value is None else format_measure(value, key, lang)


def spine_frame(spines: dict[str, dict], shown: dict[str, dict[str, str]], lang: str = "en") -> pd.DataFrame:
    """The spine chart's numbers for people: per measure, the area's, board's and Wales's values as shown
    (``shown``: measure -> {"area", "board", "wales"} text, withheld marks kept), then the spread of the areas."""
    rows = []
    for key, s in spines.items():
        row = {t("profile.measure", lang): t(f"measure.{key}", lang)}
        for which in ("area", "board", "wales"):
            if which in shown[key]:
                row[t(f"profile.{which}", lang)] = shown[key][which]
        for part in ("minimum", "lower_quartile", "median", "upper_quartile", "maximum"):
            row[t(f"spine.{part}", lang)] = _written(s[part], key, lang)
        row[t("benchmarks.areas", lang)] = format_number(s["areas"], 0, lang)
        rows.append(row)
    return pd.DataFrame(rows)


# Trends -----------------------------------------------------------------------------


def trend_figure(trends: dict[str, pd.DataFrame], lang: str = "en") -> go.Figure:
    """Small line charts, one per measure, of the area over the rounds (oldest first), with Wales's line for
    rates. A round with no figure (no return, withheld, not reported) is a gap in the line, never a zero.

    ``trends`` maps each measure to :func:`sprx_map.trends.area_trends` output. For
    each measure the traces are the area (``meta`` "area:<key>") then, for rates,
    Wales ("wales:<key>"); ``y`` is None where there is no figure.
    """
    keys = list(trends)
    columns = min(3, len(keys))
    rows = -(-len(keys) // columns)
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=[wrap(t(f"measure.{k}", lang), 30) for k in keys],
                        vertical_spacing=0.22, horizontal_spacing=0.08)  # fmt: skip
    for i, key in enumerate(keys):
        frame = trends[key]
        r, c = i // columns + 1, i % columns + 1
        x = list(frame.index)
        area = [None if pd.isna(v) else float(v) for v in frame["value"]]
        error = None
        if key in measures.INTERVALS:
            above = frame["upper95"] - frame["value"]
            below = frame["value"] - frame["lower95"]
            error = dict(
                type="data", symmetric=False, color=palette.DARK_BLUE, thickness=1,
                array=[None if pd.isna(v) else float(v) for v in above],
                arrayminus=[None if pd.isna(v) else float(v) for v in below],
            )  # fmt: skip
        fig.add_trace(
            go.Scatter(
                x=x, y=area, mode="lines+markers", connectgaps=False, name=t("profile.area", lang),
                line=dict(color=palette.DARK_BLUE, width=2.5), marker=dict(size=8, color=palette.DARK_BLUE),
                error_y=error, legendgroup="area", showlegend=i == 0, meta=f"area:{key}",
                customdata=[_state_text(s, v, key, lang) for s, v in zip(frame["state"], frame["value"], strict=True)],
                hovertemplate="%{x}: %{customdata}<extra></extra>",
            ),
            row=r, col=c,
        )  # fmt: skip
        if "wales" in frame and key in measures.RATES:
            wales = [None if pd.isna(v) else float(v) for v in frame["wales"]]
            fig.add_trace(
                go.Scatter(
                    x=x, y=wales, mode="lines+markers", connectgaps=False, name=t("profile.wales", lang),
                    line=dict(color=palette.DARK_GREY, width=1.5, dash="dash"),
                    marker=dict(size=6, symbol="square", color=palette.DARK_GREY),
                    legendgroup="wales", showlegend=i == list(keys).index(next(k for k in keys if k in measures.RATES)),
                    meta=f"wales:{key}", hovertemplate="%{x}: %{y:.2f}<extra></extra>",
                ),
                row=r, col=c,
            )  # fmt: skip
        for label, state in zip(x, frame["state"], strict=True):
            if state != comparisons.SHOWN:  # the gap says why, in words
                fig.add_annotation(
                    x=label, y=0, yref="y domain", text=t(f"benchmarks.state.{state}", lang), showarrow=False,
                    font=dict(size=11, color="#3d3d3d"), yanchor="bottom", row=r, col=c,
                )  # fmt: skip
        fig.update_yaxes(rangemode="tozero", row=r, col=c)
        fig.update_xaxes(type="category", row=r, col=c)
    fig.update_layout(legend=dict(orientation="h", y=-0.12))
    return _layout(fig, t("benchmarks.trend_title", lang), height=200 + 260 * rows)


def _state_text(state: str, value, key: str, lang: str) -> str:
    return format_measure(value, key, lang) if state == comparisons.SHOWN else t(f"benchmarks.state.{state}", lang)


def trend_frame(trends: dict[str, pd.DataFrame], lang: str = "en") -> pd.DataFrame:
    """The trend charts' numbers for people: one row per round (oldest first), the area's value of each measure
    ("no return", "withheld", "not reported" where it has none) and Wales's for the rates."""
    keys = list(trends)
    rounds = list(trends[keys[0]].index) if keys else []
    out = pd.DataFrame({t("history.round", lang): rounds})
    for key in keys:
        frame = trends[key]
        label = t(f"measure.{key}", lang)
        out[label] = [_state_text(s, v, key, lang) for s, v in zip(frame["state"], frame["value"], strict=True)]
        if key in measures.RATES and "wales" in frame:
            out[t("gaps.wales_value", lang, measure=label)] = [
                format_measure(v, key, lang) if pd.notna(v) else t("table.no_return", lang) for v in frame["wales"]
            ]
    return out
