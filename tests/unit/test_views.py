"""Comparisons as every view shows them (profile, gaps ranking, slides, files, funnel, spine, trends), by hand.

Tiny world (tests/tiny.py): aber 10,000 patients and bryn 30,000 (board A, authority A), cwm 20,000 (board B);
Wales 60,000. Byar's limits of a count O are worked in tests/unit/test_comparisons.py; here they are written out.
"""

import csv
import datetime as dt
import io

import pandas as pd
import pytest
from scipy import stats

from sprx_map import downloads, export, metrics, profiles, slides, tables, trends
from sprx_map.compare import areas, charts
from sprx_map.dataset import Dataset
from sprx_map.filters import Filters
from sprx_map.rounds import NOT_RETURNED, RETURNED, BoardReturn, RoundReturns
from sprx_map.view import View
from tests import tiny
from tests.unit.test_comparisons import CONTRASTED

A, B = tiny.BOARD_A, tiny.BOARD_B
FTE, RATE = "Link-worker FTE per 10,000 patients", "Referrals to social prescribing per 1,000 patients a year"
# Green Gym's 20 referrals in aber alone, a walk's 15 in bryn, Befriending's 12 in cwm: Wales 47 / 60,000.
FUNNELLED = tiny.projects(
    [
        ("f/1", "f", "Green Gym", "Groundwork", A, ["aber"], "current", ["nature"], 1.0, 20),
        ("f/2", "f", "Walk", "Ramblers", A, ["bryn"], "current", ["physical"], 0.5, 15),
        ("f/3", "f", "Befriending", "Age Cymru", B, ["cwm"], "current", ["befriending"], 0.6, 12),
    ]
)
# A third, earlier round in which board B did not return.
EARLIEST = ("2024-03/1", "2024-03", "Green Gym", "Groundwork", A, ["aber", "bryn"], "current", ["nature"], 0.8, 24)


def _with_threshold(monkeypatch):
    monkeypatch.setenv(metrics.THRESHOLD_VARIABLE, "5")


def test_profile_compares_referrals_by_limits_at_each_edge(monkeypatch):
    _with_threshold(monkeypatch)
    geo = tiny.geography()
    shares = metrics.apportion(CONTRASTED, geo)
    # bryn 30 in 30,000 (1.00): limits 0.6746 to 1.4276, above Wales's 0.6667 (higher), around board A's 1.0.
    bryn = profiles.comparison(CONTRASTED, shares, geo, "cluster", "bryn").set_index("Measure")
    assert list(bryn.columns) == [
        "This area", "Its health board", "Wales", "95% confidence interval", "Against its board", "Against Wales",
        "Among all areas of its level in Wales", "Reported by (current projects)",
    ]  # fmt: skip
    # bryn's one current project (r/1) gave both its FTE and its referrals: "1 of 1", complete.
    assert bryn.loc[RATE].tolist() == ["1.00", "1.00", "0.67", "0.67 to 1.43", "● similar", "▲ higher", "", "1 of 1"]
    # cwm 0 in 20,000: 0 to 0.1844. Its lower limit is exactly its board's 0, so similar; below Wales, so lower.
    cwm = profiles.comparison(CONTRASTED, shares, geo, "cluster", "cwm").set_index("Measure")
    assert cwm.loc[RATE].tolist() == ["0.00", "0.00", "0.67", "0.00 to 0.18", "● similar", "▼ lower", "", "1 of 1"]
    # Three clusters are too few for fifths: FTE per 10,000 is not compared, and counts never are.
    assert cwm.loc[FTE].tolist() == ["0.30", "0.30", "0.27", "", "", "", "○ not compared", "1 of 1"]
    assert cwm.loc["Referrals to social prescribing a year"].tolist()[3:] == ["", "", "", "", "1 of 1"]
    assert cwm.loc["Current projects"].tolist()[-1] == ""  # a count of projects rests on nothing reported
    # A board: no board column, no comparison with itself. Board A 40 in 40,000: 0.7143 to 1.3618, higher.
    board = profiles.comparison(CONTRASTED, shares, geo, "health_board", A).set_index("Measure")
    assert list(board.columns) == [
        "This area",
        "Wales",
        "95% confidence interval",
        "Against Wales",
        "Among all areas of its level in Wales",
        "Reported by (current projects)",
    ]
    assert board.loc[RATE].tolist() == ["1.00", "0.67", "0.71 to 1.36", "▲ higher", "", "1 of 1"]


