"""Referrals a year along the pathway, by hand: periods, project types, the two measures and completeness."""

import csv
import datetime as dt
import io
import math

import pandas as pd
import pytest

from sprx_map import metrics, referrals, store
from sprx_map.compare import confidence
from sprx_map.dataset import load_store
from sprx_map.periods import Period
from sprx_map.returns import read_return
from tests.builders import A_YEAR, REQUIRED_HEADER, write_return

HEADER = (
    *REQUIRED_HEADER,
    "Referral routes",
    "Project type",
    "Link worker FTE",
    "Referrals received",
    "Reporting period start",
    "Reporting period end",
)
MID = "Mid Powys"
ROWS = [
    # A community activity over the round's whole year (its own period): 100 a year, straight from GPs.
    ["Year Walks", "Ramblers", "Powys", MID, "current", "physical activity and sport", "GP", None, None, 100,
     dt.date(2016, 4, 1), dt.date(2017, 3, 31)],
    # Six months of an activity: 50 over half a year is 100 a year.
    ["Half-year Arts", "Arts Cymru", "Powys", MID, "current", "arts and creativity", "GP", None, None, 50,
     dt.date(2016, 4, 1), dt.date(2016, 9, 30)],
    # A link-worker service with no period of its own: the round's year; its type inferred from its FTE.
    ["Connect Powys", "PAVO", "Powys", MID, "current", "befriending and social groups", "GP; self-referral", None,
     2.0, 80, None, None],
    # An activity link workers refer to: onward referrals, never added to the headline.
    ["Men's Shed", "Sheds Cymru", "Powys", MID, "current", "volunteering", "link worker",
     "community activity or service", None, 30, None, None],
    # A current project that reported nothing.
    ["Quiet Group", "Powys Friends", "Powys", MID, "current", "befriending and social groups", None, None, None, None,
     None, None],
]  # fmt: skip
ROUND = "2017-03"


@pytest.fixture
def pathway_store(store_url, tmp_path, geo):
    path = write_return(tmp_path / "powys.xlsx", ROWS, HEADER)
    engine = store.connect(store_url)
    store.import_reports(engine, [read_return(path, geo)], ROUND, who="test", period=A_YEAR)
    engine.dispose()
    return store_url


def _byar(count: int, z: float = 1.959964) -> tuple[float, float]:
    """Byar's 95% limits of a count, written out (APHO Technical Briefing 3; z to six decimals, so agreement is
    to about 1e-8)."""
    o = count
    lower = o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3
    upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * math.sqrt(o + 1))) ** 3
    return lower, upper


def test_each_project_gets_its_type_period_and_count_a_year(pathway_store, geo):
    data = load_store(geo, pathway_store)
    p = data.projects[data.projects["round"] == ROUND].set_index("project_name")
    assert p["type_used"].to_dict() == {
        "Year Walks": "community_activity",
        "Half-year Arts": "community_activity",
        "Connect Powys": "link_worker_service",
        "Men's Shed": "community_activity",
        "Quiet Group": "community_activity",
    }
    assert p["type_inferred"].tolist() == [True, True, True, False, True]
    assert p["counted_in"].tolist() == ["social_prescribing", "social_prescribing", "social_prescribing", "onward", ""]
    assert p["referral_period_source"].tolist() == ["project", "project", "round", "round", "round"]
    assert p["referrals_a_year"].tolist()[:4] == [100.0, 100.0, 80.0, 30.0] and pd.isna(p["referrals_a_year"].iloc[4])
    assert p.loc["Half-year Arts", "referral_years"] == 0.5


def test_an_area_adds_referrals_a_year_and_keeps_onward_apart(pathway_store, geo):
    data = load_store(geo, pathway_store)
    projects = data.projects[data.projects["round"] == ROUND]
    cluster = geo.names.resolve("cluster", MID)
    table = metrics.area_table(projects, data.shares, geo, "cluster", [cluster], threshold=0)
    row = table.loc[cluster]
    # 100 + 50 x 2 + 80 a year, from 100 + 50 + 80 as returned; the Men's Shed's 30 on their own.
    assert (row["referrals"], row["referrals_counted"], row["onward_referrals"], row["onward_counted"]) == (
        280.0, 230, 30.0, 30
    )  # fmt: skip
    population = geo.clusters.at[cluster, "registered_population"]
    assert row["referrals_per_1k"] == pytest.approx(280 / population * 1000, rel=1e-12)
    # Five current projects: one gave its FTE (under half: incomplete), four a usable referral count.
    assert (row["projects_current"], row["fte_reporting"], row["referrals_reporting"], row["incomplete"]) == (
        5, 1, 4, True
    )  # fmt: skip


