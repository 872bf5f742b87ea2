"""Run the benchmarks, print a table and write ``bench/results.json``."""

from __future__ import annotations

import json
import platform
import statistics
import time
import tracemalloc
from pathlib import Path

from sprx_map import SAMPLE_DIR, metrics
from sprx_map.geography import load_geography
from sprx_map.returns import read_returns

RESULTS = Path(__file__).with_name("results.json")


def measure(name: str, fn, repeat: int = 7) -> dict:
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
    return {
        "name": name,
        "median_ms": statistics.median(times) * 1000,
        "best_ms": min(times) * 1000,
        "peak_mib": peak / 2**20,
        "runs": repeat,
    }


def main() -> int:
    geo = load_geography()
    paths = sorted(SAMPLE_DIR.glob("*.xlsx"))
    projects, _ = read_returns(paths, geo, "2017-02")
    shares = metrics.apportion(projects, geo)
    rows = [
        measure("load embedded geography", load_geography),
        measure(
            f"read {len(paths)} sample returns ({len(projects)} projects)",
            lambda: read_returns(paths, geo, "2017-02"),
            repeat=5,
        ),
        measure("apportion projects to clusters", lambda: metrics.apportion(projects, geo)),
        measure("totals at cluster level", lambda: metrics.totals(shares, "cluster", geo)),
        measure("headline figures, Wales", lambda: metrics.headline(projects, shares, geo)),
    ]
    width = max(len(r["name"]) for r in rows)
    print(f"{'benchmark':<{width}}  {'median ms':>10}  {'best ms':>8}  {'peak MiB':>9}")
    for r in rows:
        print(f"{r['name']:<{width}}  {r['median_ms']:>10.1f}  {r['best_ms']:>8.1f}  {r['peak_mib']:>9.1f}")
    RESULTS.write_text(
        json.dumps(
            {
                "python": platform.python_version(),
                "machine": platform.machine(),
                "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "results": rows,
            },
            indent=1,
        )
        + "\n"
    )
    print(f"written {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
