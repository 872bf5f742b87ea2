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

from ..conftest import workbook_bytes

HEADER = [
    "Project name",
    "Lead organisation",
    "Health board",
    "Clusters served",
    "Status",
    "Activity categories",
    "Link worker FTE",
    "Referrals received",
]
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
        "rows_read",
        "accepted",
        "accepted_with_warnings",
        "rejected",
        "skipped_blank",
        "skipped_total",
        "issues",
    ]
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
    assert (
        s["rows_read"]
        == s["accepted"] + s["accepted_with_warnings"] + s["rejected"] + s["skipped_blank"] + s["skipped_total"]
    )
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
