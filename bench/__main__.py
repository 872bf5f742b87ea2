"""Run the benchmarks, print a table and write ``bench/results.json``.

Budgets (issue: the dashboard): median server-side rerun after a filter change
on the Map page at cluster level <= 150 ms; the cluster-level map's HTML <= 250
KB; server start to the map visible in headless Chromium <= 6 s; a page load on
a warm server <= 2 s. Browser figures need Debian's chromium; without it they
are reported as not measured.

Crowds at Streamlit's own protocol (``bench/load.py``), as ratios: 50 viewers'
p95 and wall time at most 1.3 times the floor app's (a bare app showing the same
elements), no errors; a long day, after 1,000 sessions came and went, p95 at most
1.15 times a fresh server's; 2 replicas behind HAProxy at least 1.5 times the
throughput of 1; an import seen by every replica within 10 s. The budgets hold on a
quiet machine: the load average is checked first and a busy machine is said, in the
printed table and in ``bench/results.json``.
"""

from __future__ import annotations

import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from functools import partial
from pathlib import Path

from bench.servers import start_floor
from sprx_map import PROJECT_DIR, SAMPLE_DIR, filters, maps, measures, metrics
from sprx_map.geo.geography import load_geography
from sprx_map.returns import read_returns

RESULTS = Path(__file__).with_name("results.json")
BOARDS = ["W11000023", "W11000024", "W11000025", "W11000028", "W11000029", "W11000030", "W11000031"]


def measure(name: str, fn, repeat: int = 7, unit: str = "ms", budget: float | None = None) -> dict:
    """Median and best wall time over ``repeat`` runs, and peak Python memory of one run."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return row(
        name, statistics.median(times) * 1000, unit, budget, best=min(times) * 1000, peak_mib=peak / 2**20, runs=repeat
    )


def row(
    name: str, value: float | None, unit: str, budget: float | None = None, higher_is_better: bool = False, **extra
) -> dict:
    """One result; within budget when at most ``budget`` (at least it, for a score: ``higher_is_better``)."""
    ok = None if budget is None or value is None else (value >= budget if higher_is_better else value <= budget)
    extra = {**extra, "higher_is_better": True} if higher_is_better else extra
    return {"name": name, "value": value, "unit": unit, "budget": budget, "within_budget": ok, **extra}


def map_rerun_ms(repeat: int = 15) -> dict:
    """Median time of a full rerun of the Map page (cluster level) after a filter change."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=60)
    at.query_params["level"] = "cluster"
    at.run()
    at.switch_page("pages/map.py").run()
    board = next(w for w in at.sidebar.multiselect if w.label == "Health board")
    times = []
    for i in range(repeat):
        board.set_value([BOARDS[i % len(BOARDS)]] if i % 8 != 7 else [])
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        board = next(w for w in at.sidebar.multiselect if w.label == "Health board")
    assert not at.exception
    return row(
        "Map page rerun after a filter change (cluster level, AppTest)",
        statistics.median(times) * 1000,
        "ms",
        150,
        best=min(times) * 1000,
        runs=repeat,
    )


