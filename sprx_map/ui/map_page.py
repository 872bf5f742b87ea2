"""What the Map page alone draws: the map and its numbers as files, named by view."""

from __future__ import annotations

import streamlit as st

from sprx_map.i18n import t
from sprx_map.ui.state import Context
from sprx_map.ui.widgets import download_buttons, file_stem


def map_downloads(build, table, level: str, measures, ctx: Context) -> None:
    """The map as an offline HTML file, and its numbers as CSV, XLSX and GeoJSON, named by view.

    ``build`` makes the map afresh (a folium map drawn twice would hold its layer twice).
    """
    from sprx_map import downloads, export, maps
    from sprx_map.compare import areas

    lang, f = ctx.lang, ctx.filters
    released = ctx.view.release(lang)
    notes = released.lines()
    stem = file_stem(f"map-{level}", f, lang)

    def frame():  # made only when a file is asked for; with the comparisons, as every area file
        out = downloads.area_file(ctx.view.compared(level), ctx.geo, level, lang, measures)[0]
        return out.set_index(out["code"].to_numpy())

    headings = downloads.area_headings(areas.file_measures(measures, level), lang)
    st.markdown(f"**{t('map.downloads', lang)}**")
    left, right = st.columns(2)
    left.download_button(
        t("map.download_html", lang),
        lambda: maps.standalone_html(build(), t("map.title", lang), notes, lang).encode("utf-8"),
        file_name=f"{stem}.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/map:",
    )
    right.download_button(
        t("map.download_geojson", lang),
        lambda: export.geojson_text(frame().rename(columns=headings), ctx.geo, level, notes).encode("utf-8"),
        file_name=f"{stem}.geojson",
        mime="application/geo+json",
        on_click="ignore",
        icon=":material/download:",
    )
    title = t("export.title.areas", lang, level=t(f"level.{level}", lang).lower())
    download_buttons(frame, headings, released, stem, lang, title)
