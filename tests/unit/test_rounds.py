"""Rounds that arrive board by board: the tracker, partial rounds in every measure, withdrawal, tidy files.

Round 2027-03 holds Powys alone: Walk and Talk (Mid Powys, current, 1.5 FTE, 40 referrals) and Garden Club
(all three Powys clusters, current, 0.5 FTE, 12 referrals). Powys has 141,500 registered patients: Mid 30,000,
North 66,200, South 45,300. The six other boards have not returned.
"""

import datetime as dt
import io
import json

import openpyxl
import pandas as pd
import pytest

from sprx_map import export, filters, metrics, rounds, store, tables
from sprx_map.dataset import load_store
from sprx_map.downloads import areas_download
from sprx_map.returns import read_return
from tests.builders import A_YEAR, RETURN_HEADER

from ..conftest import workbook_bytes

POWYS = "W11000024"
HEADER = RETURN_HEADER
ROWS = [
    ["Walk and Talk", "Powys Walkers", "Powys", "Mid Powys", "current", "walking", 1.5, 40],
    ["Garden Club", "Green Hands", "Powys", "All", "current", "gardening", 0.5, 12],
    ["Broken", "Nobody", "Powys", "Atlantis", "current", "arts", 1, 1],  # rejected: not a cluster
]
WHEN = dt.datetime(2027, 3, 3, 14, 5, tzinfo=dt.UTC)


@pytest.fixture
def one_board(store_url, tmp_path, geo):
    """A store with the sample (all boards) and round 2027-03 of Powys alone."""
    engine = store.connect(store_url)
    load_store(geo, store_url)  # seeds the sample
    path = tmp_path / "powys.xlsx"
    path.write_bytes(workbook_bytes(ROWS, HEADER))
    store.import_reports(engine, [read_return(path, geo)], "2027-03", who="hub officer", now=WHEN, period=A_YEAR)
    return engine, path


def test_the_tracker_says_who_has_returned(one_board, store_url, geo):
    data = load_store(geo, store_url)
    assert data.rounds() == ["2027-03", "sample", "sample-earlier", "sample-earliest"]
    round_ = data.returns_of("2027-03")
    assert (round_.returned, round_.complete, round_.changed_at) == ((POWYS,), False, WHEN)
    assert round_.board(POWYS) == rounds.BoardReturn(POWYS, "returned", WHEN, "hub officer", "powys.xlsx", 2, 1)
    assert {b.state for b in round_.boards if b.code != POWYS} == {"not_returned"}
    assert rounds.made_of(round_) == "1 of 7 health boards returned"
    assert rounds.made_of(round_, "cy") == "Mae 1 o'r 7 bwrdd iechyd wedi dychwelyd ffurflen"
    assert rounds.data_as_of(round_) == "Data as of 3 March 2027, 14:05"  # London time (GMT in March)
    assert rounds.data_as_of(round_, "cy") == "Data fel yr oeddent ar 3 Mawrth 2027, 14:05"
    given = rounds.as_json([round_], geo, completeness=rounds.board_completeness(data.projects))["rounds"][0]
    # Both of Powys's kept projects are current, and both gave FTE and a referral count over the round's year.
    assert given["boards"][1]["completeness"] == {"current": 2, "fte_reported": 2, "referrals_reported": 2}
    shown = rounds.as_json([round_], geo)["rounds"][0]
    assert list(shown) == ["round", "illustrative", "title", "period_start", "period_end", "deadline", "boards"]
    assert shown["illustrative"] is False and shown["deadline"] is None
    assert shown["boards"][1] == {
        "code": POWYS,
        "name": "Powys",
        "state": "returned",
        "submitted_at": "2027-03-03T14:05:00+00:00",
        "file": "powys.xlsx",
        "rows_kept": 2,
        "rows_rejected": 1,
        "reason": None,
        "completeness": None,  # none given: as_json is told the boards' completeness by the command line
        "overdue": False,  # no deadline, no today
    }
    assert shown["boards"][0] == {
        "code": "W11000023", "name": "Betsi Cadwaladr", "state": "not_returned", "submitted_at": None,
        "file": None, "rows_kept": None, "rows_rejected": None, "reason": None, "completeness": None,
        "overdue": False,
    }  # fmt: skip
    table = rounds.tracker_table([round_], geo)
    assert table.iloc[0].tolist() == ["2027-03", "– not returned", "✓ returned", *["– not returned"] * 5]


