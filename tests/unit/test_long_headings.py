"""One heading cannot stall the reader: a heading as long as a cell can be is read from its first characters,
in about the time of an ordinary one, and ordinary headings read as they always did."""

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from sprx_map import headings
from sprx_map.headings import read_heading
from sprx_map.returns import read_return
from tests.builders import RETURN_HEADER, counted, write_return

EXCEL_CELL = 32_767  # the most characters an Excel cell holds
ROWS = [
    [f"Walk {n}", "Powys Walkers", "Powys", "Mid Powys", "current", "physical activity and sport", 1, 10, "x"]
    for n in range(1, 6)
]


def _timed(path, geo):
    start = time.perf_counter()
    report = read_return(path, geo)
    return time.perf_counter() - start, report


def test_a_heading_of_32_kb_costs_under_a_second_and_reads_nothing(tmp_path, geo):
    # As much as an Excel cell holds (32,767 characters): unknown words, each looked up, and "fel" with no comma
    # after it (the examples scan used to look from each "fel" to the end).
    heading = " ".join(f"fel gair{n}" for n in range(4_000))[: EXCEL_CELL - 1] + "x"
    ordinary = write_return(tmp_path / "ordinary.xlsx", ROWS, header=(*RETURN_HEADER, "Comments"))
    hostile = write_return(tmp_path / "hostile.xlsx", ROWS, header=(*RETURN_HEADER, heading))
    _timed(ordinary, geo)  # caches warm, so the comparison is not flattered by a cold start
    baseline = min(_timed(ordinary, geo)[0] for _ in range(2))
    spent, report = _timed(hostile, geo)
    assert spent - baseline < 1.0
    assert len(heading) == EXCEL_CELL
    assert [(c.heading == heading, c.field, c.how) for c in report.columns][-1] == (True, None, headings.IGNORED)
    assert counted(report.summary()) == counted(read_return(ordinary, geo).summary())


def test_a_long_heading_is_read_from_its_first_characters_to_a_word_end():
    long = "Referrals received (count every referral" + " and every self-referral" * 2_000 + ")"
    first = long[: long.rindex(" ", 0, headings.MAX_HEADING + 1)]
    assert read_heading(long) == read_heading(first)
    assert read_heading(long).field == "referrals_received"


def test_fel_starts_examples_only_before_a_comma():
    assert read_heading("Gweithgareddau, fel celf, garddio").words == ("gweithgareddau",)  # examples left aside
    plain = read_heading("Gweithgareddau fel y'u cynigir")  # "fel" as "as": the words after it are read
    assert (plain.field, plain.confidence) == ("activity_categories", 0.85)


# Where examples start, as first written: one pattern with "fel" looking ahead for a comma from each "fel".
_PLAIN_EXAMPLES = re.compile(
    r"\b(?:e\.?\s?g|e\.?\s?e|for example|er enghraifft|such as|fel(?=[^,]*,))\b[.:,]?.*$", re.I
)
_TOKENS = ["fel", "Fel", "felt", "afel", "e.g", "eg", "e g", "e.e", "such as", "for example", ",", " ", ".", ":", "x"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=12))
def test_examples_start_where_the_plain_pattern_finds_them(tokens):
    main = "".join(tokens)
    found = _PLAIN_EXAMPLES.search(main)
    assert headings._examples_start(main) == (found.start() if found else len(main))
