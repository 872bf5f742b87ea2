"""Figures of the coverage-gaps and change pages: the category matrix, need against provision, change.

Text that comes from a user's file (an indicator's name) is escaped: plotly
renders some HTML in titles and hover text.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sprx_map import palette, schema
from sprx_map.charts import BOARD_NAME_WIDTH, _layout, wrap
from sprx_map.gaps import QUADRANTS
from sprx_map.i18n import t
from sprx_map.measures import format_measure
from sprx_map.tables import signed

# Quadrant -> (colour, marker symbol): never colour alone.
QUADRANT_STYLE = {
    "gap": (palette.ORANGE, "diamond"),
    "matched_high": (palette.DARK_BLUE, "circle"),
    "matched_low": (palette.DARK_GREY, "square"),
    "ahead": (palette.TURQUOISE, "triangle-up"),
}


def category_heatmap(matrix: pd.DataFrame, names: pd.Series, lang: str = "en") -> go.Figure:
    """Clusters (rows) by kinds of support (columns): current projects in each cell, zeros white.

    Every cell carries its count as text, so the colours are never the only cue.
    """
    labels = schema.labels(schema.ACTIVITY_CATEGORIES, lang)
    z = matrix.to_numpy(dtype=float)
    top = max(1.0, float(z.max()) if z.size else 1.0)
    light, dark = palette.CHART_SEQUENTIAL[4], palette.CHART_SEQUENTIAL[1]
    scale = [[0.0, "#ffffff"], [0.5 / top, "#ffffff"], [min(1.0, 0.5 / top + 1e-6), light], [1.0, dark]]
    rows = [html.escape(str(names.get(c, c))) for c in matrix.index]
    columns = [html.escape(labels.get(k, k)) for k in matrix.columns]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=rows,
            zmin=0,
            zmax=top,
            colorscale=scale,
            showscale=False,
            xgap=1,
            ygap=1,
            text=matrix.to_numpy(),
            texttemplate="%{text}",
            hovertemplate="%{y}<br>%{x}: %{z}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(side="top", tickangle=-40, showgrid=False)
    fig = _layout(fig, t("gaps.matrix", lang), height=max(360, 150 + 18 * len(rows)))
    fig.update_layout(margin=dict(l=10, r=10, t=190, b=10), plot_bgcolor="#d9d9d9")
    return fig


def need_scatter(
    placed: pd.DataFrame, names: pd.Series, need_label: str, provision: str, lang: str = "en"
) -> go.Figure:
    """Provision (x) against need (y) with the median lines and labelled quadrants.

    ``placed`` is :func:`sprx_map.gaps.need_provision` output.
    """
    need_label = html.escape(need_label)
    fig = go.Figure()
    for quadrant in QUADRANTS:
        part = placed[placed["quadrant"] == quadrant]
        colour, symbol = QUADRANT_STYLE[quadrant]
        fig.add_trace(
            go.Scatter(
                x=part["provision"].to_numpy(dtype=float),
                y=part["need"].to_numpy(dtype=float),
                mode="markers",
                name=t(f"quadrant.{quadrant}", lang),
                marker=dict(size=11, color=colour, symbol=symbol, line=dict(width=1, color="white")),
                text=[html.escape(str(names.get(c, c))) for c in part.index],
                customdata=[format_measure(v, provision, lang) for v in part["provision"]],
                hovertemplate="%{text}<br>"
                + t(f"measure.{provision}", lang)
                + ": %{customdata}<br>"
                + need_label
                + ": %{y:,.3~f}<extra></extra>",
            )
        )
    if not placed.empty:
        fig.add_vline(x=placed.attrs["provision_median"], line=dict(color="#6b6b6b", dash="dash", width=1))
        fig.add_hline(y=placed.attrs["need_median"], line=dict(color="#6b6b6b", dash="dash", width=1))
        corners = {"gap": (0, 1), "matched_high": (1, 1), "matched_low": (0, 0), "ahead": (1, 0)}
        for quadrant, (x, y) in corners.items():
            fig.add_annotation(
                text=t(f"quadrant.{quadrant}", lang),
                xref="paper",
                yref="paper",
                x=x,
                y=y,
                xanchor="left" if x == 0 else "right",
                yanchor="top" if y == 1 else "bottom",
                showarrow=False,
                font=dict(size=12, color="#3d3d3d"),
                bgcolor="rgba(255,255,255,0.85)",
            )
    fig.update_xaxes(title=t(f"measure.{provision}", lang), rangemode="tozero")
    fig.update_yaxes(title=need_label)
    fig.update_layout(legend=dict(orientation="h", y=-0.25))
    return _layout(fig, t("gaps.need", lang), height=520)


def change_by_board(board_change: pd.DataFrame, names: pd.Series, before: str, lang: str = "en") -> go.Figure:
    """Change in link-worker FTE and referrals by board: purple bars fewer, green more, values written on.

    ``board_change`` is :func:`sprx_map.change.change_table` at board level;
    withheld changes show their mark and no bar.
    """
    panels = (("link_worker_fte", ""), ("referrals", "referrals_change_mark"))
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.1,
        subplot_titles=[t(f"measure.{m}_change", lang) for m, _ in panels],
    )
    y = [wrap(str(names.get(c, c)), BOARD_NAME_WIDTH) for c in board_change.index]
    for col, (measure, mark) in enumerate(panels, start=1):
        values = board_change[f"{measure}_change"].astype(float)
        marks = board_change[mark] if mark else pd.Series("", index=board_change.index)
        fig.add_trace(
            go.Bar(
                x=values.to_numpy(),
                y=y,
                orientation="h",
                marker_color=[
                    palette.DIVERGING[1] if v < 0 else palette.DIVERGING[5] if v > 0 else "#bdbdbd"
                    for v in values.fillna(0)
                ],
                text=[
                    format_measure(v, f"{measure}_change" if m else measure, lang, m) if m else signed(v, measure, lang)
                    for v, m in zip(values, marks, strict=True)
                ],
                textposition="outside",
                cliponaxis=False,
                hoverinfo="skip",
            ),
            row=1,
            col=col,
        )
        reach = max(1.0, float(np.nanmax(np.abs(values.to_numpy()))) if values.notna().any() else 1.0)
        fig.update_xaxes(range=[-reach * 1.5, reach * 1.5], zeroline=True, zerolinecolor="#3d3d3d", row=1, col=col)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(showlegend=False)
    return _layout(fig, t("change.chart", lang, before=before))
