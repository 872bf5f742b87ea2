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
