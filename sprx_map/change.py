"""Change between two survey rounds: new, ended, continuing and not reported projects; change in FTE and referrals.

A project is the same project in both rounds when it has the same reference (given by the store, so a renamed
project is still the same one), or, without one, when its board, name and lead organisation match (ignoring
case, accents and punctuation). A project active before and missing from the latest return is "not reported",
never "ended": only its return can say it ended (:mod:`sprx_map.continuity` says the same per board).
Figures come from :func:`sprx_map.metrics.area_table`, with disclosure control: a change is withheld whenever
either round's figure is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sprx_map import measures, metrics
from sprx_map.geo.geography import Geography, normalise_name

ACTIVE = ("current", "planned")
CHANGES = ("new", "ended", "continuing", "not_reported")


def previous_round(rounds: list[str], chosen: str, illustrative: tuple[str, ...] = ()) -> str | None:
    """The round just before ``chosen`` among rounds of the same kind (real, or illustrative).

    Round labels sort in time order (``2025-03`` before ``2026-03``);
    ``illustrative`` lists the illustrative rounds oldest first.

    >>> previous_round(["2026-03", "2025-03", "sample"], "2026-03", ("sample",))
    '2025-03'
    >>> previous_round(["2026-03", "2025-03", "sample"], "sample", ("sample",)) is None
    True
    """
    if chosen in illustrative:
        same_kind = [r for r in illustrative if r in rounds]
    else:
        same_kind = sorted(r for r in rounds if r not in illustrative)
    position = same_kind.index(chosen) if chosen in same_kind else 0
    return same_kind[position - 1] if position > 0 else None


def compared_boards(now, before, boards: list[str]) -> tuple[list[str], list[str]]:
    """Of ``boards``, those returned in both rounds (compared) and the others (not compared).

    ``now`` and ``before`` are the rounds' :class:`~sprx_map.rounds.RoundReturns` (None: all returned).
    """
    counted = [b for b in boards if (now is None or b in now.returned) and (before is None or b in before.returned)]
    return counted, [b for b in boards if b not in counted]


def of_boards(boards: list[str], projects: pd.DataFrame, *more: pd.DataFrame) -> list[pd.DataFrame]:
    """Each projects table cut to the projects of ``boards`` (what a change between rounds may compare)."""
    return [frame[frame["health_board"].isin(boards)] for frame in (projects, *more)]


def project_keys(projects: pd.DataFrame) -> pd.Series:
    """Each project's identity across rounds: board, name and lead organisation, normalised."""
    keys = [
        f"{board}|{normalise_name(name)}|{normalise_name(lead)}"
        for board, name, lead in zip(
            projects["health_board"], projects["project_name"], projects["lead_organisation"], strict=True
        )
    ]
    keys = pd.Series(keys, index=projects.index)
    # The same project listed twice in one return stays two projects.
    return keys + keys.groupby(keys).cumcount().map(lambda n: f"#{n}" if n else "")


def project_identities(projects: pd.DataFrame) -> pd.Series:
    """Each project's identity across rounds: its reference, or its key (:func:`project_keys`) when it has none."""
    keys = project_keys(projects) if len(projects) else pd.Series(dtype=object, index=projects.index)
    if "project_reference" not in projects:
        return keys
    refs = projects["project_reference"]
    return refs.where(refs.notna() & (refs.astype(str) != ""), keys)


