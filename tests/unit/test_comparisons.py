"""Comparison columns on area tables, on the tiny world (tests/tiny.py) by hand, and invariants on the sample.

Tiny world: aber 10,000 patients, bryn 30,000 (board A, authority A), cwm 20,000 (board B); Wales 60,000.
"""

import math

import numpy as np
import pandas as pd
import pytest

from sprx_map import gaps, measures, metrics
from sprx_map.compare import comparisons
from sprx_map.compare.confidence import HIGHER, LOWER, NOT_COMPARED, SIMILAR
from sprx_map.i18n import CATALOGUE, t
from tests import tiny

Z = 1.959963984540054
LOWER95, UPPER95 = "referrals_per_1k_lower95", "referrals_per_1k_upper95"
VS_WALES, VS_BOARD, FIFTH = "referrals_per_1k_vs_wales", "referrals_per_1k_vs_board", "fte_per_10k_fifth"


def byar(o: int) -> tuple[float, float]:
    lower = o * (1 - 1 / (9 * o) - Z / (3 * math.sqrt(o))) ** 3
    upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + Z / (3 * math.sqrt(o + 1))) ** 3
    return lower, upper


def compared(projects, level, *, no_return=(), threshold=5):
    geo = tiny.geography()
    shares = metrics.apportion(projects, geo)
    counted = [c for c in geo.clusters.index if c not in no_return]
    tables = {
        lvl: metrics.area_table(projects, shares, geo, lvl, counted, threshold=threshold, no_return=no_return)
        for lvl in {level, "wales", "health_board"}
    }
    out = comparisons.with_comparisons(
        tables[level], geo, level, wales=tables["wales"], boards=tables["health_board"], threshold=threshold
    )
    return out, tables[level]


# Green Gym's 40 referrals split 10 (aber) : 30 (bryn); Befriending in cwm reports 0.
CONTRASTED = tiny.projects(
    [
        ("r/1", "r", "Green Gym", "Groundwork", tiny.BOARD_A, ["aber", "bryn"], "current", ["nature"], 1.0, 40),
        ("r/2", "r", "Befriending", "Age Cymru", tiny.BOARD_B, ["cwm"], "current", ["befriending"], 0.6, 0),
    ]
)


def test_limits_and_comparisons_by_hand():
    out, table = compared(CONTRASTED, "cluster")
    # Wales 40 / 60,000 = 0.6667 per 1,000; board A 40 / 40,000 = 1.0; board B 0.
    # aber 10 in 10,000: Byar's 4.7874 to 18.3915, per 1,000 0.4787 to 1.8391: similar to both.
    # bryn 30 in 30,000: Byar's 20.2369 to 42.8284, 0.6746 to 1.4276: above Wales's 0.6667, so higher;
    #   similar to its board's 1.0.
    # cwm 0 in 20,000: 0 to 3.6889 (exact), 0 to 0.1844: below Wales, so lower; its lower limit 0 is exactly
    #   its board's 0, so similar.
    expected_lower = [byar(10)[0] / 10, byar(30)[0] / 30, 0.0]
    expected_upper = [byar(10)[1] / 10, byar(30)[1] / 30, -math.log(0.025) / 20]
    assert out[LOWER95].tolist() == pytest.approx(expected_lower, rel=1e-12)
    assert out[UPPER95].tolist() == pytest.approx(expected_upper, rel=1e-12)
    assert [round(x, 4) for x in out[LOWER95]] == [0.4787, 0.6746, 0.0]
    assert out[VS_WALES].tolist() == [SIMILAR, HIGHER, LOWER]
    assert out[VS_BOARD].tolist() == [SIMILAR, SIMILAR, SIMILAR]
    # The columns that were there hold what they held; the new ones follow, in registry order.
    pd.testing.assert_frame_equal(out[list(table.columns)], table)
    assert list(out.columns) == [*table.columns, *measures.COMPARED]


def test_an_exact_count_under_ten_in_the_earlier_round():
    _, _, _, earlier, _ = tiny.world()
    out, _ = compared(earlier, "cluster")
    # cwm: Befriending's 7 in 20,000: exact 2.8144 to 14.4227, per 1,000 0.1407 to 0.7211.
    assert (out.at["cwm", LOWER95], out.at["cwm", UPPER95]) == pytest.approx((2.8143631 / 20, 14.4226754 / 20))
    assert out[VS_WALES].tolist() == [SIMILAR, SIMILAR, SIMILAR]  # 5, 15 and 7 against 27 / 60,000 = 0.45


def test_areas_of_a_board_with_no_return_are_not_compared():
    out, _ = compared(CONTRASTED, "cluster", no_return=("cwm",))
    assert out.at["cwm", "no_return"]
    assert np.isnan(out.at["cwm", LOWER95]) and np.isnan(out.at["cwm", UPPER95])
    assert (out.at["cwm", VS_WALES], out.at["cwm", VS_BOARD]) == (NOT_COMPARED, NOT_COMPARED)
    # Wales is now board A alone: 40 / 40,000 = 1.0, which both of its clusters' intervals span.
    assert out.loc[["aber", "bryn"], VS_WALES].tolist() == [SIMILAR, SIMILAR]
    assert comparisons.states(out, "referrals_per_1k").tolist() == ["shown", "shown", "no_return"]


