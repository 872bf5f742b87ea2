"""Confirm once, remembered: choices saved per board in the store (SQLite and PostgreSQL) and on the command line."""

import datetime as dt
import json

import openpyxl

from sprx_map import intake, store
from sprx_map.layout import Choices, key_of
from sprx_map.returns import read_return

SWANSEA = "W11000031"
WHEN = dt.datetime(2027, 3, 3, 14, 5, tzinfo=dt.UTC)


def _return(path, cluster="Cwmtawr", board="Swansea Bay"):
    wb = openpyxl.Workbook()
    wb.active.append(["Project name", "Lead organisation", "Health board", "Clusters served", "Status", "Activity",
                      "Number"])  # fmt: skip
    wb.active.append(["Cwtch", "Menter", board, cluster, "current", "arts", 12])
    wb.save(path)
    return path


def test_mappings_are_saved_per_board_replaced_and_removed_with_who_and_when(store_url):
    engine = store.connect(store_url)
    chosen = [
        store.Mapping("heading", "", "Number", "referrals_received"),
        store.Mapping("value", "clusters_served", "Cwmtawr", "llwchwr"),
    ]
    assert store.save_mappings(engine, SWANSEA, chosen, who="hub officer", now=WHEN) == 2
    assert store.save_mappings(engine, SWANSEA, chosen, who="hub officer", now=WHEN) == 0  # the same again
    table = store.mappings(engine, SWANSEA)
    assert table[["kind", "field", "source", "written", "target", "saved_by"]].values.tolist() == [
        ["heading", "", "number", "Number", "referrals_received", "hub officer"],
        ["value", "clusters_served", "cwmtawr", "Cwmtawr", "llwchwr", "hub officer"],
    ]
    assert store.mappings(engine, "W11000024").empty  # another board's returns are not touched
    headings, values = store.saved_mappings(engine)(SWANSEA)
    assert (headings, values) == ({"number": "referrals_received"}, {("clusters_served", "cwmtawr"): "llwchwr"})
    # A new choice for the same heading replaces the old one, which stays in the table, marked removed.
    store.save_mappings(engine, SWANSEA, [store.Mapping("heading", "", "NUMBER", "")], who="another officer")
    assert store.saved_mappings(engine)(SWANSEA)[0] == {"number": ""}
    first = int(table["id"].iloc[1])
    store.remove_mapping(engine, first, who="hub officer")
    assert store.saved_mappings(engine)(SWANSEA)[1] == {}
    with engine.connect() as conn:
        rows = conn.execute(store.mappings_table.select().order_by(store.mappings_table.c.id)).mappings().all()
    assert [(r["target"], r["removed_by"] is not None) for r in rows] == [
        ("referrals_received", True),
        ("llwchwr", True),
        ("", False),
    ]


def test_a_saved_mapping_reads_the_boards_next_return_the_same_way(store_url, tmp_path, geo):
    engine = store.connect(store_url)
    first = read_return(
        _return(tmp_path / "a.xlsx"),
        geo,
        choices=Choices(
            headings={key_of("Number"): "referrals_received"},
            values={("clusters_served", key_of("Cwmtawr")): "llwchwr"},
        ),
    )
    chosen = intake.remembered(first, Choices(values={("clusters_served", key_of("Cwmtawr")): "llwchwr"}))
    assert chosen == [
        store.Mapping("heading", "", "Number", "referrals_received"),
        store.Mapping("value", "clusters_served", "Cwmtawr", "llwchwr"),
    ]
    store.save_mappings(engine, first.board_code, chosen)
    later = read_return(_return(tmp_path / "b.xlsx"), geo, saved=store.saved_mappings(engine))
    assert [(c.heading, c.field, c.how) for c in later.columns][-1] == ("Number", "referrals_received", "saved")
    assert later.projects[["clusters_served", "referrals_received"]].values.tolist() == [[["llwchwr"], 12]]


def test_cli_map_board_and_mappings(cli, tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    path = _return(tmp_path / "return.xlsx", cluster="Cwmtawe", board=None)
    plain = json.loads(cli("validate", str(path), "--json", "--db", url).stdout)["files"][0]
    assert plain["columns"][-1] == {"heading": "Number", "field": None, "how": "ignored", "confidence": 0.0}
    # No board column filled: the board comes from its clusters; --board says it for the whole file.
    mapped = cli("validate", str(path), "--json", "--db", url, "--map", "Number=referrals_received", "--board", "SBUHB")
    assert mapped.returncode == 0, mapped.stderr
    files = json.loads(mapped.stdout)["files"]
    assert files[0]["columns"][-1] == {"heading": "Number", "field": "referrals_received", "how": "user",
                                       "confidence": 1.0}  # fmt: skip
    assert cli("mappings", "--db", url).stdout.strip() == "No saved mappings."  # validating saves nothing
    imported = cli("import", str(path), "--round", "2027-03", "--db", url, "--map", "Number=referrals_received")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.splitlines()[-1] == (
        "Saved 1 choice for Swansea Bay: its later returns are read the same way."
    )
    listed = cli("mappings", "--db", url, "--board", "Swansea Bay")
    assert listed.stdout.startswith("#1 Swansea Bay: heading 'Number' -> Referrals received (saved ")
    again = json.loads(cli("validate", str(path), "--json", "--db", url).stdout)["files"][0]
    assert again["columns"][-1]["how"] == "saved"
    removed = cli("mappings", "--db", url, "--remove", "1", "--lang", "cy")
    assert removed.stdout.strip() == "Tynnwyd mapio #1: nid yw'n cael ei ddefnyddio mwyach (mae'n aros yn yr hanes)."
    assert json.loads(cli("mappings", "--db", url, "--json").stdout) == {"mappings": []}
    bad = cli("validate", str(path), "--map", "Number=favourite colour")
    assert bad.returncode == 2 and bad.stderr.startswith("--map Number=favourite colour: write HEADING=FIELD")
    assert cli("validate", str(path), "--board", "Atlantis").returncode == 2


def test_cli_exit_codes_for_a_missing_required_column(cli, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Project name", "Lead organisation", "Health board", "Cluster(s)", "Activity"])
    wb.active.append(["Cwtch", "Menter", "Swansea Bay", "Cwmtawe", "arts"])
    path = tmp_path / "nostatus.xlsx"
    wb.save(path)
    result = cli("validate", str(path), "--db", f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert result.returncode == 1  # read, with its rows rejected: not "unreadable"
    assert "No column is read as 'Status', which is required, so 1 row was rejected." in result.stdout
    welsh = cli("validate", str(path), "--lang", "cy", "--db", f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert "Nid oes colofn yn cael ei darllen fel 'Statws'" in welsh.stdout
    assert "gwall" in welsh.stdout and "error" not in welsh.stdout
