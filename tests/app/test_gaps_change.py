"""The coverage-gaps and change pages on a tiny two-round store, every figure worked out by hand.

Round 2025-03: Green Gym (Powys; Mid and North Powys; current; 1.0 FTE; 20 referrals),
Befriending (Cardiff and Vale; Cardiff East; current; 0.6; 7), Money Advice (Cardiff East; planned).
Round 2026-03: Green Gym (2.0; 12), Arts on Prescription (Mid Powys; 0.5; 0), Money Advice
(now current; 1.0; 12), Walking Group (Cardiff East; planned).
Patients: Mid Powys 30,000, North Powys 66,200, Powys 141,500, Cardiff and Vale 540,100.
Only these two boards returned in either round: Wales here is their 12 clusters and 681,600 patients, and
the other five boards are "no return", never zero.
"""

import pytest

from sprx_map import store
from sprx_map.returns import read_return
from tests import html_tables
from tests.builders import A_YEAR, RETURN_HEADER

from ..conftest import workbook_bytes

HEADER = RETURN_HEADER
ROUNDS = {
    "2025-03": {
        "powys": [["Green Gym", "Groundwork", "Powys", "Mid Powys; North Powys", "current", "nature", 1.0, 20]],
        "cav": [
            ["Befriending", "Age Cymru", "Cardiff and Vale", "Cardiff East", "current", "befriending", 0.6, 7],
            ["Money Advice", "Citizens Advice", "Cardiff and Vale", "Cardiff East", "planned", "money", None, None],
        ],
    },
    "2026-03": {
        "powys": [
            ["Green Gym", "Groundwork", "Powys", "Mid Powys; North Powys", "current", "nature", 2.0, 12],
            ["Arts on Prescription", "Arts Council", "Powys", "Mid Powys", "current", "arts", 0.5, 0],
        ],
        "cav": [
            ["MONEY advice", "Citizens Advice", "Cardiff and Vale", "Cardiff East", "current", "money", 1.0, 12],
            ["Walking Group", "Ramblers", "Cardiff and Vale", "Cardiff East", "planned", "physical", None, None],
        ],
    },
}


@pytest.fixture
def tiny_store(own_store, tmp_path, geo):
    engine = store.connect(own_store)
    for round_label, boards in ROUNDS.items():
        reports = []
        for board, rows in boards.items():
            path = tmp_path / f"{board}-{round_label}.xlsx"
            path.write_bytes(workbook_bytes(rows, HEADER))
            reports.append(read_return(path, geo))
        store.import_reports(engine, reports, round_label, who="test", period=A_YEAR)
    engine.dispose()


def _row(frame, column, value):
    return frame[frame[column] == value].iloc[0]


def test_gaps_page_ranks_clusters_with_board_and_wales(run_page, tiny_store):
    at = run_page("pages/gaps.py")
    assert at.title[0].value == "Coverage gaps"
    assert not at.warning  # real rounds: no illustrative notice
    # Of the 12 clusters of the two boards that returned: South Powys and 8 of Cardiff and Vale's 9.
    assert at.subheader[0].value == "Clusters with no current project: 9"
    ranking = at.dataframe[0].value
    mid = _row(ranking, "Area", "Mid Powys")
    # Mid Powys: 0.62 FTE of Green Gym (30,000 of 96,200 patients) + 0.5 = 1.12 FTE per 30,000.
    assert mid["Link-worker FTE per 10,000 patients"] == "0.37"
    assert mid["Link-worker FTE per 10,000 patients: health board"] == "0.18"  # 2.5 / 141,500
    assert mid["Link-worker FTE per 10,000 patients: Wales"] == "0.05"  # 3.5 / 681,600 (the boards that returned)
    # Fifths among the 12 clusters that count: 9 with no FTE share the lowest fifth (rank 1), Cardiff East
    # (0.17, rank 10) is in the second-highest (6 - ceil(5 x 3 / 12) = 4), North (11) and Mid (12) the highest.
    fifth = "Link-worker FTE per 10,000 patients: fifth of all clusters in Wales"
    assert mid[fifth] == "highest fifth of clusters"
    assert _row(ranking, "Area", "Cardiff East")[fifth] == "second-highest fifth of clusters"
    assert _row(ranking, "Area", "South Powys")[fifth] == "lowest fifth of clusters"
    assert (mid["Against its board"], mid["Against Wales"]) == ("○ not compared", "○ not compared")  # withheld
    # Its 4 referrals are withheld, and North Powys's 8 with them.
    assert mid["Referrals to social prescribing per 1,000 patients a year"] == "<5"
    assert _row(ranking, "Area", "North Powys")["Referrals to social prescribing per 1,000 patients a year"] == "[c]"
    assert _row(ranking, "Area", "North Powys")["Link-worker FTE per 10,000 patients"] == "0.21"  # 1.38 / 66,200
    east = _row(ranking, "Area", "Cardiff East")
    assert east["Referrals to social prescribing per 1,000 patients a year"] == "0.20"  # 12 / 59,300
    # Byar's limits of 12: 6.2006 to 20.9628, per 1,000 of 59,300 patients 0.10 to 0.35: above its board's
    # 12 / 540,100 = 0.02 and Wales's 25 / 681,600 = 0.04.
    assert east["Referrals to social prescribing per 1,000 patients a year: 95% confidence interval"] == "0.10 to 0.35"
    assert (east["Against its board"], east["Against Wales"]) == ("▲ higher", "▲ higher")
    assert list(ranking["Area"])[-3:] == ["Cardiff East", "North Powys", "Mid Powys"]
    assert len(ranking) == 12  # the clusters of boards with no return are not ranked as having nothing


