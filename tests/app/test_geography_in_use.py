"""The app switches to official boundaries kept in the store, and back."""

from sprx_map import boundaries, store
from sprx_map.i18n import t


def test_official_boards_are_used_and_can_be_switched_back(run_page, own_store, reference, geo, monkeypatch):
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
    at.text_input(key="geo_password").set_value("s3cret").run()
    at.selectbox(key="geo_health_board_boundaries").set_value(0).run()  # 0: the embedded geography
    next(b for b in at.button if b.key == "geo_use").click().run()
    engine = store.connect(own_store)
    assert store.active_geography(engine) == {}
    assert store.geography_versions(engine)["id"].tolist() == [version]  # kept, not in use
    engine.dispose()
    at = run_page("pages/overview.py")
    assert t("app.attribution") in [c.value for c in at.caption]
