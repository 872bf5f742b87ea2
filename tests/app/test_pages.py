import re

from sprx_map import metrics
from sprx_map.filters import Filters
from sprx_map.i18n import t
from sprx_map.measures import format_measure
from tests import html_tables

POWYS = "W11000024"


def _widget(widgets, label):
    return next(w for w in widgets if w.label == label)


def test_map_page_defaults_and_accessible_table(run_page, sample, geo):
    at = run_page("pages/map.py")
    assert at.title[0].value == "Map"
    assert [w.value for w in at.warning] == [t("app.illustrative")]
    assert _widget(at.radio, "Areas").value == "cluster"
    assert _widget(at.selectbox, "Measure").value == "fte_per_10k"
    assert t("app.indicative_clusters") in [c.value for c in at.caption]
    assert html_tables.tables(at) == []  # folded: made and sent only once opened
    table = html_tables.map_table(at)
    assert len(table) == 60
    expected = metrics.area_table(sample.projects, sample.shares, geo, "cluster")
    expected = expected.loc[geo.clusters.index]
    assert list(table["Referrals to social prescribing a year"]) == [
        format_measure(v, "referrals", "en", s)
        for v, s in zip(expected["referrals"], expected["suppressed"], strict=True)
    ]
    assert (
        list(table["Referrals to social prescribing a year"]).count("<5") == 3
        and list(table["Referrals to social prescribing a year"]).count("[c]") == 3
    )
    assert list(table["Area"]) == list(geo.clusters["name_en"])
    assert at.query_params["level"] == "cluster" and at.query_params["measure"] == "fte_per_10k"


def test_map_level_and_measure_follow_the_url(run_page):
    at = run_page("pages/map.py", level="health_board", measure="clusters_without", hb=POWYS)
    assert _widget(at.radio, "Areas").value == "health_board"
    assert _widget(at.selectbox, "Measure").value == "clusters_without"
    assert list(html_tables.map_table(at)["Area"]) == ["Powys"]
    assert not [c for c in at.caption if c.value == t("app.indicative_clusters")]
    _widget(at.radio, "Areas").set_value("cluster").run()
    # "clusters without a current project" is not a cluster-level measure
    assert _widget(at.selectbox, "Measure").value == "fte_per_10k"
    assert list(html_tables.tables(at)[0]["Area"]) == ["Mid Powys", "North Powys", "South Powys"]  # still open
    assert (at.query_params["level"], at.query_params["measure"]) == ("cluster", "fte_per_10k")


def test_choosing_an_area_lists_its_projects(run_page, sample, geo):
    at = run_page("pages/map.py", level="local_authority")
    _widget(at.selectbox, "Area").set_value("W06000015").run()
    assert at.subheader[0].value == "Projects in Cardiff"
    listed = at.dataframe[0].value
    cardiff = set(geo.clusters.index[geo.clusters["la_code"] == "W06000015"])
    expected = sample.projects[sample.projects["clusters_served"].map(lambda cs: bool(cardiff & set(cs)))]
    assert sorted(listed["project_name"]) == sorted(expected["project_name"])


def test_projects_page_table_search_detail_and_downloads(run_page, sample, geo):
    at = run_page("pages/projects.py", hb=POWYS)
    powys = sample.projects[sample.projects["health_board"] == POWYS]
    table = at.dataframe[0].value
    assert len(table) == len(powys)
    assert f"{len(powys)} of {len(powys)} projects shown." in [c.value for c in at.caption]
    name = powys.iloc[0]["project_name"]
    at.text_input[0].set_value(name).run()
    assert name in list(at.dataframe[0].value["project_name"])
    assert len(at.dataframe[0].value) == powys["project_name"].str.contains(name, regex=False).sum()
    _widget(at.selectbox, "Show the details of a project").set_value(powys["project_id"].iloc[0]).run()
    shown = at.dataframe[1].value
    assert list(shown.columns) == ["Field", "Value"]
    assert shown.iloc[0].tolist() == ["Project name", name]
    assert shown.iloc[2].tolist() == ["Health board", "Powys Teaching Health Board"]
    assert len(at.get("download_button")) == 2


