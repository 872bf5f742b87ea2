"""Rebuild ``data/geography/`` from Natural Earth and the cluster facts.

Usage::

    python scripts/build_geography.py [--world-map PATH] [--out data/geography]

``--world-map`` is Natural Earth's 1:10m admin-1 layer as Debian's ``qgis-common``
ships it (``/usr/share/qgis/resources/data/world_map.gpkg``, layer
``states_provinces``). When the path is not given and the file is not installed,
the script downloads the ``qgis-common`` package with ``apt-get download`` and
unpacks it into a temporary folder; nothing is installed.

The output is deterministic: the same inputs give byte-identical files.

Steps
-----
1. Read the 22 Welsh admin-1 features (``gu_a3 == 'WLS'``) and map their names to
   ONS local authority codes (``sources/local_authorities.csv``).
2. Cut each authority into indicative cluster polygons: the Voronoi cells of its
   cluster seeds (drawn in British National Grid), clipped to the authority.
3. Node the cells together and simplify the 60 cluster polygons as
   one coverage, so neighbours keep sharing exactly the same edges.
4. Dissolve clusters into authorities and authorities into health boards, so each
   level is an exact union of the one below.
5. Refresh ``manifest.json``: the counts and the sha256 of every file (its sources,
   licences and attribution are written by hand and kept).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sprx_map.geo.manifest import write_manifest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "geography" / "sources"
SYSTEM_WORLD_MAP = Path("/usr/share/qgis/resources/data/world_map.gpkg")
BNG = "EPSG:27700"
WGS84 = "EPSG:4326"
# Coverage simplification tolerance (about 100 m east-west, 165 m north-south):
# small next to a cluster, large enough to keep the three layers well under 300 KB.
SIMPLIFY_DEGREES = 0.0015
ATTRIBUTION = "Made with Natural Earth. Cluster facts: NHS Wales."
INDICATIVE_NOTE = (
    "Indicative shapes: clusters are groups of GP practices, not official areas. "
    "Each shape is the Voronoi cell of the cluster's population-weighted practice "
    "centre, clipped to its local authority."
)


def find_world_map(explicit: Path | None, workdir: Path) -> Path:
    """Return a path to world_map.gpkg, unpacking qgis-common when needed."""
    if explicit is not None:
        return explicit
    if SYSTEM_WORLD_MAP.exists():
        return SYSTEM_WORLD_MAP
    subprocess.run(["apt-get", "download", "qgis-common"], cwd=workdir, check=True)
    deb = next(workdir.glob("qgis-common_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(workdir / "x")], check=True)
    return workdir / "x" / SYSTEM_WORLD_MAP.relative_to("/")


def read_authorities(world_map: Path) -> gpd.GeoDataFrame:
    """The 22 Welsh authorities from Natural Earth, with ONS codes, in WGS84."""
    ne = gpd.read_file(world_map, layer="states_provinces", where="gu_a3 = 'WLS'")
    las = pd.read_csv(SOURCES / "local_authorities.csv", dtype=str)
    merged = las.merge(ne[["name", "geometry"]], left_on="natural_earth_name", right_on="name", how="left")
    missing = merged.loc[merged["geometry"].isna(), "natural_earth_name"].tolist()
    if missing or len(ne) != len(las):
        raise SystemExit(f"Natural Earth names not matched: {missing}; Welsh features found: {len(ne)}")
    gdf = gpd.GeoDataFrame(merged.drop(columns=["name", "natural_earth_name"]), geometry="geometry", crs=ne.crs)
    return gdf.to_crs(WGS84)


def cluster_cells(authorities: gpd.GeoDataFrame, clusters: pd.DataFrame) -> gpd.GeoDataFrame:
    """Voronoi cells of each authority's cluster seeds, clipped to that authority.

    The cells are drawn in British National Grid (so distances are true) and then
    brought back to WGS84 before clipping, so the authorities' own edges, which
    Natural Earth already shares exactly between neighbours, are never reprojected.
    """
    seeds = gpd.GeoSeries(
        gpd.points_from_xy(clusters["seed_lon"], clusters["seed_lat"]), crs=WGS84, index=clusters.index
    )
    seeds_bng = seeds.to_crs(BNG)
    pieces = []
    for la in authorities.itertuples():
        members = clusters.index[clusters["la_code"] == la.code]
        if len(members) == 1:
            pieces.append((members[0], la.geometry))
            continue
        frame = gpd.GeoSeries([la.geometry], crs=WGS84).to_crs(BNG).iloc[0].envelope.buffer(50_000)
        diagram = shapely.voronoi_polygons(shapely.multipoints(seeds_bng.loc[members].values), extend_to=frame)
        cells = gpd.GeoSeries(shapely.get_parts(diagram), crs=BNG).to_crs(WGS84)
        for idx in members:
            cell = cells[cells.contains(seeds.loc[idx])].iloc[0]
            pieces.append((idx, cell.intersection(la.geometry)))
    index, geoms = zip(*pieces, strict=True)
    noded = node_coverage(list(geoms))
    return gpd.GeoDataFrame(clusters.loc[list(index)], geometry=noded, crs=WGS84).loc[clusters.index]


def node_coverage(polygons: list) -> list:
    """Rebuild polygons from their jointly noded linework.

    Clipping each cell separately leaves a vertex on one side of a shared edge
    that its neighbour lacks; a coverage needs both sides to match vertex for
    vertex. Polygonising the union of all boundaries and giving each face back to
    the polygon that contains it restores that.
    """
    linework = shapely.union_all(shapely.boundary(polygons))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(linework)))
    tree = shapely.STRtree(polygons)
    owners: dict[int, list] = {i: [] for i in range(len(polygons))}
    for face in faces:
        probe = face.point_on_surface()
        hits = [i for i in tree.query(probe, predicate="within")]
        if hits and face.area > 0:  # faces outside every polygon (the sea) are dropped
            owners[min(hits)].append(face)
    return [shapely.coverage_union_all(owners[i]) for i in range(len(polygons))]


def simplify_coverage(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Simplify as a coverage and snap to a grid, keeping shared edges."""
    simplified = shapely.coverage_simplify(gdf.geometry.values, SIMPLIFY_DEGREES, simplify_boundary=True)
    # Coordinates keep full precision: rounding them moves vertices that lie
    # a few centimetres apart onto each other and breaks the shared edges.
    snapped = simplified
    if not (shapely.is_valid(snapped).all() and shapely.coverage_is_valid(snapped)):
        raise SystemExit("Cluster coverage became invalid after simplification; lower SIMPLIFY_DEGREES")
    return gdf.set_geometry(snapped)


