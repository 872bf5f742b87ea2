"""The published site in Chromium: every page opens with scripts off and nothing fetched from outside it,
shows the dashboard's figures for the same round, and passes axe."""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from sprx_map import filters, measures, metrics, profiles, rounds, store, tables
from sprx_map.dataset import load_active, load_store
from sprx_map.i18n import t

from .conftest import PATIENCE, VIEWPORT, open_page
from .test_accessibility import RUN, axe_source  # noqa: F401  (axe_source is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LEVELS = {"health-board": "health_board", "local-authority": "local_authority", "cluster": "cluster"}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the test's output is the test's
        pass


@pytest.fixture(scope="module")
def published(tmp_path_factory, cli, browser, app_url):
    """The newest round of the test store published with the command line, served from this machine.

    The app is opened first: a fresh store is seeded by whoever reads it first, and the command line must
    not read it while the app's start is still seeding it."""
    context = browser.new_context(viewport=VIEWPORT)
    open_page(context.new_page(), app_url + "/")
    context.close()
    out = tmp_path_factory.mktemp("published") / "site"
    done = cli("publish", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Round sample published to ")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", out
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def app_figures(published):
    """The dashboard's figures for the same round, worked out as its Overview and Area profiles pages do."""
    geo = load_active(store.connect())
    data = load_store(geo)
    label = data.rounds()[0]
    projects = filters.apply(filters.Filters(round=label), data.projects, geo)
    counted, _ = rounds.split(list(geo.clusters.index), geo, data.returns_of(label))
    h = metrics.headline(projects, data.shares, geo, counted)

    def overview(lang: str) -> list[str]:  # pages/overview.py
        covered = t("overview.covered_of", lang, covered=h["clusters_covered"], total=h["clusters_total"])
        order = ("projects_current", "projects_planned", "link_worker_fte", "referrals", "fte_per_10k",
                 "referrals_per_1k", "clusters_covered")  # fmt: skip
        return [tables.headline_value(h, m, lang, covered if m == "clusters_covered" else None) for m in order]

    def profile(lang: str, level: str, code: str) -> list[str]:  # pages/profile.py
        figures = profiles.comparison(projects, data.shares, geo, level, code, lang, counted)
        return list(figures[t("profile.area", lang)])

    return overview, profile, geo


def _html_pages(folder) -> list[str]:
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    return [line.split("  ", 1)[1] for line in lines if line.endswith(".html")]


def _offline_context(browser, origin: str, scripts: bool):
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=scripts)
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith(origin + "/"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return context, outside


def test_every_page_opens_with_scripts_off_and_shows_the_apps_figures(browser, published, app_figures):
    url, folder = published
    overview, profile, geo = app_figures
    paths = _html_pages(folder)
    assert len(paths) == 1 + 2 * (2 + 7 + 22 + 60 + 8)  # index, methods, profiles, 8 slides (tests/e2e/test_slides.py)
    context, outside = _offline_context(browser, url, scripts=False)
    page = context.new_page()
    checked = 0
    for path in paths:
        response = page.goto(f"{url}/{path}")
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        if path == "index.html":
            continue
        lang, kind, *rest = path.split("/")
        assert page.locator("html").get_attribute("lang") == lang
        shown = page.locator("dd[data-measure]").all_inner_texts()
        if kind == "index.html":
            assert shown == overview(lang), path
        elif kind in LEVELS:
            level = LEVELS[kind]
            code = next(c for c in geo.layer(level).index if c.lower() == rest[0].removesuffix(".html"))
            assert shown == profile(lang, level, code), path
        checked += kind not in ("methods.html", "slides")
    context.close()
    assert checked == 2 * (1 + 7 + 22 + 60)
    assert outside == []


def test_the_published_index_and_a_profile_equal_the_running_app(browser, page, app_url, published):
    url, _ = published
    context, outside = _offline_context(browser, url, scripts=False)
    static = context.new_page()
    for lang, query in (("en", ""), ("cy", "?lang=cy")):
        static.goto(f"{url}/{lang}/index.html")
        published_labels = static.locator(".figures dt").all_inner_texts()
        published_values = static.locator(".figures dd").all_inner_texts()
        open_page(page, app_url + "/" + query)
        expect(page.locator("[data-testid=stMetricValue]")).to_have_count(len(published_values))  # all drawn
        labels = page.locator("[data-testid=stMetricLabel]").all_inner_texts()
        values = page.locator("[data-testid=stMetricValue]").all_inner_texts()
        assert dict(zip(published_labels, published_values, strict=True)) == dict(
            zip([v.strip() for v in labels], [v.strip() for v in values], strict=True)
        )
    open_page(page, app_url + "/profile?plevel=cluster&area=cardiff-east")
    page.locator("table").first.wait_for(timeout=PATIENCE)
    app_rows = [r.strip() for r in page.locator("table").first.locator("tbody tr").all_inner_texts()]
    static.goto(f"{url}/en/cluster/cardiff-east.html")
    published_rows = [r.strip() for r in static.locator("#figures-table table tbody tr").all_inner_texts()]
    assert published_rows == app_rows and len(app_rows) == len(measures.PROFILE)
    context.close()
    assert outside == []


def test_every_published_page_passes_axe(browser, published, axe_source):  # noqa: F811
    url, folder = published
    context, outside = _offline_context(browser, url, scripts=True)
    page = context.new_page()
    found = {}
    for path in _html_pages(folder):
        page.goto(f"{url}/{path}")
        page.add_script_tag(content=axe_source)
        problems = page.evaluate(RUN)
        if problems:
            found[path] = problems
    context.close()
    assert found == {}
    assert outside == []
