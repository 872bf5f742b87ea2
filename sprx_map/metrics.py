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

import numpy as np
import pandas as pd

from sprx_map.geography import Geography

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


def apportion(projects: pd.DataFrame, geo: Geography) -> pd.DataFrame:
    """One row per (project, cluster served) with that cluster's share.

    Columns: ``project_id``, ``cluster_id``, ``la_code``, ``hb_code``,
    ``fte_units`` (hundredths of an FTE) and ``referrals``; both are nullable
    integers, missing when the project did not report the figure.
    """
    pop = geo.clusters["registered_population"].to_dict()
    rows = []
    for project_id, clusters, fte, referrals in zip(
        projects["project_id"],
        projects["clusters_served"],
        projects["link_worker_fte"],
        projects["referrals_received"],
        strict=True,
    ):
        weights = [pop[c] for c in clusters]
        fte_parts = (
            largest_remainder(round(float(fte) * FTE_UNITS), weights) if pd.notna(fte) else [pd.NA] * len(clusters)
        )
        ref_parts = largest_remainder(int(referrals), weights) if pd.notna(referrals) else [pd.NA] * len(clusters)
        rows.extend(zip([project_id] * len(clusters), clusters, fte_parts, ref_parts, strict=True))
    shares = pd.DataFrame(rows, columns=["project_id", "cluster_id", "fte_units", "referrals"])
    shares["fte_units"] = shares["fte_units"].astype("Int64")
    shares["referrals"] = shares["referrals"].astype("Int64")
    shares["la_code"] = shares["cluster_id"].map(geo.clusters["la_code"])
    shares["hb_code"] = shares["cluster_id"].map(geo.clusters["hb_code"])
    return shares[["project_id", "cluster_id", "la_code", "hb_code", "fte_units", "referrals"]]


def totals(shares: pd.DataFrame, level: str, geo: Geography) -> pd.DataFrame:
    """Link-worker FTE units and referrals per area of ``level`` (every area listed).

    Areas no project serves get 0; the sums are exact integers.
    """
    key = LEVEL_KEYS[level]
    summed = shares.groupby(key)[["fte_units", "referrals"]].sum(min_count=0)
    index = geo.layer(level).index
    return summed.reindex(index, fill_value=0).astype("int64").rename_axis(key)


def headline(
    projects: pd.DataFrame, shares: pd.DataFrame, geo: Geography, clusters: list[str] | None = None
) -> dict[str, float | int | None]:
    """The headline measures for ``projects`` within ``clusters`` (default: all 60).

    Link-worker FTE counts current projects; referrals count current and ended
    projects (received during the reporting period); planned projects count
    towards neither. Rates use the registered population of ``clusters``.
    """
    clusters = list(geo.clusters.index) if clusters is None else clusters
    in_area = shares[shares["cluster_id"].isin(clusters)]
    status = projects.set_index("project_id")["status"]
    in_area = in_area.assign(status=in_area["project_id"].map(status))
    ids = set(in_area["project_id"])
    chosen = projects[projects["project_id"].isin(ids)]
    current = in_area[in_area["status"] == "current"]
    reporting = in_area[in_area["status"].isin(["current", "ended"])]
    fte = int(current["fte_units"].sum()) / FTE_UNITS
    referrals = int(reporting["referrals"].sum())
    population = int(geo.clusters.loc[clusters, "registered_population"].sum())
    return {
        "projects_current": int((chosen["status"] == "current").sum()),
        "projects_planned": int((chosen["status"] == "planned").sum()),
        "link_worker_fte": fte,
        "referrals": referrals,
        "fte_per_10k": fte / population * 10_000 if population else None,
        "referrals_per_1k": referrals / population * 1_000 if population else None,
        "clusters_covered": int(current["cluster_id"].nunique()),
        "clusters_total": len(clusters),
        "registered_population": population,
    }
