"""Loaders, cached per process and per store revision: geography, the store and what is read from it.

Their results are shared by every session and treated as read-only;
filtering always happens outside the cache. Nothing shown is older than the
store: each run asks the store for its revision (one small query, at most every
:data:`REVISION_CHECK_SECONDS`), and what was read at an older revision is read
again; what is already loaded is reused while nothing changed.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sprx_map.dataset import Dataset, load_store
from sprx_map.geo.geography import Geography, load_geography

REVISION_CHECK_SECONDS = 3  # a change made elsewhere is seen within this (and the next run), never later


@st.cache_data(show_spinner=False, ttl=REVISION_CHECK_SECONDS, max_entries=1)
def store_revision() -> tuple[int, str]:
    """The store's revision (see :func:`sprx_map.store.revision`), asked at most every few seconds."""
    from sprx_map import store

    return store.revision(store_engine())


def store_changed() -> None:
    """After this process changed the store: look at its revision again now, not in a few seconds."""
    store_revision.clear()


def geography() -> Geography:
    """The geography in use: the embedded one with the store's active official versions over it.

    Shared by all sessions; do not modify.
    """
    return _geography(store_revision())


@st.cache_resource(show_spinner=False, max_entries=2)
def _geography(revision: tuple[int, str]) -> Geography:
    from sprx_map.dataset import load_active

    return load_active(store_engine(), load_geography())


def geography_sources() -> dict:
    """(level, kind) -> the active official version's details (no payload); empty when all is embedded."""
    return _geography_sources(store_revision())


@st.cache_resource(show_spinner=False, max_entries=2)
def _geography_sources(revision: tuple[int, str]) -> dict:
    from sprx_map import store

    return {
        key: {k: v for k, v in version.items() if k != "payload"}
        for key, version in store.active_geography(store_engine()).items()
    }


def dataset() -> Dataset:
    """Every round in the store as of its current revision, read and apportioned once (do not modify).

    An empty store is first seeded with the illustrative sample (round ``sample``).
    """
    return _dataset(store_revision())


@st.cache_resource(show_spinner=False, max_entries=2)
def _dataset(revision: tuple[int, str]) -> Dataset:
    data = load_store(geography())
    if data.revision != revision:  # seeding (or another process) changed the store meanwhile: ask again
        store_changed()
    return data


def hex_cells() -> pd.DataFrame:
    """Where each cluster sits on the hex map (worked out once per geography)."""
    return _hex_cells(store_revision())


@st.cache_resource(show_spinner=False, max_entries=2)
def _hex_cells(revision: tuple[int, str]) -> pd.DataFrame:
    from sprx_map.geo import hexgrid

    return hexgrid.layout(geography())


def store_engine():
    """The store's engine, made (and its schema checked) once per process and store URL.

    Keyed by the URL read now, so a process pointed at another store never writes to the old one.
    """
    from sprx_map import store

    return _engine(store.database_url())


@st.cache_resource(show_spinner=False, max_entries=4)
def _engine(url: str):
    from sprx_map import store

    return store.connect(url)


def rounds(data: Dataset) -> list[str]:
    """Survey rounds, the default (newest real round, else the sample) first."""
    return data.rounds()


def forget_store() -> None:
    """Drop everything read from the store and the engine itself (a test pointing the app at another store)."""
    for cached in (store_revision, _geography, _geography_sources, _dataset, _hex_cells, _engine):
        cached.clear()
