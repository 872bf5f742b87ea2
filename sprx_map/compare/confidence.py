"""Confidence limits, fifths, funnel limits and spine numbers: the statistics behind every comparison.

Why: policymakers fund link workers where areas look short of them, so an area
is called "higher" or "lower" than its board or Wales only when chance is an
unlikely explanation, as OHID Fingertips and Public Health Wales' Primary Care
Clusters Dashboard do. A fixed margin (within 10% is "similar") calls a small
cluster "lower" on a handful of referrals and a large one "similar" when it
clearly differs.

Methods (APHO, *Technical Briefing 3: Commonly used public health statistics
and their confidence intervals*, 2008; PHE/OHID Fingertips technical guide
*Confidence intervals*, 2018):

- A rate is ``count / population * per``. Its confidence limits are those of
  the count (a Poisson variable), divided by the population, times ``per``.
- Counts of 10 or more: Byar's approximation,
  ``lower = O (1 - 1/(9O) - z/(3 sqrt O))^3`` and
  ``upper = (O+1) (1 - 1/(9(O+1)) + z/(3 sqrt(O+1)))^3``.
- Counts under 10: the exact Poisson limits,
  ``lower = chi2(alpha/2; 2O) / 2`` and ``upper = chi2(1 - alpha/2; 2(O+1)) / 2``
  (the same as gamma quantiles with shapes ``O`` and ``O+1``). A count of 0
  has lower limit 0.
- 95% limits use ``z = 1.959964``, 99.8% limits ``z = 3.090232``: the normal
  quantiles of 0.975 and 0.999.

A funnel plot's lines are drawn the standard way (Spiegelhalter, *Funnel plots
for comparing institutional performance*, Statistics in Medicine 2005; the PHE
funnel plot tool that Fingertips follows): at each population, the Poisson
quantiles of the count expected under the comparator, continuous in the count.
So an area lies outside a funnel's 95% (99.8%) lines exactly when the exact
Poisson test of its count at that level calls it higher or lower
(:func:`exact_test`). The confidence interval of the expected count, taken as
if it had been observed, is not the same: its lines are wider, and a count
drawn outside them can be one the comparisons call similar.

Counts from 1 to ``threshold - 1`` are withheld (disclosure control, see
:func:`sprx_map.metrics.suppress`), and a limit is a function of its count,
so withheld counts have no limits. Counts withheld to protect others
(secondary) arrive here already missing and stay missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

# scipy.special, not scipy.stats: the same quantiles for a fifth of the import time (the app starts faster).
Z95 = float(special.ndtri(0.975))  # 1.959964
Z998 = float(special.ndtri(0.999))  # 3.090232
LEVELS = {0.95: Z95, 0.998: Z998}
EXACT_BELOW = 10  # counts under this use the exact Poisson method; Byar's from here up

HIGHER, SIMILAR, LOWER, NOT_COMPARED = "higher", "similar", "lower", "not_compared"
COMPARISONS = (HIGHER, SIMILAR, LOWER, NOT_COMPARED)
FIFTHS = 5


def _threshold(threshold: int | None) -> int:
    """The suppression threshold: as given, or the setting (as :func:`sprx_map.metrics.area_table` reads it)."""
    if threshold is not None:
        return threshold
    from sprx_map.settings import value

    return value("SPRX_SUPPRESSION_THRESHOLD")


def _numbers(values) -> np.ndarray:
    """Any numbers (Series, array, list, scalar; nullable types too) as floats, missing as NaN."""
    if isinstance(values, pd.Series | pd.Index):
        return values.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    return np.asarray(pd.array(np.atleast_1d(np.asarray(values, dtype=object)), dtype="Float64"), dtype=float)


def count_limits(counts, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """The lower and upper confidence limits of Poisson counts (no disclosure control: see :func:`rate_limits`).

    Exact Poisson under :data:`EXACT_BELOW`, Byar's from it up; 0 has lower limit 0;
    a missing count has missing limits. ``confidence`` is 0.95 or 0.998.

    >>> lower, upper = count_limits([0, 7, 150])
    >>> lower.round(3).tolist(), upper.round(3).tolist()
    ([0.0, 2.814, 126.955], [3.689, 14.423, 176.018])
    """
    z = LEVELS[_level(confidence)]
    alpha = 1 - confidence
    o = _numbers(counts)
    lower = np.full(o.shape, np.nan)
    upper = np.full(o.shape, np.nan)
    known = ~np.isnan(o)
    exact = known & (o < EXACT_BELOW)
    byar = known & ~exact
    with np.errstate(divide="ignore", invalid="ignore"):
        # gamma(shape 0) is not defined: the lower limit of a count of 0 is 0.
        lower[exact] = np.where(o[exact] > 0, special.gammaincinv(np.maximum(o[exact], 1e-300), alpha / 2), 0.0)
        upper[exact] = special.gammaincinv(o[exact] + 1, 1 - alpha / 2)
        b = o[byar]
        lower[byar] = b * (1 - 1 / (9 * b) - z / (3 * np.sqrt(b))) ** 3
        upper[byar] = (b + 1) * (1 - 1 / (9 * (b + 1)) + z / (3 * np.sqrt(b + 1))) ** 3
    return lower, upper


def withheld_counts(counts, threshold: int | None = None) -> np.ndarray:
    """Counts from 1 to ``threshold - 1`` (default: the setting) as missing; 0, larger and missing counts as given."""
    limit = _threshold(threshold)
    o = _numbers(counts)
    return np.where((o > 0) & (o < limit), np.nan, o)


def rate_limits(
    counts, populations, per: int, confidence: float = 0.95, *, threshold: int | None = None
) -> pd.DataFrame:
    """Rates per ``per`` patients with their confidence limits, withheld counts giving no rate and no limits.

    Returns columns ``rate``, ``lower`` and ``upper`` (floats; the index of
    ``counts`` when it is a Series). A count that is missing (not reported,
    no return, or already withheld) or from 1 to ``threshold - 1`` (default:
    the ``SPRX_SUPPRESSION_THRESHOLD`` setting; 0 withholds nothing) gives
    missing values; so does a population that is missing or not positive.

    >>> rate_limits([0, 3, 7, 150], [20_000, 10_000, 10_000, 30_000], per=1_000, threshold=5).round(4)
       rate   lower   upper
    0   0.0  0.0000  0.1844
    1   NaN     NaN     NaN
    2   0.7  0.2814  1.4423
    3   5.0  4.2318  5.8673
    """
    o = withheld_counts(counts, threshold)
    n = _numbers(populations)
    n = np.where(n > 0, n, np.nan)
    lower, upper = count_limits(o, confidence)
    index = counts.index if isinstance(counts, pd.Series) else None
    return pd.DataFrame({"rate": o / n * per, "lower": lower / n * per, "upper": upper / n * per}, index=index)


def compare(lower, upper, comparator) -> np.ndarray:
    """ "higher", "lower", "similar" or "not_compared" for each area's limits against a comparator's value.

    "higher" only when the lower limit is above the comparator, "lower" only
    when the upper limit is below it, otherwise "similar" (a limit exactly at
    the comparator is "similar"). "not_compared" when a limit or the comparator
    is missing: a withheld or unreported rate, an area whose board has not
    returned, or a comparator that is itself withheld or missing. ``comparator``
    is one value or one per area.

    >>> compare([4.0, 1.0, 1.0, 3.0, None], [6.0, 2.5, 3.0, 4.0, None], 3.0).tolist()
    ['higher', 'lower', 'similar', 'similar', 'not_compared']
    """
    lo, up = _numbers(lower), _numbers(upper)
    ref = np.broadcast_to(_numbers(comparator), lo.shape)
    missing = np.isnan(lo) | np.isnan(up) | np.isnan(ref)
    with np.errstate(invalid="ignore"):
        out = np.where(lo > ref, HIGHER, np.where(up < ref, LOWER, SIMILAR)).astype(object)
    out[missing] = NOT_COMPARED
    return out


def fifths(values: pd.Series) -> pd.Series:
    """Each area's fifth (1 lowest to 5 highest) among the areas in ``values``, as Fingertips places quintiles.

    The rule (OHID's *Assigning deprivation categories*, as PHEindicatormethods'
    ``phe_quantile`` applies it with the lowest values in the first fifth): of
    the ``n`` areas with a value, each gets the rank of its value from the
    lowest, 1 to ``n``; **tied values all get the lowest rank of the tie, so
    they share one fifth (the fifth of the first of them)**. The fifth is
    ``6 - ceil(5 (n + 1 - rank) / n)``, worked in whole numbers, and at least 1.
    Areas with no value (missing, withheld, no return) are left out: they
    are not counted in ``n`` and get no fifth (``<NA>``). With fewer than 5
    areas with a value there are no fifths: every area gets ``<NA>``.
    Values are ranked as they are, not as rounded for display.

    Returns nullable integers with the index of ``values``.

    >>> fifths(pd.Series([1.0, 2.0, 2.0, 3.0, 4.0, None, 5.0])).tolist()
    [1, 1, 1, 3, 4, <NA>, 5]

    Here ``n`` is 6: ranks 1 and 2 make the lowest fifth, and the second 2 (rank 3 without the tie) shares it.
    """
    v = values.astype("Float64")
    known = v.dropna()
    n = len(known)
    out = pd.Series(pd.NA, index=values.index, dtype="Int64")
    if n < FIFTHS:
        return out
    rank = known.rank(method="min").astype("int64")
    ceiling = -(-(FIFTHS * (n + 1 - rank)) // n)
    out.loc[known.index] = np.maximum(FIFTHS + 1 - ceiling, 1).astype("int64")
    return out


def exact_test(counts, expected, confidence: float = 0.95) -> np.ndarray:
    """ "higher", "lower", "similar" or "not_compared": each count against the count expected under a comparator,
    by the exact Poisson test, two-sided at ``confidence`` (0.95 or 0.998).

    With ``X`` Poisson of mean ``E`` (the expected count: the comparator's rate
    times the population), a count ``O`` is "higher" when ``P(X >= O) < alpha/2``,
    "lower" when ``P(X <= O) < alpha/2`` and "similar" otherwise; a P value of
    exactly ``alpha/2`` is "similar", as a limit exactly on the comparator is in
    :func:`compare`. For a whole count this is :func:`compare` of its exact
    Poisson limits (counts under :data:`EXACT_BELOW`); for 10 or more, Byar's
    limits can differ from it where the comparator lies between Byar's limit and
    the exact one. It is the test a funnel's lines draw (:func:`funnel_counts`):
    both use the incomplete gamma function, continuous in the count. An expected
    count of 0 makes every count above 0 "higher". A missing or negative count
    or expected count gives "not_compared".

    >>> exact_test([4, 18, 10, 3], 10.0).tolist()
    ['similar', 'higher', 'similar', 'lower']
    """
    half = (1 - _level(confidence)) / 2
    o, e = np.broadcast_arrays(_numbers(counts), _numbers(expected))
    missing = ~((o >= 0) & (e >= 0))
    with np.errstate(invalid="ignore"):
        out = np.where(_at_least(o, e) < half, HIGHER, np.where(_at_most(o, e) < half, LOWER, SIMILAR)).astype(object)
    out[missing] = NOT_COMPARED
    return out


def _level(confidence: float) -> float:
    """``confidence`` when it is one of :data:`LEVELS`; a clear error otherwise."""
    if confidence not in LEVELS:
        raise ValueError(f"confidence is one of {sorted(LEVELS)}, not {confidence!r}")
    return confidence


def _at_least(o: np.ndarray, e: np.ndarray) -> np.ndarray:
    """``P(X >= o)`` for ``X`` Poisson of mean ``e``: the regularised lower incomplete gamma ``P(o, e)``."""
    with np.errstate(invalid="ignore"):
        return np.where(o > 0, special.gammainc(np.maximum(o, 1e-300), e), 1.0)  # P(X >= 0) = 1, even for e = 0


def _at_most(o: np.ndarray, e: np.ndarray) -> np.ndarray:
    """``P(X <= o)`` for ``X`` Poisson of mean ``e``: the regularised upper incomplete gamma ``Q(o + 1, e)``."""
    return special.gammaincc(o + 1, e)


def funnel_counts(expected, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """A funnel's lower and upper lines as counts, at each count ``expected`` under the comparator.

    The standard construction (Spiegelhalter, *Funnel plots for comparing
    institutional performance*, Statistics in Medicine 2005; the PHE funnel plot
    tool that OHID Fingertips follows, and PHEindicatormethods'
    ``calculate_funnel_limits``): the Poisson quantiles of the expected count
    ``E``, continuous in the count. The lower line is the count below which an
    observed count is significantly low (``P(X <= O) < alpha/2``), the upper the
    count above which it is significantly high (``P(X >= O) < alpha/2``):
    ``pdtrik(alpha/2, E)`` and ``pdtrik(1 - alpha/2, E) + 1``. So a count lies
    outside the lines exactly when :func:`exact_test` calls it "lower" or
    "higher". The lower line is 0 while ``P(X = 0) >= alpha/2`` (no count can be
    significantly low); an expected count of 0 gives 0 and 0 (any count above 0
    is significantly high). Missing or negative expected counts give missing lines.

    >>> lower, upper = funnel_counts([0.0, 1.0, 10.0])
    >>> lower.round(4).tolist(), upper.round(4).tolist()
    ([0.0, 0.0, 3.8336], [0.0, 3.8205, 17.1272])
    """
    half = (1 - _level(confidence)) / 2
    e = _numbers(expected)
    e = np.where(e >= 0, e, np.nan)
    lower = special.pdtrik(half, e)  # pdtrik stops at 0, where P(X = 0) >= alpha/2: nothing is significantly low
    upper = special.pdtrik(1 - half, e) + 1
    # For E under the exact lower limit of 1 (-log(1 - alpha/2), 0.0253 at 95%) a count of 1 is already significantly
    # high, so the upper line is below 1, where pdtrik stops: solve P(a, E) = alpha/2 for the shape a in (0, 1).
    small = e < -np.log1p(-half)
    upper[small] = _shape_below_one(e[small], half)
    # Where a line falls (within pdtrik's 1e-13) on a whole count, the exact test itself says which side that count
    # is on, so the lines and exact_test agree on every whole count, even one exactly on a line.
    with np.errstate(invalid="ignore"):
        k = np.round(upper)
        upper = np.where(_at_least(k, e) < half, np.minimum(upper, np.nextafter(k, -np.inf)), np.maximum(upper, k))
        k = np.round(lower)
        lower = np.where(_at_most(k, e) < half, np.maximum(lower, np.nextafter(k, np.inf)), np.minimum(lower, k))
    return lower, upper


def _shape_below_one(e: np.ndarray, half: float) -> np.ndarray:
    """The shape ``a`` in (0, 1) with ``P(a, e) = half`` (``P`` falls from 1 to ``1 - exp(-e)``), by bisection."""
    low, high = np.zeros_like(e), np.ones_like(e)
    for _ in range(60):  # 2**-60: below a double's precision on (0, 1)
        middle = (low + high) / 2
        below_line = special.gammainc(middle, e) >= half
        low, high = np.where(below_line, middle, low), np.where(below_line, high, middle)
    return np.where(e > 0, (low + high) / 2, 0.0)


def _expected(comparator, populations, per: int) -> tuple[np.ndarray, np.ndarray]:
    """Populations (missing where not positive) and the counts expected in them at the comparator's rate."""
    n = _numbers(populations)
    n = np.where(n > 0, n, np.nan)
    rate = float(comparator) if pd.notna(comparator) else np.nan
    expected = rate * n / per
    return n, np.where(expected >= 0, expected, np.nan)


