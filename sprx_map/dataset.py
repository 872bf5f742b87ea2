"""The data the dashboard shows: projects of a survey round and their cluster shares."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sprx_map import SAMPLE_DIR, metrics
from sprx_map.geography import Geography
from sprx_map.returns import ReturnReport, read_returns
from sprx_map.sample import ROUND


@dataclass(frozen=True)
class Dataset:
    """Projects (one row each), their shares by cluster, and the reading reports.

    ``illustrative`` is True for the bundled, generated returns: every view of
    them must say so.
    """

    projects: pd.DataFrame
    shares: pd.DataFrame
    reports: list[ReturnReport]
    illustrative: bool


def load_sample(geo: Geography, directory: Path = SAMPLE_DIR) -> Dataset:
    """The bundled illustrative returns as a :class:`Dataset`."""
    projects, reports = read_returns(sorted(directory.glob("*.xlsx")), geo, ROUND)
    return Dataset(projects, metrics.apportion(projects, geo), reports, illustrative=True)
