"""A published profile's comparisons, spine chart and trends, from the tiny world: the app's builders' figures."""

from __future__ import annotations

import html
import re

import pytest

from sprx_map import metrics, profiles, trends
from sprx_map.compare import charts
from sprx_map.dataset import Dataset
from sprx_map.i18n import t
from sprx_map.rounds import NOT_RETURNED, RETURNED, BoardReturn, RoundReturns
from tests import tiny
from tests.unit.test_publish import ROUND, WHEN, _build, _pages, _t

EARLIEST = "2024-03"


def _three_rounds(geo) -> Dataset:
    """The tiny world with a round before 2025-03 (its projects again) in which board B did not return."""
    rows = [(f"{EARLIEST}/{i}", EARLIEST, *row[2:]) for i, row in enumerate(tiny.ROWS[:3], start=1)]
    p = tiny.projects(rows + tiny.ROWS)
    p = p[~((p["round"] == EARLIEST) & (p["health_board"] == tiny.BOARD_B))]
    returns = {}
    for label in (EARLIEST, "2025-03", ROUND):
        missing = label == EARLIEST
        boards = tuple(
            BoardReturn(code, NOT_RETURNED if missing and code == tiny.BOARD_B else RETURNED, WHEN)
            for code in geo.boards.index
        )
        returns[label] = RoundReturns(label, False, boards)
    return Dataset(p, metrics.apportion(p, geo), illustrative_rounds=(), returns=returns)


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    geo = tiny.geography()
    data = _three_rounds(geo)
    return _pages(_build(tmp_path_factory.mktemp("three"), "site", geo, data=data)), geo, data


def _rows(page: str, key: str) -> list[list[str]]:
    """The cells of the table ``key`` of a page, row by row (headings of rows included)."""
    table = page.split(f'id="{key}"', 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", table.replace("\n", ""))
    cells = (re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in rows)
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)) for c in row] for row in cells]


def _frame_rows(frame) -> list[list[str]]:
    return [[str(v) for v in row] for row in frame.itertuples(index=False)]


def test_a_profile_shows_the_apps_figures_with_their_limits_and_comparisons(three):
    pages, geo, data = three
    current = data.projects[data.projects["round"] == ROUND]
    for lang in ("en", "cy"):
        page = pages[f"{lang}/cluster/cwm.html"]
        app = profiles.comparison(current, data.shares, geo, "cluster", "cwm", lang)
        assert _rows(page, "figures-table") == _frame_rows(app)
    page = pages["en/cluster/cwm.html"]
    # Cwm: 12 referrals over 20,000 patients, 0.60 per 1,000 (95%: 0.31 to 1.05); Wales 0.42 lies inside it.
    assert '<dd data-measure="referrals_per_1k">0.60</dd>' in page
    assert f'<dd class="said">{_t("profile.interval")}: 0.31 to 1.05</dd>' in page
    assert f'<dd class="said">{_t("profile.vs_wales")}: ● similar</dd>' in page
    assert f'<dd class="said">{_t("profile.vs_board")}: ● similar</dd>' in page
    welsh = pages["cy/cluster/cwm.html"]
    interval = (
        profiles.comparison(current, data.shares, geo, "cluster", "cwm", "cy")
        .set_index(t("profile.measure", "cy"))
        .at[t("measure.referrals_per_1k", "cy"), t("profile.interval", "cy")]
    )
    assert f'<dd class="said">{_t("profile.interval", "cy")}: {interval}</dd>' in welsh


def test_a_withheld_rate_has_no_limits_and_is_not_compared(three):
    page = three[0]["en/cluster/aber.html"]
    card = page.split('<dd data-measure="referrals_per_1k">', 1)[1].split("</div>", 1)[0]
    assert card.startswith("&lt;5</dd>")
    assert _t("profile.interval") not in card
    assert f"{_t('profile.vs_wales')}: ○ not compared" in card


