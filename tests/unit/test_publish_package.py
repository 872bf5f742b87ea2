"""The published site's data package: valid Frictionless, every CSV listed with its JSON copy, schemas that
are the files' headers, codes that resolve to the geography."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from frictionless import Package, validate

from sprx_map import cli, export
from sprx_map.downloads import Download
from sprx_map.publish import package
from sprx_map.publish.round import Round
from tests.unit.test_publish import _build

LANGS = ("en", "cy")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as patch:  # a licence chosen, so that frictionless checks how it is declared
        patch.setenv("SPRX_DATA_LICENCE", "OGL-UK-3.0")
        return _build(tmp_path_factory.mktemp("site"), "site")


def _descriptor(site: Path, lang: str) -> dict:
    return json.loads((site / lang / "datapackage.json").read_text(encoding="utf-8"))


def _schemas(site: Path, lang: str) -> dict[str, dict]:
    """Each resource's name -> its schema, read from its file where several tables share one."""
    out = {}
    for resource in _descriptor(site, lang)["resources"]:
        schema = resource["schema"]
        out[resource["name"]] = (
            json.loads((site / lang / schema).read_text("utf-8")) if isinstance(schema, str) else schema
        )
    return out


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _errors(report) -> list[str]:
    return [e.message for e in report.errors] + [f"{t.name}: {e.message}" for t in report.tasks for e in t.errors]


@pytest.mark.parametrize("lang", LANGS)
def test_the_package_is_valid_frictionless_with_no_error(built, lang):
    report = validate(str(built / lang / "datapackage.json"))
    assert _errors(report) == []
    assert report.valid


def test_a_code_missing_from_the_geography_is_a_foreign_key_error(built, tmp_path):
    folder = shutil.copytree(built / "en", tmp_path / "en")
    name = "sprx-areas-cluster-2026-03-en"
    broken = (folder / f"data/{name}.csv").read_bytes().replace(b"\naber,", b"\nnowhere,")
    (folder / f"data/{name}.csv").write_bytes(broken)
    descriptor = _descriptor(tmp_path, "en")
    for resource in descriptor["resources"]:
        if resource["name"] == name:  # the file's size and hash as it now is: only its codes are wrong
            resource |= {"bytes": len(broken), "hash": "sha256:" + hashlib.sha256(broken).hexdigest()}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    report = validate(str(folder / "datapackage.json"))
    assert [(t.name, e.type) for t in report.tasks for e in t.errors] == [(name, "foreign-key")]


@pytest.mark.parametrize("lang", LANGS)
def test_every_csv_is_listed_with_its_json_copy_and_in_the_sums(built, lang):
    resources = _descriptor(built, lang)["resources"]
    on_disk = sorted(p.relative_to(built / lang).as_posix() for p in (built / lang / "data").glob("*.csv"))
    listed = sorted(r["path"] for r in resources if r["format"] == "csv")
    assert listed == on_disk and len(on_disk) == 12  # projects of Wales and 7 areas, 3 levels, the geography
    assert sorted(r["path"] for r in resources if r["format"] == "json") == [p[:-4] + ".json" for p in on_disk]
    sums = (built / "SHA256SUMS").read_text()
    for path in [*on_disk, *(p[:-4] + ".json" for p in on_disk), "datapackage.json"]:
        assert f"  {lang}/{path}\n" in sums


@pytest.mark.parametrize("lang", LANGS)
def test_each_schema_names_its_files_header_exactly_and_loads_every_row(built, lang):
    for resource in Package(str(built / lang / "datapackage.json")).resources:
        csv_path = built / lang / resource.path.removesuffix(".json").removesuffix(".csv")
        rows = _csv_rows(csv_path.with_name(csv_path.name + ".csv"))
        assert resource.schema.field_names == rows[0], resource.name
        assert len(resource.read_rows()) == len(rows) - 1, resource.name


def test_the_json_copy_keeps_marks_and_writes_numbers_and_yes_no_as_json(built):
    rows = json.loads((built / "en/data/sprx-areas-cluster-2026-03-en.json").read_text(encoding="utf-8"))
    aber = rows[0]
    assert [aber[k] for k in ("Code", "Current projects", "Link-worker FTE", "Registered patients")] == [
        "aber",
        2,
        1.0,
        10000,
    ]
    assert aber["Referrals to social prescribing a year"] == "<5"
    assert rows[1]["Referrals to social prescribing a year"] == "[c]"
    assert aber["Onward referrals to activities a year"] is None  # an empty cell
    assert (aber["Incomplete"], aber["Illustrative data"], aber["Data as of"]) == (False, False, "2026-03-31 10:30")
    projects = json.loads((built / "cy/data/sprx-projects-wales-2026-03-cy.json").read_text(encoding="utf-8"))
    assert [p["Nifer y gweithwyr cyswllt"] for p in projects] == ["[x]"] * 4


@pytest.mark.parametrize(
    ("lang", "unit", "marks"),
    [
        ("en", "per 1,000 patients a year", ["", "<5", "[c]", "[x]"]),
        ("cy", "fesul 1,000 o gleifion y flwyddyn", ["", "<5", "[c]", "[x]"]),
    ],
)
def test_types_units_marks_and_keys_come_from_the_files_own_definitions(built, lang, unit, marks):
    schemas = _schemas(built, lang)
    areas = schemas[f"sprx-areas-cluster-2026-03-{lang}"]
    fields = {f["name"]: f for f in areas["fields"]}
    rate = next(f for f in areas["fields"] if f.get("unit") == unit)
    assert rate["type"] == "number" and rate["name"] == rate["title"]
    assert [m["value"] for m in areas["missingValues"]] == marks
    code = areas["fields"][0]["name"]
    assert areas["primaryKey"] == [code]
    geography = f"sprx-geography-2026-03-{lang}"
    assert areas["foreignKeys"] == [{"fields": [code], "reference": {"resource": geography, "fields": [code]}}]
    assert [f["type"] for f in areas["fields"][-3:]] == ["string", "boolean", "datetime"]
    assert {f["type"] for f in fields.values()} == {"string", "number", "boolean", "datetime"}
    places = schemas[geography]
    assert [k["reference"]["resource"] for k in places["foreignKeys"]] == ["", ""]  # authority and board: itself