def test_charts_page_has_four_charts_and_data_tables(run_page, sample, direct):
    at = run_page("pages/charts.py", hb=POWYS)
    assert len(at.get("plotly_chart")) == 4
    categories, boards, _, statuses = html_tables.tables(at)  # in the order the charts are drawn
    h = direct(boards=[POWYS])
    assert list(boards["Area"]) == ["Powys"]
    assert list(boards["Referrals to social prescribing a year"]) == [f"{h['referrals']:,}"]
    assert list(boards["Link-worker FTE"]) == [f"{h['link_worker_fte']:.1f}"]
    assert len(at.dataframe) == 0  # every chart's numbers are a plain table
    powys = sample.projects[sample.projects["health_board"] == POWYS]
    assert list(statuses.columns) == ["Status", "Projects"]
    assert statuses["Projects"].str.replace(",", "").astype(int).sum() == len(powys)
    assert list(categories.columns) == ["Activity category", "Projects"]
    assert categories["Projects"].str.replace(",", "").astype(int).sum() == powys["activity_categories"].map(len).sum()


def test_about_page_explains_the_data(run_page):
    at = run_page("pages/about.py")
    assert [h.value for h in at.header] == [
        "What social prescribing is",
        "The data shown",
        "What each measure means",
        "Referrals a year, along the pathway",
        "Projects that serve several clusters",
        "Small numbers are withheld",
        "What a confidence interval means here",
        "Why small areas vary more",
        "What the funnel plot shows",
        "Why link-worker FTE is compared by fifths",
        "Methods and references",
        "Cluster shapes are indicative",
        "The return template",
        "Sources and attribution",
    ]
    text = " ".join(m.value for m in at.markdown)
    assert "Natural Earth" in text and "illustrative" in text and "largest-remainder" in text
    assert "of the clusters chosen (60 in Wales)." in text  # the count of the geography in use
    assert "is shown as **<5**" in " ".join(m.proto.body for m in at.markdown)
    assert [w.value for w in at.warning] == [t("app.illustrative")]
    assert [b.label for b in at.get("download_button")] == ["Download the return template (Excel)"]


def test_shared_tables_are_written_as_the_pages_wrote_them_each_run(run_page):
    """The Overview's board table and a chart's numbers are kept as HTML by the view: the same markup as
    formatting and writing the frame afresh."""
    from sprx_map import measures, tables
    from sprx_map.ui import loaders, shared_view

    at = run_page(hb=POWYS)
    view = shared_view.view_of(loaders.dataset(), Filters(round=loaders.rounds(loaders.dataset())[0], boards=(POWYS,)))
    frame = view.area_frame("health_board", "en", (*measures.AREA, "clusters_total", *measures.REPORTING))
    assert at.get("html")[0].value == tables.TABLE_STYLE + tables.html_table(tables.formatted(frame, "en"), "en")
    at.switch_page("pages/charts.py").run()
    boards = tables.area_frame(view.area_table("health_board"), view.geo, "health_board", "en")
    written = tables.TABLE_STYLE + tables.html_table(tables.formatted(boards, "en"), "en")
    assert [h.value for h in at.get("html")].count(written) == 1  # the boards chart's numbers


def test_the_floor_apps_overview_shows_what_the_apps_overview_shows(run_page, metrics_of):
    """bench/floor_app.py's Overview is set against the app's: the same title, metrics, captions and table."""
    from bench.servers import overview_and_map

    at = run_page()
    floor = overview_and_map()
    page = floor["overview"]
    assert [t.value for t in at.title] == [page["title"]]
    assert metrics_of(at) == dict(pair for row in page["metrics"] for pair in row)
    assert [h.value for h in at.get("html")] == [page["table"]]
    assert [w.value for w in at.warning] == [floor["illustrative"]]
    as_of, *shown = [c.value for c in at.caption]
    assert shown == [page["scope"], page["completeness"], floor["attribution"]]
    # The same caption, without the time: the floor's sample was read from files, the app's imported into a store.
    assert re.fullmatch(r"Data as of \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d", as_of)
    assert floor["as_of"] == "Data as of –"


def test_the_floor_apps_map_shows_what_the_apps_map_shows(run_page):
    """bench/floor_app.py's Map is set against the app's: the same title, widgets, captions and downloads."""
    from bench.servers import overview_and_map

    at = run_page("pages/map.py")
    floor = overview_and_map()
    page = floor["map"]
    assert [t.value for t in at.title] == [page["title"]]
    assert [(r.label, r.options) for r in at.main.radio] == [(page["level"], page["levels"])]
    assert [(s.label, s.options) for s in at.main.selectbox] == [
        (page["measure"], page["measures"]),
        (page["area"], page["areas"]),
    ]
    assert [w.label for w in at.main.toggle] == [page["basemap"], page["events"]]
    assert [e.label for e in at.expander] == [page["table"]]
    shown = [c.value for c in at.caption][1:]  # after the round's "data as of" (see the Overview's test)
    assert shown == [page["indicative"], page["suppressed"], floor["attribution"]]
    assert [b.proto.label for b in at.get("download_button")] == page["files"]
