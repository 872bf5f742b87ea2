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
    assert rows[0][0].startswith("Illustrative data") and rows[2][:2] == ["Project name", "Lead organisation"]
    assert len(rows) - 3 == len(sample.projects)

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
    ws = openpyxl.load_workbook(xlsx_out).active
    assert ws.max_row == 3 + 60  # two notes, the header, 60 clusters
    assert cli("export", "--out", str(out), "--round", "1999-01", "--db", db).returncode == 2
