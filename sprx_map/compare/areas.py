"""How every view sets an area against Wales, its board and the other areas of its level, from one table.

Why: the profile, the presenter view, the gaps ranking, the funnel and spine
charts and every area download must say the same thing of an area. They all
take it from :func:`compared_table`: an area table of one level with the
columns :func:`sprx_map.compare.comparisons.with_comparisons` adds (95% limits of
referrals per 1,000 and "higher / similar / lower / not compared" against
Wales and the area's board; each area's fifth of link-worker FTE per 10,000
among all areas of its level in Wales). The statistics are those of
:mod:`sprx_map.compare.confidence`; nothing here works them out again.

"Not compared" is said wherever a figure is withheld (``<5``, ``[c]``), not
reported or has no return, so a comparison is never made of a missing figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sprx_map import measures, metrics
from sprx_map.compare import comparisons, confidence
from sprx_map.geo.geography import Geography
from sprx_map.i18n import format_number, t

RATE = "referrals_per_1k"  # the rate with confidence limits (measures.INTERVALS)
FTE_RATE = "fte_per_10k"  # the rate placed by fifths (measures.BY_FIFTHS)


def compared_table(
    projects: pd.DataFrame,
    shares: pd.DataFrame,
    geo: Geography,
    level: str,
    clusters: list[str] | None = None,
    *,
    no_return=(),
    everywhere: pd.DataFrame | None = None,
    threshold: int | None = None,
) -> pd.DataFrame:
    """:func:`sprx_map.metrics.area_table` of ``level`` with its comparison columns (:data:`measures.COMPARED`).

    Wales and the boards compared with are those of the same ``clusters`` and
    ``projects`` (a filtered view compares like with like, as the values shown
    beside it). Fifths are among ``everywhere`` (an area table of ``level`` for
    all of Wales: pass it when ``clusters`` is a choice of areas), by default
    among this table's areas. ``no_return`` clusters' areas are listed as "no
    return" and never compared.
    """
    table = metrics.area_table(projects, shares, geo, level, clusters, threshold=threshold, no_return=no_return)
    wales = (
        table if level == "wales" else metrics.area_table(projects, shares, geo, "wales", clusters, threshold=threshold)
    )
    boards = (
        table
        if level == "health_board"
        else metrics.area_table(projects, shares, geo, "health_board", clusters, threshold=threshold)
    )
    return comparisons.with_comparisons(
        table, geo, level, wales=wales, boards=boards, fifths_among=everywhere, threshold=threshold
    )


def everywhere_table(projects, shares, geo: Geography, level: str, counted, *, threshold=None) -> pd.DataFrame:
    """The area table of ``level`` over every counted cluster of Wales: what an area's fifth is taken among.

    ``projects`` must not be cut to a choice of areas (see :func:`sprx_map.filters.without_areas`).
    """
    return metrics.area_table(projects, shares, geo, level, counted, threshold=threshold)


def interval_text(lower, upper, lang: str = "en") -> str:
    """A 95% interval as people read it ("0.31 to 1.05"); "" without limits."""
    if pd.isna(lower) or pd.isna(upper):
        return ""
    places = measures.decimals(RATE)
    return t(
        "benchmarks.interval", lang, lower=format_number(lower, places, lang), upper=format_number(upper, places, lang)
    )


def area_cells(row: pd.Series | None, level: str, lang: str = "en") -> dict[str, str]:
    """One area's comparisons in words, keyed ``interval``, ``vs_board``, ``vs_wales`` and ``fifth``.

    ``row`` is the area's row of a :func:`compared_table` (None: the area has no
    row, its board has not returned). Marks go with the words (▲ ● ▼ ○). A
    comparison that does not apply (a board against its board) is "".
    """
    not_compared = comparisons.comparison_label(confidence.NOT_COMPARED, lang)
    if row is None:
        return {"interval": "", "vs_board": not_compared if level != "health_board" else "", "vs_wales": not_compared,
                "fifth": not_compared}  # fmt: skip
    fifth = row.get(measures.fifth(FTE_RATE))
    short = measures.incomplete(row, RATE)
    return {
        "interval": interval_text(row[measures.lower_limit(RATE)], row[measures.upper_limit(RATE)], lang),
        "vs_board": comparisons.comparison_label(row[measures.compared_with(RATE, "board")], lang, incomplete=short),
        "vs_wales": comparisons.comparison_label(row[measures.compared_with(RATE, "wales")], lang, incomplete=short),
        "fifth": not_compared if pd.isna(fifth) else comparisons.fifth_label(fifth, level, lang),
    }


# Files ------------------------------------------------------------------------------


def file_measures(chosen, level: str) -> tuple[str, ...]:
    """``chosen`` measures with the comparison columns a file carries, each after its measure: the limits and
    the comparisons after referrals per 1,000, the fifth after FTE per 10,000. A board is not compared with its
    board, Wales with nothing."""
    out = []
    for key in chosen:
        out.append(key)
        if key in measures.INTERVALS:
            out += [measures.lower_limit(key), measures.upper_limit(key)]
            if level != "wales":
                out.append(measures.compared_with(key, "wales"))
            if level in ("cluster", "local_authority"):
                out.append(measures.compared_with(key, "board"))
        elif key in measures.BY_FIFTHS and level != "wales":
            out.append(measures.fifth(key))
    return tuple(out)


def for_files(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """A compared table with its comparisons in words for a file ("higher", no marks), fifths left as 1 to 5."""
    out = table.copy()
    for column in measures.COMPARED:
        if column in out and measures.REGISTRY[column].kind == "comparison":
            out[column] = [comparisons.comparison_label(v, lang, marked=False) or None for v in out[column]]
    return out


# Funnel plot ------------------------------------------------------------------------


def funnel(table: pd.DataFrame, wales: float, key: str = RATE) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int]]:
    """The numbers of a funnel plot of ``key`` (a rate with limits) for the areas of ``table`` around ``wales``.

    Returns (points, lines, left_out). ``points``: the areas with a rate shown,
    with ``population``, ``rate``, ``count``, their own 95% and 99.8% limits at
    their size (``lower_95`` ... ``upper_998``) and ``position``
    (:func:`sprx_map.compare.confidence.funnel_position` of its count: where the exact
    test puts it). ``lines``: the limits at
    populations from :func:`sprx_map.compare.confidence.funnel_populations` and at every
    area's own, in increasing order, so the lines pass exactly through each
    area's limits. ``left_out``: how many areas have no point, by reason
    ("withheld", "no_return", "not_reported"), none of them drawn as zero.
    """
    m = measures.REGISTRY[key]
    state = comparisons.states(table, key)
    shown = table[state == comparisons.SHOWN]
    population = shown["registered_population"].astype(float)
    rate = shown[key].astype(float)
    limits = confidence.funnel_limits(wales, population.to_numpy(), m.per).set_index(shown.index)
    counted = shown[m.counted if m.counted in shown else m.of].astype(float)
    points = pd.DataFrame({"population": population, "rate": rate, "count": counted})
    points = points.join(limits.drop(columns=["population", "expected"]))
    # Placed by the count as returned against the count expected over the time it stands for (a year's rate
    # times the population times those years): the exact test's question, asked of the count itself.
    exposure = population.to_numpy() * comparisons.years_counted(shown, key)
    points["position"] = confidence.funnel_position(
        rate.to_numpy(), exposure, wales, m.per, counts=points["count"].to_numpy()
    )
    spread = np.union1d(confidence.funnel_populations(population.to_numpy()), population.to_numpy())
    lines = confidence.funnel_limits(wales, spread, m.per)
    reasons = (comparisons.WITHHELD, comparisons.NO_RETURN, comparisons.NOT_REPORTED)
    left_out = {reason: int((state == reason).sum()) for reason in reasons}
    return points, lines, left_out


# Spine chart ------------------------------------------------------------------------


def spines(
    table: pd.DataFrame, code: str, board: dict, wales: dict, keys=measures.RATES, spread: dict | None = None
) -> dict[str, dict]:
    """The numbers of a spine chart: for each of ``keys``, :func:`sprx_map.compare.confidence.spine` over the areas of
    ``table`` (every area of the level in Wales; withheld and no-return areas left out), with this area's, its
    board's and Wales's values (None where withheld or missing). ``spread`` is :func:`spreads` of the same
    table and keys, when already made for another area."""
    spread = spread or spreads(table, keys)
    out = {}
    for key in keys:
        values, shared = spread[key]
        area = values.get(code) if code in table.index else None
        out[key] = confidence.placed(shared, area=area, board=_plain(board, key), wales=_plain(wales, key))
    return out


def spreads(table: pd.DataFrame, keys=measures.RATES) -> dict[str, tuple[pd.Series, dict]]:
    """What every area's :func:`spines` over ``table`` share: for each of ``keys``, the values the spine is
    made of (withheld and no-return areas missing) and their :func:`sprx_map.compare.confidence.spread`."""
    out = {}
    for key in keys:
        values = table[key].astype("Float64").where(comparisons.states(table, key) == comparisons.SHOWN)
        out[key] = (values, confidence.spread(values))
    return out


def _plain(figures: dict | None, key: str):
    """A headline figure as a number, None when withheld, missing or of a board with no return."""
    if not figures or figures.get(metrics.NO_RETURN):
        return None
    if figures.get(metrics.SUPPRESSED) and measures.is_withheld(key):
        return None
    return figures.get(key)