def test_boards_and_wales_are_not_compared_with_themselves():
    boards, _ = compared(CONTRASTED, "health_board")
    # Board A 40 in 40,000: Byar's 28.5733 to 54.4701, per 1,000 0.7143 to 1.3618, all above Wales's 0.6667;
    # board B 0 in 20,000 (0 to 0.1844) is below it.
    assert [round(x, 4) for x in boards[LOWER95]] == [0.7143, 0.0]
    assert boards[VS_WALES].tolist() == [HIGHER, LOWER]
    assert boards[VS_BOARD].tolist() == [None, None]
    authorities, _ = compared(CONTRASTED, "local_authority")
    assert authorities[VS_BOARD].tolist() == [SIMILAR, SIMILAR]  # each authority is the whole of its board
    wales, _ = compared(CONTRASTED, "wales")
    assert (wales.at["wales", VS_WALES], wales.at["wales", VS_BOARD]) == (None, None)
    assert wales.at["wales", LOWER95] == pytest.approx(byar(40)[0] / 60, rel=1e-12)


def test_words_and_marks_in_both_languages():
    out, _ = compared(CONTRASTED, "cluster")
    words = comparisons.worded(out, "cluster", "en")
    assert words[VS_WALES].tolist() == ["● similar", "▲ higher", "▼ lower"]
    assert comparisons.worded(out, "cluster", "cy", marked=False)[VS_WALES].tolist() == ["tebyg", "uwch", "is"]
    assert comparisons.comparison_label(NOT_COMPARED, "en") == "○ not compared"
    assert comparisons.comparison_label(None, "en") == ""
    assert comparisons.fifth_label(1, "cluster", "en") == "lowest fifth of clusters"
    assert comparisons.fifth_label(2, "health_board", "cy") == "yr ail bumed isaf o fyrddau iechyd"
    assert comparisons.fifth_label(pd.NA, "cluster", "en") == ""
    assert comparisons.funnel_label("above_998", "cy") == "uwchlaw'r terfyn 99.8%"
    assert comparisons.funnel_label(NOT_COMPARED, "en") == "not compared"


def test_every_column_has_a_heading_and_a_definition_that_name_its_measure():
    for column in measures.COMPARED:
        assert f"definition.{column}" in CATALOGUE
        of = measures.REGISTRY[column].of
        for lang in ("en", "cy"):
            assert t(f"measure.{column}", lang).startswith(t(f"measure.{of}", lang) + ": ")
    for state in (HIGHER, SIMILAR, LOWER, NOT_COMPARED):
        assert f"compare.{state}" in CATALOGUE and f"compare.mark.{state}" in CATALOGUE
    for level in ("cluster", "local_authority", "health_board"):
        assert [f"fifth.{level}.{n}" in CATALOGUE for n in range(1, 6)] == [True] * 5


def test_trend_round_by_round():
    geo, _, shares, earlier, latest = tiny.world()
    tables = {}
    for label, projects in (("2025-03", earlier), ("2026-03", latest)):
        levels = gaps.level_tables(projects, shares, geo, threshold=5)
        tables[label] = comparisons.with_comparisons(
            levels["cluster"], geo, "cluster", wales=levels["wales"], boards=levels["health_board"], threshold=5
        )
    cwm = comparisons.trend(tables, "cwm")
    assert cwm.index.tolist() == ["2025-03", "2026-03"]
    assert cwm["value"].tolist() == pytest.approx([0.35, 0.6])  # 7 and 12 in 20,000
    assert cwm["lower95"].tolist() == pytest.approx([2.8143631 / 20, byar(12)[0] / 20])
    assert cwm["state"].tolist() == ["shown", "shown"]
    aber = comparisons.trend(tables, "aber")
    assert aber["state"].tolist() == ["shown", "withheld"]  # 5, then 4
    assert aber["value"].isna().tolist() == [False, True] and aber["upper95"].isna().tolist() == [False, True]
    fte = comparisons.trend(tables, "aber", "fte_per_10k")
    assert fte["value"].tolist() == pytest.approx([0.25, 1.0]) and fte["lower95"].isna().all()


def test_fifths_of_the_sixty_clusters(geo, sample):
    levels = gaps.level_tables(sample.projects, sample.shares, geo)
    out = comparisons.with_comparisons(
        levels["cluster"], geo, "cluster", wales=levels["wales"], boards=levels["health_board"]
    )
    valued = out.dropna(subset=["fte_per_10k"])
    placed = valued[FIFTH]
    assert placed.notna().all() and out.loc[out["fte_per_10k"].isna(), FIFTH].isna().all()
    # Ordered: a higher value is never in a lower fifth; each fifth holds about a fifth of the clusters.
    ordered = valued.sort_values("fte_per_10k")[FIFTH].astype(int).tolist()
    assert ordered == sorted(ordered) and ordered[0] == 1 and ordered[-1] == 5
    assert all(abs(n - len(valued) / 5) <= 3 for n in placed.value_counts().tolist())
    # One board's clusters placed among all of Wales's keep their Wales-wide fifths.
    board = geo.clusters.index[geo.clusters["hb_code"] == geo.clusters["hb_code"].iloc[0]].tolist()
    chosen = gaps.level_tables(sample.projects, sample.shares, geo, board)
    among = comparisons.with_comparisons(
        chosen["cluster"], geo, "cluster", wales=chosen["wales"], boards=chosen["health_board"],
        fifths_among=levels["cluster"],
    )  # fmt: skip
    assert among[FIFTH].tolist() == out.loc[board, FIFTH].tolist()
    # Every comparison is one of the four words; the withheld are never compared.
    assert set(out[VS_WALES]) <= {HIGHER, SIMILAR, LOWER, NOT_COMPARED}
    assert (out.loc[out["suppressed"] != "", VS_WALES] == NOT_COMPARED).all()
