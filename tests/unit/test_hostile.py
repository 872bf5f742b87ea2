"""Hostile and broken files: each gets a clear message, nothing is imported, nothing crashes."""

import io
import json
import subprocess
import sys
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprx_map import PROJECT_DIR, store
from sprx_map.returns import ReturnFileError, read_return
from sprx_map.workbooks import FileRefused, Limits, load_table
from tests.builders import RETURN_HEADER, ROW_COUNT_KEYS, accounted

from ..conftest import workbook_bytes

HEADER = RETURN_HEADER
GOOD = ["Walk and Talk", "Powys Walkers", "Powys", "Mid Powys", "current", "physical activity and sport", 1, 10]


def _xlsx_bytes(rows):
    return workbook_bytes(rows, HEADER)


def _refused(path, geo, data=None, limits=None):
    if limits is None:
        with pytest.raises(ReturnFileError) as info:
            read_return(path, geo, data=data)
    else:
        with pytest.raises(FileRefused) as info:
            load_table(path, data, limits)
    return str(info.value)


def test_a_file_over_the_size_limit_is_refused(tmp_path, geo, monkeypatch):
    monkeypatch.setenv("SPRX_MAX_UPLOAD_MB", "0.01")
    path = tmp_path / "big.csv"
    path.write_text(",".join(HEADER) + "\n" + "x," * 10_000)
    expected = "big.csv: the file is 20 KB; the limit is 10 KB. Send the projects sheet on its own."
    assert _refused(path, geo) == expected


def test_a_zip_bomb_is_refused_before_parsing(tmp_path, geo):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<" + "a" * 50_000_000 + ">")
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(buffer.getvalue())
    message = _refused(path, geo)
    assert message.startswith("bomb.xlsx: the workbook would unpack to 47.7 MB or more")


def test_too_many_rows_is_refused(tmp_path, geo):
    path = tmp_path / "rows.xlsx"
    path.write_bytes(_xlsx_bytes([GOOD] * 30))
    assert "more than 20 rows" in _refused(path, geo, data=path.read_bytes(), limits=Limits(max_rows=20))
    csv_path = tmp_path / "rows.csv"
    csv_path.write_text("\n".join([",".join(HEADER)] + ["a,b,c"] * 30))
    assert "more than 20 rows" in _refused(csv_path, geo, data=csv_path.read_bytes(), limits=Limits(max_rows=20))


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("renamed.xlsx", b"%PDF-1.7 not a workbook", "not an .xlsx workbook"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "not an .xlsx workbook"),
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 200, "damaged"),
        ("image.png", b"\x89PNG\r\n\x1a\n", "not a return the app can read"),
        ("zip.csv", _xlsx_bytes([GOOD]), "not a return the app can read"),
    ],
)
def test_wrong_or_corrupt_files_get_a_clear_message(tmp_path, geo, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    assert expected in _refused(path, geo)


def test_workbooks_are_parsed_with_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_validate_json_contract_and_exit_codes(tmp_path, sample_paths):
    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "sprx_map", "validate", *args],
            capture_output=True,
            text=True,
            cwd=PROJECT_DIR,
            timeout=120,
        )

    ok = cli(str(sample_paths[0]), "--json")
    assert ok.returncode == 0
    files = json.loads(ok.stdout)["files"]
    assert list(files[0]) == [
        "file",
        *ROW_COUNT_KEYS,
        "issues",
        "columns",
        "completeness",
    ]
    assert (
        files[0]["completeness"]["link_worker_fte"]["projects"]
        == files[0]["accepted"] + files[0]["accepted_with_warnings"]
    )
    assert files[0]["columns"][0] == {
        "heading": "Project name * / Enw'r prosiect",
        "field": "project_name",
        "how": "exact",
        "confidence": 1.0,
    }
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_xlsx_bytes([GOOD, ["Art", "Arts Co", "Atlantis UHB", "Mid Powys", "current", "arts", 0, 1]]))
    rejected = cli(str(bad), "--json")
    assert rejected.returncode == 1
    issue = json.loads(rejected.stdout)["files"][0]["issues"][0]
    assert list(issue) == ["row", "column", "value", "severity", "message", "suggestion"]
    assert (issue["row"], issue["column"], issue["value"], issue["severity"]) == (
        3,
        "Health board",
        "Atlantis UHB",
        "error",
    )
    pdf = tmp_path / "x.xlsx"
    pdf.write_bytes(b"%PDF-1.4")
    unreadable = cli(str(pdf), "--json")
    assert unreadable.returncode == 2 and len(unreadable.stderr.strip().splitlines()) == 1


