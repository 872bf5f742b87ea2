"""Disclosure control: which referral counts, and which figures made from them, are withheld.

Counts from 1 up to the threshold minus one are withheld (primary), and so are
the figures that would let them be worked out from the totals beside them
(secondary).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # for annotations only: the tables depend on disclosure control, not it on them
    from sprx_map.geo.geography import Geography
    from sprx_map.metrics import ClusterFigures

THRESHOLD_VARIABLE = "SPRX_SUPPRESSION_THRESHOLD"
SUPPRESSED = "suppressed"  # column: "" shown, "primary" (below the threshold), "secondary"
ONWARD_SUPPRESSED = "onward_suppressed"  # the same for onward referrals to activities, withheld on their own counts


def suppression_threshold() -> int:
    """Referral counts from 1 up to this minus one are withheld; ``SPRX_SUPPRESSION_THRESHOLD`` sets it (default 5)."""
    from sprx_map.settings import value

    return value(THRESHOLD_VARIABLE)


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
    return pd.Series(_withheld(counts, relations, threshold), index=values.index, dtype=object)


def _withheld(counts: dict, relations: list[tuple], threshold: int) -> dict:
    """:func:`suppress` on plain values: cell -> count (missing as 0) in, cell -> state out."""
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
    return state


def project_states(projects: pd.DataFrame, threshold: int | None = None) -> pd.Series:
    """Suppression state of each project's own referral count, by ``project_id``.

    Each board's reported total is the sum of its projects' counts, so when one
    project of a board is withheld a second one is too (see :func:`suppress`).
    """
    threshold = suppression_threshold() if threshold is None else threshold
    ids = projects["project_id"].tolist()
    if threshold <= 1 or not ids:
        return pd.Series("", index=pd.Index(ids, name="project_id"), dtype=object)
    referrals = projects["referrals_received"]
    counts = {("project", pid): 0.0 if pd.isna(n) else float(n) for pid, n in zip(ids, referrals, strict=True)}
    members: dict = {}
    for pid, board in zip(ids, projects["health_board"], strict=True):
        members.setdefault(("board", board), []).append(("project", pid))
    relations = sorted(members.items())  # boards in code order, their projects in the frame's
    counts |= {board: sum(counts[p] for p in parts) for board, parts in relations}
    state = _withheld(counts, relations, threshold)
    # A board total is not shown beside the projects; only the projects' own states matter here.
    return pd.Series([state["project", pid] for pid in ids], index=pd.Index(ids, name="project_id"), dtype=object)


def referral_states(
    figures: dict[str, ClusterFigures], geo: Geography, threshold: int, counted: str = "referrals"
) -> dict[str, pd.Series]:
    """Suppression state of the referral count of every area at every level, for the chosen clusters.

    ``figures`` is :func:`cluster_figures` of the chosen clusters.
    The cells form one tree (clusters in authorities in boards in Wales), so a
    figure withheld at one level cannot be worked out from any other level's.
    """
    levels = ("cluster", "local_authority", "health_board", "wales")
    clusters = list(figures)
    chosen = geo.clusters.loc[clusters]
    # The same sums as raw_area_table's referrals (a missing figure adds nothing).
    values: dict[tuple[str, str], int] = {("cluster", c): getattr(figures[c], counted) for c in clusters}
    parts: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for cluster, la, hb in zip(clusters, chosen["la_code"].tolist(), chosen["hb_code"].tolist(), strict=True):
        for cell, part in (
            (("local_authority", la), ("cluster", cluster)),
            (("health_board", hb), ("local_authority", la)),
            (("wales", "wales"), ("health_board", hb)),
        ):
            members = parts.setdefault(cell, [])
            if part not in members:
                members.append(part)
    # Each level's totals from the level below; relations by level, then by code.
    relations = [(cell, members) for level in levels[1:] for cell, members in sorted(parts.items()) if cell[0] == level]
    for cell, members in relations:
        values[cell] = sum(values[m] for m in members)
    index = pd.MultiIndex.from_tuples(list(values))
    state = suppress(pd.Series(list(values.values()), index=index), relations, threshold)
    return {level: state[level] for level in levels}
