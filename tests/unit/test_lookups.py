"""Reading the tables that place things in clusters (practice lists, LSOA lookups)."""

import io
import zipfile

import openpyxl
import pytest

from sprx_map.geo.boundaries import BoundaryError
from sprx_map.geo.lookups import read_practices, read_table
from sprx_map.messages import texts


def test_rows_keep_the_numbers_a_person_sees(tmp_path):
    path = tmp_path / "practices.csv"
    path.write_text("Cluster;Practice Population\n\nNorth Powys;8534\n;\nSouth Powys;1,200\n", encoding="utf-8")
    table = read_table(path)
    assert list(table.columns) == ["Cluster", "Practice Population"]
    assert table.index.tolist() == [3, 5]  # blank rows skipped, numbering kept
    assert table.values.tolist() == [["North Powys", "8534"], ["South Powys", "1,200"]]


def test_a_workbook_reads_as_text_with_whole_numbers_plain(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["cluster_id", "list size", "cluster_id", None], ["W12345", 8534.0, "x", None], [None, None]):
        ws.append(row)
    ws.append(["W6789", 12.5])
    path = tmp_path / "practices.xlsx"
    wb.save(path)
    table = read_table(path)
    assert list(table.columns) == ["cluster_id", "list size", "cluster_id.1"]
    assert table.index.tolist() == [2, 4]
    assert table.values.tolist() == [["W12345", "8534", "x"], ["W6789", "12.5", ""]]


def test_a_row_longer_than_its_header_is_named(tmp_path):
    path = tmp_path / "lookup.csv"
    path.write_text("LSOA11CD,Cluster\nW01000001,North Powys\nW01000002,South Powys,extra\n", encoding="utf-8")
    with pytest.raises(BoundaryError) as caught:
        read_table(path)
    assert str(caught.value) == (
        "lookup.csv: 1 row has more cells than the header row: 3. Give every column a heading."
    )


def test_an_empty_table_says_so(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("\n ,\n", encoding="utf-8")
    with pytest.raises(BoundaryError, match=r"^empty.csv has no rows: give the table with its header row.$"):
        read_table(path)


def test_a_table_gets_the_same_checks_as_a_return(tmp_path):
    """A workbook that would unpack to far more than it weighs is refused before it is parsed."""
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 2**20))
    path = tmp_path / "practices.xlsx"
    path.write_bytes(bomb.getvalue())
    unpacks = r"^practices.xlsx: the workbook would unpack to 50.0 MB"
    with pytest.raises(BoundaryError, match=unpacks):
        read_table(path)
    path = tmp_path / "practices.csv"
    path.write_bytes(b"PK\x03\x04 not a csv")
    with pytest.raises(BoundaryError, match=r"^practices.csv: this is not a return the app can read"):
        read_table(path)


def test_practice_problems_name_the_rows_of_the_file(geo, tmp_path):
    """A blank line above the data does not shift the row numbers in the messages."""
    lines = ["cluster_id,list size", ""] + [f"{c},100" for c in geo.clusters.index] + ["Cynon Nrth,5"]
    path = tmp_path / "practices.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load = read_practices(path, geo)
    assert texts(load.problems, "en") == [
        "practices.csv: 1 row names a cluster that is not known: row 63 'Cynon Nrth' (Cynon North?). Correct the "
        "names (or use the cluster ids) and load it again."
    ]
    assert (load.rows_read, load.rows_used, int(load.populations.sum())) == (61, 60, 6000)


def test_uneven_rows_keep_the_headers_separator(geo, tmp_path):
    """A last column that some rows leave off: the separator is still the header's, not a comma."""
    lines = ["Practice;Cluster;Practice Population;Note"]
    lines += [f"P{i};{c};100" + (";merged 2023" if i % 3 == 0 else "") for i, c in enumerate(geo.clusters.index)]
    path = tmp_path / "practices.tsv"
    path.write_text("\n".join(lines).replace(";", "\t") + "\n", encoding="utf-8")
    table = read_table(path)
    assert list(table.columns) == ["Practice", "Cluster", "Practice Population", "Note"]
    assert table.loc[2].tolist() == ["P0", geo.clusters.index[0], "100", "merged 2023"]
    assert table.loc[3].tolist() == ["P1", geo.clusters.index[1], "100", ""]
    path = tmp_path / "practices.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load = read_practices(path, geo)
    assert (load.ok, load.rows_read, load.rows_used, int(load.populations.sum())) == (True, 60, 60, 6000)


def test_a_quote_left_open_is_a_message_not_a_crash(geo, tmp_path):
    path = tmp_path / "practices.csv"
    rows = [f"{c},1" for c in geo.clusters.index] * 600  # enough to pass csv's 128 KB field limit
    path.write_text('cluster_id,list size\n"W12345,1\n' + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(BoundaryError, match=r"^practices.csv: the CSV cannot be read \(field larger than field limit"):
        read_table(path)


def test_repeated_headings_stay_distinct(tmp_path):
    path = tmp_path / "lookup.csv"
    path.write_text("x,x,x.1,,y\n1,2,3,4,5\n", encoding="utf-8")
    assert list(read_table(path).columns) == ["x", "x.1", "x.1.1", "column 4", "y"]


def test_only_the_first_sheet_of_a_workbook_is_read(tmp_path, monkeypatch):
    from sprx_map.geo import lookups
    from sprx_map.workbooks import Limits

    monkeypatch.setattr(lookups, "TABLE_LIMITS", Limits(max_rows=5))
    wb = openpyxl.Workbook()
    wb.active.append(["cluster_id", "list size"])
    wb.active.append(["W12345", 10])
    notes = wb.create_sheet("Notes")
    for i in range(10):
        notes.append([f"note {i}"])
    path = tmp_path / "practices.xlsx"
    wb.save(path)
    assert read_table(path).values.tolist() == [["W12345", "10"]]
