"""The published site, built from the tiny world: its pages, links, languages, withheld figures, no return."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
from markupsafe import escape

from sprx_map import templates
from sprx_map.dataset import Dataset
from sprx_map.i18n import CATALOGUE, t
from sprx_map.publish import outlines, site
from sprx_map.rounds import NOT_RETURNED, RETURNED, BoardReturn, RoundReturns
from tests import tiny

ROUND = "2026-03"
WHEN = dt.datetime(2026, 3, 31, 9, 30, tzinfo=dt.UTC)
SCRIPT, BRACES = "<script>alert(1)</script>", "{{ 7*7 }}"


def _t(key: str, lang: str = "en", **params) -> str:
    """A catalogue text as a page writes it (escaped)."""
    return str(escape(t(key, lang, **params)))


def _dataset(geo, partial: bool = False, projects=None) -> Dataset:
    p = tiny.projects() if projects is None else projects
    from sprx_map import metrics

    states = (RETURNED, NOT_RETURNED if partial else RETURNED)
    returns = {
        label: RoundReturns(
            label,
            False,
            tuple(
                BoardReturn(code, state, WHEN if state == RETURNED else None)
                for code, state in zip(geo.boards.index, states, strict=True)
            ),
        )
        for label in ("2025-03", ROUND)
    }
    return Dataset(p, metrics.apportion(p, geo), illustrative_rounds=(), returns=returns)


def _build(tmp_path: Path, name: str, geo=None, measure: str = site.DEFAULT_MEASURE, **kwargs) -> Path:
    geo = geo or tiny.geography()
    out = tmp_path / name
    site.build(out, kwargs.pop("data", None) or _dataset(geo, **kwargs), geo, ROUND, measure)
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("site"), "site")


def _pages(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.html"))}


class _Page(HTMLParser):
    """Every link, id, heading and the language of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.repeated: list[str] = []  # ids given twice
        self.headings: list[int] = []
        self.lang: str | None = None
        self.tables = self.captions = self.header_cells = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            if a["id"] in self.ids:
                self.repeated.append(a["id"])
            self.ids.add(a["id"])
        for name in ("href", "src"):
            if name in a:
                self.links.append(a[name])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        self.tables += tag == "table"
        self.captions += tag == "caption"
        self.header_cells += tag == "th"


def _parse(text: str) -> _Page:
    parser = _Page()
    parser.feed(text)
    return parser


def test_the_site_has_every_page_in_both_languages(built):
    pages = _pages(built)
    for lang in ("en", "cy"):
        expected = {f"{lang}/index.html", f"{lang}/methods.html"}
        expected |= {f"{lang}/health-board/{c.lower()}.html" for c in (tiny.BOARD_A, tiny.BOARD_B)}
        expected |= {f"{lang}/local-authority/{c.lower()}.html" for c in (tiny.LA_A, tiny.LA_B)}
        expected |= {f"{lang}/cluster/{c}.html" for c in ("aber", "bryn", "cwm")}
        expected |= {f"{lang}/slides/{s}.html" for s in ("index", tiny.BOARD_A.lower(), tiny.BOARD_B.lower())}
        assert {p for p in pages if p.startswith(f"{lang}/")} == expected
    assert "index.html" in pages


def test_every_internal_link_resolves_and_nothing_is_fetched_from_outside(built):
    for path, text in _pages(built).items():
        page = _parse(text)
        for link in page.links:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, (path, link)  # no request leaves the site
            if not parts.path:
                assert parts.fragment in page.ids, (path, link)
                continue
            target = PurePosixPath(path).parent / parts.path
            resolved = (built / target).resolve()
            assert resolved.is_file() and built.resolve() in resolved.parents, (path, link)
            if parts.fragment and resolved.suffix == ".html":
                assert parts.fragment in _parse(resolved.read_text(encoding="utf-8")).ids, (path, link)


def test_pages_have_one_h1_headings_in_order_tables_with_captions_and_a_skip_link(built):
    for path, text in _pages(built).items():
        page = _parse(text)
        assert page.repeated == [], path  # every id once: links and labels find one element
        assert page.headings.count(1) == 1, path
        assert page.headings[0] == 1, path
        assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False)), (path, page.headings)
        assert page.captions == page.tables, path
        assert "#main" in page.links and "main" in page.ids, path


