"""What the readers of geography files share: finding a file's columns by name, and their messages.

Boundary files (:mod:`sprx_map.geo.boundaries`) and lookup tables (:mod:`sprx_map.geo.lookups`) both
find columns by ONS-style names ("LSOA21CD", "Cluster code") and report problems the same way.
"""

from __future__ import annotations

import re

from sprx_map.i18n import t

LISTED = 10  # codes listed in one message before "and N more"


def message(key: str, **values) -> str:
    """The text of ``key`` in the catalogue (:mod:`sprx_map.i18n`) with ``values`` filled in."""
    return t(key, "en", **values)


def listing(items, limit: int = LISTED) -> str:
    """``items`` joined with commas, at most ``limit`` of them, then "and N more"."""
    items = [str(i) for i in items]
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


class BoundaryError(Exception):
    """A file that cannot be read as boundaries (or as a table) at all; the message says why."""


def header_key(name) -> str:
    """A column name in lower case with runs of other characters as '_' ("LSOA Code" -> "lsoa_code")."""
    return re.sub(r"[^a-z0-9]+", "_", str(name).lower()).strip("_")


def find_column(available: list[str], column: str, role: str, name: str) -> str:
    """The column of ``available`` named ``column`` (any case); a clear error when there is none."""
    by_lower = {str(c).lower(): c for c in available}
    if str(column).lower() not in by_lower:
        raise BoundaryError(
            message("boundaries.unknown_column", file=name, column=column, role=role, columns=", ".join(available))
        )
    return by_lower[str(column).lower()]


def candidates_for(available: list[str], patterns: tuple[str, ...]) -> list[str]:
    """Columns whose :func:`header_key` matches one of ``patterns``, in pattern order."""
    found: list[str] = []
    for pattern in patterns:
        found += [c for c in available if re.fullmatch(pattern, header_key(c)) and c not in found]
    return found
