"""Overview: headline figures for the current filters, then the same by health board."""

import streamlit as st

from sprx_map import filters, measures, tables, ui
from sprx_map.i18n import t

ctx = ui.context()
lang = ctx.lang

st.title(t("overview.title", lang))
ui.round_notice(ctx)
h = ctx.view.headline
st.caption(filters.scope(ctx.geo, ctx.clusters, h["registered_population"], lang))
ui.metric_row(
    [
        (t(f"measure.{m}", lang), tables.headline_value(h, m, lang))
        for m in ("projects_current", "projects_planned", "link_worker_fte", "referrals")
    ]
)
covered = t("overview.covered_of", lang, covered=h["clusters_covered"], total=h["clusters_total"])
ui.metric_row(
    [
        (t("measure.fte_per_10k", lang), tables.headline_value(h, "fte_per_10k", lang)),
        (t("measure.referrals_per_1k", lang), tables.headline_value(h, "referrals_per_1k", lang)),
        (t("measure.clusters_covered", lang), tables.headline_value(h, "clusters_covered", lang, covered)),
    ]
)
completeness = tables.headline_completeness(h, lang)
if completeness:
    st.caption(completeness)
if ctx.projects.empty:
    st.info(t("filter.none_match", lang))
elif ctx.filters.statuses and "current" not in ctx.filters.statuses:
    st.info(t("overview.status_note", lang))

st.subheader(t("overview.by_board", lang))
boards = ctx.view.area_table("health_board")
ui.view_table(ctx, "health_board", (*measures.AREA, "clusters_total", *measures.REPORTING))
ui.suppression_note(boards, lang, also=h["suppressed"])
ui.attribution(lang)
