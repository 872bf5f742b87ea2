"""The embedded geography's manifest: its counts and checksums are the files', its words credit them."""

import hashlib
import json
import shutil

import pytest

from sprx_map import GEOGRAPHY_DIR
from sprx_map.export import sources_text
from sprx_map.geo.geography import load_geography
from sprx_map.geo.manifest import MANIFEST_NAME, manifest_problems, read_manifest, refreshed, write_manifest
from sprx_map.messages import texts


@pytest.fixture
def copy(tmp_path):
    directory = tmp_path / "geography"
    shutil.copytree(GEOGRAPHY_DIR, directory)
    return directory


def test_manifest_counts_are_the_files_counts():
    geo = load_geography()
    counted = {"health_board": len(geo.boards), "local_authority": len(geo.authorities), "cluster": len(geo.clusters)}
    assert read_manifest().counts == counted == {"health_board": 7, "local_authority": 22, "cluster": 60}
    shapes = json.loads((GEOGRAPHY_DIR / "clusters.geojson").read_text(encoding="utf-8"))["features"]
    assert len(shapes) == read_manifest().counts["cluster"]


def test_manifest_holds_the_sha256_of_every_file():
    on_disk = {
        p.relative_to(GEOGRAPHY_DIR).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in GEOGRAPHY_DIR.rglob("*")
        if p.is_file() and p.name != MANIFEST_NAME
    }
    assert set(on_disk) == {
        "aliases.csv",
        "clusters.csv",
        "clusters.geojson",
        "health_boards.geojson",
        "local_authorities.geojson",
        "sources/cluster_facts.csv",
        "sources/health_boards.csv",
        "sources/local_authorities.csv",
    }
    assert read_manifest().files == on_disk
    assert manifest_problems() == []


def test_manifest_names_sources_and_licences_in_both_languages():
    manifest = read_manifest()
    assert manifest.source_name("boundaries", "en") == "Natural Earth"
    assert (manifest.licence("boundaries", "en"), manifest.licence("boundaries", "cy")) == (
        "public domain",
        "parth cyhoeddus",
    )
    assert (manifest.source_name("cluster_facts", "en"), manifest.source_name("cluster_facts", "cy")) == (
        "NHS Wales",
        "GIG Cymru",
    )
    assert manifest.licence("cluster_facts", "en") is None  # not recorded: said so, not guessed
    assert manifest.licence("codes", "cy") == "Trwydded Llywodraeth Agored v3.0"


def test_export_sources_credit_the_geography_from_the_manifest():
    assert sources_text("en") == (
        "Survey returns of the health boards to Public Health Wales' Primary Care Hub. Boundaries made with "
        "Natural Earth (public domain), or the official ONS boundaries where loaded (Open Government Licence v3.0; "
        "contains OS data © Crown copyright and database right). Cluster facts: NHS Wales. Made with sprx-map."
    )
    assert "Ffiniau wedi'u creu gyda Natural Earth (parth cyhoeddus)" in sources_text("cy")
    assert "Ffeithiau am y clystyrau: GIG Cymru." in sources_text("cy")


def test_attribution_follows_the_manifest(copy):
    raw = json.loads((copy / MANIFEST_NAME).read_text(encoding="utf-8"))
    raw["attribution"] = {"en": "Drawn from somewhere else.", "cy": "Wedi'i dynnu o rywle arall."}
    (copy / MANIFEST_NAME).write_text(json.dumps(raw), encoding="utf-8")
    assert read_manifest(copy).attribution_in("en") == "Drawn from somewhere else."
    assert read_manifest(copy).attribution_in("cy") == "Wedi'i dynnu o rywle arall."
    assert read_manifest().attribution_in("en") == "Boundaries made with Natural Earth. Cluster facts: NHS Wales."


def test_a_tampered_file_is_reported_in_both_languages(copy):
    path = copy / "clusters.csv"
    path.write_bytes(path.read_bytes().replace(b"33400", b"33401"))
    found = hashlib.sha256(path.read_bytes()).hexdigest()
    expected = read_manifest().files["clusters.csv"]
    problems = manifest_problems(copy)
    assert texts(problems, "en") == [
        f"clusters.csv: changed since the geography was built (sha256 {found[:12]}…, the manifest says "
        f"{expected[:12]}…). Restore the file, or rebuild the geography with `make geography`, which writes a new "
        "manifest"
    ]
    assert texts(problems, "cy")[0].startswith(
        f"clusters.csv: wedi newid ers adeiladu'r ddaearyddiaeth (sha256 {found[:12]}"
    )


def test_missing_unlisted_and_miscounted_files_are_reported(copy):
    (copy / "aliases.csv").unlink()
    (copy / "extra.csv").write_text("code\n", encoding="utf-8")
    raw = json.loads((copy / MANIFEST_NAME).read_text(encoding="utf-8"))
    raw["counts"]["cluster"] = 61
    (copy / MANIFEST_NAME).write_text(json.dumps(raw), encoding="utf-8")
    assert texts(manifest_problems(copy), "en") == [
        "aliases.csv: listed in the manifest but missing",
        "extra.csv: not described by the manifest",
        "cluster: 60 areas in the files, the manifest says 61",
    ]
    assert texts(manifest_problems(copy), "cy")[2] == "clwstwr: 60 ardal yn y ffeiliau, mae'r maniffest yn dweud 61"
    (copy / MANIFEST_NAME).unlink()
    assert texts(manifest_problems(copy), "en") == [
        f"no manifest at {copy / MANIFEST_NAME}: the files' sources, counts and checksums cannot be checked"
    ]


def test_write_manifest_refreshes_counts_and_checksums_only(copy):
    assert refreshed(GEOGRAPHY_DIR) == json.loads((GEOGRAPHY_DIR / MANIFEST_NAME).read_text(encoding="utf-8"))
    path = copy / "health_boards.geojson"
    path.write_bytes(path.read_bytes() + b"\n")
    assert len(manifest_problems(copy)) == 1
    write_manifest(copy)
    assert manifest_problems(copy) == []
    assert read_manifest(copy).files["health_boards.geojson"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert read_manifest(copy).attribution == read_manifest().attribution


def test_cli_check_reports_a_tampered_file_and_exits_1(copy, tmp_path, cli):
    ok = cli("geography", "--check", "--reference", str(tmp_path))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.splitlines()[4] == "Files as the manifest describes them: 8 (sha256 checked)"
    path = copy / "local_authorities.geojson"
    path.write_bytes(path.read_bytes().replace(b"Gwynedd", b"Gwyneth", 1))
    result = cli("geography", "--check", "--dir", str(copy), "--reference", str(tmp_path))
    assert result.returncode == 1
    assert "  - local_authorities.geojson: changed since the geography was built (sha256 " in result.stdout
    assert "Files as the manifest describes them" not in result.stdout
    welsh = cli("geography", "--check", "--dir", str(copy), "--reference", str(tmp_path), "--lang", "cy")
    assert welsh.returncode == 1
    assert "local_authorities.geojson: wedi newid ers adeiladu'r ddaearyddiaeth" in welsh.stdout