def test_the_spine_chart_places_the_area_its_board_and_wales_on_the_spread(three):
    pages, geo, data = three
    current = data.projects[data.projects["round"] == ROUND]
    spines, shown = profiles.spine(current, data.shares, geo, "cluster", "cwm", "en")
    page = pages["en/cluster/cwm.html"]
    assert _rows(page, "spine-table") == _frame_rows(charts.spine_frame(spines, shown, "en"))
    chart = page.split('id="spine-desc"', 1)[1].split("</svg>", 1)[0]
    # FTE per 10,000 of the 3 clusters runs from 0.50 (Cwm itself, and its board) to 1.00; Wales is 0.58:
    # on a bar from x=12 to x=428, Cwm's circle at 12, Wales's line at 12 + 416 * 0.083 / 0.5 = 81.3.
    fte = chart.split(t("measure.referrals_per_1k", "en"))[0]
    assert '<circle cx="12.0" cy="32"' in fte and '<rect x="79.8" y="22"' in fte and '<path d="M12.0 25' in fte
    assert fte.count('height="16"') == 2  # the spread and the middle half
    board = pages[f"en/health-board/{tiny.BOARD_B.lower()}.html"]
    assert _t("profile.board") not in board.split('id="spine-desc"', 1)[1].split("</figure>", 1)[0]


def test_trends_show_every_round_with_a_gap_where_a_board_did_not_return(three):
    pages, geo, data = three
    labels = [EARLIEST, "2025-03", ROUND]
    projects = {label: data.projects[data.projects["round"] == label] for label in labels}
    tables, wales = trends.round_tables(projects, data.returns, data.shares, geo, "cluster")
    for lang in ("en", "cy"):
        page = pages[f"{lang}/cluster/cwm.html"]
        app = charts.trend_frame(trends.area_trends(tables, wales, "cwm"), lang)
        assert _rows(page, "trend-table") == _frame_rows(app)
        assert _rows(page, "trend-table")[0][1] == t("benchmarks.state.no_return", lang)  # never 0
    page = pages["en/cluster/cwm.html"]
    assert f'<h2 id="trend">{_t("profile.trends", first=EARLIEST, last=ROUND)}</h2>' in page
    panels = page.split('id="trends-1"', 1)[1].split("</figure>", 1)[0]
    assert panels.count('class="gap">no return</text>') == 7  # one panel per measure, each with its gap
    # Current projects of Cwm: 1 in 2025-03, 1 in 2026-03 (the top of the axis): one line of two points, no point
    # in 2024-03 (rounds at x = 60, 156, 252).
    first = panels.split("</svg>", 1)[0]
    assert re.findall(r'<polyline points="([^"]*)"', first) == ["156.0,34.0 252.0,34.0 "]
    link = 'href="../data/sprx-rounds-cluster-2026-03-en.csv" download'
    assert link in page
    aber = pages["en/cluster/aber.html"]
    assert _rows(aber, "trend-table")[0][4] == "5"  # board A returned in 2024-03: a quarter of Green Gym's 20


def test_with_two_rounds_a_profile_has_no_trends(tmp_path):
    pages = _pages(_build(tmp_path, "two"))
    assert 'id="trend"' not in pages["en/cluster/cwm.html"]
    assert not any("sprx-rounds-" in path for path in pages)


def test_the_every_round_file_says_each_rows_own_round_and_when_its_data_changed(tmp_path):
    import csv
    import io

    geo = tiny.geography()
    folder = _build(tmp_path, "site", geo, data=_three_rounds(geo))
    for lang in ("en", "cy"):
        text = (folder / lang / "data" / f"sprx-rounds-cluster-{ROUND}-{lang}.csv").read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        rounds = [r[t("export.column.round", lang)] for r in rows]
        clusters = len(geo.clusters)
        assert rounds == [EARLIEST] * clusters + ["2025-03"] * clusters + [ROUND] * clusters  # never "every round"
        assert {r[t("export.column.data_as_of", lang)] for r in rows} == {
            "2026-03-31 10:30"
        }  # 09:30 UTC, Welsh summer time
