import csv
import io
import json

import openpyxl


def test_export_projects_and_measures(tmp_path, sample, direct, cli):
    db = f"sqlite:///{tmp_path / 'e.sqlite'}"  # a new store: seeded with the sample
    out = tmp_path / "p.csv"
    result = cli("export", "--out", str(out), "--db", db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"331 row(s) of round sample written to {out}"
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
