"""An equal-area hex map of the 60 primary care clusters.

On a map of Wales the nine Cardiff clusters are specks; here each cluster is one
equal hexagon, placed roughly where it is, grouped by health board and coloured
with the classes and colours of the choropleth (:mod:`sprx_map.maps`). How the
cells are chosen is told in :func:`layout`.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from pyproj import Transformer

from sprx_map import maps, measures, palette
from sprx_map.charts import FONT
from sprx_map.geography import BNG, Geography
from sprx_map.i18n import t
from sprx_map.measures import WITHHELD, format_measure

SQRT3 = math.sqrt(3)
# Axial neighbours of a pointy-top hexagon, from east anticlockwise; edge k of a hexagon faces NEIGHBOURS[k].
NEIGHBOURS = ((1, 0), (0, 1), (-1, 1), (-1, 0), (0, -1), (1, -1))
WIDTH_HEXES = 10
# Tuned by eye for a compact map without holes; tests check the result.
NORTHING_LINEAR, RELAX_STEPS, SPRING, PULL = 0.7, 300, 0.05, (0.0, 0.035)
# A free cell's bonus per occupied neighbour, in hex units; a notch has NOTCH occupied neighbours.
SNUG, NOTCH = 0.6, 5
# Near-black, then white; pure black only when neither reaches WCAG AA.
TEXT_COLOURS = ("#1a1a1a", "#ffffff", "#000000")
CONNECTIVES = {"a", "and", "y", "yr", "the", "of"}

Cell = tuple[int, int]
Point = tuple[float, float]


def centre(cell: Cell) -> Point:
    """Plot coordinates of an axial cell's centre: neighbours are 1 apart, north is up."""
    return cell[0] + cell[1] / 2, cell[1] * SQRT3 / 2


def _neighbours(cell: Cell) -> list[Cell]:
    return [(cell[0] + dq, cell[1] + dr) for dq, dr in NEIGHBOURS]


def _connected(cells: set[Cell]) -> bool:
    todo, seen = [next(iter(cells))], set()
    while todo:
        cell = todo.pop()
        if cell not in seen:
            seen.add(cell)
            todo += [n for n in _neighbours(cell) if n in cells]
    return seen == cells


def _cost(point: Point, cell: Cell) -> float:
    x, y = centre(cell)
    return (point[0] - x) ** 2 + (point[1] - y) ** 2


def _targets(geo: Geography) -> pd.DataFrame:
    """Seeds scaled to hex units (``seed_x``, ``seed_y``) and the points the cells aim for (``px``, ``py``)."""
    lon, lat = geo.clusters["seed_lon"].to_numpy(), geo.clusters["seed_lat"].to_numpy()
    east, north = Transformer.from_crs("EPSG:4326", BNG, always_xy=True).transform(lon, lat)
    seed = np.column_stack([east - east.mean(), north - north.mean()]) / (np.ptp(east) / (WIDTH_HEXES - 1))
    rank = pd.Series(north).rank().to_numpy()
    rank = (rank - rank.mean()) / np.ptp(rank) * np.ptp(seed[:, 1])
    aim = np.column_stack([seed[:, 0], NORTHING_LINEAR * seed[:, 1] + (1 - NORTHING_LINEAR) * rank])
    points, others = aim.copy(), 1 - np.eye(len(aim))
    for _ in range(RELAX_STEPS):
        apart = points[:, None, :] - points[None, :, :]
        dist = np.hypot(apart[..., 0], apart[..., 1]) + np.eye(len(aim))
        push = (apart / dist[..., None] * (np.clip(1 - dist, 0, None) * others / 2)[..., None]).sum(axis=1)
        points = points + push + SPRING * (aim - points) - np.asarray(PULL) * (points - points.mean(axis=0))
    columns = {"seed_x": seed[:, 0], "seed_y": seed[:, 1], "px": points[:, 0], "py": points[:, 1]}
    return pd.DataFrame(columns, index=geo.clusters.index)


def _grow(points: dict[str, Point], taken: dict[Cell, str], touch: set[str]) -> dict[str, Cell]:
    """One board's connected region, started beside a board in ``touch`` (when one is placed) near its centroid."""
    middle = tuple(np.mean(list(points.values()), axis=0))
    r0 = round(middle[1] / (SQRT3 / 2))
    window = {(round(middle[0] - r0 / 2) + dq, r0 + dr) for dq in range(-3, 4) for dr in range(-3, 4)}
    beside = {n for c, b in taken.items() if b in touch for n in _neighbours(c)}
    for start in sorted((beside or window) - taken.keys(), key=lambda c: (_cost(middle, c), c)):
        todo = dict(points)
        placed = {min(todo, key=lambda cid: (_cost(todo[cid], start), cid)): start}
        del todo[next(iter(placed))]
        while todo:
            used = taken.keys() | set(placed.values())
            free = sorted({n for c in placed.values() for n in _neighbours(c)} - used)
            if not free:  # walled in: try the next start
                break
            snug = {c: SNUG * sum(n in used for n in _neighbours(c)) for c in free}
            _, cid, cell = min((math.sqrt(_cost(p, c)) - snug[c], cid, c) for cid, p in todo.items() for c in free)
            placed[cid] = cell
            del todo[cid]
        if not todo:
            return placed
    raise ValueError("no room left on the grid for a board's clusters")