def test_welsh_pages_are_welsh_and_each_links_to_the_other_language(built):
    pages = _pages(built)
    welsh, english = pages["cy/cluster/cwm.html"], pages["en/cluster/cwm.html"]
    assert _parse(welsh).lang == "cy" and _parse(english).lang == "en"
    assert '<link rel="alternate" hreflang="en" href="../../en/cluster/cwm.html">' in welsh
    assert '<link rel="alternate" hreflang="cy" href="cwm.html">' in welsh
    assert '<a href="../../en/cluster/cwm.html" hreflang="en" lang="en">English</a>' in welsh
    assert '<a href="../../cy/cluster/cwm.html" hreflang="cy" lang="cy">Cymraeg</a>' in english
    assert f'<h2 id="figures">{_t("profile.figures", "cy")}</h2>' in welsh
    assert _t("profile.locator", "cy") in welsh and _t("profile.locator", "en") not in welsh
    assert _t("app.indicative_clusters", "cy") in welsh


def test_with_the_sites_address_its_hreflang_alternates_are_absolute(tmp_path):
    geo = tiny.geography()
    out = tmp_path / "site"
    site.build(out, _dataset(geo), geo, ROUND, base_url="https://example.org/sprx/")
    welsh = (out / "cy" / "cluster" / "cwm.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" hreflang="en" href="https://example.org/sprx/en/cluster/cwm.html">' in welsh
    assert '<a href="../../en/cluster/cwm.html" hreflang="en" lang="en">English</a>' in welsh  # links stay relative
    door = (out / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" hreflang="cy" href="https://example.org/sprx/cy/index.html">' in door


def test_the_index_shows_the_dashboards_headline_figures(built):
    index = _pages(built)["en/index.html"]
    # Round 2026-03 of the tiny world: 3 current projects, 1 planned, 3.5 FTE, 25 referrals over 60,000 patients.
    figures = dict(re.findall(r'<dd data-measure="(\w+)">([^<]*)</dd>', index))
    assert figures == {
        "projects_current": "3",
        "projects_planned": "1",
        "link_worker_fte": "3.5",
        "referrals": "25",
        "fte_per_10k": "0.58",
        "referrals_per_1k": "0.42",
        "clusters_covered": "3 of 3",
    }


def test_withheld_referrals_show_their_marks_on_every_view(built):
    pages = _pages(built)
    # Aber has 4 referrals (3 of Green Gym's 12, and Arts on Prescription's 1): withheld; Bryn's 9 would give it away.
    aber, bryn = pages["en/cluster/aber.html"], pages["en/cluster/bryn.html"]
    assert '<dd data-measure="referrals">&lt;5</dd>' in aber
    assert '<dd data-measure="referrals_per_1k">&lt;5</dd>' in aber
    assert '<dd data-measure="referrals">[c]</dd>' in bryn
    assert _t("suppressed.note", "en", threshold=5) in aber
    index = pages["en/index.html"]
    assert "Aber: &lt;5" not in index  # the index's maps show FTE per 10,000, never withheld
    assert re.search(r"<th scope=\"row\"><a href=\"cluster/aber.html\">Aber</a></th>(<td[^>]*>[^<]*</td>){3}"
                     r"<td class=\"num\">&lt;5</td>", index.replace("\n", ""))  # fmt: skip
    assert 'class="withheld"' not in index  # withheld grey only where the map's measure is withheld


def test_a_map_of_a_withheld_measure_draws_withheld_areas_grey_and_says_why(tmp_path):
    index = _pages(_build(tmp_path, "referrals", measure="referrals"))["en/index.html"]
    cluster_map = index.split('id="map-cluster-title"')[1].split("</svg>")[0]
    assert '<title>Aber: &lt;5</title><path d="' in cluster_map and "<title>Bryn: [c]</title>" in cluster_map
    assert cluster_map.count('fill="#bdbdbd" class="withheld"') == 2  # grey, solid: never a pale class
    assert "<title>Cwm: 12</title>" in cluster_map
    legend = index.split('id="map-cluster-title"')[1].split("</ul>")[0]
    assert _t("map.withheld", "en") in legend


def test_a_board_with_no_return_shows_no_return_never_zero(tmp_path):
    pages = _pages(_build(tmp_path, "partial", partial=True))
    no_return = t("table.no_return", "en")
    cwm = pages["en/cluster/cwm.html"]
    assert f'<dd data-measure="projects_current">{no_return}</dd>' in cwm
    assert _t("profile.no_return", "en") in cwm
    board_b = pages["en/health-board/w11000902.html"]
    assert f'<dd data-measure="referrals">{no_return}</dd>' in board_b
    index = pages["en/index.html"]
    row = re.search(r'<a href="health-board/w11000902.html">B</a></th>(.*?)</tr>', index.replace("\n", "")).group(1)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
    assert cells[:6] == [no_return] * 6 and "0" not in cells[:6]
    assert "1 of 2 health boards returned" in index and "B (not returned)" in index
    assert "2 of 3 clusters chosen, 40,000 registered patients." in index  # counted of the geography's clusters
    assert f"Cwm: {_t('map.no_return', 'en')}" in index  # on the map, in words
    assert 'class="noreturn"' in index  # and drawn apart: dotted
    welsh = pages["cy/index.html"]
    assert _t("table.no_return", "cy") in welsh and _t("round.state.not_returned", "cy") in welsh


def test_hostile_names_are_text_everywhere(tmp_path):
    geo = tiny.geography()
    geo.clusters.loc["aber", ["name_en", "name_cy"]] = SCRIPT
    geo.authorities.loc[tiny.LA_A, ["name_en", "name_cy"]] = BRACES
    geo.boards.loc[tiny.BOARD_A, ["short_name", "name_cy"]] = '"><img src=x onerror=alert(2)>'
    p = tiny.projects()
    p.loc[p["project_name"] == "Green Gym", "project_name"] = "{% raw %}<svg onload=alert(3)>{{ 7*7 }}"
    p.loc[p["lead_organisation"] == "Arts Council", "lead_organisation"] = "</title></svg><script>x()</script>"
    out = _build(tmp_path, "hostile", geo, data=_dataset(geo, projects=p))
    pages = _pages(out)
    keys = f"<script>{templates.render('site/slide_keys.js')}</script>"  # the slides' own arrow keys, and only that
    for path, text in pages.items():
        text = text.replace(keys, "") if path.startswith(("en/slides/", "cy/slides/")) else text
        assert "<script" not in text and "<img src=x" not in text and "<svg onload" not in text, path
    aber = pages["en/cluster/aber.html"]
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in aber
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; – " in aber
    assert "{{ 7*7 }}" in aber  # the authority's name, shown as it is written (never worked out as 49)
    assert "{% raw %}&lt;svg onload=alert(3)&gt;{{ 7*7 }}" in aber  # a project's name, in its table
    assert "<title>{{ 7*7 }}: 0.62</title>" in pages["en/index.html"]  # the authority on the map of Wales (2.5 FTE)
    assert "&lt;/title&gt;&lt;/svg&gt;&lt;script&gt;x()&lt;/script&gt;" in aber
    assert "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in pages["en/index.html"]


def test_the_methods_page_says_how_comparisons_and_the_funnel_are_made(built):
    pages = _pages(built)
    for lang in ("en", "cy"):
        text = pages[f"{lang}/methods.html"]
        for section in ("intervals", "funnel"):
            assert str(escape(t(f"about.{section}.title", lang))) in text
        assert "Spiegelhalter 2005" in text and ("Poisson quantiles" if lang == "en" else "cwantelau Poisson") in text


def test_two_builds_are_byte_identical(tmp_path, built):
    again = _build(tmp_path, "again")
    first = {p.relative_to(built): p.read_bytes() for p in sorted(built.rglob("*")) if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in sorted(again.rglob("*")) if p.is_file()}
    assert list(first) == list(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert (built / "SHA256SUMS").read_text().count("\n") == len(first) - 1


def test_the_illustrative_warning_is_on_every_page_of_an_illustrative_round(tmp_path):
    geo = tiny.geography()
    data = _dataset(geo)
    data = Dataset(data.projects, data.shares, illustrative_rounds=("2025-03", ROUND), returns=data.returns)
    pages = _pages(_build(tmp_path, "illustrative", geo, data=data))
    for lang in ("en", "cy"):
        warning = _t("app.illustrative", lang)
        assert all(warning in text for path, text in pages.items() if path.startswith(f"{lang}/")), lang
        assert warning in pages["index.html"]  # the front door too, in both languages


def test_a_real_round_carries_no_illustrative_warning(built):
    assert not any(_t("app.illustrative", "en") in text for text in _pages(built).values())


def test_downloads_sit_beside_the_tables_and_are_the_apps_files(built):
    index = _pages(built)["en/index.html"]
    data = built / "en" / "data"
    names = sorted(p.name for p in data.iterdir())
    assert "sprx-areas-cluster-2026-03-en.geojson" in names and "sprx-projects-wales-2026-03-en.xlsx" in names
    assert 'href="data/sprx-areas-health_board-2026-03-en.csv" download' in index
    csv = (data / "sprx-areas-cluster-2026-03-en.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv[0].startswith("Code,Area,Current projects")
    # referrals withheld (<5), FTE per 10,000 and its fifth (none among 3 clusters), the rate and its limits withheld;
    # no onward referrals reported; both current projects gave FTE and referrals, so the figures are complete
    assert csv[1] == (
        "aber,Aber,2,0,1.0,<5,1.0,,<5,<5,<5,not compared,not compared,,1,0,1,10000,2 of 2,2 of 2,no,2026-03,no,"
        "2026-03-31 10:30"
    )
    aber = (data / "sprx-projects-cluster-aber-2026-03-en.csv").read_text(encoding="utf-8-sig")
    assert aber.count("\n") == 3  # heading, Green Gym, Arts on Prescription


def test_a_folder_that_is_not_a_site_is_left_alone(tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "report.docx").write_text("mine")
    with pytest.raises(site.SiteError) as refused:
        _build(tmp_path, "documents")
    assert refused.value.message("en").startswith(f"{folder} is not empty and holds no published site")
    assert [p.name for p in folder.iterdir()] == ["report.docx"]


def test_a_site_published_before_is_replaced_whole(tmp_path):
    out = _build(tmp_path, "site")
    (out / "en" / "stale.html").write_text("old")
    _build(tmp_path, "site")
    assert not (out / "en" / "stale.html").exists() and (out / "en" / "index.html").is_file()


def test_every_text_key_in_the_templates_is_in_the_catalogue():
    keys = set()
    for template in site.TEMPLATES.glob("*.html"):
        keys |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", template.read_text(encoding="utf-8")))
    assert {"publish.skip", "profile.figures", "app.title"} <= keys
    assert sorted(keys - set(CATALOGUE)) == []


def test_outlines_of_wales_are_small_shared_and_in_british_national_grid(geo):
    o = outlines.outlines(geo)
    assert [len(o.paths[level]) for level in ("health_board", "local_authority", "cluster")] == [7, 22, 60]
    assert o.extent[:2] == (0, 0) and 18_000 < o.extent[2] < 19_000 and 22_000 < o.extent[3] < 24_000
    assert sum(len(d) for d in o.paths["cluster"].values()) < 20_000
    # Cardiff's clusters lie inside Cardiff's box.
    cardiff = o.boxes["local_authority"]["W06000015"]
    for cluster in geo.clusters.index[geo.clusters["la_code"] == "W06000015"]:
        box = o.boxes["cluster"][cluster]
        assert cardiff[0] <= box[0] and cardiff[1] <= box[1] and box[2] <= cardiff[2] and box[3] <= cardiff[3]
    assert set(o.within("local_authority", cardiff)) >= {"W06000015", "W06000014"}


def test_counts_of_areas_on_the_site_are_the_geographys(built):
    # The tiny world has 3 clusters: the index and the methods page say 3, and no page says the 60 of Wales.
    pages = _pages(built)
    assert '<p class="note">3 of 3 clusters chosen, 60,000 registered patients.</p>' in pages["en/index.html"]
    assert "3 o&#39;r 3 clwstwr wedi&#39;u dewis" in pages["cy/index.html"]
    assert "of the clusters chosen (3 in Wales)." in pages["en/methods.html"]
    assert "o blith y clystyrau a ddewiswyd (3 yng Nghymru)." in pages["cy/methods.html"]
    fixed = re.compile(r"\b60 (?:clusters|clwstwr)\b|\(60 (?:in Wales|yng Nghymru)\)")
    assert [name for name, text in pages.items() if fixed.search(text)] == []