def dissolve(parts: gpd.GeoDataFrame, key: str) -> gpd.GeoSeries:
    """Exact union of a coverage's parts grouped by ``key``."""
    geoms = {code: shapely.coverage_union_all(group.geometry.values) for code, group in parts.groupby(key)}
    return gpd.GeoSeries(geoms, crs=parts.crs)


def write_geojson(gdf: gpd.GeoDataFrame, path: Path, name: str, extra: dict | None = None) -> None:
    """Write a compact, stable GeoJSON (fixed property order)."""
    collection = json.loads(gdf.to_json(drop_id=True, to_wgs84=False))
    collection = {
        "type": "FeatureCollection",
        "name": name,
        "attribution": ATTRIBUTION,
        **(extra or {}),
        "features": collection["features"],
    }
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def build(world_map: Path, out: Path) -> None:
    """Build the four geography files into ``out``."""
    boards = pd.read_csv(SOURCES / "health_boards.csv", dtype=str)
    clusters = pd.read_csv(SOURCES / "cluster_facts.csv", dtype={"la_code": str, "hb_code": str})
    authorities = read_authorities(world_map)
    cells = simplify_coverage(cluster_cells(authorities, clusters))
    cells["geometry"] = cells.geometry.apply(lambda g: shapely.Polygon() if g.is_empty else g)
    empty = cells.loc[cells.geometry.is_empty, "name_en"].tolist()
    if empty:
        raise SystemExit(f"Clusters with no area after clipping: {empty}")

    cells["indicative"] = True
    cluster_cols = [
        "cluster_id",
        "name_en",
        "name_cy",
        "la_code",
        "hb_code",
        "practices",
        "registered_population",
        "indicative",
        "geometry",
    ]
    la_geoms = dissolve(cells, "la_code")
    la_out = authorities.drop(columns="geometry").assign(geometry=lambda d: d["code"].map(la_geoms))
    la_out = gpd.GeoDataFrame(la_out, geometry="geometry", crs=WGS84)
    hb_geoms = dissolve(la_out, "hb_code")
    hb_out = gpd.GeoDataFrame(boards.assign(geometry=boards["code"].map(hb_geoms)), geometry="geometry", crs=WGS84)

    out.mkdir(parents=True, exist_ok=True)
    write_geojson(
        hb_out[["code", "name_en", "name_cy", "short_name", "geometry"]], out / "health_boards.geojson", "health_boards"
    )
    write_geojson(
        la_out[["code", "name_en", "name_cy", "hb_code", "geometry"]],
        out / "local_authorities.geojson",
        "local_authorities",
    )
    write_geojson(cells[cluster_cols], out / "clusters.geojson", "clusters", {"note": INDICATIVE_NOTE})
    clusters.to_csv(out / "clusters.csv", index=False, lineterminator="\n")
    if out.resolve() != (ROOT / "data" / "geography").resolve() and not (out / "manifest.json").exists():
        shutil.copy(ROOT / "data" / "geography" / "manifest.json", out / "manifest.json")
    write_manifest(out)  # counts and sha256 of the files just written; sources and attribution kept
    sizes = {p.name: p.stat().st_size for p in sorted(out.glob("*.geojson"))}
    print(json.dumps({"written": str(out), "bytes": sizes, "total_bytes": sum(sizes.values())}, indent=1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world-map", type=Path, help="path to Natural Earth world_map.gpkg")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "geography")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="sprx-geo-"))
    try:
        build(find_world_map(args.world_map, workdir), args.out)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