def test_profile_in_welsh(monkeypatch):
    _with_threshold(monkeypatch)
    geo = tiny.geography()
    bryn = profiles.comparison(CONTRASTED, metrics.apportion(CONTRASTED, geo), geo, "cluster", "bryn", "cy")
    row = bryn.set_index("Mesur").loc["Atgyfeiriadau at bresgripsiynu cymdeithasol fesul 1,000 o gleifion y flwyddyn"]
    assert row.tolist()[3:6] == ["0.67 i 1.43", "● tebyg", "▲ uwch"]


def test_gaps_ranking_in_words_with_marks(monkeypatch):
    _with_threshold(monkeypatch)
    geo = tiny.geography()
    shares = metrics.apportion(FUNNELLED, geo)
    frame = tables.ranking_frame(gaps_ranked(FUNNELLED, shares, geo), geo)
    assert list(frame.columns) == [
        "Area", "Health board", "Current projects", FTE, f"{FTE}: health board", f"{FTE}: Wales",
        f"{FTE}: fifth of all clusters in Wales", RATE, f"{RATE}: health board", f"{RATE}: Wales",
        f"{RATE}: 95% confidence interval", "Against its board", "Against Wales",
    ]  # fmt: skip
    by_area = frame.set_index("Area")
    # Wales 47 / 60,000 = 0.78; board A 35 / 40,000 = 0.875. aber 20 (2.00): 1.2217 to 3.0886, higher than both.
    # bryn 15 (0.50): 0.2798 to 0.8246, lower than its board, but Wales's 0.78 is inside: similar.
    assert by_area.loc["Aber", [f"{RATE}: 95% confidence interval", "Against its board", "Against Wales"]].tolist() == [
        "1.22 to 3.09", "▲ higher", "▲ higher"
    ]  # fmt: skip
    assert by_area.loc["Bryn", ["Against its board", "Against Wales"]].tolist() == ["▼ lower", "● similar"]
    assert by_area[f"{FTE}: fifth of all clusters in Wales"].tolist() == ["○ not compared"] * 3


def gaps_ranked(projects, shares, geo):
    from sprx_map import gaps

    return gaps.ranking(gaps.level_tables(projects, shares, geo, threshold=5), geo)


def test_slides_place_boards_in_fifths_by_hand(sample, geo, direct):
    # Seven boards: ranks 1 and 2 are the lowest fifth, 3 the second-lowest, 4 and 5 the middle, 6 the
    # second-highest, 7 the highest (6 - ceil(5 (8 - rank) / 7)).
    words = {1: "lowest", 2: "lowest", 3: "second-lowest", 4: "middle", 5: "middle", 6: "second-highest", 7: "highest"}
    rates = pd.Series({code: direct(boards=[code])["fte_per_10k"] for code in geo.boards.index})
    wales = direct()
    view = View(sample, geo, Filters(round=sample.rounds()[0]))
    for slide in slides.deck(geo)[1:]:
        shown = dict((label, versus) for label, _, versus in slides.figures(slide, view))
        rank = int(rates.rank(method="min")[slide.code])
        current = sample.projects[
            (sample.projects["health_board"] == slide.code) & (sample.projects["status"] == "current")
        ]
        rested = f"{current['link_worker_fte'].notna().sum()} of {len(current)}"
        assert shown[FTE] == (
            f"Wales: {wales['fte_per_10k']:.2f} ({words[rank]} fifth of health boards); "
            f"reported by {rested} current projects"
        )
        assert shown[RATE].split(" (")[1][0] in "▲●▼"
    # No board has returned: nothing counted, so nothing is said beside the Wales slide's figures.
    label = sample.rounds()[0]
    none = RoundReturns(label, False, tuple(BoardReturn(code, NOT_RETURNED) for code in geo.boards.index))
    nothing = Dataset(sample.projects, sample.shares, returns={label: none})
    first = slides.figures(slides.deck(geo)[0], View(nothing, geo, Filters(round=label)))
    assert [v for _, _, v in first] == [None] * 5


