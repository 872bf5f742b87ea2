"""Projects of a return matched by a score to the board's return before, when neither a reference nor the board,
name and lead organisation say which project it is: shown in the column step for the officer to confirm or undo.

A project renamed or re-led between rounds, sent without its reference, is otherwise one new and one not
reported. Each such project is scored against each project of the return before that nothing else claimed: its
name and its lead organisation by how alike they read (rapidfuzz's ``token_sort_ratio``, as area names and
terms are read), and the project's other fields that both give (clusters served, activities, ...) by how many
agree. The pairs that score at least :data:`THRESHOLD` are taken best first, one project of each side at most.

The officer's choice is remembered for the board by the project as written (:func:`written`): ``target`` the
reference confirmed, or "" for "a new project, not the one matched".
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz

from sprx_map.geo.geography import normalise_name
from sprx_map.layout import key_of

# How much each part counts. The other fields count only where both projects give them; where none is given
# on both sides, the name and organisation alone make the score.
NAME, ORGANISATION, OTHERS = 0.45, 0.25, 0.30
OTHER_FIELDS = (
    "clusters_served",
    "activity_categories",
    "target_groups",
    "referral_routes",
    "project_type",
    "start_date",
    "venue_postcode",
    "website",
)
# A renamed project of the same organisation, serving the same clusters with the same activities, scores 0.55
# before its name counts, so a name with a little in common is asked about; another organisation's project in
# the same cluster scores about 0.3. Below this a project is simply new.
THRESHOLD = 0.6
# The officer's answers about the matches shown: (the project's key, the reference proposed) -> True for the same
# project, False for a new one. An answer names the match it was about, so one given when another project was
# proposed (another round typed in) is never applied to this one.
Answers = dict[tuple[str, str], bool]
SOURCE_LENGTH = 255  # what a saved mapping keeps of a project as written (its "written" column)


@dataclass(frozen=True)
class Match:
    """A project of the return (its row, name and organisation as written) matched by a score to a project of the
    board's return before (its reference, name and organisation there).

    ``agree`` names the fields that are the same on both; ``choice`` is the officer's: None when not answered
    (the match stands), the reference when confirmed, "" when undone (a new project); ``saved`` when that
    choice was remembered from an earlier return of the board.
    """

    row: int
    name: str
    organisation: str
    reference: str
    was_name: str
    was_organisation: str
    score: float
    agree: tuple[str, ...]
    choice: str | None = None
    saved: bool = False

    @property
    def key(self) -> str:
        """The project as written, as its choice is remembered (:func:`key`)."""
        return key(self.name, self.organisation)

    @property
    def applied(self) -> bool:
        """Whether the project takes the matched reference (not undone)."""
        return self.choice != ""


def written(name, organisation) -> str:
    """A project as written, as a saved choice keeps it: its name and organisation (at most 255 characters).

    >>> written("Walk and Talk", "Powys Walkers")
    'Walk and Talk (Powys Walkers)'
    """
    shown = f"{text(name)} ({text(organisation)})" if text(organisation) else text(name)
    return shown[:SOURCE_LENGTH]  # a saved mapping keeps no more, and its key is made from what it keeps


def key(name, organisation) -> str:
    """The form a choice about a project is remembered by (as a heading's is: case, accents and punctuation aside).

    >>> key("Walk & Talk", "Powys walkers") == key("walk  & talk", "POWYS WALKERS")
    True
    """
    return key_of(written(name, organisation))


def text(value) -> str:
    """A cell's text as written, "" when not given."""
    return "" if _missing(value) else str(value).strip()


def _missing(value) -> bool:
    if isinstance(value, list | tuple | set | frozenset):
        return len(value) == 0
    try:
        return bool(pd.isna(value)) or str(value).strip() == ""
    except (TypeError, ValueError):
        return False


def _comparable(field: str, value):
    """A field's value in the form two returns' values are compared in; None when not given."""
    if _missing(value):
        return None
    if isinstance(value, list | tuple | set | frozenset):
        return frozenset(str(v) for v in value)
    if field == "start_date" and isinstance(value, dt.date | pd.Timestamp):
        return pd.Timestamp(value).date()
    return "".join(str(value).lower().split())


def _alike(a, b) -> float:
    """How alike two names read, 0 to 1 (the same once normalised: 1)."""
    return fuzz.token_sort_ratio(_normalised(text(a)), _normalised(text(b))) / 100


@functools.lru_cache(maxsize=8192)  # each name is set against every project of the return before
def _normalised(name: str) -> str:
    return normalise_name(name)


def score(record: dict, before: dict, at_least: float = 0.0) -> tuple[float, tuple[str, ...]]:
    """How likely ``record`` (a project of the return) is ``before`` (one of the return before), 0 to 1, and the
    fields that are the same on both.

    >>> walk = {"project_name": "Walk and Talk", "lead_organisation": "Powys Walkers", "clusters_served": ["a"]}
    >>> score({**walk, "project_name": "Walk and Talk Newtown"}, walk)
    (0.89, ('lead_organisation', 'clusters_served'))
    """
    agree = []
    name = _alike(record.get("project_name"), before.get("project_name"))
    organisation = _alike(record.get("lead_organisation"), before.get("lead_organisation"))
    named = NAME * name + ORGANISATION * organisation
    if round(max(named + OTHERS, named / (NAME + ORGANISATION)), 2) < at_least:  # even every other field agreeing
        return 0.0, ()  # could not lift it to ``at_least``: the rest is not compared (a return of many rows)
    if organisation == 1:
        agree.append("lead_organisation")
    parts = []
    for field in OTHER_FIELDS:
        now, was = _comparable(field, record.get(field)), _comparable(field, before.get(field))
        if now is None or was is None:
            continue
        if isinstance(now, frozenset) and isinstance(was, frozenset):
            part = len(now & was) / len(now | was)
        else:
            part = float(now == was)
        parts.append(part)
        if part == 1:
            agree.append(field)
    total = named
    if parts:
        total += OTHERS * sum(parts) / len(parts)
    else:
        total /= NAME + ORGANISATION
    return round(total, 2), tuple(agree)


def propose(records: list[dict], open_rows: list[int], before: list[dict]) -> list[tuple[int, int, float, tuple]]:
    """Pairs (index in ``records``, index in ``before``, score, fields that agree) of the records at ``open_rows``
    (those nothing else matched) with the projects ``before`` (those nothing else claimed): best first, each
    record and each project at most once, scoring at least :data:`THRESHOLD`; ties in the order of the rows."""
    pairs = []
    for i in open_rows:
        for j, was in enumerate(before):
            total, agree = score(records[i], was, THRESHOLD)
            if total >= THRESHOLD:
                pairs.append((-total, i, j, agree))
    taken_now, taken_before, out = set(), set(), []
    for negative, i, j, agree in sorted(pairs, key=lambda p: p[:3]):
        if i not in taken_now and j not in taken_before:
            taken_now.add(i)
            taken_before.add(j)
            out.append((i, j, -negative, agree))
    return sorted(out)
