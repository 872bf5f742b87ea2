"""Official boundaries and practice populations: reading, checking, storing, overlaying, the CLI.

The reference tests read the real ONS files in ../shared/reference (skipped with
the reason when absent); the store and CLI tests build their files from the
embedded geography, so they run anywhere.
"""

import hashlib
import json
import re
import shutil
import zipfile

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
import sqlalchemy as sa
from geopandas.testing import assert_geodataframe_equal

from sprx_map import cli, store
from sprx_map.dataset import load_active
from sprx_map.geo.boundaries import BoundaryError, read_boundaries
from sprx_map.geo.geography import BNG, check_hierarchy, with_official
from sprx_map.geo.lookups import read_practices
from sprx_map.messages import texts

_schema_version = sa.select(store.meta_table.c.value).where(store.meta_table.c.key == "schema_version")

BOARDS = ["W11000023", "W11000024", "W11000025", "W11000028", "W11000029", "W11000030", "W11000031"]
BOARD_FILE = "ons_lhb_2022_buc/LHB_APR_2022_WA_BUC.shp"
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


# --- files built for the tests -------------------------------------------------------------------


@pytest.fixture(scope="module")
def boards_shp(reference):
    return reference / BOARD_FILE


@pytest.fixture(scope="module")
def boards(boards_shp, geo):
    return read_boundaries(boards_shp, "health_board", geo)


@pytest.fixture(scope="module")
def authorities(reference, geo):
    return read_boundaries(reference / "ons_lad_2013" / "wales_lad_2013.geojson", "local_authority", geo)


@pytest.fixture(scope="module")
def lsoa_files(reference, geo, tmp_path_factory):
    """All 2011 LSOAs in one GeoPackage, and a lookup giving each one a cluster of its own authority.

    Each LSOA goes to the embedded cluster of its authority (the file's name) that
    holds its representative point, or the nearest one when the point falls
    outside them (the embedded coast is Natural Earth's).
    """
    folder = tmp_path_factory.mktemp("lsoa")
    clusters = geo.clusters.to_crs(BNG)
    frames, lookup = [], []
    for path in sorted((reference / "ons_lsoa_2011").glob("W06*.geojson")):
        lsoas = gpd.read_file(path)
        points = gpd.GeoDataFrame(geometry=lsoas.to_crs(BNG).representative_point(), crs=BNG)
        own = clusters.loc[clusters["la_code"] == path.stem, ["geometry"]]
        joined = gpd.sjoin_nearest(points, own, how="left")
        joined = joined[~joined.index.duplicated()]
        names = joined["cluster_id"].map(geo.clusters["name_en"])
        lookup.append(pd.DataFrame({"LSOA11CD": lsoas["LSOA11CD"], "Cluster Name": names}))
        frames.append(lsoas)
    gpkg = folder / "lsoa_2011.gpkg"
    gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=frames[0].crs).to_file(gpkg)
    csv = folder / "lsoa_clusters.csv"
    table = pd.concat(lookup, ignore_index=True)
    table.to_csv(csv, index=False)
    assert table["Cluster Name"].nunique() == 60  # every cluster gets at least one LSOA
    return gpkg, csv, table


@pytest.fixture(scope="module")
def dissolved(lsoa_files, geo):
    gpkg, csv, _ = lsoa_files
    return read_boundaries(gpkg, "lsoa", geo, lookup=csv)


def _embedded_file(geo, level, tmp_path, name="areas.geojson", crs="EPSG:4326", drop=()):
    """One embedded layer written as a boundary file with a ``code`` column (no reference needed)."""
    layer = geo.layer(level)[["geometry"]].drop(index=list(drop)).to_crs(crs)
    layer = layer.rename_axis("code").reset_index()
    path = tmp_path / name
    layer.to_file(path)
    return path


def _iou(a, b):
    a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    return shapely.area(shapely.intersection(a, b)) / shapely.area(shapely.union(a, b))


# --- reading the reference files ------------------------------------------------------------------


