"""Maps that draw with no internet: the choropleth of a measure (folium, with Leaflet served by the app)
and the equal-area hex map of clusters (Plotly).

- :mod:`~sprx_map.maps.elements`: the folium elements (an offline map, a plain-HTML legend, escaped tooltips);
- :mod:`~sprx_map.maps.classes`: where a measure's values break into colour classes, and the legend's words;
- :mod:`~sprx_map.maps.builder`: :func:`area_map`, a measure at one level;
- :mod:`~sprx_map.maps.offline`: the map's HTML, its features, and a standalone file;
- :mod:`~sprx_map.maps.hexmap`: the hex map;
- :mod:`~sprx_map.maps.markers`: learning events as markers at their boards.

What the pages and the other modules use is listed in ``__all__``.
"""

from sprx_map.maps.builder import area_map
from sprx_map.maps.classes import (
    MAX_CLASSES,
    WITHHELD,
    class_breaks,
    classify,
    colours,
    diverging_classes,
    diverging_entries,
    diverging_fill,
    legend_entries,
)
from sprx_map.maps.elements import (
    LEAFLET_CSS,
    LEAFLET_JS,
    OSM_ATTRIBUTION,
    OSM_TILES,
    STATIC_URL,
    TOOLTIP_STYLE,
    AreaLayer,
    Legend,
    OfflineMap,
    Verbatim,
    VerbatimMacro,
    escape,
    legend_html,
    tooltip_html,
)
from sprx_map.maps.markers import board_centres, event_markers
from sprx_map.maps.offline import feature_count, features, map_html, standalone_html

__all__ = [
    "LEAFLET_CSS",
    "LEAFLET_JS",
    "MAX_CLASSES",
    "OSM_ATTRIBUTION",
    "OSM_TILES",
    "STATIC_URL",
    "TOOLTIP_STYLE",
    "WITHHELD",
    "AreaLayer",
    "Legend",
    "OfflineMap",
    "Verbatim",
    "VerbatimMacro",
    "area_map",
    "board_centres",
    "class_breaks",
    "classify",
    "colours",
    "diverging_classes",
    "diverging_entries",
    "diverging_fill",
    "escape",
    "event_markers",
    "feature_count",
    "features",
    "legend_entries",
    "legend_html",
    "map_html",
    "standalone_html",
    "tooltip_html",
]
