"""Charts: what kinds of support, where the link workers and referrals are, caseloads, status."""

import streamlit as st

from sprx_map import charts, tables, ui
from sprx_map.i18n import t

ctx = ui.context()
lang = ctx.lang


def categories():
    fig = charts.projects_by_category(ctx.projects, lang)
    return fig, charts.bar_data(fig, t("filter.category", lang))


def boards():
    frame = tables.area_frame(ui.views.area_table(ctx, "health_board"), ctx.geo, "health_board", lang)
    return charts.by_board(frame, lang), tables.formatted(frame, lang)


def caseload():  # FTE is that of current projects, so are the referrals set against it
    frame = tables.area_frame(ui.views.area_table(ctx, "cluster", current=True), ctx.geo, "cluster", lang)
    return charts.caseload(frame, lang), tables.formatted(frame[["name", "link_worker_fte", "referrals"]], lang)


def statuses():
    fig = charts.projects_by_status(ctx.projects, lang)
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
