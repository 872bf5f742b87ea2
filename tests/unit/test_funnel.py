"""The funnel's lines: the standard construction, against a peer's published values, the exact test and by hand.

The lines are the Poisson quantiles of the count expected under the comparator
(Spiegelhalter 2005; the PHE funnel plot tool). The code under test draws them
with scipy.special.pdtrik; the checks here come by other routes: the peer's own
values (PHEindicatormethods, found by its own bisection on a summed Poisson
series), Poisson probabilities summed by hand with the math module,
scipy.stats.poisson, and bisection on the regularised incomplete gamma function.
"""

import csv
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from sprx_map.compare import confidence
from sprx_map.compare.confidence import HIGHER, LOWER, NOT_COMPARED, SIMILAR
from sprx_map.i18n import t

LEVELS = (0.95, 0.998)
LINES = ("lower_95", "upper_95", "lower_998", "upper_998")
PER = 1_000


def _peer(reference, name: str) -> list[dict]:
    path = reference / "peer_methods" / name
    if not path.is_file():
        pytest.skip(f"{path} not found: the peer's published funnel values are not beside the repository")
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def _poisson_at_most(o: int, e: float) -> float:
    """P(X <= o) for X Poisson of mean e, summed term by term."""
    return sum(math.exp(-e) * e**k / math.factorial(k) for k in range(o + 1))


def _bisect(f, low: float, high: float) -> float:
    """The root of an increasing ``f`` on [low, high]."""
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if f(middle) < 0 else (low, middle)
    return (low + high) / 2


def _lines_by_bisection(e: float, confidence_level: float) -> tuple[float, float]:
    """The lower and upper lines at ``e`` by bisection on the incomplete gamma function (continuous in the count):
    P(X <= l) = Q(l + 1, e) = alpha/2 (0 when even P(X = 0) is more) and P(X >= u) = P(u, e) = alpha/2."""
    half = (1 - confidence_level) / 2
    top = e + 20 * math.sqrt(e) + 20
    lower = 0.0 if math.exp(-e) >= half else _bisect(lambda a: special.gammaincc(a + 1, e) - half, 0.0, top)
    upper = _bisect(lambda a: half - special.gammainc(a, e), 1e-12, top)
    return lower, upper


# The peer's published lines -------------------------------------------------------------------------------------------


@pytest.mark.reference
def test_funnel_lines_pass_through_every_published_point(reference):
    # Each row: a count of events and, for each line, the one-year population at which the line passes through that
    # count, and the line's rate there (events / (population x years) x multiplier) around the baseline rate.
    rows = _peer(reference, "funnel_limits.csv")
    assert len(rows) == 200
    worst = 0.0
    for row in rows:
        events, baseline, years, per = (float(row[k]) for k in ("events", "baseline", "years_of_data", "multiplier"))
        for line in LINES:
            population = float(row[f"{line}_population_1_year"]) * years
            ours = confidence.funnel_limits(baseline, [population], per=per)[line].iloc[0]
            published = float(row[line])
            worst = max(worst, abs(ours / published - 1))
            # The peer finds the expected count E by bisection on v = E / (1 + events + E), stopping at steps of
            # 2**-24: our line must cross the published count within that uncertainty of the published E.
            e = baseline * population / per
            v = e / (1 + events + e)
            step = 2**-24
            lowest, highest = ((1 + events) * w / (1 - w) * per / baseline for w in (v - step, v + step))
            at = confidence.funnel_limits(baseline, [lowest, highest], per=per)
            counts = (at[line] * at["population"] / per).to_numpy()
            assert counts[0] <= events * (1 + 1e-9) and counts[1] >= events * (1 - 1e-9), (row["source"], line)
    assert worst < 1e-5  # 6.4e-6 at most (one event on the upper 99.8% line), 1e-6 or less elsewhere


@pytest.mark.reference
def test_funnel_positions_match_the_published_significance(reference):
    # The peer's significance of each area against the weighted average of all (0.025 and 0.001 each side), with the
    # population of an area with events worked back from its rate, as the peer does.
    rows = _peer(reference, "funnel_significance.csv")
    assert len(rows) == 79
    words = {"above_998": "High (0.001)", "above_95": "High (0.025)", "within": "Not significant",
             "below_95": "Low (0.025)", "below_998": "Low (0.001)"}  # fmt: skip
    table = pd.DataFrame(rows).astype({"count": float, "pop": float, "rate": float, "multiplier": float})
    for _, areas in table.groupby("variant"):
        per = areas["multiplier"].iloc[0]
        population = np.where(areas["count"] == 0, areas["pop"], areas["count"] / areas["rate"] * per)
        average = areas["count"].sum() / population.sum() * per
        positions = confidence.funnel_position(areas["rate"], population, average, per, counts=areas["count"])
        assert [words[p] for p in positions] == areas["expected_significance"].tolist()