def test_area_file_carries_limits_and_comparisons(monkeypatch):
    _with_threshold(monkeypatch)
    geo = tiny.geography()
    shares = metrics.apportion(FUNNELLED, geo)
    returns = {"f": RoundReturns("f", False, (BoardReturn(A, RETURNED), BoardReturn(B, RETURNED)))}
    data = Dataset(FUNNELLED, shares, illustrative_rounds=(), returns=returns)
    made = downloads.areas_download(data, geo, Filters(round="f"), "cluster")
    text = export.csv_bytes(made.frame, made.headings, made.release).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][6:13] == [
        FTE, f"{FTE}: fifth of areas (1 lowest, 5 highest)", RATE,
        f"{RATE}: lower 95% limit", f"{RATE}: upper 95% limit", f"{RATE}: compared with Wales",
        f"{RATE}: compared with the health board",
    ]  # fmt: skip
    assert [r[8:13] for r in rows[1:]] == [
        ["2.0", "1.22", "3.09", "higher", "higher"],
        ["0.5", "0.28", "0.82", "similar", "lower"],
        ["0.6", "0.31", "1.05", "similar", "similar"],  # 12 in 20,000: 0.3097 to 1.0482; board B is itself
    ]
    assert [r[7] for r in rows[1:]] == ["", "", ""]  # no fifths among three
    boards = downloads.areas_download(data, geo, Filters(round="f"), "health_board")
    assert f"{RATE}: compared with the health board" not in boards.headings.values()
    # Board A 35 in 40,000: 0.61 to 1.22; board B 12 in 20,000: 0.31 to 1.05; both around Wales's 0.78.
    assert boards.frame["referrals_per_1k_vs_wales"].tolist() == ["similar", "similar"]
    notes = dict(export.notes_for(made.frame.columns))
    assert notes[f"{RATE}: compared with Wales"].startswith("Higher or lower only when the whole 95%")


def test_funnel_limits_at_two_populations_in_the_figure(monkeypatch):
    _with_threshold(monkeypatch)
    geo = tiny.geography()
    table = areas.compared_table(FUNNELLED, metrics.apportion(FUNNELLED, geo), geo, "cluster", threshold=5)
    wales = 47 / 60  # per 1,000
    points, lines, left_out = areas.funnel(table, wales)
    assert left_out == {"withheld": 0, "no_return": 0, "not_reported": 0}
    # Expected counts 7.8333 at 10,000 and 23.5 at 30,000. The lines are their Poisson quantiles (continuous in the
    # count), per 1,000: 10,000: 95% 0.2388 to 1.4243, 99.8% 0.0372 to 1.8268; 30,000: 95% 0.4669 to 1.1315,
    # 99.8% 0.3190 to 1.3439. As whole counts, by scipy.stats' Poisson tails at 7.8333: P(X <= 2) = 0.0157 and
    # P(X <= 3) = 0.0474 put the lower 95% line between 2 and 3; P(X >= 14) = 0.0295, P(X >= 15) = 0.0146 the
    # upper between 14 and 15; P(X >= 18) = 0.00127, P(X >= 19) = 0.00051 the upper 99.8% between 18 and 19.
    e = 47 / 60 * 10
    assert stats.poisson.cdf(2, e) < 0.025 <= stats.poisson.cdf(3, e) and stats.poisson.cdf(0, e) < 0.001
    assert stats.poisson.sf(13, e) >= 0.025 > stats.poisson.sf(14, e)
    assert stats.poisson.sf(17, e) >= 0.001 > stats.poisson.sf(18, e)
    assert points.loc["aber", ["lower_95", "upper_95", "lower_998", "upper_998"]].round(4).tolist() == [
        0.2388, 1.4243, 0.0372, 1.8268
    ]  # fmt: skip
    # aber's 20 is above the 99.8% line (P(X >= 20) = 0.0001); bryn's 15 at 30,000 is just inside its lower 95% line
    # (P(X <= 15) = 0.042 at 23.5; 14 would be below it: P(X <= 14) = 0.0249).
    assert points["position"].tolist() == ["above_998", "within", "within"]
    names = geo.area_names("cluster")
    fig = charts.funnel_figure(points, lines, wales, names, pd.Series({"aber": "Abe", "bryn": "Bry"}))
    by_meta = {trace.meta: trace for trace in fig.data}
    for population, limits in ((10_000, (0.2388, 1.4243, 0.0372, 1.8268)), (30_000, (0.4669, 1.1315, 0.3190, 1.3439))):
        at = list(by_meta["upper_95"].x).index(population)
        drawn = [by_meta[m].y[at] for m in ("lower_95", "upper_95", "lower_998", "upper_998")]
        assert [round(v, 4) for v in drawn] == list(limits)
    assert by_meta["wales"].y == (wales, wales) and by_meta["wales"].name == "Wales: 0.78"
    assert by_meta["above"].text == ("Abe",) and by_meta["above"].marker.symbol == "triangle-up"
    assert list(by_meta["within"].x) == [30_000, 20_000] and by_meta["within"].text is None
    assert len(by_meta["below"].x) == 0
    frame = charts.funnel_frame(points, names, pd.Series({"aber": "Abe"}))
    assert frame.iloc[0].tolist() == ["Aber", "Abe", "10,000", "2.00", "0.24 to 1.42", "0.04 to 1.83",
                                      "above the 99.8% limit"]  # fmt: skip


