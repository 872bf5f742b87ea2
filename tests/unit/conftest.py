"""Fixtures several unit test files share."""

import pytest

from sprx_map.geo import hexgrid
from tests import tiny


@pytest.fixture(scope="module")
def world():
    """The tiny world of tests/tiny.py: (geography, projects, shares, earlier round, latest round)."""
    return tiny.world()


@pytest.fixture(scope="module")
def cells(geo):
    """The hex layout of the embedded geography's clusters."""
    return hexgrid.layout(geo)
