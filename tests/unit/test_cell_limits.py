"""One cell cannot stall the reader. Splitting lists takes time in proportion to their length, and gives what
it always gave."""

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprx_map import cells, schema
from sprx_map.vocabulary import normalise_label, vocabulary_index

ACTIVITIES = vocabulary_index(schema.FIELD_BY_KEY["activity_categories"].vocabulary)


def test_splitting_10000_pieces_takes_well_under_a_second():
    # It grew with the cube of the pieces: minutes.
    def seconds(pieces: int) -> float:
        start = time.perf_counter()
        parts = cells.split_values(",".join(["zz"] * pieces), ACTIVITIES)
        assert parts == ["zz"] * pieces
        return time.perf_counter() - start

    baseline = seconds(10)
    assert seconds(10_000) - baseline < 1.0


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
    assert cells._WEAK.split(chunk) == _PLAIN_WEAK.split(chunk)
    assert cells._split_weak(chunk, known) == _plain_split(chunk, known)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \t,/&+andcAx'-", max_size=24))
def test_separators_are_found_where_the_plain_pattern_finds_them(text):
    assert cells._WEAK.split(text) == _PLAIN_WEAK.split(text)
