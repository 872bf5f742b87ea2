"""The data the dashboard shows: projects of every round and their cluster shares."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import pandas as pd

from sprx_map import SAMPLE_DIR, metrics, referrals, store
from sprx_map.geo import geography
from sprx_map.geo.geography import Geography
from sprx_map.periods import Period
from sprx_map.returns import ReturnReport, read_return, read_returns
from sprx_map.rounds import RoundReturns, complete, tracker
from sprx_map.sample import EARLIER_DIR, EARLIER_PERIOD, EARLIEST_DIR, EARLIEST_PERIOD, PERIOD

# The bundled, generated returns go into the store under this round label.
SAMPLE_ROUND = "sample"
SAMPLE_EARLIER_ROUND = "sample-earlier"  # the generated round before it (data/sample_returns/earlier)
SAMPLE_EARLIEST_ROUND = "sample-earliest"  # and the one before that (data/sample_returns/earliest), for trends
SAMPLE_IMPORTER = "sprx-map (illustrative sample)"
# The illustrative rounds' reporting periods (the generated returns' years).
SAMPLE_PERIODS = {SAMPLE_EARLIEST_ROUND: EARLIEST_PERIOD, SAMPLE_EARLIER_ROUND: EARLIER_PERIOD, SAMPLE_ROUND: PERIOD}


@dataclass(frozen=True)
class Dataset:
    """Projects (one row each, all rounds), their shares by cluster, and any reading reports.

    Rounds in ``illustrative_rounds`` hold generated data: every view of them
    must say so.
    """

    projects: pd.DataFrame
    shares: pd.DataFrame
    reports: list[ReturnReport] = field(default_factory=list)
    illustrative_rounds: tuple[str, ...] = (SAMPLE_EARLIEST_ROUND, SAMPLE_EARLIER_ROUND, SAMPLE_ROUND)  # oldest first
    returns: dict[str, RoundReturns] = field(default_factory=dict)  # round -> who has returned
    revision: tuple[int, str] = (0, "")  # the store's revision this was read at (see store.revision)

    def is_illustrative(self, round_label: str | None) -> bool:
        return round_label in self.illustrative_rounds

    def rounds(self) -> list[str]:
        """Survey rounds, newest real round first, the illustrative sample last."""
        return list(self._rounds)

    @cached_property
    def _rounds(self) -> tuple[str, ...]:  # asked for several times a page run; the data never changes
        return tuple(order_rounds(set(self.projects["round"]) | set(self.returns), self.illustrative_rounds))

    def returns_of(self, round_label: str) -> RoundReturns | None:
        """Who has returned in a round (None for a round the data does not know)."""
        return self.returns.get(round_label)


def order_rounds(labels, illustrative: tuple[str, ...]) -> list[str]:
    """Round labels newest real round first, then the illustrative rounds, newest first."""
    real = sorted((r for r in labels if r not in illustrative), reverse=True)
    return real + [r for r in reversed(illustrative) if r in labels]


def load_sample(geo: Geography, directory: Path = SAMPLE_DIR) -> Dataset:
    """The bundled illustrative returns read straight from their files (round ``sample``)."""
    projects, reports = read_returns(sorted(directory.glob("*.xlsx")), geo, SAMPLE_ROUND)
    returns = {SAMPLE_ROUND: complete(SAMPLE_ROUND, geo, illustrative=True)}
    projects = referrals.pathway(projects, _periods(SAMPLE_PERIODS))
    return Dataset(projects, metrics.apportion(projects, geo), reports, returns=returns)


def _periods(spans: dict) -> dict[str, Period]:
    return {label: Period(start, end) for label, (start, end) in spans.items()}


def seed_sample(engine, geo: Geography, directory: Path = SAMPLE_DIR) -> None:
    """Import the bundled returns as rounds ``sample-earliest``, ``sample-earlier`` and ``sample`` (what a new
    store starts with). A board with no file in a round's folder has not returned in it."""
    folders = (
        (directory / EARLIEST_DIR, SAMPLE_EARLIEST_ROUND),
        (directory / EARLIER_DIR, SAMPLE_EARLIER_ROUND),
        (directory, SAMPLE_ROUND),
    )
    rounds = {label: [read_return(path, geo) for path in sorted(folder.glob("*.xlsx"))] for folder, label in folders}
    try:  # all three rounds or none: a process reading the store meanwhile never sees it half seeded
        store.import_rounds(engine, rounds, who=SAMPLE_IMPORTER, periods=SAMPLE_PERIODS)
    except store.StoreError:
        if not set(rounds) <= set(store.rounds(engine)):  # not "another process seeded it first"
            raise


def load_store(geo: Geography, url: str | None = None) -> Dataset:
    """Every round in the store, seeding an empty store with the illustrative sample first."""
    engine = store.connect(url)
    try:
        if not store.rounds(engine):
            seed_sample(engine, geo)
        revision = store.revision(engine)
        projects = store.load_projects(engine)
        states = store.round_states(engine)
        spans = SAMPLE_PERIODS | store.round_periods(engine)
    finally:
        engine.dispose()
    illustrative = Dataset.illustrative_rounds
    order = order_rounds(set(states["round"]), illustrative)
    returns = {r.round: r for r in tracker(states, geo, order, illustrative)}
    projects = referrals.pathway(projects, _periods(spans))
    return Dataset(projects, metrics.apportion(projects, geo), returns=returns, revision=revision)


def load_active(engine, base: Geography | None = None) -> Geography:
    """The embedded geography (or ``base``) with the store's active official versions laid over it."""
    geo = base or geography.load_geography()
    boundaries, populations = {}, None
    for (level, kind), version in store.active_geography(engine).items():
        if kind == "boundaries":
            features = json.loads(version["payload"])["features"]
            frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
            boundaries[level] = frame.set_index("code")
        elif kind == "populations":
            populations = pd.Series(json.loads(version["payload"]), dtype="int64")
    return geography.with_official(geo, boundaries, populations)
