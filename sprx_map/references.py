"""Project references: a stable name for a project across rounds, such as ``PWY-0007``.

A reference is its health board's prefix and a number, given once and never given again (the store keeps,
per prefix, the last number it gave). This module holds the prefixes and the reference's written form; the
store (:mod:`sprx_map.store.references`) gives and keeps them.
"""

from __future__ import annotations

import re

# Each health board's prefix, by its ONS code (the codes of the embedded geography; a test checks they match).
BOARD_PREFIXES: dict[str, str] = {
    "W11000023": "BCU",  # Betsi Cadwaladr
    "W11000024": "PWY",  # Powys
    "W11000025": "HDD",  # Hywel Dda
    "W11000028": "ABU",  # Aneurin Bevan
    "W11000029": "CAV",  # Cardiff and Vale
    "W11000030": "CTM",  # Cwm Taf Morgannwg
    "W11000031": "SBU",  # Swansea Bay
}
BOARD_OF_PREFIX = {prefix: code for code, prefix in BOARD_PREFIXES.items()}
DIGITS = 4  # written with at least this many digits: PWY-0007
# As people type it: any case, a space, hyphen, dash or nothing between the prefix and the number.
_WRITTEN = re.compile(r"^\s*([A-Za-z]{3})\s*[-\u2013\u2014 ]?\s*(\d{1,7})\s*$")


def reference(board: str, number: int) -> str:
    """The reference numbered ``number`` of ``board``.

    >>> reference("W11000024", 7)
    'PWY-0007'
    """
    return f"{BOARD_PREFIXES[board]}-{number:0{DIGITS}d}"


def parse(text: str) -> tuple[str, int] | None:
    """(prefix, number) of a reference as written ("pwy 7", "PWY-0007"); None when it is not one.

    >>> parse("pwy 7"), parse("PWY-0007"), parse("7")
    (('PWY', 7), ('PWY', 7), None)
    """
    found = _WRITTEN.match(text or "")
    if found is None or found.group(1).upper() not in BOARD_OF_PREFIX or int(found.group(2)) == 0:
        return None
    return found.group(1).upper(), int(found.group(2))


def normalised(text: str) -> str | None:
    """A reference in its written form ("pwy 7" -> "PWY-0007"); None when it is not one."""
    parsed = parse(text)
    return None if parsed is None else reference(BOARD_OF_PREFIX[parsed[0]], parsed[1])


def board_of(ref: str) -> str | None:
    """The board a reference belongs to (its prefix's), None when it is not a reference."""
    parsed = parse(ref)
    return None if parsed is None else BOARD_OF_PREFIX[parsed[0]]
