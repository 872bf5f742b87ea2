import csv
import io
import time

import openpyxl
import pytest
from playwright.sync_api import expect

from sprx_map.measures import format_measure

from .conftest import PATIENCE, leaflet_paths, open_page, screenshot, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]
POWYS, HYWEL_DDA = "W11000024", "W11000025"
# Every plotly chart of the page has drawn its picture.
EVERY_PLOT_DRAWN = """count => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    return plots.length === count && plots.every(plot => plot.querySelector('svg.main-svg'));
}"""
# Points of the map, on a grid over it, where what a click there would reach is an area (``true``) or the
# map's own background, the sea around Wales (``false``).
POINTS_ON = """areas => {
    const container = document.querySelector('.leaflet-container');
    const rect = container.getBoundingClientRect();
    const points = [];
    for (let row = 1; row < 20; row++) for (let col = 1; col < 20; col++) {
        const x = rect.left + rect.width * col / 20, y = rect.top + rect.height * row / 20;
        const hit = document.elementFromPoint(x, y);
        if (!hit) continue;
        if (areas ? hit.matches('path.leaflet-interactive') : hit === container || hit.matches('.leaflet-pane, svg'))
            points.push([x, y]);
    }
    return points.length ? points : null;
}"""
# What the map component sends once an area is clicked (its value, as JSON, in the rerun message).
CLICKED = b'"last_object_clicked":{"lat"'


def _bytes(payload) -> bytes:
    return payload if isinstance(payload, bytes) else payload.encode("utf-8")


@pytest.mark.parametrize(
    ("path", "name", "title"),
    [
        ("/", "overview", "Social prescribing in Wales: overview"),
        ("/map", "map", "Map"),
        ("/projects", "projects", "Projects"),
        ("/charts", "charts", "Charts"),
        ("/about", "about", "About and data"),
        ("/gaps", "gaps", "Coverage gaps"),
        ("/change", "change", "Change between rounds"),
        ("/profile?plevel=cluster&area=mid-powys", "profile", "Area profiles"),
    ],
)
def test_every_page_opens_offline_without_an_error(page, app_url, path, name, title):
    open_page(page, app_url + path)
    assert page.locator("h1").first.inner_text() == title
    assert page.locator("[data-testid=stException]").count() == 0
    assert "Illustrative data" in page.locator("[data-testid=stAlert]").first.inner_text()
    if name == "map":
        assert leaflet_paths(page, 60) == 60
    if name == "charts":
        page.wait_for_selector(".js-plotly-plot", timeout=PATIENCE)
        page.locator("[data-testid=stExpander]").last.scroll_into_view_if_needed()  # charts below the fold
        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length === 4", timeout=PATIENCE)
        page.locator("h1").first.scroll_into_view_if_needed()
        expect(page.locator("h1").first).to_be_in_viewport()
        page.wait_for_function(EVERY_PLOT_DRAWN, arg=4, timeout=PATIENCE)
    if name == "gaps":  # the funnel plot, the hex map (60 hexagons' labels) and the category matrix
        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length === 3", timeout=PATIENCE)
        assert page.locator(".js-plotly-plot").nth(1).locator("text", has_text="CaS").count() == 1
        assert page.locator(".js-plotly-plot").first.locator("text", has_text="99.8% limits").count() == 1
    if name == "profile":  # the spine chart and, over the three illustrative rounds, the trends
        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length === 2", timeout=PATIENCE)
        # one trend panel per profile measure (onward referrals among them), each with the earliest round's gap
        assert page.locator(".js-plotly-plot").last.locator("text", has_text="no return").count() == 7
    if name == "change":  # the board chart and the change map
        assert leaflet_paths(page, 7) == 7
        page.wait_for_selector(".js-plotly-plot", timeout=PATIENCE)
    screenshot(page, name)  # after the page has drawn everything it waits for


def test_the_map_draws_each_level(page, app_url):
    for level, count in (("health_board", 7), ("local_authority", 22), ("cluster", 60)):
        open_page(page, f"{app_url}/map?level={level}&measure=referrals")
        assert leaflet_paths(page, count) == count, level


def _metric(page, label: str) -> str:
    card = page.locator("[data-testid=stMetric]").filter(has_text=label).first
    return card.locator("[data-testid=stMetricValue]").inner_text().strip()


