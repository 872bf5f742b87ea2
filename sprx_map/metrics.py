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

import os

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


MEASURES = (
    "projects_current",
    "projects_planned",
    "link_worker_fte",
    "referrals",
    "fte_per_10k",
    "referrals_per_1k",
    "clusters_covered",
)
# Only meaningful for areas made of several clusters.
GAP_MEASURE = "clusters_without"
COLUMNS = (*MEASURES, GAP_MEASURE, "clusters_total", "registered_population")


def area_table(
    projects: pd.DataFrame,
    shares: pd.DataFrame,
    geo: Geography,
    level: str,
    clusters: list[str] | None = None,
    *,
    threshold: int | None = None,
) -> pd.DataFrame:
    """The measures for every area of ``level`` that has a cluster in ``clusters``, with disclosure control.

    As :func:`raw_area_table`, plus a ``suppressed`` column: referral counts below
    ``threshold`` (default :func:`suppression_threshold`) and the rates made from
    them are withheld (``primary``), and so are the figures that would let them be
    worked out from the totals beside them (``secondary``); see :func:`suppress`.
    Withheld values are missing (NaN); ``threshold=0`` withholds nothing.
    """
    threshold = suppression_threshold() if threshold is None else threshold
    clusters = list(geo.clusters.index) if clusters is None else list(clusters)
    table = raw_area_table(projects, shares, geo, level, clusters)
    table[SUPPRESSED] = ""
    if threshold <= 1 or table.empty:
        return table
    states = referral_states(projects, shares, geo, clusters, threshold)
    table[SUPPRESSED] = states[level].reindex(table.index).fillna("").to_numpy()
    hidden = table[SUPPRESSED] != ""
    for column in PROTECTED:
        table[column] = table[column].mask(hidden)
    return table


def raw_area_table(
    projects: pd.DataFrame, shares: pd.DataFrame, geo: Geography, level: str, clusters: list[str] | None = None
) -> pd.DataFrame:
    """The measures for every area of ``level`` that has a cluster in ``clusters`` (no disclosure control).

    ``level`` is ``cluster``, ``local_authority``, ``health_board`` or ``wales``.
    Only ``projects`` count (pass the filtered ones) and only their shares in
    ``clusters`` (default: all 60). Link-worker FTE counts current projects;
    referrals count current and ended projects (received during the reporting
    period); planned projects count towards neither. A project is counted once
    in each area it serves. Rates use the registered population of the chosen
    clusters in the area. Areas with no chosen cluster are left out: they have
    no data, which is not the same as zero.
    """
    clusters = list(geo.clusters.index) if clusters is None else list(clusters)
    c = geo.clusters.loc[clusters]
    if level == "wales":
        area = pd.Series("wales", index=c.index)
    elif level == "cluster":
        area = pd.Series(c.index, index=c.index)
    else:
        area = c[LEVEL_KEYS[level]]
    status = projects.set_index("project_id")["status"]
    s = shares[shares["project_id"].isin(status.index) & shares["cluster_id"].isin(clusters)]
    s = s.assign(status=s["project_id"].map(status).to_numpy(), area=s["cluster_id"].map(area).to_numpy())
    current = s[s["status"] == "current"].groupby("area")
    planned = s[s["status"] == "planned"].groupby("area")
    reporting = s[s["status"].isin(["current", "ended"])].groupby("area")
    index = pd.Index(area.unique(), name="code")
    out = pd.DataFrame(index=index)
    for column, groups, field in (
        ("projects_current", current, "project_id"),
        ("projects_planned", planned, "project_id"),
        ("clusters_covered", current, "cluster_id"),
    ):
        out[column] = groups[field].nunique().reindex(index, fill_value=0).astype("int64")
    # An area whose projects reported no figure has no data (missing), not zero;
    # an area with no projects at all has zero.
    out["link_worker_fte"] = _reported_sum(current["fte_units"], index) / FTE_UNITS
    out["referrals"] = _reported_sum(reporting["referrals"], index).astype("Int64")
    out["clusters_total"] = area.value_counts().reindex(index).astype("int64")
    out[GAP_MEASURE] = out["clusters_total"] - out["clusters_covered"]
    out["registered_population"] = c.groupby(area)["registered_population"].sum().reindex(index)
    out["fte_per_10k"] = out["link_worker_fte"] / out["registered_population"] * 10_000
    referrals = out["referrals"].to_numpy(dtype=float, na_value=np.nan)
    out["referrals_per_1k"] = referrals / out["registered_population"].to_numpy() * 1_000
    return out[list(COLUMNS)]


def _reported_sum(values, index: pd.Index) -> pd.Series:
    """Sum per area of the reported values (float); NaN where the area has projects but none reported."""
    summed = values.sum(min_count=1)
    summed = pd.Series(summed.to_numpy(dtype=float, na_value=np.nan), index=summed.index)
    return summed.reindex(index, fill_value=0.0)


def headline(
    projects: pd.DataFrame,
    shares: pd.DataFrame,
    geo: Geography,
    clusters: list[str] | None = None,
    *,
    threshold: int | None = None,
) -> dict[str, float | int]:
    """The headline measures for ``projects`` within ``clusters`` (default: all 60), with disclosure control."""
    table = area_table(projects, shares, geo, "wales", clusters, threshold=threshold)
    if table.empty:
        return {**dict.fromkeys(COLUMNS, 0), "link_worker_fte": 0.0, SUPPRESSED: ""}
    return _values(table.iloc[0])


