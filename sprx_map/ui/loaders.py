"""Loaders, cached once per process: geography, the store and what is read from it.

Their results are shared by every session and treated as read-only;
filtering always happens outside the cache.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sprx_map.dataset import Dataset, load_store
from sprx_map.geography import Geography, load_geography


@st.cache_resource(show_spinner=False)
def geography() -> Geography:
    """The geography in use: the embedded one with the store's active official versions over it.

    Shared by all sessions; do not modify. Switching versions clears it.
    """
    from sprx_map.geography import load_active

    return load_active(store_engine(), load_geography())


@st.cache_resource(show_spinner=False)
def geography_sources() -> dict:
    """(level, kind) -> the active official version's details (no payload); empty when all is embedded."""
    from sprx_map import store

    return {
        key: {k: v for k, v in version.items() if k != "payload"}
        for key, version in store.active_geography(store_engine()).items()
    }


@st.cache_resource(show_spinner=False)
def dataset() -> Dataset:
    """Every round in the store, read and apportioned once per process (do not modify).

    An empty store is first seeded with the illustrative sample (round ``sample``).
    """
    return load_store(geography())


@st.cache_resource(show_spinner=False)
def hex_cells() -> pd.DataFrame:
    """Where each cluster sits on the hex map (worked out once per process)."""
    from sprx_map import hexmap

    return hexmap.layout(geography())


@st.cache_resource(show_spinner=False)
def store_engine():
    """The store's engine, made (and its schema checked) once per process."""
    from sprx_map import store

    return store.connect()


def rounds(data: Dataset) -> list[str]:
    """Survey rounds, the default (newest real round, else the sample) first."""
    return data.rounds()
