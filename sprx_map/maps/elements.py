"""Map elements that draw with no internet.

Leaflet comes from the app's own ``static/leaflet`` (served by Streamlit at
``/app/static``), there are no basemap tiles unless asked for, and no element
that would make streamlit-folium fetch a script from a CDN (no branca colour
maps: colours are worked out in :mod:`sprx_map.maps.classes` and the legend is plain HTML). Every text
that reaches a tooltip or the legend is HTML-escaped, because Leaflet inserts
it as HTML, and its braces too: folium reads what its elements write as a
Jinja template once more, so an area named ``{{ ... }}`` would otherwise be
evaluated. The elements here write their text as it is (:class:`Verbatim`).
"""

from __future__ import annotations

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from sprx_map import palette, templates

# Relative to the streamlit-folium iframe (<base>/component/streamlit_folium.st_folium/),
# so it resolves to <base>/app/static/... under any server.baseUrlPath.
STATIC_URL = "../../app/static"
LEAFLET_JS = [("leaflet", f"{STATIC_URL}/leaflet/leaflet.js")]
LEAFLET_CSS = [("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css")]
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'


class OfflineMap(folium.Map):
    """A folium map that loads only Leaflet, from the app itself."""

    default_js = LEAFLET_JS
    default_css = LEAFLET_CSS


def escape(text: object) -> str:
    """``text`` escaped for HTML, braces included (as character references: they show as braces).

    >>> escape("<b>{{ 7*7 }}</b>")
    '&lt;b&gt;&#123;&#123; 7*7 &#125;&#125;&lt;/b&gt;'
    """
    return str(templates.braces_escape(text))


class Verbatim(Element):
    """Finished text in the page: written out as it is, never read as a template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class VerbatimMacro(MacroElement):
    """A macro element whose output goes into the page as :class:`Verbatim` text.

    Folium's own elements wrap what their macros wrote in a new template and
    render it again when the page is drawn. That would evaluate any ``{{ }}``
    or ``{% %}`` in the data (and compiling a 100 KB layer as a template is
    most of the time the map takes to draw).
    """

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        parts = (("header", figure.header), ("html", figure.html), ("script", figure.script))
        for macro, section in parts:
            write = self._template.module.__dict__.get(macro)
            if write is not None:
                section.add_child(Verbatim(write(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class Legend(VerbatimMacro):
    """A legend drawn as a Leaflet control from ready-escaped HTML."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "sprx-legend");
                div.innerHTML = {{ this.html|tojson }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, legend_html: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = legend_html


def legend_html(title: str, entries: list[tuple[str, str]], note: str | None = None) -> str:
    """The legend's HTML (``sprx_map/templates/maps/legend.html``); every text escaped."""
    edges = {
        palette.NO_DATA_FILL: f"1px dashed {palette.NO_DATA_STROKE}",
        palette.NO_RETURN_FILL: f"2px dotted {palette.NO_RETURN_STROKE}",
    }
    shown = [(colour, edges.get(colour, f"1px solid {palette.BOUNDARY}"), label) for colour, label in entries]
    return templates.render("maps/legend.html", title=title, entries=shown, note=note)


# The tooltips' look, in the page's head (see AreaLayer) rather than in every tooltip. Leaflet keeps a tooltip on
# one line and puts it on the side of the pointer with more room, half the map at least: at most 45% of the map
# wide, wrapped, it is never cut at the map's edge.
TOOLTIP_STYLE = (
    ".leaflet-tooltip{white-space:normal;width:max-content;max-width:min(340px,45vw)}"
    ".sprx-tip-name{font-weight:bold;margin-bottom:2px}"
    ".sprx-tip th{text-align:left;font-weight:normal;padding-right:8px}"
    ".sprx-tip td{text-align:right;font-weight:bold;white-space:nowrap}"
    ".sprx-tip-text td{text-align:left;white-space:normal}"
)


def tooltip_html(name: str, rows: list[tuple[str, str]], text: bool = False) -> str:
    """A tooltip's HTML (``sprx_map/templates/maps/tooltip.html``): the area's name and its values, every text
    escaped. A figure stays on one line; with ``text`` (values in words, such as an event's day and venue), the
    values wrap as the labels do.

    >>> tooltip_html("A <b>", [("N", "1")])
    '<div class="sprx-tip-name">A &lt;b&gt;</div><table class="sprx-tip"><tr><th>N</th><td>1</td></tr></table>'
    """
    return templates.render("maps/tooltip.html", name=name, rows=rows, text=text)


class AreaLayer(VerbatimMacro):
    """Areas as one Leaflet GeoJSON layer, styled and labelled from their properties.

    Lighter than ``folium.GeoJson``: the features arrive as a ready JSON string
    (geometry cached per level), each with its style and its escaped tooltip.
    """

    style = TOOLTIP_STYLE  # written once in the page's head

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.style }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson({{ this.data }}, {
            style: function (feature) { return feature.properties.style; },
            onEachFeature: function (feature, layer) {
                layer.bindTooltip(feature.properties.tooltip, {sticky: true});
                layer.on({
                    mouseover: function (e) { e.target.setStyle({weight: 3, color: {{ this.highlight|tojson }}}); },
                    mouseout: function (e) { {{ this.get_name() }}.resetStyle(e.target); }
                });
            }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, data: str, highlight: str) -> None:
        super().__init__()
        self._name = "AreaLayer"
        # "</" could close the page's <script> element early; JSON allows "<\/".
        self.data = data.replace("</", "<\\/")
        self.highlight = highlight