def test_a_link_with_filters_reproduces_the_headline_figures(page, app_url, direct):
    open_page(page, f"{app_url}/?hb={POWYS}&status=current,ended")
    h = direct(boards=[POWYS], statuses=["current", "ended"])
    assert _metric(page, "Current projects") == str(h["projects_current"])
    assert _metric(page, "Referrals to social prescribing a year") == format_measure(h["referrals"], "referrals")
    assert _metric(page, "Link-worker FTE per 10,000 patients") == format_measure(h["fte_per_10k"], "fte_per_10k")
    from playwright.sync_api import expect  # here: without playwright, these tests skip rather than fail to load

    page.reload()
    current = page.locator("[data-testid=stMetric]").filter(has_text="Current projects").first
    expect(current.locator("[data-testid=stMetricValue]")).to_have_text(str(h["projects_current"]), timeout=PATIENCE)
    assert f"hb={POWYS}" in page.url


def test_changing_a_filter_updates_the_url(page, app_url):
    open_page(page, f"{app_url}/map?level=health_board&measure=referrals")
    choice = page.get_by_role("radiogroup").get_by_text("Local authority", exact=True)  # the level radio
    choice.click()
    expect(page.get_by_role("radio", name="Local authority")).to_be_checked(timeout=PATIENCE)
    page.wait_for_url(lambda url: "level=local_authority" in url, timeout=PATIENCE)
    assert "measure=referrals" in page.url
    assert leaflet_paths(page, 22) == 22


def test_clicking_an_area_lists_its_projects(page, app_url):
    open_page(page, f"{app_url}/map?level=health_board&measure=referrals")
    leaflet_paths(page, 7)
    frame = next(f for f in page.frames if f != page.main_frame and f.locator("path.leaflet-interactive").count())
    frame.locator("path.leaflet-interactive").nth(1).click()  # Powys, second in file order
    page.wait_for_selector("h3:has-text('Projects in Powys')", timeout=PATIENCE)
    assert page.locator("[data-testid=stException]").count() == 0


def test_project_downloads_open_as_csv_and_xlsx(page, app_url, sample):
    open_page(page, f"{app_url}/projects?hb={POWYS}")
    expected = int((sample.projects["health_board"] == POWYS).sum())
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename == "sprx-projects-powys-sample-en.csv"
    text = download.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["Project name", "Lead organisation"]  # a tidy table: the header on the first line
    assert {row[-2] for row in rows[1:]} == {"yes"}  # illustrative, in a column of every row
    assert len(rows) - 1 == expected
    with page.expect_download() as info:
        page.get_by_role("button", name="Download Excel").click()
    assert info.value.suggested_filename == "sprx-projects-powys-sample-en.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(info.value.path().read_bytes()))
    assert wb.sheetnames == ["Cover", "Notes", "Table 1"]
    assert wb["Cover"]["B3"].value.startswith("Illustrative data")
    ws = wb["Table 1"]
    assert ws["A1"].value == "Social prescribing projects"
    assert [c.value for c in ws[2]][:2] == ["Project name", "Lead organisation"]
    assert ws.max_row - 2 == expected


