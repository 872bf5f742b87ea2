from sprx_map import metrics
from sprx_map.i18n import t
from tests import html_tables

POWYS = "W11000024"


def test_overview_shows_wales_figures_and_the_notice(run_page, sample, geo, metrics_of, sidebar_widget):
    at = run_page()
    assert at.title[0].value == "Social prescribing in Wales: overview"
    assert [w.value for w in at.warning] == [t("app.illustrative")]
    p = sample.projects
    shown = metrics_of(at)
    assert shown["Current projects"] == str((p["status"] == "current").sum())
    assert shown["Planned projects"] == str((p["status"] == "planned").sum())
    assert shown["Link-worker FTE"] == f"{p.loc[p['status'] == 'current', 'link_worker_fte'].sum():,.1f}"
    assert (
        shown["Referrals to social prescribing a year"]
        == f"{p.loc[p['status'] != 'planned', 'referrals_received'].sum():,}"
    )
    covered = {c for cs in p.loc[p["status"] == "current", "clusters_served"] for c in cs}
    assert shown["Clusters with a current project"] == f"{len(covered)} of 60"
    patients = f"{int(geo.clusters['registered_population'].sum()):,}"
    every = len(geo.clusters)  # no area chosen, every board returned
    assert f"{every} of {every} clusters chosen, {patients} registered patients." in [c.value for c in at.caption]


def test_powys_filter_counts_current_powys_projects(run_page, direct, metrics_of, sidebar_widget):
    at = run_page()
    sidebar_widget(at, "Health board").set_value([POWYS]).run()
    expected = direct(boards=[POWYS])
    shown = metrics_of(at)
    assert shown["Current projects"] == str(expected["projects_current"])
    assert at.query_params["hb"] == POWYS
    assert shown["Link-worker FTE"] == f"{expected['link_worker_fte']:.1f}"
    assert shown["Link-worker FTE per 10,000 patients"] == f"{expected['fte_per_10k']:.2f}"
    assert shown["Referrals to social prescribing per 1,000 patients a year"] == f"{expected['referrals_per_1k']:.2f}"
    assert shown["Clusters with a current project"] == f"{expected['clusters_covered']} of 3"


def test_a_link_with_filters_reproduces_the_figures(run_page, direct, metrics_of, sidebar_widget):
    at = run_page(hb=POWYS, status="current,ended")
    expected = direct(boards=[POWYS], statuses=["current", "ended"])
    shown = metrics_of(at)
    assert shown["Current projects"] == str(expected["projects_current"])
    assert shown["Planned projects"] == "0"
    assert shown["Referrals to social prescribing a year"] == f"{expected['referrals']:,}"
    assert sidebar_widget(at, "Status").value == ["current", "ended"]


def test_board_table_matches_the_measures(run_page, sample, geo, metrics_of, sidebar_widget):
    at = run_page()
    frame = html_tables.tables(at)[0]
    table = metrics.area_table(sample.projects, sample.shares, geo, "health_board")
    assert list(frame.columns) == [
        "Area",
        "Current projects",
        "Planned projects",
        "Link-worker FTE",
        "Referrals to social prescribing a year",
        "Link-worker FTE per 10,000 patients",
        "Referrals to social prescribing per 1,000 patients a year",
        "Onward referrals to activities a year",
        "Clusters with a current project",
        "Clusters",
        "Current projects reporting link-worker FTE",
        "Current projects reporting referrals",
    ]
    assert list(frame["Area"]) == list(geo.boards["short_name"])
    assert list(frame["Current projects"]) == [str(v) for v in table.loc[geo.boards.index, "projects_current"]]
    assert list(frame["Referrals to social prescribing a year"]) == [
        f"{v:,.0f}" for v in table.loc[geo.boards.index, "referrals"]
    ]
    total = sum(int(v.replace(",", "")) for v in frame["Referrals to social prescribing a year"])
    assert total == int(metrics_of(at)["Referrals to social prescribing a year"].replace(",", ""))


def test_choosing_a_board_narrows_authorities_and_clusters(run_page, geo, metrics_of, sidebar_widget):
    at = run_page()
    sidebar_widget(at, "Health board").set_value(["W11000029"]).run()
    assert sidebar_widget(at, "Local authority").options == ["Vale of Glamorgan", "Cardiff"]
    assert len(sidebar_widget(at, "Cluster").options) == 9
    sidebar_widget(at, "Local authority").set_value(["W06000014"]).run()
    assert sidebar_widget(at, "Cluster").options == ["Central Vale", "Eastern Vale", "Western Vale"]
    sidebar_widget(at, "Health board").set_value([POWYS]).run()
    assert sidebar_widget(at, "Local authority").value == []
    assert metrics_of(at)["Clusters with a current project"].endswith("of 3")


def test_reset_filters(run_page, metrics_of, sidebar_widget, sample):
    at = run_page(hb=POWYS, status="planned")
    assert metrics_of(at)["Current projects"] == "0"
    next(b for b in at.sidebar.button if b.label == "Reset filters").click().run()
    assert sidebar_widget(at, "Health board").value == [] and sidebar_widget(at, "Status").value == []
    assert metrics_of(at)["Current projects"] == str((sample.projects["status"] == "current").sum())
    assert "hb" not in at.query_params
