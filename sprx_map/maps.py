"""Folium map builders that draw with no internet.

Leaflet comes from the app's own ``static/leaflet`` (served by Streamlit at
``/app/static``), there are no basemap tiles unless asked for, and no element
that would make streamlit-folium fetch a script from a CDN (no branca colour
maps: colours are worked out here and the legend is plain HTML). Every text
that reaches a tooltip or the legend is HTML-escaped, because Leaflet inserts
it as HTML, and its braces too: folium reads what its elements write as a
Jinja template once more, so an area named ``{{ ... }}`` would otherwise be
evaluated. The elements here write their text as it is (:class:`Verbatim`).
"""

from __future__ import annotations

import html
import json
import math

import folium
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from sprx_map import PROJECT_DIR, palette
from sprx_map.geography import Geography
from sprx_map.i18n import t
from sprx_map.measures import format_measure, is_count, is_withheld
from sprx_map.metrics import NO_RETURN

# Relative to the streamlit-folium iframe (<base>/component/streamlit_folium.st_folium/),
# so it resolves to <base>/app/static/... under any server.baseUrlPath.
STATIC_URL = "../../app/static"
LEAFLET_JS = [("leaflet", f"{STATIC_URL}/leaflet/leaflet.js")]
LEAFLET_CSS = [("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css")]
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
MAX_CLASSES = 5


class OfflineMap(folium.Map):
    """A folium map that loads only Leaflet, from the app itself."""

    default_js = LEAFLET_JS
    default_css = LEAFLET_CSS


def escape(text: object) -> str:
    """``text`` escaped for HTML, braces included (as character references: they show as braces).

    >>> escape("<b>{{ 7*7 }}</b>")
    '&lt;b&gt;&#123;&#123; 7*7 &#125;&#125;&lt;/b&gt;'
    """
    return html.escape(str(text)).replace("{", "&#123;").replace("}", "&#125;")


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


def class_breaks(values: pd.Series, k: int = MAX_CLASSES, integer: bool = False) -> list[float]:
    """Upper bounds of up to ``k`` classes of the positive values (quantiles).

    Zero is its own class when present, so areas with none stand out; missing
    values are "no data". With ``integer`` (counts) the bounds are whole numbers,
    so no class is empty.

    >>> class_breaks(pd.Series([0, 10, 20, 30, 40, 50, 60]), k=5)
    [20.0, 30.0, 40.0, 50.0, 60.0]
    """
    positive = values.dropna()
    positive = positive[positive > 0]
    if positive.empty:
        return []
    data = np.sort(positive.to_numpy(dtype=float))
    distinct = np.unique(data)
    if len(distinct) <= k:
        return [float(v) for v in distinct]
    quantiles = np.quantile(data, np.linspace(0, 1, k + 1)[1:])
    if integer:
        candidates = sorted({float(math.ceil(q - 1e-9)) for q in quantiles})
    else:
        candidates = sorted({round(float(q), 9) for q in quantiles})
    # Keep only bounds whose class holds at least one value.
    breaks, lower = [], 0.0
    for upper in candidates:
        if ((data > lower) & (data <= upper)).any():
            breaks.append(upper)
            lower = upper
    return breaks


WITHHELD = "withheld"  # the class of an area whose figure is withheld (disclosure control)


def classify(value: float, breaks: list[float]) -> int | None:
    """Class index of ``value``: 0 for zero, 1.. for positive classes, None for no data."""
    if value is None or pd.isna(value):
        return None
    if value <= 0:
        return 0
    return 1 + min(int(np.searchsorted(breaks, value, side="left")), len(breaks) - 1)


def diverging_classes(values: pd.Series, integer: bool = False) -> tuple[list[float], list[float]]:
    """Class bounds of the decreases and the increases, each as :func:`class_breaks` of its size (3 at most)."""
    return (
        class_breaks(-values[values < 0], k=3, integer=integer),
        class_breaks(values[values > 0], k=3, integer=integer),
    )