# Installed in every frame before any page script: every 10 ms it counts the
# elements matching a selector; once there are ``count`` of them and they have
# a size on screen, it notes the time (ms since the epoch) of the next frame, by
# which they have been painted. So a load is timed inside the browser rather
# than by the test driver's polling (which adds a few hundred ms on a busy
# machine). Sizes are asked for only once the count is reached: asking makes
# the browser lay the page out there and then, which would slow the very load
# being timed.
PAGES = {  # what a load waits for: name -> (URL path, what it is, selector, how many)
    "metrics": ("/", "Overview figures", "[data-testid=stMetricValue]", 7),
    "paths": ("/map?level=cluster", "Map polygons", "path.leaflet-interactive", 60),
    "grid": ("/projects", "Projects table", "[data-testid=data-grid-canvas]", 1),
    "charts": ("/charts", "Charts' four figures", ".js-plotly-plot .draglayer", 4),
}
PAINT_PROBE = """
(() => {
  const targets = TARGETS;
  const painted = window.__sprxPainted = {};
  const check = () => {
    for (const [name, [selector, count]] of Object.entries(targets)) {
      if (name in painted) continue;
      const found = document.querySelectorAll(selector);
      if (found.length < count) continue;
      const shown = [...found].filter(e => e.getBoundingClientRect().width > 0);
      if (shown.length >= count) {
        painted[name] = null;
        requestAnimationFrame(() => { painted[name] = performance.timeOrigin + performance.now(); });
      }
    }
  };
  const timer = setInterval(() => {
    check();
    const done = Object.keys(painted).length === Object.keys(targets).length;
    if (done || performance.now() > 60000) clearInterval(timer);
  }, 10);
})();
""".replace("TARGETS", json.dumps({name: [selector, count] for name, (_, _, selector, count) in PAGES.items()}))


def _painted(page, name: str, timeout: float = 30.0) -> float:
    """Epoch seconds at which ``name`` (see PAINT_PROBE) was first painted, in any frame."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                value = frame.evaluate(f"window.__sprxPainted && window.__sprxPainted[{name!r}]")
            except Exception:  # a frame that went away or is not yet ready
                continue
            if value:
                return value / 1000
        page.wait_for_timeout(250)  # the time is taken in the browser: asking often only adds load
    raise RuntimeError(f"{name} not painted within {timeout} s")


def _navigation_start(page) -> float:
    """Epoch seconds at which the page's navigation started."""
    return page.evaluate("performance.timeOrigin") / 1000


START_BUDGET_S, LOAD_BUDGET_S, LOAD_RATIO_BUDGET = 6, 2, 1.2
# (what is started, name of its rows, pages loaded, page the start is timed to)
SERVERS = (
    ("app", "", ("metrics", "paths", "grid", "charts"), "paths"),
    ("floor", "Floor (bare app, same widgets): ", ("metrics", "paths", "charts"), "paths"),
    ("bare", "Floor (Streamlit alone: title and 7 figures): ", ("metrics",), "metrics"),
)


def _row_names(prefix: str, pages: tuple[str, ...], start: str) -> list[tuple[str, float | None]]:
    """Row names (and budgets, for the app itself) in the order :func:`_timings` fills them."""
    start_budget, load_budget = (None, None) if prefix else (START_BUDGET_S, LOAD_BUDGET_S)
    names = [(f"{prefix}Server start to {PAGES[start][1]} visible (Chromium)", start_budget)]
    names += [(f"{prefix}Warm page load: {PAGES[p][1]} visible", load_budget) for p in pages]
    names += [(f"{prefix}Return visit (browser cache filled): {PAGES[p][1]}", None) for p in pages]
    return names


def browser_rows(loads: int = 7, starts: int = 3) -> list[dict]:
    """Server start to map visible, and page loads on a warm server, in headless Chromium; then the floor.

    A load is timed from the start of the navigation to the first frame painted
    with what the page is for on screen (see ``PAGES``: the 7 headline figures,
    the 60 clusters, the projects table, the four charts). A first visit
    is a new browser context (empty cache); a return visit opens the page again in
    that context (Streamlit's scripts cached). Medians of ``loads`` (and of
    ``starts`` server starts); the time the test driver took to notice is kept
    beside each (``driver_s``). The same is measured for ``bench/floor_app.py``,
    a bare app with the same parts, and for its bare mode (a title and seven
    figures, nothing else), so the budgets can be read against what the
    framework itself takes on this machine.
    """
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        chromium = None
    if chromium is None:
        missing = "not measured: chromium or playwright missing"
        return [
            row(n, None, "s", b, note=missing)
            for _, prefix, pages, start in SERVERS
            for n, b in _row_names(prefix, pages, start)
        ]
    from tests.e2e.conftest import CHROMIUM_FLAGS, start_app

    rows = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as floor_dir:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        starters = {
            "app": start_app,
            "floor": partial(start_floor, Path(floor_dir)),
            "bare": partial(start_floor, Path(floor_dir), bare=True),
        }
        for server, prefix, pages, start in SERVERS:
            timings = _timings(browser, starters[server], loads, starts, pages, start)
            for (name, budget), pairs in zip(_row_names(prefix, pages, start), timings.values(), strict=True):
                values, seen = [v for v, _ in pairs], [d for _, d in pairs]
                rows.append(
                    row(name, statistics.median(values), "s", budget, best=min(values),
                        driver_s=statistics.median(seen), runs=len(pairs))
                )  # fmt: skip
        browser.close()
    return rows + _load_ratios(rows)


