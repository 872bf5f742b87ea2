"""Crowds at the Streamlit protocol: a room of viewers opening the dashboard at once, against the floor.

A presenter shows a link to a room; everyone opens it. Each viewer here is one
Streamlit session over a websocket (:mod:`bench.protocol`) that opens the
Overview, then the Map, waiting for each script run to finish: what the server
does for a browser, without the browser's drawing. All on the loopback, bounded
in count and time.

- ``crowd``: 10, 50 and 100 viewers at once on the dashboard
  (``python -m sprx_map serve`` on a new SQLite store) and on ``bench/floor_app.py``
  (a bare app with the same elements), side by side. Per crowd: p50 and p95 of a
  viewer's time (connect to Map complete), the wall time (first connect to last
  viewer done), errors (the first few printed), and the ratios to the floor. Budget
  (50 viewers): p95 and wall at most 1.3 times the floor's, no errors, on a quiet
  machine (:func:`machine`). Each crowd runs :data:`REPEATS` times on each app, in turn, and the
  medians are compared.
- ``room``: a room of 100 opening the Overview, Map, Coverage gaps and Charts each, on
  the dashboard and on the floor app (as many page runs per viewer): every viewer must
  get every page (budget: no error; the first errors are printed).
- ``soak``: 40 viewers opening Overview, Map and Coverage gaps on a fresh server;
  then 1,000 sessions come and go (connect, run the Overview, disconnect); then the
  40 again; the same on the floor app beside it, each crowd :data:`REPEATS` times in turn and the
  medians compared. Budget (a long day): the dashboard's second p95 at most 1.15 times its first; the
  floor app's drift is printed beside it. With the server's memory (VmRSS) at each step, and what 100
  sessions held open add to it.
- ``replicas``: 100 viewers through ``serve --replicas 2`` on a throwaway
  PostgreSQL, against ``serve --replicas 1`` on the same store (throughput, budget
  at least 1.5 times, no errors); then an import with the command line, and the
  time until every replica shows the new round to a new session (budget 10 s).

``SPRX_BENCH_CROWDS=10`` (sizes, comma-separated) runs only those crowds, for a quick
figure before and after a change; ``SPRX_BENCH_APP=FOLDER`` serves the dashboard of
another checkout (an earlier commit, unpacked) against the same floor.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.protocol import affinity_cookie, view
from bench.servers import children, rss_mib, start_floor, stop
from sprx_map import PROJECT_DIR
from sprx_map.settings import value as setting

CROWDS = tuple(int(n) for n in setting("SPRX_BENCH_CROWDS").split(","))
APP_DIR = Path(setting("SPRX_BENCH_APP") or PROJECT_DIR)  # the checkout whose dashboard is served
VIEW = ("", "map")  # the Overview (the address without a page), then the Map
SOAK_VIEW = ("", "map", "gaps")
SOAK_FLOOR_VIEW = ("", "map", "charts")  # as many runs on the floor app, which has no Coverage gaps page
SOAK_VIEWERS, SOAK_SESSIONS, SOAK_AT_ONCE, OPEN_SESSIONS = 40, 1000, 25, 100
ROOM_VIEWERS = 100
ROOM_VIEW = ("", "map", "gaps", "charts")  # the room of 100: four pages each
ROOM_FLOOR_VIEW = ("", "map", "charts", "")  # as many runs on the floor app, which has three pages
VIEWER_TIMEOUT = 240.0  # seconds one viewer may take before it counts as an error
CROWD_BUDGET, SOAK_BUDGET, REPLICAS_BUDGET, VISIBLE_BUDGET = 1.3, 1.15, 1.5, 10.0
CROWD_BUDGET_AT = 50  # the crowd the 1.3 times holds for
# Each crowd runs this many times on each app, the two in turn, and the medians are compared: the speed of
# this shared machine drifts by a third from one minute to the next, which one run each would take for the app's.
REPEATS = 3
QUIET_LOAD = 0.5  # a machine is quiet when its 1-minute load average is at most this per processor
SHOWN_ERRORS = 3  # how many of a crowd's errors are printed (and kept) as they were
NEW_ROUND = "2029-03"
NEW_ROUND_SHOWN = f"Round {NEW_ROUND}: 1 of 7 health boards returned"


def machine() -> dict:
    """The load averages (1, 5, 15 minutes), the processors, and whether the machine is quiet: a 1-minute load
    of at most :data:`QUIET_LOAD` per processor. Ratios to the floor taken on a busy machine are not the
    budget's: other work slows a bare app more than the dashboard."""
    loads, cores = os.getloadavg(), os.cpu_count() or 1
    return {"load_average": [round(x, 2) for x in loads], "cores": cores, "quiet": loads[0] <= QUIET_LOAD * cores}


