"""A map as a file: its HTML for the page, its features, and a standalone page that opens with no internet."""

from __future__ import annotations

import json

import folium

from sprx_map import PROJECT_DIR, templates
from sprx_map.maps.elements import LEAFLET_CSS, LEAFLET_JS, AreaLayer


def map_html(m: folium.Map) -> str:
    """The whole map as one HTML document (what a browser would load)."""
    return m.get_root().render()


def features(m: folium.Map) -> list[dict]:
    """The features of the map's layer of areas, as GeoJSON dicts."""
    layer = next(child for child in m._children.values() if isinstance(child, AreaLayer))
    return json.loads(layer.data.replace("<\\/", "</"))["features"]


def feature_count(m: folium.Map) -> int:
    """How many areas the map draws."""
    return len(features(m))


def standalone_html(m: folium.Map, title: str, notes: list[str], lang: str = "en") -> str:
    """The map as one self-contained HTML file that opens offline: Leaflet inlined, a heading and notes.

    ``notes`` (the illustrative notice, the filters, the round and language)
    are shown above the map and escaped (``sprx_map/templates/maps/offline.html``).
    """
    page = map_html(m)
    leaflet = PROJECT_DIR / "static" / "leaflet"
    script = (leaflet / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    style = (leaflet / "leaflet.css").read_text(encoding="utf-8")
    parts = templates.macros("maps/offline.html")
    for url, inline in (
        (parts.loads_script(LEAFLET_JS[0][1]), parts.script(script)),
        (parts.loads_style(LEAFLET_CSS[0][1]), parts.style(style)),
    ):
        if url not in page:
            raise ValueError(f"the map no longer loads Leaflet as {url}")
        page = page.replace(url, inline)
    page = page.replace("<head>", parts.head(title), 1)
    page = page.replace("<html>", parts.html("cy" if lang == "cy" else "en"), 1)
    return page.replace("<body>", parts.body(title, notes), 1)
