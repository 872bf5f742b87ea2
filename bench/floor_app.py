"""The floor the budgets are set against: a bare Streamlit app with the dashboard's parts and none of its work.

Three pages routed by ``st.navigation`` (seven metrics; a streamlit-folium map of
the 60 embedded cluster shapes with Leaflet served locally; the four Plotly figures
of the app's Charts page, made beforehand and read from ``charts.json``) and a sidebar with
the same widgets as the dashboard's filters (language switch, seven
multiselects, round, reset). No data is read and nothing is computed, so what
it takes to show is what Streamlit, streamlit-folium and the browser take on
this machine. ``python -m bench`` runs it from a temporary folder beside a copy
of ``clusters.geojson``, ``charts.json`` and ``static/leaflet``.

With ``SPRX_FLOOR=bare`` it shows only the Overview's title and seven metrics
(no navigation, no sidebar, no map): what Streamlit alone takes to show a page.
"""

import json
import os
from pathlib import Path
from typing import ClassVar

import folium
import streamlit as st
from streamlit_folium import st_folium


class Map(folium.Map):
    default_js: ClassVar = [("leaflet", "../../app/static/leaflet/leaflet.js")]
    default_css: ClassVar = [("leaflet_css", "../../app/static/leaflet/leaflet.css")]


@st.cache_data
def shapes() -> dict:
    return json.loads(Path(__file__).with_name("clusters.geojson").read_text())


def overview() -> None:
    st.title("Overview")
    for count in (4, 3):
        for column in st.columns(count):
            column.metric("Projects", 331)


def map_page() -> None:
    st.title("Map")
    m = Map(location=[52.4, -3.7], zoom_start=7, tiles=None)
    folium.GeoJson(shapes()).add_to(m)
    st_folium(m, height=620, width="stretch", returned_objects=["last_active_drawing", "last_object_clicked"])


@st.cache_resource
def figures() -> list:
    import plotly.io

    return [plotly.io.from_json(json.dumps(f)) for f in json.loads(Path(__file__).with_name("charts.json").read_text())]


def charts_page() -> None:
    st.title("Charts")
    made = figures()
    for pair in (made[:2], made[2:]):
        for column, figure in zip(st.columns(2), pair, strict=True):
            with column:
                st.plotly_chart(figure, width="stretch")
                with st.expander("Data"):
                    st.table({"Value": [1, 2, 3]})


if os.environ.get("SPRX_FLOOR") == "bare":
    overview()
    st.stop()
pages = [
    st.Page(overview, title="Overview", default=True),
    st.Page(map_page, title="Map", url_path="map"),
    st.Page(charts_page, title="Charts", url_path="charts"),
]
st.navigation(pages).run()
with st.sidebar:
    st.segmented_control("Language", ["English", "Cymraeg"], default="English")
    st.subheader("Filters")
    filters = {
        "Board": 7,
        "Authority": 22,
        "Cluster": 60,
        "Status": 3,
        "Category": 13,
        "Target group": 11,
        "Funding": 7,
    }
    for label, options in filters.items():
        st.multiselect(label, [f"{label} {i}" for i in range(options)], placeholder="All")
    st.selectbox("Round", ["sample", "sample-earlier"])
    st.button("Reset filters", icon=":material/restart_alt:")