def funnel_limits(comparator: float, populations, per: int) -> pd.DataFrame:
    """The funnel around a comparator's rate: the 95% and 99.8% limits at each population, as rates.

    For each population the expected count is ``comparator * population / per``;
    its lines (:func:`funnel_counts`: the Poisson quantiles of the expected count,
    the standard construction of Spiegelhalter 2005 and the PHE funnel plot tool)
    are turned into rates. A comparator of 0 gives limits of 0 (any rate above
    0 is outside them). A missing or negative comparator, or a population that
    is missing or not positive, gives missing limits. Columns: ``population``,
    ``expected``, ``lower_95``, ``upper_95``, ``lower_998``, ``upper_998``, one
    row per population in the order given.

    >>> funnel_limits(2.0, [5_000, 40_000], per=1_000).round(4)
       population  expected  lower_95  upper_95  lower_998  upper_998
    0        5000      10.0    0.7667    3.4254     0.2743     4.3141
    1       40000      80.0    1.5615    2.4622     1.3337     2.7378
    """
    n, expected = _expected(comparator, populations, per)
    out = {"population": pd.Series(populations).to_numpy(), "expected": expected}
    for confidence, suffix in ((0.95, "95"), (0.998, "998")):
        lower, upper = funnel_counts(expected, confidence)
        out[f"lower_{suffix}"] = lower / n * per
        out[f"upper_{suffix}"] = upper / n * per
    return pd.DataFrame(out)


