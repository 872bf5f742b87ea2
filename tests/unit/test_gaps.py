"""Coverage gaps and change between rounds on the tiny world (see tests/tiny.py); disclosure control is in
test_suppression.py.

Every expected value below was worked out by hand from the projects listed there.
"""

import pandas as pd
import pytest

from sprx_map import change, gaps, metrics
from tests import tiny


def test_apportioned_figures_by_hand(world):
    geo, _, shares, _, latest = world
    table = metrics.area_table(latest, shares, geo, "cluster", threshold=0)
    assert table["link_worker_fte"].tolist() == [1.0, 1.5, 1.0]  # 0.5+0.5, 1.5, 1.0
    assert table["referrals"].tolist() == [4, 9, 12]  # Green Gym's 12 split 3:9, plus Arts' 1
    assert table["fte_per_10k"].tolist() == pytest.approx([1.0, 0.5, 0.5])
    assert table["referrals_per_1k"].tolist() == pytest.approx([0.4, 0.3, 0.6])
    assert table["projects_current"].tolist() == [2, 1, 1]
    assert table["projects_planned"].tolist() == [0, 0, 1]
    boards = metrics.area_table(latest, shares, geo, "health_board", threshold=0)
    assert boards["fte_per_10k"].tolist() == pytest.approx([0.625, 0.5])
    assert boards["referrals_per_1k"].tolist() == pytest.approx([0.325, 0.6])
    wales = metrics.headline(latest, shares, geo, threshold=0)
    assert (wales["link_worker_fte"], wales["referrals"]) == (3.5, 25)
    assert wales["fte_per_10k"] == pytest.approx(3.5 / 6)


def test_ranking_puts_least_provision_first_beside_board_and_wales(world):
    geo, _, shares, _, latest = world
    ranked = gaps.ranking(gaps.level_tables(latest, shares, geo, threshold=5), geo)
    # Bryn and Cwm tie on 0.5 FTE per 10,000; Cwm's referral rate (0.6) is shown, Bryn's withheld.
    assert list(ranked.index) == ["cwm", "bryn", "aber"]
    assert ranked["board_fte_per_10k"].tolist() == pytest.approx([0.5, 0.625, 0.625])
    assert ranked["wales_fte_per_10k"].tolist() == pytest.approx([3.5 / 6] * 3)
    assert ranked["wales_referrals_per_1k"].tolist() == pytest.approx([25 / 60] * 3)
    assert ranked["no_current"].tolist() == [False, False, False]
    earlier = gaps.ranking(gaps.level_tables(world[3], shares, geo, threshold=5), geo)
    assert earlier["no_current"].to_dict() == {"aber": False, "bryn": False, "cwm": False}


def test_no_current_project_flags_the_gap(world):
    geo, projects, shares, _, _ = world
    only_b = projects[(projects["round"] == "2026-03") & (projects["health_board"] == tiny.BOARD_B)]
    ranked = gaps.ranking(gaps.level_tables(only_b, shares, geo, threshold=0), geo)
    assert ranked["no_current"].to_dict() == {"aber": True, "bryn": True, "cwm": False}
    assert ranked.loc["aber", "fte_per_10k"] == 0.0


def test_category_matrix_by_hand(world):
    geo, _, _, earlier, latest = world
    matrix = gaps.category_matrix(latest, geo)
    nonzero = {(c, k): v for (c, k), v in matrix.stack().items() if v}
    assert nonzero == {
        ("aber", "arts"): 1,
        ("aber", "nature"): 1,
        ("aber", "physical"): 1,
        ("bryn", "nature"): 1,
        ("bryn", "physical"): 1,
        ("cwm", "money"): 1,
    }
    assert matrix.shape == (3, 13)
    # 2025: Money Advice was only planned, so Cwm had befriending and nothing else.
    assert gaps.category_matrix(earlier, geo).loc["cwm"].to_dict()["money"] == 0


