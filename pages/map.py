"""Map: a measure by health board, local authority or cluster; select an area for its projects."""

from functools import partial

import streamlit as st

from sprx_map import maps, measures, metrics, tables, ui
from sprx_map.i18n import t

ctx = ui.context()
lang = ctx.lang

st.title(t("map.title", lang))
ui.round_notice(ctx)
left, middle, right = st.columns([3, 3, 2], vertical_alignment="bottom")
level = left.radio(
    t("map.level", lang), ui.MAP_LEVELS, key="map_level", horizontal=True, format_func=lambda v: t(f"level.{v}", lang)
)
choices = ui.map_measures(level)
measure = middle.selectbox(
    t("map.measure", lang), choices, key="map_measure", format_func=lambda v: t(f"measure.{v}", lang)
)
basemap = right.toggle(t("map.basemap", lang), key="map_basemap")
with_events = right.toggle(t("map.events", lang), key="map_events")

table = ctx.view.area_table(level)
counted = table.index[~table[metrics.NO_RETURN]]  # an area whose board has not returned has no projects to list
names = ctx.geo.area_names(level, lang)
if st.session_state.get("map_area") not in counted:
    st.session_state["map_area"] = None
options = {
    "tooltip_measures": measures.AREA,
    "selected": st.session_state["map_area"],
    "basemap": basemap,
    "focus": None if ctx.filters.is_default(ui.rounds(ctx.data)[0]) else tuple(table.index),
    "events": ui.map_events(ctx.view.boards) if with_events else (),  # upcoming, in the boards left in view
}
build = partial(maps.area_map, ctx.geo, table, level, measure, lang, **options)  # a file's own map
m = ctx.view.area_map(level, measure, lang, **options)  # the view's, shared: shown as it is
clicked, click = ui.folium_map(m, key="map")
if click and click != st.session_state.get("_map_click"):  # a new click, not the last one again
    st.session_state["_map_click"] = click
    if clicked in counted and clicked != st.session_state["map_area"]:
        st.session_state["map_area"] = clicked
        st.rerun()
if level == "cluster":
    st.caption(t("app.indicative_clusters", lang))

area = st.selectbox(
    t("map.area", lang),
    list(counted),
    key="map_area",
    format_func=lambda code: names.get(code, code),
    placeholder=t("map.click_hint", lang),
)
if area:
    in_area = ctx.view.in_area(level, area)
    st.subheader(t("map.projects_in", lang, area=names[area]))
    if in_area.empty:
        st.info(t("map.no_projects", lang, area=names[area]))
    else:
        shown = ctx.view.in_area_frame(level, area, lang)
        st.dataframe(tables.on_screen(shown), hide_index=True, column_config=ui.project_columns(lang), width="stretch",
                     placeholder=t("table.not_reported", lang))  # fmt: skip
        ui.suppression_note(shown, lang)

# Made and sent only once opened (opening reruns the page), so a visit loads less.
numbers = st.expander(t("map.table", lang), key="map_table", on_change="rerun")
if numbers.open:
    with numbers:
        ui.view_table(ctx, level, (*choices, *measures.REPORTING))
ui.suppression_note(table, lang)
ui.map_downloads(build, table, level, choices, ctx)
ui.attribution(lang)