def _load_ratios(rows: list[dict]) -> list[dict]:
    """The app's warm page loads against the floor's showing the same parts (budget: 1.2 times)."""
    found = {r["name"]: r["value"] for r in rows}
    out = []
    for name in ("metrics", "paths", "charts"):
        app = found.get(f"Warm page load: {PAGES[name][1]} visible")
        floor = found.get(f"{SERVERS[1][1]}Warm page load: {PAGES[name][1]} visible")
        ratio = None if app is None or not floor else app / floor
        out.append(row(f"Warm page load: {PAGES[name][1]}, app / floor's", ratio, "x", LOAD_RATIO_BUDGET))
    return out


def _timings(browser, start_server, loads: int, starts: int, pages: tuple[str, ...], start_page: str) -> dict:
    """Server starts to ``start_page`` painted, then first and return visits of each of ``pages`` (see PAGES)."""
    from tests.e2e.conftest import _free_port, wait_healthy

    timings = {key: [] for key in ("start", *pages, *(f"{name} again" for name in pages))}
    for attempt in range(starts):
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        start = time.time()
        process = start_server(port)
        try:
            page = _new_page(browser)
            wait_healthy(url)
            page.goto(url + PAGES[start_page][0])
            timings["start"].append((_painted(page, start_page) - start, time.time() - start))
            page.context.close()
            if attempt < starts - 1:
                continue
            for _ in range(loads):
                for name in pages:
                    path = PAGES[name][0]
                    page = _new_page(browser)
                    timings[name].append(_load(page, url + path, name))
                    again = page.context.new_page()
                    timings[f"{name} again"].append(_load(again, url + path, name))
                    page.context.close()
        finally:
            process.terminate()
            process.wait(timeout=10)
    return timings


def _load(page, url: str, name: str) -> tuple[float, float]:
    """Open ``url``: seconds from navigation start to ``name`` painted, and as the driver saw it."""
    t0 = time.time()
    page.goto(url)
    painted = _painted(page, name)
    return painted - _navigation_start(page), time.time() - t0


def _new_page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.add_init_script(PAINT_PROBE)
    return context.new_page()


