"""One cell cannot stall the reader: a list cell too long or of too many values is read in about the time of
an ordinary one; the cell is a finding on its row and the rest of the return is read as usual. Splitting lists
gives what it always gave."""

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprx_map import cell_lists, cells, schema
from sprx_map.returns import read_return
from sprx_map.vocabulary import normalise_label, vocabulary_index
from tests.builders import RETURN_HEADER, counted, row_counts, write_return

ACTIVITIES = vocabulary_index(schema.FIELD_BY_KEY["activity_categories"].vocabulary)
ROWS = [
    [f"Walk {n}", "Powys Walkers", "Powys", "Mid Powys", "current", "physical activity and sport", 1, 10]
    for n in range(1, 6)
]
ACTIVITY = RETURN_HEADER.index("Activity categories")


def _with(cell: str, column: int = ACTIVITY) -> list[list]:
    """The rows with ``cell`` written in ``column`` of the last one (Excel row 6)."""
    last = list(ROWS[-1])
    last[column] = cell
    return [*ROWS[:-1], last]


def _timed(path, geo):
    start = time.perf_counter()
    report = read_return(path, geo)
    return time.perf_counter() - start, report


def _baseline(path, geo) -> float:
    """Seconds to read the ordinary return, caches warm (so the comparison is not flattered by a cold start)."""
    _timed(path, geo)
    return min(_timed(path, geo)[0] for _ in range(2))


def test_a_cell_of_10000_values_costs_under_a_second_and_only_its_row(tmp_path, geo):
    ordinary = write_return(tmp_path / "ordinary.xlsx", ROWS)
    hostile = write_return(tmp_path / "hostile.xlsx", _with(",".join(["zz"] * 10_000)))
    baseline = _baseline(ordinary, geo)
    spent, report = _timed(hostile, geo)
    assert spent - baseline < 1.0
    [finding] = [f for f in report.findings if f.row == 6]
    assert (finding.key, finding.severity, finding.field) == ("finding.cell_too_long", "error", "activity_categories")
    assert finding.message() == (
        "This cell holds 29,999 characters; a cell of this column may hold at most 5,000, so it was not read. "
        "Shorten it to the values that apply, and put anything else in Notes."
    )
    assert finding.value == "zz," * 13 + "z…"  # quoted short, not the whole cell
    assert counted(report.summary()) == row_counts(rows_read=5, accepted=4, rejected=1)
    assert list(report.projects["project_name"]) == ["Walk 1", "Walk 2", "Walk 3", "Walk 4"]


def test_a_list_of_1600_values_is_a_finding_worded_in_both_languages(tmp_path, geo):
    report = read_return(write_return(tmp_path / "long.xlsx", _with(",".join(["zz"] * 1_600))), geo)
    [finding] = [f for f in report.findings if f.row == 6]
    assert (finding.key, finding.severity, finding.field) == ("finding.too_many_values", "error", "activity_categories")
    assert finding.message() == (
        "This cell holds 1,600 values; a list in one cell may hold at most 200, so it was not read. "
        "Shorten the list to the values that apply."
    )
    assert finding.message("cy") == (
        "Mae 1,600 o werthoedd yn y gell hon; gall rhestr mewn un gell ddal 200 o werthoedd ar y mwyaf, felly ni "
        "chafodd ei darllen. Cwtogwch y rhestr i'r gwerthoedd sy'n berthnasol."
    )
    assert report.row_status == {2: "accepted", 3: "accepted", 4: "accepted", 5: "accepted", 6: "rejected"}


def test_an_optional_list_of_too_many_values_is_left_empty_with_a_warning(tmp_path, geo):
    header = (*RETURN_HEADER, "Target groups")
    rows = [[*row, "older people"] for row in ROWS]
    rows[-1][-1] = "; ".join(["older people"] * 201)
    report = read_return(write_return(tmp_path / "groups.xlsx", rows, header=header), geo)
    [finding] = [f for f in report.findings if f.row == 6]
    assert (finding.key, finding.severity, finding.left_empty) == ("finding.too_many_values", "warning", True)
    assert counted(report.summary()) == row_counts(rows_read=5, accepted=4, accepted_with_warnings=1)
    assert [list(v) for v in report.projects["target_groups"]] == [["older_people"]] * 4 + [[]]


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("x" * (cells.MAX_CELL + 1), "finding.cell_too_long"),
        ("a/" * cells.MAX_VALUES + "a", "finding.too_many_values"),
        ("art;\n" * (cells.MAX_VALUES + 1), "finding.too_many_values"),
    ],
)
def test_list_cells_past_a_limit_are_reported_not_read(cell, key):
    parsed = cells.parse_choices(cell, schema.FIELD_BY_KEY["activity_categories"].vocabulary)
    assert (parsed.value, [n.key for n in parsed.notes]) == ([], [key])


def test_cells_at_the_limits_are_read():
    assert cells.too_big("a/" * (cells.MAX_VALUES - 1) + "a") is None  # 200 values
    assert cells.too_big("x" * cells.MAX_CELL) is None
    assert cells.too_big("a/" * cells.MAX_VALUES + "a", listed=False) is None  # one value that holds slashes