def test_spine_quartiles_by_hand(monkeypatch):
    _with_threshold(monkeypatch)
    geo, _, shares, _, latest = tiny.world()
    spines, shown = profiles.spine(latest, shares, geo, "cluster", "aber")
    # FTE per 10,000: aber 1.0 (0.5 of Green Gym + 0.5), bryn 0.5, cwm 0.5. Sorted 0.5, 0.5, 1.0: the lower
    # quartile is at position 0.5 (0.5), the median 0.5, the upper quartile at 1.5: halfway from 0.5 to 1.0.
    assert spines["fte_per_10k"] == {
        "areas": 3, "minimum": 0.5, "lower_quartile": 0.5, "median": 0.5, "upper_quartile": 0.75, "maximum": 1.0,
        "area": 1.0, "board": 0.625, "wales": pytest.approx(3.5 / 6),
    }  # fmt: skip
    # Referrals per 1,000: aber's and bryn's are withheld, so only cwm's 0.6 makes the spread; aber has no mark.
    assert spines["referrals_per_1k"]["areas"] == 1 and spines["referrals_per_1k"]["area"] is None
    assert shown["referrals_per_1k"] == {"area": "<5", "board": "0.33", "wales": "0.42"}  # board A 13 in 40,000
    fig = charts.spine_figure(spines)
    by_meta = {trace.meta: trace for trace in fig.data}
    assert by_meta["middle"].base[0] == 0.0 and by_meta["middle"].x[0] == 0.5  # 0.5 to 0.75 of 0.5 to 1.0
    assert by_meta["area"].x[0] == 1.0 and by_meta["board"].x[0] == 0.25
    assert by_meta["wales"].x[0] == pytest.approx((3.5 / 6 - 0.5) / 0.5)
    assert by_meta["area"].x[1] is None and by_meta["area"].customdata == ("1.00", "–")
    frame = charts.spine_frame(spines, shown)
    assert frame.iloc[0].tolist() == ["Link-worker FTE per 10,000 patients", "1.00", "0.62", "0.58",
                                      "0.50", "0.50", "0.50", "0.75", "1.00", "3"]  # fmt: skip


def test_a_spine_from_the_levels_spread_made_once_is_the_same(monkeypatch):
    _with_threshold(monkeypatch)
    geo, _, shares, _, latest = tiny.world()
    for level in ("cluster", "health_board"):
        table = metrics.area_table(latest, shares, geo, level)
        spread = areas.spreads(table)
        wales = metrics.headline(latest, shares, geo)
        for code in table.index:
            board = metrics.figures_in(table, code)
            assert areas.spines(table, code, board, wales, spread=spread) == areas.spines(table, code, board, wales)
    assert spread["fte_per_10k"][1]["areas"] == 2  # the two boards


def _three_rounds():
    geo = tiny.geography()
    projects = tiny.projects([EARLIEST, *tiny.ROWS])
    shares = metrics.apportion(projects, geo)
    by_round = {label: projects[projects["round"] == label] for label in ("2024-03", "2025-03", "2026-03")}
    missing_b = RoundReturns("2024-03", False, (BoardReturn(A, RETURNED), BoardReturn(B, NOT_RETURNED)))
    return geo, shares, by_round, {"2024-03": missing_b}


