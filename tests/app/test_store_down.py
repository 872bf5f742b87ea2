"""While the store cannot be reached, a page says so in words (no traceback), and shows again when it is back."""

import time

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from sprx_map import settings
from sprx_map.i18n import t
from sprx_map.ui.loaders import REVISION_CHECK_SECONDS

from .conftest import APP


@pytest.fixture
def server(monkeypatch):
    """A PostgreSQL of this test's own, which it stops and starts; the app's cached store is dropped around it."""
    from sprx_map.ui import shared_view
    from sprx_map.ui.loaders import forget_store
    from tests.postgres import postgres_bin, throwaway_server

    bindir = postgres_bin(install=True)
    if bindir is None:
        reason = "PostgreSQL (Debian's postgresql package) is not installed and could not be installed here"
        pytest.fail(reason) if settings.value("SPRX_REQUIRE_POSTGRES") else pytest.skip(reason)
    with throwaway_server(bindir) as running:
        monkeypatch.setenv("SPRX_DATABASE_URL", running.url)
        shared_view.forget()
        forget_store()
        yield running
        shared_view.forget()
        forget_store()


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/intake.py"])
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_page_says_the_store_is_down_in_words_and_shows_again_when_it_is_back(server, lang, page):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception and not at.error
    title = at.title[0].value
    server.stop()
    time.sleep(REVISION_CHECK_SECONDS + 1)  # what was read stays in use until the store is asked again
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert [e.value for e in at.error] == [t("app.store_down", lang)]
    assert [b.label for b in at.button] == [t("app.store_retry", lang)]
    server.start()
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert at.title[0].value == title


def test_a_store_lost_partway_through_a_page_is_said_in_words(run_page, own_store, monkeypatch):
    from sprx_map import store

    def lost(engine):
        raise sa.exc.OperationalError("SELECT", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(store, "history", lost)
    at = run_page("pages/intake.py", lang="cy")
    assert [e.value for e in at.error] == [t("app.store_down", "cy")]
    assert at.title[0].value == t("intake.title", "cy")  # the page drawn up to where the store was lost


def test_a_button_that_loses_the_store_says_so_in_words_once():
    def app():
        import sqlalchemy as sa
        import streamlit as st

        from sprx_map.ui import errors

        def lose():
            raise sa.exc.OperationalError("INSERT", {}, Exception("server closed the connection unexpectedly"))

        errors.show_pending("cy")
        st.button("go", on_click=errors.guarded(lose))

    at = AppTest.from_function(app)
    at.run()
    at.button[0].click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("app.store_down", "cy")]
    at.run()
    assert not at.error
