"""The one module that touches Streamlit: cached loaders and shared widgets.

Loaders are cached once per process and their results treated as read-only;
filtering always happens outside the cache.
"""

from __future__ import annotations

import streamlit as st

from sprx_map.dataset import Dataset, load_sample
from sprx_map.geography import Geography, load_geography
from sprx_map.i18n import t


@st.cache_resource(show_spinner=False)
def geography() -> Geography:
    """The embedded geography (shared by all sessions; do not modify)."""
    return load_geography()


@st.cache_resource(show_spinner=False)
def dataset() -> Dataset:
    """The bundled returns, read and apportioned once per process."""
    return load_sample(geography())


def language() -> str:
    """The interface language for this session."""
    return st.session_state.setdefault("lang", "en")


def illustrative_notice(data: Dataset, lang: str) -> None:
    """The notice every page showing the bundled returns carries."""
    if data.illustrative:
        st.warning(t("app.illustrative", lang), icon=":material/science:")


def metric_row(items: list[tuple[str, str]]) -> None:
    """Headline figures side by side: (label, formatted value) pairs."""
    for column, (label, value) in zip(st.columns(len(items)), items, strict=True):
        column.metric(label, value)
