"""Change between rounds: new, ended and continuing projects; change in FTE and referrals, charted and mapped."""

import streamlit as st

from sprx_map import change, gap_charts, maps, measures, tables, ui
from sprx_map.i18n import t

ctx = ui.context()
lang = ctx.lang

st.title(t("page.change", lang))
ui.round_notice(ctx)
now = ctx.filters.round
before = change.previous_round(ui.rounds(ctx.data), now, ctx.data.illustrative_rounds)
if before is None:
    st.info(t("change.need_two", lang, round=now))
else:  # not st.stop(): app.py draws the sidebar after the page
    st.caption(t("change.compare", lang, now=now, before=before))
    chosen_boards = list(dict.fromkeys(ctx.geo.clusters.loc[ctx.clusters + ctx.no_return, "hb_code"]))
    both, others = change.compared_boards(ctx.returns, ctx.data.returns_of(before), chosen_boards)
    if others:  # a board missing from either round would look like projects started or ended
        names = ctx.geo.area_names("health_board", lang)
        st.info(t("change.not_compared", lang, boards=", ".join(names[b] for b in others)))
    clusters = [c for c in ctx.clusters if ctx.geo.clusters.at[c, "hb_code"] in both]
    previous, latest = change.of_boards(both, ui.round_projects(ctx, before), ctx.projects)

    changes = change.project_changes(previous, latest)
    counts = change.change_counts(changes)
    ui.metric_row([(t(f"change.{c}", lang), f"{counts[c]:,}") for c in change.CHANGES])

    boards = change.change_table(previous, latest, ctx.data.shares, ctx.geo, "health_board", clusters)
    board_names = ctx.geo.area_names("health_board", lang)
    ui.chart(
        gap_charts.change_by_board(boards, board_names, before, lang),
        ui.file_stem("change", ctx.filters, lang),
        lang,
        data=tables.change_frame(boards, ctx.geo, "health_board", lang, before, now),
    )

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
    table = (
        boards
        if level == "health_board"
        else change.change_table(previous, latest, ctx.data.shares, ctx.geo, level, clusters)
    )
    shown = f"{measure}_change"
    m = maps.area_map(
        ctx.geo,
        change.map_table(table, measure),
        level,
        shown,
        lang,
        tooltip_measures=(f"{measure}_before", f"{measure}_now"),
        diverging=True,
    )
    ui.folium_map(m, key="change_map", height=520)
    st.caption(
        t("change.map_note", lang, before=before)
        + (" " + t("app.indicative_clusters", lang) if level == "cluster" else "")
    )
    ui.static_table(tables.change_frame(table, ctx.geo, level, lang, before, now), lang)
    ui.suppression_note(table.rename(columns={"referrals_change_mark": "suppressed"}), lang)

    ui.every_round_table(ctx)

    st.subheader(t("change.projects", lang))
    st.dataframe(tables.changes_frame(changes, ctx.geo, lang, before, now), hide_index=True, width="stretch")
