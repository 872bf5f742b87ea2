"""A tiny world to check every coverage-gap measure by hand: 3 clusters, 5 projects, 2 rounds.

Board A (W11000901) has authority W06000901 with clusters ``aber`` (10,000
patients) and ``bryn`` (30,000); board B (W11000902) has authority W06000902
with cluster ``cwm`` (20,000). Wales here is these 60,000 patients.

Round 2025-03: Green Gym (A; aber+bryn; current; 1.0 FTE; 20 referrals),
Befriending (B; cwm; current; 0.6 FTE; 7), Money Advice (B; cwm; planned).
Round 2026-03: Green Gym (2.0 FTE; 12), Arts on Prescription (A; aber; current;
0.5 FTE; 1), Money Advice (now current; 1.0 FTE; 12), Walking Group (B; cwm; planned).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from sprx_map import metrics, schema
from sprx_map.geo.geography import Geography

BOARD_A, BOARD_B = "W11000901", "W11000902"
LA_A, LA_B = "W06000901", "W06000902"


def geography() -> Geography:
    def box(x):
        return shapely.box(x, 52.0, x + 0.1, 52.1)

    boards = gpd.GeoDataFrame(
        {"name_en": ["Board A", "Board B"], "name_cy": ["Bwrdd A", "Bwrdd B"], "short_name": ["A", "B"]},
        geometry=[shapely.box(-4.0, 52.0, -3.8, 52.1), box(-3.8)],
        index=pd.Index([BOARD_A, BOARD_B], name="code"),
        crs="EPSG:4326",
    )
    authorities = gpd.GeoDataFrame(
        {"name_en": ["Sir A", "Sir B"], "name_cy": ["Sir A", "Sir B"], "hb_code": [BOARD_A, BOARD_B]},
        geometry=list(boards.geometry),
        index=pd.Index([LA_A, LA_B], name="code"),
        crs="EPSG:4326",
    )
    clusters = gpd.GeoDataFrame(
        {
            "name_en": ["Aber", "Bryn", "Cwm"],
            "name_cy": ["Aber", "Bryn", "Cwm"],
            "la_code": [LA_A, LA_A, LA_B],
            "hb_code": [BOARD_A, BOARD_A, BOARD_B],
            "practices": [2, 3, 2],
            "registered_population": [10_000, 30_000, 20_000],
            "seed_lat": [52.05, 52.05, 52.05],
            "seed_lon": [-3.95, -3.85, -3.75],
            "indicative": [True, True, True],
        },
        geometry=[box(-4.0), box(-3.9), box(-3.8)],
        index=pd.Index(["aber", "bryn", "cwm"], name="cluster_id"),
        crs="EPSG:4326",
    )
    return Geography(boards=boards, authorities=authorities, clusters=clusters)


COLUMNS = [
    "project_id", "round", "project_name", "lead_organisation", "health_board", "clusters_served", "status",
    "activity_categories", "link_worker_fte", "referrals_received",
]  # fmt: skip
ROWS = [
    ("2025-03/1", "2025-03", "Green Gym", "Groundwork", BOARD_A, ["aber", "bryn"], "current", ["nature", "physical"], 1.0, 20),  # noqa: E501
    ("2025-03/2", "2025-03", "Befriending", "Age Cymru", BOARD_B, ["cwm"], "current", ["befriending"], 0.6, 7),
    ("2025-03/3", "2025-03", "Money Advice", "Citizens Advice", BOARD_B, ["cwm"], "planned", ["money"], None, None),
    ("2026-03/1", "2026-03", "Green Gym", "Groundwork", BOARD_A, ["aber", "bryn"], "current", ["nature", "physical"], 2.0, 12),  # noqa: E501
    ("2026-03/2", "2026-03", "Arts on Prescription", "Arts Council", BOARD_A, ["aber"], "current", ["arts"], 0.5, 1),
    ("2026-03/3", "2026-03", "MONEY advice", "Citizens Advice", BOARD_B, ["cwm"], "current", ["money"], 1.0, 12),
    ("2026-03/4", "2026-03", "Walking Group", "Ramblers", BOARD_B, ["cwm"], "planned", ["physical"], None, None),
]  # fmt: skip


def projects(rows: list[tuple] = ROWS) -> pd.DataFrame:
    """The projects of ``rows`` (default :data:`ROWS`), each a tuple of :data:`COLUMNS`, as the reader gives them."""
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for f in schema.FIELDS:  # the fields the tiny world does not need, left blank
        if f.key not in frame:
            frame[f.key] = [[] for _ in rows] if f.key in schema.LIST_FIELDS else None
    frame["link_worker_fte"] = frame["link_worker_fte"].astype("Float64")
    frame["referrals_received"] = frame["referrals_received"].astype("Int64")
    return frame


def world():
    """(geography, all projects, their shares, projects of 2025-03, projects of 2026-03)."""
    geo, p = geography(), projects()
    shares = metrics.apportion(p, geo)
    return geo, p, shares, p[p["round"] == "2025-03"], p[p["round"] == "2026-03"]
