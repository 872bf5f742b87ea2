"""Widgets that set areas against each other: the gaps page's funnel plot, a profile's spine chart and trends,
and the change page's view of every round. The numbers and figures are made in :mod:`sprx_map.compare.areas`,
:mod:`sprx_map.trends` and :mod:`sprx_map.compare.charts`; these only lay them out."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sprx_map.i18n import t
from sprx_map.ui.state import Context
from sprx_map.ui.widgets import chart, static_table


def funnel_section(ctx: Context) -> None:
    """The funnel plot of the clusters in view against Wales, its table, and what was left out."""
    lang = ctx.lang
    st.subheader(t("gaps.funnel", lang))
    left_out = ctx.view.funnel(lang)[2]
    chart(ctx, "funnel", lambda view, lang: view.funnel(lang)[:2])
    st.caption(t("gaps.funnel_note", lang))
    if any(left_out.values()):
        st.caption(t("gaps.funnel_left_out", lang, **left_out))


def profile_spine(ctx: Context, level: str, code: str) -> pd.DataFrame:
    """The area's spine chart among all areas of its level in Wales, with its table; returns the table."""
    from sprx_map.compare import charts

    lang = ctx.lang
    spines, shown = ctx.view.spine(level, code, lang)
    st.subheader(t("profile.spine", lang))
    frame = charts.spine_frame(spines, shown, lang)
    chart(ctx, f"spine-{code.lower()}", _spine_chart, level, code)
    st.caption(t("profile.spine_note", lang))
    return frame


def _spine_chart(view, lang: str, level: str, code: str) -> tuple:
    from sprx_map.compare import charts

    spines, shown = view.spine(level, code, lang)
    return charts.spine_figure(spines, lang), charts.spine_frame(spines, shown, lang)


def profile_trends(ctx: Context, level: str, code: str) -> pd.DataFrame | None:
    """With three or more rounds of this kind, the area's measures round by round (small line charts with
    Wales's line) and their table; returns the table (None with fewer rounds)."""
    from sprx_map import trends
    from sprx_map.compare import charts

    lang = ctx.lang
    labels = ctx.view.trend_rounds()
    if len(labels) < trends.ENOUGH:
        return None
    found = ctx.view.area_trends(level, code)
    st.subheader(t("profile.trends", lang, first=labels[0], last=labels[-1]))
    frame = charts.trend_frame(found, lang)
    chart(ctx, f"trends-{code.lower()}", _trend_chart, level, code)
    st.caption(t("profile.trends_note", lang))
    return frame


def _trend_chart(view, lang: str, level: str, code: str) -> tuple:
    from sprx_map.compare import charts

    found = view.area_trends(level, code)
    return charts.trend_figure(found, lang), charts.trend_frame(found, lang)


def every_round_table(ctx: Context) -> None:
    """Every round of this kind in order, for a chosen measure and level: one column per round."""
    from sprx_map import measures
    from sprx_map.ui.state import MAP_LEVELS

    lang = ctx.lang
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
    static_table(ctx.view.every_round(level, key, lang), lang)
    st.caption(t("change.every_round_note", lang))
