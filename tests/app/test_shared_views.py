"""Shared views: keyed by everything that changes them, the same object for the same view, never changed by a page.

On the tiny two-round store of tests/app/test_gaps_change.py (worked out by hand there): round 2026-03 has
3 current projects, 3.5 FTE and 24 referrals (Powys alone: 2, 2.5, 12); round 2025-03 has 2, 1.6 and 27.
"""

import dataclasses
import datetime as dt
from types import SimpleNamespace

import pandas as pd
import pytest

from sprx_map import metrics, store
from sprx_map.events import Event
from sprx_map.filters import Filters
from sprx_map.i18n import t
from sprx_map.returns import read_return
from sprx_map.ui import loaders, shared_view
from sprx_map.view import MEMO
from tests.builders import A_YEAR

from ..conftest import workbook_bytes
from .test_gaps_change import HEADER, tiny_store  # noqa: F401  (the fixture)

POWYS = "W11000024"


def _view(**chosen) -> SimpleNamespace:
    """What the shared views read of a page's context: the store as loaded, and the filters."""
    return SimpleNamespace(data=loaders.dataset(), filters=Filters(**chosen))


def _shared(chosen):
    """The shared View of a page's choices (as a page's context holds it)."""
    return shared_view.view_of(chosen.data, chosen.filters)


def _headline(view) -> tuple:
    h = _shared(view).headline
    return h["projects_current"], h["link_worker_fte"], h["referrals"]


def test_the_same_view_is_the_same_object(tiny_store):  # noqa: F811
    first, again = _view(round="2026-03"), _view(round="2026-03")
    assert first.filters is not again.filters
    assert _shared(first).headline is _shared(again).headline
    assert _shared(first).area_table("cluster") is _shared(again).area_table("cluster")
    assert _shared(first) is _shared(again)
    made = []

    def build():
        made.append(1)
        return object()

    assert _shared(first).remember(("a view", "en"), build) is _shared(again).remember(("a view", "en"), build)
    assert made == [1]  # made once


def test_two_rounds_and_two_filter_sets_give_different_views(tiny_store):  # noqa: F811
    assert _headline(_view(round="2026-03")) == (3, 3.5, 24)
    assert _headline(_view(round="2025-03")) == (2, 1.6, 27)
    assert _headline(_view(round="2026-03", boards=(POWYS,))) == (2, 2.5, 12)
    everywhere, powys = _view(round="2026-03"), _view(round="2026-03", boards=(POWYS,))
    assert list(_shared(powys).area_table("health_board").index) == [POWYS]
    assert len(_shared(everywhere).area_table("health_board").index) == 7
    # Each shared table is what the page would have worked out for itself.
    chosen = _shared(powys)
    direct = metrics.area_table(chosen.projects, powys.data.shares, loaders.geography(), "cluster", chosen.counted)
    direct = metrics.with_no_return(direct, loaders.geography(), "cluster", chosen.no_return)
    pd.testing.assert_frame_equal(_shared(powys).area_table("cluster"), direct)


def test_two_languages_give_different_maps_and_views(tiny_store):  # noqa: F811
    view = _shared(_view(round="2026-03"))
    english = shared_view.own_copy(view.area_map("health_board", "fte_per_10k", "en")).get_root().render()
    welsh = shared_view.own_copy(view.area_map("health_board", "fte_per_10k", "cy")).get_root().render()
    assert t("measure.fte_per_10k", "cy") in welsh and t("measure.fte_per_10k", "cy") not in english
    assert t("measure.fte_per_10k", "en") in english
    assert view.remember(("words", "en"), lambda: t("page.overview", "en")) == "Overview"
    assert view.remember(("words", "cy"), lambda: t("page.overview", "cy")) == "Trosolwg"


def test_each_session_gets_its_own_copy_of_a_shared_map(tiny_store):  # noqa: F811
    view = _shared(_view(round="2026-03"))
    first, second = (shared_view.own_copy(view.area_map("cluster", "referrals", "en")) for _ in range(2))
    assert first is not second
    assert first.get_root().render() == second.get_root().render()  # showing one does not change the other


def test_the_map_with_events_and_the_profile_locator_are_made_once_and_kept(tiny_store):  # noqa: F811
    view = _shared(_view(round="2026-03"))
    walk = Event(id=1, title_en="Walking together", day=dt.date(2027, 5, 4), board=POWYS)
    marked = view.area_map("health_board", "fte_per_10k", "en", events=(walk,))
    assert view.area_map("health_board", "fte_per_10k", "en", events=(walk,)) is marked  # kept, not made again
    plain = view.area_map("health_board", "fte_per_10k", "en", events=())
    assert plain is not marked
    assert "Walking together" in shared_view.own_copy(marked).get_root().render()
    assert "Walking together" not in shared_view.own_copy(plain).get_root().render()
    renamed = dataclasses.replace(walk, title_en="Walking together (moved)")  # the store changed the event
    assert view.area_map("health_board", "fte_per_10k", "en", events=(renamed,)) is not marked
    locator = view.locator_map("health_board", POWYS, "en")
    assert view.locator_map("health_board", POWYS, "en") is locator
    assert view.locator_map("health_board", "W11000029", "en") is not locator
    # The file's map is made afresh each time, and draws as the one shown.
    build = view.locator_build("health_board", POWYS, "en")
    assert build() is not build()
    assert shared_view.own_copy(locator).get_root().render().count(POWYS) == build().get_root().render().count(POWYS)