@pytest.mark.reference
def test_ons_boards_shapefile_in_bng(boards, boards_shp):
    assert boards.ok and boards.problems == [] and boards.warnings == []
    assert (boards.level, boards.source, boards.features_read) == ("health_board", "LHB_APR_2022_WA_BUC.shp", 7)
    assert boards.source_crs == "EPSG:27700 (OSGB36 / British National Grid)"
    assert list(boards.frame.index) == BOARDS and boards.frame.index.name == "code"
    assert list(boards.frame.columns) == ["name_en", "name_cy", "geometry"]
    assert boards.frame.crs == "EPSG:4326"
    assert boards.frame.at["W11000024", "name_en"] == "Powys Teaching Health Board"
    assert boards.frame.at["W11000024", "name_cy"] == "Bwrdd Iechyd Addysgu Powys"
    assert boards.outcomes() == {"used": 7, "dissolved": 0, "left out": 0}
    assert (boards.tolerance_m, boards.vertices_before, boards.vertices_after) == (150.0, 1039, 1036)
    parts = b"".join(boards_shp.with_suffix(ext).read_bytes() for ext in SHAPEFILE_PARTS)
    assert boards.sha256 == hashlib.sha256(parts).hexdigest()
    official = gpd.read_file(boards_shp).set_index("LHB22CD").loc[BOARDS]
    assert (_iou(boards.frame.to_crs(BNG).geometry, official.geometry) > 0.9999).all()


@pytest.mark.reference
def test_shapes_are_a_rounded_valid_coverage(boards, authorities, dissolved):
    for load in (boards, authorities, dissolved):
        geoms = load.frame.geometry.to_numpy()
        assert shapely.is_valid(geoms).all() and shapely.coverage_is_valid(geoms), load.source
        coords = shapely.get_coordinates(geoms)
        assert (np.round(coords, 5) == coords).all(), load.source


@pytest.mark.reference
def test_zipped_shapefile_reads_the_same(boards, boards_shp, geo, tmp_path):
    archive = tmp_path / "LHB_APR_2022_WA_BUC.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for ext in SHAPEFILE_PARTS:
            zf.write(boards_shp.with_suffix(ext), f"LHB_APR_2022_WA_BUC{ext}")
    zipped = read_boundaries(archive, "health_board", geo)
    assert zipped.ok and zipped.source == "LHB_APR_2022_WA_BUC.zip"
    assert zipped.sha256 == hashlib.sha256(archive.read_bytes()).hexdigest()
    assert_geodataframe_equal(zipped.frame, boards.frame, check_crs=True)


@pytest.mark.reference
def test_geopackage_in_web_mercator(boards, boards_shp, geo, tmp_path):
    path = tmp_path / "boards.gpkg"
    gpd.read_file(boards_shp).to_crs("EPSG:3857").to_file(path)
    load = read_boundaries(path, "health_board", geo)
    assert load.ok and load.source_crs == "EPSG:3857 (WGS 84 / Pseudo-Mercator)"
    assert list(load.frame.index) == BOARDS
    assert (load.vertices_before, load.vertices_after) == (1039, 1036)
    assert (_iou(load.frame.to_crs(BNG).geometry, boards.frame.to_crs(BNG).geometry) > 0.9999).all()


@pytest.mark.reference
def test_ons_authorities_2013_geojson(authorities, geo):
    assert authorities.ok and authorities.warnings == []
    assert authorities.source_crs == "EPSG:4326 (WGS 84)"
    assert list(authorities.frame.index) == list(geo.authorities.index) and len(authorities.frame) == 22
    assert authorities.frame.at["W06000001", "name_cy"] == "Ynys Mon"  # LAD13NMW, not LAD13CDO's "00NA"
    assert (authorities.vertices_before, authorities.vertices_after) == (33955, 9146)


@pytest.mark.reference
def test_lsoas_dissolve_into_60_clusters_within_their_authorities(dissolved, lsoa_files, reference, geo):
    _, _, lookup = lsoa_files
    assert dissolved.ok and dissolved.problems == []
    assert dissolved.level == "cluster" and dissolved.source == "lsoa_2011.gpkg + lsoa_clusters.csv"
    assert list(dissolved.frame.index) == list(geo.clusters.index) and dissolved.frame.index.name == "cluster_id"
    assert dissolved.features_read == len(lookup) == 1909
    assert dissolved.outcomes() == {"used": 1909, "dissolved": 0, "left out": 0}
    assert texts(dissolved.warnings, "en") == [
        "4 invalid geometries repaired with make_valid: W01000127, W01000555, W01001015, W01001018."
    ]
    assert list(dissolved.frame.columns) == ["geometry"]  # LSOA names are not cluster names
    official = gpd.read_file(reference / "ons_lad_2013" / "wales_lad_2013.geojson").to_crs(BNG).set_index("LAD13CD")
    clusters = dissolved.frame.to_crs(BNG).geometry
    la_codes = geo.clusters.loc[clusters.index, "la_code"]
    parents = official.geometry.loc[la_codes].to_numpy()
    outside = shapely.area(shapely.difference(clusters.to_numpy(), parents)) / shapely.area(clusters.to_numpy())
    assert outside.max() < 0.011, outside.max()  # measured 1.04% at most (Natural Earth-free: ONS vs ONS)
    unions = clusters.groupby(la_codes.to_numpy()).agg(lambda s: shapely.union_all(s.to_numpy()))
    assert _iou(unions, official.geometry.loc[unions.index]).min() > 0.994


