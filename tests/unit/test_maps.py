import pandas as pd
import pytest

from sprx_map import filters, maps, measures, metrics, palette
from sprx_map.filters import Filters


def _features(m):
    return maps.features(m)


@pytest.mark.parametrize(("level", "count"), [("health_board", 7), ("local_authority", 22), ("cluster", 60)])
def test_one_feature_per_area(sample, geo, level, count):
    table = metrics.area_table(sample.projects, sample.shares, geo, level)
    assert maps.feature_count(maps.area_map(geo, table, level, "referrals")) == count


def test_map_loads_nothing_from_the_internet(sample, geo):
    table = metrics.area_table(sample.projects, sample.shares, geo, "cluster")
    page = maps.map_html(maps.area_map(geo, table, "cluster", "fte_per_10k", tooltip_measures=measures.AREA))
    scripts = [line for line in page.splitlines() if "<script src=" in line or "stylesheet" in line]
    assert scripts and all(maps.STATIC_URL in line for line in scripts), scripts
    assert "tile.openstreetmap.org" not in page


def test_basemap_is_optional(sample, geo):
    table = metrics.area_table(sample.projects, sample.shares, geo, "health_board")
    page = maps.map_html(maps.area_map(geo, table, "health_board", "referrals", basemap=True))
    assert "tile.openstreetmap.org" in page


def test_no_data_is_drawn_differently_from_zero(sample, geo):
    f = Filters(boards=("W11000024",))
    projects = filters.apply(f, sample.projects, geo)
    table = metrics.area_table(projects.iloc[0:0], sample.shares, geo, "cluster", filters.area_clusters(f, geo))
    features = {
        ft["properties"]["code"]: ft["properties"]
        for ft in _features(maps.area_map(geo, table, "cluster", "referrals"))
    }
    assert features["mid-powys"]["style"]["fillColor"] == palette.SEQUENTIAL[0]
    assert "dashArray" not in features["mid-powys"]["style"]
    assert features["afan"]["style"]["fillColor"] == palette.NO_DATA_FILL
    assert features["afan"]["style"]["dashArray"] == "4 3"


def test_classes_and_legend():
    assert maps.class_breaks(pd.Series([0, 10, 20, 30, 40, 50, 60]), k=5) == [20.0, 30.0, 40.0, 50.0, 60.0]
    assert maps.class_breaks(pd.Series([0.0, None])) == []
    breaks = [2.0, 4.0]
    assert [maps.classify(v, breaks) for v in (None, 0, 1, 2, 3, 4, 99)] == [None, 0, 1, 1, 2, 2, 2]
    entries = maps.legend_entries(breaks, "referrals", "en")
    assert [label for _, label in entries] == ["0", "1 to 2", "3 to 4", "No data"]
    assert [c for c, _ in entries][:3] == maps.colours(2)
    rates = maps.legend_entries([0.25, 0.5], "fte_per_10k", "en", zero=False)
    assert [label for _, label in rates] == ["over 0.00 to 0.25", "over 0.25 to 0.50", "No data"]


def test_counts_get_whole_number_classes_with_no_empty_class():
    assert maps.class_breaks(pd.Series([1, 2, 3, 4, 5, 6, 7]), integer=True) == [3.0, 4.0, 5.0, 6.0, 7.0]
    breaks = maps.class_breaks(pd.Series([2, 3, 5]), integer=True)
    assert breaks == [2.0, 3.0, 5.0]  # few distinct values: one class each
    labels = [label for _, label in maps.legend_entries(breaks, "projects_planned", "en", zero=False)]
    assert labels == ["1 to 2", "3", "4 to 5", "No data"]
    many = pd.Series([1] * 20 + [2, 3, 4, 50])
    breaks = maps.class_breaks(many, integer=True)
    assert all(((many > lo) & (many <= hi)).any() for lo, hi in zip([0, *breaks], breaks, strict=False))


def test_tooltips_and_legend_escape_text(geo):
    evil = "<img src=x onerror=alert(1)>"
    tip = maps.tooltip_html(evil, [(evil, "1")])
    assert "<img" not in tip and "&lt;img src=x onerror=alert(1)&gt;" in tip
    legend = maps.legend_html(evil, [("#fff", evil)], note=evil)
    assert "<img" not in legend


