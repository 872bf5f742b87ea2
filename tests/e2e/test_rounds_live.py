"""Rounds as they arrive, seen live: an import from the command line while the app runs, and two servers on
one PostgreSQL store agreeing after an import on either."""

import subprocess
import sys
import time

import pytest

from sprx_map import PROJECT_DIR
from tests.builders import REQUIRED_HEADER

from ..conftest import workbook_bytes
from .conftest import _free_port, open_page, start_app, wait_healthy

pytestmark = [pytest.mark.browser, pytest.mark.slow]
HEADER = REQUIRED_HEADER
BOARDS = {
    "powys": ["Walk and Talk", "Powys Walkers", "Powys", "Mid Powys", "current", "walking"],
    "hywel-dda": ["Cwtch", "Menter", "Hywel Dda", "South Ceredigion", "current", "befriending"],
}


def _cli_import(tmp_path, board: str, round_label: str, url: str) -> None:
    path = tmp_path / f"{board}-{round_label}.xlsx"
    path.write_bytes(workbook_bytes([BOARDS[board]], HEADER))
    command = [sys.executable, "-m", "sprx_map", "import", str(path), "--round", round_label, "--db", url]
    done = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def _round_notice(page, url: str) -> str:
    open_page(page, url)
    notice = page.locator("[data-testid=stAlert]").filter(has_text="health boards returned")
    return notice.first.inner_text() if notice.count() else ""


def _seen_within(page, url: str, expected: str, seconds: float = 10.0) -> float:
    """How long after now a new page load of ``url`` shows ``expected`` (fails after ``seconds``)."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if expected in _round_notice(page, url):
            return time.monotonic() - started
    raise AssertionError(f"{expected!r} not shown within {seconds:.0f} s")


@pytest.fixture
def servers(chromium_path):
    """Start app servers on a store (``start(url)``); all are stopped at the end."""
    running = []

    def start(url: str) -> str:
        port = _free_port()
        running.append(start_app(port, {"SPRX_DATABASE_URL": url}))
        address = f"http://127.0.0.1:{port}"
        wait_healthy(address)
        return address

    yield start
    for process in running:
        process.terminate()
        process.wait(timeout=10)


def test_an_import_from_the_command_line_shows_on_the_next_page_load(page, servers, tmp_path):
    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    app = servers(url)
    assert "2029-03" not in _round_notice(page, app)  # the sample, complete: no partial-round notice
    _cli_import(tmp_path, "powys", "2029-03", url)
    took = _seen_within(page, app, "Round 2029-03: 1 of 7 health boards returned")
    assert took < 10


def test_two_servers_on_one_postgresql_store_agree_after_an_import_on_either(page, servers, tmp_path, postgres_url):
    import sqlalchemy as sa

    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()
    first, second = servers(postgres_url), servers(postgres_url)
    _cli_import(tmp_path, "powys", "2029-03", postgres_url)  # as if imported through the first
    for app in (first, second):
        _seen_within(page, app, "Round 2029-03: 1 of 7 health boards returned")
    _cli_import(tmp_path, "hywel-dda", "2029-03", postgres_url)
    for app in (second, first):
        _seen_within(page, app, "Round 2029-03: 2 of 7 health boards returned")