def test_panning_and_zooming_do_not_rerun_but_a_click_does(page, app_url):
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    open_page(page, f"{app_url}/map?level=health_board&measure=referrals")
    leaflet_paths(page, 7)
    frame = next(f for f in page.frames if f != page.main_frame and f.locator("path.leaflet-interactive").count())
    wait_idle(page)  # the page's own runs are over: from here on, only the map is touched
    # Leaflet focuses the map on the first press, and the browser then scrolls the page to show the whole map
    # (by 259 px here): a drag measured before that began at the map's bottom edge and moved it 259 px more.
    # Focus it first; measure after.
    frame.locator(".leaflet-container").focus()
    expect(frame.locator(".leaflet-container")).to_be_in_viewport(ratio=1, timeout=PATIENCE)
    sent.clear()
    frame.evaluate("() => { window.zooms = 0; window.map.on('zoomend', () => { window.zooms += 1; }); }")
    # Drag from the sea, not from an area: on a busy machine the browser can deliver the moves late, and
    # Leaflet then takes the press and release for a click, on whatever is under them.
    x, y = _points_on(page, frame, areas=False)[0]
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 40, y + 20, steps=8)
    page.mouse.up()
    page.mouse.wheel(0, 200)  # zoom out
    frame.wait_for_function("() => window.zooms === 1", timeout=PATIENCE)  # the zoom has ended
    # And back in with the map's + button (a second wheel this soon would scroll the page: Chromium keeps a
    # wheel gesture on the element it started on).
    frame.locator(".leaflet-control-zoom-in").click()
    frame.wait_for_function("() => window.zooms === 2", timeout=PATIENCE)
    # Click a point of the map where an area is on top, not an area's middle: after the drag and the zooms that
    # middle can be off the map or in the sea.
    page.mouse.click(*_points_on(page, frame, areas=True)[0])
    page.wait_for_selector("h3:has-text('Projects in')", timeout=PATIENCE)
    # Messages go out in order: one sent by the panning or zooming would come before the click's, or with
    # it, and would carry no clicked point (the map had none yet).
    assert all(CLICKED in _bytes(payload) for payload in sent), "panning or zooming sent a message (a rerun)"
    assert sent, "a click on an area should reach the server"


def _points_on(page, frame, areas: bool) -> list[tuple[float, float]]:
    """Points of the window (page coordinates) where a click on the map in ``frame`` would reach an area (or, not
    ``areas``, the sea), once there are any."""
    points = frame.wait_for_function(POINTS_ON, arg=areas, timeout=PATIENCE).json_value()
    container = frame.locator(".leaflet-container")
    page_box, frame_box = container.bounding_box(), container.evaluate("e => e.getBoundingClientRect().toJSON()")
    dx, dy = page_box["x"] - frame_box["x"], page_box["y"] - frame_box["y"]
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    shown = [(px + dx, py + dy) for px, py in points if 0 < px + dx < width and 0 < py + dy < height]
    assert shown, f"no such point of the map within the window: {points}"
    return shown


def test_a_deep_link_is_the_first_visit_to_a_fresh_server(browser, sample):
    """The first request of a new server process goes straight to /map with filters."""
    from .conftest import Offline, _free_port, start_app, wait_healthy, wait_until_quiet

    port = _free_port()
    process = start_app(port)
    try:
        wait_healthy(f"http://127.0.0.1:{port}")
        wait_until_quiet(process)  # the start-up warm-up has finished: it must not break the first visit
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        offline = Offline()
        context.route("**/*", offline)
        pg = context.new_page()
        open_page(pg, f"http://127.0.0.1:{port}/map?hb={POWYS}&level=cluster")
        assert pg.locator("[data-testid=stException]").count() == 0
        assert pg.locator("h1").first.inner_text() == "Map"
        assert leaflet_paths(pg, 60) == 60
        assert offline.blocked == []
        context.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_clicking_an_area_again_after_choosing_another_selects_it(page, app_url):
    open_page(page, f"{app_url}/map?level=health_board&measure=referrals")
    leaflet_paths(page, 7)
    frame = next(f for f in page.frames if f != page.main_frame and f.locator("path.leaflet-interactive").count())
    frame.locator("path.leaflet-interactive").nth(1).click()  # Powys
    page.wait_for_selector("h3:has-text('Projects in Powys')", timeout=PATIENCE)
    # The heading comes early in the run: let the run end before typing, or its later deltas redraw the list
    # being typed into and close it.
    wait_idle(page)
    area = page.locator("[data-testid=stSelectbox]").filter(has_text="Area")
    area.locator("input").click()
    page.keyboard.type("Hywel Dda")
    # Choose the listed option once it is shown (Enter alone can come before the list, on a busy machine).
    page.get_by_role("option", name="Hywel Dda").click(timeout=PATIENCE)
    page.wait_for_selector("h3:has-text('Projects in Hywel Dda')", timeout=PATIENCE)
    # The map redraws with the new selection outlined (boards in code order: Betsi, Powys, Hywel Dda...).
    boards = page.frame_locator("iframe").first.locator("path.leaflet-interactive")
    expect(boards.nth(2)).to_have_attribute("stroke-width", "3", timeout=PATIENCE)
    expect(boards.nth(1)).not_to_have_attribute("stroke-width", "3")
    page.locator("iframe").first.scroll_into_view_if_needed()  # choosing in the list scrolled the page
    wait_idle(page)
    # Found through the frame locator, so a map drawn again since is found again rather than held stale.
    powys = boards.nth(1)
    expect(powys).to_be_visible(timeout=PATIENCE)
    box = _box(powys)
    # Powys again, a little off the first click (the same pixel sends nothing new from the component)
    powys.click(position={"x": box["width"] / 2 + 12, "y": box["height"] / 2 + 12}, force=True)
    page.wait_for_selector("h3:has-text('Projects in Powys')", timeout=PATIENCE)