def say_machine(state: dict) -> str:
    """``state`` (:func:`machine`) in a line, loud when the machine was not quiet."""
    load, cores = state["load_average"], state["cores"]
    line = f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {cores} processors"
    if state["quiet"]:
        return f"machine quiet: {line}"
    return f"MACHINE NOT QUIET: {line} (over {QUIET_LOAD} per processor): these ratios do not count against the budgets"


def _row(name: str, value, unit: str, budget=None, higher_is_better: bool = False, **extra) -> dict:
    ok = None if budget is None or value is None else (value >= budget if higher_is_better else value <= budget)
    if higher_is_better:
        extra["higher_is_better"] = True
    return {"name": name, "value": value, "unit": unit, "budget": budget, "within_budget": ok, **extra}


def crowd(base: str, viewers: int, pages: tuple[str, ...] = VIEW, timeout: float = VIEWER_TIMEOUT) -> dict:
    """``viewers`` sessions at once at ``base``, each running ``pages``: p50, p95, wall (s) and errors.

    Each viewer first loads the page's HTML as a browser does (untimed), so a load
    balancer gives it its affinity cookie; then all connect at the same moment.
    """
    cookies = [affinity_cookie(base) for _ in range(viewers)]

    async def everyone():
        return await asyncio.gather(*(view(base, pages, timeout, cookie) for cookie in cookies))

    started, cpu, ticks = time.perf_counter(), _cpu_s(), _stolen_ticks()
    visits = asyncio.run(everyone())
    wall, cpu = time.perf_counter() - started, _cpu_s() - cpu
    stolen = [after - before for after, before in zip(_stolen_ticks(), ticks, strict=True)]
    times = sorted(v.total for v in visits if v.error is None)
    errors = [v.error for v in visits if v.error is not None]
    return {
        "viewers": viewers,
        "p50": statistics.median(times) if times else None,
        "p95": _percentile(times, 95),
        "wall": wall,
        "errors": len(errors),
        "first_errors": errors[:SHOWN_ERRORS],
        "client_cpu_s": cpu,  # what the viewers themselves took of this machine's processors
        # The share of the processors' time the host gave to other machines while the crowd ran (Linux's "steal"):
        # work a load average does not see, which slows whichever app is measured then.
        "stolen": stolen[0] / stolen[1] if stolen[1] else None,
        "machine": machine(),  # as the crowd ended
    }


def _cpu_s() -> float:
    import resource

    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def _stolen_ticks() -> tuple[int, int]:
    """The processors' ticks taken by the host for other machines, and all ticks, since boot (``/proc/stat``);
    (0, 0) where the system does not say."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return 0, 0
    return (fields[7] if len(fields) > 7 else 0), sum(fields[:8])


def _percentile(values: list[float], percent: int) -> float | None:
    if len(values) < 2:
        return values[0] if values else None
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def churn(base: str, sessions: int, at_once: int = SOAK_AT_ONCE, page: str = "") -> list[str]:
    """``sessions`` sessions that come and go (connect, run ``page``, disconnect), ``at_once`` at a time; their
    errors."""

    async def all_of_them():
        gate = asyncio.Semaphore(at_once)

        async def one():
            async with gate:
                return await view(base, (page,), VIEWER_TIMEOUT)

        return await asyncio.gather(*(one() for _ in range(sessions)))

    return [v.error for v in asyncio.run(all_of_them()) if v.error is not None]


def open_sessions_mib(base: str, pid: int, sessions: int = OPEN_SESSIONS) -> float:
    """How much the server at ``base`` (process ``pid``) grows while ``sessions`` that ran the Overview stay open."""

    async def hold_them():
        hold, done = asyncio.Event(), []

        async def one():
            return await view(base, ("",), VIEWER_TIMEOUT, hold=hold, ready=done)

        tasks = [asyncio.create_task(one()) for _ in range(sessions)]
        while len(done) < sessions and not all(t.done() for t in tasks):
            await asyncio.sleep(0.2)
        held = rss_mib(pid)
        hold.set()
        await asyncio.gather(*tasks)
        return held

    before = rss_mib(pid)
    return asyncio.run(hold_them()) - before


@contextlib.contextmanager
def serving(command: list[str], port: int, env: dict | None = None, cwd: Path = APP_DIR, timeout: float = 180):
    """A server started with ``command`` answering at ``http://127.0.0.1:port``; stopped (with its children) after."""
    from tests.e2e.conftest import wait_healthy

    process = subprocess.Popen(
        command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}", timeout=timeout)
        yield process
    finally:
        stop(process)


