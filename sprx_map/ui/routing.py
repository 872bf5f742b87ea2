"""Routing in one place: the pages, the navigation, and the context each page is given.

``app.py`` calls :func:`navigation` and :func:`run`: the context of the chosen page (filters narrowed,
the URL mirrored, the data filtered) is built once, the sidebar is drawn, and then the page runs
with that context (:func:`context`). Because the sidebar is already drawn, a page may ``st.stop()``.

The design keeps the pages in a folder named ``pages/``. On a fresh server Streamlit starts in its
older multipage mode (it sees that folder beside ``app.py``) until ``st.navigation`` is first called:
if the very first visit is a link to a page (``/map?...``), Streamlit runs that page's file alone,
without ``app.py``. The page then finds no context; :func:`context` calls ``st.navigation`` (which, as
Streamlit documents, makes it ignore the folder from then on) and runs the visit again, through
``app.py``. No private part of Streamlit is touched; a test runs such a first visit.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass

import streamlit as st

from sprx_map.i18n import t
from sprx_map.ui import errors
from sprx_map.ui.state import Context, page_context, presenting, sidebar_filters


@dataclass(frozen=True)
class Page:
    """One page: its file under ``pages/``, its URL path ("" for the default page) and icon."""

    key: str  # the catalogue's page.<key> is its title
    icon: str
    url_path: str

    @property
    def file(self) -> str:
        return f"pages/{self.key}.py"


PAGES = (
    Page("overview", ":material/dashboard:", ""),
    Page("map", ":material/map:", "map"),
    Page("projects", ":material/table:", "projects"),
    Page("charts", ":material/bar_chart:", "charts"),
    Page("gaps", ":material/location_searching:", "gaps"),
    Page("profile", ":material/location_on:", "profile"),
    Page("change", ":material/compare_arrows:", "change"),
    Page("events", ":material/event:", "events"),
    Page("about", ":material/info:", "about"),
    Page("intake", ":material/upload_file:", "intake"),
)
PRESENT = Page("present", "", "present")

# The context of the page being run: set by run() around the page, for this script run only (not in
# session state, so a session keeps its choices and not the frames made from them).
_CONTEXT: contextvars.ContextVar[Context | None] = contextvars.ContextVar("sprx_page_context", default=None)


def navigation(lang: str, icons: bool = True):
    """``st.navigation`` over the pages (only the slides when presenting, ``?present=1``); the chosen page.

    Without ``icons`` when called from a page run alone: before ``app.py`` sets the app's own favicon, the
    browser would take the page's Material icon as the tab's icon and fetch it from a font server.
    """
    if presenting():
        page = st.Page(PRESENT.file, title=t("page.present", lang), default=True)
        return st.navigation([page], position="hidden")
    pages = [
        st.Page(
            p.file,
            title=t(f"page.{p.key}", lang),
            icon=p.icon if icons else None,
            default=not p.url_path,
            url_path=p.url_path or None,
        )
        for p in PAGES
    ]
    return st.navigation(pages)


def run(page, geo, data) -> None:
    """Build the chosen page's context, draw the sidebar, then run the page with the context."""
    url_path = PRESENT.url_path if presenting() else page.url_path
    ctx = page_context(url_path)
    if not presenting():
        sidebar_filters(data)
    token = _CONTEXT.set(ctx)
    try:
        errors.show_pending(ctx.lang)
        errors.run_page(page, ctx.lang)
    finally:
        _CONTEXT.reset(token)


def context() -> Context:
    """The context :func:`run` built for this page; on a page file run alone (see above), route and run again."""
    ctx = _CONTEXT.get()
    if ctx is None:
        from sprx_map.ui.state import language

        navigation(language(), icons=False)
        st.rerun()
    return ctx
