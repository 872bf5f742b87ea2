import json
import shutil

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from sprx_map.geo.geography import (
    BNG,
    GEOGRAPHY_DIR,
    Geography,
    accuracy,
    check_hierarchy,
    coverage_problems,
    load_geography,
    normalise_name,
)
from sprx_map.geo.manifest import manifest_problems
from sprx_map.messages import texts

BOARD_LAS = {
    "W11000023": {"Isle of Anglesey", "Gwynedd", "Conwy", "Denbighshire", "Flintshire", "Wrexham"},
    "W11000024": {"Powys"},
    "W11000025": {"Ceredigion", "Pembrokeshire", "Carmarthenshire"},
    "W11000031": {"Swansea", "Neath Port Talbot"},
    "W11000030": {"Bridgend", "Rhondda Cynon Taf", "Merthyr Tydfil"},
    "W11000029": {"Cardiff", "Vale of Glamorgan"},
    "W11000028": {"Blaenau Gwent", "Caerphilly", "Monmouthshire", "Newport", "Torfaen"},
}


def test_levels_have_the_expected_codes(geo):
    assert sorted(geo.boards.index) == [
        "W11000023",
        "W11000024",
        "W11000025",
        "W11000028",
        "W11000029",
        "W11000030",
        "W11000031",
    ]
    expected_las = [f"W0600000{i}" for i in range(1, 10) if i != 7] + [f"W060000{i}" for i in range(10, 25) if i != 17]
    assert sorted(geo.authorities.index) == expected_las
    assert len(geo.clusters) == 60 and geo.clusters.index.is_unique


def test_boards_hold_the_right_authorities(geo):
    got = {hb: set(geo.authorities.loc[geo.authorities["hb_code"] == hb, "name_en"]) for hb in geo.boards.index}
    assert got == BOARD_LAS


def test_official_names(geo):
    assert geo.boards.at["W11000023", "name_en"] == "Betsi Cadwaladr University Health Board"
    assert geo.boards.at["W11000023", "name_cy"] == "Bwrdd Iechyd Prifysgol Betsi Cadwaladr"
    assert geo.boards.at["W11000024", "name_cy"] == "Bwrdd Iechyd Addysgu Powys"
    assert geo.authorities.at["W06000001", "name_cy"] == "Ynys Môn"


def test_cluster_facts_match_the_published_table(geo):
    assert geo.clusters.at["cynon-north", "registered_population"] == 32300
    assert geo.clusters.at["cardiff-north", "practices"] == 10
    assert geo.clusters.at["tywi-taf", "name_en"] == "Tywi/Taf"
    assert (geo.clusters.at["penderi", "seed_lat"], geo.clusters.at["penderi", "seed_lon"]) == (51.642, -3.956)
    assert int(geo.clusters["registered_population"].sum()) == 3_300_400
    assert int(geo.clusters["practices"].sum()) == 369
    assert geo.population("health_board")["W11000024"] == 30000 + 66200 + 45300


def test_clusters_csv_and_geojson_agree(geo):
    shapes = gpd.read_file(GEOGRAPHY_DIR / "clusters.geojson")
    facts = pd.read_csv(GEOGRAPHY_DIR / "clusters.csv")
    assert list(shapes["cluster_id"]) == list(facts["cluster_id"])
    assert shapes["indicative"].all()
    note = json.loads((GEOGRAPHY_DIR / "clusters.geojson").read_text())["note"]
    assert "indicative" in note.lower()


def test_hierarchy_is_sound(geo):
    assert check_hierarchy(geo) == []


def _broken_copy(tmp_path, edit):
    directory = tmp_path / "geo"
    shutil.copytree(GEOGRAPHY_DIR, directory)
    edit(directory)
    return directory


def test_hierarchy_reports_a_cluster_outside_its_authority(tmp_path):
    def edit(d):
        facts = pd.read_csv(d / "clusters.csv", dtype=str)
        facts.loc[facts["cluster_id"] == "cynon-north", "la_code"] = "W06000024"  # Merthyr, same board
        facts.to_csv(d / "clusters.csv", index=False)

    problems = texts(check_hierarchy(load_geography(_broken_copy(tmp_path, edit))), "en")
    assert len(problems) == 1 and problems[0].startswith("cluster cynon-north:") and "outside" in problems[0]


def test_hierarchy_reports_an_authority_in_two_boards(tmp_path):
    def edit(d):
        facts = pd.read_csv(d / "clusters.csv", dtype=str)
        facts.loc[facts["cluster_id"] == "north-powys", "hb_code"] = "W11000023"
        facts.to_csv(d / "clusters.csv", index=False)

    problems = texts(check_hierarchy(load_geography(_broken_copy(tmp_path, edit))), "en")
    assert "local authority W06000023 has clusters in more than one health board" in problems


def test_hierarchy_reports_a_missing_code(tmp_path):
    def edit(d):
        data = json.loads((d / "health_boards.geojson").read_text())
        data["features"] = data["features"][1:]  # Betsi Cadwaladr, board of the six northern authorities
        (d / "health_boards.geojson").write_text(json.dumps(data))

    directory = _broken_copy(tmp_path, edit)
    problems = texts(check_hierarchy(load_geography(directory)), "en")
    assert problems == [f"local authority W0600000{n}: unknown health board W11000023" for n in range(1, 7)]
    assert "health board: 6 areas in the files, the manifest says 7" in texts(manifest_problems(directory), "en")


def test_hierarchy_of_a_geography_of_another_size_is_sound(geo):
    # 59 clusters, not the embedded 60 (Cardiff keeps eight): a level's size is the geography's own.
    fewer = Geography(boards=geo.boards, authorities=geo.authorities, clusters=geo.clusters.drop(index="cardiff-north"))
    assert len(fewer.clusters) == 59
    assert check_hierarchy(fewer) == []