def test_trends_over_three_rounds_with_a_round_of_no_return(monkeypatch):
    _with_threshold(monkeypatch)
    geo, shares, by_round, returns = _three_rounds()
    tables, wales = trends.round_tables(by_round, returns, shares, geo, "cluster", threshold=5)
    cwm = trends.area_trends(tables, wales, "cwm", ("referrals", "referrals_per_1k"))
    # 2024-03: board B did not return (a gap, not zero); then 7 and 12 referrals in 20,000.
    assert cwm["referrals_per_1k"]["state"].tolist() == ["no_return", "shown", "shown"]
    assert cwm["referrals_per_1k"]["value"].tolist()[1:] == pytest.approx([0.35, 0.6])
    # Wales: board A alone in 2024-03 (24 / 40,000), then 27 and 25 in 60,000.
    assert cwm["referrals_per_1k"]["wales"].tolist() == pytest.approx([0.6, 0.45, 25 / 60])
    fig = charts.trend_figure(cwm)
    by_meta = {trace.meta: trace for trace in fig.data}
    assert by_meta["area:referrals_per_1k"].y == (None, 0.35, 0.6)  # never 0
    assert by_meta["area:referrals_per_1k"].connectgaps is False
    assert by_meta["wales:referrals_per_1k"].y == pytest.approx((0.6, 0.45, 25 / 60))
    assert "wales:referrals" not in by_meta  # a count has no Wales line on its scale
    assert [a.text for a in fig.layout.annotations if a.text == "no return"] == ["no return"] * 2
    frame = charts.trend_frame(cwm)
    assert frame["Referrals to social prescribing a year"].tolist() == ["no return", "7", "12"]
    assert frame["Referrals to social prescribing per 1,000 patients a year: Wales"].tolist() == [
        "0.60",
        "0.45",
        "0.42",
    ]
    aber = trends.area_trends(tables, wales, "aber", ("referrals",))
    assert charts.trend_frame(aber)["Referrals to social prescribing a year"].tolist() == [
        "6",
        "5",
        "withheld",
    ]  # 24 / 4, 20 / 4, 4


def test_every_round_by_area(monkeypatch):
    _with_threshold(monkeypatch)
    geo, shares, by_round, returns = _three_rounds()
    tables, _ = trends.round_tables(by_round, returns, shares, geo, "cluster", threshold=5)
    frame = trends.every_round(tables, geo, "cluster", "referrals", "cy")
    assert list(frame.columns) == ["Ardal", "Rownd 2024-03", "Rownd 2025-03", "Rownd 2026-03"]
    assert frame.values.tolist() == [
        ["Aber", "6", "5", "<5"],
        ["Bryn", "18", "15", "[c]"],
        ["Cwm", "dim ffurflen", "7", "12"],
    ]
    boards = trends.round_tables(by_round, returns, shares, geo, "health_board", threshold=5)[0]
    only_b = trends.every_round(boards, geo, "health_board", "referrals", clusters=["cwm"])
    assert only_b.values.tolist() == [["B", "no return", "7", "12"]]


def test_rounds_until_keeps_to_one_kind():
    assert trends.rounds_until(["2026-03", "2025-03", "sample"], "2026-03", ("sample",)) == ["2025-03", "2026-03"]
    illustrative = ("sample-earliest", "sample-earlier", "sample")
    labels = ["2026-03", "sample", "sample-earlier", "sample-earliest"]
    assert trends.rounds_until(labels, "sample", illustrative) == list(illustrative)
    assert trends.rounds_until(labels, "sample-earlier", illustrative) == ["sample-earliest", "sample-earlier"]


def test_all_rounds_in_one_long_table(monkeypatch):
    _with_threshold(monkeypatch)
    geo, shares, by_round, returns = _three_rounds()
    projects = pd.concat(by_round.values(), ignore_index=True)
    stamp = dt.datetime(2026, 3, 3, 14, 5, tzinfo=dt.UTC)
    complete = {
        label: RoundReturns(label, False, (BoardReturn(A, RETURNED, stamp), BoardReturn(B, RETURNED, stamp)))
        for label in ("2025-03", "2026-03")
    }
    data = Dataset(projects, shares, illustrative_rounds=(), returns={**returns, **complete})
    made = downloads.all_rounds_download(data, geo, "cluster")
    text = export.csv_bytes(made.frame, made.headings).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:6] == ["Code", "Area", "Survey round", "Illustrative data", "Data as of", "Current projects"]
    assert [r[:5] for r in rows[1:]] == [
        ["aber", "Aber", "2024-03", "no", ""],
        ["bryn", "Bryn", "2024-03", "no", ""],
        ["cwm", "Cwm", "2024-03", "no", ""],
        ["aber", "Aber", "2025-03", "no", "2026-03-03 14:05"],
        ["bryn", "Bryn", "2025-03", "no", "2026-03-03 14:05"],
        ["cwm", "Cwm", "2025-03", "no", "2026-03-03 14:05"],
        ["aber", "Aber", "2026-03", "no", "2026-03-03 14:05"],
        ["bryn", "Bryn", "2026-03", "no", "2026-03-03 14:05"],
        ["cwm", "Cwm", "2026-03", "no", "2026-03-03 14:05"],
    ]
    referrals = rows[0].index("Referrals to social prescribing a year")
    assert [r[referrals] for r in rows[1:]] == ["6", "18", "[x]", "5", "15", "7", "<5", "[c]", "12"]
    assert made.release.round == "every round: 2024-03, 2025-03, 2026-03"
