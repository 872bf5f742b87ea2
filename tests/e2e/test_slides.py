"""The presenter view fits one screen: the published slides and the live view at a laptop's 1366 x 768 and a
projector's 1920 x 1080, in both languages, with nothing to scroll and no text cut off; the slides pass axe."""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sprx_map import slides
from sprx_map.dataset import load_sample
from sprx_map.geo.geography import load_geography
from sprx_map.publish import files, site
from sprx_map.publish.presenter import slide_page
from sprx_map.publish.round import Round

from .conftest import leaflet_paths, open_page, wait_idle
from .test_accessibility import RUN, axe_source  # noqa: F401  (axe_source is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SIZES = ({"width": 1366, "height": 768}, {"width": 1920, "height": 1080})
# What does not fit: the page's height beyond the window, and every element whose content is wider or taller
# than its box (text cut off, or drawn over what follows it). Text hidden from assistive technology is left out:
# here that is only Streamlit's Material icons (aria-hidden ligatures such as "science" on the notice and the arrows
# on the buttons), decorative glyphs a pixel or two taller than their line, which cut no words.
FIT = """(scroller) => {
  const root = scroller ? document.querySelector(scroller) : document.scrollingElement;
  const shown = (el) => [...el.querySelectorAll('[aria-hidden=true]')].reduce(
    (text, hidden) => text.replace(hidden.textContent, ''), el.textContent).trim();
  const cut = [];
  for (const el of document.querySelectorAll('main, main *, nav *, [data-testid=stMain] *')) {
    if (el.closest('svg, .stDeckGlJsonChart, [aria-hidden=true]') || !shown(el)) continue;
    const style = getComputedStyle(el);
    if (style.display === 'inline' || style.display === 'none' || style.visibility === 'hidden') continue;
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
      cut.push(`${el.tagName}.${el.className}: ${el.textContent.trim().slice(0, 50)}`);
  }
  return {height: root.scrollHeight, window: root.clientHeight, cut: cut.slice(0, 5)};
}"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def published_slides(tmp_path_factory):
    """The slides of the bundled sample round as publishing writes them, served from this machine."""
    geo = load_geography()
    data = load_sample(geo)
    r = Round(data, geo, data.rounds()[0], site.DEFAULT_MEASURE)
    out = tmp_path_factory.mktemp("slides")
    written = [files.File("favicon.png", site.FAVICON.read_bytes(), "png")]
    for lang in ("en", "cy"):
        for slide in slides.deck(geo):
            page = site._render("site/slide.html", slide_page(r, lang, slide))
            written.append(files.File(r.paths.slide(lang, slide.code), page, "html"))
    for f in written:
        (out / f.path).parent.mkdir(parents=True, exist_ok=True)
        (out / f.path).write_bytes(f.content)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", [f.path for f in written if f.kind == "html"]
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s['width']}x{s['height']}")
def test_every_published_slide_fits_the_screen_without_scripts(browser, published_slides, size):
    url, paths = published_slides
    context = browser.new_context(viewport=size, java_script_enabled=False)
    page = context.new_page()
    measured = {}
    for path in paths:
        page.goto(f"{url}/{path}")
        measured[path] = page.evaluate(FIT, None)
    context.close()
    print({path: (m["height"], m["window"]) for path, m in measured.items()})  # the heights, for the record
    assert {p: m for p, m in measured.items() if m["height"] > size["height"] or m["cut"]} == {}
    assert len(measured) == 2 * 8


def test_the_arrow_keys_move_between_published_slides_and_axe_finds_nothing_serious(
    browser,
    published_slides,
    axe_source,  # noqa: F811
):
    url, _ = published_slides
    context = browser.new_context(viewport=SIZES[0])
    page = context.new_page()
    found = {}
    for lang in ("en", "cy"):
        page.goto(f"{url}/{lang}/slides/index.html")
        page.keyboard.press("ArrowRight")  # to the first board's slide
        page.wait_for_url(f"{url}/{lang}/slides/w11000023.html")
        for path in (f"{lang}/slides/index.html", f"{lang}/slides/w11000023.html"):
            page.goto(f"{url}/{path}")
            page.add_script_tag(content=axe_source)
            if problems := page.evaluate(RUN):
                found[path] = problems
        page.keyboard.press("ArrowLeft")
        page.wait_for_url(f"{url}/{lang}/slides/index.html")
    context.close()
    assert found == {}


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s['width']}x{s['height']}")
def test_the_live_presenter_view_fits_the_screen(browser, app_url, size, lang):
    # Betsi Cadwaladr's slide: the most clusters, so the longest table.
    context = browser.new_context(viewport=size)
    page = context.new_page()
    open_page(page, f"{app_url}/?present=1&lang={lang}&slide=1")
    leaflet_paths(page)  # the map has drawn
    wait_idle(page)
    measured = page.evaluate(FIT, "[data-testid=stMain]")
    context.close()
    print(size, lang, measured)  # the heights, for the record
    assert measured["height"] <= measured["window"] and measured["cut"] == []