def test_limits_are_of_the_count_returned_then_made_a_year(pathway_store, geo):
    from sprx_map.compare import areas

    data = load_store(geo, pathway_store)
    projects = data.projects[data.projects["round"] == ROUND]
    cluster = geo.names.resolve("cluster", MID)
    compared = areas.compared_table(projects, data.shares, geo, "cluster", [cluster])
    population = geo.clusters.at[cluster, "registered_population"]
    lower, upper = _byar(230)
    scale = 280 / 230 / population * 1000  # the count a year over the count returned, per 1,000 patients
    assert compared.at[cluster, "referrals_per_1k_lower95"] == pytest.approx(lower * scale, rel=1e-7)
    assert compared.at[cluster, "referrals_per_1k_upper95"] == pytest.approx(upper * scale, rel=1e-7)


def test_the_area_export_names_the_new_columns(pathway_store, cli, tmp_path, geo):
    out = tmp_path / "clusters.csv"
    done = cli("export", "--level", "cluster", "--round", ROUND, "--db", pathway_store, "--out", str(out))
    assert done.returncode == 0, done.stderr
    rows = {r["Code"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))}
    mid = rows[geo.names.resolve("cluster", MID)]
    assert mid["Referrals to social prescribing a year"] == "280"
    assert mid["Onward referrals to activities a year"] == "30"
    assert mid["Current projects reporting link-worker FTE"] == "1 of 5"
    assert mid["Current projects reporting referrals"] == "4 of 5"
    assert mid["Incomplete"] == "yes"
    for column in ("lower 95% limit", "upper 95% limit", "compared with Wales", "compared with the health board"):
        assert f"Referrals to social prescribing per 1,000 patients a year: {column}" in mid
    welsh = tmp_path / "clusters-cy.csv"
    done = cli("export", "--level", "cluster", "--round", ROUND, "--db", pathway_store, "--out", str(welsh), "--lang",
               "cy")  # fmt: skip
    cy = {r["Cod"]: r for r in csv.DictReader(io.StringIO(welsh.read_text(encoding="utf-8-sig")))}
    assert cy[geo.names.resolve("cluster", MID)]["Prosiectau cyfredol sy'n nodi atgyfeiriadau"] == "4 o 5"


def test_the_projects_export_carries_type_period_and_count_a_year(pathway_store, cli, tmp_path):
    out = tmp_path / "projects.csv"
    done = cli("export", "--round", ROUND, "--db", pathway_store, "--out", str(out))
    assert done.returncode == 0, done.stderr
    rows = {r["Project name"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))}
    arts, connect = rows["Half-year Arts"], rows["Connect Powys"]
    assert (arts["Referral period start"], arts["Referral period end"], arts["Referrals a year"]) == (
        "2016-04-01", "2016-09-30", "100"
    )  # fmt: skip
    assert arts["Referral period from"] == "the project's own period"
    assert (connect["Project type"], connect["Project type inferred"]) == ("link-worker service", "yes")
    assert connect["Referral period from"] == "the round's reporting period"
    assert rows["Men's Shed"]["Project type inferred"] == "no"


def test_a_period_that_cannot_be_made_a_year_is_left_out_with_its_reason(geo):
    year = Period(dt.date(2016, 4, 1), dt.date(2017, 3, 31))
    frame = pd.DataFrame(
        {
            "project_id": ["a", "b", "c"],
            "round": ["r"] * 3,
            "link_worker_fte": [None, None, None],
            "referral_routes": [[], [], []],
            "referrals_received": [10, 20, 30],
            "reporting_period_start": [dt.date(2016, 4, 1), None, dt.date(2013, 1, 1)],
            "reporting_period_end": [dt.date(2016, 4, 14), None, dt.date(2016, 12, 31)],
            "start_date": [None] * 3,
            "end_date": [None] * 3,
        }
    )
    out = referrals.pathway(frame, {})
    assert out["period_problem"].tolist() == ["too_short", "unknown", "too_long"]
    assert out["counted_in"].tolist() == ["", "", ""] and out["referrals_a_year"].isna().all()
    # With the round's year known, the project with no period of its own is counted over it.
    assert referrals.pathway(frame, {"r": year})["referrals_a_year"].tolist()[1] == 20.0


