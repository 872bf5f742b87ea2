"""Change between rounds: new, ended, continuing and not reported projects; change in FTE and referrals, charted
and mapped."""

import streamlit as st

from sprx_map import change, gap_charts, measures, tables, ui
from sprx_map.i18n import t

ctx = ui.context()
lang = ctx.lang


def change_chart(view, lang):
    boards, before = view.changes()[4], view.before
    return (
        gap_charts.change_by_board(boards, view.geo.area_names("health_board", lang), before, lang),
        tables.change_frame(boards, view.geo, "health_board", lang, before, view.filters.round),
    )


st.title(t("page.change", lang))
ui.round_notice(ctx)
now, before = ctx.filters.round, ctx.view.before
if before is None:
    st.info(t("change.need_two", lang, round=now))
else:  # not st.stop(): app.py draws the sidebar after the page
    st.caption(t("change.compare", lang, now=now, before=before))
    others = ctx.view.change_boards()[1]
    if others:  # a board missing from either round would look like projects started or ended
        names = ctx.geo.area_names("health_board", lang)
        st.info(t("change.not_compared", lang, boards=", ".join(names[b] for b in others)))
    counts = ctx.view.changes()[3]
    ui.metric_row([(t(f"change.{c}", lang), f"{counts[c]:,}") for c in change.CHANGES])
    if counts["not_reported"]:
        st.caption(t("change.not_reported_note", lang, before=before, now=now))
    ui.chart(ctx, "change", change_chart)

    st.subheader(t("change.table", lang))
    left, right = st.columns(2)
    level = left.radio(
        t("change.level", lang), ui.MAP_LEVELS, key="change_level", horizontal=True,
        format_func=lambda v: t(f"level.{v}", lang),
    )  # fmt: skip
    measure = right.selectbox(
        t("change.measure", lang), measures.CHANGED, index=1, key="change_measure",
        format_func=lambda m: t(f"measure.{m}", lang),
    )  # fmt: skip
    table = ctx.view.change_table(level)
    ui.folium_map(ctx.view.change_map(level, measure, lang), key="change_map", height=520)
    st.caption(
        t("change.map_note", lang, before=before)
        + (" " + t("app.indicative_clusters", lang) if level == "cluster" else "")
    )
    ui.static_table(ctx.view.change_frame(level, lang), lang)
    ui.suppression_note(table.rename(columns={"referrals_change_mark": "suppressed"}), lang)

    ui.every_round_table(ctx)

    st.subheader(t("change.projects", lang))
    st.dataframe(ctx.view.changes_frame(lang), hide_index=True, width="stretch")
