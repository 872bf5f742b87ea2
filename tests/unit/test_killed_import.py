"""An import killed at any moment (kill -9) leaves all of its returns in the store or none, and the store opens."""

import random
import signal
import subprocess
import sys
import time

import sqlalchemy as sa

from sprx_map import PROJECT_DIR, store

KILLS = 6  # per database: bounded, each at most one import's time


def _import(url: str, round_label: str, files) -> subprocess.Popen:
    command = [sys.executable, "-m", "sprx_map", "import", *map(str, files), "--round", round_label, "--db", url]
    return subprocess.Popen(command, cwd=PROJECT_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _projects_by_board(url: str, round_label: str) -> dict[str, int]:
    """Board -> projects stored for the round (a board with a submission and no projects shows as 0)."""
    s, p = store.submissions, store.projects
    query = (
        sa.select(s.c.hb_code, sa.func.count(p.c.id))
        .select_from(s.outerjoin(p, p.c.submission_id == s.c.id))
        .where(s.c.round == round_label)
        .group_by(s.c.hb_code)
    )
    engine = store.connect(url)  # opens (and would upgrade) the store as every later reader does
    try:
        with engine.connect() as conn:
            return dict(conn.execute(query).all())
    finally:
        engine.dispose()


def test_an_import_killed_at_random_moments_leaves_all_of_it_or_none(store_url, sample_paths):
    started = time.perf_counter()
    done = _import(store_url, "2031-01", sample_paths)
    assert done.wait(timeout=180) == 0
    whole = _projects_by_board(store_url, "2031-01")  # what a finished import of these files stores
    duration = time.perf_counter() - started
    assert len(whole) == len(sample_paths) and all(whole.values())
    chance = random.Random(26)  # the same moments on every run; they fall across the reading and the writing
    outcomes = []
    for k in range(KILLS):
        label = f"2032-{k + 1:02d}"
        running = _import(store_url, label, sample_paths)
        time.sleep(chance.uniform(0.2, 1.1) * duration)
        running.send_signal(signal.SIGKILL)
        running.wait(timeout=60)
        stored = _projects_by_board(store_url, label)
        assert stored in ({}, whole), f"kill {k + 1}: part of an import was left: {stored}"
        outcomes.append(bool(stored))
    after = _import(store_url, "2033-01", sample_paths)  # nothing was left locked or half written
    assert after.wait(timeout=180) == 0
    assert _projects_by_board(store_url, "2033-01") == whole
    print(f"imports killed: {KILLS}, of which finished first: {sum(outcomes)}, one import: {duration:.1f} s")