@pytest.mark.parametrize("level", ["health_board", "local_authority", "cluster"])
def test_neighbours_share_edges(geo, level):
    assert coverage_problems(geo.layer(level)) == []


def test_topology_check_finds_an_overlap(geo):
    layer = geo.authorities.copy()
    layer.loc["W06000015", "geometry"] = layer.loc["W06000015", "geometry"].buffer(0.01)
    assert str(coverage_problems(layer)[0]).startswith("edges not shared exactly")


@pytest.mark.parametrize(
    ("parts", "key", "parents"), [("clusters", "la_code", "authorities"), ("authorities", "hb_code", "boards")]
)
def test_each_level_is_the_union_of_the_one_below(geo, parts, key, parents):
    children, parent_layer = getattr(geo, parts).to_crs(BNG), getattr(geo, parents).to_crs(BNG)
    for code, geom in parent_layer.geometry.items():
        union = shapely.union_all(children.loc[children[key] == code].geometry.values)
        assert union.symmetric_difference(geom).area < 1.0, code  # under 1 m2


def test_layers_are_small():
    sizes = [
        (GEOGRAPHY_DIR / f"{n}.geojson").stat().st_size for n in ("health_boards", "local_authorities", "clusters")
    ]
    assert sum(sizes) < 200_000


@pytest.mark.reference
def test_boards_match_official_boundaries(geo, reference):
    table = accuracy(geo, reference / "ons_lhb_2022_buc" / "LHB_APR_2022_WA_BUC.shp")
    assert len(table) == 7
    assert (table["iou"] >= 0.75).all(), table["iou"].to_dict()
    assert abs(table["area_km2"].sum() / table["official_km2"].sum() - 1) <= 0.03


@pytest.mark.parametrize(
    ("level", "text", "code"),
    [
        ("health_board", "Powys Teaching HB", "W11000024"),
        ("health_board", "Bwrdd Iechyd Prifysgol Caerdydd a’r Fro", "W11000029"),
        ("health_board", "Cardiff & Vale UHB", "W11000029"),
        ("health_board", "W11000031", "W11000031"),
        ("local_authority", "Powys Teaching HB", None),
        ("local_authority", "Ynys Mon", "W06000001"),
        ("local_authority", "Vale of Glamorgan Council", "W06000014"),
        ("cluster", "City & Cardiff South", "city-and-cardiff-south"),
        ("cluster", "Taf Elái", "taff-ely"),
        ("cluster", "Cynon Nrth", None),
    ],
)
def test_names_resolve_within_their_level_only(geo, level, text, code):
    assert geo.names.resolve(level, text) == code


def test_unresolved_names_get_suggestions(geo):
    assert geo.names.suggest("cluster", "Cynon Nrth")[0] == "Cynon North"
    assert geo.names.suggest("health_board", "Hywel Da")[0] == "Hywel Dda University Health Board"


def test_normalise_name():
    assert normalise_name("  Aneurin  Bevan U.H.B. ", "health_board") == "aneurin bevan u h b"
    assert normalise_name("Aneurin Bevan UHB", "health_board") == "aneurin bevan"


@pytest.mark.reference
def test_gp_practice_clusters_all_resolve(geo, reference):
    practices = pd.read_csv(reference / "wales_gp_practices.csv")
    resolved = practices["Cluster"].map(lambda name: geo.names.resolve("cluster", name))
    assert resolved.notna().all(), practices.loc[resolved.isna(), "Cluster"].unique().tolist()
    assert resolved.nunique() == 60
    boards = practices["Local Health Board"].map(lambda name: geo.names.resolve("health_board", name))
    assert (boards == resolved.map(geo.clusters["hb_code"])).all()
    las = practices["Local Authority"].map(lambda name: geo.names.resolve("local_authority", name))
    assert (las == resolved.map(geo.clusters["la_code"])).all()
    counts = resolved.value_counts()
    assert (counts == geo.clusters["practices"].reindex(counts.index)).all()


def test_cli_check_passes_and_prints_counts(tmp_path, cli):
    result = cli("geography", "--check", "--reference", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "Health board       7",
        "Local authority   22",
        "Cluster           60",
        "Registered population: 3,300,400",
    ]
    assert "Accuracy not checked" in result.stdout


def test_cli_check_speaks_welsh(tmp_path, cli):
    result = cli("geography", "--check", "--reference", str(tmp_path), "--lang", "cy")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[:4] == [
        "Bwrdd iechyd       7",
        "Awdurdod lleol    22",
        "Clwstwr           60",
        "Poblogaeth gofrestredig: 3,300,400",
    ]
    assert "Ni wiriwyd y cywirdeb" in result.stdout and "Hierarchaeth a thopoleg: Iawn" in result.stdout


@pytest.mark.reference
def test_cli_check_prints_accuracy(reference, cli):
    result = cli("geography", "--check", "--reference", str(reference))
    assert result.returncode == 0
    assert "Cardiff and Vale" in result.stdout and "IoU" in result.stdout


def test_cli_check_exits_1_when_the_hierarchy_is_broken(tmp_path, cli):
    def edit(d):
        facts = pd.read_csv(d / "clusters.csv", dtype=str)
        facts.loc[facts["cluster_id"] == "north-powys", "la_code"] = "W06000099"
        facts.to_csv(d / "clusters.csv", index=False)

    directory = _broken_copy(tmp_path, edit)
    result = cli("geography", "--check", "--dir", str(directory), "--reference", str(tmp_path))
    assert result.returncode == 1
    assert "cluster north-powys: unknown local authority W06000099" in result.stdout