def project_changes(previous: pd.DataFrame, latest: pd.DataFrame) -> pd.DataFrame:
    """One row per project active (current or planned) in either round, with how it changed.

    Columns: ``health_board``, ``project_name``, ``change`` (new, ended, continuing or not reported),
    ``status_before``, ``status_now``, ``was`` (its name before, when it was renamed), ``project_id`` (latest
    round's when listed there, else the earlier one's). A project listed as ended in the latest return counts as
    ended; one active before and missing from the latest return is not reported; one that was not active in
    either round is left out.
    """
    columns = ["project_id", "health_board", "project_name", "status"]
    before = previous[columns].set_axis(project_identities(previous).to_numpy())
    now = latest[columns].set_axis(project_identities(latest).to_numpy())
    both = before.join(now, how="outer", suffixes=("_before", "_now"))
    active_before = both["status_before"].isin(ACTIVE)
    active_now = both["status_now"].isin(ACTIVE)
    missing_now = both["status_now"].isna()
    change = np.select(
        [
            active_now & ~active_before,
            active_before & missing_now,
            active_before & ~active_now,
            active_before & active_now,
        ],
        ["new", "not_reported", "ended", "continuing"],
        "",
    )
    renamed = both["project_name_now"].notna() & both["project_name_before"].notna()
    renamed &= both["project_name_now"] != both["project_name_before"]
    names_before = [name if r else None for name, r in zip(both["project_name_before"], renamed, strict=True)]
    out = pd.DataFrame(
        {
            "project_id": both["project_id_now"].fillna(both["project_id_before"]),
            "health_board": both["health_board_now"].fillna(both["health_board_before"]),
            "project_name": both["project_name_now"].fillna(both["project_name_before"]),
            "change": change,
            "status_before": both["status_before"],
            "status_now": both["status_now"],
            "was": pd.Series(names_before, index=both.index, dtype=object),
        }
    )
    out = out[out["change"] != ""]
    order = out["change"].map({c: i for i, c in enumerate(CHANGES)})
    return out.assign(_order=order).sort_values(["_order", "health_board", "project_name"]).drop(columns="_order")


def change_counts(changes: pd.DataFrame) -> dict[str, int]:
    """How many projects are new, ended, continuing and not reported."""
    counts = changes["change"].value_counts()
    return {c: int(counts.get(c, 0)) for c in CHANGES}


def change_table(
    previous: pd.DataFrame,
    latest: pd.DataFrame,
    shares: pd.DataFrame,
    geo: Geography,
    level: str,
    clusters: list[str] | None = None,
    *,
    threshold: int | None = None,
) -> pd.DataFrame:
    """Current projects, link-worker FTE and referrals in both rounds and the change, per area of ``level``.

    Columns ``<measure>_before``, ``<measure>_now`` and ``<measure>_change`` for
    each of :data:`sprx_map.measures.CHANGED`. When either round's referral figure is withheld,
    both are and so is the change; ``referrals_before_mark``,
    ``referrals_now_mark`` and ``referrals_change_mark`` hold each one's state
    (a figure withheld only to protect the other round's is "secondary").
    """
    before = metrics.area_table(previous, shares, geo, level, clusters, threshold=threshold)
    now = metrics.area_table(latest, shares, geo, level, clusters, threshold=threshold)
    index = now.index.union(before.index, sort=False)
    out = pd.DataFrame(index=index)
    for measure in measures.CHANGED:
        b = before[measure].reindex(index).astype(float)
        n = now[measure].reindex(index).astype(float)
        out[f"{measure}_before"], out[f"{measure}_now"] = b, n
        out[f"{measure}_change"] = (n - b).round(2) if measure == "link_worker_fte" else n - b
    b_state = before[metrics.SUPPRESSED].reindex(index).fillna("")
    n_state = now[metrics.SUPPRESSED].reindex(index).fillna("")
    hidden = (b_state != "") | (n_state != "")
    out["referrals_before_mark"] = b_state.where(b_state != "", np.where(hidden, "secondary", ""))
    out["referrals_now_mark"] = n_state.where(n_state != "", np.where(hidden, "secondary", ""))
    out["referrals_change_mark"] = np.where(hidden, "secondary", "")
    for column in ("referrals_before", "referrals_now", "referrals_change"):
        out.loc[hidden, column] = np.nan
    return out


def map_table(table: pd.DataFrame, measure: str) -> pd.DataFrame:
    """A change table for :func:`sprx_map.maps.area_map`: the measure's withheld marks as ``suppressed``."""
    return table.assign(suppressed=table.get(f"{measure}_change_mark", ""))
