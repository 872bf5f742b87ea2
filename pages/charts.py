"""Charts: what kinds of support, where the link workers and referrals are, caseloads, status."""

import streamlit as st

from sprx_map import charts, tables, ui
from sprx_map.i18n import t

ctx = ui.context()
lang = ctx.lang


def categories(view, lang):
    fig = charts.projects_by_category(view.projects, lang)
    return fig, charts.bar_data(fig, t("filter.category", lang))


def boards(view, lang):
    frame = tables.area_frame(view.area_table("health_board"), view.geo, "health_board", lang)
    return charts.by_board(frame, lang), tables.formatted(frame, lang)


def caseload(view, lang):  # FTE is that of current projects, so are the referrals set against it
    frame = tables.area_frame(view.area_table("cluster", current=True), view.geo, "cluster", lang)
    return charts.caseload(frame, lang), tables.formatted(frame[["name", "link_worker_fte", "referrals"]], lang)


def statuses(view, lang):
    fig = charts.projects_by_status(view.projects, lang)
    return fig, charts.bar_data(fig, t("filter.status", lang))


st.title(t("charts.title", lang))
ui.round_notice(ctx)
left, right = st.columns(2)
with left:
    ui.chart(ctx, "chart-categories", categories)
with right:
    ui.chart(ctx, "chart-boards", boards)
left, right = st.columns(2)
with left:
    ui.chart(ctx, "chart-caseload", caseload)
    st.caption(t("chart.caseload_note", lang))
with right:
    ui.chart(ctx, "chart-status", statuses)