def test_change_page_counts_and_board_changes(run_page, tiny_store, metrics_of):
    at = run_page("pages/change.py")
    assert at.title[0].value == "Change between rounds"
    assert metrics_of(at) == {"New projects": "2", "Ended projects": "0", "Continuing projects": "2",
                              "Projects not reported": "1"}  # fmt: skip
    assert (
        "Not reported: a project in the board's return for round 2025-03 that is missing from its return for round "
        "2026-03. It is not counted as ended: ask the board about it." in [c.value for c in at.caption]
    )
    assert "Round 2026-03 compared with round 2025-03." in [c.value for c in at.caption]
    table = html_tables.tables(at)[0]  # the chart's numbers, by board
    powys = _row(table, "Area", "Powys")
    assert powys["Link-worker FTE: change"] == "+1.5"
    assert powys["Referrals to social prescribing a year: change"] == "\u22128"  # 20 -> 12
    assert _row(table, "Area", "Cardiff and Vale")["Referrals to social prescribing a year: change"] == "+5"
    projects = at.dataframe[-1].value
    assert list(zip(projects["Project name"], projects["Change"], strict=True)) == [
        ("Arts on Prescription", "new"),
        ("Walking Group", "new"),
        ("Green Gym", "continuing"),
        ("MONEY advice", "continuing"),
        ("Befriending", "not reported"),
    ]


def test_change_page_by_cluster_withholds_small_counts(run_page, tiny_store):
    at = run_page("pages/change.py")
    at.radio(key="change_level").set_value("cluster").run()
    table = [tb for tb in html_tables.tables(at) if "Referrals to social prescribing a year: change" in tb.columns][-1]
    mid = _row(table, "Area", "Mid Powys")
    assert mid["Referrals to social prescribing a year: change"] == "[c]"
    assert mid["Referrals to social prescribing a year, round 2026-03"] == "<5"
    assert mid["Link-worker FTE, round 2025-03"] == "0.3"  # 0.31 of Green Gym's 1.0
    assert _row(table, "Area", "Cardiff East")["Referrals to social prescribing a year: change"] == "+5"


def test_change_page_with_one_round_says_what_it_needs(run_page, own_store, tiny_store):
    at = run_page("pages/change.py", round="2025-03")
    assert [i.value for i in at.info][1:] == [
        "Change needs two survey rounds of the same kind; round 2025-03 has no earlier round in the store. "
        "Import another round on the Data intake page."
    ]
    assert at.info[0].value.startswith("Round 2025-03: 2 of 7 health boards returned.")


def test_sample_change_page_is_labelled_illustrative(run_page):
    at = run_page("pages/change.py")
    assert "Round sample compared with round sample-earlier." in [c.value for c in at.caption]
    assert next(w.value for w in at.warning).startswith("Illustrative data")


def test_profile_of_a_board_against_wales_with_its_change(run_page, tiny_store):
    at = run_page("pages/profile.py", plevel="health_board", area="W11000024")
    assert at.header[0].value == "Powys"
    figures = html_tables.tables(at)[0].set_index("Measure")
    assert list(figures.columns) == [
        "This area",
        "Wales",
        "95% confidence interval",
        "Against Wales",
        "Among all areas of its level in Wales",
        "Reported by (current projects)",
    ]
    assert figures.loc["Link-worker FTE", "This area"] == "2.5"
    # 2.5 / 141,500 beside Wales's 3.5 / 681,600 (the two boards that returned): two boards are too few for fifths
    # Powys's two current projects both gave their FTE: "2 of 2".
    assert figures.loc["Link-worker FTE per 10,000 patients"].tolist() == [
        "0.18", "0.05", "", "", "○ not compared", "2 of 2"
    ]  # fmt: skip
    # 12 referrals in 141,500: Byar's 6.2006 to 20.9628, 0.0438 to 0.1481, all above Wales's 25 / 681,600 = 0.0367
    # (both written 0.04 at two decimals).
    assert figures.loc["Referrals to social prescribing per 1,000 patients a year"].tolist() == [
        "0.08",
        "0.04",
        "0.04 to 0.15",
        "▲ higher",
        "",
        "2 of 2",
    ]
    assert "Wales here is the 2 boards that returned." in [c.value for c in at.caption]
    assert figures.loc["Referrals to social prescribing a year", "This area"] == "12"  # 12 + 0: not small, shown
    lacking = next(m.value for m in at.markdown if m.value.startswith("physical activity"))
    assert "arts" not in lacking and "gardening" not in lacking  # Arts on Prescription, Green Gym
    change = next(tb for tb in html_tables.tables(at) if "Link-worker FTE: change" in tb.columns).iloc[0]
    assert (change["Link-worker FTE: change"], change["Referrals to social prescribing a year: change"]) == (
        "+1.5",
        "\u22128",
    )
    assert at.query_params["plevel"] == "health_board" and at.query_params["area"] == "W11000024"


