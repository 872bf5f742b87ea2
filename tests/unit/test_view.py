"""A view: one round under filters, each thing made of it once, safe to share between threads.

Tiny world (tests/tiny.py): round 2026-03 has Green Gym (2.0 FTE, aber and bryn) and Arts (0.5, aber) in
board A, Money advice (1.0, cwm) current and a walking group planned in board B.
"""

import threading
import time

import pytest

from sprx_map import downloads, metrics
from sprx_map.dataset import Dataset
from sprx_map.filters import Filters
from sprx_map.rounds import NOT_RETURNED, RETURNED, BoardReturn, RoundReturns
from sprx_map.view import View
from tests import tiny

A, B = tiny.BOARD_A, tiny.BOARD_B


@pytest.fixture
def world():
    geo, projects, shares, _, _ = tiny.world()
    returns = {"2026-03": RoundReturns("2026-03", False, (BoardReturn(A, RETURNED), BoardReturn(B, NOT_RETURNED)))}
    return geo, Dataset(projects, shares, illustrative_rounds=(), returns=returns)


def test_a_view_is_its_rounds_projects_under_the_filters(world):
    geo, data = world
    view = View(data, geo, Filters(round="2026-03", boards=(A,)))
    assert list(view.projects["project_id"]) == ["2026-03/1", "2026-03/2"]
    assert (view.counted, view.no_return) == (["aber", "bryn"], [])
    assert (view.headline["projects_current"], view.headline["link_worker_fte"]) == (2, 2.5)


def test_a_board_with_no_return_lists_its_clusters_apart(world):
    geo, data = world
    view = View(data, geo, Filters(round="2026-03"))
    assert (view.counted, view.no_return) == (["aber", "bryn"], ["cwm"])
    assert view.area_table("health_board")[metrics.NO_RETURN].tolist() == [False, True]
    assert list(view.counted_table("health_board").index) == [A]


def test_the_exports_are_the_views_files(world):
    geo, data = world
    chosen = Filters(round="2026-03")
    view = View(data, geo, chosen)
    made = downloads.areas_download(data, geo, chosen, "cluster")
    assert list(made.frame["code"]) == ["aber", "bryn", "cwm"]
    assert made.frame["link_worker_fte"].tolist() == [1.0, 1.5, "[x]"]  # Green Gym's 2.0 by patients, Arts' 0.5
    assert view.compared("cluster")["link_worker_fte"].tolist()[:2] == [1.0, 1.5]
    assert made.release == view.release("en")


def test_a_method_is_kept_once_however_its_arguments_are_given(world):
    geo, data = world
    view = View(data, geo, Filters(round="2026-03"))
    table = view.area_table("cluster")
    assert view.area_table("cluster", False) is table
    assert view.area_table(level="cluster", current=False) is table
    assert view.held("area_table", "cluster") is table
    assert view.area_table("cluster", current=True) is not table
    with pytest.raises(KeyError):
        view.held("area_table", "health_board")  # not made yet


def test_threads_asking_at_once_get_the_one_value_made_once(world):
    geo, data = world
    view, made, start = View(data, geo, Filters(round="2026-03")), [], threading.Barrier(8)

    def make():
        made.append(1)
        time.sleep(0.05)  # long enough for every thread to ask while it is being made
        return object()

    got = []

    def ask():
        start.wait()
        got.append(view.remember(("slow",), make))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert made == [1]
    assert len(got) == 8 and all(value is got[0] for value in got)


def test_a_failure_is_not_kept(world):
    geo, data = world
    view, tries = View(data, geo, Filters(round="2026-03")), []

    def make():
        tries.append(1)
        if len(tries) == 1:
            raise ValueError("first try")
        return "made"

    with pytest.raises(ValueError):
        view.remember(("flaky",), make)
    assert view.remember(("flaky",), make) == "made"
    assert tries == [1, 1]


def test_what_a_view_keeps_is_bounded(world):
    geo, data = world
    view = View(data, geo, Filters(round="2026-03"), memo=2)
    for number in range(3):
        view.remember(("n", number), lambda number=number: number)
    with pytest.raises(KeyError):
        view.held("n", 0)  # the oldest, dropped
    assert (view.held("n", 1), view.held("n", 2)) == (1, 2)


def test_a_view_built_whole_keeps_everything(world):
    geo, data = world
    view = View(data, geo, Filters(round="2026-03"), memo=None)
    for number in range(300):
        view.remember(("n", number), lambda number=number: number)
    assert view.held("n", 0) == 0


def test_the_area_html_is_the_formatted_frames_table_written_once(world):
    from sprx_map import tables

    geo, data = world
    view = View(data, geo, Filters(round="2026-03"))
    columns = ("projects_current", "link_worker_fte")
    html = view.area_html("health_board", "cy", columns)
    frame = view.area_frame("health_board", "cy", columns)
    assert html == tables.html_table(tables.formatted(frame, "cy"), "cy")  # as written on every run before
    assert view.area_html("health_board", "cy", columns) is html
    rows = tables.table_values(tables.formatted(frame, "cy"), "cy")["rows"]
    assert rows == [["Bwrdd A", "2", "2.5"], ["Bwrdd B", "dim ffurflen", "dim ffurflen"]]  # B has not returned
    assert '<th scope="row">Bwrdd B</th><td>dim ffurflen</td><td>dim ffurflen</td>' in html