def area_figures(
    projects: pd.DataFrame, shares: pd.DataFrame, geo: Geography, level: str, code: str, *, threshold: int | None = None
) -> dict[str, float | int]:
    """One area's measures as :func:`headline` gives them, withheld as in the all-Wales tables.

    A figure shown for one area must be withheld exactly when the all-Wales table
    withholds it, or the area's own view and the totals beside it elsewhere
    would give a withheld count away.
    """
    if level == "wales":
        return headline(projects, shares, geo, threshold=threshold)
    return _values(area_table(projects, shares, geo, level, threshold=threshold).loc[code])


def _values(row: pd.Series) -> dict[str, float | int | str | None]:
    """A table row as plain Python values, missing ones as None."""
    return {
        column: None
        if not isinstance(value, str) and pd.isna(value)
        else (value.item() if hasattr(value, "item") else value)
        for column, value in row.items()
    }


# Disclosure control --------------------------------------------------------------

THRESHOLD_VARIABLE = "SPRX_SUPPRESSION_THRESHOLD"
DEFAULT_THRESHOLD = 5
SUPPRESSED = "suppressed"  # column: "" shown, "primary" (below the threshold), "secondary"
PROTECTED = ("referrals", "referrals_per_1k")  # the counts of people and the rates made from them


def suppression_threshold() -> int:
    """Referral counts from 1 up to this minus one are withheld; ``SPRX_SUPPRESSION_THRESHOLD`` sets it (default 5)."""
    text = os.environ.get(THRESHOLD_VARIABLE, "").strip()
    if not text:
        return DEFAULT_THRESHOLD
    if not text.isdigit():
        raise ValueError(f"{THRESHOLD_VARIABLE}={text!r}: use a whole number such as 5 (0 turns suppression off).")
    return int(text)


def suppress(values: pd.Series, relations: list[tuple[str, list[str]]], threshold: int) -> pd.Series:
    """Which cells to withhold so that no count below ``threshold`` can be read or worked out.

    ``values`` maps a cell to its count (missing counts as 0, as in the sums);
    ``relations`` are (total, parts) pairs where the total is the sum of the
    parts. Primary: counts from 1 to ``threshold - 1`` (zero is shown). Secondary:
    while some relation has exactly one withheld cell, which could be worked out
    by subtraction, withhold one more: the smallest shown non-zero part (then the
    smallest part, then the total). Returns "primary", "secondary" or "" per cell.

    >>> v = pd.Series({"board": 13, "a": 4, "b": 9})
    >>> suppress(v, [("board", ["a", "b"])], 5).to_dict()
    {'board': '', 'a': 'primary', 'b': 'secondary'}
    """
    counts = dict(zip(values.index, values.astype("Float64").fillna(0).astype(float), strict=True))
    state = {cell: "primary" if 0 < count < threshold else "" for cell, count in counts.items()}
    changed = True
    while changed:
        changed = False
        for total, parts in relations:
            if sum(1 for cell in (total, *parts) if state[cell]) != 1:
                continue
            shown = sorted((p for p in parts if not state[p]), key=lambda p: (counts[p] == 0, counts[p], p))
            state[shown[0] if shown else total] = "secondary"
            changed = True
    return pd.Series(state, index=values.index, dtype=object)


def project_states(projects: pd.DataFrame, threshold: int | None = None) -> pd.Series:
    """Suppression state of each project's own referral count, by ``project_id``.

    Each board's reported total is the sum of its projects' counts, so when one
    project of a board is withheld a second one is too (see :func:`suppress`).
    """
    threshold = suppression_threshold() if threshold is None else threshold
    ids = projects["project_id"].tolist()
    if threshold <= 1 or not ids:
        return pd.Series("", index=pd.Index(ids, name="project_id"), dtype=object)
    values = pd.concat(
        {
            "project": pd.Series(projects["referrals_received"].to_numpy(), index=ids),
            "board": projects.groupby("health_board")["referrals_received"].sum(),
        }
    )
    relations = [
        (("board", board), [("project", pid) for pid in members])
        for board, members in projects.groupby("health_board")["project_id"]
    ]
    state = suppress(values, relations, threshold)["project"]
    # A board total is not shown beside the projects; only the projects' own states matter here.
    return state.reindex(ids).rename_axis("project_id")


def referral_states(
    projects: pd.DataFrame, shares: pd.DataFrame, geo: Geography, clusters: list[str], threshold: int
) -> dict[str, pd.Series]:
    """Suppression state of the referral count of every area at every level, for the chosen clusters.

    The cells form one tree (clusters in authorities in boards in Wales), so a
    figure withheld at one level cannot be worked out from any other level's.
    """
    levels = ("cluster", "local_authority", "health_board", "wales")
    chosen = geo.clusters.loc[clusters]
    status = projects.set_index("project_id")["status"]
    reporting = status.index[status.isin(["current", "ended"])]
    s = shares[shares["project_id"].isin(reporting) & shares["cluster_id"].isin(clusters)]
    # The same sums as raw_area_table's referrals (a missing figure adds nothing).
    by_cluster = s.groupby("cluster_id")["referrals"].sum().reindex(chosen.index, fill_value=0).astype("int64")
    values = pd.concat(
        {
            "cluster": by_cluster,
            "local_authority": by_cluster.groupby(chosen["la_code"]).sum(),
            "health_board": by_cluster.groupby(chosen["hb_code"]).sum(),
            "wales": pd.Series({"wales": int(by_cluster.sum())}),
        }
    )
    relations = []
    for la, members in chosen.groupby("la_code").groups.items():
        relations.append((("local_authority", la), [("cluster", c) for c in members]))
    authorities = chosen.drop_duplicates("la_code")
    for hb, members in authorities.groupby("hb_code")["la_code"]:
        relations.append((("health_board", hb), [("local_authority", la) for la in members]))
    relations.append((("wales", "wales"), [("health_board", hb) for hb in chosen["hb_code"].unique()]))
    state = suppress(values, relations, threshold)
    return {level: state[level] for level in levels}