@pytest.mark.reference
def test_practice_list_gives_every_cluster_its_patients(reference, geo):
    csv = reference / "wales_gp_practices.csv"
    load = read_practices(csv, geo)
    practices = pd.read_csv(csv)
    assert load.ok and load.warnings == []
    assert (load.rows_read, load.rows_used) == (369, 369)
    assert list(load.populations.index) == list(geo.clusters.index)
    assert load.populations.dtype == "int64"
    assert int(load.populations.sum()) == int(practices["Practice Population"].sum()) == 3_300_566
    cynon = practices.loc[practices["Cluster"] == "Cynon North", "Practice Population"].sum()
    assert load.populations["cynon-north"] == int(cynon)
    assert load.report() == [
        "wales_gp_practices.csv: 369 rows read, 369 used, 0 left out; 60 of 60 clusters, 3,300,566 registered patients"
    ]


@pytest.mark.reference
def test_official_layers_replace_only_geometry(boards, authorities, dissolved, reference, geo):
    populations = read_practices(reference / "wales_gp_practices.csv", geo).populations
    layers = {"health_board": boards.frame, "local_authority": authorities.frame, "cluster": dissolved.frame}
    official = with_official(geo, layers, populations)
    assert (len(official.boards), len(official.authorities), len(official.clusters)) == (7, 22, 60)
    assert official.boards.geometry.geom_equals(boards.frame.geometry.loc[geo.boards.index]).all()
    assert official.clusters.geometry.geom_equals(dissolved.frame.geometry).all()
    assert official.boards["name_en"].equals(geo.boards["name_en"])  # names stay the embedded ones
    assert official.clusters[["la_code", "hb_code"]].equals(geo.clusters[["la_code", "hb_code"]])
    assert int(official.population("health_board").sum()) == 3_300_566
    assert official.clusters["indicative"].all()  # clusters are groups of practices, whatever the shapes
    assert geo.clusters["indicative"].all()  # the embedded geography is untouched
    # ONS 2011 LSOAs, 2013 authorities and 2022 BUC boards differ a little
    problems = texts(check_hierarchy(official), "en")
    assert all(" km2 outside its " in p for p in problems)


# --- bad inputs ------------------------------------------------------------------------------------


def test_no_code_column_names_the_columns(geo, tmp_path):
    path = tmp_path / "boards.geojson"
    frame = geo.boards[["geometry"]].assign(MYCODE=geo.boards.index, label="x").reset_index(drop=True)
    frame.to_file(path)
    with pytest.raises(BoundaryError) as caught:
        read_boundaries(path, "health_board", geo)
    assert str(caught.value) == (
        "boards.geojson: no column of health board codes found. The columns are: MYCODE, label. Say which one holds "
        "the codes with --column code=COLUMN (and the names with --column name_en=COLUMN, --column name_cy=COLUMN)."
    )
    load = read_boundaries(path, "health_board", geo, columns={"code": "mycode"})
    assert load.ok and list(load.frame.index) == BOARDS
    with pytest.raises(BoundaryError, match=r"there is no column 'CODE' \(given for code\)"):
        read_boundaries(path, "health_board", geo, columns={"code": "CODE"})


@pytest.mark.reference
def test_a_missing_board_blocks_the_load(boards_shp, geo, tmp_path):
    path = tmp_path / "six.gpkg"
    official = gpd.read_file(boards_shp)
    official[official["LHB22CD"] != "W11000025"].to_file(path)
    load = read_boundaries(path, "health_board", geo)
    assert not load.ok and load.missing == ["W11000025"]
    assert texts(load.problems, "en") == [
        "1 health board code missing: W11000025 (Hywel Dda University Health Board). Every area of Wales is "
        "needed: use a file that covers all of Wales."
    ]
    # Worded when shown: the same problem on a Welsh page is Welsh, with the board's Welsh name.
    assert texts(load.problems, "cy") == [
        "1 cod bwrdd iechyd ar goll: W11000025 (Bwrdd Iechyd Prifysgol Hywel Dda). Mae angen pob ardal yng "
        "Nghymru: defnyddiwch ffeil sy'n cwmpasu Cymru gyfan."
    ]
    assert load.report("cy")[2] == "  bwrdd iechyd: 6 o 7 ardal; ar goll: W11000025; anhysbys: (dim)"
    assert load.outcomes() == {"used": 6, "dissolved": 0, "left out": 0}