def test_tooltip_shows_name_and_values(sample, geo):
    table = metrics.area_table(sample.projects, sample.shares, geo, "health_board")
    m = maps.area_map(geo, table, "health_board", "referrals", tooltip_measures=("projects_current",))
    powys = next(ft for ft in _features(m) if ft["properties"]["code"] == "W11000024")["properties"]["tooltip"]
    assert "Powys Teaching Health Board" in powys
    said = "Referrals to social prescribing a year"
    assert f"<th>{said}</th><td>{table.at['W11000024', 'referrals']:,.0f}</td>" in powys
    assert f"<th>Current projects</th><td>{table.at['W11000024', 'projects_current']}</td>" in powys
    # Beside the figures, what they rest on: Powys's current projects, and those that reported each figure.
    current = sample.projects[
        (sample.projects["health_board"] == "W11000024") & (sample.projects["status"] == "current")
    ]
    fte, referrals = current["link_worker_fte"].notna().sum(), current["referrals_received"].notna().sum()
    assert f"<th>Current projects reporting link-worker FTE</th><td>{fte} of {len(current)}</td>" in powys
    assert f"<th>Current projects reporting referrals</th><td>{referrals} of {len(current)}</td>" in powys
    assert (fte, referrals, len(current)) == (20, 12, 21)


def test_cluster_map_says_shapes_are_indicative(sample, geo):
    table = metrics.area_table(sample.projects, sample.shares, geo, "cluster")
    assert "indicative" in maps.map_html(maps.area_map(geo, table, "cluster", "referrals"))
    table = metrics.area_table(sample.projects, sample.shares, geo, "health_board")
    assert "indicative" not in maps.map_html(maps.area_map(geo, table, "health_board", "referrals"))


def test_an_area_whose_projects_reported_nothing_is_no_data(sample, geo):
    """Anglesey's only current project in the sample reported no FTE: no data, not zero."""
    current = sample.projects[
        (sample.projects["status"] == "current") & sample.projects["clusters_served"].map(lambda cs: "anglesey" in cs)
    ]
    assert len(current) == 1 and current["link_worker_fte"].isna().all()
    table = metrics.area_table(sample.projects, sample.shares, geo, "cluster")
    style = {
        f["properties"]["code"]: f["properties"]["style"]
        for f in _features(maps.area_map(geo, table, "cluster", "link_worker_fte"))
    }
    assert style["anglesey"]["fillColor"] == palette.NO_DATA_FILL
    assert style["cynon-north"]["fillColor"] == palette.SEQUENTIAL[0]  # no current project at all: zero


def test_a_hostile_area_name_is_escaped_in_the_page(sample, geo):
    evil = "<img src=x onerror=alert(1)>"
    boards = geo.boards.copy()
    boards.loc["W11000024", "name_en"] = evil
    hostile = type(geo)(boards=boards, authorities=geo.authorities, clusters=geo.clusters)
    table = metrics.area_table(sample.projects, sample.shares, geo, "health_board")
    page = maps.map_html(maps.area_map(hostile, table, "health_board", "referrals"))
    assert evil not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.parametrize("name", ["{{ 7*7 }}", "{% if true %}yes{% endif %}", "{%", "{{ cycler.__init__ }}"])
def test_template_syntax_in_names_stays_text(geo, name):
    """Folium renders what its elements write as a Jinja template again; names must not take part."""
    clusters = geo.clusters.copy()
    clusters.loc["mid-powys", "name_en"] = name
    hostile = type(geo)(boards=geo.boards, authorities=geo.authorities, clusters=clusters)
    m = maps.area_map(hostile, pd.DataFrame({"referrals": []}), "cluster", "referrals", measure_label=f"Need {name}")
    page = maps.standalone_html(m, "Map", [], "en")
    shown = maps.escape(name)
    assert shown.count("&#123;") == name.count("{") and "{" not in shown
    tooltip = next(f for f in maps.features(m) if f["properties"]["code"] == "mid-powys")["properties"]["tooltip"]
    assert f'<div class="sprx-tip-name">{shown}</div>' in tooltip
    assert f"{shown}<" + "\\/div>" in page  # the tooltip, as written into the page's script
    assert f"Need {shown}" in page  # the legend's title
    assert "49" not in tooltip and "yes<" not in page and "function" not in tooltip


