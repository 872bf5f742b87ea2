"""A project named like an HTML attack shows as text everywhere, in a real browser."""

import pytest

from sprx_map import store
from sprx_map.returns import read_return
from tests.builders import REQUIRED_HEADER

from ..conftest import workbook_bytes
from .conftest import LOCAL, PATIENCE, app_on, leaflet_paths, open_page, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]
EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile_app(browser, tmp_path_factory, geo):
    folder = tmp_path_factory.mktemp("hostile")
    header = [*REQUIRED_HEADER, "Notes"]
    row = [
        EVIL,
        "<script>alert(2)</script>",
        "Powys",
        "Mid Powys",
        "current",
        "arts and creativity",
        '"><svg onload=alert(3)>',
    ]
    path = folder / "powys.xlsx"
    path.write_bytes(workbook_bytes([row], header))
    url = f"sqlite:///{folder / 'store.sqlite'}"
    engine = store.connect(url)
    store.import_reports(engine, [read_return(path, geo)], "2030-01")
    engine.dispose()
    with app_on(url) as address:
        yield address


@pytest.mark.parametrize("path", ["/projects?round=2030-01", "/map?round=2030-01&level=cluster", "/?round=2030-01"])
def test_html_in_a_project_name_is_never_run(browser, hostile_app, path):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    dialogs = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(LOCAL) else route.abort())
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_page(page, hostile_app + path)
    if path.startswith("/map"):
        leaflet_paths(page, 60)
        wait_idle(page)  # the page's run over, so none of its deltas redraws the list being typed into
        area = page.locator("[data-testid=stSelectbox]").filter(has_text="Area")
        area.locator("input").click()
        page.keyboard.type("Mid Powys")
        # Choose the listed option once it is shown (Enter alone can come before the list, on a busy machine).
        page.get_by_role("option", name="Mid Powys", exact=True).click(timeout=PATIENCE)
        page.wait_for_selector("h3:has-text('Projects in Mid Powys')", timeout=PATIENCE)
    if path.startswith("/projects"):
        page.get_by_label("Search names, organisations, clusters and notes").fill("onerror")
        page.keyboard.press("Enter")
        page.wait_for_selector("text=1 of 1 project shown.", timeout=PATIENCE)
    wait_idle(page)  # every run over and every frame loaded
    injected = _injected(page)
    context.close()
    assert dialogs == [] and injected == 0


def _injected(page) -> int:
    """Elements the hostile text would have created, in the page and every frame still attached."""
    count = 0
    for frame in page.frames:
        try:
            count += frame.locator("img[src='x'], svg[onload]").count()
            # A <script> made from the text (an inserted one does not run, but must not exist either);
            # the escaped text inside the map's own data script is not one.
            count += frame.evaluate("[...document.scripts].filter(s => s.textContent.trim() === 'alert(2)').length")
        except Exception:  # a frame replaced while counting (the map redraws) holds nothing any more
            continue
    return count