def _dashboard(port: int, replicas: int | None = None) -> list[str]:
    """The command that serves the dashboard (of :data:`APP_DIR`, from there: see :func:`serving`)."""
    command = [sys.executable, "-m", "sprx_map", "serve", "--port", str(port), "--address", "127.0.0.1"]
    return command + (["--replicas", str(replicas)] if replicas else [])


def _warm(base: str, pages: tuple[str, ...], cookie: str | None = None) -> None:
    """One viewer first: the first run imports and reads what every later run reuses."""
    visit = asyncio.run(view(base, pages, VIEWER_TIMEOUT, cookie))
    if visit.error:
        raise RuntimeError(f"{base} did not serve {pages}: {visit.error}")


def crowd_rows(crowds: tuple[int, ...] = CROWDS) -> list[dict]:
    """The dashboard and the floor app side by side under each crowd (Overview then Map)."""
    return _side_by_side(crowds, VIEW, VIEW, "Overview then Map", CROWD_BUDGET_AT)


def room_rows() -> list[dict]:
    """A room of 100 opening four pages each: every viewer must get them (no error); the floor app runs as many
    pages per viewer (it has three: its Overview twice)."""
    return _side_by_side((ROOM_VIEWERS,), ROOM_VIEW, ROOM_FLOOR_VIEW, "Overview, Map, Coverage gaps, Charts",
                         ROOM_VIEWERS, errors_only=True)  # fmt: skip


@contextlib.contextmanager
def _both_served(app_pages: tuple[str, ...], floor_pages: tuple[str, ...]):
    """The dashboard (on a new SQLite store) and the floor app, each warmed on its pages: ``(both, server)``, where
    ``both`` holds (name, address, pages) of each and ``server`` is the dashboard's process."""
    from tests.e2e.conftest import _free_port, wait_healthy

    with tempfile.TemporaryDirectory() as folder:
        store = f"sqlite:///{Path(folder) / 'store.sqlite'}"
        (Path(folder) / "floor").mkdir()
        app_port, floor_port = _free_port(), _free_port()
        floor = start_floor(Path(folder) / "floor", floor_port)
        try:
            with serving(_dashboard(app_port), app_port, {"SPRX_DATABASE_URL": store}) as server:
                wait_healthy(f"http://127.0.0.1:{floor_port}")
                both = (("app", f"http://127.0.0.1:{app_port}", app_pages),
                        ("floor", f"http://127.0.0.1:{floor_port}", floor_pages))  # fmt: skip
                for _, base, pages in both:
                    _warm(base, pages)
                yield both, server
        finally:
            stop(floor)


def _crowds_in_turn(both: tuple, viewers: int, when: str = "") -> dict:
    """``viewers`` at once on each app of ``both`` (name, address, pages), :data:`REPEATS` times in turn, each
    first every other time: the median crowd of each (:func:`_median_crowd`)."""
    trials = {name: [] for name, _, _ in both}
    for trial in range(REPEATS):
        for name, base, pages in both if trial % 2 == 0 else both[::-1]:
            trials[name].append(crowd(base, viewers, pages))
            _print_crowd(f"{name} {when}".strip(), trials[name][-1])
    return {name: _median_crowd(done) for name, done in trials.items()}


def _side_by_side(crowds, app_pages, floor_pages, what: str, budget_at: int, errors_only: bool = False) -> list[dict]:
    with _both_served(app_pages, floor_pages) as (both, _):
        results = {viewers: _crowds_in_turn(both, viewers) for viewers in crowds}
    rows = []
    for viewers in crowds:
        app, floor = results[viewers]["app"], results[viewers]["floor"]
        budget = CROWD_BUDGET if viewers == budget_at and not errors_only else None
        extra = {"app": app, "floor": floor}
        name = f"Crowd of {viewers} ({what}, Streamlit protocol)"
        rows.append(_row(f"{name}: p95 / floor's", _ratio(app["p95"], floor["p95"]), "x", budget, **extra))
        rows.append(_row(f"{name}: wall / floor's", _ratio(app["wall"], floor["wall"]), "x", budget, **extra))
        errors = app["errors"] + floor["errors"]
        rows.append(_row(f"{name}: errors", errors, "n", 0 if budget or errors_only else None, **extra))
    return rows


