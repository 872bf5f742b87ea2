"""A dimension bomb beside an ordinary return of the same shape: the time and peak memory of reading each.

Both hold a heading, one project and a note in A2000 (``tests/hostile_workbooks.py``); the bomb's sheet
declares ``A1:XFD2000``, 2,000 rows of 16,384 cells, in 5 KB. Budget (issue: hostile uploads): reading the
bomb peaks at most 1.25 times the ordinary return's memory (padded to the declared width it was 536
times: 251 MiB against 0.5).
"""

from __future__ import annotations

RATIO_BUDGET = 1.25


def rows() -> list[dict]:
    """Reading each with :func:`sprx_map.returns.read_return` (median time, peak Python memory), and the ratio."""
    # Imported here: ``python -m bench`` runs bench/__main__.py as __main__, which imports this module.
    from bench.__main__ import measure, row
    from sprx_map.geo.geography import load_geography
    from sprx_map.returns import read_return
    from tests.hostile_workbooks import BOMB_DIMENSION, dimension_bomb, shaped_return

    geo = load_geography()
    ordinary, bomb = shaped_return(), dimension_bomb()
    read_return("warm.xlsx", geo, data=ordinary)  # so that neither pays for the first imports
    plain = measure(
        "read an ordinary return (one project, a note in A2000)",
        lambda: read_return("ordinary.xlsx", geo, data=ordinary),
    )
    bombed = measure(
        f"read a dimension bomb (the same, declaring {BOMB_DIMENSION}; {len(bomb) / 1024:.0f} KB)",
        lambda: read_return("bomb.xlsx", geo, data=bomb),
    )
    ratio = bombed["peak_mib"] / plain["peak_mib"]
    return [
        plain,
        bombed,
        row("dimension bomb's peak memory / the ordinary return's", ratio, "x", RATIO_BUDGET,
            ordinary_mib=plain["peak_mib"], bomb_mib=bombed["peak_mib"]),
    ]  # fmt: skip