@pytest.mark.reference
def test_an_unknown_code_is_left_out_with_a_warning(boards_shp, geo, tmp_path):
    official = gpd.read_file(boards_shp)
    england = official.iloc[[0]].assign(LHB22CD="E11000001", geometry=[shapely.box(400000, 300000, 410000, 310000)])
    path = tmp_path / "eight.shp"
    pd.concat([official, england], ignore_index=True).to_file(path)
    load = read_boundaries(path, "health_board", geo)
    assert load.ok and list(load.frame.index) == BOARDS and load.unknown == ["E11000001"]
    assert texts(load.warnings, "en") == ["1 feature whose code is not a health board of Wales left out: E11000001."]
    assert load.accounting.iloc[7][["feature", "outcome", "reason"]].tolist() == [8, "left out", "unknown code"]


def test_duplicates_dissolve_and_unknown_codes_are_left_out(geo, tmp_path):
    layer = geo.boards[["geometry"]].to_crs(BNG).rename_axis("code").reset_index()
    powys = layer.loc[layer["code"] == "W11000024", "geometry"].iloc[0]
    west, south, east, north = powys.bounds
    middle = (west + east) / 2
    halves = [
        powys.intersection(shapely.box(west, south, middle, north)),
        powys.intersection(shapely.box(middle, south, east, north)),
    ]
    layer.loc[layer["code"] == "W11000024", "geometry"] = halves[0]
    extra = gpd.GeoDataFrame({"code": ["W11000024"]}, geometry=[halves[1]], crs=BNG)
    bowtie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])  # invalid, but left out (unknown), not repaired
    bad = gpd.GeoDataFrame({"code": ["W99999999"]}, geometry=[bowtie], crs=BNG)
    path = tmp_path / "boards.gpkg"
    pd.concat([layer, extra, bad], ignore_index=True).to_file(path)
    load = read_boundaries(path, "health_board", geo)
    assert load.ok and list(load.frame.index) == BOARDS
    assert load.outcomes() == {"used": 7, "dissolved": 1, "left out": 1}
    assert texts(load.warnings, "en") == [
        "1 feature whose code is not a health board of Wales left out: W99999999.",
        "1 code had more than one feature, dissolved into one area: W11000024.",
    ]
    powys_out = load.frame.to_crs(BNG).at["W11000024", "geometry"]
    assert abs(powys_out.area / powys.area - 1) < 0.005
    assert powys_out.geom_type == "Polygon"  # the halves are one area again, with no seam


def test_an_invalid_shape_is_repaired_with_a_count(geo, tmp_path):
    layer = geo.boards[["geometry"]].rename_axis("code").reset_index()
    assert layer.at[1, "code"] == "W11000024"
    ring = list(layer.at[1, "geometry"].exterior.coords)
    (x, y), d = ring[0], 0.001
    bowtie = [(x, y), (x + d, y + d), (x + d, y), (x, y + d)]  # edges that cross: a self-intersecting ring
    layer.loc[1, "geometry"] = shapely.Polygon(bowtie + ring)
    assert not layer.at[1, "geometry"].is_valid
    path = tmp_path / "boards.geojson"
    layer.to_file(path)
    load = read_boundaries(path, "health_board", geo)
    assert load.ok and shapely.is_valid(load.frame.geometry.to_numpy()).all()
    assert texts(load.warnings, "en") == ["1 invalid geometry repaired with make_valid: W11000024."]


@pytest.mark.reference
def test_a_csv_is_not_a_boundary_file(reference, geo):
    with pytest.raises(BoundaryError) as caught:
        read_boundaries(reference / "wales_gp_practices.csv", "cluster", geo)
    assert str(caught.value) == (
        "wales_gp_practices.csv is a table, not a boundary file. Give a GeoJSON, GeoPackage or Shapefile (zipped or "
        "not). An LSOA-to-cluster table goes with --lookup; a GP practice list with --level practices."
    )


