"""Projects known across rounds: what became of each project of a board's return before, by its reference.

Each project of the board's previous return is **continuing** (it is in this return too, under its reference,
whatever its name now is; **renamed** lists those whose name changed), **ended** (this return says so), or
**not reported** (it is missing from this return: never counted as ended, so the Hub can ask about it).
A project of this return that was not in the previous one is **new**. As in :mod:`sprx_map.change`, a
project that was not active (current or planned) in either round is left out.

Projects are known by their reference (``project_reference``, given by the store); a project without one (a
table read from files, with no store behind it) is known by its board, name and lead organisation.
"""

from __future__ import annotations

import pandas as pd

from sprx_map.change import ACTIVE, project_identities
from sprx_map.geo.geography import Geography
from sprx_map.rounds import RETURNED, RoundReturns

KINDS = ("new", "ended", "continuing", "not_reported", "renamed")


def _item(name: str, reference) -> dict:
    return {"reference": reference if isinstance(reference, str) and reference else None, "name": name}


def board_change(now: pd.DataFrame, before: pd.DataFrame) -> dict[str, list[dict]]:
    """One board's projects of this return (``now``) against those of its return before, by kind (:data:`KINDS`).

    Each item is ``{"reference", "name"}`` (a renamed one also ``was``, its name before), in reference order.
    """
    out: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    now = now.assign(identity=project_identities(now).to_numpy() if len(now) else [])
    before = before.assign(identity=project_identities(before).to_numpy() if len(before) else [])
    seen_now = {row.identity: row for row in now.itertuples(index=False)}
    seen_before = {row.identity: row for row in before.itertuples(index=False)}
    for identity, was in seen_before.items():
        active_before = was.status in ACTIVE
        found = seen_now.get(identity)
        if found is None:
            if active_before:
                out["not_reported"].append(_item(was.project_name, was.project_reference))
            continue
        active_now = found.status in ACTIVE
        if not (active_before or active_now):
            continue
        item = _item(found.project_name, found.project_reference)
        if active_before and not active_now:
            out["ended"].append(item)
        else:  # active now: continuing (a project planned before, current now, included)
            out["continuing"].append(item)
        if found.project_name != was.project_name:
            out["renamed"].append({**item, "was": was.project_name})
    for identity, found in seen_now.items():
        if identity not in seen_before and found.status in ACTIVE:
            out["new"].append(_item(found.project_name, found.project_reference))
    for kind in KINDS:
        out[kind].sort(key=lambda item: (item["reference"] or "", item["name"]))
    return out


def round_change(
    now: pd.DataFrame,
    before: pd.DataFrame,
    geo: Geography,
    round_label: str,
    before_label: str | None,
    returns: RoundReturns | None = None,
    lang: str = "en",
) -> dict:
    """What became of every board's projects between two rounds, as ``change --json`` prints it.

    ``now`` and ``before`` are the rounds' projects (:func:`sprx_map.store.load_projects`), ``returns`` the
    round's board states (None: every board returned). A board with no return that counts in the round
    has its state and empty lists: nothing it sent can say what became of its projects.

    ``{"round", "before", "boards": [{"code", "name", "state", "new", "ended", "continuing", "not_reported",
    "renamed"}]}``
    """
    names = geo.area_names("health_board", lang)
    boards = []
    for code in geo.boards.index:
        state = returns.board(code).state if returns is not None else RETURNED
        if state == RETURNED:
            lists = board_change(now[now["health_board"] == code], before[before["health_board"] == code])
        else:
            lists = {kind: [] for kind in KINDS}
        boards.append({"code": code, "name": str(names[code]), "state": state, **lists})
    return {"round": round_label, "before": before_label, "boards": boards}
