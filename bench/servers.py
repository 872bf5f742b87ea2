"""The servers the benchmarks measure: the dashboard, the floor app, and how much memory a process holds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sprx_map import PROJECT_DIR


def prepare_floor(folder: Path) -> None:
    """Put ``floor_app.py`` in ``folder`` with what it shows (made by the app's code), Leaflet and the app's server
    settings, unless it is there already."""
    if not (folder / "floor_app.py").exists():
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(Path(__file__).with_name("floor_app.py"), folder)
        shutil.copytree(PROJECT_DIR / "static" / "leaflet", folder / "static" / "leaflet")
        shutil.copytree(PROJECT_DIR / ".streamlit", folder / ".streamlit")
        (folder / "charts.json").write_text(json.dumps(charts_page_figures()))
        (folder / "pages.json").write_text(json.dumps(overview_and_map()))


def start_floor(folder: Path, port: int, bare: bool = False) -> subprocess.Popen:
    """Start ``floor_app.py`` from ``folder`` (:func:`prepare_floor`)."""
    prepare_floor(folder)
    command = [sys.executable, "-m", "streamlit", "run", "floor_app.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1"]
    env = {**os.environ, "SPRX_FLOOR": "bare" if bare else "widgets"}
    return subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def charts_page_figures(lang: str = "en") -> list[dict]:
    """The four figures the app's Charts page shows for the newest illustrative round (with their notes), as
    plotly JSON: the floor app shows the same figures with nothing else to do."""
    from sprx_map import charts, filters, metrics, tables
    from sprx_map.dataset import load_sample
    from sprx_map.downloads import release_of
    from sprx_map.geo.geography import load_geography

    geo = load_geography()
    data = load_sample(geo)
    chosen = filters.Filters(round=data.rounds()[0])
    projects = filters.apply(chosen, data.projects, geo)
    clusters = filters.area_clusters(chosen, geo)
    boards = tables.area_frame(metrics.area_table(projects, data.shares, geo, "health_board", clusters), geo,
                               "health_board", lang)  # fmt: skip
    current = projects[projects["status"] == "current"]
    cluster_frame = tables.area_frame(metrics.area_table(current, data.shares, geo, "cluster", clusters), geo,
                                      "cluster", lang)  # fmt: skip
    notes = release_of(data, geo, chosen, lang).lines()
    figures = (
        charts.projects_by_category(projects, lang),
        charts.by_board(boards, lang),
        charts.caseload(cluster_frame, lang),
        charts.projects_by_status(projects, lang),
    )
    return [json.loads(charts.add_source(figure, notes).to_json()) for figure in figures]


OVERVIEW_METRICS = (
    ("projects_current", "projects_planned", "link_worker_fte", "referrals"),
    ("fte_per_10k", "referrals_per_1k", "clusters_covered"),
)  # as the app's Overview shows them, in two rows
MAP_FILES = ("map.download_html", "map.download_geojson", "projects.download_csv", "projects.download_xlsx")


def overview_and_map(lang: str = "en") -> dict:
    """What the app's Overview and Map show for the newest illustrative round (default filters), as text made
    by the app's own code: the floor app shows the same elements (titles, notices, metrics, the board table,
    the map with its layer and legend, the widgets) with nothing to work out."""
    from sprx_map import filters, rounds
    from sprx_map.dataset import load_sample
    from sprx_map.geo.geography import load_geography
    from sprx_map.geo.manifest import read_manifest
    from sprx_map.i18n import t
    from sprx_map.view import View

    geo = load_geography()
    data = load_sample(geo)
    view = View(data, geo, filters.Filters(round=data.rounds()[0]))
    return {
        "illustrative": t("app.illustrative", lang),
        "as_of": rounds.data_as_of(view.returns, lang),  # no time: the sample was read from files, not imported
        "attribution": read_manifest().attribution_in(lang),
        "overview": _overview(view, lang),
        "map": _map(view, lang),
    }


def _overview(view, lang: str) -> dict:
    from sprx_map import filters, measures, tables
    from sprx_map.i18n import t

    h = view.headline
    covered = t("overview.covered_of", lang, covered=h["clusters_covered"], total=h["clusters_total"])

    def metric(m: str) -> list[str]:
        return [
            t(f"measure.{m}", lang),
            tables.headline_value(h, m, lang, covered if m == "clusters_covered" else None),
        ]

    columns = (*measures.AREA, "clusters_total", *measures.REPORTING)
    return {
        "title": t("overview.title", lang),
        "scope": filters.scope(view.geo, view.counted, h["registered_population"], lang),
        "metrics": [[metric(m) for m in row] for row in OVERVIEW_METRICS],
        "completeness": tables.headline_completeness(h, lang),
        "subheader": t("overview.by_board", lang),
        "table": tables.TABLE_STYLE + view.area_html("health_board", lang, columns),
    }  # no note of withheld figures: the boards' table has none by default, as on the app's Overview


def _map(view, lang: str, level: str = "cluster", measure: str = "fte_per_10k") -> dict:
    from sprx_map import measures, metrics
    from sprx_map.i18n import t

    m = view.area_map(level, measure, lang, tooltip_measures=measures.AREA, selected=None, basemap=False, focus=None)
    layers = list(m._children.values())  # the areas, the legend and the bounds, as the map's script writes them
    macros = [(getattr(c._template.module, "header", None), c._template.module.script, c) for c in layers]
    return {
        "title": t("map.title", lang),
        "level": t("map.level", lang),
        "levels": [t(f"level.{x}", lang) for x in ("health_board", "local_authority", "cluster")],
        "measure": t("map.measure", lang),
        "measures": [t(f"measure.{x}", lang) for x in measures.at_level(level)],
        "basemap": t("map.basemap", lang),
        "events": t("map.events", lang),
        "map_name": m.get_name(),
        "header": "".join(head(c, {}) for head, _, c in macros if head is not None),
        "script": "\n".join(script(c, {}) for _, script, c in macros),
        "indicative": t("app.indicative_clusters", lang),
        "area": t("map.area", lang),
        "areas": list(view.geo.area_names(level, lang)),
        "click_hint": t("map.click_hint", lang),
        "table": t("map.table", lang),
        "suppressed": t("suppressed.note", lang, threshold=metrics.suppression_threshold()),
        "downloads": t("map.downloads", lang),
        "files": [t(key, lang) for key in MAP_FILES],
    }


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
