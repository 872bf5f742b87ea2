"""One cell cannot stall the reader: a return whose activity-categories cell holds 10,000 values is read beside
the same return with an ordinary cell there, its floor.

Budget (issue: hostile uploads cannot read, stall or exhaust the server): the cell adds at most 1 s. Every
session of the app runs in one process, so a cell that took minutes to read held up every viewer.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

ADDED_BUDGET_MS = 1000
# Values in the one cell: far past the limit (not read, a finding), and the most a list cell may hold (each read,
# and each not in the list noted).
CELLS = (10_000, 200)
ROWS = [
    [f"Walk {n}", "Powys Walkers", "Powys", "Mid Powys", "current", "physical activity and sport", 1, 10]
    for n in range(1, 6)
]


def rows(repeat: int = 5) -> list[dict]:
    """Median times to read the ordinary return and the same return with one long activity cell, and what the
    cell adds."""
    # Imported here: ``python -m bench`` runs bench/__main__.py as __main__, which imports this module.
    from bench.__main__ import measure, row
    from sprx_map.geo.geography import load_geography
    from sprx_map.returns import read_return
    from tests.builders import write_return

    geo = load_geography()
    with tempfile.TemporaryDirectory() as folder:
        ordinary = write_return(Path(folder) / "ordinary.xlsx", ROWS)
        read_return(ordinary, geo)  # caches warm, as a running app has them
        floor = measure("Floor: read a return of 5 projects", lambda: read_return(ordinary, geo), repeat)
        out = [floor]
        for values in CELLS:
            last = [*ROWS[-1][:5], ",".join(["zz"] * values), *ROWS[-1][6:]]
            path = write_return(Path(folder) / f"cell-{values}.xlsx", [*ROWS[:-1], last])
            cell = measure(
                f"Read the same return, one activity cell of {values:,} values",
                lambda p=path: read_return(p, geo),
                repeat,
            )
            added = cell["value"] - floor["value"]
            out += [cell, row(f"Time a {values:,}-value cell adds to a return", added, "ms", ADDED_BUDGET_MS)]
    return out
