"""Shared fixtures: the embedded geography, the sample returns, the reference folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from sprx_map import REFERENCE_DIR, SAMPLE_DIR
from sprx_map.dataset import load_sample
from sprx_map.geography import load_geography


@pytest.fixture(scope="session")
def geo():
    return load_geography()


@pytest.fixture(scope="session")
def sample(geo):
    return load_sample(geo)


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    return sorted(SAMPLE_DIR.glob("*.xlsx"))


@pytest.fixture(scope="session")
def reference() -> Path:
    """The shared reference folder; tests that need it skip with the reason when it is absent."""
    if not REFERENCE_DIR.is_dir():
        pytest.skip(
            f"reference data not found at {REFERENCE_DIR} (it sits beside the repository as "
            "../shared/reference); accuracy checks against official data skipped"
        )
    return REFERENCE_DIR


@pytest.fixture(scope="session")
def direct(sample, geo):
    """Headline figures worked out from the projects alone (not through sprx_map.metrics).

    Valid for whole boards: a project serves clusters of its own board only.
    """

    def figures(boards=None, statuses=None) -> dict:
        p = sample.projects
        if boards:
            p = p[p["health_board"].isin(boards)]
        if statuses:
            p = p[p["status"].isin(statuses)]
        current = p[p["status"] == "current"]
        clusters = [c for c in geo.clusters.index if not boards or geo.clusters.at[c, "hb_code"] in boards]
        population = int(geo.clusters.loc[clusters, "registered_population"].sum())
        fte = round(float(current["link_worker_fte"].sum()), 2)
        referrals = int(p.loc[p["status"].isin(["current", "ended"]), "referrals_received"].sum())
        return {
            "projects_current": len(current),
            "projects_planned": int((p["status"] == "planned").sum()),
            "link_worker_fte": fte,
            "referrals": referrals,
            "fte_per_10k": fte / population * 10_000,
            "referrals_per_1k": referrals / population * 1_000,
            "clusters_covered": len({c for cs in current["clusters_served"] for c in cs}),
            "clusters_total": len(clusters),
        }

    return figures