def test_a_change_to_the_store_makes_new_views(tiny_store, tmp_path, geo):  # noqa: F811
    before = _view(round="2026-03")
    assert _headline(before) == (3, 3.5, 24)
    path = tmp_path / "bcu.xlsx"
    row = ["Men's Shed", "Sheds Cymru", "Betsi Cadwaladr", "Anglesey", "current", "men", 1.5, 30]
    path.write_bytes(workbook_bytes([row], HEADER))
    engine = store.connect(tiny_store)
    store.import_reports(engine, [read_return(path, geo)], "2026-03", who="test", period=A_YEAR)
    engine.dispose()
    loaders.store_changed()
    after = _view(round="2026-03")
    assert after.data.revision != before.data.revision
    assert _headline(after) == (4, 5.0, 54)
    assert _headline(before) == (3, 3.5, 24)  # what was made at the older revision is not remade from the new


def test_the_shared_views_are_bounded(tiny_store):  # noqa: F811
    view, made = _shared(_view(round="2026-03")), []

    def build():
        made.append(1)
        return len(made)

    for number in range(MEMO + 1):
        view.remember(("bounded", number), build)
    assert len(made) == MEMO + 1
    view.remember(("bounded", 0), build)  # the oldest was dropped to keep within the bound, so is made again
    assert len(made) == MEMO + 2


def _held(chosen, lang: str) -> dict:
    """The views the pages share, as held now (each must have been made by a page or at start)."""
    from sprx_map import measures

    view = _shared(chosen)
    held = {"headline": view.headline}
    for level in ("health_board", "local_authority", "cluster"):
        held[level] = view.area_table(level)
    held["current clusters"] = view.area_table("cluster", current=True)
    named = [("area_frame", "health_board", lang, (*measures.AREA, "clusters_total", *measures.REPORTING))]
    named += [("projects_frame", lang), ("gap_levels",)]
    named += [("chart", f"chart-{c}", lang) for c in ("categories", "boards", "caseload", "status")]
    named += [("ranking", measures.RATES[0]), ("chart", "hexmap", lang, measures.AREA[4]), ("chart", "funnel", lang)]
    for name, *key in named:
        held[(name, *key)] = view.held(name, *key)  # KeyError: this view was not made by the page
    return held


def _snapshot(value):
    if isinstance(value, pd.DataFrame):
        return value.copy(deep=True)
    if isinstance(value, dict):
        return {k: _snapshot(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(_snapshot(v) for v in value)
    if hasattr(value, "to_plotly_json"):
        return value.to_json()
    return value


def _same(value, snapshot) -> bool:
    if isinstance(value, pd.DataFrame):
        return value.equals(snapshot) and list(value.columns) == list(snapshot.columns)
    if isinstance(value, dict):
        return value.keys() == snapshot.keys() and all(_same(value[k], snapshot[k]) for k in value)
    if isinstance(value, tuple):
        return all(_same(v, s) for v, s in zip(value, snapshot, strict=True))
    if hasattr(value, "to_plotly_json"):
        return value.to_json() == snapshot
    return value == snapshot or (pd.isna(value) and pd.isna(snapshot))


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_showing_every_page_leaves_the_shared_views_as_they_were_made(run_page, lang):
    from sprx_map.ui.routing import PAGES

    files = [p.file for p in PAGES]
    first = run_page(files[0], lang=lang)
    for file in files[1:]:  # the first session makes every page's views
        first.switch_page(file).run()
        assert not first.exception, (file, [e.message for e in first.exception])
    view = _view(round=loaders.rounds(loaders.dataset())[0])
    held = _held(view, lang)
    made = _snapshot(held)
    second = run_page(files[0], lang=lang)
    for file in files[1:]:  # a second session is served the same objects, and showing them changes nothing
        second.switch_page(file).run()
        assert not second.exception, (file, [e.message for e in second.exception])
    again = _held(view, lang)
    for name, value in held.items():
        assert again[name] is value, name
        assert _same(value, made[name]), name
    # Sessions keep their choices, not copies of shared frames, figures or maps.
    for at in (first, second):
        kept = at.session_state.to_dict()
        heavy = (pd.DataFrame, pd.Series)
        assert not [
            k for k, v in kept.items() if isinstance(v, heavy) or hasattr(v, "render") or hasattr(v, "to_plotly_json")
        ]


def test_the_engine_follows_the_store_url_read_now(tmp_path, monkeypatch):
    monkeypatch.setenv("SPRX_DATABASE_URL", f"sqlite:///{tmp_path / 'first.sqlite'}")
    first = loaders.store_engine()
    monkeypatch.setenv("SPRX_DATABASE_URL", f"sqlite:///{tmp_path / 'second.sqlite'}")
    second = loaders.store_engine()
    assert first.url.database == str(tmp_path / "first.sqlite")
    assert second.url.database == str(tmp_path / "second.sqlite")
    assert loaders.store_engine() is second  # made once per URL
    loaders.forget_store()


def test_forgetting_the_views_waits_for_warming_still_running(tiny_store):  # noqa: F811
    thread = shared_view._prewarming(("warming", "test"), "cluster", "link_worker_fte")  # a few seconds of work
    shared_view.forget()
    assert not thread.is_alive()  # else it could cache views of the store being left behind
