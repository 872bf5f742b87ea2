"""The equal-area hex map: each cluster one hexagon of the grid (:mod:`sprx_map.geo.hexgrid`), coloured
with the classes and colours of the choropleth (:mod:`sprx_map.maps.classes`)."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from sprx_map import measures, palette
from sprx_map.charts import FONT
from sprx_map.geo.geography import Geography
from sprx_map.geo.hexgrid import NEIGHBOURS, SQRT3, Cell, Point, centre, layout
from sprx_map.i18n import t
from sprx_map.maps.classes import WITHHELD, class_breaks, classify, legend_entries
from sprx_map.measures import format_measure, is_withheld

# Near-black, then white; pure black only when neither reaches WCAG AA.
TEXT_COLOURS = ("#1a1a1a", "#ffffff", "#000000")
CONNECTIVES = {"a", "and", "y", "yr", "the", "of"}


def abbreviations(names: pd.Series) -> pd.Series:
    """Short labels for hexagons, unique among ``names``: initials, longer where names clash.

    >>> abbreviations(pd.Series(["Cardiff East", "Conwy East", "Anglesey"])).tolist()
    ['CaE', 'CoE', 'Ang']
    """
    words = {k: [w for w in re.findall(r"\w+", str(n)) if w.casefold() not in CONNECTIVES] for k, n in names.items()}
    words = {k: ws or [str(names[k])] for k, ws in words.items()}
    sizes = {k: [3 if len(ws) == 1 else 1] + [1] * (len(ws) - 1) for k, ws in words.items()}
    for _ in range(12):
        labels = {k: "".join(w[:n] for w, n in zip(words[k], sizes[k], strict=True)) for k in words}
        groups: dict[str, list] = {}
        for k, label in labels.items():
            groups.setdefault(label.casefold(), []).append(k)
        clashes = [group for group in groups.values() if len(group) > 1]
        for group in clashes:  # lengthen the word that best tells the clashing names apart
            j = max(range(max(len(sizes[k]) for k in group)), key=lambda j: (_split(words, sizes, group, j), -j))
            for k in (k for k in group if j < len(sizes[k])):
                sizes[k][j] += 1
    for group in clashes:  # names that no lengthening tells apart get numbers
        labels |= {k: f"{labels[k]}{i}" for i, k in enumerate(group, start=1)}
    return pd.Series(labels).reindex(names.index)


def _split(words: dict, sizes: dict, group: list, j: int) -> tuple[int, int]:
    """How many labels ``group`` would have with word ``j`` one letter longer, and its spellings of word ``j``."""
    longer = {k: [n + (i == j) for i, n in enumerate(sizes[k])] for k in group}
    labels = {"".join(w[:n] for w, n in zip(words[k], longer[k], strict=True)).casefold() for k in group}
    return len(labels), len({words[k][j].casefold() if j < len(words[k]) else "" for k in group})


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours, from 1 to 21."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour(fill: str) -> str:
    """The first of :data:`TEXT_COLOURS` readable on ``fill`` (WCAG AA, 4.5:1), else the most readable."""
    readable = [c for c in TEXT_COLOURS if contrast(c, fill) >= 4.5]
    return readable[0] if readable else max(TEXT_COLOURS, key=lambda c: contrast(c, fill))


def _escape(text: object) -> str:
    # Plotly reads tags in text and turns &lt; &gt; &amp; back into characters, but shows &quot; as it is.
    return html.escape(str(text), quote=False)


def _names(geo: Geography, lang: str, names: pd.Series | None) -> pd.Series:
    default = geo.clusters["name_cy" if lang == "cy" else "name_en"]
    return default if names is None else names.reindex(default.index).fillna(default)


def _corners(cell: Cell) -> list[Point]:
    """The hexagon's corners from -30 degrees anticlockwise, back to the first: edge k is corners k to k+1."""
    x, y = centre(cell)
    return [(x + math.cos(math.radians(a)) / SQRT3, y + math.sin(math.radians(a)) / SQRT3) for a in range(-30, 331, 60)]


def _paths(shapes: Iterable[list[Point]]) -> tuple[list, list]:
    """x and y of many paths for one trace, separated by None."""
    xs, ys = [], []
    for shape in shapes:
        xs += [x for x, _ in shape] + [None]
        ys += [y for _, y in shape] + [None]
    return xs or [None], ys or [None]


NO_RETURN = "no_return"  # the class of a cluster whose board has not returned