@pytest.mark.reference
def test_a_zip_with_two_shapefiles_is_refused(boards_shp, geo, tmp_path):
    archive = tmp_path / "boards.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for folder in ("2021", "2022"):
            for ext in SHAPEFILE_PARTS:
                zf.write(boards_shp.with_suffix(ext), f"{folder}/LHB{ext}")
    with pytest.raises(BoundaryError) as caught:
        read_boundaries(archive, "health_board", geo)
    assert (
        str(caught.value) == "boards.zip holds 2 boundary files (2021/LHB.shp, 2022/LHB.shp): zip only the one to load."
    )
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("readme.txt", "no shapes")
    with pytest.raises(BoundaryError, match=r"^empty\.zip holds no Shapefile"):
        read_boundaries(empty, "health_board", geo)


@pytest.mark.reference
def test_a_shapefile_without_prj_is_refused(boards_shp, geo, tmp_path):
    for ext in (".shp", ".shx", ".dbf", ".cpg"):
        shutil.copy(boards_shp.with_suffix(ext), tmp_path / f"boards{ext}")
    with pytest.raises(BoundaryError) as caught:
        read_boundaries(tmp_path / "boards.shp", "health_board", geo)
    assert str(caught.value) == (
        "boards.shp does not say which coordinate reference system it is in (its .prj file is missing). Export it "
        "again with its CRS (ONS files are in British National Grid, EPSG:27700), or as GeoJSON in WGS84."
    )


def test_geojson_in_metres_is_refused(geo, tmp_path):
    path = _embedded_file(geo, "health_board", tmp_path, crs=BNG)
    data = json.loads(path.read_text())
    data.pop("crs")  # GeoJSON without a crs member is WGS84 by definition: these numbers cannot be degrees
    path.write_text(json.dumps(data))
    with pytest.raises(BoundaryError, match=r"^areas.geojson is in EPSG:4326 \(WGS 84\).*they look like metres"):
        read_boundaries(path, "health_board", geo)


def test_a_wrong_crs_puts_the_areas_outside_wales(geo, tmp_path):
    path = _embedded_file(geo, "health_board", tmp_path, name="boards.gpkg", crs=BNG)
    frame = gpd.read_file(path).set_crs("EPSG:3857", allow_override=True)  # metres, but the wrong ones
    frame.to_file(tmp_path / "wrong.gpkg")
    load = read_boundaries(tmp_path / "wrong.gpkg", "health_board", geo)
    assert not load.ok and len(load.problems) == 1
    assert re.fullmatch(
        r"the areas lie at longitude 1\.\d to 3\.\d, latitude 1\.\d to \d\.\d, not in Wales: the CRS the file "
        r"states \(EPSG:3857 \(WGS 84 / Pseudo-Mercator\)\) is probably wrong\.",
        str(load.problems[0]),
    ), load.problems[0]


def test_cluster_polygons_by_name(geo, tmp_path):
    layer = geo.clusters[["name_en", "name_cy", "geometry"]].reset_index(drop=True)
    layer["Cluster"] = layer["name_en"].where(layer.index % 2 == 0, layer["name_cy"])  # English or Welsh names
    path = tmp_path / "clusters.gpkg"
    layer[["Cluster", "geometry"]].to_crs(BNG).to_file(path)
    load = read_boundaries(path, "cluster", geo)
    assert load.ok and load.warnings == []
    assert list(load.frame.index) == list(geo.clusters.index) and load.frame.index.name == "cluster_id"
    assert list(load.frame.columns) == ["geometry"]  # the names column held the codes: names stay embedded
    assert (_iou(load.frame.to_crs(BNG).geometry, geo.clusters.to_crs(BNG).geometry) > 0.999).all()
    embedded = int(shapely.get_num_coordinates(geo.clusters.geometry.to_numpy()).sum())
    assert (load.vertices_before, load.vertices_after) == (embedded, embedded)  # already simple: nothing removed


def test_lsoa_needs_a_lookup(geo, tmp_path):
    with pytest.raises(BoundaryError, match=r"^LSOA boundaries need a lookup"):
        read_boundaries(tmp_path / "x.gpkg", "lsoa", geo)
    with pytest.raises(ValueError, match=r"^'ward' is not a level"):
        read_boundaries(tmp_path / "x.gpkg", "ward", geo)
    with pytest.raises(BoundaryError, match=r"^a lookup goes with LSOA boundaries \(--level lsoa\)"):
        read_boundaries(tmp_path / "x.gpkg", "cluster", geo, lookup=tmp_path / "lookup.csv")
    with pytest.raises(BoundaryError, match=r"^x\.gpkg: there is no such file\.$"):
        read_boundaries(tmp_path / "x.gpkg", "cluster", geo)