def _box(locator, timeout: float = 20.0) -> dict:
    """``locator``'s box once it has one: none while the map is being drawn again (its element is replaced)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        box = locator.bounding_box(timeout=timeout * 1000)
        if box is not None:
            return box
        locator.page.wait_for_timeout(100)  # the interval between two looks, not a wait for something to happen
    raise AssertionError(f"{locator} had no box within {timeout:.0f} s")


def test_map_exports_open_offline_and_match_the_screen(page, app_url, browser, sample, geo):
    from sprx_map import metrics

    open_page(page, f"{app_url}/map?hb={POWYS}&level=cluster&measure=referrals")
    leaflet_paths(page, 60)
    page.get_by_text("Download this map and its numbers").scroll_into_view_if_needed()
    with page.expect_download() as info:
        page.get_by_role("button", name="Map (HTML, opens offline)").click()
    assert info.value.suggested_filename == "sprx-map-cluster-powys-sample-en.html"
    exported = info.value.path().read_text(encoding="utf-8")
    # A fresh browser page with no server and no network: the map must still draw.
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    requests = []
    context.route("**/*", lambda route: (requests.append(route.request.url), route.abort()))
    offline = context.new_page()
    offline.set_content(exported)
    offline.wait_for_selector("path.leaflet-interactive", timeout=PATIENCE)
    assert offline.locator("path.leaflet-interactive").count() == 60
    assert "Illustrative data" in offline.locator("header").inner_text()
    assert "Health board: Powys" in offline.locator("header").inner_text()
    context.close()
    assert requests == []

    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    assert info.value.suggested_filename == "sprx-map-cluster-powys-sample-en.csv"
    rows = list(csv.reader(io.StringIO(info.value.path().read_text(encoding="utf-8-sig"))))
    header = rows.index(next(r for r in rows if r and r[0] == "Code"))
    by_code = {r[0]: r for r in rows[header + 1 :]}
    table = metrics.area_table(sample.projects, sample.shares, geo, "cluster", geo.clusters_of_board(POWYS))
    referrals = rows[header].index("Referrals to social prescribing a year")
    for code in table.index:  # the file holds what the map's table shows: counts, or their marks
        shown = format_measure(table.at[code, "referrals"], "referrals", "en", table.at[code, metrics.SUPPRESSED])
        assert by_code[code][referrals].replace(",", "") == shown.replace(",", "")


def test_a_welsh_presenter_link_opens_the_welsh_slides(page, app_url, geo):
    from sprx_map.i18n import t

    open_page(page, f"{app_url}/?lang=cy&present=1&slide=2")
    assert page.locator("h1").first.inner_text() == "Bwrdd Iechyd Addysgu Powys"
    assert (
        page.locator("[data-testid=stSidebar]").count() == 0 or not page.locator("[data-testid=stSidebar]").is_visible()
    )
    assert leaflet_paths(page, 60) == 60  # every cluster drawn, the board's in focus
    page.locator("h1").first.click()  # the page, not the map's frame, has the keyboard
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('h1').innerText.includes('Hywel Dda')", timeout=PATIENCE)
    assert "slide=3" in page.url and "lang=cy" in page.url
    page.get_by_text(t("present.counter", "cy", number=4, total=8)).wait_for(timeout=PATIENCE)
    # The new slide's map replaces the old one: Hywel Dda's clusters filled, every other cluster "no data".
    filled = page.frame_locator("iframe").first.locator("path.leaflet-interactive:not([stroke-dasharray])")
    expect(filled).to_have_count(len(geo.clusters_of_board(HYWEL_DDA)), timeout=PATIENCE)
    assert leaflet_paths(page, 60) == 60
    screenshot(page, "present-cy")
