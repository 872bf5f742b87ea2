"""The published site: how long a build takes (beside the floor of writing the same files), how many pages and
bytes it makes, and Lighthouse's scores for its index and a cluster profile (and for the live app's Overview).

Budgets (issue: publishing a round): the whole site builds in under 30 s; Lighthouse, desktop preset, on
the index and a cluster profile, and on a slide both desktop and mobile (issue: slides that scale to any room):
performance >= 95, accessibility 100, best practices 100 (SEO is reported without a budget). The other mobile
scores, and the live app's, are reported beside them. Lighthouse is the npm package
pinned in package.json, run with Debian's Chromium.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sprx_map import PROJECT_DIR

LIGHTHOUSE = PROJECT_DIR / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": None}
BUILD_BUDGET_S = 30
PROFILE = "en/cluster/cardiff-east.html"  # a cluster profile: the smallest areas have the most detailed locator
SLIDE = "en/slides/w11000023.html"  # Betsi Cadwaladr's slide: the most clusters, so the longest table


def _row(name: str, value, unit: str, budget=None, higher_is_better: bool = False, **extra) -> dict:
    # Imported here: ``python -m bench`` runs bench/__main__.py as __main__, which imports this module.
    from bench.__main__ import row

    return row(name, value, unit, budget, higher_is_better=higher_is_better, **extra)


def _store(folder: Path) -> tuple[str, object, object]:
    """A throwaway store in ``folder`` seeded with the illustrative sample, its geography and data (as a new
    install has)."""
    from sprx_map import store
    from sprx_map.dataset import load_active, load_store

    url = f"sqlite:///{folder / 'store.sqlite'}"
    geo = load_active(store.connect(url))
    return url, geo, load_store(geo, url)


def build_rows(folder: Path, repeat: int = 3) -> tuple[list[dict], Path]:
    """Median build time of the whole site (as ``publish`` builds it) into ``folder``, the floor of writing the
    same files, and what the site holds. Returns the rows and the folder of the last build."""
    from sprx_map.publish.site import build

    _, geo, data = _store(folder)
    out = folder / "site"
    times, cpu = [], []
    for _ in range(repeat):
        start, used = time.perf_counter(), time.process_time()
        done = build(out, data, geo, workers=2)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - used)  # this process's share: a machine busy with others shows here
    written = [p for p in sorted(out.rglob("*")) if p.is_file()]
    contents = [(p.relative_to(out), p.read_bytes()) for p in written]
    floors = []
    for _ in range(repeat):  # the same bytes written to the same number of files: what any build must spend
        target = folder / "floor"
        start = time.perf_counter()
        for relative, content in contents:
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            (target / relative).write_bytes(content)
        floors.append(time.perf_counter() - start)
        shutil.rmtree(target)
    built, floor = statistics.median(times), statistics.median(floors)
    pages = [content for relative, content in contents if relative.suffix == ".html"]
    rows = [
        _row("Publish: whole site built (2 processes)", built, "s", BUILD_BUDGET_S, best=min(times), runs=repeat,
             ratio_to_floor=built / floor if floor else None, first_process_cpu_s=statistics.median(cpu),
             load_average=os.getloadavg()[0]),
        _row("Publish floor: the same files written", floor, "s", best=min(floors), runs=repeat),
        _row("Publish: pages (English and Welsh)", done.pages, "pages"),
        _row("Publish: files", done.files, "files"),
        _row("Publish: total size", done.size / 2**20, "MiB"),
        _row("Publish: largest page", max(len(p) for p in pages) / 1024, "KB"),
        _row("Publish: index page (en)", len((out / "en" / "index.html").read_bytes()) / 1024, "KB"),
        _row("Publish: cluster profile (en)", len((out / PROFILE).read_bytes()) / 1024, "KB"),
    ]  # fmt: skip
    return rows, out


def lighthouse(url: str, desktop: bool, runs: int = 3) -> dict[str, float]:
    """Lighthouse's scores (0-100) of ``url`` in headless Chromium, the median of ``runs`` (scores vary with the
    machine's load, the mobile ones most): the desktop preset, or the default mobile."""
    each = [_lighthouse_once(url, desktop) for _ in range(runs)]
    return {key: statistics.median(scores[key] for scores in each) for key in CATEGORIES}


def _lighthouse_once(url: str, desktop: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
                   f"--only-categories={','.join(CATEGORIES)}",
                   "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"]  # fmt: skip
        if desktop:
            command.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "chromium"}
        subprocess.run(command, check=True, env=env, capture_output=True, timeout=300)
        found = json.loads(report.read_text())["categories"]
    return {key: round(found[key]["score"] * 100) for key in CATEGORIES}


def _serve(folder: Path, port: int) -> subprocess.Popen:
    """A plain static server on loopback: what a shared drive's web server or a USB stick would be."""
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def lighthouse_rows(site: Path | None = None, app: bool = True) -> list[dict]:
    """Lighthouse on the published index, a cluster profile and a slide (desktop and mobile), and on the app's Overview
    (``site``: a site built before; by default one is built, in a folder removed afterwards)."""
    if site is None:
        with tempfile.TemporaryDirectory(prefix="sprx-site-") as folder:
            return lighthouse_rows(build_rows(Path(folder), repeat=1)[1], app)
    pages = (("index", "en/index.html"), ("cluster profile", PROFILE), ("slide", SLIDE))
    if not LIGHTHOUSE.exists() or shutil.which("chromium") is None:
        note = "not measured: lighthouse (npm ci) or chromium missing"
        names = [f"published {what}" for what, _ in pages] + (["live app Overview"] if app else [])
        return [
            _row(f"Lighthouse {form}, {name}: {c}", None, "score", note=note)
            for form in ("desktop", "mobile")
            for name in names
            for c in CATEGORIES
        ]
    from tests.e2e.conftest import _free_port, start_app, wait_healthy

    port = _free_port()
    server = _serve(site, port)
    rows = []
    try:
        time.sleep(0.5)
        for form in ("desktop", "mobile"):
            for what, path in pages:
                scores = lighthouse(f"http://127.0.0.1:{port}/{path}", form == "desktop")
                for category, score in scores.items():
                    budget = TARGETS[category] if form == "desktop" or what == "slide" else None
                    rows.append(_row(f"Lighthouse {form}, published {what}: {category}", score, "score", budget,
                                     higher_is_better=True, runs=3))  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=10)
    if app:
        port = _free_port()
        process = start_app(port, {"SPRX_DATABASE_URL": _store(site.parent)[0]})
        try:
            wait_healthy(f"http://127.0.0.1:{port}")
            for form in ("desktop", "mobile"):
                scores = lighthouse(f"http://127.0.0.1:{port}/", form == "desktop")
                name = f"Lighthouse {form}, live app Overview"
                rows += [_row(f"{name}: {c}", score, "score", runs=3) for c, score in scores.items()]
        finally:
            process.terminate()
            process.wait(timeout=10)
    return rows


def rows() -> list[dict]:
    """Every row of this part: the build, then Lighthouse on what it built (in a folder removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="sprx-site-") as folder:
        built, site = build_rows(Path(folder))
        return built + lighthouse_rows(site)