def test_indicator_csv_keyed_by_name_with_rows_accounted_for(world):
    geo = world[0]
    data = b"Cluster,Share most deprived\nAber,0.5\nbryn,0.6\nCWM,0.1\nNowhere,0.2\nAber,0.9\n"
    indicator = gaps.read_indicator("need.csv", data, geo)
    assert indicator.ok and indicator.level == "cluster" and indicator.name == "Share most deprived"
    assert indicator.values.to_dict() == {"aber": 0.5, "bryn": 0.6, "cwm": 0.1}
    assert indicator.notes == [
        "Row 5: 'Nowhere' is not a cluster; left out.",
        "Row 6: 'Aber' appears again; the first value is kept.",
    ]


def test_indicator_without_an_area_column_says_what_it_found(world):
    indicator = gaps.read_indicator("x.csv", b"a,b\n1,2\n", world[0])
    assert not indicator.ok
    assert indicator.problems == [
        "x.csv: no column holds area codes or names (columns found: a, b). Put the area's code or name in one column."
    ]


def test_need_against_provision_quadrants(world):
    geo, _, shares, _, latest = world
    table = metrics.area_table(latest, shares, geo, "cluster", threshold=5)
    need = pd.Series({"aber": 0.5, "bryn": 0.6, "cwm": 0.1})
    placed = gaps.need_provision(table, need, "fte_per_10k")
    # Medians: need 0.5, provision 0.5.
    assert placed["quadrant"].to_dict() == {"aber": "ahead", "bryn": "gap", "cwm": "matched_low"}
    assert placed.attrs == {"need_median": 0.5, "provision_median": 0.5}
    # Withheld rates are left out, never plotted.
    assert list(gaps.need_provision(table, need, "referrals_per_1k").index) == ["cwm"]


def test_change_between_rounds_by_hand(world):
    geo, _, shares, earlier, latest = world
    changes = change.project_changes(earlier, latest)
    assert list(zip(changes["project_name"], changes["change"], strict=True)) == [
        ("Arts on Prescription", "new"),
        ("Walking Group", "new"),
        ("Green Gym", "continuing"),
        ("MONEY advice", "continuing"),  # was planned, now current: the same project
        ("Befriending", "not_reported"),  # missing from the latest return: never counted as ended
    ]
    assert change.change_counts(changes) == {"new": 2, "ended": 0, "continuing": 2, "not_reported": 1}
    boards = change.change_table(earlier, latest, shares, geo, "health_board", threshold=5)
    assert boards["link_worker_fte_change"].tolist() == [1.5, 0.4]
    assert boards["referrals_change"].tolist() == [-7, 5]
    assert boards["projects_current_change"].tolist() == [1, 0]
    clusters = change.change_table(earlier, latest, shares, geo, "cluster", threshold=5)
    assert clusters["link_worker_fte_change"].tolist() == [0.75, 0.75, 0.4]
    # Aber's 2026 count (4) is withheld, Bryn's protects it; so are their 2025 counts and the changes.
    assert clusters["referrals_change"].isna().tolist() == [True, True, False]
    assert clusters["referrals_before"].isna().tolist() == [True, True, False]
    assert clusters.loc["cwm", ["referrals_before", "referrals_now", "referrals_change"]].tolist() == [7, 12, 5]
    assert clusters["referrals_now_mark"].tolist() == ["primary", "secondary", ""]
    assert clusters["referrals_before_mark"].tolist() == ["secondary", "secondary", ""]
    unprotected = change.change_table(earlier, latest, shares, geo, "cluster", threshold=0)
    assert unprotected["referrals_change"].tolist() == [-1, -6, 5]  # 5->4, 15->9, 7->12


def test_previous_round_stays_within_its_kind():
    rounds = ["2026-03", "2025-03", "sample-2", "sample-1"]
    assert change.previous_round(rounds, "2025-03", ("sample-1", "sample-2")) is None
    assert change.previous_round(rounds, "sample-2", ("sample-1", "sample-2")) == "sample-1"
    assert (
        change.previous_round(["sample", "sample-earlier"], "sample", ("sample-earlier", "sample")) == "sample-earlier"
    )


