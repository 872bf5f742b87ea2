"""Where a warm run of each page spends its server time, the dashboard's beside the floor app's.

``python -m bench.profile_runs [--times] [RUNS [FOLDER]]`` starts the dashboard (as ``serve`` does) and
the floor app (``bench/floor_app.py``) each in a process whose script runs are
profiled with cProfile, then opens each page ``RUNS`` times (default 20) as a new
viewer at Streamlit's own protocol, one after another, after one warm-up visit
that is not counted. It prints, per page, the median server time of a run (the
script thread, from the run's start to its end: building the page and serialising
what it sends) for both apps and their ratio, then the dashboard's functions that
took the most of it. Not part of ``make bench``: a tool for finding the time,
not a budget. With ``FOLDER``, the profiles (``FOLDER/app-profiles/map.prof`` ...) are kept there
for ``pstats``. With ``--times``, nothing is profiled (cProfile slows Python code more than the
C it calls): only the server times are printed. ``SPRX_BENCH_APP=FOLDER`` profiles the dashboard of
another checkout (an earlier commit, unpacked, with this ``bench`` folder copied in).
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAGES = {"app": ("", "map", "gaps", "charts"), "floor": ("", "map", "charts")}
SHOWN = 25  # functions printed per page


def _patch(out: Path, profiling: bool = True) -> None:
    """Profile every script run of this process; a run's page is its address (``""`` is the Overview). The first
    run of each page is a warm-up and not kept."""
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._run_script
    seen: dict[str, pstats.Stats] = {}
    times: dict[str, list[float]] = {}

    def profiled(self, rerun_data):
        page = rerun_data.page_name
        profile = cProfile.Profile()
        started = time.perf_counter()
        if profiling:
            profile.enable()
        try:
            return original(self, rerun_data)
        finally:
            profile.disable()
            took = time.perf_counter() - started
            if page not in times:
                times[page] = []
            else:
                times[page].append(took)
                (out / "times.json").write_text(json.dumps(times))
                if profiling:
                    seen[page] = seen[page].add(profile) if page in seen else pstats.Stats(profile)
                    seen[page].dump_stats(out / f"{page or 'overview'}.prof")

    script_runner.ScriptRunner._run_script = profiled


def serve(which: str, port: int, out: Path, folder: Path, profiling: bool = True) -> int:
    """Run ``which`` (``app`` or ``floor``) at ``port``, profiled into ``out`` (the floor app from ``folder``)."""
    _patch(out, profiling)
    if which == "app":
        from sprx_map import serve as app

        return app.main(port, "127.0.0.1")
    from streamlit.web import cli

    from sprx_map.serve import CROWD_SETTINGS

    os.chdir(folder)
    os.environ["SPRX_FLOOR"] = "widgets"
    sys.argv = ["streamlit", "run", "floor_app.py", "--server.port", str(port), "--server.address", "127.0.0.1"]
    sys.argv += CROWD_SETTINGS
    return cli.main(standalone_mode=False) or 0


def _visits(base: str, pages: tuple[str, ...], runs: int) -> None:
    from bench.protocol import view

    for page in pages:
        for _ in range(runs + 1):  # the first is the server's warm-up for the page
            visit = asyncio.run(view(base, (page,), 120.0))
            if visit.error:
                raise RuntimeError(f"{base}/{page}: {visit.error}")


def _top(path: Path, shown: int = SHOWN) -> str:
    text = io.StringIO()
    stats = pstats.Stats(str(path), stream=text)
    stats.sort_stats("cumulative").print_stats(
        r"sprx_map|pages/|streamlit/(elements|runtime/caching)|folium|plotly|arrow", shown
    )
    return text.getvalue().split("   ncalls", 1)[-1]


def main(argv: list[str]) -> int:
    from bench.load import APP_DIR, machine, say_machine
    from bench.servers import prepare_floor, stop
    from sprx_map import PROJECT_DIR
    from tests.e2e.conftest import _free_port, wait_healthy

    profiling = "--times" not in argv
    argv = [a for a in argv if a != "--times"]
    runs = int(argv[0]) if argv else 20
    print(say_machine(machine()), flush=True)
    medians: dict[tuple[str, str], float] = {}
    with tempfile.TemporaryDirectory() as temporary:
        folder = argv[1] if len(argv) > 1 else temporary
        floor = Path(folder) / "floor"
        prepare_floor(floor)
        outs = {}
        for which in PAGES:
            outs[which] = Path(folder) / f"{which}-profiles"
            outs[which].mkdir(parents=True, exist_ok=True)
            port = _free_port()
            command = [sys.executable, "-m", "bench.profile_runs", "--serve", which, str(port), str(outs[which]),
                       str(floor), "profile" if profiling else "times"]  # fmt: skip
            cwd = APP_DIR if which == "app" else PROJECT_DIR  # the floor is this checkout's
            process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                wait_healthy(f"http://127.0.0.1:{port}", timeout=180)
                _visits(f"http://127.0.0.1:{port}", PAGES[which], runs)
            finally:
                stop(process)
            times = json.loads((outs[which] / "times.json").read_text())
            for page, took in times.items():
                medians[which, page] = statistics.median(took)
        print(f"{'page':<10} {'app ms':>8} {'floor ms':>9} {'ratio':>6}   (median of {runs} warm runs, server time)")
        for page in PAGES["app"]:
            app, bare = medians.get(("app", page)), medians.get(("floor", page))
            ratio = f"{app / bare:6.2f}" if app and bare else "     -"
            bare_ms = f"{bare * 1000:9.1f}" if bare else "        -"
            print(f"{page or 'overview':<10} {app * 1000:8.1f} {bare_ms} {ratio}")
        for page in PAGES["app"] if profiling else ():
            print(f"\n== app, {page or 'overview'}: by cumulative time over {runs} runs ==")
            print(_top(outs["app"] / f"{page or 'overview'}.prof"))
    print(say_machine(machine()), flush=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        which, port, out, folder, mode = sys.argv[2:7]
        sys.exit(serve(which, int(port), Path(out), Path(folder), mode == "profile"))
    sys.exit(main(sys.argv[1:]))