# Lines and the exact test agree ---------------------------------------------------------------------------------------


def _case(count: int, population: int, comparator: float, level: float):
    """The count's position on the funnel, what the exact test says at ``level``, and the expected count."""
    funnel = confidence.funnel_limits(comparator, [population], PER)
    expected = funnel["expected"].to_numpy()
    position = confidence.funnel_position([count / population * PER], [population], comparator, PER, counts=[count])
    return position[0], confidence.exact_test([count], expected, level)[0], expected[0]


def _outside(position: str, level: float) -> str:
    """The funnel position as the exact test's words at one level."""
    beyond = ("above_998", "below_998") if level == 0.998 else ("above_998", "above_95", "below_998", "below_95")
    if position not in beyond:
        return SIMILAR
    return HIGHER if position.startswith("above") else LOWER


counts = st.integers(0, 5_000)
populations = st.integers(100, 500_000)
rates = st.one_of(st.just(0.0), st.floats(0.0, 0.3), st.floats(0.0, 60.0))  # per 1,000; under 0.3, E can be under 0.03


@settings(max_examples=400, deadline=None)
@given(counts, populations, rates, st.sampled_from(LEVELS))
def test_a_count_is_outside_the_lines_exactly_when_the_exact_test_says_so(count, population, comparator, level):
    position, test, expected = _case(count, population, comparator, level)
    assert _outside(position, level) == test
    # The exact test by another route: scipy.stats' Poisson tails.
    half = (1 - level) / 2
    p_high, p_low = stats.poisson.sf(count - 1, expected), stats.poisson.cdf(count, expected)
    if min(abs(p_high - half), abs(p_low - half)) > 1e-9 * half:  # not on a line, where rounding decides
        assert test == (HIGHER if p_high < half else LOWER if p_low < half else SIMILAR)


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 5_000), populations, st.floats(-6.0, 6.0), st.sampled_from(LEVELS))
def test_counts_near_the_expected_count_agree_with_the_exact_test(expected_count, population, z, level):
    # Counts within 6 standard deviations of the expected count, where the lines are: the cases that can go wrong.
    count = max(0, round(expected_count + z * math.sqrt(expected_count)))
    comparator = expected_count * PER / population
    position, test, _ = _case(count, population, comparator, level)
    assert _outside(position, level) == test


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 5_000), st.sampled_from(LEVELS), st.sampled_from(["lower", "upper"]), st.integers(-3, 3))
def test_a_count_exactly_on_a_line_falls_where_the_exact_test_puts_it(count, level, side, ulps):
    # The expected count at which the line passes through the count (the count's exact confidence limit), and its
    # neighbouring doubles: the count is on the line, to the last digit, and rounding must not split the two.
    half = (1 - level) / 2
    if side == "upper" and count == 0:
        count = 1  # the upper line never passes through 0 for an expected count above 0
    on_line = special.gammaincinv(count, half) if side == "upper" else special.gammaincinv(count + 1, 1 - half)
    expected = on_line
    for _ in range(abs(ulps)):
        expected = np.nextafter(expected, np.inf if ulps > 0 else -np.inf)
    lower, upper = confidence.funnel_counts([expected], level)
    outside = HIGHER if count > upper[0] else LOWER if count < lower[0] else SIMILAR
    assert outside == confidence.exact_test([count], [expected], level)[0]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 5_000), populations, rates)
def test_the_funnel_agrees_with_the_comparison_of_limits_at_both_levels(count, population, comparator):
    # The page's comparison (the comparator against the count's limits: exact under 10, Byar's from 10) says what
    # the funnel says, except where the expected count lies between Byar's limit and the exact one (Byar's is an
    # approximation of the exact limit, within 0.17% of it at 95% and 1.5% at 99.8%, less as counts grow).
    for level in LEVELS:
        position, _, expected = _case(count, population, comparator, level)
        limits = confidence.rate_limits([count], [population], per=PER, confidence=level, threshold=0)
        compared = confidence.compare(limits["lower"], limits["upper"], comparator)[0]
        byar_lower, byar_upper = confidence.count_limits([count], level)
        if compared != _outside(position, level):
            assert count >= confidence.EXACT_BELOW
            half = (1 - level) / 2
            exact_lower, exact_upper = special.gammaincinv(count, half), special.gammaincinv(count + 1, 1 - half)
            between = min(byar_lower[0], exact_lower) <= expected <= max(byar_lower[0], exact_lower)
            between |= min(byar_upper[0], exact_upper) <= expected <= max(byar_upper[0], exact_upper)
            assert between


