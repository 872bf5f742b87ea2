"""The shared view: what a page shows of its choices is worked out once and shared by every session.

One :class:`sprx_map.view.View` is kept per store revision (so nothing older than the store is served) and
filters (round included); what a page adds to it (the language, the level, the measure...) is an argument
of the view's methods, each result kept by the view. A room of a hundred people opening one link asks
for the same view; the first computes what it shows, the others are served the same objects. The cache
of views is bounded (:data:`VIEWS`), as is what each view keeps (:data:`sprx_map.view.MEMO`): an unusual
choice costs one computation and is dropped when it is old. The default view of the newest round is
worked out when the server starts and after each change to the store (:func:`prewarm`).

What is returned is shared: pages and widgets must not change it (a test renders every page and checks
that the views are as they were made). Showing a folium map leaves it as it was
(:mod:`sprx_map.ui.map_component`); a page that adds to one, such as the Map page's event markers, takes its
own copy first (:func:`own_copy`).
"""

from __future__ import annotations

import copy
import logging
import threading
import weakref

import streamlit as st

from sprx_map.dataset import Dataset
from sprx_map.filters import Filters
from sprx_map.ui.loaders import dataset, geography, rounds
from sprx_map.view import View

LOGGER = logging.getLogger("sprx_map.views")
# Enough for a few dozen filter choices at once. A view keeps a few MB at most (at most
# sprx_map.view.MAPS maps of a few hundred kB, and small tables), so a full cache stays within ~100 MB.
VIEWS = 32


def view_of(data: Dataset, chosen: Filters) -> View:
    """The shared view of ``chosen`` of ``data`` (the store as loaded: its revision is the key)."""
    return _view(data.revision, chosen, data)


@st.cache_resource(show_spinner=False, max_entries=VIEWS)
def _view(revision: tuple[int, str], chosen: Filters, _data: Dataset) -> View:
    return View(_data, geography(), chosen)


def own_copy(shared):
    """This session's own copy of a shared folium map, to add to (see the module's note)."""
    return copy.deepcopy(shared)


def prewarm(level: str, measure: str) -> None:
    """Work out the default view of the newest round (both languages, every level, the map's default
    ``level`` and ``measure``) ahead of the first visitor: at start (see :func:`sprx_map.serve.warm_up`),
    and after a change to the store, in a thread so no one waits for it (:func:`prewarm_in_background`)."""
    from sprx_map import measures

    data = dataset()
    view = view_of(data, Filters(round=rounds(data)[0]))
    view.headline  # noqa: B018  (made now, kept by the view)
    for each in ("health_board", "local_authority", "cluster"):
        view.area_table(each)
    view.area_table("cluster", current=True)
    options = {"basemap": False, "focus": None, "selected": None, "tooltip_measures": measures.AREA}
    for lang in ("en", "cy"):
        view.area_map(level, measure, lang, **options)


def prewarm_in_background(revision: tuple[int, str], level: str, measure: str) -> None:
    """Start :func:`prewarm` once per store revision, in a background thread."""
    _prewarming(revision, level, measure)


@st.cache_resource(show_spinner=False, max_entries=4)
def _prewarming(revision: tuple[int, str], level: str, measure: str) -> threading.Thread:
    def run() -> None:
        try:
            prewarm(level, measure)
        except Exception:  # warming only saves time; the first visitor computes what is missing
            LOGGER.exception("prewarm failed")

    thread = threading.Thread(target=run, name="sprx-prewarm", daemon=True)
    _WARMING.add(thread)
    thread.start()
    return thread


_WARMING: weakref.WeakSet[threading.Thread] = weakref.WeakSet()  # threads started by _prewarming


def forget() -> None:
    """Drop every shared view (a test pointing the app at another store).

    Warming still running is waited for first, so it cannot put views of the old store back.
    """
    for thread in list(_WARMING):
        thread.join(timeout=120)
    for cached in (_view, _prewarming):
        cached.clear()
