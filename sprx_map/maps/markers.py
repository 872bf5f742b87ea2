"""Learning events on the map: one marker for each board holding events at its venues, placed at the board's centre
(the store keeps a venue's name, not where it is), its tooltip listing them; online and all-Wales events have no
place on the map."""

from __future__ import annotations

import json

import folium
from jinja2 import Template

from sprx_map import events as learning
from sprx_map import palette
from sprx_map.geo.geography import Geography
from sprx_map.maps.elements import VerbatimMacro, tooltip_html

BRITISH_GRID = "EPSG:27700"  # centres worked out on the flat national grid, not on degrees


def board_centres(geo: Geography) -> dict[str, tuple[float, float]]:
    """Each board's centre as (latitude, longitude), rounded to about a metre."""
    boards = geo.layer("health_board")
    centres = boards.geometry.to_crs(BRITISH_GRID).centroid.to_crs(boards.crs)
    return {str(code): (round(point.y, 5), round(point.x, 5)) for code, point in centres.items()}


class EventMarkers(VerbatimMacro):
    """Circles drawn by Leaflet itself (folium's icon markers would fetch their font and script from a CDN), their
    escaped tooltips handed over as JSON data: folium's own tooltip writes its text into a script as it is."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.data }}.forEach(function (m) {
            L.circleMarker([m.lat, m.lon], m.style).bindTooltip(m.tooltip).addTo({{ this._parent.get_name() }});
        });
        {% endmacro %}
        """
    )

    def __init__(self, markers: list[dict]) -> None:
        super().__init__()
        self._name = "EventMarkers"
        # "</" could close the page's <script> element early; JSON allows "<\\/".
        self.data = json.dumps(markers, ensure_ascii=False).replace("</", "<\\/")


def event_markers(m: folium.Map, events: list[learning.Event], geo: Geography, lang: str) -> int:
    """Add to ``m`` a marker for each board holding some of ``events`` at its venues, its tooltip the board's name
    and each event's title, day and venue (escaped); how many markers were added."""
    centres = board_centres(geo)
    names = geo.area_names("health_board", lang).to_dict()
    style = {"radius": 9, "color": palette.SELECTED, "weight": 3, "fillColor": "#ffffff", "fillOpacity": 1}
    markers = []
    for code, (lat, lon) in centres.items():
        held = [e for e in events if e.board == code]
        if held:
            rows = [(e.title(lang), " · ".join(filter(None, (learning.when(e, lang), e.venue)))) for e in held]
            tooltip = tooltip_html(names[code], rows, text=True)
            markers.append({"lat": lat, "lon": lon, "style": style, "tooltip": tooltip})
    if markers:
        m.add_child(EventMarkers(markers))
    return len(markers)
