"""The app switches to official boundaries kept in the store, and back."""

from sprx_map import store
from sprx_map.geo import boundaries
from sprx_map.geo.manifest import read_manifest
from sprx_map.i18n import t
from tests.builders import as_read


def test_official_boards_are_used_and_can_be_switched_back(run_page, own_store, reference, geo, monkeypatch, sign_in):
    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    load = boundaries.read_boundaries(reference / "ons_lhb_2022_buc" / "LHB_APR_2022_WA_BUC.shp", "health_board", geo)
    engine = store.connect(own_store)
    version = store.save_geography(engine, load, who="test")
    engine.dispose()

    at = run_page("pages/overview.py")
    assert t("app.attribution_official") in [c.value for c in at.caption]

    at = run_page("pages/intake.py")
    assert "Geography in use" in [s.value for s in at.main.subheader]
    choice = at.selectbox(key="geo_health_board_boundaries")
    assert choice.value == version and choice.disabled  # in use; only those allowed may change it
    listed = at.dataframe[-1].value.iloc[0]
    assert (listed["Level"], listed["What"]) == ("Health board", "boundaries")  # words, not keys
    welsh = run_page("pages/intake.py", lang="cy").dataframe[-1].value.iloc[0]
    assert list(welsh.iloc[1:3]) == [t("level.health_board", "cy"), t("geo.kind.boundaries", "cy")]
    sign_in(at)
    at.selectbox(key="geo_health_board_boundaries").set_value(0).run()  # 0: the embedded geography
    next(b for b in at.button if b.key == "geo_use").click().run()
    engine = store.connect(own_store)
    assert store.active_geography(engine) == {}
    assert store.geography_versions(engine)["id"].tolist() == [version]  # kept, not in use
    engine.dispose()
    at = run_page("pages/overview.py")
    assert read_manifest().attribution_in("en") in [c.value for c in at.caption]  # the embedded one's words


def test_official_boundaries_uploaded_in_the_app_are_checked_then_stored(
    run_page, own_store, reference, monkeypatch, sign_in
):
    import io
    import zipfile

    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    folder = reference / "ons_lhb_2022_buc"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.glob("LHB_APR_2022_WA_BUC.*")):
            archive.write(path, path.name)
    at = run_page("pages/intake.py")
    sign_in(at)
    at.get("file_uploader")[-1].upload("lhb.zip", buffer.getvalue()).run()
    report = at.code[0].value
    assert report.splitlines()[0] == "lhb.zip: 7 features read, CRS EPSG:27700 (OSGB36 / British National Grid)"
    assert "health board: 7 of 7 areas; missing: (none); unknown: (none)" in report
    next(b for b in at.button if b.key == "geo_store").click().run()
    assert [s.value for s in at.success] == ["Stored as version #1 and now in use."]
    engine = store.connect(own_store)
    assert list(store.active_geography(engine)) == [("health_board", "boundaries")]
    engine.dispose()


def test_an_upload_that_is_not_boundaries_says_why(run_page, own_store, monkeypatch, sign_in):
    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    at = run_page("pages/intake.py")
    sign_in(at)
    at.get("file_uploader")[-1].upload("boards.csv", b"name,value\nPowys,1\n").run()
    assert as_read(at.error[0].value).startswith("boards.csv is a table, not a boundary file.")
    assert not [b for b in at.button if b.key == "geo_store"]


def test_a_welsh_page_shows_the_geography_report_in_welsh(run_page, own_store, reference, monkeypatch, sign_in):
    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    folder = reference / "ons_lhb_2022_buc"
    at = run_page("pages/intake.py", lang="cy")
    sign_in(at)
    shapes = {p.suffix: p.read_bytes() for p in folder.glob("LHB_APR_2022_WA_BUC.*")}
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for suffix, data in sorted(shapes.items()):
            archive.writestr("lhb" + suffix, data)
    at.get("file_uploader")[-1].upload("lhb.zip", buffer.getvalue()).run()
    report = at.code[0].value
    assert "  bwrdd iechyd: 7 o 7 ardal; ar goll: (dim); anhysbys: (dim)" in report.splitlines()
    refused = run_page("pages/intake.py", lang="cy")
    sign_in(refused)
    refused.get("file_uploader")[-1].upload("boards.csv", b"name,value\nPowys,1\n").run()
    assert as_read(refused.error[0].value) == t("boundaries.not_geographic", "cy", file="boards.csv")


def test_the_embedded_geography_is_credited_in_its_manifests_words(run_page):
    manifest = read_manifest()
    english = [c.value for c in run_page("pages/overview.py").caption]
    welsh = [c.value for c in run_page("pages/overview.py", lang="cy").caption]
    assert manifest.attribution_in("en") == "Boundaries made with Natural Earth. Cluster facts: NHS Wales."
    assert (
        manifest.attribution_in("cy") == "Ffiniau wedi'u creu gyda Natural Earth. Ffeithiau am y clystyrau: GIG Cymru."
    )
    assert manifest.attribution_in("en") in english and manifest.attribution_in("cy") not in english
    assert manifest.attribution_in("cy") in welsh and manifest.attribution_in("en") not in welsh