def main(argv: list[str]) -> int:
    """All benchmarks; ``python -m bench PART`` runs only one part (and writes nothing): ``browser`` (the app's
    page loads), ``publish`` (the static site: build, pages, size, Lighthouse), ``lighthouse`` (its scores),
    ``cell`` (a return with one 10,000-value cell beside an ordinary one) or ``dimension`` (a dimension bomb read
    beside an ordinary return).

    ``python -m bench load [crowd|soak|replicas ...]`` runs only the crowds at the
    Streamlit protocol (``bench/load.py``; all three parts when none is named) and
    puts their rows into ``bench/results.json`` beside the others already there.
    """
    from bench import dimension, one_cell, publish

    parts = {
        "browser": browser_rows,
        "publish": publish.rows,
        "lighthouse": publish.lighthouse_rows,
        "cell": one_cell.rows,
        "dimension": dimension.rows,
    }
    if len(argv) == 1 and argv[0] in parts:
        report(parts[argv[0]]())
        return 0
    if argv[:1] == ["load"]:
        from bench import load

        unknown = set(argv[1:]) - set(load.PARTS)
        if unknown:
            print(f"unknown part(s) {sorted(unknown)}: choose from {sorted(load.PARTS)}", file=sys.stderr)
            return 2
        rows = load.rows(argv[1:])
        report(rows)
        write(rows, merge=True)
        return 0
    if argv:
        print(f"usage: python -m bench [{'|'.join(parts)}|load [crowd|soak|replicas ...]]", file=sys.stderr)
        return 2
    from bench.load import machine, say_machine

    print(say_machine(machine()), flush=True)
    geo = load_geography()
    paths = sorted(SAMPLE_DIR.glob("*.xlsx"))
    projects, _ = read_returns(paths, geo, "2017-02")
    shares = metrics.apportion(projects, geo)
    f = filters.Filters(boards=("W11000029",))
    table = metrics.area_table(projects, shares, geo, "cluster")
    html = maps.map_html(maps.area_map(geo, table, "cluster", "fte_per_10k", tooltip_measures=measures.AREA))
    rows = [
        measure("load embedded geography", load_geography),
        measure(
            f"read {len(paths)} sample returns ({len(projects)} projects)",
            lambda: read_returns(paths, geo, "2017-02"),
            repeat=5,
        ),
        *dimension.rows(),
        measure("apportion projects to clusters", lambda: metrics.apportion(projects, geo)),
        measure(
            "filter + cluster table (one board)",
            lambda: metrics.area_table(
                filters.apply(f, projects, geo), shares, geo, "cluster", filters.area_clusters(f, geo)
            ),
        ),
        measure(
            "build cluster map + render HTML",
            lambda: maps.map_html(maps.area_map(geo, table, "cluster", "fte_per_10k", tooltip_measures=measures.AREA)),
        ),
        row("cluster-level map HTML", len(html.encode()) / 1024, "KB", 250),
        *one_cell.rows(),
        map_rerun_ms(),
        *browser_rows(),
        *publish.rows(),
    ]
    from bench import load

    rows += load.rows([])
    report(rows)
    write(rows)
    return 0


def write(rows: list[dict], merge: bool = False) -> None:
    """Write ``rows`` to ``bench/results.json``; with ``merge``, in place of the rows of the same names there."""
    if merge and RESULTS.exists():
        names = {r["name"] for r in rows}
        rows = [r for r in json.loads(RESULTS.read_text())["results"] if r["name"] not in names] + rows
    from bench.load import machine

    RESULTS.write_text(
        json.dumps(
            {
                "python": platform.python_version(),
                "machine": platform.machine(),
                "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "load_at_end": machine(),
                "results": rows,
            },
            indent=1,
        )
        + "\n"
    )
    print(f"written {RESULTS}")


def report(rows: list[dict]) -> None:
    """Print ``rows`` as a table; a row measured on a busy machine (see :func:`bench.load.machine`) is marked."""
    from bench.load import say_machine

    width = max(len(r["name"]) for r in rows)
    print(f"{'benchmark':<{width}}  {'value':>9}  unit  {'budget':>6}  ok   (seen by the test driver)")
    busy = {}
    for r in rows:
        decimals = 2 if r["unit"] in ("s", "x") else 1
        value = "n/a" if r["value"] is None else f"{r['value']:.{decimals}f}"
        budget = "" if r["budget"] is None else f"{'>=' if r.get('higher_is_better') else ''}{r['budget']:g}"
        ok = {True: "yes", False: "NO", None: ""}[r["within_budget"]]
        driver = f"({r['driver_s']:.2f} s)" if "driver_s" in r else ""
        state = r.get("machine_before")
        if state and not state["quiet"]:
            busy[say_machine(state)] = None
            driver += " BUSY MACHINE"
        print(f"{r['name']:<{width}}  {value:>9}  {r['unit']:<4}  {budget:>6}  {ok:<3}  {driver}")
    for line in busy:
        print(line)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