def diverging_fill(value: float, down: list[float], up: list[float]) -> str | None:
    """The fill of a change: purples for fewer, greens for more, near-white for none; None for no data."""
    if value is None or pd.isna(value):
        return None
    middle = len(palette.DIVERGING) // 2
    if value == 0:
        return palette.DIVERGING[middle]
    bounds, sign = (up, 1) if value > 0 else (down, -1)
    cls = min(int(np.searchsorted(bounds, abs(value), side="left")), len(bounds) - 1)
    # With fewer than 3 classes, use the stronger colours.
    return palette.DIVERGING[middle + sign * (cls + 1 + 3 - len(bounds))]


def diverging_entries(down: list[float], up: list[float], measure: str, lang: str) -> list[tuple[str, str]]:
    """(colour, label) pairs for a change legend: biggest fall first, then none, then rises, then no data."""
    entries, middle = [], len(palette.DIVERGING) // 2
    for bounds, sign, key in ((down, -1, "map.decrease"), (up, 1, "map.increase")):
        rows, lower = [], 0.0
        for cls, upper in enumerate(bounds):
            low, high = format_measure(lower, measure, lang), format_measure(upper, measure, lang)
            colour = palette.DIVERGING[middle + sign * (cls + 1 + 3 - len(bounds))]
            rows.append((colour, t(key, lang, low=low, high=high)))
            lower = upper
        entries += rows[::-1] if sign < 0 else rows
        if sign < 0:
            entries.append((palette.DIVERGING[middle], t("map.no_change", lang)))
    entries.append((palette.NO_DATA_FILL, t("map.no_data", lang)))
    return entries


def colours(n_positive: int) -> list[str]:
    """Zero's colour then ``n_positive`` colours, light to dark."""
    if n_positive == 0:
        return [palette.SEQUENTIAL[0]]
    step = (len(palette.SEQUENTIAL) - 1) / n_positive
    return [palette.SEQUENTIAL[0]] + [palette.SEQUENTIAL[round(step * (i + 1))] for i in range(n_positive)]


def legend_entries(breaks: list[float], measure: str, lang: str, zero: bool = True) -> list[tuple[str, str]]:
    """(colour, label) pairs for the legend (zero's only when ``zero``), ending with "no data"."""
    fills = colours(len(breaks))
    entries = [(fills[0], "0")] if zero else []
    integer = is_count(measure)
    lower = 0.0
    for colour, upper in zip(fills[1:], breaks, strict=True):
        high = format_measure(upper, measure, lang)
        if integer:
            low = format_measure(lower + 1, measure, lang)
            label = high if low == high else t("map.class_int_range", lang, low=low, high=high)
        else:
            label = t("map.class_range", lang, low=format_measure(lower, measure, lang), high=high)
        entries.append((colour, label))
        lower = upper
    entries.append((palette.NO_DATA_FILL, t("map.no_data", lang)))
    return entries


def legend_html(title: str, entries: list[tuple[str, str]], note: str | None = None) -> str:
    """The legend's HTML; every text escaped."""
    rows = []
    for colour, label in entries:
        border = {
            palette.NO_DATA_FILL: f"1px dashed {palette.NO_DATA_STROKE}",
            palette.NO_RETURN_FILL: f"2px dotted {palette.NO_RETURN_STROKE}",
        }.get(colour, f"1px solid {palette.BOUNDARY}")
        rows.append(
            f'<div style="display:flex;align-items:center;gap:6px;margin:2px 0">'
            f'<span style="display:inline-block;width:18px;height:14px;background:{colour};border:{border}"></span>'
            f"<span>{escape(label)}</span></div>"
        )
    note_html = f'<div style="margin-top:4px;max-width:220px;font-style:italic">{escape(note)}</div>' if note else ""
    return (
        '<div style="background:rgba(255,255,255,0.95);padding:8px 10px;border-radius:4px;'
        'box-shadow:0 1px 4px rgba(0,0,0,0.3);font:13px/1.3 sans-serif;color:#1a1a1a">'
        f'<div style="font-weight:bold;margin-bottom:4px">{escape(title)}</div>{"".join(rows)}{note_html}</div>'
    )


