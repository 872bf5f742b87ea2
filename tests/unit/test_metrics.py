import pandas as pd
import pytest

from sprx_map import metrics


@pytest.mark.parametrize(
    ("total", "weights", "parts"),
    [
        (10, [1, 1, 1], [4, 3, 3]),
        (100, [30000, 66200], [31, 69]),
        (7, [30000, 66200, 45300], [2, 3, 2]),  # 1.48, 3.27, 2.24
        (0, [5, 5], [0, 0]),
        (5, [1], [5]),
        (1, [1, 1], [1, 0]),
    ],
)
def test_largest_remainder(total, weights, parts):
    assert metrics.largest_remainder(total, weights) == parts


def _projects(rows):
    frame = pd.DataFrame(
        rows, columns=["project_id", "clusters_served", "link_worker_fte", "referrals_received", "status"]
    )
    frame["link_worker_fte"] = frame["link_worker_fte"].astype("Float64")
    frame["referrals_received"] = frame["referrals_received"].astype("Int64")
    return frame


def test_apportion_small_known_case(geo):
    projects = _projects(
        [
            ("a", ["mid-powys", "north-powys"], 1.0, 10, "current"),  # 30,000 and 66,200 patients
            ("b", ["south-powys"], 0.5, None, "current"),
            ("c", ["mid-powys", "north-powys", "south-powys"], None, 7, "ended"),
        ]
    )
    shares = metrics.apportion(projects, geo)
    got = [(r.project_id, r.cluster_id, r.fte_units, r.referrals) for r in shares.itertuples()]
    assert got == [
        ("a", "mid-powys", 31, 3),
        ("a", "north-powys", 69, 7),
        ("b", "south-powys", 50, pd.NA),
        ("c", "mid-powys", pd.NA, 2),
        ("c", "north-powys", pd.NA, 3),
        ("c", "south-powys", pd.NA, 2),
    ]
    by_cluster = metrics.totals(shares, "cluster", geo)
    assert by_cluster.loc["mid-powys"].tolist() == [31, 5]
    assert by_cluster.loc["cardiff-east"].tolist() == [0, 0]
    assert metrics.totals(shares, "health_board", geo).loc["W11000024"].tolist() == [150, 17]
    h = metrics.headline(projects, shares, geo, clusters=geo.clusters_of_board("W11000024"))
    assert h["projects_current"] == 2 and h["projects_planned"] == 0
    assert h["link_worker_fte"] == 1.5 and h["referrals"] == 17
    assert h["registered_population"] == 141_500
    assert h["fte_per_10k"] == pytest.approx(1.5 / 141_500 * 10_000)
    assert h["clusters_covered"] == 3


def test_totals_agree_at_every_level_on_the_sample(sample, geo):
    p, shares = sample.projects, sample.shares
    expected = [round(float(p["link_worker_fte"].sum()) * 100), int(p["referrals_received"].sum())]
    for level in ("cluster", "local_authority", "health_board"):
        table = metrics.totals(shares, level, geo)
        assert len(table) == {"cluster": 60, "local_authority": 22, "health_board": 7}[level]
        assert table.sum().tolist() == expected, level
    # Each project's shares add up to its own figures exactly.
    per_project = shares.groupby("project_id")[["fte_units", "referrals"]].sum(min_count=1)
    merged = p.set_index("project_id").join(per_project)
    fte = merged.dropna(subset=["link_worker_fte"])
    assert ((fte["link_worker_fte"] * 100).round().astype(int) == fte["fte_units"]).all()
    refs = merged.dropna(subset=["referrals_received"])
    assert (refs["referrals_received"] == refs["referrals"]).all()
    # Board totals equal the sums of their clusters' totals.
    clusters = metrics.totals(shares, "cluster", geo)
    boards = metrics.totals(shares, "health_board", geo)
    assert clusters.groupby(geo.clusters["hb_code"]).sum().reindex(boards.index).equals(boards)
