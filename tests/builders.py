"""Builders of test returns: the headings boards write, rows in their own words, and how rows are counted.

Written out literally on purpose: a test says what a board sends and what the reader must count, apart
from the schema that reads it (so a change to the schema cannot quietly change what is tested).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.conftest import workbook_bytes

# The six required fields, headed as the template heads them (in English, without the marks).
REQUIRED_HEADER = (
    "Project name",
    "Lead organisation",
    "Health board",
    "Clusters served",
    "Status",
    "Activity categories",
)
# The usual return of the tests: the required fields, then link workers and referrals.
RETURN_HEADER = (*REQUIRED_HEADER, "Link worker FTE", "Referrals received")
# A return headed in a board's own words, with no health-board column (Swansea Bay's clusters).
OWN_WORDS_HEADER = ("Name of project", "Provider", "Cluster(s) served", "Stage", "Type of intervention", "Number")
OWN_WORDS_ROWS = (
    ("Cwtch", "Age Cymru", "Cwmtawr", "current", "befriending", 40),
    ("Walk", "Ramblers", "Penderi", "planned", "walking", 12),
)
# How a read accounts for every row: rows_read is the other five added up.
ROW_COUNT_KEYS = ("rows_read", "accepted", "accepted_with_warnings", "rejected", "skipped_blank", "skipped_total")


def row_counts(**counts: int) -> dict[str, int]:
    """The row counts of a read, every key present: those not given are 0; an unknown key is an error.

    >>> row_counts(rows_read=2, accepted=1, rejected=1)["skipped_blank"]
    0
    """
    unknown = set(counts) - set(ROW_COUNT_KEYS)
    if unknown:
        raise KeyError(sorted(unknown))
    return {key: counts.get(key, 0) for key in ROW_COUNT_KEYS}


def counted(summary: dict) -> dict[str, int]:
    """The row counts of a return's ``summary()``, in the order of :data:`ROW_COUNT_KEYS`."""
    return {key: summary[key] for key in ROW_COUNT_KEYS}


def accounted(summary: dict) -> bool:
    """Whether every row read is accounted for: rows read = accepted + with warnings + rejected + skipped."""
    return summary["rows_read"] == sum(summary[key] for key in ROW_COUNT_KEYS[1:])


def write_return(path: Path, rows, header=RETURN_HEADER, title_rows=()) -> Path:
    """Write a return workbook (title rows, a header, ``rows``) at ``path``; return the path."""
    path.write_bytes(workbook_bytes(rows, header, title_rows))
    return path


def as_read(markdown: str) -> str:
    """What a person reads of Markdown the app escaped (``sprx_map.messages.markdown_escaped``): the
    backslashes before punctuation taken away, as the browser shows it."""
    import re

    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


# A round's reporting period for tests: a whole year, so each count returned is its count a year.
A_YEAR = (dt.date(2016, 4, 1), dt.date(2017, 3, 31))


# What becomes of Powys's projects in the round trip of tests/unit/test_collection.py (and the command line's and
# the pre-filled return's): rename one keeping its reference, end one, drop one, add one.
POWYS_ROUND_TRIP = {
    "new": [{"reference": "PWY-0005", "name": "Men's Shed"}],
    "ended": [{"reference": "PWY-0002", "name": "Garden Club"}],
    "continuing": [
        {"reference": "PWY-0001", "name": "Walk and Talk Newtown"},
        {"reference": "PWY-0004", "name": "Cook Club"},
    ],
    "not_reported": [{"reference": "PWY-0003", "name": "Art Cafe"}],
    "renamed": [{"reference": "PWY-0001", "name": "Walk and Talk Newtown", "was": "Walk and Talk"}],
}

# Powys's return of the round before (PWY-0001 to PWY-0004 in order) and its next one sent without references:
# Walk and Talk renamed Walk and Talk Newtown (the same organisation, clusters and activity), Garden Club ended,
# Cook Club going on under its name, Art Cafe missing, Men's Shed new. Read with REQUIRED_HEADER.
POWYS_BEFORE = [
    ["Walk and Talk", "Powys Walkers", "Powys", "Mid Powys", "current", "walking"],
    ["Garden Club", "Green Hands", "Powys", "All", "current", "gardening"],
    ["Art Cafe", "Arts Powys", "Powys", "North Powys", "current", "arts"],
    ["Cook Club", "Food Powys", "Powys", "South Powys", "planned", "cooking"],
]
POWYS_WITHOUT_REFERENCES = [
    ["Walk and Talk Newtown", "Powys Walkers", "Powys", "Mid Powys", "current", "walking"],
    ["Garden Club", "Green Hands", "Powys", "All", "ended", "gardening"],
    ["Cook Club", "Food Powys", "Powys", "South Powys", "current", "cooking"],
    ["Men's Shed", "Sheds Cymru", "Powys", "North Powys", "current", "creative"],
]
# What becomes of them when the match of Walk and Talk Newtown to Walk and Talk is undone (when it stands or is
# confirmed: POWYS_ROUND_TRIP).
POWYS_MATCH_UNDONE = {
    "new": [
        {"reference": "PWY-0005", "name": "Walk and Talk Newtown"},
        {"reference": "PWY-0006", "name": "Men's Shed"},
    ],
    "ended": [{"reference": "PWY-0002", "name": "Garden Club"}],
    "continuing": [{"reference": "PWY-0004", "name": "Cook Club"}],
    "not_reported": [{"reference": "PWY-0001", "name": "Walk and Talk"}, {"reference": "PWY-0003", "name": "Art Cafe"}],
    "renamed": [],
}


def powys_change(engine, geo, round_label: str = "2028-03", before: str = "2027-03") -> dict:
    """What became of Powys's projects between two rounds of the store (continuity's kinds only)."""
    from sprx_map import continuity, store

    now, was = store.load_projects(engine, round_label), store.load_projects(engine, before)
    change = continuity.round_change(now, was, geo, round_label, before)
    return {
        k: v for k, v in next(b for b in change["boards"] if b["code"] == "W11000024").items() if k in continuity.KINDS
    }