# The tooltips' look, in the page's head (see AreaLayer) rather than in every tooltip.
TOOLTIP_STYLE = (
    ".sprx-tip-name{font-weight:bold;margin-bottom:2px}"
    ".sprx-tip th{text-align:left;font-weight:normal;padding-right:8px}"
    ".sprx-tip td{text-align:right;font-weight:bold}"
)


def tooltip_html(name: str, rows: list[tuple[str, str]]) -> str:
    """A tooltip's HTML: the area's name and its values, every text escaped.

    >>> tooltip_html("A <b>", [("N", "1")])
    '<div class="sprx-tip-name">A &lt;b&gt;</div><table class="sprx-tip"><tr><th>N</th><td>1</td></tr></table>'
    """
    cells = "".join(f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>" for label, value in rows)
    return f'<div class="sprx-tip-name">{escape(name)}</div><table class="sprx-tip">{cells}</table>'


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


def area_map(
    geo: Geography,
    table: pd.DataFrame,
    level: str,
    measure: str,
    lang: str = "en",
    *,
    tooltip_measures: tuple[str, ...] = (),
    selected: str | None = None,
    focus: list[str] | None = None,
    basemap: bool = False,
    diverging: bool = False,
    measure_label: str | None = None,
) -> folium.Map:
    """A classed choropleth of ``measure`` for the areas of ``level``.

    ``table`` is :func:`sprx_map.metrics.area_table` output indexed by area
    code; areas missing from it are drawn as "no data" (white, dashed edge), which
    is not the same as zero. ``focus`` (area codes) sets the initial view;
    ``selected`` is outlined. ``diverging`` colours a change: purples for
    fewer, greens for more.

    >>> from sprx_map.geography import load_geography
    >>> feature_count(area_map(load_geography(), pd.DataFrame({"referrals": []}), "cluster", "referrals"))
    60
    """
    layer = geo.layer(level)
    values = table[measure].reindex(layer.index) if measure in table else pd.Series(np.nan, index=layer.index)
    breaks = class_breaks(values, integer=is_count(measure))
    fills = colours(len(breaks))
    if diverging:
        down, up = diverging_classes(values, integer=is_count(measure))
    names = layer["name_cy" if lang == "cy" else "name_en"]
    shown = (measure, *[x for x in tooltip_measures if x != measure])
    labels = [t(f"measure.{m}", lang) for m in shown]
    if measure_label is not None:  # e.g. a user's indicator, named by its file
        labels[0] = measure_label
    no_data = t("map.no_data", lang)
    geometry = geo.geometry_json(level)
    features = []
    hidden = _withheld(table, layer.index).to_dict()
    absent = table[NO_RETURN].reindex(layer.index).fillna(False).to_dict() if NO_RETURN in table else {}
    no_return = t("map.no_return", lang)
    # Plain dicts: looking cells up one by one in the frames costs more than the rest of the map.
    cells, point, area_names = table.reindex(columns=list(shown)).to_dict("index"), values.to_dict(), names.to_dict()
    for code in layer.index:
        if absent.get(code):
            fill = palette.NO_RETURN_FILL
        elif hidden[code] and is_withheld(measure):
            fill = palette.WITHHELD_FILL
        elif diverging:
            fill = diverging_fill(point[code], down, up)
        else:
            cls = classify(point[code], breaks)
            fill = None if cls is None else fills[cls]
        if absent.get(code):
            tip_rows = [(labels[0], no_return)]
        elif code in cells:
            row, state = cells[code], hidden[code]
            tip_rows = [(lbl, format_measure(row[m], m, lang, state)) for lbl, m in zip(labels, shown, strict=True)]
        else:
            tip_rows = [(labels[0], no_data)]
        properties = {
            "code": str(code),
            "style": _style(fill, code == selected),
            "tooltip": tooltip_html(str(area_names[code]), tip_rows),
        }
        features.append(f'{{"type":"Feature","geometry":{geometry[code]},"properties":{json.dumps(properties)}}}')
    collection = '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"

    m = OfflineMap(
        location=[52.35, -3.8],
        zoom_start=7,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        zoom_snap=0.25,
        zoom_delta=0.5,
    )
    if basemap:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap", max_zoom=19).add_to(m)
    AreaLayer(collection, palette.SELECTED).add_to(m)
    note = t("app.indicative_clusters", lang) if level == "cluster" else None
    if diverging:
        entries = diverging_entries(down, up, measure, lang)
    else:
        entries = legend_entries(breaks, measure, lang, zero=bool((values == 0).any()))
    if is_withheld(measure) and any(hidden.values()):
        entries.insert(-1, (palette.WITHHELD_FILL, t("map.withheld", lang)))
    if any(absent.values()):
        entries.insert(-1, (palette.NO_RETURN_FILL, no_return))
    Legend(legend_html(labels[0], entries, note)).add_to(m)
    bounds = (layer.loc[focus] if focus else layer).total_bounds
    m.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    return m


def _withheld(table: pd.DataFrame, index: pd.Index) -> pd.Series:
    """Each area's disclosure-control state ("" when shown), from the table's ``suppressed`` column."""
    if "suppressed" not in table:
        return pd.Series("", index=index)
    return table["suppressed"].reindex(index).fillna("")


def _style(fill: str | None, selected: bool) -> dict:
    """An area's style: its fill, or "no data" (white, dashed edge) when ``fill`` is None."""
    if fill is None:
        style = {
            "fillColor": palette.NO_DATA_FILL,
            "fillOpacity": 1.0,
            "color": palette.NO_DATA_STROKE,
            "weight": 0.8,
            "dashArray": "4 3",
        }
    elif fill == palette.NO_RETURN_FILL:  # dotted, so it is told apart without its colour
        style = {
            "fillColor": fill,
            "fillOpacity": 1.0,
            "color": palette.NO_RETURN_STROKE,
            "weight": 1.2,
            "dashArray": "1 3",
        }
    else:  # withheld grey is drawn solid, so it never looks like a pale class
        opacity = 1.0 if fill == palette.WITHHELD_FILL else 0.9
        style = {"fillColor": fill, "fillOpacity": opacity, "color": palette.BOUNDARY, "weight": 0.8}
    if selected:
        style.update({"color": palette.SELECTED, "weight": 3})
    return style


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
    are shown above the map and escaped.
    """
    page = map_html(m)
    leaflet = PROJECT_DIR / "static" / "leaflet"
    script = (leaflet / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    style = (leaflet / "leaflet.css").read_text(encoding="utf-8")
    for url, inline in (
        (f'<script src="{LEAFLET_JS[0][1]}"></script>', f"<script>{script}</script>"),
        (f'<link rel="stylesheet" href="{LEAFLET_CSS[0][1]}"/>', f"<style>{style}</style>"),
    ):
        if url not in page:
            raise ValueError(f"the map no longer loads Leaflet as {url}")
        page = page.replace(url, inline)
    header = (
        f'<header style="font:15px/1.4 sans-serif;color:#111;padding:8px 12px">'
        f'<h1 style="font-size:20px;margin:0 0 4px">{html.escape(title)}</h1>'
        + "".join(f'<p style="margin:2px 0">{html.escape(note)}</p>' for note in notes)
        + "</header>"
    )
    page = page.replace("<head>", f"<head>\n    <title>{html.escape(title)}</title>", 1)
    page = page.replace("<html>", f'<html lang="{"cy" if lang == "cy" else "en"}">', 1)
    return page.replace("<body>", f"<body>\n{header}", 1)
