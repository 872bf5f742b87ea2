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
