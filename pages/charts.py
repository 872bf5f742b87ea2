"""Charts: what kinds of support, where the link workers and referrals are, caseloads, status."""

import streamlit as st

from sprx_map import charts, metrics, tables, ui
from sprx_map.i18n import t

ctx = ui.context()
lang = ctx.lang

st.title(t("charts.title", lang))
ui.round_notice(ctx)
boards = tables.area_frame(
    metrics.area_table(ctx.projects, ctx.data.shares, ctx.geo, "health_board", ctx.clusters, no_return=ctx.no_return),
    ctx.geo,
    "health_board",
    lang,
)
current = ctx.projects[ctx.projects["status"] == "current"]  # FTE is that of current projects
cluster_table = tables.area_frame(
    metrics.area_table(current, ctx.data.shares, ctx.geo, "cluster", ctx.clusters), ctx.geo, "cluster", lang
)
stem = ui.file_stem("chart", ctx.filters, lang)
left, right = st.columns(2)
with left:
    fig = charts.projects_by_category(ctx.projects, lang)
    ui.chart(fig, f"{stem}-categories", lang, data=charts.bar_data(fig, t("filter.category", lang)))
with right:
    ui.chart(charts.by_board(boards, lang), f"{stem}-boards", lang, data=tables.formatted(boards, lang))
left, right = st.columns(2)
with left:
    ui.chart(
        charts.caseload(cluster_table, lang),
        f"{stem}-caseload",
        lang,
        data=tables.formatted(cluster_table[["name", "link_worker_fte", "referrals"]], lang),
    )
    st.caption(t("chart.caseload_note", lang))
with right:
    fig = charts.projects_by_status(ctx.projects, lang)
    ui.chart(fig, f"{stem}-status", lang, data=charts.bar_data(fig, t("filter.status", lang)))
