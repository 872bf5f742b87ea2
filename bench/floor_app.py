"""The floor the budgets are set against: a bare Streamlit app with the dashboard's parts and none of its work.

Three pages routed by ``st.navigation`` and a sidebar with the same widgets as the
dashboard's filters (language switch, seven multiselects, round, reset). The Overview
and the Map show the same elements as the app's: the same title, notices and captions,
the seven metrics, the board table (the same HTML), the map (the app's cluster map
of FTE per 10,000 patients: its areas with their tooltips, its legend and bounds,
with Leaflet served locally), the Map's level, measure and area widgets, its folded
table and its four download buttons. The Charts page shows the four Plotly figures of
the app's Charts page. All of it is made beforehand by the app's own code
(:func:`bench.servers.overview_and_map`, :func:`bench.servers.charts_page_figures`) and
read here from ``pages.json`` and ``charts.json``: nothing is computed, so what it
takes to show is what Streamlit, streamlit-folium and the browser take on this machine.
``python -m bench`` runs it from a temporary folder beside those files and a copy of
``static/leaflet`` and ``.streamlit``.

With ``SPRX_FLOOR=bare`` it shows only the Overview's title and seven metrics
(no navigation, no sidebar, no map): what Streamlit alone takes to show a page.
"""

import json
import os
from pathlib import Path
from typing import ClassVar

import folium
import streamlit as st
from branca.element import Element, MacroElement
from jinja2 import Template
from streamlit_folium import st_folium


class Map(folium.Map):
    default_js: ClassVar = [("leaflet", "../../app/static/leaflet/leaflet.js")]
    default_css: ClassVar = [("leaflet_css", "../../app/static/leaflet/leaflet.css")]


class Text(Element):
    """Text written into the page as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class Drawn(MacroElement):
    """What the app's map elements write (its areas, legend and bounds), read from ``pages.json``."""

    _template = Template(
        "{% macro header(this, kwargs) %}{{ this.head }}{% endmacro %}"
        "{% macro script(this, kwargs) %}{{ this.js }}{% endmacro %}"
    )

    def __init__(self, head: str, js: str) -> None:
        super().__init__()
        self.head, self.js = head, js

    def render(self, **kwargs) -> None:  # as the app's: the layer's data is never read as a template
        figure = self.get_root()
        figure.header.add_child(Text(self.head), name=self.get_name())
        figure.script.add_child(Text(self.js), name=self.get_name())


@st.cache_resource
def shown() -> dict:
    return json.loads(Path(__file__).with_name("pages.json").read_text())


def notices() -> None:
    st.warning(shown()["illustrative"], icon=":material/science:")
    st.caption(shown()["as_of"])


def overview() -> None:
    page = shown()["overview"]
    st.title(page["title"])
    if os.environ.get("SPRX_FLOOR") == "bare":
        for row in page["metrics"]:
            for column, (label, value) in zip(st.columns(len(row)), row, strict=True):
                column.metric(label, value)
        return
    notices()
    st.caption(page["scope"])
    for row in page["metrics"]:
        for column, (label, value) in zip(st.columns(len(row)), row, strict=True):
            column.metric(label, value)
    st.caption(page["completeness"])
    st.subheader(page["subheader"])
    st.html(page["table"])
    st.caption(shown()["attribution"])


def map_page() -> None:
    page = shown()["map"]
    st.title(page["title"])
    notices()
    left, middle, right = st.columns([3, 3, 2], vertical_alignment="bottom")
    left.radio(page["level"], page["levels"], index=2, horizontal=True)
    middle.selectbox(page["measure"], page["measures"])
    right.toggle(page["basemap"])
    right.toggle(page["events"])
    m = Map(location=[52.35, -3.8], zoom_start=7, tiles=None, control_scale=True, prefer_canvas=False,
            zoom_snap=0.25, zoom_delta=0.5)  # fmt: skip
    Drawn(page["header"], page["script"].replace(page["map_name"], m.get_name())).add_to(m)
    st_folium(m, key="map", height=620, width="stretch", returned_objects=["last_active_drawing",
              "last_object_clicked"], render=False)  # fmt: skip
    st.caption(page["indicative"])
    st.selectbox(page["area"], page["areas"], index=None, placeholder=page["click_hint"])
    st.expander(page["table"], key="map_table", on_change="rerun")
    st.caption(page["suppressed"])
    st.markdown(f"**{page['downloads']}**")
    files = page["files"]
    for pair in (files[:2], files[2:]):
        for column, label in zip(st.columns(2), pair, strict=True):
            column.download_button(label, lambda: b"", file_name="floor.txt", on_click="ignore",
                                   icon=":material/download:")  # fmt: skip
    st.caption(shown()["attribution"])


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
