"""The presenter view's static slides on the published site, built from the tiny world: a slide for Wales and
each board in both languages, linked in order, listed in SHA256SUMS, with the live view's figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import escape

from sprx_map import slides
from sprx_map.filters import Filters
from sprx_map.view import View
from tests import tiny
from tests.unit.test_publish import ROUND, _build, _dataset, _pages, _parse, _t

A, B = tiny.BOARD_A.lower(), tiny.BOARD_B.lower()
# A headline figure: its label, its value, and how it compares with Wales when it does.
FIGURE = re.compile(r'<dt>([^<]*)</dt><dd data-measure="\w+">([^<]*)</dd>\n(?:<dd class="said">([^<]*)</dd>)?')
DECK = ("index.html", f"{A}.html", f"{B}.html")  # Wales, then the boards in the geography's order


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("slides"), "site")


def _rel(text: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', text)
    return found.group(1) if found else None


def test_every_slide_is_published_in_both_languages_and_listed_in_the_manifest(built):
    listed = {line.split("  ", 1)[1] for line in (built / "SHA256SUMS").read_text().splitlines()}
    for lang in ("en", "cy"):
        made = sorted(p.name for p in (built / lang / "slides").iterdir())
        assert made == sorted(DECK)
        assert {f"{lang}/slides/{name}" for name in DECK} <= listed


def test_previous_and_next_link_the_slides_in_order_and_stop_at_the_ends(built):
    for lang in ("en", "cy"):
        pages = {name: (built / lang / "slides" / name).read_text(encoding="utf-8") for name in DECK}
        assert [_rel(pages[name], "prev") for name in DECK] == [None, "index.html", f"{A}.html"]
        assert [_rel(pages[name], "next") for name in DECK] == [f"{A}.html", f"{B}.html", None]
        counter = [re.search(r'<span class="count">([^<]+)</span>', pages[n]).group(1) for n in DECK]
        assert counter == [_t("present.counter", lang, number=i, total=3) for i in (1, 2, 3)]


def test_a_slide_shows_the_live_views_figures_title_and_comparisons(built):
    geo = tiny.geography()
    view = View(_dataset(geo), geo, Filters(round=ROUND))
    for lang in ("en", "cy"):
        for slide, name in zip(slides.deck(geo), DECK, strict=True):
            text = (built / lang / "slides" / name).read_text(encoding="utf-8")
            assert f"<h1>{slides.title(slide, geo, lang)}</h1>" in text
            shown = re.findall(FIGURE, text)
            expected = [tuple(str(escape(v or "")) for v in row) for row in slides.figures(slide, view, lang)]
            assert shown == expected, (lang, name)


def test_a_board_slide_shows_its_clusters_map_table_and_those_with_no_current_project(built):
    text = (built / "en" / "slides" / f"{A}.html").read_text(encoding="utf-8")
    # Board A's clusters, aber and bryn, in the table, each linked to its profile; cwm (board B) is not there.
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>', text)
    assert rows == [("../cluster/aber.html", "Aber"), ("../cluster/bryn.html", "Bryn")]
    assert _t("app.indicative_clusters", "en") in text  # cluster shapes are indicative, said under the map
    assert _t("app.illustrative", "en") not in text  # a real round
    assert _t("gaps.no_current", "en", count=0) in text and _t("gaps.none_without", "en") in text
    wales = (built / "en" / "slides" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<th scope="row"><a href="([^"]+)">', wales) == [f"../health-board/{A}.html",
                                                                         f"../health-board/{B}.html"]  # fmt: skip
    assert _t("gaps.none_without", "en") not in wales  # only a board's slide lists its clusters


def test_the_slides_work_without_scripts_and_say_the_illustrative_data_is_illustrative(tmp_path):
    geo = tiny.geography()
    data = _dataset(geo)
    data = type(data)(data.projects, data.shares, returns=data.returns, illustrative_rounds=(ROUND,))
    pages = _pages(_build(tmp_path, "illustrative", geo, data=data))
    for lang in ("en", "cy"):
        for name in DECK:
            text = pages[f"{lang}/slides/{name}"]
            assert _t("app.illustrative", lang) in text
            page = _parse(text)
            assert not any(link.startswith(("javascript:", "#!")) for link in page.links)
            assert text.count("<script>") == 1  # the arrow keys' few lines; previous and next are plain links


def test_the_index_and_each_board_profile_link_to_their_slides(built):
    pages = _pages(built)
    for lang in ("en", "cy"):
        assert f'<a href="slides/index.html">{_t("publish.slides_link", lang)}</a>' in pages[f"{lang}/index.html"]
        board = pages[f"{lang}/health-board/{A}.html"]
        assert f'<a href="../slides/{A}.html">{_t("publish.slide_link", lang)}</a>' in board
        assert _t("publish.slide_link", lang) not in pages[f"{lang}/cluster/aber.html"]
