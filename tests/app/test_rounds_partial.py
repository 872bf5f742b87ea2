"""A round that has arrived from one board only, as every page shows it; and the store's changes seen at once."""

import time

import pytest

from sprx_map import store
from sprx_map.returns import read_return
from sprx_map.ui import loaders
from tests import html_tables
from tests.builders import A_YEAR, RETURN_HEADER

from ..conftest import workbook_bytes

POWYS = "W11000024"
HEADER = RETURN_HEADER
ROWS = [
    ["Walk and Talk", "Powys Walkers", "Powys", "Mid Powys", "current", "walking", 1.5, 40],
    ["Garden Club", "Green Hands", "Powys", "All", "current", "gardening", 0.5, 12],
]


def _import(url, tmp_path, geo, round_label="2027-03", rows=ROWS):
    path = tmp_path / f"powys-{round_label}.xlsx"
    path.write_bytes(workbook_bytes(rows, HEADER))
    engine = store.connect(url)
    store.import_reports(engine, [read_return(path, geo)], round_label, who="test", period=A_YEAR)
    engine.dispose()


@pytest.fixture
def powys_only(own_store, tmp_path, geo):
    from sprx_map.dataset import load_store

    load_store(geo, own_store)  # the sample first, as a new store is seeded
    _import(own_store, tmp_path, geo)
    return own_store


def test_overview_of_a_partial_round(run_page, powys_only, metrics_of):
    at = run_page("pages/overview.py")
    assert at.info[0].value.startswith("Round 2027-03: 1 of 7 health boards returned. Wales and every total")
    assert "Betsi Cadwaladr (not returned)" in at.info[0].value
    figures = metrics_of(at)
    assert figures["Link-worker FTE"] == "2.0" and figures["Referrals to social prescribing a year"] == "52"
    assert figures["Link-worker FTE per 10,000 patients"] == "0.14"  # over Powys's 141,500 patients only
    boards = html_tables.tables(at)[0].set_index("Area")
    assert boards.loc["Powys", "Referrals to social prescribing a year"] == "52"
    assert set(boards.drop(index="Powys")["Referrals to social prescribing a year"]) == {"no return"}
    assert set(boards.drop(index="Powys")["Current projects"]) == {"no return"}  # never 0
    assert boards.loc["Hywel Dda", "Clusters"] == "7"  # what an area is, is known; its figures are not
    assert any(c.value.startswith("Data as of ") for c in at.caption)


def test_map_and_charts_draw_no_return_apart(run_page, powys_only):
    import json

    at = run_page("pages/map.py", level="health_board")
    script = json.loads(next(c for c in at.get("component_instance")).proto.json_args)["script"]
    assert "No return (the health board has not returned)" in script  # the legend's entry and the tooltips
    assert script.count('"dashArray": "1 3"') == 6  # six boards dotted: told apart without their colour
    charts = run_page("pages/charts.py")
    board_chart = charts.get("plotly_chart")[1].proto.spec
    assert board_chart.count("no return") == 12  # six boards, two panels


def test_a_change_to_the_store_is_seen_without_a_restart(run_page, own_store, tmp_path, geo):
    at = run_page("pages/overview.py")

    def offered(app):
        return next(s for s in app.sidebar.selectbox if s.label == "Survey round").options

    assert "2028-03" not in offered(at)
    _import(own_store, tmp_path, geo, "2028-03")  # as the command line or another server would
    time.sleep(loaders.REVISION_CHECK_SECONDS + 0.2)  # the longest a process goes without asking the store
    at.run()  # the open session's next interaction, however slow this machine is
    assert "2028-03" in offered(at)
    fresh = run_page("pages/overview.py")  # a new page load opens on the newest round
    assert fresh.info[0].value.startswith("Round 2028-03: 1 of 7 health boards returned")
