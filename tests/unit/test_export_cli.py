import csv
import io
import json

import openpyxl


def test_export_projects_and_measures(tmp_path, sample, direct, cli):
    db = f"sqlite:///{tmp_path / 'e.sqlite'}"  # a new store: seeded with the sample
    out = tmp_path / "p.csv"
    result = cli("export", "--out", str(out), "--db", db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"331 rows of round sample written to {out}"
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0][:2] == ["Project name", "Lead organisation"]  # the header is the first line
    assert rows[0][-3:] == ["Survey round", "Illustrative data", "Data as of"]
    assert {tuple(r[-3:-1]) for r in rows[1:]} == {("sample", "yes")}
    assert len(rows) - 1 == len(sample.projects)

    geo_out = tmp_path / "b.geojson"
    assert (
        cli("export", "--out", str(geo_out), "--format", "geojson", "--level", "health_board", "--db", db).returncode
        == 0
    )
    collection = json.loads(geo_out.read_text())
    powys = next(f["properties"] for f in collection["features"] if f["properties"]["code"] == "W11000024")
    expected = direct(boards=["W11000024"])
    assert (powys["projects_current"], powys["referrals"]) == (expected["projects_current"], expected["referrals"])
    assert collection["notes"][0].startswith("Illustrative data")

    xlsx_out = tmp_path / "c.xlsx"
    assert cli("export", "--out", str(xlsx_out), "--format", "xlsx", "--level", "cluster", "--db", db).returncode == 0
    wb = openpyxl.load_workbook(xlsx_out)
    assert wb.sheetnames == ["Cover", "Notes", "Table 1"]
    assert wb["Table 1"].max_row == 2 + 60  # the title, the header, 60 clusters
    assert cli("export", "--out", str(out), "--round", "1999-01", "--db", db).returncode == 2


def test_export_every_round_in_one_long_table(tmp_path, cli):
    db = f"sqlite:///{tmp_path / 'e.sqlite'}"  # a new store: seeded with the three illustrative rounds
    out = tmp_path / "all.csv"
    result = cli("export", "--all-rounds", "--level", "health_board", "--out", str(out), "--db", db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"21 rows of round every round: sample-earliest, sample-earlier, sample written to {out}"
    )
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r["Survey round"] for r in rows] == ["sample-earliest"] * 7 + ["sample-earlier"] * 7 + ["sample"] * 7
    assert {r["Illustrative data"] for r in rows} == {"yes"} and all(r["Data as of"] for r in rows)
    powys = [r for r in rows if r["Code"] == "W11000024"]
    # Powys did not return in the earliest round: [x], never zero, and not compared.
    assert (
        powys[0]["Referrals to social prescribing a year"] == "[x]"
        and powys[0]["Referrals to social prescribing per 1,000 patients a year: compared with Wales"] == "[x]"
    )
    assert powys[1]["Referrals to social prescribing per 1,000 patients a year: compared with Wales"] in {
        "higher",
        "similar",
        "lower",
    }
    assert (
        float(powys[2]["Referrals to social prescribing per 1,000 patients a year: lower 95% limit"])
        < float(powys[2]["Referrals to social prescribing per 1,000 patients a year"])
        < float(powys[2]["Referrals to social prescribing per 1,000 patients a year: upper 95% limit"])
    )
    assert (
        "Referrals to social prescribing per 1,000 patients a year: compared with the health board" not in rows[0]
    )  # boards: no board
    xlsx = tmp_path / "all.xlsx"
    assert cli("export", "--all-rounds", "--format", "xlsx", "--out", str(xlsx), "--db", db).returncode == 0
    wb = openpyxl.load_workbook(xlsx)
    assert wb["Table 1"].max_row == 2 + 3 * 60
    notes = [r[0].value for r in wb["Notes"].iter_rows(min_row=3)]
    assert "Referrals to social prescribing per 1,000 patients a year: compared with the health board" in notes
    assert cli("export", "--all-rounds", "--format", "geojson", "--out", str(out), "--db", db).returncode == 2