@pytest.mark.parametrize(
    ("lang", "title", "said"),
    [
        ("en", "Open Government Licence v3.0", "The survey figures are released under this licence: Open Government"),
        ("cy", "Trwydded Llywodraeth Agored v3.0", "Rhyddheir ffigurau'r arolwg o dan y drwydded hon: Trwydded"),
    ],
)
def test_the_chosen_licence_is_declared_with_its_id_address_and_title_in_the_language(built, lang, title, said):
    descriptor = _descriptor(built, lang)
    path = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    assert descriptor["licenses"] == [{"name": "OGL-UK-3.0", "path": path, "title": title}]
    last = descriptor["description"].split("\n\n")[-1]
    assert last.startswith(said) and f"{title} ({path})." in last


def test_the_sample_store_package_says_it_is_illustrative_and_that_no_licence_is_stated(sample, geo, monkeypatch):
    monkeypatch.delenv("SPRX_DATA_LICENCE", raising=False)
    r = Round(sample, geo, "sample", "fte_per_10k")
    made = {f.path: f for f in package.package_files(r, "cy", [])}
    descriptor = json.loads(made["cy/datapackage.json"].content)
    assert descriptor["illustrative"] is True and descriptor["round"] == "sample"
    assert descriptor["description"].startswith("Data enghreifftiol")
    assert "licenses" not in descriptor
    assert descriptor["description"].split("\n\n")[-1].startswith("Nid yw'r wefan yn nodi trwydded")
    geography = _csv_rows_of(made["cy/data/sprx-geography-sample-cy.csv"].content)
    assert len(geography) == 1 + 7 + 22 + 60


def _csv_rows_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(content.decode("utf-8-sig").splitlines()))


@pytest.mark.parametrize("lang", LANGS)
def test_the_index_links_to_its_languages_package(built, lang):
    index = (built / lang / "index.html").read_text(encoding="utf-8")
    assert '<p><a href="datapackage.json">' in index


def test_publish_refuses_a_licence_it_does_not_know_before_writing_anything(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SPRX_DATA_LICENCE", "MIT")
    assert cli.main(["publish", "--out", str(tmp_path / "site")]) == 2
    assert capsys.readouterr().err == (
        "SPRX_DATA_LICENCE='MIT': use one of OGL-UK-3.0, CC-BY-4.0, CC0-1.0, ODC-BY-1.0.\n"
    )
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("lang", LANGS)
def test_a_schema_several_tables_share_is_one_file_they_all_point_to(built, lang):
    resources = _descriptor(built, lang)["resources"]
    projects = {r["schema"] for r in resources if r["name"].startswith("sprx-projects-")}
    assert projects == {f"schemas/sprx-projects-wales-2026-03-{lang}.json"}
    assert sum(1 for r in resources if r["name"].startswith("sprx-projects-")) == 2 * (1 + 7)
    written = sorted(p.name for p in (built / lang / "schemas").iterdir())
    # the authorities' and the clusters' measures have the same columns in the tiny geography
    assert written == [f"sprx-areas-local_authority-2026-03-{lang}.json", f"sprx-projects-wales-2026-03-{lang}.json"]
    assert isinstance(next(r for r in resources if r["name"].startswith("sprx-geography-"))["schema"], dict)
    sums = (built / "SHA256SUMS").read_text()
    assert all(f"  {lang}/schemas/{name}\n" in sums for name in written)


def _projects(references: list[str | None]) -> Download:
    frame = pd.DataFrame({"project_name": ["Green Gym", "Arts on Prescription"], "project_reference": references})
    headings = {"project_name": "Project name", "project_reference": "Project reference"}
    return Download(frame, headings, "Projects", export.Release("2026-03", False, None, "en"))


@pytest.mark.parametrize(
    ("references", "key"),
    [(["PWY-0001", "PWY-0002"], ["Project reference"]), (["PWY-0001", None], None), (["PWY-0001", ""], None)],
)
def test_a_projects_table_is_keyed_by_its_references_only_when_every_row_has_one(tmp_path, references, key):
    made = _projects(references)
    content = export.csv_bytes(made.frame, made.headings, made.release)
    described = package.table_schema(package.table_of("p.csv", made, content), "en", "geography")
    assert described.get("primaryKey") == key
    (tmp_path / "p.csv").write_bytes(content)
    descriptor = {"$schema": package.PROFILE, "resources": [{"name": "p", "path": "p.csv", "schema": described}]}
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    report = validate(str(tmp_path / "datapackage.json"))
    assert _errors(report) == []


def test_the_every_round_table_is_keyed_by_area_and_round_and_frictionless_finds_each_pair_once(tmp_path):
    from tests import tiny
    from tests.unit.test_publish_profiles import _three_rounds

    geo = tiny.geography()
    site = _build(tmp_path, "site", geo, data=_three_rounds(geo))
    for lang in LANGS:
        rounds = _schemas(site, lang)[f"sprx-rounds-cluster-2026-03-{lang}"]
        names = [f["name"] for f in rounds["fields"]]
        assert rounds["primaryKey"] == [names[0], names[2]]  # Code, Survey round
        report = validate(str(site / lang / "datapackage.json"))
        assert _errors(report) == []  # a round written over every row would repeat each code: a key error
