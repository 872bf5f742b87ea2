"""The servers the benchmarks measure: the dashboard, the floor app, and how much memory a process holds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from sprx_map import PROJECT_DIR


def start_floor(folder: Path, port: int, bare: bool = False) -> subprocess.Popen:
    """Start ``floor_app.py`` from ``folder`` (with the cluster shapes, Leaflet and the app's server settings)."""
    if not (folder / "floor_app.py").exists():
        shutil.copy(Path(__file__).with_name("floor_app.py"), folder)
        shutil.copy(PROJECT_DIR / "data" / "geography" / "clusters.geojson", folder)
        shutil.copytree(PROJECT_DIR / "static" / "leaflet", folder / "static" / "leaflet")
        shutil.copytree(PROJECT_DIR / ".streamlit", folder / ".streamlit")
    command = [sys.executable, "-m", "streamlit", "run", "floor_app.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1"]
    env = {**os.environ, "SPRX_FLOOR": "bare" if bare else "widgets"}
    return subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(process: subprocess.Popen, timeout: float = 30.0) -> int:
    """Stop ``process`` as Ctrl-C would not reach it here (SIGTERM), killing it if it lingers; its exit code."""
    if process.poll() is None:
        process.terminate()
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def rss_mib(pid: int) -> float:
    """The resident memory of process ``pid`` (VmRSS in /proc/<pid>/status), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def children(pid: int) -> list[int]:
    """The processes ``pid`` started, and theirs, from /proc."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            direct = [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in direct:
            found += [child, *children(child)]
    return found
