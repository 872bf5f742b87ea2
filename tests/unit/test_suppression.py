"""Disclosure control in one place: referral counts of 1 to 4 are withheld (``<5``), and a second count
with them where it would give one away (``[c]``); rates made from them go too, and nothing withheld is
compared, coloured, charted or written as a number.

On the tiny world (tests/tiny.py) unless said: aber 10,000 patients and bryn 30,000 (board A, authority A),
cwm 20,000 (board B); Wales 60,000. In round 2026-03 aber has 4 referrals, bryn 9, cwm 12. Every expected
value was worked out by hand.
"""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sprx_map import downloads, measures, metrics, palette, profiles
from sprx_map.compare import areas, confidence
from sprx_map.compare.confidence import NOT_COMPARED, SIMILAR
from sprx_map.dataset import Dataset
from sprx_map.filters import Filters
from sprx_map.maps import hexmap
from sprx_map.rounds import NOT_RETURNED, RETURNED, BoardReturn, RoundReturns
from tests import tiny
from tests.unit.test_comparisons import FIFTH, LOWER95, UPPER95, VS_BOARD, VS_WALES, byar, compared
from tests.unit.test_views import FTE, RATE, A, B

# Withholding counts: primary and secondary, up and down the tree, and the threshold ----------------------------------


def test_primary_and_secondary_suppression(world):
    geo, _, shares, _, latest = world
    table = metrics.area_table(latest, shares, geo, "cluster", threshold=5)
    # Aber's 4 is below 5; Bryn's 9 would give it away (authority total 13 = 4 + 9).
    assert table["suppressed"].tolist() == ["primary", "secondary", ""]
    assert table["referrals"].isna().tolist() == [True, True, False]
    assert table["referrals_per_1k"].isna().tolist() == [True, True, False]
    assert table["link_worker_fte"].tolist() == [1.0, 1.5, 1.0]  # FTE is not a count of people
    boards = metrics.area_table(latest, shares, geo, "health_board", threshold=5)
    assert boards["suppressed"].tolist() == ["", ""] and boards["referrals"].tolist() == [13, 12]
    # A lower threshold withholds nothing here.
    assert metrics.area_table(latest, shares, geo, "cluster", threshold=4)["suppressed"].tolist() == ["", "", ""]


def test_suppression_reaches_up_and_down_the_tree():
    # Board 13 = LA1 3 (cluster x 3) + LA2 10 (clusters y 6, z 4).
    values = pd.Series({"board": 13, "la1": 3, "la2": 10, "x": 3, "y": 6, "z": 4})
    relations = [("board", ["la1", "la2"]), ("la1", ["x"]), ("la2", ["y", "z"])]
    state = metrics.suppress(values, relations, 5)
    assert state.to_dict() == {
        "board": "",
        "la1": "primary",
        "la2": "secondary",  # else board - la2 gives la1
        "x": "primary",
        "y": "",  # la2 and z are both withheld: la2 - y does not give z
        "z": "primary",
    }
    # No relation is left with exactly one withheld cell.
    for total, parts in relations:
        assert sum(bool(state[c]) for c in (total, *parts)) != 1
    assert metrics.suppress(values, relations, 0).tolist() == [""] * 6


def test_project_referrals_withheld_with_a_second_in_the_board(world):
    _, _, _, _, latest = world
    states = metrics.project_states(latest, threshold=5)
    # Arts on Prescription reported 1; Green Gym (the board's only other count) goes too.
    assert states.to_dict() == {"2026-03/1": "secondary", "2026-03/2": "primary", "2026-03/3": "", "2026-03/4": ""}


def test_threshold_from_the_environment(monkeypatch):
    monkeypatch.setenv(metrics.THRESHOLD_VARIABLE, "10")
    assert metrics.suppression_threshold() == 10
    monkeypatch.setenv(metrics.THRESHOLD_VARIABLE, "five")
    with pytest.raises(ValueError, match="use a whole number"):
        metrics.suppression_threshold()
    monkeypatch.delenv(metrics.THRESHOLD_VARIABLE)
    assert metrics.suppression_threshold() == 5


