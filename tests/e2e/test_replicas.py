"""serve --replicas 2 on a throwaway PostgreSQL: pages load through HAProxy in Chromium, an import made with the
command line shows through every replica, and the command stops every process it started."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.servers import children
from sprx_map import PROJECT_DIR

from .conftest import VIEWPORT, Offline, _free_port, _unavailable, leaflet_paths, open_page, wait_healthy
from .test_rounds_live import _cli_import, _round_notice, _seen_within

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _start(count: int, url: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    command = [sys.executable, "-m", "sprx_map", "serve", "--replicas", str(count), "--port", str(port)]
    command += ["--address", "127.0.0.1"]
    env = {**os.environ, "SPRX_DATABASE_URL": url}
    process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    address = f"http://127.0.0.1:{port}"
    wait_healthy(address, timeout=180)
    return process, address


@pytest.fixture(scope="module")
def haproxy():
    """Debian's HAProxy, installed when missing and possible (root with apt-get), as Chromium is."""
    import shutil

    from sprx_map.replicas import ReplicaError, find_haproxy

    if shutil.which("apt-get") and os.geteuid() == 0:
        try:
            return find_haproxy()
        except ReplicaError:
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=600)
            subprocess.run(["apt-get", "install", "-y", "-qq", "haproxy"], env=env, capture_output=True, timeout=900)
    try:
        return find_haproxy()
    except ReplicaError as missing:
        _unavailable(str(missing))


@pytest.fixture
def empty_postgres(postgres_url, haproxy):
    import sqlalchemy as sa

    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()
    return postgres_url


def test_two_replicas_behind_haproxy_serve_pages_and_show_an_import(browser, empty_postgres, tmp_path):
    process, address = _start(2, empty_postgres)
    started = children(process.pid)
    try:
        lines = [_command_line(pid) for pid in started]
        assert sum(" sprx_map serve --port " in line for line in lines) == 2
        assert sum("haproxy -db -f " in line for line in lines) == 1
        # Two viewers at once: the load balancer sends the second to the replica with fewer connections, and
        # its cookie keeps each on its own.
        viewers = []
        for _ in range(2):
            context = browser.new_context(viewport=VIEWPORT)
            offline = Offline()
            context.route("**/*", offline)
            viewers.append((context.new_page(), offline))
            open_page(viewers[-1][0], address + "/map?level=cluster")
            assert leaflet_paths(viewers[-1][0], 60) == 60
        on = sorted(c["value"] for page, _ in viewers for c in page.context.cookies() if c["name"] == "sprx_replica")
        assert on == ["replica1", "replica2"]
        for page, _ in viewers:
            assert "2029-03" not in _round_notice(page, address)
        _cli_import(tmp_path, "powys", "2029-03", empty_postgres)
        for page, offline in viewers:  # each reload is a new session on that viewer's replica
            _seen_within(page, address, "Round 2029-03: 1 of 7 health boards returned")
            assert offline.blocked == []
            page.context.close()
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
    assert code == 0
    assert process.stdout.read().decode().splitlines()[-1] == "Stopping every replica and HAProxy."
    assert [pid for pid in started if Path(f"/proc/{pid}").exists()] == []


def test_when_one_replica_dies_the_command_stops_the_others_and_says_which(empty_postgres):
    process, _ = _start(2, empty_postgres)
    started = children(process.pid)
    replica = next(pid for pid in started if " sprx_map serve --port " in _command_line(pid))
    os.kill(replica, signal.SIGKILL)
    try:
        code = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert code == 1
    said = process.stdout.read().decode().splitlines()[-1]
    assert said.startswith("replica") and said.endswith("stopped (exit code -9): stopping the others.")
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{pid}").exists() for pid in started) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [pid for pid in started if Path(f"/proc/{pid}").exists()] == []
