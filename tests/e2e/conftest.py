"""End-to-end fixtures: the real app on a free port, Debian's Chromium driven by Playwright.

Every request that is not to this machine is blocked and recorded, so the tests
prove the app works offline. When Chromium is missing the setup installs Debian's
``chromium`` package if it can (root with apt-get); otherwise the tests skip with
the reason, unless ``SPRX_REQUIRE_BROWSER=1`` (set by ``.ci/run``) makes that a
failure.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sprx_map import PROJECT_DIR, settings

ARTIFACTS = PROJECT_DIR / "test-artifacts"
VIEWPORT = {"width": 1366, "height": 768}
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# The longest a page may take to answer: generous, since a loaded machine (two busy cores) takes many times
# what a quiet one does. Every wait below is for a condition; this only bounds it.
PATIENCE = 90_000
LOCAL = ("http://localhost", "http://127.0.0.1", "ws://localhost", "ws://127.0.0.1", "data:", "blob:", "about:")


def _unavailable(reason: str):
    if settings.value("SPRX_REQUIRE_BROWSER"):
        pytest.fail(f"browser tests required but {reason}")
    pytest.skip(reason)


def _find_or_install_chromium() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], env=env, capture_output=True, timeout=900)
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright package is not installed (make test installs requirements-dev.txt)")
    path = _find_or_install_chromium()
    if path is None:
        _unavailable(
            "Debian's chromium is not installed and could not be installed here "
            "(install it with: apt-get install chromium)"
        )
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(port: int, env: dict | None = None) -> subprocess.Popen:
    """Start the app as ``make run`` does (``python -m sprx_map serve``), on ``port``."""
    return subprocess.Popen(
        [sys.executable, "-m", "sprx_map", "serve", "--port", str(port), "--address", "127.0.0.1"],
        cwd=PROJECT_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )


@contextlib.contextmanager
def app_on(database_url: str, **env: str):
    """The app served on a free port over the store at ``database_url`` (and ``env``); its address. Stopped
    after."""
    port = _free_port()
    process = start_app(port, {"SPRX_DATABASE_URL": database_url, **env})
    try:
        wait_healthy(f"http://127.0.0.1:{port}")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_healthy(url: str, timeout: float = PATIENCE / 1000) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the app did not answer at {url} within {timeout:.0f} s")


@pytest.fixture(scope="session")
def app_url(chromium_path) -> str:
    port = _free_port()
    process = start_app(port)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url)
        wait_until_quiet(process, timeout=PATIENCE / 1000)  # the start-up warm-up is over: first pages are not raced
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield b
        b.close()


class Offline:
    """Blocks every request that leaves this machine, and remembers it."""

    def __init__(self) -> None:
        self.blocked: list[str] = []

    def __call__(self, route) -> None:
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    offline = Offline()
    context.route("**/*", offline)
    pg = context.new_page()
    pg.offline = offline
    yield pg
    context.close()
    assert offline.blocked == [], f"the page tried to reach the internet: {offline.blocked}"


# Streamlit has finished a run: connected, the script not running, nothing left stale from the run before
# (the attributes Streamlit's own browser tests wait on).
APP_IDLE = """() => {
    const app = document.querySelector('[data-testid=stApp]');
    return !!app && app.dataset.testConnectionState === 'CONNECTED' && app.dataset.testScriptState === 'notRunning'
        && !document.querySelector('[data-testid=stStatusWidget]') && !document.querySelector('[data-stale=true]');
}"""


def open_page(pg, url: str) -> None:
    """Open ``url`` and wait until Streamlit has finished running the script.

    A session's first run routes and stops early for a rerun (see sprx_map/ui/routing.py); the page is
    drawn when a run has finished without asking for another, as the server says on the websocket.
    """
    finished = []

    def watch(socket) -> None:
        socket.on("framereceived", lambda payload: finished.extend(_runs_finished(payload)))

    # Listen from the moment the socket opens: a short run (a page the server has routed before) can end
    # before goto returns, and a frame that arrives with nobody listening is gone.
    pg.on("websocket", watch)
    try:
        with pg.expect_websocket() as opened:
            pg.goto(url)
    finally:
        pg.remove_listener("websocket", watch)
    socket = opened.value
    pg.wait_for_selector("h1", timeout=PATIENCE)
    while not finished or finished[-1] == "rerun":
        socket.wait_for_event("framereceived", timeout=PATIENCE)
    wait_idle(pg)


def _runs_finished(payload) -> list[str]:
    """``["rerun"]`` or ``["done"]`` when ``payload`` is the server's message that a run ended (else nothing)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    if isinstance(payload, str):
        return []
    msg = ForwardMsg()
    msg.ParseFromString(payload)
    if msg.WhichOneof("type") != "script_finished":
        return []
    return ["rerun" if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN else "done"]


# The page has drawn what it was sent: no change to the app's elements for five animation frames in a row
# (Streamlit applies the elements it receives a little after it marks the run as over).
DRAWN = """() => {
    const seen = window.sprxDrawn || (window.sprxDrawn = {changes: 0, last: -1, still: 0});
    if (!seen.observer) {
        seen.observer = new MutationObserver(() => { seen.changes += 1; });
        seen.observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
    }
    seen.still = seen.changes === seen.last ? seen.still + 1 : 0;
    seen.last = seen.changes;
    return seen.still >= 5;
}"""


def wait_idle(pg, timeout: float = PATIENCE) -> None:
    """Wait until the app has finished its run, drawn what it was sent, and every frame has loaded."""
    pg.wait_for_function(APP_IDLE, timeout=timeout)
    pg.wait_for_function(DRAWN, polling="raf", timeout=timeout)
    pg.wait_for_function(APP_IDLE, timeout=timeout)
    for frame in pg.frames:
        try:
            frame.wait_for_load_state("load", timeout=timeout)
        except Exception as exc:  # a frame replaced by a redraw has nothing left to load
            if "detached" not in str(exc):
                raise


def wait_until_quiet(process: subprocess.Popen, timeout: float = PATIENCE / 1000) -> None:
    """Wait until the server process has stopped working (its CPU time has not moved between two looks).

    A process that has answered its health check may still be warming up in a thread; this waits for that
    to end rather than for a fixed time.
    """
    ticks = Path(f"/proc/{process.pid}/stat")
    deadline = time.monotonic() + timeout
    before = None
    while time.monotonic() < deadline:
        fields = ticks.read_text().rsplit(")", 1)[1].split()
        used = int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
        if used == before:
            return
        before = used
        time.sleep(0.5)  # the interval between two looks, not a wait for something to happen
    raise RuntimeError(f"the server was still busy after {timeout:.0f} s")


def leaflet_paths(pg, expected: int | None = None, timeout: float = PATIENCE / 1000) -> int:
    """How many Leaflet polygons the map iframe draws: waits for ``expected`` (or any), fails if they never come."""
    deadline = time.monotonic() + timeout
    count = 0
    while time.monotonic() < deadline:
        count = sum(_paths_in(frame) for frame in pg.frames if frame != pg.main_frame)
        if count and (expected is None or count == expected):
            return count
        pg.wait_for_timeout(250)
    raise AssertionError(f"the map drew {count} areas within {timeout:.0f} s, expected {expected or 'some'}")


def _paths_in(frame) -> int:
    try:
        return frame.locator("path.leaflet-interactive").count()
    except Exception as exc:  # the map was drawn again while counting: its old frame went away
        if "detached" not in str(exc):
            raise
        return 0


def screenshot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path))
    return path
