"""Presenter mode and the language switch, through the real app."""

from sprx_map import metrics
from sprx_map.measures import format_measure


def test_presenter_view_opens_on_the_slide_in_the_link(run_page, sample, geo, metrics_of):
    at = run_page("pages/overview.py", present="1", slide="5")
    # Slide 5 is the fifth board in the geography's order: Cardiff and Vale.
    assert at.title[0].value == "Cardiff and Vale University Health Board"
    assert not at.sidebar.multiselect  # no filters in presenter mode
    clusters = geo.clusters_of_board("W11000029")
    h = metrics.headline(sample.projects, sample.shares, geo, clusters)
    shown = metrics_of(at)
    assert shown["Link-worker FTE"] == format_measure(h["link_worker_fte"], "link_worker_fte")
    assert shown["Current projects"] == str(h["projects_current"])
    assert "Slide 6 of 8" in [m.value for m in at.markdown]
    next_button = next(b for b in at.button if b.key == "present_next")
    next_button.click().run()
    assert at.title[0].value == "Cwm Taf Morgannwg University Health Board"
    assert at.query_params["present"] == "1" and at.query_params["slide"] == "6"


def test_presenter_view_starts_with_wales(run_page, sample, geo, metrics_of):
    at = run_page("pages/overview.py", present="1")
    assert at.title[0].value == "Social prescribing in Wales"
    h = metrics.headline(sample.projects, sample.shares, geo)
    assert metrics_of(at)["Referrals to social prescribing a year"] == format_measure(h["referrals"], "referrals")
    assert next(b for b in at.button if b.key == "present_previous").disabled
