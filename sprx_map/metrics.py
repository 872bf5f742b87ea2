"""Apportioning projects to clusters, and totals at every level.

A project that serves several clusters shares its link-worker FTE and its
referrals among them in proportion to their registered population; ``All``
means every cluster of its board.

Rounding: shares are whole units, hundredths of an FTE and whole referrals,
given out by the largest-remainder method. Each cluster first gets the whole
units of its exact share; the units left over go one each to the clusters with
the largest fractional parts (ties to the larger population, then to the
cluster listed first). So a project's shares add up exactly to the project's
figure, and totals by cluster, local authority, board and Wales are sums of the
same integers: they agree exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sprx_map import measures

# Disclosure control has its own module; its names stay reachable here (``metrics.SUPPRESSED`` ...).
from sprx_map.disclosure import (  # noqa: F401
    ONWARD_SUPPRESSED,
    SUPPRESSED,
    THRESHOLD_VARIABLE,
    project_states,
    referral_states,
    suppress,
    suppression_threshold,
)
from sprx_map.geo.geography import Geography

FTE_UNITS = 100  # shares of FTE are counted in hundredths
LEVEL_KEYS = {"cluster": "cluster_id", "local_authority": "la_code", "health_board": "hb_code"}


def largest_remainder(total: int, weights: list[float]) -> list[int]:
    """Split the integer ``total`` in proportion to ``weights``; parts sum to ``total``.

    >>> largest_remainder(10, [1, 1, 1])
    [4, 3, 3]
    >>> largest_remainder(1, [30000, 66200])
    [0, 1]
    """
    w = np.asarray(weights, dtype=float)
    if total == 0 or len(w) == 1:
        return [total] + [0] * (len(w) - 1)
    exact = total * w / w.sum()
    parts = np.floor(exact).astype(int)
    left = total - int(parts.sum())
    # Larger fraction first, then larger weight, then earlier position.
    order = sorted(range(len(w)), key=lambda i: (-(exact[i] - parts[i]), -w[i], i))
    for i in order[:left]:
        parts[i] += 1
    return parts.tolist()


REFERRAL_UNITS = 100  # referrals a year are shared out in hundredths, so every level's sums agree exactly
SHARED = ("fte_units", "referrals", "referral_units", "onward", "onward_units")  # a share's figures


def apportion(projects: pd.DataFrame, geo: Geography) -> pd.DataFrame:
    """One row per (project, cluster served) with that cluster's share.

    Columns: ``project_id``, ``cluster_id``, ``la_code``, ``hb_code``, ``fte_units`` (hundredths of an FTE),
    and for the referrals the project counts in (see :mod:`sprx_map.referrals`): ``referrals`` and
    ``referral_units`` (the count as returned, and hundredths of the count a year) when they are referrals to
    social prescribing, ``onward`` and ``onward_units`` when they are onward referrals to activities. All are
    nullable integers, missing when the project did not report the figure (or its period leaves it out).
    ``projects`` without the pathway's columns (:func:`sprx_map.referrals.pathway`) count every referral as
    made to social prescribing over a year.
    """
    pop = geo.clusters["registered_population"].to_dict()
    counted = projects.get("counted_in", None)
    if counted is None:  # no pathway worked out: every reported count, as given, over a year
        counted = projects["referrals_received"].map(lambda v: "" if pd.isna(v) else "social_prescribing")
    yearly = projects["referrals_a_year"] if "referrals_a_year" in projects else projects["referrals_received"]
    rows = []
    for project_id, clusters, fte, referrals, a_year, where in zip(
        projects["project_id"],
        projects["clusters_served"],
        projects["link_worker_fte"],
        projects["referrals_received"],
        yearly,
        counted,
        strict=True,
    ):
        weights = [pop[c] for c in clusters]
        missing = [pd.NA] * len(clusters)
        fte_parts = largest_remainder(round(float(fte) * FTE_UNITS), weights) if pd.notna(fte) else missing
        if where:
            raw = largest_remainder(int(referrals), weights)
            # The count a year shared as the count is: a count over exactly a year gives each cluster its share.
            units = largest_remainder(round(float(a_year) * REFERRAL_UNITS), raw if sum(raw) else weights)
        else:
            raw = units = missing
        figures = (raw, units, missing, missing) if where != "onward" else (missing, missing, raw, units)
        rows.extend(zip([project_id] * len(clusters), clusters, fte_parts, *figures, strict=True))
    shares = pd.DataFrame(rows, columns=["project_id", "cluster_id", *SHARED])
    for column in SHARED:
        shares[column] = shares[column].astype("Int64")
    shares["la_code"] = shares["cluster_id"].map(geo.clusters["la_code"])
    shares["hb_code"] = shares["cluster_id"].map(geo.clusters["hb_code"])
    return shares[["project_id", "cluster_id", "la_code", "hb_code", *SHARED]]


def totals(shares: pd.DataFrame, level: str, geo: Geography) -> pd.DataFrame:
    """Link-worker FTE units and referrals per area of ``level`` (every area listed).

    Areas no project serves get 0; the sums are exact integers.
    """
    key = LEVEL_KEYS[level]
    summed = shares.groupby(key)[["fte_units", "referrals"]].sum(min_count=0)
    index = geo.layer(level).index
    return summed.reindex(index, fill_value=0).astype("int64").rename_axis(key)


def area_table(
    projects: pd.DataFrame,
    shares: pd.DataFrame,
    geo: Geography,
    level: str,
    clusters: list[str] | None = None,
    *,
    threshold: int | None = None,
    no_return: list[str] | tuple[str, ...] = (),
) -> pd.DataFrame:
    """The measures for every area of ``level`` that has a cluster in ``clusters``, with disclosure control.

    As :func:`raw_area_table` gives them, plus a ``suppressed`` column: referral counts below
    ``threshold`` (default :func:`suppression_threshold`) and the rates made from
    them are withheld (``primary``), and so are the figures that would let them be
    worked out from the totals beside them (``secondary``); see :func:`suppress`.
    Withheld values are missing (NaN); ``threshold=0`` withholds nothing.

    ``no_return`` are clusters whose board has not returned in the round: their
    areas are listed too, with every measure missing and ``no_return`` True (the
    column is there, False, for every other area). They are never zero.
    """
    threshold = suppression_threshold() if threshold is None else threshold
    clusters = list(geo.clusters.index) if clusters is None else list(clusters)
    figures = cluster_figures(projects, shares, clusters)  # once, for the measures and for their withholding
    table = raw_area_table(figures, geo, level)
    table[SUPPRESSED] = ""
    table[ONWARD_SUPPRESSED] = ""
    if threshold > 1 and not table.empty:
        for state, counted in ((SUPPRESSED, "referrals"), (ONWARD_SUPPRESSED, "onward")):
            states = referral_states(figures, geo, threshold, counted)
            table[state] = states[level].reindex(table.index).fillna("").to_numpy()
            hidden = table[state] != ""
            for column in measures.protected_by(state):
                table[column] = table[column].mask(hidden)
    return with_no_return(table, geo, level, no_return)


NO_RETURN = "no_return"  # column: True for an area whose board has not returned in the round


def with_no_return(table: pd.DataFrame, geo: Geography, level: str, no_return) -> pd.DataFrame:
    """``table`` with a row for each area of ``level`` made of ``no_return`` clusters: measures missing,
    clusters and registered patients counted, ``no_return`` True."""
    table = table.copy()
    table[NO_RETURN] = False
    if not len(no_return):
        return table
    chosen = geo.clusters.loc[list(no_return)]
    key = "wales" if level == "wales" else ("cluster_id" if level == "cluster" else LEVEL_KEYS[level])
    codes = ["wales"] * len(chosen) if key == "wales" else (chosen.index if key == "cluster_id" else chosen[key])
    grouped = chosen.assign(_area=list(codes)).groupby("_area", sort=False)
    missing = pd.DataFrame(index=pd.Index([c for c in grouped.groups if c not in table.index], name="code"))
    if len(missing.index) == 0:
        return table
    counts = grouped.size().reindex(missing.index)
    missing["clusters_total"] = counts.to_numpy()
    missing["registered_population"] = grouped["registered_population"].sum().reindex(missing.index).to_numpy()
    missing[SUPPRESSED] = ""
    missing[ONWARD_SUPPRESSED] = ""
    missing[NO_RETURN] = True
    out = pd.concat([table.astype({c: "Int64" for c in table.columns if table[c].dtype == "int64"}), missing])
    for column in ("projects_current", "projects_planned", "clusters_covered", measures.GAP, *measures.COUNTED,
                   *measures.REPORTING):  # fmt: skip
        if column in out:
            out[column] = out[column].astype("Int64")
    out[NO_RETURN] = out[NO_RETURN].astype(bool)
    out["incomplete"] = out["incomplete"].astype("boolean")
    return out


def raw_area_table(figures: dict[str, ClusterFigures], geo: Geography, level: str) -> pd.DataFrame:
    """The measures for every area of ``level`` that has a chosen cluster (no disclosure control).

    ``figures`` is :func:`cluster_figures` of the chosen clusters. ``level`` is
    ``cluster``, ``local_authority``, ``health_board`` or ``wales``. Only the
    projects given to :func:`cluster_figures` count (pass the filtered ones), and
    only their shares in the chosen clusters. Link-worker FTE counts current projects;
    referrals count current and ended projects (received during the reporting
    period); planned projects count towards neither. A project is counted once
    in each area it serves. Rates use the registered population of the chosen
    clusters in the area. Areas with no chosen cluster are left out: they have
    no data, which is not the same as zero.
    """
    clusters = list(figures)
    c = geo.clusters.loc[clusters]
    if level == "wales":
        area = ["wales"] * len(clusters)
    elif level == "cluster":
        area = clusters
    else:
        area = c[LEVEL_KEYS[level]].tolist()
    members: dict[str, list[ClusterFigures]] = {}
    population: dict[str, int] = {}
    for code, cluster, people in zip(area, clusters, c["registered_population"].tolist(), strict=True):
        members.setdefault(code, []).append(figures[cluster])
        population[code] = population.get(code, 0) + people
    index = pd.Index(list(members), name="code")
    rows = [_area_row(parts) for parts in members.values()]
    out = pd.DataFrame(rows, index=index, columns=["projects_current", "projects_planned", "clusters_covered"])
    out = out.astype("int64")
    # An area whose projects reported no figure has no data (missing), not zero;
    # an area with no projects at all has zero.
    fte = [_reported([(p.fte, p.fte_reported) for p in parts if p.current]) for parts in members.values()]
    out["link_worker_fte"] = np.array(fte, dtype=float) / FTE_UNITS
    for counted, units, yearly in (("referrals", "referral_units", "referrals"), ("onward", "onward_units",
                                   "onward_referrals")):  # fmt: skip
        sums = [
            [(getattr(p, counted), getattr(p, f"{counted}_reported"), getattr(p, units)) for p in parts if p.reporting]
            for parts in members.values()
        ]
        raw = [_reported([(n, seen) for n, seen, _ in area]) for area in sums]
        a_year = [_reported([(u, seen) for _, seen, u in area]) for area in sums]
        out[f"{counted}_counted"] = pd.array(raw, dtype="Float64").astype("Int64")
        out[yearly] = np.array(a_year, dtype=float) / REFERRAL_UNITS
    # Completeness: how many of the area's current projects reported each figure.
    for column, reporters in (("fte_reporting", "fte_reporters"), ("referrals_reporting", "referral_reporters")):
        out[column] = np.array(
            [len(set().union(*(getattr(p, reporters) for p in parts))) for parts in members.values()], dtype="int64"
        )
    current = out["projects_current"].to_numpy()
    short = [measures.under_half(out[column].to_numpy(), current) for column in measures.REPORTING]
    out["incomplete"] = pd.array(np.logical_or.reduce(short), dtype="boolean")
    out["clusters_total"] = np.array([len(p) for p in members.values()], dtype="int64")
    out[measures.GAP] = out["clusters_total"] - out["clusters_covered"]
    dtype = c["registered_population"].to_numpy().dtype
    out["registered_population"] = np.array([population[code] for code in index], dtype=dtype)
    out["fte_per_10k"] = out["link_worker_fte"] / out["registered_population"] * 10_000
    out["referrals_per_1k"] = out["referrals"].to_numpy(dtype=float) / out["registered_population"].to_numpy() * 1_000
    return out[[*measures.COLUMNS, *measures.COUNTED]]


@dataclass(slots=True)
class ClusterFigures:
    """What the chosen projects put in one cluster: which of them, and their shares summed.

    ``fte`` (hundredths) sums the current projects' shares, ``referrals`` the
    current and ended ones'; a missing figure adds nothing. ``fte_reported`` and
    ``referrals_reported`` say whether any of those projects gave the figure.
    """

    current: set = field(default_factory=set)
    planned: set = field(default_factory=set)
    fte: int = 0
    fte_reported: bool = False
    reporting: bool = False  # a current or ended project serves the cluster
    referrals: int = 0  # referrals to social prescribing, as returned
    referrals_reported: bool = False
    referral_units: int = 0  # the same, hundredths a year
    onward: int = 0  # onward referrals to activities, as returned
    onward_reported: bool = False
    onward_units: int = 0
    fte_reporters: set = field(default_factory=set)  # current projects that gave their FTE
    referral_reporters: set = field(default_factory=set)  # current projects with a usable referral count


def cluster_figures(projects: pd.DataFrame, shares: pd.DataFrame, clusters: list[str]) -> dict[str, ClusterFigures]:
    """:class:`ClusterFigures` of each of ``clusters`` from the shares of ``projects`` (one pass over the shares)."""
    status = dict(zip(projects["project_id"].tolist(), projects["status"].tolist(), strict=True))
    out = {cluster: ClusterFigures() for cluster in clusters}
    columns = (shares[k].tolist() for k in ("project_id", "cluster_id", *SHARED))
    for project, cluster, fte, referrals, referral_units, onward, onward_units in zip(*columns, strict=True):
        state, figures = status.get(project), out.get(cluster)
        if state is None or figures is None:
            continue
        if state == "planned":
            figures.planned.add(project)
            continue
        if state == "current":
            figures.current.add(project)
            if fte is not pd.NA:
                figures.fte += fte
                figures.fte_reported = True
                figures.fte_reporters.add(project)
            if referrals is not pd.NA or onward is not pd.NA:
                figures.referral_reporters.add(project)
        if state in ("current", "ended"):
            figures.reporting = True
            if referrals is not pd.NA:
                figures.referrals += referrals
                figures.referral_units += referral_units
                figures.referrals_reported = True
            if onward is not pd.NA:
                figures.onward += onward
                figures.onward_units += onward_units
                figures.onward_reported = True
    return out


def _area_row(parts: list[ClusterFigures]) -> tuple[int, int, int]:
    """Current projects, planned projects and clusters with a current project, in an area of ``parts``."""
    current = set().union(*(p.current for p in parts))
    planned = set().union(*(p.planned for p in parts))
    return len(current), len(planned), sum(1 for p in parts if p.current)


def _reported(sums: list[tuple[int, bool]]) -> float:
    """An area's total from its clusters' (sum, any reported) pairs: 0 with none, NaN when nothing was reported."""
    if not sums:
        return 0.0
    if not any(reported for _, reported in sums):
        return np.nan
    return float(sum(value for value, _ in sums))


def headline(
    projects: pd.DataFrame,
    shares: pd.DataFrame,
    geo: Geography,
    clusters: list[str] | None = None,
    *,
    threshold: int | None = None,
) -> dict[str, float | int]:
    """The headline measures for ``projects`` within ``clusters`` (default: all of geo's), with disclosure control."""
    table = area_table(projects, shares, geo, "wales", clusters, threshold=threshold)
    if table.empty:  # no cluster counts (its board has not returned): no figure, not zero
        return {
            **dict.fromkeys(measures.COLUMNS),
            "clusters_total": 0,
            "registered_population": 0,
            SUPPRESSED: "",
            NO_RETURN: True,
        }
    return _values(table.iloc[0])


def area_figures(
    projects: pd.DataFrame,
    shares: pd.DataFrame,
    geo: Geography,
    level: str,
    code: str,
    *,
    threshold: int | None = None,
    clusters: list[str] | None = None,
) -> dict[str, float | int]:
    """One area's measures as :func:`headline` gives them, withheld as in the all-Wales tables.

    A figure shown for one area must be withheld exactly when the all-Wales table
    withholds it, or the area's own view and the totals beside it elsewhere
    would give a withheld count away. ``clusters`` are those that count (default
    all); an area with none of them (its board has not returned) has no figures
    and ``no_return`` True.
    """
    if level == "wales":
        return headline(projects, shares, geo, clusters, threshold=threshold)
    return figures_in(area_table(projects, shares, geo, level, clusters, threshold=threshold), code)


def figures_in(table: pd.DataFrame, code: str) -> dict[str, float | int]:
    """One area's measures from an :func:`area_table` (made without ``no_return``), as :func:`area_figures`
    gives them: an area not in the table has no figures and ``no_return`` True."""
    if code not in table.index:
        return {**dict.fromkeys(measures.COLUMNS), SUPPRESSED: "", NO_RETURN: True}
    return _values(table.loc[code])


def _values(row: pd.Series) -> dict[str, float | int | str | None]:
    """A table row as plain Python values, missing ones as None."""
    return {
        column: None
        if not isinstance(value, str) and pd.isna(value)
        else (value.item() if hasattr(value, "item") else value)
        for column, value in row.items()
    }
