"""Every page in Welsh: Welsh titles, Welsh area names, Welsh headings."""

import pytest

from sprx_map.i18n import t
from tests import html_tables

PAGES = [
    ("pages/overview.py", "overview.title"),
    ("pages/map.py", "map.title"),
    ("pages/projects.py", "projects.title"),
    ("pages/charts.py", "charts.title"),
    ("pages/gaps.py", "page.gaps"),
    ("pages/profile.py", "page.profile"),
    ("pages/change.py", "page.change"),
    ("pages/about.py", "page.about"),
    ("pages/intake.py", "intake.title"),
]


@pytest.mark.parametrize(("page", "title"), PAGES)
def test_each_page_in_welsh(run_page, page, title):
    at = run_page(page, lang="cy")
    assert at.title[0].value == t(title, "cy") != t(title, "en")
    assert at.query_params["lang"] == "cy"
    if page != "pages/intake.py":  # the intake page shows no survey figures
        assert [w.value for w in at.warning][:1] == [t("app.illustrative", "cy")]
    labels = [w.label for w in at.sidebar.multiselect]
    assert labels[:3] == ["Bwrdd iechyd", "Awdurdod lleol", "Clwstwr"]


def test_welsh_area_names_in_tables(run_page, geo):
    at = run_page("pages/map.py", lang="cy")
    table = html_tables.map_table(at)
    assert list(table[t("table.area", "cy")]) == list(geo.clusters["name_cy"])
    at = run_page("pages/overview.py", lang="cy")
    boards = html_tables.tables(at)[0]
    assert list(boards[t("table.area", "cy")]) == list(geo.boards["name_cy"])
    assert t("measure.referrals", "cy") in boards.columns


def test_presenter_view_in_welsh(run_page):
    at = run_page("pages/overview.py", lang="cy", present="1", slide="1")
    assert at.title[0].value == "Bwrdd Iechyd Prifysgol Betsi Cadwaladr"
    assert next(b for b in at.button if b.key == "present_next").label == t("present.next", "cy")


def test_switching_language_in_the_sidebar(run_page):
    at = run_page("pages/overview.py")
    at.sidebar.get("button_group")[0].set_value("cy").run()
    assert at.title[0].value == t("overview.title", "cy")
    assert at.query_params["lang"] == "cy"