def test_map_elements_write_their_text_as_it_is():
    """The mechanism itself: what a map element writes is not rendered again as a template."""
    m = maps.OfflineMap(location=[52.35, -3.8], zoom_start=7, tiles=None)
    layer = maps.AreaLayer('{"type":"FeatureCollection","features":[],"note":"{{ 7*7 }} {%"}', "#000").add_to(m)
    maps.Legend("<b>{{ 6*6 }}</b>").add_to(m)
    page = maps.map_html(m)
    assert '"note":"{{ 7*7 }} {%"' in page and "{{ 6*6 }}" in page
    assert f"<style>{maps.TOOLTIP_STYLE}</style>" in page and layer.get_name() in page


def test_standalone_map_inlines_leaflet_and_escapes_its_notes(geo):
    import re

    import pandas as pd

    from sprx_map import maps

    m = maps.area_map(geo, pd.DataFrame({"referrals": []}), "health_board", "referrals")
    page = maps.standalone_html(m, "Map <b>", ["Filters: <script>x</script>"], "cy")
    # Nothing to fetch: no script, stylesheet, image or tile from anywhere.
    assert re.findall(r"<(?:script|link|img)[^>]*(?:src|href)=", page) == []
    assert "tile.openstreetmap" not in page and "1.9.3" in page  # Leaflet itself is inside
    assert "<title>Map &lt;b&gt;</title>" in page and "Filters: &lt;script&gt;x&lt;/script&gt;" in page
    assert page.startswith('<!DOCTYPE html>\n<html lang="cy">')
    assert page.count("L.geoJson(") == 1


def test_event_markers_mark_each_board_once_offline_with_escaped_text(geo):
    import datetime as dt
    import json

    from sprx_map import events as learning

    powys, day = "W11000024", dt.date(2028, 6, 10)
    held = [
        learning.Event(
            1, "Walk `x` </script><b>{{ 7*7 }}</b>", day, start=dt.time(10), venue="Y Drenewydd", board=powys
        ),
        learning.Event(2, "Gardens", day, board=powys),
        learning.Event(3, "Online", day, board=learning.ONLINE),
    ]
    m = maps.area_map(geo, pd.DataFrame({"referrals": []}), "health_board", "referrals")
    assert maps.event_markers(m, held, geo, "en") == 1  # Powys's two events share one marker; online has none
    page = maps.map_html(m)
    data = page[page.index('[{"lat"') :]  # the markers' data, as the page's script reads it
    (marker,) = json.loads(data[: data.index("}]") + 2])
    assert (marker["lat"], marker["lon"]) == maps.board_centres(geo)[powys]
    assert marker["tooltip"] == (
        '<div class="sprx-tip-name">Powys</div><table class="sprx-tip sprx-tip-text">'  # the day and venue wrap
        "<tr><th>Walk `x` &lt;/script&gt;&lt;b&gt;&#123;&#123; 7*7 &#125;&#125;&lt;/b&gt;</th>"
        "<td>10 June 2028, 10:00 (Welsh time) · Y Drenewydd</td></tr>"
        "<tr><th>Gardens</th><td>10 June 2028, all day</td></tr></table>"
    )
    assert "</script><b>" not in page and "<\\/script>" not in page
    scripts = [line for line in page.splitlines() if "<script src=" in line or "stylesheet" in line]
    assert all(maps.STATIC_URL in line for line in scripts), scripts


def test_a_map_without_events_has_no_markers(geo):
    m = maps.area_map(geo, pd.DataFrame({"referrals": []}), "health_board", "referrals")
    before = maps.map_html(m)
    assert maps.event_markers(m, [], geo, "en") == 0
    assert maps.map_html(m) == before


def test_legend_room_keeps_the_areas_clear_of_the_legend_only_when_asked(geo):
    table = pd.DataFrame({"referrals": []})
    roomy = maps.area_map(geo, table, "health_board", "referrals", legend_room=250).get_root().render()
    plain = maps.area_map(geo, table, "health_board", "referrals").get_root().render()
    assert '"paddingBottomRight": [250, 0]' in roomy
    assert "paddingBottomRight" not in plain