CELL = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.sampled_from(
        [
            "TOTAL",
            "n/k",
            "All",
            "Powys",
            "Cynon Nrth",
            "1,2",
            "c.150",
            "=1+2",
            "<b>x</b>",
            "Feb 2017",
            "02/25/2017",
            "0.5 + 0.5",
            "",
            "  ",
        ]
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(st.tuples(st.integers(0, 4), st.integers(0, len(HEADER) - 1), CELL), max_size=12),
    extra_blank=st.integers(0, 3),
)
def test_corrupted_returns_never_crash_and_every_row_is_accounted_for(tmp_path_factory, geo, edits, extra_blank):
    rows = [list(GOOD) for _ in range(5)] + [[None] * len(HEADER)] * extra_blank
    for r, c, value in edits:
        rows[r][c] = value
    path = tmp_path_factory.mktemp("h") / "r.xlsx"
    path.write_bytes(_xlsx_bytes(rows))
    report = read_return(path, geo)  # edits touch data rows only: the file is always read
    s = report.summary()
    assert accounted(s)
    assert len(report.projects) == s["accepted"] + s["accepted_with_warnings"]


def test_a_failed_import_changes_nothing(tmp_path, geo, sample_paths):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    engine = store.connect(url)
    good = read_return(sample_paths[0], geo)
    mixed = tmp_path / "mixed.xlsx"
    mixed.write_bytes(
        _xlsx_bytes(
            [
                GOOD,
                [
                    "Cardiff thing",
                    "Org",
                    "Cardiff and Vale UHB",
                    "Cardiff East",
                    "current",
                    "arts and creativity",
                    0,
                    1,
                ],
            ]
        )
    )
    with pytest.raises(store.StoreError, match="one board's projects"):
        store.import_reports(engine, [good, read_return(mixed, geo)], "2017-02")
    assert store.history(engine).empty


def test_a_refusal_keeps_its_reason_in_both_languages_through_a_pickle():
    """The app caches read uploads (pickled): the reason must still come out in the reader's language."""
    import pickle

    refused = pickle.loads(pickle.dumps(ReturnFileError("error.not_xlsx", file="fake.xlsx")))
    assert isinstance(refused, ReturnFileError)
    assert str(refused) == refused.message("en") != refused.message("cy")
    assert refused.message("cy").startswith("fake.xlsx: nid yw hwn yn llyfr gwaith .xlsx")


def _corpus_headings() -> tuple[dict[str, list[str]], list[str]]:
    import csv

    path = PROJECT_DIR / "tests" / "data" / "headings" / "corpus.csv"
    by_field: dict[str, list[str]] = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            by_field.setdefault(row["field"], []).append(row["heading"])
    return by_field, by_field.pop("")


BY_FIELD, NOT_FIELDS = _corpus_headings()
# A value each field reads cleanly, for the rows under random headings.
VALUES = {
    "project_name": "Walk and Talk",
    "lead_organisation": "Powys Walkers",
    "health_board": "Powys",
    "clusters_served": "Mid Powys",
    "status": "current",
    "activity_categories": "walking",
    "link_worker_fte": 1.5,
    "referrals_received": 40,
    "start_date": "01/04/2016",
    "venue_postcode": "LD1 5HB",
}
DECORATIONS = (
    lambda h: h,
    str.upper,
    str.lower,
    lambda h: h + ":",
    lambda h: h + " *",
    lambda h: h + " 2017/18",
    lambda h: f"  {h}\n",
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.data(),
    title_rows=st.integers(0, 3),
    instructions_first=st.booleans(),
    distractors=st.integers(0, 3),
    extra_rows=st.lists(CELL, max_size=4),
)
def test_headings_and_layouts_never_read_a_wrong_field_and_every_row_is_accounted_for(
    tmp_path_factory, geo, data, title_rows, instructions_first, distractors, extra_rows
):
    """Random phrasings of the fields (from the corpus, decorated), in random order, with headings that name
    no field, title rows and an instructions sheet: never a crash, never a heading read as a wrong field."""
    import openpyxl

    fields = list(VALUES)
    chosen = data.draw(st.permutations(fields))
    columns = [(key, data.draw(st.sampled_from(BY_FIELD[key]))) for key in chosen]
    columns += [(None, data.draw(st.sampled_from(NOT_FIELDS))) for _ in range(distractors)]
    columns = data.draw(st.permutations(columns))
    headings = [data.draw(st.sampled_from(DECORATIONS))(text) for _, text in columns]
    wb = openpyxl.Workbook()
    if instructions_first:
        wb.active.title = "Instructions"
        wb.active.append(["Fill in one row per project."])
        ws = wb.create_sheet("Data")
    else:
        ws = wb.active
    for i in range(title_rows):
        ws.append([f"Powys return, title line {i}"])
    ws.append(headings)
    for _ in range(3):
        ws.append([VALUES[key] if key else "x" for key, _ in columns])
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in extra_rows][: len(columns)])
    path = tmp_path_factory.mktemp("layout") / "r.xlsx"
    wb.save(path)
    report = read_return(path, geo)
    read = {c.index: c.field for c in report.columns}
    assert [(columns[i][1], read[i]) for i in read if read[i] not in (None, columns[i][0])] == []
    s = report.summary()
    assert accounted(s)
    assert len(report.projects) == s["accepted"] + s["accepted_with_warnings"]
