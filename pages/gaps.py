"""Coverage gaps: clusters ranked per head, kinds of support lacking, every cluster the same size, need."""

import streamlit as st

from sprx_map import gap_charts, gaps, maps, measures, metrics, tables, ui
from sprx_map.i18n import t
from sprx_map.maps import hexmap

ctx = ui.context()
lang = ctx.lang
names = ctx.geo.area_names("cluster", lang)

st.title(t("page.gaps", lang))
ui.round_notice(ctx)
st.caption(t("gaps.intro", lang))

by = st.radio(
    t("gaps.rank_by", lang),
    measures.RATES,
    key="gaps_by",
    horizontal=True,
    format_func=lambda m: t(f"measure.{m}", lang),
)
ranked = ctx.view.ranking(by)
without = ranked.index[ranked["no_current"]]
st.subheader(t("gaps.no_current", lang, count=len(without)))
st.markdown("; ".join(names[without]) if len(without) else t("gaps.none_without", lang))

st.subheader(t("gaps.ranking", lang))
st.caption(t("gaps.ranking_note", lang))
st.dataframe(ctx.view.ranking_frame(by, lang), hide_index=True, width="stretch", key="gaps_ranking")
ui.suppression_note(ranked, lang)
ui.funnel_section(ctx)

st.subheader(t("gaps.hex", lang))
measure = st.selectbox(
    t("gaps.hex_measure", lang), measures.AREA, index=4, key="gaps_hex_measure",
    format_func=lambda m: t(f"measure.{m}", lang),
)  # fmt: skip


def hex_view(view, lang, measure):
    cluster_table = view.gap_levels()["cluster"]
    hex_table = metrics.with_no_return(cluster_table, view.geo, "cluster", view.no_return)  # its numbers, as drawn
    fig = hexmap.hex_figure(
        view.geo,
        cluster_table[measure],
        measure,
        lang,
        title=t(f"measure.{measure}", lang),
        cells=ui.hex_cells(),
        withheld=cluster_table[metrics.SUPPRESSED],
        no_return=view.no_return,
    )
    return fig, tables.formatted(tables.area_frame(hex_table, view.geo, "cluster", lang, (measure,)), lang)


ui.chart(ctx, "hexmap", hex_view, measure)
st.caption(t("gaps.hex_note", lang) + " " + t("app.indicative_clusters", lang))

st.subheader(t("gaps.matrix", lang))


def matrix_view(view, lang):
    matrix = view.category_matrix()
    names = view.geo.area_names("cluster", lang)
    return gap_charts.category_heatmap(matrix, names, lang), tables.matrix_frame(matrix, view.geo, lang)


ui.chart(ctx, "categories", matrix_view)
st.caption(t("gaps.matrix_note", lang))

st.subheader(t("gaps.need", lang))
st.markdown(t("gaps.need_help", lang))
indicator = ui.indicator_upload(lang)
if indicator is not None:
    level = indicator.level
    st.caption(
        t("gaps.need_read", lang, name=indicator.name, count=len(indicator.values), level=t(f"level.{level}", lang))
    )
    provision = st.selectbox(
        t("gaps.provision", lang), measures.RATES, key="gaps_provision", format_func=lambda m: t(f"measure.{m}", lang)
    )
    table = metrics.area_table(ctx.projects, ctx.data.shares, ctx.geo, level, ctx.clusters)
    placed = gaps.need_provision(table, indicator.values, provision)
    if placed.empty:
        st.info(t("gaps.need_none", lang))
    else:
        area_names = ctx.geo.area_names(level, lang)
        ui.chart(
            ctx,
            "need",
            lambda view, lang: (
                gap_charts.need_scatter(placed, area_names, indicator.name, provision, lang),
                tables.need_frame(placed, area_names, indicator.name, provision, lang),
            ),
            shared=False,  # made from this session's upload
        )
        st.caption(t("gaps.need_note", lang))
    st.markdown(f"**{t('gaps.need_map', lang)}**")
    need_map = maps.area_map(
        ctx.geo, indicator.values.to_frame("need"), level, "need", lang, measure_label=indicator.name
    )
    ui.folium_map(need_map, key="gaps_need_map", height=520)
ui.attribution(lang)