def _median_crowd(trials: list[dict]) -> dict:
    """The trials of one crowd as one: the median of each time, every error, each trial kept."""
    timed = [t for t in trials if t["p95"] is not None]
    median = {key: statistics.median(t[key] for t in timed) if timed else None for key in ("p50", "p95", "wall")}
    errors = [e for t in trials for e in t["first_errors"]]
    return {**trials[-1], **median, "errors": sum(t["errors"] for t in trials), "first_errors": errors[:SHOWN_ERRORS],
            "trials": trials}  # fmt: skip


def _ratio(value: float | None, floor: float | None) -> float | None:
    return None if value is None or not floor else value / floor


def _print_crowd(name: str, result: dict) -> None:
    cells = " ".join(
        f"{key} {result[key]:.2f} s" if isinstance(result[key], float) else f"{key} {result[key]}"
        for key in ("p50", "p95", "wall", "errors", "client_cpu_s")
    )
    quiet = "" if result["machine"]["quiet"] else f" (not quiet: load {result['machine']['load_average'][0]:.2f})"
    stolen = "" if result.get("stolen") is None else f" stolen {result['stolen']:.0%}"
    print(f"  {name:<12} {result['viewers']:>4} viewers: {cells}{stolen}{quiet}", flush=True)
    _print_errors(result["errors"], result["first_errors"])


def _print_errors(count: int, first: list[str]) -> None:
    """The first errors as they were, whenever there are any."""
    for number, error in enumerate(first, 1):
        print(f"         error {number} of {count}: {error}", flush=True)


def soak_rows(sessions: int = SOAK_SESSIONS) -> list[dict]:
    """The same crowd on a fresh dashboard and after ``sessions`` sessions came and went, and the same on the floor
    app beside it (a bare app drifts too); memory at each step.

    Each crowd runs :data:`REPEATS` times on each app, in turn, before and after, and the medians are compared:
    one crowd of 40 takes a few seconds, and this machine's speed drifts by more than the budget within a minute.
    """
    with _both_served(SOAK_VIEW, SOAK_FLOOR_VIEW) as (both, server):
        rss = {"warm": rss_mib(server.pid)}
        fresh = _crowds_in_turn(both, SOAK_VIEWERS, "fresh")
        rss["fresh"] = rss_mib(server.pid)
        churned = {}
        for name, base, _ in both:
            started = time.perf_counter()
            errors = churn(base, sessions)
            churned[name] = {"s": time.perf_counter() - started, "errors": len(errors),
                             "first_errors": errors[:SHOWN_ERRORS]}  # fmt: skip
            print(f"  {name:<6} {sessions} sessions came and went in {churned[name]['s']:.0f} s "
                  f"({len(errors)} errors)", flush=True)  # fmt: skip
            _print_errors(len(errors), errors[:SHOWN_ERRORS])
        rss["churned"] = rss_mib(server.pid)
        again = _crowds_in_turn(both, SOAK_VIEWERS, "again")
        rss["again"] = rss_mib(server.pid)
        gained = open_sessions_mib(both[0][1], server.pid)
    drift = {name: _ratio(again[name]["p95"], fresh[name]["p95"]) for name in ("app", "floor")}
    extra = {"fresh": fresh, "again": again, "rss_mib": rss, "sessions": sessions, "churned": churned}
    name = f"Soak ({SOAK_VIEWERS} viewers: Overview, Map, Coverage gaps)"
    errors = sum(c[key]["errors"] for c in (fresh, again) for key in c) + sum(c["errors"] for c in churned.values())
    return [
        _row(f"{name}: p95 after {sessions:,} sessions / fresh", drift["app"], "x", SOAK_BUDGET, **extra),
        _row(f"{name}: wall after {sessions:,} sessions / fresh", _ratio(again["app"]["wall"], fresh["app"]["wall"]),
             "x", None, **extra),
        _row(f"{name}: the floor app's p95 after {sessions:,} sessions / fresh", drift["floor"], "x", None, **extra),
        _row(f"{name}: errors", errors, "n", 0, **extra),
        _row(f"{name}: server memory fresh (VmRSS)", rss["fresh"], "MiB", None, **extra),
        _row(f"{name}: server memory after {sessions:,} sessions (VmRSS)", rss["again"], "MiB", None, **extra),
        _row(f"Memory a server gains for {OPEN_SESSIONS} open sessions", gained, "MiB", None),
    ]  # fmt: skip