def _compact(cells: dict[str, Cell], boards: pd.Series) -> dict[str, Cell]:
    """Move clusters from ragged edges into notches and holes, keeping each board and the whole map connected."""
    cells = dict(cells)
    while True:
        occupied, moves = set(cells.values()), []
        for cid, cell in cells.items():
            rest = {c for k, c in cells.items() if boards[k] == boards[cid] and k != cid}
            loss = sum(n in occupied for n in _neighbours(cell))
            for spot in {n for c in rest for n in _neighbours(c)} - occupied:
                around = sum(n in occupied and n != cell for n in _neighbours(spot))
                if around >= NOTCH and around - loss >= 2:
                    moves.append((loss - around, cid, spot, rest))
        for _, cid, spot, rest in sorted(moves, key=lambda m: m[:3]):
            if _connected(rest | {spot}) and _connected(occupied - {cells[cid]} | {spot}):
                cells[cid] = spot
                break
        else:
            return cells


def _swap(points: dict[str, Point], cells: dict[str, Cell], boards: pd.Series) -> dict[str, Cell]:
    """Swap the cells of two clusters of a board while that brings them nearer their points."""
    cells, ids, better = dict(cells), sorted(cells), True
    while better:
        better = False
        for i, a in enumerate(ids):
            for b in (b for b in ids[i + 1 :] if boards[b] == boards[a]):
                now = _cost(points[a], cells[a]) + _cost(points[b], cells[b])
                if _cost(points[a], cells[b]) + _cost(points[b], cells[a]) < now - 1e-9:
                    cells[a], cells[b], better = cells[b], cells[a], True
    return cells


def _board_order(geo: Geography) -> list[tuple[str, set[str]]]:
    """Each board with its placed neighbours: the largest first, then the largest bordering those placed."""
    shapes, sizes = geo.boards.geometry, geo.clusters["hb_code"].value_counts()
    touching = {a: {b for b in shapes.index if b != a and shapes[a].intersects(shapes[b])} for a in shapes.index}
    order: list[tuple[str, set[str]]] = []
    while len(order) < len(shapes):
        placed = {b for b, _ in order}
        left = [b for b in shapes.index if b not in placed]
        board = min([b for b in left if touching[b] & placed] or left, key=lambda b: (-sizes.get(b, 0), b))
        order.append((board, touching[board] & placed))
    return order


def layout(geo: Geography) -> pd.DataFrame:
    """One hexagon per cluster, laid out roughly geographically and grouped by board.

    Seeds are projected to British National Grid and scaled to span
    :data:`WIDTH_HEXES` hexagons from west to east. Few clusters are in the middle
    of Wales, so the northing is partly replaced by its rank, points closer than
    one hexagon push apart, springs pull them back and a weak north-south pull
    closes the gap. Each board in turn (:func:`_board_order`) grows one connected
    region beside a board it borders: each cluster takes the free cell next to
    the region nearest its point, snug cells preferred. Then cells on ragged
    edges fill notches and holes, and clusters of a board swap cells while that
    brings them nearer their points. There is no randomness.

    Returns a frame indexed by ``cluster_id`` with the axial cell ``q``, ``r``,
    its centre ``x``, ``y`` (see :func:`centre`), ``hb_code``, and the seed
    scaled to the same units (``seed_x``, ``seed_y``) to measure how far each moved.

    Examples
    --------
    >>> from sprx_map.geography import load_geography
    >>> frame = layout(load_geography())
    >>> len(frame), len(frame[["q", "r"]].drop_duplicates())
    (60, 60)
    """
    targets = _targets(geo)
    points = {cid: (x, y) for cid, x, y in zip(targets.index, targets["px"], targets["py"], strict=True)}
    boards, taken, cells = geo.clusters["hb_code"], {}, {}
    for board, touch in _board_order(geo):
        placed = _grow({cid: points[cid] for cid in boards.index[boards == board]}, taken, touch)
        taken |= dict.fromkeys(placed.values(), board)
        cells |= placed
    cells = _swap(points, _compact(cells, boards), boards)
    rows = [(*cells[cid], *centre(cells[cid])) for cid in geo.clusters.index]
    frame = pd.DataFrame(rows, index=geo.clusters.index, columns=["q", "r", "x", "y"]).assign(hb_code=boards)
    return frame.join(targets[["seed_x", "seed_y"]])


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
    edge), not zero. ``breaks`` defaults to :func:`sprx_map.maps.class_breaks` of
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
    breaks = maps.class_breaks(values, integer=measures.is_count(measure)) if breaks is None else breaks
    classes = pd.Series([maps.classify(v, breaks) for v in values], index=cells.index, dtype=object)
    hidden = pd.Series("", index=cells.index) if withheld is None else withheld.reindex(cells.index).fillna("")
    if measure not in WITHHELD:
        hidden[:] = ""
    classes[hidden != ""] = maps.WITHHELD
    absent = cells.index.isin(list(no_return))
    classes[absent] = NO_RETURN
    zero = bool((classes == 0).any())
    entries = maps.legend_entries(breaks, measure, lang, zero=zero)
    keys = [*([0] if zero else []), *range(1, len(breaks) + 1), None]
    if (hidden != "").any():
        entries.insert(-1, (palette.WITHHELD_FILL, t("map.withheld", lang)))
        keys.insert(-1, maps.WITHHELD)
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