def test_withheld_figures_in_files_maps_and_charts(world, monkeypatch):
    from sprx_map import charts, export, maps, palette, tables

    geo, _, shares, _, latest = world
    table = metrics.area_table(latest, shares, geo, "cluster", threshold=5)
    frame = tables.for_export(tables.area_frame(table, geo, "cluster", measures=measures.COLUMNS))
    assert frame["referrals"].tolist() == ["<5", "[c]", 12]
    assert frame["referrals_per_1k"].tolist()[:2] == ["<5", "[c]"]
    text = export.csv_bytes(frame, {c: c for c in frame.columns}).decode("utf-8-sig")
    assert "Aber,2,0,1.0,<5," in text
    m = maps.area_map(geo, table, "cluster", "referrals", tooltip_measures=("referrals_per_1k",))
    fills = [f["properties"]["style"]["fillColor"] for f in maps.features(m)]
    assert fills[:2] == [palette.WITHHELD_FILL] * 2 and fills[2] != palette.WITHHELD_FILL
    assert "&lt;5" in maps.features(m)[0]["properties"]["tooltip"]
    assert "Withheld (small numbers)" in maps.map_html(m)
    # FTE is not withheld, so the FTE map colours every cluster.
    fte = maps.area_map(geo, table, "cluster", "link_worker_fte")
    assert palette.WITHHELD_FILL not in [f["properties"]["style"]["fillColor"] for f in maps.features(fte)]
    monkeypatch.setenv(metrics.THRESHOLD_VARIABLE, "13")
    boards = tables.area_frame(metrics.area_table(latest, shares, geo, "health_board"), geo, "health_board")
    assert boards["suppressed"].tolist() == ["secondary", "primary"]  # 12 < 13, and Wales 25 - 13 = 12
    assert charts.by_board(boards).data[1].text == ("[c]", "<13")


def test_projects_table_withholds_small_counts(world):
    from sprx_map import tables

    geo, _, _, _, latest = world
    frame = tables.projects_frame(latest, geo)
    assert frame["referrals_received"].tolist() == ["[c]", "<5", 12, None]
    shown = tables.on_screen(frame)["referrals_received"].tolist()
    assert shown[:3] == ["[c]", "<5", "12"] and pd.isna(shown[3])


# Rates and their confidence limits -----------------------------------------------------------------------------------


def test_rate_limits_per_1000_with_withheld_counts():
    counts = pd.Series([0, 3, 7, 150], index=["a", "b", "c", "d"])
    populations = [20_000, 10_000, 10_000, 30_000]
    out = confidence.rate_limits(counts, populations, per=1_000, threshold=5)
    assert list(out.columns) == ["rate", "lower", "upper"]
    assert out.index.tolist() == ["a", "b", "c", "d"]
    # 0 in 20,000: 0 to 3.688879/20 per 1,000.
    assert (out.at["a", "rate"], out.at["a", "lower"]) == (0.0, 0.0)
    assert out.at["a", "upper"] == pytest.approx(-math.log(0.025) / 20, rel=1e-12)  # 0.184444
    # 3 is withheld (1 to 4): no rate, no limits.
    assert out.loc["b"].isna().all()
    # 7 in 10,000: 0.7 (0.2814 to 1.4423) per 1,000.
    assert out.loc["c"].tolist() == pytest.approx([0.7, 0.2814363, 1.4422675], rel=1e-6)
    # 150 in 30,000: 5.0 (4.2318 to 5.8673) per 1,000.
    assert out.loc["d"].tolist() == pytest.approx([5.0, 126.9546735 / 30, 176.0181583 / 30], rel=1e-9)


def test_threshold_zero_withholds_nothing_and_missing_counts_stay_missing():
    counts = pd.Series([3, None, 12], dtype="Int64")
    out = confidence.rate_limits(counts, [10_000, 10_000, 0], per=1_000, threshold=0)
    assert out.at[0, "lower"] == pytest.approx(stats.chi2.ppf(0.025, 6) / 20, rel=1e-10)  # 0.0619
    assert out.loc[1].isna().all()  # not reported (or withheld as [c] before it came here)
    assert out.loc[2].isna().all()  # no patients: no rate


def test_threshold_defaults_to_the_setting(monkeypatch):
    monkeypatch.setenv("SPRX_SUPPRESSION_THRESHOLD", "10")
    out = confidence.rate_limits([7, 10], [10_000, 10_000], per=1_000)
    assert out["rate"].isna().tolist() == [True, False]


# Comparisons ---------------------------------------------------------------------------------------------------------


def test_withheld_rates_have_no_limits_and_are_not_compared():
    _, _, _, _, latest = tiny.world()
    out, _ = compared(latest, "cluster")
    # aber's 4 is withheld (<5) and bryn's 9 with it ([c]); cwm's 12 in 20,000 is shown.
    assert out["suppressed"].tolist() == ["primary", "secondary", ""]
    assert out[LOWER95].isna().tolist() == [True, True, False]
    assert out[UPPER95].isna().tolist() == [True, True, False]
    assert (out.at["cwm", LOWER95], out.at["cwm", UPPER95]) == pytest.approx(
        (byar(12)[0] / 20, byar(12)[1] / 20), rel=1e-12
    )  # 0.3097 to 1.0482, around Wales's 25 / 60,000 = 0.4167
    assert out[VS_WALES].tolist() == [NOT_COMPARED, NOT_COMPARED, SIMILAR]
    assert out[VS_BOARD].tolist() == [NOT_COMPARED, NOT_COMPARED, SIMILAR]
    # Three clusters are too few for fifths.
    assert out[FIFTH].isna().all()


