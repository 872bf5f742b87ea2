"""Confidence limits, comparisons, fifths, funnel limits and spine numbers, against values worked out by hand.

Where each expected number comes from is said beside it. The code under test
takes exact Poisson limits from the inverse incomplete gamma function
(scipy.special.gammaincinv) and Byar's from numpy; the checks here come by other routes: closed forms, printed
chi-square tables (NIST/SEMATECH e-Handbook of Statistical Methods, section
1.3.6.7.4, "Critical values of the chi-square distribution"), scipy.stats.chi2,
and Byar's formula written out with the math module.
"""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sprx_map import measures
from sprx_map.compare import confidence
from sprx_map.compare.confidence import HIGHER, LOWER, NOT_COMPARED, SIMILAR

Z = 1.959963984540054  # the normal 0.975 quantile, to 16 figures


def byar(o: int, z: float = Z) -> tuple[float, float]:
    """Byar's limits as APHO Technical Briefing 3 writes them, with plain floats."""
    lower = o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3
    upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * math.sqrt(o + 1))) ** 3
    return lower, upper


def test_the_z_values_are_the_normal_quantiles():
    assert pytest.approx(1.959964, abs=1e-6) == confidence.Z95
    assert pytest.approx(3.0902, abs=1e-4) == confidence.Z998


def test_count_of_zero_has_lower_limit_zero_and_the_exact_upper():
    lower, upper = confidence.count_limits([0])
    # P(X = 0 | mu) = exp(-mu) = 0.025 gives mu = -ln(0.025) = 3.688879...
    assert lower.tolist() == [0.0]
    assert upper[0] == pytest.approx(-math.log(0.025), rel=1e-12)
    _, upper998 = confidence.count_limits([0], 0.998)
    assert upper998[0] == pytest.approx(-math.log(0.001), rel=1e-12)  # 6.907755


def test_count_of_seven_uses_the_exact_method():
    lower, upper = confidence.count_limits([7])
    # Printed exact Poisson limits for 7: 2.814 and 14.423 (as in the tables of Haenszel et al. 1962, and
    # Breslow & Day vol. II, appendix): chi2(0.025; 14)/2 and chi2(0.975; 16)/2, here by scipy's chi2.
    assert (round(lower[0], 3), round(upper[0], 3)) == (2.814, 14.423)
    assert lower[0] == pytest.approx(stats.chi2.ppf(0.025, 14) / 2, rel=1e-10)
    assert upper[0] == pytest.approx(stats.chi2.ppf(0.975, 16) / 2, rel=1e-10)
    # Byar's would give a different (less accurate) answer here: the switch really happens below 10.
    assert abs(lower[0] - byar(7)[0]) > 1e-4
    lower998, upper998 = confidence.count_limits([7], 0.998)
    assert lower998[0] == pytest.approx(stats.chi2.ppf(0.001, 14) / 2, rel=1e-10)  # 1.520336
    assert upper998[0] == pytest.approx(stats.chi2.ppf(0.999, 16) / 2, rel=1e-10)  # 19.626177


def test_count_of_150_uses_byars_method():
    lower, upper = confidence.count_limits([150])
    # By hand: 150 (1 - 1/1350 - 1.959964/(3 x 12.247449))^3 = 150 x 0.945916^3 = 126.9547;
    # 151 (1 - 1/1359 + 1.959964/(3 x 12.288206))^3 = 151 x 1.052431^3 = 176.0182.
    assert (round(lower[0], 4), round(upper[0], 4)) == (126.9547, 176.0182)
    assert (lower[0], upper[0]) == pytest.approx(byar(150), rel=1e-12)
    # Byar's is within 0.01% of the exact limits (126.9562, 176.0172) at this size.
    assert lower[0] == pytest.approx(stats.chi2.ppf(0.025, 300) / 2, rel=1e-4)
    assert upper[0] == pytest.approx(stats.chi2.ppf(0.975, 302) / 2, rel=1e-4)
    lower998, upper998 = confidence.count_limits([150], 0.998)
    assert (lower998[0], upper998[0]) == pytest.approx(byar(150, 3.090232306167813), rel=1e-12)


def test_the_method_switches_at_ten():
    lower, upper = confidence.count_limits([9, 10])
    assert lower[0] == pytest.approx(stats.chi2.ppf(0.025, 18) / 2, rel=1e-10)  # 9: exact
    assert (lower[1], upper[1]) == pytest.approx(byar(10), rel=1e-12)  # 10: Byar's (4.7874, 18.3915)


def test_only_the_two_levels_of_confidence_are_known():
    with pytest.raises(ValueError, match=r"0\.95"):
        confidence.count_limits([7], 95)