def test_both_measures_and_completeness_add_up_at_every_level(sample, geo):
    projects, shares = sample.projects, sample.shares
    totals = {}
    for level in ("cluster", "local_authority", "health_board", "wales"):
        table = metrics.area_table(projects, shares, geo, level, threshold=0)
        totals[level] = (
            round(table["referrals"].sum(), 6),
            int(table["referrals_counted"].sum()),
            round(table["onward_referrals"].fillna(0).sum(), 6),
        )
    assert len(set(totals.values())) == 1
    # Completeness counts projects once in each area, and every project is within one board: boards add to Wales.
    boards = metrics.area_table(projects, shares, geo, "health_board", threshold=0)
    wales = metrics.area_table(projects, shares, geo, "wales", threshold=0).iloc[0]
    for column in ("projects_current", "fte_reporting", "referrals_reporting"):
        assert boards[column].sum() == wales[column]
    current = projects[projects["status"] == "current"]
    assert wales["fte_reporting"] == current["link_worker_fte"].notna().sum()
    assert wales["referrals_reporting"] == (current["counted_in"] != "").sum()


def test_the_funnel_places_an_area_by_its_count_over_its_years(pathway_store, geo):
    from sprx_map.compare import areas

    data = load_store(geo, pathway_store)
    projects = data.projects[data.projects["round"] == ROUND]
    cluster = geo.names.resolve("cluster", MID)
    compared = areas.compared_table(projects, data.shares, geo, "cluster", [cluster])
    wales = 8.0  # per 1,000 patients a year: 240 a year expected in Mid Powys's 30,000
    points, _, _ = areas.funnel(compared, wales)
    population = geo.clusters.at[cluster, "registered_population"]
    expected = wales * population / 1000 * (230 / 280)  # over the years the 230 returned stand for
    at_95, at_998 = (confidence.exact_test([230], [expected], level)[0] for level in (0.95, 0.998))
    side = {"higher": "above", "lower": "below"}
    position = f"{side[at_998]}_998" if at_998 in side else (f"{side[at_95]}_95" if at_95 in side else "within")
    assert points.at[cluster, "count"] == 230
    assert points.at[cluster, "position"] == position
    # 230 returned over 230 / 280 of a year, where 197 would be expected: high at 95%, not at 99.8%. Taken as a
    # year's count against 240 it would have looked similar.
    assert position == "above_95"
    assert confidence.exact_test([230], [240.0])[0] == "similar"


def test_the_published_profile_says_what_each_figure_rests_on(pathway_store, geo, tmp_path):
    from sprx_map.publish import site

    data = load_store(geo, pathway_store)
    out = tmp_path / "site"
    site.build(out, data, geo, ROUND, site.DEFAULT_MEASURE)
    cluster = geo.names.resolve("cluster", MID)
    (page,) = [p for p in (out / "en").rglob(f"*{cluster}*.html")]
    text = page.read_text(encoding="utf-8")
    assert "Reported by (current projects)" in text
    assert "1 of 5 ◔ incomplete" in text and "4 of 5" in text  # FTE by one of five; referrals by four
    assert "Onward referrals to activities a year" in text
    (welsh,) = [p for p in (out / "cy").rglob(f"*{cluster}*.html")]
    assert "1 o 5 ◔ anghyflawn" in welsh.read_text(encoding="utf-8")
    areas = (out / "en" / "data" / f"sprx-areas-cluster-{ROUND}-en.csv").read_text(encoding="utf-8-sig")
    mid = next(line for line in areas.splitlines() if line.startswith(f"{cluster},"))
    assert ",280," in mid and ",1 of 5,4 of 5,yes," in mid
