"""WCAG 2.2 AA checks with axe-core (from the npm registry, see package.json) on every page.

axe runs in the page and in every frame inside it (the maps are iframes of the
app's own markup). No serious or critical violation is allowed.
"""

import pytest

from sprx_map import PROJECT_DIR

from .conftest import PATIENCE, _unavailable, leaflet_paths, open_page, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]
AXE = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
RUN = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']},
                                          resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.html.slice(0, 120)).join(' | ')}`);
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        _unavailable(f"axe-core is not installed at {AXE} (run `npm ci`, which `make test` does)")
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/map",
        "/projects",
        "/charts",
        "/gaps",
        "/change",
        "/about",
        "/intake",
        "/?lang=cy",
        "/?present=1",
        "/profile?plevel=cluster&area=mid-powys",
    ],
)
def test_no_serious_accessibility_violation(page, app_url, axe_source, path):
    open_page(page, app_url + path)
    if path in ("/map", "/change", "/?present=1"):
        leaflet_paths(page)  # the map has drawn
    if path == "/map":  # its table of numbers is drawn once opened: check that too
        page.get_by_text("The numbers on the map").click()
        page.locator("table").first.wait_for(timeout=PATIENCE)
    if path.startswith(("/gaps", "/profile")):  # its charts have drawn
        page.wait_for_selector(".js-plotly-plot", timeout=PATIENCE)
    wait_idle(page)  # every run over and every frame loaded
    found = {}
    for frame in page.frames:
        frame.evaluate(axe_source)
        problems = frame.evaluate(RUN)
        if problems:
            found[frame.url[:60] or "main"] = problems
    assert found == {}