def test_profile_of_a_cluster_withholds_its_small_count(run_page, tiny_store):
    at = run_page("pages/profile.py", plevel="cluster", area="mid-powys")
    figures = html_tables.tables(at)[0].set_index("Measure")
    assert list(figures.columns) == [
        "This area", "Its health board", "Wales", "95% confidence interval", "Against its board", "Against Wales",
        "Among all areas of its level in Wales", "Reported by (current projects)",
    ]  # fmt: skip
    # Mid Powys is the highest of the 12 clusters that count (see the gaps test above).
    assert figures.loc["Link-worker FTE per 10,000 patients"].tolist() == [
        "0.37", "0.18", "0.05", "", "", "", "highest fifth of clusters", "2 of 2"
    ]  # fmt: skip
    assert figures.loc["Referrals to social prescribing a year", "This area"] == "<5"
    assert figures.loc["Referrals to social prescribing per 1,000 patients a year"].tolist()[3:] == [
        "", "○ not compared", "○ not compared", "", "2 of 2"
    ]  # fmt: skip


def test_gaps_page_takes_a_need_indicator(run_page, reference):
    import pandas as pd

    wimd = pd.read_csv(reference / "wimd2025_lsoa.csv")
    share = (wimd["WIMD 2025 overall quintile"] == 1).groupby(wimd["Local Authority"]).mean().round(4)
    data = share.rename("Most deprived fifth").rename_axis("Local authority").reset_index().to_csv(index=False)
    at = run_page("pages/gaps.py")
    data_bytes = data.encode()
    at.get("file_uploader")[0].upload("wimd.csv", data_bytes).run()
    assert not at.exception
    assert "'Most deprived fifth' read for 22 areas, by Local authority." in [c.value for c in at.caption]
    need = next(tb for tb in html_tables.tables(at) if "Where it falls" in tb.columns)
    assert len(need) == 21  # one authority's projects reported no FTE: no provision figure to place
    # The page places each authority as need_provision does, with the names and words a person reads.
    from sprx_map import gaps, metrics
    from sprx_map.i18n import t
    from sprx_map.ui import dataset, geography

    geo, data = geography(), dataset()
    indicator = gaps.read_indicator("wimd.csv", data_bytes, geo)
    latest = data.projects[data.projects["round"] == "sample"]
    table = metrics.area_table(latest, data.shares, geo, "local_authority")
    placed = gaps.need_provision(table, indicator.values, "fte_per_10k")
    names = geo.area_names("local_authority")
    expected = {names[code]: t(f"quadrant.{q}") for code, q in placed["quadrant"].items()}
    assert dict(zip(need["Area"], need["Where it falls"], strict=True)) == expected


def test_a_need_indicator_named_like_a_template_is_shown_as_text(run_page, geo):
    """The indicator's heading names the map's legend; folium would once have read it as a Jinja template."""
    rows = "\n".join(f"{code},{i}" for i, code in enumerate(geo.authorities.index))
    heading = "Need {% if x %} {{ 7*7 }}"
    at = run_page("pages/gaps.py")
    at.get("file_uploader")[0].upload("need.csv", f"code,{heading}\n{rows}\n".encode()).run()
    assert not at.exception, [e.message for e in at.exception]
    (need_map,) = at.get("component_instance")
    assert "Need &#123;% if x %&#125; &#123;&#123; 7*7 &#125;&#125;" in need_map.proto.json_args


def test_a_need_indicator_headed_name_is_just_its_heading(run_page, geo):
    """An indicator called "name" once sent the chart's numbers down the area-table path, which crashed."""
    rows = "\n".join(f"{code},{i}.5" for i, code in enumerate(geo.authorities.index))
    at = run_page("pages/gaps.py")
    at.get("file_uploader")[0].upload("need.csv", f"code,name\n{rows}\n".encode()).run()
    assert not at.exception, [e.message for e in at.exception]
    need = next(tb for tb in html_tables.tables(at) if "Where it falls" in tb.columns)
    cardiff = need[need["Area"] == "Cardiff"].iloc[0]
    assert cardiff["name"] == f"{list(geo.authorities.index).index('W06000015')}.50"