def funnel_populations(populations, points: int = 100) -> np.ndarray:
    """Populations to draw a funnel through: ``points`` from half the smallest to the largest and a tenth, evenly
    spaced on a log scale (the funnel bends most at small populations). Missing and non-positive ones are ignored.

    >>> funnel_populations([10_000, 40_000], points=3).round().tolist()
    [5000.0, 14832.0, 44000.0]
    """
    n = _numbers(populations)
    n = n[n > 0]
    if not len(n):
        return np.array([], dtype=float)
    return np.geomspace(n.min() / 2, n.max() * 1.1, points)


OUTSIDE = ("below_998", "below_95", "within", "above_95", "above_998", NOT_COMPARED)


def funnel_position(rates, populations, comparator: float, per: int, *, counts=None) -> np.ndarray:
    """Where each area falls on the funnel: "above_998", "above_95", "within", "below_95", "below_998" or
    "not_compared" (no rate: withheld, not reported, no return; or no comparator).

    An area is outside a line when its count is strictly beyond the line at its
    own population (:func:`funnel_counts`; a count exactly on a line is "within"
    it), which is where :func:`exact_test` at that level calls it "higher" or
    "lower"; "above_998" is also above the 95% line. ``counts`` are the areas'
    counts (the rates' numerators); without them they are worked back from the
    rates. Pass withheld rates as missing.

    >>> funnel_position([4.0, 3.0, 2.0, 1.2, 0.2, None], [5_000] * 5 + [1], 2.0, per=1_000).tolist()
    ['above_95', 'within', 'within', 'within', 'below_998', 'not_compared']
    """
    r = _numbers(rates)
    n, expected = _expected(comparator, populations, per)
    # Whole counts, not rates, are set against the lines: a rate is a rounded quotient, and a count exactly on a line
    # must fall on the side the exact test puts it.
    o = r * n / per if counts is None else _numbers(counts)
    lower_95, upper_95 = funnel_counts(expected, 0.95)
    lower_998, upper_998 = funnel_counts(expected, 0.998)
    with np.errstate(invalid="ignore"):
        out = np.select(
            [o > upper_998, o > upper_95, o < lower_998, o < lower_95],
            ["above_998", "above_95", "below_998", "below_95"],
            "within",
        ).astype(object)
    out[np.isnan(r) | np.isnan(o) | np.isnan(expected)] = NOT_COMPARED
    return out