def hex_figure(
    geo: Geography,
    values: pd.Series,
    measure: str,
    lang: str = "en",
    *,
    title: str,
    breaks: list[float] | None = None,
    names: pd.Series | None = None,
    cells: pd.DataFrame | None = None,
    height: int = 620,
    withheld: pd.Series | None = None,
    no_return: list[str] | tuple[str, ...] = (),
) -> go.Figure:
    """The hex map of ``values`` (indexed by ``cluster_id``) in the classes and colours of the choropleth.

    Clusters missing from ``values`` or NaN are "no data" (white, dotted grey
    edge), not zero. ``breaks`` defaults to :func:`sprx_map.class_breaks` of
    ``values``; pass the map's to share its classes. ``names`` overrides cluster
    names; ``cells`` is :func:`layout` output, for callers that cache it. Traces:
    one per legend entry, the boards' outlines, then the labels with the hover text.
    ``withheld`` (cluster_id -> "primary", "secondary" or "") greys out the
    clusters whose figure is withheld for disclosure control, as the map does;
    ``no_return`` clusters (their board has not returned) are drawn as the map's
    "no return", with a dotted edge and a legend entry.
    """
    cells = layout(geo) if cells is None else cells
    values = values.reindex(cells.index).astype(float)
    breaks = class_breaks(values, integer=measures.is_count(measure)) if breaks is None else breaks
    classes = pd.Series([classify(v, breaks) for v in values], index=cells.index, dtype=object)
    hidden = pd.Series("", index=cells.index) if withheld is None else withheld.reindex(cells.index).fillna("")
    if not is_withheld(measure):
        hidden[:] = ""
    classes[hidden != ""] = WITHHELD
    absent = cells.index.isin(list(no_return))
    classes[absent] = NO_RETURN
    zero = bool((classes == 0).any())
    entries = legend_entries(breaks, measure, lang, zero=zero)
    keys = [*([0] if zero else []), *range(1, len(breaks) + 1), None]
    if (hidden != "").any():
        entries.insert(-1, (palette.WITHHELD_FILL, t("map.withheld", lang)))
        keys.insert(-1, WITHHELD)
    if absent.any():
        entries.insert(-1, (palette.NO_RETURN_FILL, t("map.no_return", lang)))
        keys.insert(-1, NO_RETURN)
    at = {cid: (q, r) for cid, q, r in zip(cells.index, cells["q"], cells["r"], strict=True)}
    fig = go.Figure()
    for rank, (key, (colour, label)) in enumerate(zip(keys, entries, strict=True)):
        members = classes.isna() if key is None else classes.map(lambda c, k=key: c is not None and c == k)
        xs, ys = _paths(_corners(at[cid]) for cid in classes.index[members.astype(bool)])
        edge = (
            dict(color=palette.NO_DATA_STROKE, width=1, dash="dot")
            if key is None
            else dict(color=palette.NO_RETURN_STROKE, width=1.5, dash="dot")
            if key == NO_RETURN
            else dict(color="white", width=1)
        )
        style = dict(mode="lines", fill="toself", fillcolor=colour, line=edge, legendrank=rank, hoverinfo="skip")
        fig.add_trace(go.Scatter(x=xs, y=ys, name=_escape(label), **style))
    board_at = {at[cid]: board for cid, board in cells["hb_code"].items()}
    xs, ys = _paths(
        _corners(cell)[k : k + 2]
        for cell, board in board_at.items()
        for k, (dq, dr) in enumerate(NEIGHBOURS)
        if board_at.get((cell[0] + dq, cell[1] + dr)) != board
    )
    line = dict(color=palette.BOUNDARY, width=2.5)
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=line, hoverinfo="skip", showlegend=False))
    shown, boards = _names(geo, lang, names), geo.area_names("health_board", lang)
    measure_name = t(f"measure.{measure}", lang)
    hover = [
        f"<b>{_escape(shown[cid])}</b><br>{_escape(boards[cells.at[cid, 'hb_code']])}<br>{_escape(measure_name)}: "
        + _escape(
            t("map.no_return", lang)
            if classes[cid] == NO_RETURN
            else format_measure(v, measure, lang, hidden[cid])
            if hidden[cid] or not pd.isna(v)
            else t("map.no_data", lang)
        )
        for cid, v in values.items()
    ]
    labels = abbreviations(shown)
    sizes = [11 if len(a) <= 4 else 9 if len(a) <= 6 else 8 for a in labels]  # long Welsh labels still fit
    font = dict(color=[text_colour(entries[keys.index(c)][0]) for c in classes], size=sizes)
    text = dict(mode="text", text=[_escape(a) for a in labels], textfont=font, showlegend=False)
    text |= dict(hovertext=hover, hoverinfo="text", customdata=list(cells.index))
    fig.add_trace(go.Scatter(x=cells["x"], y=cells["y"], **text))
    fig.update_layout(title=dict(text=_escape(title), x=0, xanchor="left"), font=FONT, height=height)
    fig.update_layout(margin=dict(l=10, r=10, t=60, b=10), plot_bgcolor="white", paper_bgcolor="white")
    legend = dict(title=dict(text=_escape(measure_name)), itemclick=False, itemdoubleclick=False)
    fig.update_layout(legend=legend, hoverlabel=dict(font_size=14))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    return fig
