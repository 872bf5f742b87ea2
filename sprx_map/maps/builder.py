"""The choropleth: one measure at one level, drawn with the elements and classes of this package."""

from __future__ import annotations

import json

import folium
import numpy as np
import pandas as pd

from sprx_map import measures, palette
from sprx_map.geo.geography import Geography
from sprx_map.i18n import t
from sprx_map.maps.classes import shading
from sprx_map.maps.elements import OSM_ATTRIBUTION, OSM_TILES, AreaLayer, Legend, OfflineMap, legend_html, tooltip_html
from sprx_map.maps.markers import event_markers
from sprx_map.measures import format_measure, reported_of
from sprx_map.metrics import NO_RETURN, ONWARD_SUPPRESSED, SUPPRESSED


def area_map(
    geo: Geography,
    table: pd.DataFrame,
    level: str,
    measure: str,
    lang: str = "en",
    *,
    tooltip_measures: tuple[str, ...] = (),
    selected: str | None = None,
    focus: list[str] | tuple[str, ...] | None = None,
    basemap: bool = False,
    diverging: bool = False,
    measure_label: str | None = None,
    legend_room: int = 0,
    events: tuple = (),
) -> folium.Map:
    """A classed choropleth of ``measure`` for the areas of ``level``.

    ``table`` is :func:`sprx_map.metrics.area_table` output indexed by area
    code; areas missing from it are drawn as "no data" (white, dashed edge), which
    is not the same as zero. ``focus`` (area codes) sets the initial view;
    ``selected`` is outlined; ``legend_room`` (pixels) keeps the areas that far left of the
    map's right edge, so the legend does not lie over them. ``diverging`` colours a change: purples for
    fewer, greens for more. ``events`` (:class:`sprx_map.events.Event`) are marked at their boards
    (:func:`sprx_map.maps.markers.event_markers`).

    >>> from sprx_map.geo.geography import load_geography
    >>> from sprx_map.maps.offline import feature_count
    >>> feature_count(area_map(load_geography(), pd.DataFrame({"referrals": []}), "cluster", "referrals"))
    60
    """
    layer = geo.layer(level)
    values = table[measure].reindex(layer.index) if measure in table else pd.Series(np.nan, index=layer.index)
    names = layer["name_cy" if lang == "cy" else "name_en"]
    shown = (measure, *[x for x in tooltip_measures if x != measure])
    labels = [t(f"measure.{m}", lang) for m in shown]
    if measure_label is not None:  # e.g. a user's indicator, named by its file
        labels[0] = measure_label
    no_data = t("map.no_data", lang)
    geometry = geo.geometry_json(level)
    features = []
    hidden = _withheld(table, layer.index).to_dict()
    states = {state: _withheld(table, layer.index, state).to_dict() for state in (SUPPRESSED, ONWARD_SUPPRESSED)}
    # What each area's figures rest on, beside them: "Current projects reporting referrals: 3 of 8".
    reporting = {k: t(f"measure.{k}", lang) for k in measures.REPORTING if k in table}
    completeness = table.reindex(columns=["projects_current", *reporting]).to_dict("index") if reporting else {}
    absent = table[NO_RETURN].reindex(layer.index).fillna(False).to_dict() if NO_RETURN in table else {}
    no_return = t("map.no_return", lang)
    shaded = shading(values, hidden, absent, measure, lang, diverging)
    # Plain dicts: looking cells up one by one in the frames costs more than the rest of the map.
    cells, area_names = table.reindex(columns=list(shown)).to_dict("index"), names.to_dict()
    for code in layer.index:
        fill = shaded.fills[code]
        if absent.get(code):
            tip_rows = [(labels[0], no_return)]
        elif code in cells:
            row = cells[code]
            tip_rows = [
                (lbl, format_measure(row[m], m, lang, states[measures.state_of(m)][code]))
                for lbl, m in zip(labels, shown, strict=True)
            ]
            tip_rows += [(reporting[k], text) for k, text in _completeness(completeness.get(code), lang)]
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
    Legend(legend_html(labels[0], shaded.entries, note)).add_to(m)
    event_markers(m, list(events), geo, lang)
    bounds = (layer.loc[list(focus)] if focus else layer).total_bounds
    room = {"padding_bottom_right": (legend_room, 0)} if legend_room else {}
    m.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]], **room)
    return m


def _withheld(table: pd.DataFrame, index: pd.Index, state: str = SUPPRESSED) -> pd.Series:
    """Each area's disclosure-control state ("" when shown), from the table's ``state`` column."""
    if state not in table:
        return pd.Series("", index=index)
    return table[state].reindex(index).fillna("")


def _completeness(row: dict | None, lang: str) -> list[tuple[str, str]]:
    """An area's completeness rows for its tooltip: each reporting measure in words, marked when under half."""
    if not row:
        return []
    current = row.get("projects_current")
    out = []
    for key in measures.REPORTING:
        if key in row:
            text = reported_of(row[key], current, lang, marked=True)
            if text is not None:
                out.append((key, text))
    return out


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