def test_comparison_at_each_edge():
    wales = 0.5
    lower = np.array([0.5, 0.5000001, 0.2, 0.2, 0.1, np.nan, 0.3])
    upper = np.array([0.9, 0.9, 0.5, 0.4999999, 0.8, np.nan, 0.9])
    assert confidence.compare(lower, upper, wales).tolist() == [
        SIMILAR,  # lower limit exactly at the Wales value
        HIGHER,  # just above it
        SIMILAR,  # upper limit exactly at it
        LOWER,  # just below it
        SIMILAR,  # the interval spans it
        NOT_COMPARED,  # withheld or not reported: no limits
        SIMILAR,
    ]
    # One comparator per area (each area's own board), and a missing comparator.
    assert confidence.compare([1.0, 1.0], [2.0, 2.0], [0.5, np.nan]).tolist() == [HIGHER, NOT_COMPARED]


def test_an_area_whose_lower_limit_is_exactly_the_wales_value_is_similar():
    limits = confidence.rate_limits([150], [30_000], per=1_000, threshold=5)
    wales = float(limits.at[0, "lower"])  # a Wales value that falls exactly on the lower limit
    assert confidence.compare(limits["lower"], limits["upper"], wales).tolist() == [SIMILAR]
    assert confidence.compare(limits["lower"], limits["upper"], np.nextafter(wales, 0)).tolist() == [HIGHER]


def test_fifths_with_ties_by_hand():
    values = pd.Series([5, 1, 3, 3, 3, 8, 2, None, 9, 7, 6], dtype="Float64", index=list("abcdefghijk"))
    # 10 values; ranks (ties to the lowest): 1->1, 2->2, 3,3,3->3, 5->6, 6->7, 7->8, 8->9, 9->10.
    # Fifth = 6 - ceil(5 (11 - rank) / 10): ranks 1-2 -> 1, 3-4 -> 2, 5-6 -> 3, 7-8 -> 4, 9-10 -> 5.
    # The three 3s share fifth 2, though the third of them would be rank 5 (fifth 3) without the tie.
    expected = [3, 1, 2, 2, 2, 5, 1, pd.NA, 5, 4, 4]
    assert confidence.fifths(values).tolist() == expected
    assert str(confidence.fifths(values).dtype) == "Int64"


def test_fifths_need_five_areas_and_equal_values_share_the_lowest():
    assert confidence.fifths(pd.Series([1.0, 2.0, 3.0, 4.0, None])).isna().all()
    assert confidence.fifths(pd.Series([2.0] * 6)).tolist() == [1] * 6
    # Five areas, one each; 60 areas with distinct values: 12 in each fifth.
    assert confidence.fifths(pd.Series([5.0, 4.0, 3.0, 2.0, 1.0])).tolist() == [5, 4, 3, 2, 1]
    sixty = confidence.fifths(pd.Series(np.arange(60, dtype=float)))
    assert sixty.value_counts().sort_index().tolist() == [12] * 5


def test_funnel_limits_at_two_populations():
    funnel = confidence.funnel_limits(2.0, [5_000, 40_000], per=1_000)
    assert list(funnel.columns) == ["population", "expected", "lower_95", "upper_95", "lower_998", "upper_998"]
    assert funnel["expected"].tolist() == [10.0, 80.0]
    # The lines are counts (Poisson quantiles of the expected count, continuous in the count) per 1,000 patients.
    # Expected 10 at 5,000: 3.8336 and 17.1272 (95%), 1.3715 and 21.5706 (99.8%), as worked by hand in test_funnel.
    first = funnel.iloc[0]
    assert first[["lower_95", "upper_95", "lower_998", "upper_998"]].round(4).tolist() == [
        round(3.8336 / 5, 4), round(17.1272 / 5, 4), round(1.3715 / 5, 4), round(21.5706 / 5, 4)
    ]  # fmt: skip
    # Expected 80 at 40,000, by scipy.stats' Poisson tails: P(X <= 62) = 0.0219 < 0.025 <= P(X <= 63) = 0.0290, so
    # the lower 95% line lies between 62 and 63; P(X >= 98) = 0.0281, P(X >= 99) = 0.0220: the upper between 98 and
    # 99. At 99.8%: P(X <= 53) = 0.00086, P(X <= 54) = 0.00132; P(X >= 109) = 0.00119, P(X >= 110) = 0.00085.
    counts = funnel.iloc[1][["lower_95", "upper_95", "lower_998", "upper_998"]].to_numpy() * 40
    assert [int(c) for c in counts] == [62, 98, 53, 109]
    assert stats.poisson.cdf(62, 80) < 0.025 <= stats.poisson.cdf(63, 80)
    assert stats.poisson.sf(97, 80) >= 0.025 > stats.poisson.sf(98, 80)  # P(X >= 98), P(X >= 99)
    assert stats.poisson.cdf(53, 80) < 0.001 <= stats.poisson.cdf(54, 80)
    assert stats.poisson.sf(108, 80) >= 0.001 > stats.poisson.sf(109, 80)
    # The funnel narrows as populations grow.
    second = funnel.iloc[1]
    assert second["lower_95"] > first["lower_95"] and second["upper_95"] < first["upper_95"]