SPINE = ("areas", "minimum", "lower_quartile", "median", "upper_quartile", "maximum", "area", "board", "wales")


def spine(values: pd.Series, area=None, board=None, wales=None) -> dict[str, float | int | None]:
    """The numbers of a spine chart for one measure at one level: the spread of every area, and three values on it.

    ``values`` are the measure for all areas at the level (missing ones, such as
    withheld rates or areas with no return, are left out; ``areas`` counts the
    rest). The quartiles and median use linear interpolation between the
    ordered values (Hyndman and Fan's type 7: numpy's and pandas' default,
    Excel's QUARTILE.INC). ``area``, ``board`` and ``wales`` are the area's,
    its board's and Wales's values, passed through (None when missing).
    Keys: :data:`SPINE`; every spread value is None when no area has a value.

    >>> spine(pd.Series([1.0, 2.0, 4.0, 8.0, None]), area=2.0, wales=3.5)
    {'areas': 4, 'minimum': 1.0, 'lower_quartile': 1.75, 'median': 3.0, 'upper_quartile': 5.0, 'maximum': 8.0, \
'area': 2.0, 'board': None, 'wales': 3.5}
    """
    return placed(spread(values), area, board, wales)


def spread(values: pd.Series) -> dict[str, float | int | None]:
    """The part of :func:`spine` every area of the level shares: how many areas have a value, and their spread."""
    known = pd.Series(_numbers(values)).dropna()
    if known.empty:
        return {"areas": 0, **dict.fromkeys(SPINE[1:6])}
    q = np.quantile(known.to_numpy(), [0.0, 0.25, 0.5, 0.75, 1.0], method="linear")
    return {"areas": len(known), **dict(zip(SPINE[1:6], (float(x) for x in q), strict=True))}


def placed(spread_of: dict, area=None, board=None, wales=None) -> dict[str, float | int | None]:
    """:func:`spine` from the level's :func:`spread` and the area's, its board's and Wales's values."""

    def plain(x):
        return None if x is None or pd.isna(x) else float(x)

    return {**spread_of, "area": plain(area), "board": plain(board), "wales": plain(wales)}