def test_byars_limits_and_the_funnel_part_only_between_byars_limit_and_the_exact_one():
    # 10 referrals where 4.79 are expected (4.79 per 1,000 patients, 1,000 patients): P(X >= 10) = 0.0248 < 0.025, so
    # the exact test calls it higher and the funnel draws it above the 95% line. Byar's lower limit of 10 is 4.7874,
    # under the exact 4.7954 and under 4.79, so the comparison of limits calls it similar.
    assert stats.poisson.sf(9, 4.79) == pytest.approx(0.02484, abs=1e-5)
    assert confidence.funnel_position([10.0], [1_000], 4.79, PER, counts=[10]).tolist() == ["above_95"]
    lower, upper = confidence.count_limits([10])
    assert (round(lower[0], 4), round(special.gammaincinv(10, 0.025), 4)) == (4.7874, 4.7954)
    assert confidence.compare(lower, upper, 4.79).tolist() == [SIMILAR]


def test_the_exact_test_and_the_exact_limits_agree_under_ten():
    # For counts under 10 the page compares by exact limits: the same as the exact test, on either side of each limit.
    for level in LEVELS:
        lower, upper = confidence.count_limits(np.arange(10), level)
        for o in range(10):
            for e in (lower[o] * (1 - 1e-9), lower[o] * (1 + 1e-9), upper[o] * (1 - 1e-9), upper[o] * (1 + 1e-9)):
                assert confidence.exact_test([o], [e], level)[0] == confidence.compare([lower[o]], [upper[o]], e)[0]


# By hand --------------------------------------------------------------------------------------------------------------


def test_the_issue_example_is_within_and_above_the_lines():
    # A comparator of 2 per 1,000 and 5,000 patients: 10 expected. P(X <= 4) = 0.029 is not below 0.025, so 4 is not
    # significantly low; P(X >= 18) = 0.014 is, so 18 is significantly high.
    assert _poisson_at_most(4, 10) == pytest.approx(0.02925, abs=1e-5)
    assert 1 - _poisson_at_most(17, 10) == pytest.approx(0.01427, abs=1e-5)
    positions = confidence.funnel_position([0.8, 3.6], [5_000, 5_000], 2.0, PER, counts=[4, 18])
    assert positions.tolist() == ["within", "above_95"]
    assert confidence.exact_test([4, 18], 10.0).tolist() == [SIMILAR, HIGHER]
    limits = confidence.rate_limits([4, 18], [5_000, 5_000], per=PER, threshold=0)
    assert confidence.compare(limits["lower"], limits["upper"], 2.0).tolist() == [SIMILAR, HIGHER]
    # The same through rates alone: the counts worked back from them.
    assert confidence.funnel_position([0.8, 3.6], [5_000, 5_000], 2.0, PER).tolist() == ["within", "above_95"]


@pytest.mark.parametrize(
    ("expected", "level", "lower", "upper"),
    [
        # E = 1: P(X = 0) = exp(-1) = 0.368, so no count is low. P(X >= 3) = 0.0803, P(X >= 4) = 0.0190 (95%);
        # P(X >= 5) = 0.00366, P(X >= 6) = 0.000594 (99.8%).
        (1, 0.95, (None, None), (3, 4)),
        (1, 0.998, (None, None), (5, 6)),
        # E = 10: P(X <= 3) = 0.0103, P(X <= 4) = 0.0293; P(X >= 17) = 0.0270, P(X >= 18) = 0.0143 (95%).
        # P(X <= 1) = 0.000499, P(X <= 2) = 0.00277; P(X >= 21) = 0.00159, P(X >= 22) = 0.000698 (99.8%).
        (10, 0.95, (3, 4), (17, 18)),
        (10, 0.998, (1, 2), (21, 22)),
        # E = 100 and 1,000: about E -/+ 1.96 sqrt(E) (95%) and 3.09 sqrt(E) (99.8%), less a little below.
        (100, 0.95, (80, 81), (120, 121)),
        (100, 0.998, (70, 71), (132, 133)),
        (1_000, 0.95, (937, 938), (1_062, 1_063)),
        (1_000, 0.998, (903, 904), (1_099, 1_100)),
    ],
)
def test_lines_by_hand(expected, level, lower, upper):
    half = (1 - level) / 2
    got_lower, got_upper = (x[0] for x in confidence.funnel_counts([float(expected)], level))
    # Whole counts: the last count that is significantly low and the first that is not, and the same for high.
    if lower == (None, None):
        assert math.exp(-expected) > half and got_lower == 0.0
    else:
        assert stats.poisson.cdf(lower[0], expected) < half <= stats.poisson.cdf(lower[1], expected)
        assert lower[0] < got_lower < lower[1]
    assert stats.poisson.sf(upper[0] - 1, expected) >= half > stats.poisson.sf(upper[1] - 1, expected)
    assert upper[0] < got_upper < upper[1]
    if expected <= 10:  # the same whole-count bounds with sums written out
        assert 1 - _poisson_at_most(upper[0] - 1, expected) >= half > 1 - _poisson_at_most(upper[1] - 1, expected)
    # The continuous lines by bisection on the incomplete gamma function.
    by_bisection = _lines_by_bisection(expected, level)
    assert got_lower == pytest.approx(by_bisection[0], rel=1e-9, abs=1e-12)
    assert got_upper == pytest.approx(by_bisection[1], rel=1e-9)