def test_a_board_or_clusters_cell_past_the_limit_is_a_finding_on_its_row(tmp_path, geo):
    rows = _with("Powys " * 1_000, RETURN_HEADER.index("Health board"))
    rows[3][RETURN_HEADER.index("Clusters served")] = ", ".join(["North Powys"] * 300)
    report = read_return(write_return(tmp_path / "areas.xlsx", rows), geo)
    found = sorted((f.row, f.field, f.key) for f in report.findings if f.severity == "error")
    assert found == [(5, "clusters_served", "finding.too_many_values"), (6, "health_board", "finding.cell_too_long")]
    assert counted(report.summary()) == row_counts(rows_read=5, accepted=3, rejected=2)


def test_splitting_grows_in_step_with_the_pieces():
    # The limits keep such a cell from being split at all; splitting it anyway shows the splitting itself no
    # longer grows with the cube of the pieces (10,000 took minutes). Ten times the pieces must take about ten
    # times as long, not a thousand: a ratio, so a busy machine slows both alike (the best of three of each).
    def seconds(pieces: int) -> float:
        start = time.perf_counter()
        parts = cells.split_values(",".join(["zz"] * pieces), ACTIVITIES)
        assert parts == ["zz"] * pieces
        return time.perf_counter() - start

    small = min(seconds(1_000) for _ in range(3))
    large = min(seconds(10_000) for _ in range(3))
    assert large < 40 * small


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        (
            "Arts and creativity, gardening, nature and green activity / befriending",
            ["Arts & creativity", "gardening", "nature", "green activity", "befriending"],
        ),
        ("arts & crafts, walking and talking", ["arts & crafts", "walking", "talking"]),
        ("arts and crafts and music", ["arts & crafts", "music"]),
        (
            "Gardening/nature and green activity; welfare, debt and money advice",
            ["Gardening/nature and green activity", "welfare", "debt", "money advice"],
        ),
        ("music / - / singing", ["music, -", "singing"]),  # a piece with no words joins the label before it
    ],
)
def test_activity_lists_split_as_before(cell, parts):
    assert cells.split_values(cell, ACTIVITIES) == parts


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        (
            "Tywi/Taf, City & Cardiff South, Dwyfor and North Meirionnydd",
            ["Tywi, Taf", "City & Cardiff South", "Dwyfor & North Meirionnydd"],
        ),
        ("Y Ddinas a De Caerdydd / Tywi/Taf", ["Y Ddinas a De Caerdydd", "Tywi, Taf"]),
        ("Central and South Denbighshire and Tywi / Taf", ["Central & South Denbighshire", "Tywi, Taf"]),
    ],
)
def test_cluster_lists_keep_names_with_separators_whole(geo, cell, parts):
    assert cells.split_values(cell, geo.names.labels("cluster")) == parts


# The splitting as first written, plainly: from each piece, every end from the last down, every separator.
# It takes time growing with the cube of the pieces; it stays here as what the reader must still give.
_PLAIN_WEAK = re.compile(r"\s*,\s*|\s*/\s*|\s+&\s+|\s+and\s+|\s+a\s+|\s+ac\s+|\s*\+\s*", re.I)


def _plain_split(chunk: str, known: dict[str, str]) -> list[str]:
    pieces = [p.strip() for p in _PLAIN_WEAK.split(chunk) if p.strip()]
    out, i = [], 0
    while i < len(pieces):
        runs = (
            (j, sep.join(pieces[i:j]))
            for j in range(len(pieces), i, -1)
            for sep in (", ", " / ", "/", ",", " & ", " and ", " a ", " ac ")
        )
        i, run = next(((j, run) for j, run in runs if normalise_label(run) in known), (i + 1, pieces[i]))
        out.append(run)
    return out


_WORDS = ["arts", "crafts", "Music", "befriending", "green", "activity", "walking", "zz", "-", "'", "O'Neill", "café"]
_SEPARATORS = [", ", ",", " / ", "/", " & ", "&", " and ", " AND ", " a ", " ac ", "+", "  ,  ", " ", "   ", " - "]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_splitting_gives_what_the_plain_way_gives(geo, data):
    known = data.draw(st.sampled_from([ACTIVITIES, geo.names.labels("cluster")]))
    words = st.sampled_from([*sorted(known), *_WORDS])
    pieces = data.draw(st.lists(st.tuples(words, st.sampled_from(_SEPARATORS)), min_size=1, max_size=8))
    chunk = "".join(word + sep for word, sep in pieces)
    assert cell_lists._WEAK.split(chunk) == _PLAIN_WEAK.split(chunk)
    assert cell_lists._split_weak(chunk, known) == _plain_split(chunk, known)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \t,/&+andcAx'-", max_size=24))
def test_separators_are_found_where_the_plain_pattern_finds_them(text):
    assert cell_lists._WEAK.split(text) == _PLAIN_WEAK.split(text)
