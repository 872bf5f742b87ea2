"""The map component, with what it is sent worked out once per map rather than on every run.

``st_folium`` renders its folium map again on every run, changing the map as it does (so a shared map
needed a copy per session), and then makes the component's key with a regular expression over the whole
script. For the cluster map that was most of a Map page's own server time, though what is sent depends only
on the map and the key, and the maps a view shares never change once made. So :func:`arguments` works it
out once per map, on a copy and with streamlit-folium's own helpers, and :func:`show` hands it to the
component. ``tests/app/test_map_component.py`` checks that it is what ``st_folium`` itself sends.
"""

from __future__ import annotations

import copy
import threading
import weakref

import branca
import folium
import streamlit_folium

# What the pages ask back from the map: a click on an area (not panning or zooming, so those do not rerun).
RETURNED = ("last_active_drawing", "last_object_clicked")

_MADE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # map -> its arguments, while the map lives
_LOCK = threading.Lock()


def _links(m: folium.Map) -> tuple[list[str], list[str]]:
    """The style sheets and scripts the map's elements ask for, as ``st_folium`` collects them."""
    css: list[str] = []
    js: list[str] = []

    def walk(element):
        if isinstance(element, branca.colormap.ColorMap):
            yield element
        if isinstance(element, folium.elements.JSCSSMixin):
            yield element
        for child in getattr(element, "_children", {}).values():
            yield from walk(child)

    for element in walk(m):
        if isinstance(element, branca.colormap.ColorMap):  # st_folium adds d3 for these (none of ours)
            js[:0] = ["https://d3js.org/d3.v4.min.js", "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js"]
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def arguments(m: folium.Map, key: str) -> dict:
    """What ``st_folium(m, key=key, returned_objects=RETURNED)`` sends the component, worked out once per
    map (the map itself is left as it was) and once per key; the key's callback apart."""
    with _LOCK:
        made = _MADE.get(m)
    if made is None:
        shown = copy.deepcopy(m)
        shown.render()
        # In st_folium's order: making the script renames the map, which the header must not see yet.
        html = streamlit_folium._get_html(shown)
        header = streamlit_folium._get_header(shown)
        script = streamlit_folium._get_map_string(shown)
        css, js = _links(shown)
        made = {"script": script, "header": header, "html": html, "id": streamlit_folium.get_full_id(shown)}
        made |= {"css_links": css, "js_links": js, "keys": {}}
        with _LOCK:
            made = _MADE.setdefault(m, made)
    hashed = made["keys"].get(key)
    if hashed is None:
        hashed = made["keys"][key] = streamlit_folium.generate_js_hash(made["script"], key, False)
    return {
        "script": made["script"],
        "header": made["header"],
        "html": made["html"],
        "id": made["id"],
        "key": hashed,
        "returned_objects": list(RETURNED),
        # In st_folium's order of its defaults.
        "default": {"last_object_clicked": None, "last_active_drawing": None},
        "zoom": None,
        "center": None,
        "feature_group": None,
        "return_on_hover": False,
        "layer_control": None,
        "pixelated": False,
        "css_links": made["css_links"],
        "js_links": made["js_links"],
        "wrap_longitude": False,
    }


def show(m: folium.Map, key: str, height: int) -> dict | None:
    """Draw the map as ``st_folium`` would, at the page's width; what the component returned."""
    import streamlit as st

    sent = arguments(m, key)

    def on_change() -> None:  # as st_folium's: the map's value under the page's own key too
        st.session_state[key] = st.session_state.get(sent["key"], {})

    return streamlit_folium._component_func(**sent, height=height, width="stretch", on_change=on_change)