def test_lines_by_hand_to_four_places():
    # Printed to four places from the bisection above, for a reader to check against any Poisson table.
    rows = {e: [round(float(x[0]), 4) for lv in LEVELS for x in confidence.funnel_counts([e], lv)] for e in (1, 10)}
    assert rows == {1: [0.0, 3.8205, 0.0, 5.7223], 10: [3.8336, 17.1272, 1.3715, 21.5706]}


def test_a_comparator_of_zero_puts_both_lines_at_zero():
    # Under a rate of 0 no event is expected (X is 0 for certain): no count can be significantly low, and any count
    # above 0 is significantly high. So both lines are 0 at every population, and every area with a count is above.
    funnel = confidence.funnel_limits(0.0, [100, 5_000, 500_000], PER)
    assert funnel[list(LINES)].to_numpy().tolist() == [[0.0] * 4] * 3
    assert funnel["expected"].tolist() == [0.0, 0.0, 0.0]
    positions = confidence.funnel_position([0.0, 0.2, 0.002], [5_000, 5_000, 500_000], 0.0, PER, counts=[0, 1, 1])
    assert positions.tolist() == ["within", "above_998", "above_998"]
    assert confidence.exact_test([0, 1, 1], 0.0).tolist() == [SIMILAR, HIGHER, HIGHER]


def test_a_tiny_expected_count_puts_the_upper_line_below_one():
    # With E = 0.01, P(X >= 1) = 1 - exp(-0.01) = 0.00995 < 0.025: one event is already significantly high at 95%
    # (not at 99.8%), so the 95% line is below 1. It is continuous where it reaches 1, at E = -ln(0.975) = 0.025318.
    lower, upper = confidence.funnel_counts([0.01, -math.log(0.975)], 0.95)
    assert 0.0 < upper[0] < 1.0 and upper[1] == pytest.approx(1.0, abs=1e-12)
    assert upper[0] == pytest.approx(_lines_by_bisection(0.01, 0.95)[1], rel=1e-9)
    assert lower.tolist() == [0.0, 0.0]
    assert confidence.funnel_position([1.0], [100], 0.1, PER, counts=[1]).tolist() == ["above_95"]
    assert confidence.exact_test([1], [0.01], 0.998).tolist() == [SIMILAR]  # 0.00995 > 0.001


def test_the_lines_grow_with_the_expected_count():
    expected = np.geomspace(1e-6, 1e5, 2_000)
    for level in LEVELS:
        lower, upper = confidence.funnel_counts(expected, level)
        assert (np.diff(lower) >= 0).all() and (np.diff(upper) > 0).all()
        assert (lower <= expected).all() and (upper >= expected).all()


def test_missing_and_negative_expected_counts_give_no_lines():
    lower, upper = confidence.funnel_counts([np.nan, -1.0], 0.95)
    assert np.isnan(lower).all() and np.isnan(upper).all()
    assert confidence.exact_test([3, 3, -1, None], [np.nan, -1.0, 2.0, 2.0]).tolist() == [NOT_COMPARED] * 4
    with pytest.raises(ValueError, match="confidence is one of"):
        confidence.funnel_counts([1.0], 0.9)


def test_the_about_page_says_which_method_draws_the_funnel():
    for lang, words in (
        ("en", ("Poisson quantiles", "exact Poisson test")),
        ("cy", ("cwantelau Poisson", "prawf Poisson union")),
    ):
        for key in ("about.funnel.body", "compare.method_funnel"):
            text = t(key, lang)
            assert "Spiegelhalter 2005" in text and "PHE" in text and all(w in text for w in words), (lang, key)


def test_the_public_functions_are_importable_by_name():
    names = ["compare", "count_limits", "exact_test", "fifths", "funnel_counts", "funnel_limits", "funnel_populations",
             "funnel_position", "placed", "rate_limits", "spine", "spread", "withheld_counts"]  # fmt: skip
    assert [name for name in names if not callable(getattr(confidence, name, None))] == []