# What every view shows: profile, files, funnel -----------------------------------------------------------------------


def test_withheld_and_no_return_are_not_compared_in_the_profile(monkeypatch):
    monkeypatch.setenv(metrics.THRESHOLD_VARIABLE, "5")
    geo, _, shares, _, latest = tiny.world()
    # aber's 4 referrals are withheld (<5), bryn's 9 with them ([c]).
    aber = profiles.comparison(latest, shares, geo, "cluster", "aber").set_index("Measure")
    assert aber.loc[RATE].tolist() == [
        "<5",
        "0.33",
        "0.42",
        "",
        "○ not compared",
        "○ not compared",
        "",
        "2 of 2",
    ]  # fmt: skip  (board A 13)
    # Board B has not returned: cwm is "no return" and nothing about it is compared.
    cwm = profiles.comparison(latest, shares, geo, "cluster", "cwm", counted=["aber", "bryn"]).set_index("Measure")
    # Wales is then board A alone: 13 in 40,000.
    assert cwm.loc[RATE].tolist() == [
        "no return", "no return", "0.33", "", "○ not compared", "○ not compared", "", ""
    ]  # fmt: skip
    assert cwm.loc[FTE].tolist()[-2:] == ["○ not compared", ""]


def test_withheld_figures_in_files_keep_their_marks_and_are_not_compared(monkeypatch):
    monkeypatch.setenv(metrics.THRESHOLD_VARIABLE, "5")
    geo, projects, shares, _, _ = tiny.world()
    returns = {"2026-03": RoundReturns("2026-03", False, (BoardReturn(A, RETURNED), BoardReturn(B, NOT_RETURNED)))}
    data = Dataset(projects, shares, illustrative_rounds=(), returns=returns)
    frame = downloads.areas_download(data, geo, Filters(round="2026-03"), "cluster").frame.set_index("code")
    columns = ["referrals_per_1k", "referrals_per_1k_lower95", "referrals_per_1k_vs_wales", "referrals_per_1k_vs_board"]
    assert frame.loc["aber", columns].tolist() == ["<5", "<5", "not compared", "not compared"]
    assert frame.loc["bryn", columns].tolist() == ["[c]", "[c]", "not compared", "not compared"]
    assert frame.loc["cwm", columns].tolist() == ["[x]"] * 4  # no return


def test_funnel_leaves_out_withheld_and_no_return_clusters(monkeypatch):
    monkeypatch.setenv(metrics.THRESHOLD_VARIABLE, "5")
    geo, _, shares, _, latest = tiny.world()
    table = areas.compared_table(latest, shares, geo, "cluster", ["aber", "bryn"], no_return=["cwm"], threshold=5)
    points, _, left_out = areas.funnel(table, 0.3)
    assert points.empty and left_out == {"withheld": 2, "no_return": 1, "not_reported": 0}


# The hex map ---------------------------------------------------------------------------------------------------------


def test_withheld_clusters_are_grey_and_marked(geo, cells):
    values = pd.Series(10.0, index=geo.clusters.index)
    values[["mid-powys", "north-powys"]] = np.nan  # withheld figures arrive as missing
    withheld = pd.Series("", index=geo.clusters.index)
    withheld[["mid-powys", "north-powys"]] = ["primary", "secondary"]
    fig = hexmap.hex_figure(geo, values, "referrals", title="R", cells=cells, withheld=withheld)
    grey = next(tr for tr in fig.data if tr.fillcolor == palette.WITHHELD_FILL)
    assert grey.name == "Withheld (small numbers)"
    assert sum(1 for v in grey.x if v is None) == 2  # two hexagons, each path closed by a gap
    hover = dict(zip(fig.data[-1].customdata, fig.data[-1].hovertext, strict=True))
    said = "Referrals to social prescribing a year"
    assert hover["mid-powys"].endswith(f"{said}: &lt;5") and hover["north-powys"].endswith(f"{said}: [c]")
    # FTE is never withheld: the same states leave an FTE map untouched.
    fte = hexmap.hex_figure(geo, values.fillna(1.0), "link_worker_fte", title="F", cells=cells, withheld=withheld)
    assert palette.WITHHELD_FILL not in [tr.fillcolor for tr in fte.data]
