"""Shared fixtures: the embedded geography, the sample returns, the reference folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from sprx_map import REFERENCE_DIR, SAMPLE_DIR, settings
from sprx_map.dataset import load_sample
from sprx_map.geo.geography import load_geography


def pytest_configure(config):
    """The app under test (AppTest and the served app) uses a store of its own, never the user's."""
    import os
    import tempfile

    # An unexpected error in a page is raised, so AppTest sees it (users get words and a log reference).
    os.environ.setdefault("SPRX_ERROR_DETAILS", "1")
    if "SPRX_DATABASE_URL" not in os.environ:
        folder = Path(tempfile.mkdtemp(prefix="sprx-test-store-"))
        os.environ["SPRX_DATABASE_URL"] = f"sqlite:///{folder / 'store.sqlite'}"


@pytest.fixture(scope="session")
def geo():
    return load_geography()


@pytest.fixture(scope="session")
def sample(geo):
    return load_sample(geo)


@pytest.fixture(scope="session")
def cli():
    """Run the command line (``python -m sprx_map ARGS``) from the project folder; returns the finished process."""
    import subprocess
    import sys

    from sprx_map import PROJECT_DIR

    def run(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "sprx_map", *args]
        return subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_DIR, timeout=180)

    return run


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


@pytest.fixture(scope="session")
def postgres_url():
    """A throwaway PostgreSQL from Debian's postgresql package, on a free local port (see tests/postgres.py).

    Installed with apt-get when missing and possible (root); otherwise the
    PostgreSQL runs skip with the reason, unless SPRX_REQUIRE_POSTGRES=1 (set by
    .ci/run) makes that a failure.
    """
    from tests.postgres import postgres_bin, throwaway_postgres

    bindir = postgres_bin(install=True)
    if bindir is None:
        reason = "PostgreSQL (Debian's postgresql package) is not installed and could not be installed here"
        if settings.value("SPRX_REQUIRE_POSTGRES"):
            pytest.fail(reason)
        pytest.skip(reason)
    with throwaway_postgres(bindir) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty store: a SQLite file, and a PostgreSQL database (both run the same tests)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    import sqlalchemy as sa

    url = request.getfixturevalue("postgres_url")
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # empty it between tests
        conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()
    return url


def workbook_bytes(rows, header, title_rows=()) -> bytes:
    """An .xlsx with optional title rows, a header row and ``rows``, as a board might send it.

    Characters no workbook can hold are dropped (they cannot reach a real return).
    """
    import io

    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for line in title_rows:
        ws.append([line])
    ws.append(list(header))
    for row in rows:
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def make_xlsx():
    """:func:`workbook_bytes` as a fixture."""
    return workbook_bytes
