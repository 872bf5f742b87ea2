"""Widgets that set areas against each other: the gaps page's funnel plot, a profile's spine chart and trends,
and the change page's view of every round. The numbers and figures are made in :mod:`sprx_map.compare.areas`,
:mod:`sprx_map.trends` and :mod:`sprx_map.compare.charts`; these only lay them out."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sprx_map import rounds
from sprx_map.compare import areas
from sprx_map.i18n import t
from sprx_map.ui import views
from sprx_map.ui.loaders import rounds as round_labels
from sprx_map.ui.state import Context, round_projects
from sprx_map.ui.widgets import chart, static_table


def everywhere(ctx: Context, level: str) -> pd.DataFrame:
    """The area table of ``level`` over all of Wales for the view's filters other than areas: what fifths are
    taken among."""
    counted = rounds.split(list(ctx.geo.clusters.index), ctx.geo, ctx.returns)[0]
    base = round_projects(ctx, ctx.filters.round, areas=False)
    return areas.everywhere_table(base, ctx.data.shares, ctx.geo, level, counted)


def funnel_section(ctx: Context, levels: dict[str, pd.DataFrame]) -> None:
    """The funnel plot of the clusters in view against Wales, its table, and what was left out."""
    from sprx_map import metrics
    from sprx_map.compare import charts
    from sprx_map.maps import hexmap

    lang = ctx.lang
    st.subheader(t("gaps.funnel", lang))

    def make():
        wales = levels["wales"]
        value = float(wales[areas.RATE].iloc[0]) if len(wales.index) else float("nan")
        table = metrics.with_no_return(levels["cluster"], ctx.geo, "cluster", ctx.no_return)
        points, lines, left_out = areas.funnel(table, value)
        names = ctx.geo.area_names("cluster", lang)
        labels = hexmap.abbreviations(names)
        made = charts.funnel_figure(points, lines, value, names, labels, lang)
        return made, charts.funnel_frame(points, names, labels, lang), left_out

    fig, frame, left_out = views.shared(ctx, "gaps/funnel", make, lang)
    chart(ctx, "funnel", lambda: (fig, frame))
    st.caption(t("gaps.funnel_note", lang))
    if any(left_out.values()):
        st.caption(t("gaps.funnel_left_out", lang, **left_out))


def profile_spine(ctx: Context, base: pd.DataFrame, level: str, code: str, counted: list[str]) -> pd.DataFrame:
    """The area's spine chart among all areas of its level in Wales, with its table; returns the table."""
    from sprx_map import profiles
    from sprx_map.compare import charts

    lang = ctx.lang
    spines, shown = views.shared(
        ctx, "profile/spine", lambda: profiles.spine(base, ctx.data.shares, ctx.geo, level, code, lang, counted), level,
        code, lang,
    )  # fmt: skip
    st.subheader(t("profile.spine", lang))
    frame = charts.spine_frame(spines, shown, lang)
    chart(ctx, f"spine-{code.lower()}", lambda: (charts.spine_figure(spines, lang), frame), level)
    st.caption(t("profile.spine_note", lang))
    return frame


def _round_tables(ctx: Context, labels: list[str], level: str):
    from sprx_map import trends

    def make():
        projects = {label: round_projects(ctx, label, areas=False) for label in labels}
        returns = {label: ctx.data.returns_of(label) for label in labels}
        return trends.round_tables(projects, returns, ctx.data.shares, ctx.geo, level)

    return views.shared(ctx, "rounds/tables", make, tuple(labels), level)


def profile_trends(ctx: Context, level: str, code: str) -> pd.DataFrame | None:
    """With three or more rounds of this kind, the area's measures round by round (small line charts with
    Wales's line) and their table; returns the table (None with fewer rounds)."""
    from sprx_map import trends
    from sprx_map.compare import charts

    lang = ctx.lang
    labels = trends.rounds_until(round_labels(ctx.data), ctx.filters.round, ctx.data.illustrative_rounds)
    if len(labels) < trends.ENOUGH:
        return None
    tables, wales = _round_tables(ctx, labels, level)
    found = views.shared(ctx, "profile/trends", lambda: trends.area_trends(tables, wales, code), level, code)
    st.subheader(t("profile.trends", lang, first=labels[0], last=labels[-1]))
    frame = charts.trend_frame(found, lang)
    chart(ctx, f"trends-{code.lower()}", lambda: (charts.trend_figure(found, lang), frame), level)
    st.caption(t("profile.trends_note", lang))
    return frame


def every_round_table(ctx: Context) -> None:
    """Every round of this kind in order, for a chosen measure and level: one column per round."""
    from sprx_map import measures, trends
    from sprx_map.ui.state import MAP_LEVELS

    lang = ctx.lang
    labels = trends.rounds_until(round_labels(ctx.data), ctx.filters.round, ctx.data.illustrative_rounds)
    st.subheader(t("change.every_round", lang))
    left, right = st.columns(2)
    level = left.radio(
        t("change.rounds_level", lang), MAP_LEVELS, key="change_rounds_level", horizontal=True,
        format_func=lambda v: t(f"level.{v}", lang),
    )  # fmt: skip
    key = right.selectbox(
        t("change.rounds_measure", lang), measures.AREA, index=5, key="change_rounds_measure",
        format_func=lambda m: t(f"measure.{m}", lang),
    )  # fmt: skip
    tables, _ = _round_tables(ctx, labels, level)
    shown = views.shared(
        ctx, "change/every_round",
        lambda: trends.every_round(tables, ctx.geo, level, key, lang, ctx.clusters + ctx.no_return), level, key, lang,
    )  # fmt: skip
    static_table(shown, lang)
    st.caption(t("change.every_round_note", lang))
