"""Every round in order: an area's measures round by round, every area's measure over the rounds.

Rounds are compared only with rounds of their kind (real with real, the
illustrative sample with itself), oldest first. Each round is made of the boards
that returned in it: an area whose board had no return in a round has no figure
there, which charts draw as a gap and tables write as "no return", never as zero.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from sprx_map import measures, metrics, rounds
from sprx_map.compare import areas, comparisons
from sprx_map.geo.geography import Geography
from sprx_map.i18n import t
from sprx_map.measures import format_measure

ENOUGH = 3  # rounds needed before a profile shows its trends (two are the change since the round before)


def rounds_until(labels: list[str], chosen: str, illustrative: tuple[str, ...] = ()) -> list[str]:
    """The rounds of ``chosen``'s kind up to and including it, oldest first.

    Real round labels sort in time order; ``illustrative`` lists the illustrative rounds oldest first.

    >>> rounds_until(["2026-03", "2025-03", "2024-03", "sample"], "2025-03", ("sample",))
    ['2024-03', '2025-03']
    >>> rounds_until(["sample", "sample-earlier"], "sample", ("sample-earlier", "sample"))
    ['sample-earlier', 'sample']
    """
    if chosen in illustrative:
        same_kind = [r for r in illustrative if r in labels]
    else:
        same_kind = sorted(r for r in labels if r not in illustrative)
    return same_kind[: same_kind.index(chosen) + 1] if chosen in same_kind else [chosen]


def round_tables(
    projects: Mapping[str, pd.DataFrame],
    returns: Mapping[str, object],
    shares: pd.DataFrame,
    geo: Geography,
    level: str,
    *,
    threshold: int | None = None,
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """Each round's compared table of ``level`` over all of Wales, and its Wales table, keyed by round.

    ``projects`` maps each round (in the order to show) to its projects, ``returns`` to who returned in it
    (:class:`sprx_map.rounds.RoundReturns`, or None: every board). The areas of boards with no return in a
    round are listed as "no return" (see :func:`sprx_map.compare.areas.compared_table`).
    """
    tables, wales = {}, {}
    everything = list(geo.clusters.index)
    for label, chosen in projects.items():
        counted, missing = rounds.split(everything, geo, returns.get(label))
        tables[label] = areas.compared_table(
            chosen, shares, geo, level, counted, no_return=missing, threshold=threshold
        )
        wales[label] = metrics.area_table(chosen, shares, geo, "wales", counted, threshold=threshold)
    return tables, wales


def area_trends(
    tables: Mapping[str, pd.DataFrame], wales: Mapping[str, pd.DataFrame], code: str, keys=measures.PROFILE
) -> dict[str, pd.DataFrame]:
    """For each of ``keys``, the area's value round by round (:func:`sprx_map.compare.comparisons.trend`: ``value``,
    ``lower95``, ``upper95``, ``state``) with Wales's value beside it (``wales``; missing where withheld or when no
    board returned)."""
    return areas_trends(tables, wales, [code], keys)[code]


def areas_trends(
    tables: Mapping[str, pd.DataFrame], wales: Mapping[str, pd.DataFrame], codes, keys=measures.PROFILE
) -> dict[str, dict[str, pd.DataFrame]]:
    """:func:`area_trends` of each of ``codes`` (code -> measure -> frame), each round's table read once."""
    out = {code: {} for code in codes}
    for key in keys:
        found = comparisons.trends_of(tables, codes, key)
        beside = [_wales(wales[label], key) for label in tables]
        for code in codes:
            frame = found[code]
            frame["wales"] = beside
            out[code][key] = frame
    return out


def _wales(table: pd.DataFrame, key: str) -> float:
    if table.empty or (table[metrics.SUPPRESSED].iloc[0] and measures.is_withheld(key)):
        return np.nan
    value = table[key].iloc[0]
    return np.nan if pd.isna(value) else float(value)


def every_round(
    tables: Mapping[str, pd.DataFrame], geo: Geography, level: str, key: str, lang: str = "en", clusters=None
) -> pd.DataFrame:
    """Every area of ``level`` (geography order; only those with one of ``clusters``, when given) with its ``key``
    in each round, oldest first, as people read it: withheld figures marked (``<5``, ``[c]``), "no return" where
    the area's board had none."""
    chosen = None if clusters is None else set(_areas_of(geo, level, clusters))
    order = [
        code
        for code in geo.layer(level).index
        if (chosen is None or code in chosen) and any(code in table.index for table in tables.values())
    ]
    out = pd.DataFrame({t("table.area", lang): geo.area_names(level, lang).reindex(order).to_numpy()})
    no_return = t("table.no_return", lang)
    for label, table in tables.items():
        cells = []
        for code in order:
            if code not in table.index or bool(table.at[code, metrics.NO_RETURN]):
                cells.append(no_return)
                continue
            state = table.at[code, metrics.SUPPRESSED]
            cells.append(format_measure(table.at[code, key], key, lang, state or ""))
        out[t("trends.round_column", lang, round=label)] = cells
    return out


def _areas_of(geo: Geography, level: str, clusters) -> list[str]:
    """The areas of ``level`` that hold any of ``clusters``."""
    if level == "cluster":
        return list(clusters)
    return list(dict.fromkeys(geo.clusters.loc[list(clusters), metrics.LEVEL_KEYS[level]]))
