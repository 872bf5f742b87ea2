"""The map component is sent exactly what ``st_folium`` would send it, worked out once per map, and showing a
shared map leaves it as it was. On the tiny two-round store of tests/app/test_gaps_change.py."""

import copy

import pytest
import streamlit_folium
from streamlit_folium import st_folium

from sprx_map import measures
from sprx_map.filters import Filters
from sprx_map.ui import loaders, map_component, shared_view

from .test_gaps_change import tiny_store  # noqa: F401  (the fixture)


def _view():
    return shared_view.view_of(loaders.dataset(), Filters(round="2026-03"))


def _sent_by_st_folium(m, key: str, height: int, monkeypatch) -> dict:
    """What streamlit-folium's own ``st_folium`` hands the component for ``m`` (shown on a copy: it changes it)."""
    sent = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.update(kwargs))
    st_folium(copy.deepcopy(m), key=key, height=height, width="stretch", returned_objects=list(map_component.RETURNED))
    sent.pop("on_change")
    return sent


@pytest.mark.parametrize(
    ("level", "measure", "options"),
    [
        ("cluster", "fte_per_10k", {}),
        ("health_board", "referrals", {"selected": "W11000024", "tooltip_measures": measures.AREA}),
    ],
)
def test_the_component_is_sent_what_st_folium_sends(tiny_store, monkeypatch, level, measure, options):  # noqa: F811
    m = _view().area_map(level, measure, "cy", **options)
    expected = _sent_by_st_folium(m, "map", 620, monkeypatch)
    assert {**map_component.arguments(m, "map"), "height": 620, "width": "stretch"} == expected
    codes = loaders.geography().layer(level).index
    assert all(f'"{code}"' in expected["script"] for code in codes)  # every area itself is in what is sent


def test_the_change_map_is_sent_what_st_folium_sends(tiny_store, monkeypatch):  # noqa: F811
    m = _view().change_map("health_board", "referrals", "en")
    expected = _sent_by_st_folium(m, "change_map", 520, monkeypatch)
    assert {**map_component.arguments(m, "change_map"), "height": 520, "width": "stretch"} == expected


def test_showing_a_shared_map_leaves_it_as_it_was_and_is_worked_out_once(tiny_store):  # noqa: F811
    m = _view().area_map("cluster", "referrals", "en")
    name, before = m.get_name(), copy.deepcopy(m).get_root().render()
    first = map_component.arguments(m, "map")
    assert m.get_name() == name and copy.deepcopy(m).get_root().render() == before
    again = map_component.arguments(m, "map")
    assert again["script"] is first["script"] and again["key"] == first["key"]  # kept, not worked out again
    other = map_component.arguments(m, "another_map")
    assert other["script"] is first["script"] and other["key"] != first["key"]  # two maps on a page stay apart
    # A map of its own (with markers added, say) is worked out for itself.
    own = shared_view.own_copy(m)
    assert map_component.arguments(own, "map")["script"] is not first["script"]