def test_profile_file_is_self_contained_and_escaped(world):
    import re

    from sprx_map import profiles

    table = pd.DataFrame({"Project name": ["<img src=x onerror=alert(1)>"], "Referrals": ["<5"]})
    page = profiles.profile_html(
        "Aber & Bryn", ["Round 2026-03"], [("Projects", table), ("Lacking", ["arts"])], "<p>map</p>", "cy"
    )
    assert page.startswith('<!DOCTYPE html>\n<html lang="cy">')
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img" not in page
    assert re.findall(r"<(?:script|link|img)[^>]*(?:src|href)=", page) == []
    assert 'srcdoc="&lt;p&gt;map&lt;/p&gt;"' in page and "<h1>Aber &amp; Bryn</h1>" in page


def test_profile_lacking_and_comparison_by_hand(world):
    from sprx_map import profiles

    geo, _, shares, _, latest = world
    assert profiles.lacking(latest, geo, "cluster", "cwm") == [
        label for key, label in schema_labels().items() if key not in ("money", "other")
    ]
    figures = profiles.comparison(latest, shares, geo, "cluster", "bryn").set_index("Measure")
    # Bryn 0.5 FTE per 10,000 beside board A's 0.625 and Wales's 0.583. FTE has no interval: it is placed by
    # fifths, and three clusters are too few for them (tests/unit/test_views.py has every edge).
    assert figures.loc["Link-worker FTE per 10,000 patients"].tolist() == [
        "0.50", "0.62", "0.58", "", "", "", "○ not compared", "1 of 1"
    ]  # fmt: skip
    cwm = profiles.comparison(latest, shares, geo, "cluster", "cwm").set_index("Measure")
    # cwm 12 in 20,000: 0.31 to 1.05 around its board's (itself) 0.60 and Wales's 0.42.
    assert cwm.loc["Referrals to social prescribing per 1,000 patients a year"].tolist()[3:6] == [
        "0.31 to 1.05",
        "● similar",
        "● similar",
    ]
    assert figures.loc["Referrals to social prescribing a year", "This area"] == "[c]"


def schema_labels():
    from sprx_map import schema

    return schema.labels(schema.ACTIVITY_CATEGORIES, "en")


def test_wimd_2025_need_indicator_by_local_authority(reference, geo, sample):
    """The share of each authority's LSOAs in Wales's most deprived fifth (WIMD 2025), as a user would bring it.

    LSOAs hold about the same number of people (roughly 1,500), so the share of
    LSOAs stands in for the share of people.
    """
    wimd = pd.read_csv(reference / "wimd2025_lsoa.csv")
    most = wimd["WIMD 2025 overall quintile"] == 1
    share = most.groupby(wimd["Local Authority"]).mean().round(4)
    data = share.rename("Share in most deprived fifth").rename_axis("Local authority").reset_index().to_csv(index=False)
    indicator = gaps.read_indicator("wimd.csv", data.encode(), geo)
    assert indicator.ok and indicator.level == "local_authority" and indicator.notes == []
    assert len(indicator.values) == 22
    counts = wimd.groupby("Local Authority").size()
    # Weighted by LSOAs, the shares give back Wales's 382 of 1,917 (to the 4 decimals written).
    assert (share * counts).sum() == pytest.approx(382, abs=0.05)
    by_name = indicator.values.rename(index=geo.area_names("local_authority"))
    assert by_name["Blaenau Gwent"] > by_name["Monmouthshire"]
    table = metrics.area_table(sample.projects, sample.shares, geo, "local_authority")
    placed = gaps.need_provision(table, indicator.values, "fte_per_10k")
    # Areas whose projects reported no FTE have no provision figure and are left out, never drawn as zero.
    reported = table["fte_per_10k"].notna()
    assert sorted(placed.index) == sorted(table.index[reported]) and len(placed) == 21
    high_need = placed["need"] > placed.attrs["need_median"]
    high_provision = placed["provision"] > placed.attrs["provision_median"]
    assert placed.loc[high_need & ~high_provision, "quadrant"].eq("gap").all()
    assert placed.loc[~high_need & high_provision, "quadrant"].eq("ahead").all()
    assert placed["quadrant"].value_counts().sum() == 21 and placed["quadrant"].nunique() == 4
    assert (placed["need"] > placed.attrs["need_median"]).sum() == 10  # 21 areas: 10 above the median
