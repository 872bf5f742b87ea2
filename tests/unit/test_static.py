from pathlib import Path

import folium
import pytest

from sprx_map import PROJECT_DIR, maps


def test_leaflet_is_served_from_the_app_and_matches_the_pinned_package():
    xleaflet = pytest.importorskip("xstatic.pkg.leaflet", reason="XStatic-Leaflet is in requirements-dev.txt")
    static = PROJECT_DIR / "static" / "leaflet"
    for name in ("leaflet.js", "leaflet.css"):
        assert (static / name).read_bytes() == (Path(xleaflet.BASE_DIR) / name).read_bytes(), name
    assert xleaflet.VERSION == "1.9.3"
    assert "leaflet@1.9.3" in str(folium.Map.default_js)  # the version folium itself links to
    assert maps.OfflineMap.default_js == [("leaflet", "../../app/static/leaflet/leaflet.js")]


def test_the_page_icon_is_the_favicon_as_streamlit_serves_it():
    from streamlit import url_util

    from sprx_map import ui

    assert url_util.is_relative_static_url(ui.FAVICON_URL)  # passed on as it is, not read on every run
    assert PROJECT_DIR / "static" / ui.FAVICON_URL.removeprefix("/app/static/") == ui.FAVICON
    assert ui.FAVICON.is_file()