@pytest.mark.reference
def test_lookup_problems_are_reported(lsoa_files, geo, tmp_path):
    gpkg, _, table = lsoa_files
    broken = table.copy()
    broken.loc[0, "Cluster Name"] = "Cynon Nrth"  # a typo: the LSOA has no cluster either
    broken = broken.drop(index=[1])  # an LSOA the lookup forgets
    extra = pd.DataFrame({"LSOA11CD": ["W01009999"], "Cluster Name": ["Cynon North"]})  # no such polygon
    csv = tmp_path / "lookup.csv"
    pd.concat([broken, extra], ignore_index=True).to_csv(csv, index=False)
    load = read_boundaries(gpkg, "lsoa", geo, lookup=csv)
    first, second = table.at[0, "LSOA11CD"], table.at[1, "LSOA11CD"]
    assert texts(load.problems, "en") == [
        "lookup.csv: 1 row names a cluster that is not known: row 2 'Cynon Nrth' (Cynon North?).",
        f"2 Welsh LSOAs have no cluster in lookup.csv: {first}, {second}. Add them to the lookup.",
    ]
    warning = "1 LSOA in lookup.csv has no polygon in lsoa_2011.gpkg, left out: W01009999."
    assert warning in texts(load.warnings, "en")
    assert load.outcomes() == {"used": 1907, "dissolved": 0, "left out": 2}


def test_practice_list_problems(geo, tmp_path):
    rows = [{"cluster_id": c, "list size": "1,000"} for c in geo.clusters.index[1:]]
    rows += [{"cluster_id": "Cynon Nrth", "list size": "5"}, {"cluster_id": "north-powys", "list size": ""}]
    csv = tmp_path / "practices.csv"
    pd.DataFrame(rows).to_csv(csv, index=False)
    load = read_practices(csv, geo)
    first = geo.clusters.index[0]
    assert texts(load.problems, "en") == [
        "practices.csv: 1 row names a cluster that is not known: row 61 'Cynon Nrth' (Cynon North?). Correct the "
        "names (or use the cluster ids) and load it again.",
        f"1 cluster gets no population: {first} ({geo.clusters.at[first, 'name_en']}).",
    ]
    assert texts(load.warnings, "en") == ["practices.csv: 1 row with no registered population left out (row 62)."]
    assert (load.rows_read, load.rows_used, int(load.populations.sum())) == (61, 59, 59_000)
    with pytest.raises(BoundaryError, match=r"there is no column 'patients' \(given for population\)"):
        read_practices(csv, geo, columns={"population": "patients"})
    pd.DataFrame(rows).drop(columns="list size").to_csv(csv, index=False)
    with pytest.raises(BoundaryError) as caught:
        read_practices(csv, geo)
    assert str(caught.value) == (
        "practices.csv: no registered population column found. The columns are: cluster_id. Say which one it is "
        "with --column population=COLUMN."
    )


# --- the store and the overlay ---------------------------------------------------------------------


@pytest.fixture()
def loads(geo, tmp_path):
    """Two boundary versions of the boards and one of the populations, from the embedded geography."""
    first = read_boundaries(_embedded_file(geo, "health_board", tmp_path), "health_board", geo)
    second = read_boundaries(_embedded_file(geo, "health_board", tmp_path, "b.gpkg", BNG), "health_board", geo)
    csv = tmp_path / "practices.csv"
    pd.DataFrame({"Cluster": geo.clusters["name_en"], "Practice Population": geo.clusters.index.str.len()}).to_csv(
        csv, index=False
    )
    return first, second, read_practices(csv, geo)


