"""Presenter mode (``?present=1``): large type, no sidebar, slides moved with buttons or the arrow keys."""

import streamlit as st

from sprx_map import measures, slides, ui
from sprx_map.i18n import t

ctx = ui.context()
lang = ctx.lang
deck = slides.deck(ctx.geo)
slide = deck[ui.current_slide(len(deck))]

ui.presenter_style()
st.title(slides.title(slide, ctx.geo, lang))
ui.round_notice(ctx)
columns = st.columns(len(measures.HEADLINE))
for column, (label, value, versus) in zip(columns, slides.figures(slide, ctx.view, lang), strict=True):
    column.metric(label, value)
    if versus:
        column.caption(versus)

table = slides.areas(slide, ctx.view)
left, right = st.columns([3, 2])
with left:
    m = slides.area_map(slide, ctx.view, lang)  # its legend notes the clusters
    ui.folium_map(m, key=f"present_map_{slide.number}", height=ui.SLIDE_MAP_HEIGHT)
    ui.slide_controls(slide.number, len(deck), lang)  # under the map, where the table column runs longer
with right:
    st.markdown(f"**{t('present.table', lang)}**")
    ui.area_dataframe(slides.area_frame(slide, ctx.view, lang), lang)
    if slide.code is not None:
        without = slides.without_current(table)
        names = ctx.geo.area_names("cluster", lang)
        st.markdown(f"**{t('gaps.no_current', lang, count=len(without))}**")
        st.markdown("; ".join(names[without]) if without else t("gaps.none_without", lang))