def test_a_partial_round_counts_only_the_boards_that_returned(one_board, store_url, geo):
    data = load_store(geo, store_url)
    f = filters.Filters(round="2027-03")
    projects = filters.apply(f, data.projects, geo)
    counted, no_return = rounds.split(list(geo.clusters.index), geo, data.returns_of("2027-03"))
    assert counted == ["north-powys", "mid-powys", "south-powys"] or sorted(counted) == sorted(
        geo.clusters_of_board(POWYS)
    )
    assert len(no_return) == 57
    # Wales is Powys: 2.0 FTE and 52 referrals over Powys's 141,500 patients, not Wales's 3.3 million.
    wales = metrics.headline(projects, data.shares, geo, counted)
    assert (wales["link_worker_fte"], wales["referrals"], wales["registered_population"]) == (2.0, 52, 141_500)
    assert wales["fte_per_10k"] == pytest.approx(2.0 / 141_500 * 10_000)
    assert wales["referrals_per_1k"] == pytest.approx(52 / 141_500 * 1_000)
    boards = metrics.area_table(projects, data.shares, geo, "health_board", counted, no_return=no_return)
    assert boards.loc[POWYS, ["projects_current", "referrals", "no_return"]].tolist() == [2, 52, False]
    others = boards.drop(index=POWYS)
    assert len(others) == 6 and others["no_return"].all()
    assert others[["projects_current", "link_worker_fte", "referrals", "fte_per_10k"]].isna().all().all()
    # Local authorities and clusters: Powys's own, and "no return" for every other one (never zero).
    authorities = metrics.area_table(projects, data.shares, geo, "local_authority", counted, no_return=no_return)
    assert len(authorities) == 22 and authorities["no_return"].sum() == 21
    assert authorities.loc["W06000023", "link_worker_fte"] == 2.0  # Powys the authority is Powys the board
    clusters = metrics.area_table(projects, data.shares, geo, "cluster", counted, no_return=no_return)
    assert len(clusters) == 60 and clusters["no_return"].sum() == 57
    # Garden Club's 0.5 FTE and 12 referrals shared by patients: Mid 30,000, North 66,200, South 45,300,
    # by largest remainder: referrals 2, 6 and 4. South's 4 is withheld, and North's 6 with it.
    assert clusters.loc["mid-powys", "link_worker_fte"] == 1.61  # 1.5 + 0.11
    assert clusters.loc[geo.clusters_of_board(POWYS), "link_worker_fte"].sum() == pytest.approx(2.0)
    assert clusters.loc["mid-powys", "referrals"] == 42
    assert clusters.loc[["north-powys", "south-powys"], "suppressed"].tolist() == ["secondary", "primary"]
    raw = metrics.area_table(projects, data.shares, geo, "cluster", counted, threshold=0)
    assert raw.loc[["mid-powys", "north-powys", "south-powys"], "referrals"].tolist() == [42, 6, 4]


def test_withdrawal_stops_counting_keeps_the_history_and_a_new_import_restores(one_board, store_url, geo):
    engine, path = one_board
    before = store.revision(engine)[0]
    store.withdraw(engine, "2027-03", POWYS, "sent last year's file", who="hub officer", now=WHEN)
    assert store.revision(engine)[0] == before + 1
    data = load_store(geo, store_url)
    assert data.rounds()[0] == "2027-03"  # the round is still there, with nobody counting
    assert not (data.projects["round"] == "2027-03").any()
    withdrawn = data.returns_of("2027-03").board(POWYS)
    assert (withdrawn.state, withdrawn.withdrawn_by, withdrawn.reason) == (
        "withdrawn",
        "hub officer",
        "sent last year's file",
    )
    with pytest.raises(store.StoreError) as again:
        store.withdraw(engine, "2027-03", POWYS, "twice")
    assert again.value.message("cy").startswith("Mae cyflwyniad W11000024 ar gyfer rownd 2027-03 eisoes")
    with pytest.raises(store.StoreError, match="has no submission for W11000023"):
        store.withdraw(engine, "2027-03", "W11000023", "never sent")
    result = store.import_reports(engine, [read_return(path, geo)], "2027-03")  # the same file: no --replace
    assert [f.action for f in result.files] == ["restored"]
    assert load_store(geo, store_url).returns_of("2027-03").board(POWYS).state == "returned"
    history = store.history(engine)
    ours = history[history["round"] == "2027-03"]
    assert len(ours) == 2 and ours["withdrawn_reason"].dropna().tolist() == ["sent last year's file"]
    assert ours["superseded_by"].notna().sum() == 1  # the withdrawn one, superseded by the restoring import


