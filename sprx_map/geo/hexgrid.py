"""Where each cluster sits on an equal-area hex grid of the primary care clusters.

On a map of Wales the nine Cardiff clusters are specks; here each cluster is one
equal hexagon, placed roughly where it is, grouped by health board and coloured
with the classes and colours of the choropleth (:mod:`sprx_map.maps`). How the
cells are chosen is told in :func:`layout`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from pyproj import Transformer

from sprx_map.geo.geography import BNG, Geography

SQRT3 = math.sqrt(3)
# Axial neighbours of a pointy-top hexagon, from east anticlockwise; edge k of a hexagon faces NEIGHBOURS[k].
NEIGHBOURS = ((1, 0), (0, 1), (-1, 1), (-1, 0), (0, -1), (1, -1))
WIDTH_HEXES = 10
# Tuned by eye for a compact map without holes; tests check the result.
NORTHING_LINEAR, RELAX_STEPS, SPRING, PULL = 0.7, 300, 0.05, (0.0, 0.035)
# A free cell's bonus per occupied neighbour, in hex units; a notch has NOTCH occupied neighbours.
SNUG, NOTCH = 0.6, 5

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
    >>> from sprx_map.geo.geography import load_geography
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