def test_store_keeps_versions_and_one_active(store_url, loads, geo):
    first, second, populations = loads
    engine = store.connect(store_url)
    a = store.save_geography(engine, first, who="hub officer")
    assert store.save_geography(engine, first) == a  # the same content again changes nothing
    b = store.save_geography(engine, second, who="hub officer")
    p = store.save_geography(engine, populations, who="hub officer")
    versions = store.geography_versions(engine)
    assert versions["id"].tolist() == [p, b, a]
    assert versions[["level", "kind", "source_file", "features", "active"]].values.tolist() == [
        ["cluster", "populations", "practices.csv", 60, True],
        ["health_board", "boundaries", "b.gpkg", 7, True],
        ["health_board", "boundaries", "areas.geojson", 7, False],
    ]
    assert versions["payload_bytes"].tolist()[1] == len(second.payload())
    assert sorted(store.active_geography(engine)) == [("cluster", "populations"), ("health_board", "boundaries")]
    store.use_geography(engine, "health_board", "boundaries", a)
    assert store.active_geography(engine)[("health_board", "boundaries")]["id"] == a
    store.use_geography(engine, "health_board", "boundaries", None)
    assert list(store.active_geography(engine)) == [("cluster", "populations")]
    with pytest.raises(
        store.StoreError, match=f"version #{p} is cluster registered patients, not health board boundaries"
    ):
        store.use_geography(engine, "health_board", "boundaries", p)
    with pytest.raises(store.StoreError, match="there is no geography version #999"):
        store.use_geography(engine, "health_board", "boundaries", 999)
    assert len(store.geography_versions(engine)) == 3  # nothing is ever deleted
    # Loading a stored file again makes it the one in use, without a new version.
    assert store.save_geography(engine, first) == a
    assert store.active_geography(engine)[("health_board", "boundaries")]["id"] == a
    assert len(store.geography_versions(engine)) == 3


def test_store_refuses_a_load_with_problems(store_url, geo, tmp_path):
    load = read_boundaries(_embedded_file(geo, "health_board", tmp_path, drop=["W11000024"]), "health_board", geo)
    engine = store.connect(store_url)
    with pytest.raises(store.StoreError, match=r"^areas\.geojson has problems and was not stored: 1 health board"):
        store.save_geography(engine, load)
    assert store.geography_versions(engine).empty


def test_load_active_overlays_the_store(store_url, loads, geo):
    first, _, populations = loads
    engine = store.connect(store_url)
    assert load_active(engine, geo).boards.geometry.geom_equals(geo.boards.geometry).all()
    store.save_geography(engine, first)
    store.save_geography(engine, populations)
    overlaid = load_active(engine, geo)
    assert_geodataframe_equal(overlaid.boards[["geometry"]], first.frame[["geometry"]], check_crs=True)
    assert overlaid.clusters["registered_population"].to_dict() == populations.populations.to_dict()
    assert overlaid.authorities.geometry.geom_equals(geo.authorities.geometry).all()


def _columns(table: sa.Table, left_out) -> list[sa.Column]:
    return [
        sa.Column(
            c.name,
            c.type,
            *[sa.ForeignKey(fk.target_fullname) for fk in c.foreign_keys],
            primary_key=c.primary_key,
            nullable=c.nullable,
            autoincrement=c.autoincrement,
        )
        for c in table.columns
        if not left_out(c.name)
    ]


def test_a_version_1_store_upgrades_step_by_step_to_the_newest(store_url):
    old = sa.MetaData()
    store.meta_table.to_metadata(old)
    # Version 1's submissions had no withdrawal columns (version 4 adds them), its projects no type and no
    # period source (version 5 adds them, and the rounds' periods), no reference (version 6).
    columns = _columns(store.submissions, lambda name: name.startswith("withdrawn"))
    sa.Table("submissions", old, *columns)
    later = ("project_type", "period_source", "project_reference")
    project_columns = _columns(store.projects, lambda name: name in later)
    sa.Table("projects", old, *project_columns)
    engine = sa.create_engine(store_url)
    with engine.begin() as conn:
        old.create_all(conn)
        conn.execute(store.meta_table.insert().values(key="schema_version", value="1"))
    assert "geography_versions" not in sa.inspect(engine).get_table_names()
    engine.dispose()
    upgraded = store.connect(store_url)
    assert {"geography_versions", "saved_mappings"} <= set(sa.inspect(upgraded).get_table_names())
    added = {c["name"] for c in sa.inspect(upgraded).get_columns("submissions")} - {c.name for c in columns}
    assert added == {"withdrawn_at", "withdrawn_by", "withdrawn_reason"}
    added = {c["name"] for c in sa.inspect(upgraded).get_columns("projects")} - {c.name for c in project_columns}
    assert added == {"project_type", "period_source", "project_reference"}
    assert {"rounds", "reference_counters", "contacts"} <= set(sa.inspect(upgraded).get_table_names())
    assert store.round_periods(upgraded) == {}
    with upgraded.connect() as conn:
        assert conn.execute(_schema_version).scalar() == str(store.SCHEMA_VERSION)
    assert store.geography_versions(upgraded).empty
    assert store.mappings(upgraded).empty


