"""Polygon coverages: areas that tile a region, kept tiling while they are mended and simplified.

The steps official boundaries go through before display, all in British National
Grid (metres): repair invalid polygons, dissolve pieces into areas, clean the
coverage so neighbours share exactly the same edges (no slivers or overlaps),
then simplify all areas together so that shared edges stay shared.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from sprx_map.geo.geography import AREA_TOLERANCE_M2, BNG


def repair(geoms: np.ndarray, which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``geoms`` reduced to their polygons, the invalid ones among ``which`` made valid first.

    Returns the geometries and a mask of those that were repaired. Missing
    geometries become empty polygons.

    >>> bowtie = shapely.from_wkt("POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))")
    >>> fixed, repaired = repair(np.array([bowtie, None]), np.array([True, True]))
    >>> fixed[0].geom_type, fixed[0].area, fixed[1].is_empty, repaired.tolist()
    ('MultiPolygon', 2.0, True, [True, False])
    """
    repaired = which & ~shapely.is_valid(geoms) & ~shapely.is_missing(geoms)
    fixed = geoms.copy()
    fixed[repaired] = shapely.make_valid(geoms[repaired], method="structure", keep_collapsed=False)
    return np.array([polygonal(g) for g in fixed], dtype=object), repaired


def polygonal(geom) -> shapely.Geometry:
    """The polygons of ``geom``: lines and points dropped, an empty polygon when none is left."""
    if geom is None or geom.is_empty:
        return shapely.Polygon()
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polygons = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polygons) if polygons else shapely.Polygon()


def dissolve(geoms: np.ndarray, keys: np.ndarray, union=shapely.union_all) -> pd.Series:
    """Key -> the union of that key's ``geoms``, keys in first-seen order.

    Pass ``union=shapely.coverage_union_all`` when the geometries form a clean
    coverage: it is faster and exact there.
    """
    groups = pd.Series(geoms, dtype=object).groupby(pd.Index(keys, dtype=object), sort=False)
    return pd.Series(
        {key: group.iloc[0] if len(group) == 1 else union(group.to_numpy()) for key, group in groups}, dtype=object
    )


def clean(areas: pd.Series) -> tuple[pd.Series, list]:
    """The areas as a valid coverage (overlaps given to one neighbour, hairline gaps closed).

    Returns the cleaned areas and the keys of those whose area changed by more
    than :data:`~sprx_map.geo.geography.AREA_TOLERANCE_M2` (more than rounding noise).
    """
    if areas.empty:
        return areas, []
    cleaned = pd.Series(shapely.coverage_clean(areas.to_numpy()), index=areas.index, dtype=object)
    change = np.abs(shapely.area(cleaned.to_numpy()) - shapely.area(areas.to_numpy()))
    return cleaned, areas.index[change > AREA_TOLERANCE_M2].tolist()


def for_display(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplified together in BNG at ``tolerance`` metres, then in WGS84 rounded to 5 decimals (about 1 m).

    Visvalingam-Whyatt over the coverage: ``tolerance`` is about the square root
    of the smallest triangle kept, and neighbours keep identical shared edges.
    """
    if not len(geoms):
        return geoms
    simple = shapely.coverage_simplify(geoms, tolerance)
    wgs84 = gpd.GeoSeries(simple, crs=BNG).to_crs("EPSG:4326").to_numpy()
    rounded = shapely.transform(wgs84, lambda xy: np.round(xy, 5))
    # Rounding can fold a ring where vertices lie within a metre of each other, or make
    # neighbours overlap by a hair there; mend just those places.
    bad = ~shapely.is_valid(rounded)
    rounded[bad] = shapely.make_valid(rounded[bad], method="structure", keep_collapsed=False)
    if not shapely.coverage_is_valid(rounded):
        rounded = shapely.coverage_clean(rounded)
    return rounded


def vertices(geoms) -> int:
    """Total number of vertices (coordinate pairs) of ``geoms``."""
    return int(shapely.get_num_coordinates(np.asarray(geoms, dtype=object)).sum())
