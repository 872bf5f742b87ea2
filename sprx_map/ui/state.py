"""Session state: language, the shared filters and page state, mirrored in the URL.

The sidebar filters, the language and the map's level and measure live in
session state and in the URL, so a copied link (or a reload) reopens the
same view. :func:`page_context` is built once per run for the chosen page (see :mod:`~sprx_map.ui.routing`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from sprx_map import filters, measures
from sprx_map.dataset import Dataset
from sprx_map.filters import Filters
from sprx_map.geo.geography import Geography
from sprx_map.i18n import t
from sprx_map.ui.loaders import dataset, geography, rounds, store_revision
from sprx_map.view import View

FILTER_KEY = "f_{}"  # session-state key of each Filters field


MAP_LEVELS = ("health_board", "local_authority", "cluster")


# Page state that travels in the URL: session key -> (URL parameter, default, allowed values).
PAGE_STATE = {
    "map_level": ("level", "cluster", MAP_LEVELS),
    "map_measure": ("measure", "fte_per_10k", None),
    "profile_level": ("plevel", "health_board", MAP_LEVELS),
    "profile_area": ("area", None, None),  # checked against the level on the profile page
}


def language() -> str:
    """The interface language for this session."""
    return st.session_state.setdefault("lang", "en")


def asked_language() -> str:
    """The language of this session, or (before its state is set up) the one its URL asks for."""
    if "lang" in st.session_state:
        return st.session_state["lang"]
    asked = st.query_params.get("lang")
    return asked if asked in ("en", "cy") else "en"


def _choose_language() -> None:
    st.session_state["lang"] = st.session_state["lang_choice"]


def language_switch(lang: str) -> None:
    """English | Cymraeg, each named in its own language; the choice travels in the URL (``?lang=cy``)."""
    from sprx_map.i18n import LANGUAGES

    st.session_state["lang_choice"] = lang
    st.segmented_control(
        t("language.choose", lang),
        LANGUAGES,
        key="lang_choice",
        format_func=lambda code: t("language.name", code),
        on_change=_choose_language,
        selection_mode="single",
        required=True,
    )


def init_state(geo: Geography, data: Dataset) -> None:
    """Once per session: take filters and page state from the URL, else defaults."""
    if st.session_state.get("_state_ready"):
        # Keep page widgets' values while another page is shown (Streamlit drops
        # the state of widgets that were not drawn in a run).
        for key in PAGE_STATE:
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
        return
    params = st.query_params.to_dict()
    f = filters.narrow(filters.from_params(params), geo, rounds(data))
    _store(f)
    for key, (param, default, allowed) in PAGE_STATE.items():
        value = params.get(param, default)
        st.session_state[key] = value if allowed is None or value in allowed else default
    st.session_state["lang"] = params.get("lang", "en") if params.get("lang") in ("en", "cy") else "en"
    st.session_state["present"] = params.get("present") == "1"
    from sprx_map.slides import slide_number

    st.session_state["slide"] = slide_number(params.get("slide"), geo)
    st.session_state["_state_ready"] = True


def _store(f: Filters) -> None:
    for name in filters.field_names():
        value = getattr(f, name)
        st.session_state[FILTER_KEY.format(name)] = value if name == "round" else list(value)


def current_filters() -> Filters:
    """The filters as they stand in session state."""
    values = {}
    for name in filters.field_names():
        value = st.session_state.get(FILTER_KEY.format(name))
        values[name] = value if name == "round" else tuple(value or ())
    return Filters(**values)


def _reset() -> None:
    _store(Filters())


def _multiselect(name: str, label: str, options: list[str], labels: dict[str, str]) -> None:
    key = FILTER_KEY.format(name)
    st.multiselect(
        label, options, format_func=lambda v: labels.get(v, v), key=key, placeholder=t("filter.all", language())
    )


def offered(lang: str, boards: tuple[str, ...], authorities: tuple[str, ...]) -> dict:
    """:func:`sprx_map.filters.offered` of the geography in use, made once per store revision, language and
    chosen areas and shared (the sidebar is drawn on every run of every page)."""
    return _offered(store_revision(), lang, boards, authorities)


@st.cache_resource(show_spinner=False, max_entries=64)
def _offered(revision: tuple[int, str], lang: str, boards: tuple[str, ...], authorities: tuple[str, ...]) -> dict:
    return filters.offered(geography(), boards, authorities, lang)


def sidebar_filters(data: Dataset) -> Filters:
    """Draw the shared filters in the sidebar (after :func:`page_context` has narrowed them)."""
    lang = language()
    f = current_filters()
    with st.sidebar:
        language_switch(lang)
        st.subheader(t("filter.title", lang))
        # The areas offered follow the boards and authorities chosen (as they stand in state before the run).
        for name, (heading, options, labels) in offered(lang, f.boards, f.authorities).items():
            _multiselect(name, t(heading, lang), options, labels)
        st.selectbox(t("filter.round", lang), rounds(data), key=FILTER_KEY.format("round"))
        st.button(
            t("filter.reset", lang),
            on_click=_reset,
            icon=":material/restart_alt:",
            disabled=f.is_default(rounds(data)[0]),
        )
    return current_filters()


def sync_url(f: Filters, page: str) -> None:
    """Mirror the filters (and, on the map page, its level and measure) in the URL."""
    params = filters.to_params(f)
    latest = rounds(dataset())[0]
    if params.get("round") == latest:
        del params["round"]
    if page == "map":
        params.update(
            {param: str(st.session_state[key]) for key, (param, _, _) in PAGE_STATE.items() if key.startswith("map_")}
        )
    if page == "profile" and st.session_state.get("profile_area"):
        params.update({"plevel": st.session_state["profile_level"], "area": st.session_state["profile_area"]})
    if page == "present":
        params.update({"present": "1", "slide": str(st.session_state.get("slide", 0))})
    if language() != "en":
        params["lang"] = language()
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def presenting() -> bool:
    """Whether this session is in presenter mode (``?present=1``), decided once per session."""
    return st.session_state.get("present", False)


def current_slide(total: int) -> int:
    """The slide shown (taken from the URL's ``slide`` when the session starts), kept within the deck."""
    st.session_state["slide"] = max(0, min(st.session_state["slide"], total - 1))
    return st.session_state["slide"]


@dataclass(frozen=True)
class Context:
    """What every page needs: language, geography, data, and the filtered view of it."""

    lang: str
    geo: Geography
    data: Dataset
    filters: Filters
    projects: pd.DataFrame  # the projects that pass the filters
    clusters: list[str]  # the clusters inside the chosen areas whose board's return counts in the round
    no_return: list[str] = dataclasses.field(default_factory=list)  # chosen clusters whose board has no return
    returns: object = None  # who has returned in the round (sprx_map.rounds.RoundReturns)
    view: View | None = None  # the view shared by every session with these choices (sprx_map.ui.shared_view)


def map_measures(level: str) -> tuple[str, ...]:
    """Measures offered at ``level`` (see :func:`sprx_map.measures.at_level`)."""
    return measures.at_level(level)


def _check_map_state() -> None:
    """Keep the map's measure valid for its level before the URL is written."""
    if st.session_state.get("map_level") not in MAP_LEVELS:
        st.session_state["map_level"] = PAGE_STATE["map_level"][1]
    if st.session_state.get("map_measure") not in map_measures(st.session_state["map_level"]):
        st.session_state["map_measure"] = PAGE_STATE["map_measure"][1]


def page_context(page: str) -> Context:
    """Narrow the filters, mirror the state in the URL, and filter the data, for the page at ``page``
    (its URL path). Built once per run by :func:`sprx_map.ui.routing.run`, before the sidebar is drawn.
    """
    geo, data = geography(), dataset()
    chosen = filters.narrow(current_filters(), geo, rounds(data))
    if chosen.round is None:
        chosen = dataclasses.replace(chosen, round=rounds(data)[0])
    _store(chosen)  # the sidebar, drawn next, shows the narrowed choices
    if page == "map":
        _check_map_state()
    sync_url(chosen, page)
    from sprx_map.ui import shared_view

    # The default view of this revision, for whoever comes next.
    shared_view.prewarm_in_background(data.revision, PAGE_STATE["map_level"][1], PAGE_STATE["map_measure"][1])
    view = shared_view.view_of(data, chosen)
    return Context(language(), geo, data, chosen, view.projects, view.counted, view.no_return, view.returns, view)


def round_projects(ctx: Context, round_label: str, areas: bool = True) -> pd.DataFrame:
    """The projects of a round that pass the same filters (all but the area filters, without ``areas``)."""
    chosen = dataclasses.replace(ctx.filters, round=round_label)
    return filters.apply(chosen if areas else filters.without_areas(chosen), ctx.data.projects, ctx.geo)
