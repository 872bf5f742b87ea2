"""Plotly figure builders. Each returns a ``go.Figure`` that tests can inspect.

Figures follow the filters because they are built from the filtered projects
and the area tables of the same measures as the overview and the map.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sprx_map import gaps, palette, schema
from sprx_map.i18n import t
from sprx_map.measures import format_measure

# A typical link-worker caseload: referrals per FTE in a year (a person referred twice counts twice).
CASELOAD_BAND = (200, 250)
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=14, color="#1a1a1a")


# Board names longer than this go on two lines, so long (Welsh) names leave the bars room.
BOARD_NAME_WIDTH = 24


def wrap(text: str, width: int = 18) -> str:
    """``text`` on two lines (plotly's ``<br>``) when longer than ``width``, broken at the space nearest its middle.

    Side-by-side panel titles are centred over half a chart and would run into
    each other otherwise (Welsh names are often the longer).

    >>> wrap("Gweithwyr cyswllt (CALl)"), wrap("Referrals")
    ('Gweithwyr<br>cyswllt (CALl)', 'Referrals')
    """
    spaces = [i for i, c in enumerate(text) if c == " "]
    if len(text) <= width or not spaces:
        return text
    middle = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return f"{text[:middle]}<br>{text[middle + 1 :]}"


def _layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        font=FONT,
        height=height,
        margin=dict(l=10, r=10, t=60, b=10),
        plot_bgcolor="white",
        paper_bgcolor="white",
        colorway=list(palette.CATEGORICAL),
        hoverlabel=dict(font_size=14),
    )
    fig.update_xaxes(gridcolor="#e5e5e5", zerolinecolor="#bdbdbd")
    fig.update_yaxes(gridcolor="#e5e5e5", zerolinecolor="#bdbdbd")
    return fig


def projects_by_category(projects: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Projects per activity category, most first; a project counts in each of its categories."""
    labels = schema.labels(schema.ACTIVITY_CATEGORIES, lang)
    counts = gaps.category_counts(projects).sort_values(ascending=True, kind="stable")
    fig = go.Figure(
        go.Bar(
            x=counts.to_numpy(),
            y=[labels[k] for k in counts.index],
            orientation="h",
            marker_color=palette.PRIMARY,
            text=counts.to_numpy(),
            textposition="outside",
            cliponaxis=False,
            customdata=list(counts.index),
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_xaxes(title=t("chart.projects", lang), range=[0, _top(counts) * 1.15])
    return _layout(fig, t("chart.by_category", lang), height=480)


def by_board(board_frame: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Link-worker FTE and referrals by health board, side by side, sharing the board names.

    ``board_frame`` is :func:`sprx_map.tables.area_frame` at board level.
    """
    panels = (
        ("link_worker_fte", palette.PRIMARY, "%{y}: %{x:,.1f}<extra></extra>"),
        ("referrals", palette.SECONDARY, "%{y}: %{x:,}<extra></extra>"),
    )
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.08,
        subplot_titles=[wrap(t(f"measure.{measure}", lang)) for measure, _, _ in panels],
    )
    hidden = board_frame["suppressed"].fillna("") if "suppressed" in board_frame else pd.Series("", board_frame.index)
    absent = (
        board_frame["no_return"].fillna(False) if "no_return" in board_frame else pd.Series(False, board_frame.index)
    )
    no_return = t("table.no_return", lang)
    for col, (measure, colour, hover) in enumerate(panels, start=1):
        values = board_frame[measure]
        fig.add_trace(
            go.Bar(
                # A board that has not returned draws no bar (its label sits at the axis) and says why.
                x=values.mask(absent, 0).to_numpy(dtype=float, na_value=float("nan")),
                y=[wrap(name, BOARD_NAME_WIDTH) for name in board_frame["name"]],
                orientation="h",
                marker_color=colour,
                name=t(f"measure.{measure}", lang),
                # A board that has not returned has no bar and says why (never a zero bar).
                text=[
                    no_return if gone else format_measure(v, measure, lang, s)
                    for v, s, gone in zip(values, hidden, absent, strict=True)
                ],
                textposition="outside",
                cliponaxis=False,
                hovertemplate=hover,
            ),
            row=1,
            col=col,
        )
        fig.update_xaxes(range=[0, _top(values) * 1.3], row=1, col=col)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(showlegend=False)
    fig = _layout(fig, t("chart.by_board", lang))
    # The referrals' labels sit past their bars at the right edge: room for "12,345" even when long
    # (Welsh) board names leave the panels narrow.
    return fig.update_layout(margin_r=48)


def add_source(fig: go.Figure, notes: list[str]) -> go.Figure:
    """Write ``notes`` (filters, round, language...) under the title, so a saved image says what it shows.

    The illustrative-data notice, when present, is shortened to its first sentence.
    """
    lines = [html.escape(note.split(":")[0] if len(note) > 90 else note) for note in notes]
    fig.update_layout(title_subtitle_text="<br>".join(lines), title_subtitle_font_size=11)
    top = fig.layout.margin.t or 60
    fig.update_layout(margin_t=top + 16 * len(lines) + 10, title_y=0.99, title_yanchor="top")
    return fig


class Finished(go.Figure):
    """A copy of ``fig`` that will not change again, shown on many runs: its plain dict (which
    ``st.plotly_chart`` asks for, by :meth:`to_dict`, a deep copy walked for arrays, on every run) is made
    once here and handed out as it is. Read it, never change it; a change to the figure afterwards is not seen.
    """

    def __init__(self, fig: go.Figure) -> None:
        super().__init__(fig)
        self._as_dict = fig.to_dict()  # the original's: a copy's template lists its traces in another order

    def to_dict(self) -> dict:
        return self._as_dict


def _top(values: pd.Series) -> float:
    """The largest value, at least 1 (for an axis range); missing values ignored."""
    top = pd.to_numeric(values, errors="coerce").max()
    return max(1.0, 0.0 if pd.isna(top) else float(top))


def caseload(cluster_frame: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Referrals against link-worker FTE per cluster, with the typical-caseload band.

    Pass the cluster table of *current* projects only: FTE counts current
    projects, so their referrals are the ones to set against it. Clusters that
    reported no FTE or no referrals are left out.
    """
    cluster_frame = cluster_frame.dropna(subset=["link_worker_fte", "referrals"])
    cluster_frame = cluster_frame[cluster_frame["link_worker_fte"] > 0]
    x = cluster_frame["link_worker_fte"].to_numpy(dtype=float)
    top = _top(cluster_frame["link_worker_fte"]) * 1.1
    low, high = CASELOAD_BAND
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(x=[0, top], y=[0, low * top], mode="lines", line=dict(width=0), hoverinfo="skip", showlegend=False)
    )
    fig.add_trace(
        go.Scatter(
            x=[0, top],
            y=[0, high * top],
            mode="lines",
            line=dict(width=0),
            fill="tonexty",
            fillcolor=palette.BAND,
            hoverinfo="skip",
            name=t("chart.caseload_band", lang, low=low, high=high),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=cluster_frame["referrals"].to_numpy(dtype=float),
            mode="markers",
            name=t("level.cluster", lang),
            text=cluster_frame["name"].tolist(),
            marker=dict(size=10, color=palette.PRIMARY, line=dict(width=1, color="white")),
            hovertemplate="%{text}<br>"
            + t("measure.link_worker_fte", lang)
            + ": %{x:.2f}<br>"
            + t("measure.referrals", lang)
            + ": %{y:,}<extra></extra>",
        )
    )
    fig.update_xaxes(title=t("measure.link_worker_fte", lang), rangemode="tozero")
    fig.update_yaxes(title=t("measure.referrals", lang), rangemode="tozero")
    fig.update_layout(legend=dict(orientation="h", y=-0.2))
    return _layout(fig, t("chart.caseload", lang), height=480)


def projects_by_status(projects: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Projects per status."""
    counts = projects["status"].value_counts().reindex([term.key for term in schema.STATUSES], fill_value=0)
    labels = list(schema.labels(schema.STATUSES, lang).values())
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=counts.to_numpy(),
            marker_color=[palette.STATUS[k] for k in counts.index],
            text=counts.to_numpy(),
            textposition="outside",
            cliponaxis=False,
            customdata=list(counts.index),
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    fig.update_yaxes(title=t("chart.projects", lang))
    return _layout(fig, t("chart.by_status", lang), height=360)


def bar_data(fig: go.Figure, label: str) -> pd.DataFrame:
    """The label and value of each bar of a one-trace bar chart, as a table, top bar first.

    ``label`` heads the labels; the values are headed by the value axis's title.
    """
    bar = fig.data[0]
    across = bar.orientation == "h"
    labels, values = (bar.y, bar.x) if across else (bar.x, bar.y)
    heading = (fig.layout.xaxis if across else fig.layout.yaxis).title.text
    return pd.DataFrame({label: list(labels), heading: list(values)}).iloc[:: -1 if across else 1]
