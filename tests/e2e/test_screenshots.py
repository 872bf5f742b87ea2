"""The README's two pictures, taken from the running app on the bundled illustrative data.

Made by the browser tests so they show the app as it is: a change to the Map page or the Area profile
is in the README's pictures the next time the tests run.
"""

from __future__ import annotations

import struct

import pytest

from sprx_map import PROJECT_DIR

from .conftest import PATIENCE, VIEWPORT, leaflet_paths, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]
IMAGES = PROJECT_DIR / "docs" / "images"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Every plotly chart of the page has drawn its picture.
EVERY_PLOT_DRAWN = """count => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    return plots.length === count && plots.every(plot => plot.querySelector('svg.main-svg'));
}"""
# Scroll the page's main column until its first choice of area (the radio buttons) sits just below Streamlit's
# header (60 px, drawn over the column): the picture starts at the page's controls and leaves out the line
# "Data as of" (the time the test's store was made), so the pictures change only when the pages do.
TO_THE_CONTROLS = """margin => {
    const main = document.querySelector('[data-testid=stMain]');
    const controls = main.querySelector('[data-testid=stRadio]');
    main.scrollTop += controls.getBoundingClientRect().top - margin;
    return Math.round(controls.getBoundingClientRect().top);
}"""
HEADER_MARGIN = 72


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its header (the IHDR chunk comes first, by the format's rule)."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_png_size_reads_the_header():
    header = PNG_SIGNATURE + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", 1366, 768)
    assert png_size(header) == (1366, 768)
    with pytest.raises(AssertionError, match="not a PNG"):
        png_size(b"GIF89a" + bytes(18))


def _steady(page, tries: int = 40) -> bytes:
    """The viewport as a PNG once two pictures in a row are the same: Leaflet may still be zooming the map to
    fit (its outlines drawn thicker while it scales), and the picture is of the page at rest."""
    before = page.screenshot(animations="disabled")
    for _ in range(tries):
        page.wait_for_timeout(250)  # the interval between two looks, not a wait for something to happen
        now = page.screenshot(animations="disabled")
        if now == before:
            return now
        before = now
    raise AssertionError(f"the page was still changing after {tries} pictures")


def _take(page, name: str) -> None:
    assert page.evaluate(TO_THE_CONTROLS, HEADER_MARGIN) == HEADER_MARGIN
    picture = _steady(page)  # the viewport only: the picture is the first screen of the page's content
    IMAGES.mkdir(parents=True, exist_ok=True)
    path = IMAGES / f"{name}.png"
    path.unlink(missing_ok=True)  # so the checks below are of this run's picture
    path.write_bytes(picture)
    assert png_size(path.read_bytes()) == (VIEWPORT["width"], VIEWPORT["height"])


def test_the_map_picture_shows_every_cluster(page, app_url):
    open_page(page, f"{app_url}/map?level=cluster&measure=fte_per_10k")
    assert "Illustrative data" in page.locator("[data-testid=stAlert]").first.inner_text()
    assert leaflet_paths(page, 60) == 60
    _take(page, "map")


def test_the_profile_picture_shows_a_cluster_beside_its_board_and_wales(page, app_url):
    open_page(page, f"{app_url}/profile?plevel=cluster&area=cardiff-east")
    assert page.locator("h1").first.inner_text() == "Area profiles"
    assert "Illustrative data" in page.locator("[data-testid=stAlert]").first.inner_text()
    page.wait_for_function(EVERY_PLOT_DRAWN, arg=2, timeout=PATIENCE)
    _take(page, "profile")
