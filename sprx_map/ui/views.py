"""Shared views: what a page computes from its choices is computed once and shared by every session.

A view is keyed by what changes it: the store's revision (so nothing older than the store is served),
the filters (round included), and where it matters the level, the measure and the language. A room of a
hundred people opening one link asks for the same views; the first computes them, the others are
served the same objects. Each cache is bounded (``max_entries``): an unusual choice costs one
computation and is dropped when it is old. The default views of the newest round are computed when
the server starts and after each change to the store (:func:`prewarm`).

What is returned is shared: pages and widgets must not change it (a test renders every page and
checks that the views are as they were made). A folium map is the one exception: showing it changes
it, so each session is given its own copy of the shared one (:func:`area_map`).
"""

from __future__ import annotations

import copy
import logging
import threading
import weakref
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from sprx_map import filters, metrics
from sprx_map.filters import Filters
from sprx_map.ui.loaders import dataset, geography, rounds

LOGGER = logging.getLogger("sprx_map.views")
# Bounds: enough for every level and measure of a few dozen filter choices at once; an entry is a few
# hundred kB at most (a cluster map), so a full cache stays within a few tens of MB.
SELECTIONS = 128
TABLES = 512
MAPS = 64
VIEWS = 512


@dataclass(frozen=True)
class Selection:
    """The projects that pass the filters, and the chosen clusters split by whether their board returned."""

    projects: pd.DataFrame
    counted: list[str]
    no_return: list[str]
    returns: object  # sprx_map.rounds.RoundReturns


def selection(revision: tuple[int, str], chosen: Filters) -> Selection:
    """The shared selection for ``chosen`` at the store's ``revision``."""
    return _selection(revision, chosen)


@st.cache_resource(show_spinner=False, max_entries=SELECTIONS)
def _selection(revision: tuple[int, str], chosen: Filters) -> Selection:
    from sprx_map.rounds import split

    geo, data = geography(), dataset()
    returns = data.returns_of(chosen.round)
    counted, no_return = split(filters.area_clusters(chosen, geo), geo, returns)
    return Selection(filters.apply(chosen, data.projects, geo), counted, no_return, returns)


def area_table(ctx, level: str, current: bool = False) -> pd.DataFrame:
    """The measures of every area at ``level`` for the page's choices (of current projects only with
    ``current``, as the caseload chart needs); shared, do not modify."""
    return _area_table(ctx.data.revision, ctx.filters, level, current)


@st.cache_resource(show_spinner=False, max_entries=TABLES)
def _area_table(revision: tuple[int, str], chosen: Filters, level: str, current: bool) -> pd.DataFrame:
    geo, data = geography(), dataset()
    chosen_view = _selection(revision, chosen)
    projects = chosen_view.projects
    if current:
        projects = projects[projects["status"] == "current"]
        return metrics.area_table(projects, data.shares, geo, level, chosen_view.counted)
    return metrics.area_table(projects, data.shares, geo, level, chosen_view.counted, no_return=chosen_view.no_return)


def headline(ctx) -> dict:
    """The headline figures for the page's choices; shared, do not modify."""
    return _headline(ctx.data.revision, ctx.filters)


@st.cache_resource(show_spinner=False, max_entries=SELECTIONS)
def _headline(revision: tuple[int, str], chosen: Filters) -> dict:
    geo, data = geography(), dataset()
    chosen_view = _selection(revision, chosen)
    return metrics.headline(chosen_view.projects, data.shares, geo, chosen_view.counted)


def area_map(ctx, level: str, measure: str, lang: str, **options):
    """This session's own copy of the shared folium map of ``measure`` at ``level`` (see the module's note).

    ``options`` are :func:`sprx_map.maps.area_map`'s (selected, basemap, focus, tooltip measures): they
    are part of the key, so give them as hashable values (tuples, not lists).
    """
    shared = _area_map(ctx.data.revision, ctx.filters, level, measure, lang, tuple(sorted(options.items())))
    return copy.deepcopy(shared)


@st.cache_resource(show_spinner=False, max_entries=MAPS)
def _area_map(revision, chosen: Filters, level: str, measure: str, lang: str, options: tuple):
    from sprx_map import maps

    table = _area_table(revision, chosen, level, False)
    return maps.area_map(geography(), table, level, measure, lang, **dict(options))


def shared(ctx, name: str, build, *key):
    """Anything else a page computes from its choices: ``build()`` made once per store revision, filters,
    ``name`` and ``key`` (the language, the level...: everything else ``build`` depends on; hashable)."""
    return _shared(ctx.data.revision, ctx.filters, name, key, build)


@st.cache_resource(show_spinner=False, max_entries=VIEWS)
def _shared(revision, chosen: Filters, name: str, key: tuple, _build):
    return _build()


def folium_copy(ctx, name: str, build, *key):
    """This session's own copy of a shared folium map made by ``build()`` (see :func:`shared`)."""
    return copy.deepcopy(shared(ctx, name, build, *key))


def prewarm(level: str, measure: str) -> None:
    """Compute the default views of the newest round (both languages, every level, the map's default
    ``level`` and ``measure``) ahead of the first visitor: at start (see :func:`sprx_map.serve.warm_up`),
    and after a change to the store, in a thread so no one waits for it (:func:`prewarm_in_background`)."""
    from sprx_map import measures

    data = dataset()
    chosen = Filters(round=rounds(data)[0])
    _headline(data.revision, chosen)
    for each in ("health_board", "local_authority", "cluster"):
        _area_table(data.revision, chosen, each, False)
    _area_table(data.revision, chosen, "cluster", True)
    options = (("basemap", False), ("focus", None), ("selected", None), ("tooltip_measures", measures.AREA))
    for lang in ("en", "cy"):
        _area_map(data.revision, chosen, level, measure, lang, options)


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
    for cached in (_selection, _area_table, _headline, _area_map, _shared, _prewarming):
        cached.clear()
