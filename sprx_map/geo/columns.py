"""What the readers of geography files share: finding a file's columns by name, and their messages.

Boundary files (:mod:`sprx_map.geo.boundaries`) and lookup tables (:mod:`sprx_map.geo.lookups`) both
find columns by ONS-style names ("LSOA21CD", "Cluster code") and report problems the same way.
"""

from __future__ import annotations

import re

from sprx_map.messages import Refusal, listing, message

__all__ = ["BoundaryError", "candidates_for", "find_column", "header_key", "listing", "message"]


class BoundaryError(Refusal):
    """A file that cannot be read as boundaries (or as a table) at all; the message says why."""


def header_key(name) -> str:
    """A column name in lower case with runs of other characters as '_' ("LSOA Code" -> "lsoa_code")."""
    return re.sub(r"[^a-z0-9]+", "_", str(name).lower()).strip("_")


def find_column(available: list[str], column: str, role: str, name: str) -> str:
    """The column of ``available`` named ``column`` (any case); a clear error when there is none."""
    by_lower = {str(c).lower(): c for c in available}
    if str(column).lower() not in by_lower:
        raise BoundaryError(
            message("boundaries.unknown_column", file=name, column=column, role=role, columns=listing(available))
        )
    return by_lower[str(column).lower()]


def candidates_for(available: list[str], patterns: tuple[str, ...]) -> list[str]:
    """Columns whose :func:`header_key` matches one of ``patterns``, in pattern order."""
    found: list[str] = []
    for pattern in patterns:
        found += [c for c in available if re.fullmatch(pattern, header_key(c)) and c not in found]
    return found
