"""Routing: every page runs through app.py, with its context built once, also on a fresh server's first visit."""

from streamlit.testing.v1 import AppTest

from sprx_map import PROJECT_DIR, ui
from sprx_map.i18n import t

from .conftest import APP


def test_a_page_file_run_alone_is_routed_through_app_py():
    """Streamlit's older multipage mode (a fresh server, a first visit to /map) runs pages/map.py alone;
    the page finds no context, asks for st.navigation and runs again through app.py. This fails if
    Streamlit stops doing either (running the file alone, or leaving that mode once st.navigation runs)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/map.py")  # before the first run: Streamlit has not seen st.navigation yet
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert [h.value for h in at.title] == [t("page.map")]
    assert [w.label for w in at.sidebar.multiselect][:3] == [
        t("level.health_board"),
        t("level.local_authority"),
        t("level.cluster"),
    ]  # the sidebar is app.py's: the page ran through it


def test_every_page_is_routed_and_titled_in_both_languages(run_page):
    on_disk = sorted(f"pages/{path.name}" for path in (PROJECT_DIR / "pages").glob("*.py"))
    assert sorted([p.file for p in ui.PAGES] + [ui.routing.PRESENT.file]) == on_disk  # every page is routed
    for page in ui.PAGES:
        for lang in ("en", "cy"):
            at = run_page(page.file, lang=lang)
            assert at.sidebar.multiselect, page.file  # drawn before the page by app.py