# --- the command line ------------------------------------------------------------------------------


def test_cli_load_list_use(geo, tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    path = _embedded_file(geo, "health_board", tmp_path)
    load = read_boundaries(path, "health_board", geo)
    assert cli.main(["geography", "load", str(path), "--level", "health_board", "--db", db]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "areas.geojson: 7 features read, CRS EPSG:4326 (WGS 84)",
        "  used 7, dissolved into another 0, left out 0",
        "  health board: 7 of 7 areas; missing: (none); unknown: (none)",
        f"  vertices {load.vertices_before:,} -> {load.vertices_after:,} (simplified at 150 m); GeoJSON "
        f"{len(load.payload()):,} bytes",
        "Stored as version #1, now the active health board boundaries.",
    ]
    assert cli.main(["geography", "load", str(path), "--level", "health_board", "--db", db]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Already stored as version #1 (active): nothing changed."
    assert cli.main(["geography", "use", "health_board", "embedded", "--db", db]) == 0
    assert capsys.readouterr().out == "health board boundaries: back to the embedded geography.\n"
    assert cli.main(["geography", "list", "--db", db]) == 0
    listed = capsys.readouterr().out
    assert listed.startswith(f"#1 health board boundaries areas.geojson sha256 {load.sha256[:12]}… 7 features ")
    assert listed.endswith(": not active\n")
    assert cli.main(["geography", "use", "health_board", "1", "--db", db]) == 0
    assert capsys.readouterr().out == "health board boundaries: version #1 (areas.geojson) is now active.\n"


def test_cli_load_with_problems_stores_nothing(geo, tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    path = _embedded_file(geo, "health_board", tmp_path, drop=["W11000031"])
    assert cli.main(["geography", "load", str(path), "--level", "health_board", "--db", db]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == [
        "Problems (nothing stored):",
        "  - 1 health board code missing: W11000031 (Swansea Bay University Health Board). Every area of Wales "
        "is needed: use a file that covers all of Wales.",
    ]
    assert cli.main(["geography", "load", str(path), "--level", "cluster", "--dry-run", "--db", db]) == 1
    capsys.readouterr()
    assert cli.main(["geography", "load", str(tmp_path / "x.csv"), "--level", "lsoa", "--db", db]) == 1
    assert capsys.readouterr().err == (
        "Nothing stored: LSOA boundaries need a lookup that gives each LSOA its cluster: a CSV with an LSOA code "
        "column and a cluster column (--lookup CSV).\n"
    )
    assert cli.main(["geography", "list", "--db", db]) == 0
    assert capsys.readouterr().out == "No official geography stored: the embedded geography is in use.\n"
    assert cli.main(["geography", "load", str(path), "--level", "health_board", "--column", "id", "--db", db]) == 2
    assert cli.main(["geography", "use", "health_board", "latest", "--db", db]) == 2


def test_cli_dry_run_and_practices(geo, tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    path = _embedded_file(geo, "local_authority", tmp_path)
    assert cli.main(["geography", "load", str(path), "--level", "local_authority", "--dry-run", "--db", db]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Dry run: nothing stored."
    csv = tmp_path / "list.csv"
    pd.DataFrame({"Cluster": geo.clusters.index, "Patients": 100}).to_csv(csv, index=False)
    args = ["geography", "load", str(csv), "--level", "practices", "--column", "population=patients", "--db", db]
    assert cli.main(args) == 0
    assert capsys.readouterr().out.splitlines() == [
        "list.csv: 60 rows read, 60 used, 0 left out; 60 of 60 clusters, 6,000 registered patients",
        "Stored as version #1, now the active cluster registered patients.",
    ]
    assert store.geography_versions(store.connect(db))["level"].tolist() == ["cluster"]


def test_lsoa_names_given_by_hand_do_not_become_cluster_names(lsoa_files, geo):
    gpkg, csv, _ = lsoa_files
    load = read_boundaries(gpkg, "lsoa", geo, lookup=csv, columns={"code": "LSOA11CD", "name_en": "LSOA11NM"})
    assert load.ok and list(load.frame.index) == list(geo.clusters.index)
    assert "name_en" not in load.frame.columns  # an LSOA's name is not its cluster's