def replicas_rows(viewers: int = 100) -> list[dict]:
    """``viewers`` through 1 and then 2 replicas behind HAProxy on one PostgreSQL; an import seen by each replica."""
    from tests.e2e.conftest import _free_port
    from tests.postgres import postgres_bin, throwaway_postgres

    bindir = postgres_bin()
    names = [f"{viewers} viewers through 2 replicas: throughput / 1 replica's", f"{viewers} viewers through 2 "
             "replicas: errors", "Import seen by every replica (new sessions)"]  # fmt: skip
    if bindir is None:
        return [_row(name, None, "", note="not measured: PostgreSQL missing") for name in names]
    results, visible = {}, None
    with throwaway_postgres(bindir) as url:
        for count in (1, 2):
            port = _free_port()
            base = f"http://127.0.0.1:{port}"
            with serving(_dashboard(port, count), port, {"SPRX_DATABASE_URL": url}) as server:
                for i in range(1, count + 1):
                    _warm(base, VIEW, f"sprx_replica=replica{i}")
                results[count] = crowd(base, viewers)
                results[count]["replica_rss_mib"] = [
                    round(rss_mib(p), 1) for p in children(server.pid) if _is_replica(p)
                ]
                _print_crowd(f"{count} rep.", results[count])
                if count == 2:
                    visible = _import_visible(base, url, count)
                    print(f"  the import was seen by every replica after {visible:.2f} s", flush=True)
    one, two = results[1], results[2]
    throughput = {count: viewers / r["wall"] for count, r in results.items()}
    extra = {"one": one, "two": two, "viewers_per_s": throughput}
    return [
        _row(names[0], throughput[2] / throughput[1], "x", REPLICAS_BUDGET, higher_is_better=True, **extra),
        _row(names[1], one["errors"] + two["errors"], "n", 0, **extra),
        _row(names[2], visible, "s", VISIBLE_BUDGET),
    ]


def _is_replica(pid: int) -> bool:
    try:
        return b"sprx_map\0serve" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _import_visible(base: str, url: str, count: int, within: float = 60.0) -> float:
    """Seconds from a command-line import's end until a new session on each replica shows the new round."""
    from tests.conftest import workbook_bytes

    header = ["Project name", "Lead organisation", "Health board", "Clusters served", "Status", "Activity categories"]
    row = ["Walk and Talk", "Powys Walkers", "Powys", "Mid Powys", "current", "walking"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "powys.xlsx"
        path.write_bytes(workbook_bytes([row], header))
        command = [sys.executable, "-m", "sprx_map", "import", str(path), "--round", NEW_ROUND, "--db", url]
        subprocess.run(command, cwd=PROJECT_DIR, check=True, capture_output=True, timeout=120)
    imported = time.perf_counter()
    waiting = {f"sprx_replica=replica{i}" for i in range(1, count + 1)}
    while waiting and time.perf_counter() - imported < within:
        for cookie in sorted(waiting):
            visit = asyncio.run(view(base, ("",), VIEWER_TIMEOUT, cookie, expect=NEW_ROUND_SHOWN))
            if visit.shown:
                waiting.discard(cookie)
    if waiting:
        raise RuntimeError(f"{sorted(waiting)} did not show round {NEW_ROUND} within {within:.0f} s")
    return time.perf_counter() - imported


PARTS = {"crowd": crowd_rows, "room": room_rows, "soak": soak_rows, "replicas": replicas_rows}


def rows(parts: list[str]) -> list[dict]:
    """The rows of the named parts (all three when none is named), in order, each with the state of the
    machine before it (:func:`machine`, said first)."""
    found = []
    for part in parts or list(PARTS):
        before = machine()
        print(f"{part}: {say_machine(before)}", flush=True)
        found += [{**r, "machine_before": before} for r in PARTS[part]()]
    return found
