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
- 95% limits use ``z = 1.959964``, 99.8% limits (the funnel plot's outer
  lines) ``z = 3.090232``: the normal quantiles of 0.975 and 0.999.

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
    if confidence not in LEVELS:
        raise ValueError(f"confidence is one of {sorted(LEVELS)}, not {confidence!r}")
    z = LEVELS[confidence]
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


def funnel_limits(comparator: float, populations, per: int) -> pd.DataFrame:
    """The funnel around a comparator's rate: the 95% and 99.8% limits at each population, as rates.

    For each population the expected count is ``comparator * population / per``;
    its exact Poisson limits (chi-square / gamma quantiles of the expected count,
    as the APHO funnel plot tools draw them, smooth for counts that are not whole)
    are turned back into rates. A missing or negative comparator gives missing
    limits. Columns: ``population``, ``expected``, ``lower_95``, ``upper_95``,
    ``lower_998``, ``upper_998``, one row per population in the order given.

    >>> funnel_limits(2.0, [5_000, 40_000], per=1_000).round(4)
       population  expected  lower_95  upper_95  lower_998  upper_998
    0        5000      10.0    0.9591    3.6781     0.5921     4.8268
    1       40000      80.0    1.5859    2.4892     1.3795     2.7920
    """
    n = _numbers(populations)
    expected = np.full(n.shape, float(comparator) if pd.notna(comparator) else np.nan) * n / per
    expected = np.where(expected >= 0, expected, np.nan)
    out = {"population": pd.Series(populations).to_numpy(), "expected": expected}
    for confidence, suffix in ((0.95, "95"), (0.998, "998")):
        alpha = 1 - confidence
        with np.errstate(divide="ignore", invalid="ignore"):
            lower = np.where(expected > 0, special.gammaincinv(np.maximum(expected, 1e-300), alpha / 2), 0.0)
            lower = np.where(np.isnan(expected), np.nan, lower)
            upper = special.gammaincinv(expected + 1, 1 - alpha / 2)
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


def funnel_position(rates, populations, comparator: float, per: int) -> np.ndarray:
    """Where each area falls on the funnel: "above_998", "above_95", "within", "below_95", "below_998" or
    "not_compared" (no rate: withheld, not reported, no return; or no comparator).

    An area is outside a limit when its rate is strictly beyond the limit at its
    own population (a rate exactly on a limit is "within" it); "above_998" is
    also above the 95% limit. Pass withheld rates as missing.

    >>> funnel_position([4.0, 3.0, 2.0, 1.2, 0.2, None], [5_000] * 5 + [1], 2.0, per=1_000).tolist()
    ['above_95', 'within', 'within', 'within', 'below_998', 'not_compared']
    """
    r = _numbers(rates)
    limits = funnel_limits(comparator, populations, per)
    with np.errstate(invalid="ignore"):
        out = np.select(
            [r > limits["upper_998"], r > limits["upper_95"], r < limits["lower_998"], r < limits["lower_95"]],
            ["above_998", "above_95", "below_998", "below_95"],
            "within",
        ).astype(object)
    out[np.isnan(r) | limits["upper_95"].isna().to_numpy()] = NOT_COMPARED
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
