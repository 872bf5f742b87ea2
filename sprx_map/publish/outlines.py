"""Area outlines for SVG: each level projected to British National Grid, simplified, written as path data.

Coordinates are whole tens of metres from the north-west corner of Wales
(x east, y south, as SVG counts), so a path is short, the same on every build,
and a map's ``viewBox`` is a box in those units. Each level is simplified as
one coverage, so neighbours keep sharing exactly the same edges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from sprx_map.geo.geography import BNG, LEVELS, Geography

UNIT_M = 10  # one SVG unit is ten metres
TOLERANCE_M = 100  # simplification: finer than a pixel of a map of Wales, coarse enough to keep pages small
Box = tuple[int, int, int, int]  # min x, min y, max x, max y in SVG units


@dataclass(frozen=True)
class Outlines:
    """Every area's path data and bounding box, by level, in the units of :data:`UNIT_M`."""

    paths: dict[str, dict[str, str]]  # level -> area code -> SVG path data
    boxes: dict[str, dict[str, Box]]  # level -> area code -> its bounding box
    extent: Box  # all of Wales

    def box_of(self, level: str, codes: list[str]) -> Box:
        """The box around the areas ``codes`` of ``level``."""
        boxes = [self.boxes[level][code] for code in codes]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )

    def within(self, level: str, frame: Box) -> list[str]:
        """Codes of the areas of ``level`` whose box meets ``frame``, in geography order."""
        x0, y0, x1, y1 = frame
        return [c for c, (a, b, c2, d) in self.boxes[level].items() if a <= x1 and c2 >= x0 and b <= y1 and d >= y0]


def outlines(geo: Geography, tolerance_m: float = TOLERANCE_M) -> Outlines:
    """The outlines of every level of ``geo`` (see the module's docstring).

    >>> from sprx_map.geo.geography import load_geography
    >>> o = outlines(load_geography())
    >>> sorted(o.paths), len(o.paths["cluster"]), o.paths["health_board"]["W11000024"][:1]
    (['cluster', 'health_board', 'local_authority'], 60, 'M')
    """
    projected = {level: geo.layer(level).to_crs(BNG) for level in LEVELS}
    x0, _, _, y1 = projected["health_board"].total_bounds
    for level in LEVELS[1:]:
        bx0, _, _, by1 = projected[level].total_bounds
        x0, y1 = min(x0, bx0), max(y1, by1)
    paths, boxes = {}, {}
    for level, layer in projected.items():
        shapes = _simplified(layer.geometry.values, tolerance_m)
        paths[level], boxes[level] = {}, {}
        for code, shape in zip(layer.index, shapes, strict=True):
            rings = _rings(shape, x0, y1)
            paths[level][str(code)] = "".join(_ring_path(ring) for ring in rings)
            points = np.concatenate(rings) if rings else np.zeros((1, 2), dtype=np.int64)
            boxes[level][str(code)] = (*(int(v) for v in points.min(axis=0)), *(int(v) for v in points.max(axis=0)))
    every = [b for level in boxes.values() for b in level.values()]
    extent = (min(b[0] for b in every), min(b[1] for b in every), max(b[2] for b in every), max(b[3] for b in every))
    return Outlines(paths, boxes, extent)


def _simplified(shapes: np.ndarray, tolerance_m: float) -> np.ndarray:
    """The shapes simplified together (shared edges stay shared); one by one when they are not a clean coverage."""
    try:
        if shapely.coverage_is_valid(shapes):
            return shapely.coverage_simplify(shapes, tolerance_m, simplify_boundary=True)
    except shapely.errors.GEOSException:  # an official overlay that is not a clean coverage
        pass
    return shapely.simplify(shapes, tolerance_m, preserve_topology=True)


def _rings(shape, x0: float, y1: float) -> list[np.ndarray]:
    """Every ring of ``shape`` (exteriors and holes) in SVG units, repeated points dropped."""
    rings = []
    for polygon in shapely.get_parts(shape):
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            xy = shapely.get_coordinates(ring)
            points = np.column_stack(((xy[:, 0] - x0) / UNIT_M, (y1 - xy[:, 1]) / UNIT_M)).round().astype(np.int64)
            keep = np.ones(len(points), dtype=bool)
            keep[1:] = (np.diff(points, axis=0) != 0).any(axis=1)
            points = points[keep]
            if len(points) >= 4:  # a closed ring of at least three corners
                rings.append(points[:-1])
    return rings


def _ring_path(points: np.ndarray) -> str:
    """One closed ring as path data: ``M x y x y ... Z`` (the pairs after the first are implied lines)."""
    return "M" + " ".join(f"{x} {y}" for x, y in points.tolist()) + "Z"


def frame_around(box: Box, extent: Box, margin: float = 0.35, least: int = 1_500) -> Box:
    """A frame around ``box`` with a margin (a share of its size, at least ``least`` units on each side),
    kept within ``extent`` where it fits: what a locator map shows around its area."""
    x0, y0, x1, y1 = box
    pad_x = max(int((x1 - x0) * margin), least)
    pad_y = max(int((y1 - y0) * margin), least)
    return (
        max(x0 - pad_x, extent[0]),
        max(y0 - pad_y, extent[1]),
        min(x1 + pad_x, extent[2]),
        min(y1 + pad_y, extent[3]),
    )