def test_funnel_positions_and_populations():
    # 2.0 per 1,000: 10 expected at 5,000, 80 at 40,000. A count is outside a line where the exact Poisson test
    # (scipy.stats' tails) calls it significant: at 5,000, P(X >= 20) = 0.0035, P(X >= 25) = 0.00005,
    # P(X >= 18) = 0.0143, P(X >= 17) = 0.0270, P(X <= 4) = 0.0293, P(X <= 3) = 0.0103, P(X <= 1) = 0.0005;
    # at 40,000, P(X >= 100) = 0.0171, P(X >= 112) = 0.0004.
    rates = [4.0, 5.0, 3.6, 3.4, 2.0, 0.8, 0.6, 0.2, 2.5, 2.8, None]
    populations = [5_000] * 8 + [40_000] * 3
    expected = [
        "above_95",  # 20
        "above_998",  # 25
        "above_95",  # 18: just above the upper 95% line (17.13)
        "within",  # 17: just under it
        "within",  # 10
        "within",  # 4: just above the lower 95% line (3.83)
        "below_95",  # 3
        "below_998",  # 1
        "above_95",  # 100: 2.5 would be within the lines at 5,000; at 40,000 it is outside the 95% ones
        "above_998",  # 112
        NOT_COMPARED,  # no rate: withheld, not reported, no return
    ]
    assert confidence.funnel_position(rates, populations, 2.0, per=1_000).tolist() == expected
    counts = [20, 25, 18, 17, 10, 4, 3, 1, 100, 112, None]
    assert confidence.funnel_position(rates, populations, 2.0, per=1_000, counts=counts).tolist() == expected
    assert confidence.funnel_position([1.0], [5_000], None, per=1_000).tolist() == [NOT_COMPARED]
    points = confidence.funnel_populations([10_000, None, 40_000], points=3)
    assert points.round().tolist() == [5_000.0, 14_832.0, 44_000.0]  # geometric: sqrt(5,000 x 44,000) = 14,832


def test_spine_numbers_on_a_tiny_set():
    # Linear interpolation (type 7): position (n - 1) p in the ordered values 1, 2, 4, 8.
    # Q1 at 0.75: 1 + 0.75 x (2 - 1) = 1.75; median at 1.5: 3; Q3 at 2.25: 4 + 0.25 x (8 - 4) = 5.
    out = confidence.spine(pd.Series([8.0, None, 1.0, 4.0, 2.0]), area=2.0, board=np.nan, wales=3.5)
    assert out == {
        "areas": 4,
        "minimum": 1.0,
        "lower_quartile": 1.75,
        "median": 3.0,
        "upper_quartile": 5.0,
        "maximum": 8.0,
        "area": 2.0,
        "board": None,
        "wales": 3.5,
    }
    assert list(out) == list(confidence.SPINE)
    odd = confidence.spine(pd.Series([3.0, 1.0, 2.0]))
    assert (odd["lower_quartile"], odd["median"], odd["upper_quartile"]) == (1.5, 2.0, 2.5)
    assert confidence.spine(pd.Series([None], dtype="Float64"))["median"] is None


def test_the_registry_says_how_each_rate_is_compared():
    referrals, fte = measures.REGISTRY["referrals_per_1k"], measures.REGISTRY["fte_per_10k"]
    assert (referrals.interval, referrals.compared) == ("poisson", "limits")
    assert (fte.interval, fte.compared) == (None, "fifths")
    # The attributes they had before still hold.
    assert (referrals.kind, referrals.of, referrals.per, referrals.decimals, referrals.withheld) == (
        "rate", "referrals", 1_000, 2, True)  # fmt: skip
    assert (fte.kind, fte.of, fte.per, fte.decimals, fte.withheld) == ("rate", "link_worker_fte", 10_000, 2, False)
    assert measures.INTERVALS == ("referrals_per_1k",) and measures.BY_FIFTHS == ("fte_per_10k",)
    assert measures.COMPARED == (
        "referrals_per_1k_lower95",
        "referrals_per_1k_upper95",
        "referrals_per_1k_vs_wales",
        "referrals_per_1k_vs_board",
        "fte_per_10k_fifth",
    )
    # Limits are written as their rate and withheld with it; comparisons and fifths are not numbers to withhold.
    assert [measures.decimals(c) for c in measures.COMPARED[:2]] == [2, 2]
    assert [measures.is_withheld(c) for c in measures.COMPARED] == [True, True, False, False, False]
    assert not any(key in measures.COLUMNS for key in measures.COMPARED)  # area tables keep their columns


def test_the_first_import_path_gives_every_public_name_as_the_same_object():
    # sprx_map.confidence is where these lived before the compare/ package; code written against it still runs.
    import types

    from sprx_map import confidence as first
    from sprx_map.confidence import compare

    public = sorted(
        name
        for name, value in vars(confidence).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and getattr(value, "__module__", confidence.__name__) == confidence.__name__
    )
    assert sorted(first.__all__) == public
    assert all(getattr(first, name) is getattr(confidence, name) for name in public)
    assert compare([4.0], [6.0], 3.0).tolist() == [HIGHER]
