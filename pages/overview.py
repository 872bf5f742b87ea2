"""Overview: headline figures for the current filters, then the same by health board."""

import streamlit as st

from sprx_map import metrics, tables, ui
from sprx_map.i18n import format_measure, format_number, t

ctx = ui.page_context("")
lang = ctx.lang

st.title(t("overview.title", lang))
ui.illustrative_notice(ctx)
h = metrics.headline(ctx.projects, ctx.data.shares, ctx.geo, ctx.clusters)
st.caption(t("overview.scope", lang, clusters=len(ctx.clusters), population=format_number(h["registered_population"])))
ui.metric_row(
    [
        (t(f"measure.{m}", lang), format_measure(h[m], m, lang, h["suppressed"]))
        for m in ("projects_current", "projects_planned", "link_worker_fte", "referrals")
    ]
)
ui.metric_row(
    [
        (t("measure.fte_per_10k", lang), format_measure(h["fte_per_10k"], "fte_per_10k", lang)),
        (
            t("measure.referrals_per_1k", lang),
            format_measure(h["referrals_per_1k"], "referrals_per_1k", lang, h["suppressed"]),
        ),
        (
            t("measure.clusters_covered", lang),
            t("overview.covered_of", lang, covered=h["clusters_covered"], total=h["clusters_total"]),
        ),
    ]
)
if ctx.projects.empty:
    st.info(t("filter.none_match", lang))
elif ctx.filters.statuses and "current" not in ctx.filters.statuses:
    st.info(t("overview.status_note", lang))

st.subheader(t("overview.by_board", lang))
boards = metrics.area_table(ctx.projects, ctx.data.shares, ctx.geo, "health_board", ctx.clusters)
ui.area_dataframe(
    tables.area_frame(boards, ctx.geo, "health_board", lang, (*metrics.MEASURES, "clusters_total")),
    lang,
)
ui.suppression_note(boards, lang, also=h["suppressed"])
ui.attribution(lang)
