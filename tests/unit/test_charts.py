import pandas as pd
import plotly.graph_objects as go
import plotly.io

from sprx_map import charts, metrics, palette, tables


def test_category_bars_count_every_category_sorted(sample):
    fig = charts.projects_by_category(sample.projects)
    counts = dict(zip(fig.data[0].customdata, fig.data[0].x, strict=True))
    expected = pd.Series([c for cs in sample.projects["activity_categories"] for c in cs]).value_counts()
    assert {k: v for k, v in counts.items() if v} == expected.to_dict()
    assert list(fig.data[0].x) == sorted(fig.data[0].x)  # horizontal bars: largest at the top
    assert len(fig.data[0].y) == 13


def test_board_chart_totals_equal_the_overview(sample, geo, direct):
    frame = tables.area_frame(
        metrics.area_table(sample.projects, sample.shares, geo, "health_board"), geo, "health_board"
    )
    fig = charts.by_board(frame)
    h = metrics.headline(sample.projects, sample.shares, geo)  # what the Overview shows
    assert round(sum(fig.data[0].x), 2) == h["link_worker_fte"] == direct()["link_worker_fte"]
    powys = direct(boards=["W11000024"])
    assert (fig.data[0].x[1], fig.data[1].x[1]) == (powys["link_worker_fte"], powys["referrals"])
    assert sum(fig.data[1].x) == h["referrals"]
    assert list(fig.data[0].y) == [
        "Betsi Cadwaladr",
        "Powys",
        "Hywel Dda",
        "Aneurin Bevan",
        "Cardiff and Vale",
        "Cwm Taf Morgannwg",
        "Swansea Bay",
    ]
    # One column of board names for both panels, and value labels that are never clipped.
    assert fig.layout.yaxis2.matches == "y" and not fig.layout.yaxis2.showticklabels
    assert [bar.cliponaxis for bar in fig.data] == [False, False]
    assert fig.layout.margin.r == 48  # room past the right panel's bars for its labels
    cy = tables.area_frame(
        metrics.area_table(sample.projects, sample.shares, geo, "health_board"), geo, "health_board", "cy"
    )
    names = charts.by_board(cy, "cy").data[0].y  # long Welsh names on two lines
    assert names[0] == "Bwrdd Iechyd Prifysgol<br>Betsi Cadwaladr" and names[1] == "Bwrdd Iechyd<br>Addysgu Powys"


def test_caseload_scatter_plots_current_projects_with_a_band(sample, geo):
    current = sample.projects[sample.projects["status"] == "current"]
    frame = tables.area_frame(metrics.area_table(current, sample.shares, geo, "cluster"), geo, "cluster")
    fig = charts.caseload(frame)
    band_low, band_high, dots = fig.data
    top = band_low.x[1]
    assert (band_low.y[1], band_high.y[1]) == (200 * top, 250 * top)
    assert band_high.fill == "tonexty"
    # Expected dots worked out from the cluster shares directly.
    shares = sample.shares[sample.shares["project_id"].isin(current["project_id"])]
    fte = shares.groupby("cluster_id")["fte_units"].sum(min_count=1)
    referrals = shares.groupby("cluster_id")["referrals"].sum(min_count=1)
    keep = fte.notna() & (fte > 0) & referrals.reindex(fte.index).notna()
    assert len(dots.x) == int(keep.sum()) and 20 < len(dots.x) < 60
    assert sum(dots.y) == int(referrals.reindex(fte.index)[keep].sum())
    assert sorted(dots.text) == sorted(geo.clusters.loc[keep[keep].index, "name_en"])


def test_status_bars(sample):
    fig = charts.projects_by_status(sample.projects)
    assert list(fig.data[0].customdata) == ["current", "planned", "ended"]
    assert list(fig.data[0].y) == [int((sample.projects["status"] == s).sum()) for s in ("current", "planned", "ended")]
    assert list(fig.data[0].marker.color) == [palette.STATUS[s] for s in ("current", "planned", "ended")]


def test_bar_data_reads_the_bars_back(sample):
    fig = charts.projects_by_status(sample.projects)
    assert charts.bar_data(fig, "Status").to_dict("list") == {
        "Status": ["current", "planned", "ended"],
        "Projects": list(fig.data[0].y),
    }
    fig = charts.projects_by_category(sample.projects, "cy")
    table = charts.bar_data(fig, "Categori")
    assert list(table.columns) == ["Categori", "Prosiectau"]
    assert table.iloc[0].tolist() == [fig.data[0].y[-1], fig.data[0].x[-1]]  # the top bar first


def test_a_saved_chart_says_what_it_shows():
    import plotly.graph_objects as go

    from sprx_map import charts, export

    notes = export.notes("2026-03", True, "cy", "Bwrdd iechyd: <Powys>")
    fig = charts.add_source(go.Figure(), notes)
    assert fig.layout.title.subtitle.text == (
        "Data enghreifftiol<br>Hidlwyr: Bwrdd iechyd: &lt;Powys&gt;<br>" + export.notes("2026-03", False, "cy")[0]
    )
    assert fig.layout.margin.t == 60 + 3 * 16 + 10


def test_a_finished_figure_hands_out_the_same_dict_as_the_figure_made_once():
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]), layout_title_text="Two bars")
    finished = charts.Finished(fig)
    assert finished.to_dict() == fig.to_dict()
    assert finished.to_dict() is finished.to_dict()  # not copied again on the next run
    assert plotly.io.to_json(finished) == plotly.io.to_json(fig)  # what st.plotly_chart sends