def test_csv_of_a_partial_round_reads_back_with_pandas_as_shown(one_board, store_url, geo, tmp_path):
    data = load_store(geo, store_url)
    made = areas_download(data, geo, filters.Filters(round="2027-03"), "health_board")
    path = tmp_path / "boards.csv"
    path.write_bytes(export.csv_bytes(made.frame, made.headings, made.release))
    read = pd.read_csv(path)  # no options
    assert list(read.columns)[:3] == ["Code", "Area", "Current projects"]
    assert list(read.columns)[-3:] == ["Survey round", "Illustrative data", "Data as of"]
    powys = read[read["Code"] == POWYS].iloc[0]
    assert powys["Link-worker FTE per 10,000 patients"] == "0.14"  # 2.0 / 141,500 * 10,000, as on screen
    assert powys["Referrals to social prescribing a year"] == "52" and powys["Registered patients"] == 141_500
    assert set(read.loc[read["Code"] != POWYS, "Referrals to social prescribing a year"]) == {"[x]"}
    assert set(read["Survey round"]) == {"2027-03"} and set(read["Illustrative data"]) == {"no"}
    assert set(read["Data as of"]) == {"2027-03-03 14:05"}
    on_screen = tables.formatted(tables.area_frame(
        metrics.area_table(filters.apply(filters.Filters(round="2027-03"), data.projects, geo), data.shares, geo,
                           "health_board", geo.clusters_of_board(POWYS)), geo, "health_board"))  # fmt: skip
    assert on_screen.iloc[0]["Link-worker FTE per 10,000 patients"] == powys["Link-worker FTE per 10,000 patients"]


def test_the_workbook_has_a_cover_notes_and_its_table(one_board, store_url, geo):
    data = load_store(geo, store_url)
    made = areas_download(data, geo, filters.Filters(round="2027-03"), "cluster", "cy")
    notes = export.notes_for(made.frame.columns, "cy")
    wb = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(made.frame, made.headings, made.release,
                                                             title=made.title, notes=notes)))  # fmt: skip
    assert wb.sheetnames == ["Clawr", "Nodiadau", "Tabl 1"]
    cover = {r[0].value: r[1].value for r in wb["Clawr"].iter_rows(min_row=3) if r[0].value}
    assert cover["Rownd yr arolwg"] == "2027-03"
    assert cover["Ffurflenni"] == "Mae 1 o'r 7 bwrdd iechyd wedi dychwelyd ffurflen"
    assert cover["Data fel yr oeddent ar"] == "3 Mawrth 2027, 14:05"
    assert "Rhybudd" not in cover  # a real round: no illustrative warning
    marks = [r[0].value for r in wb["Nodiadau"].iter_rows(min_row=3)]
    assert (
        marks[:3] == ["<5", "[c]", "[x]"]
        and "Atgyfeiriadau at bresgripsiynu cymdeithasol fesul 1,000 o gleifion y flwyddyn" in marks
    )
    table = wb["Tabl 1"]
    assert table["A1"].value == "Presgripsiynu cymdeithasol fesul clwstwr"
    assert [c.value for c in table[2]][:3] == ["Cod", "Ardal", "Prosiectau cyfredol"]
    assert table.max_row == 2 + 60


def test_cli_rounds_and_withdraw(one_board, store_url, cli):
    shown = json.loads(cli("rounds", "--db", store_url, "--json").stdout)
    assert [r["round"] for r in shown["rounds"]] == ["2027-03", "sample", "sample-earlier", "sample-earliest"]
    assert [r["illustrative"] for r in shown["rounds"]] == [False, True, True, True]
    words = cli("rounds", "--db", store_url).stdout.splitlines()
    assert words[0] == "Round 2027-03: 1 of 7 health boards returned"
    assert words[1] == "  Reporting period 1 April 2016 to 31 March 2017; no deadline set"
    assert words[3].startswith("  ✓ Powys: returned (3 March 2027, 14:05 by hub officer, powys.xlsx: 2 rows kept")
    done = cli("withdraw", "--round", "2027-03", "--board", "PTHB", "--reason", "wrong file", "--db", store_url)
    assert (
        done.returncode == 0
        and done.stdout.strip() == "Powys's submission for round 2027-03 is withdrawn: it no longer counts."
    )
    again = cli(
        "withdraw", "--round", "2027-03", "--board", "Powys", "--reason", "x", "--db", store_url, "--lang", "cy"
    )
    assert again.returncode == 1 and again.stderr.startswith("Mae cyflwyniad W11000024")
    assert (
        cli("withdraw", "--round", "2027-03", "--board", "Atlantis", "--reason", "x", "--db", store_url).returncode == 2
    )
    assert "✗ Powys: withdrawn" in cli("rounds", "--db", store_url).stdout
