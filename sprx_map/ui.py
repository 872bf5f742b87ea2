"""The one module that touches Streamlit: cached loaders, shared state and widgets.

Loaders are cached once per process and their results treated as read-only;
filtering always happens outside the cache. The sidebar filters, the language
and the map's level and measure live in session state and are mirrored in the
URL, so a copied link (or a reload) reopens the same view.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from sprx_map import PROJECT_DIR, filters, metrics, schema, tables
from sprx_map.dataset import Dataset, load_store
from sprx_map.filters import Filters
from sprx_map.geography import Geography, load_geography
from sprx_map.i18n import t

FAVICON = PROJECT_DIR / "static" / "favicon.png"
FILTER_KEY = "f_{}"  # session-state key of each Filters field
MAP_LEVELS = ("health_board", "local_authority", "cluster")
# Page state that travels in the URL: session key -> (URL parameter, default, allowed values).
PAGE_STATE = {
    "map_level": ("level", "cluster", MAP_LEVELS),
    "map_measure": ("measure", "fte_per_10k", None),
    "profile_level": ("plevel", "health_board", MAP_LEVELS),
    "profile_area": ("area", None, None),  # checked against the level on the profile page
}


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


def attribution(lang: str) -> None:
    """Where the boundaries and cluster facts come from, for the geography in use."""
    official = {level for level, kind in geography_sources() if kind == "boundaries"}
    st.caption(t("app.attribution_official" if official else "app.attribution", lang))


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


def rounds(data: Dataset) -> list[str]:
    """Survey rounds, the default (newest real round, else the sample) first."""
    return data.rounds()


def language() -> str:
    """The interface language for this session."""
    return st.session_state.setdefault("lang", "en")


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


def sidebar_filters(geo: Geography, data: Dataset) -> Filters:
    """Draw the shared filters in the sidebar (after the page: see ``page_context``)."""
    lang = language()
    f = current_filters()
    with st.sidebar:
        language_switch(lang)
        st.subheader(t("filter.title", lang))
        _multiselect(
            "boards",
            t("level.health_board", lang),
            list(geo.boards.index),
            geo.area_names("health_board", lang).to_dict(),
        )
        boards = tuple(st.session_state[FILTER_KEY.format("boards")])
        _multiselect(
            "authorities",
            t("level.local_authority", lang),
            filters.authority_options(geo, boards),
            geo.area_names("local_authority", lang).to_dict(),
        )
        authorities = tuple(st.session_state[FILTER_KEY.format("authorities")])
        _multiselect(
            "clusters",
            t("level.cluster", lang),
            filters.cluster_options(geo, boards, authorities),
            geo.area_names("cluster", lang).to_dict(),
        )
        for field, vocabulary, key in filters.VOCABULARY_FILTERS:
            labels = schema.labels(vocabulary, lang)
            _multiselect(field, t(key, lang), list(labels), labels)
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


def _move(step: int, total: int) -> None:
    st.session_state["slide"] = max(0, min(st.session_state.get("slide", 0) + step, total - 1))


def slide_controls(number: int, total: int, lang: str) -> None:
    """Previous and next (also the left and right arrow keys), where we are, and the way out."""
    back, where, forward, leave = st.columns([1, 2, 1, 2], vertical_alignment="center")
    back.button(
        t("present.previous", lang), on_click=_move, args=(-1, total), shortcut="Left",
        disabled=number == 0, icon=":material/arrow_back:", key="present_previous",
    )  # fmt: skip
    where.markdown(t("present.counter", lang, number=number + 1, total=total))
    forward.button(
        t("present.next", lang), on_click=_move, args=(1, total), shortcut="Right",
        disabled=number == total - 1, icon=":material/arrow_forward:", key="present_next", type="primary",
    )  # fmt: skip
    leave.link_button(t("present.exit", lang), "./" + ("?lang=cy" if lang == "cy" else ""), icon=":material/close:")
    st.caption(t("present.keys", lang))


def presenter_style() -> None:
    """Large type and no app chrome, for a projector."""
    st.html(
        "<style>html{font-size:21px}"
        "[data-testid=stHeader],[data-testid=stSidebar],[data-testid=stSidebarCollapsedControl]{display:none}"
        "[data-testid=stMetricValue]{font-size:2.6rem}"
        ".block-container{padding-top:1.5rem;max-width:100%}</style>"
    )


def illustrative_notice(ctx: Context) -> None:
    """The notice every page showing the illustrative sample carries."""
    if ctx.data.is_illustrative(ctx.filters.round):
        st.warning(t("app.illustrative", ctx.lang), icon=":material/science:")


def suppression_note(frame, lang: str, also: str = "") -> None:
    """Explain the marks of withheld figures, when the frame has any (or ``also`` is a state)."""
    from sprx_map.i18n import SUPPRESSIBLE
    from sprx_map.metrics import SUPPRESSED, suppression_threshold

    marked = (SUPPRESSED in frame and frame[SUPPRESSED].fillna("").ne("").any()) or any(
        isinstance(v, str) for column in SUPPRESSIBLE if column in frame for v in frame[column]
    )
    if marked or also:
        st.caption(t("suppressed.note", lang, threshold=suppression_threshold()))


def metric_row(items: list[tuple[str, str]]) -> None:
    """Headline figures side by side: (label, formatted value) pairs."""
    for column, (label, value) in zip(st.columns(len(items)), items, strict=True):
        column.metric(label, value)


def area_dataframe(frame, lang: str) -> None:
    """An area table (name then measures) as a plain, accessible HTML table.

    Numbers are formatted as on the map and in the figures; the headings come
    from the catalogue. (A static table reads well with a screen reader and draws
    faster than the interactive grid.)
    """
    static_table(tables.formatted(frame, lang), lang)


def project_columns(lang: str) -> dict:
    """Column configuration of the projects table."""
    config = {key: st.column_config.TextColumn(tables.column_label(key, lang)) for key in tables.PROJECT_COLUMNS}
    config["link_worker_fte"] = st.column_config.NumberColumn(
        tables.column_label("link_worker_fte", lang), format="%.2f"
    )
    config["link_worker_headcount"] = st.column_config.NumberColumn(
        tables.column_label("link_worker_headcount", lang), format="localized"
    )
    config["annual_funding_gbp"] = st.column_config.NumberColumn(
        tables.column_label("annual_funding_gbp", lang), format="£%d"
    )
    for key in ("reporting_period_start", "reporting_period_end", "start_date", "end_date"):
        config[key] = st.column_config.DateColumn(tables.column_label(key, lang), format="DD/MM/YYYY")
    config["website"] = st.column_config.LinkColumn(tables.column_label("website", lang))
    return config


def folium_map(m, key: str, height: int = 620) -> tuple[str | None, tuple | None]:
    """Show a folium map; return the code of the area last clicked and that click's identity.

    Only clicks are sent back, so panning and zooming do not rerun. The click's
    identity (area and point) tells a new click on the same area from the old one.
    """
    from streamlit_folium import st_folium

    out = (
        st_folium(
            m,
            key=key,
            height=height,
            width="stretch",
            returned_objects=["last_active_drawing", "last_object_clicked"],
            render=False,
        )
        or {}
    )
    code = ((out.get("last_active_drawing") or {}).get("properties") or {}).get("code")
    point = out.get("last_object_clicked") or {}
    return code, (code, point.get("lat"), point.get("lng")) if code else None


def map_downloads(build, table, level: str, measures, ctx: Context) -> None:
    """The map as an offline HTML file, and its numbers as CSV, XLSX and GeoJSON, named by view.

    ``build`` makes the map afresh (a folium map drawn twice would hold its layer twice).
    """
    from sprx_map import export, maps

    lang, f = ctx.lang, ctx.filters
    notes = file_notes(f, ctx.geo, ctx.data, lang)
    stem = file_stem(f"map-{level}", f, lang)

    def frame():  # made only when a file is asked for
        out = tables.for_export(tables.area_frame(table, ctx.geo, level, lang, measures), lang)
        out.insert(0, "code", out.index)
        return out

    headings = {"code": t("table.code", lang), "name": t("table.area", lang)}
    headings |= {m: t(f"measure.{m}", lang) for m in measures}
    st.markdown(f"**{t('map.downloads', lang)}**")
    left, right = st.columns(2)
    left.download_button(
        t("map.download_html", lang),
        lambda: maps.standalone_html(build(), t("map.title", lang), notes, lang).encode("utf-8"),
        file_name=f"{stem}.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/map:",
    )
    right.download_button(
        t("map.download_geojson", lang),
        lambda: export.geojson_text(frame().rename(columns=headings), ctx.geo, level, notes).encode("utf-8"),
        file_name=f"{stem}.geojson",
        mime="application/geo+json",
        on_click="ignore",
        icon=":material/download:",
    )
    download_buttons(frame, headings, notes, stem, lang)


def download_buttons(frame, headings: dict[str, str], notes: list[str], stem: str, lang: str) -> None:
    """CSV and XLSX downloads of ``frame`` (or of what a function ``frame()`` makes) side by side."""
    from sprx_map import export

    get = frame if callable(frame) else lambda: frame
    left, right = st.columns(2)
    # The files are built when the button is clicked, not on every rerun.
    left.download_button(
        t("projects.download_csv", lang),
        lambda: export.csv_bytes(get(), headings, notes),
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        t("projects.download_xlsx", lang),
        lambda: export.xlsx_bytes(get(), headings, notes),
        file_name=f"{stem}.xlsx",
        on_click="ignore",
        icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def chart(fig, filename: str, lang: str, data=None) -> None:
    """A plotly figure (PNG download from its toolbar) and, folded, the numbers behind it."""
    from sprx_map import charts, export  # plotly loads only where charts are drawn

    config = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2}}
    # The PNG from the toolbar carries what the view shows: filters, round, language (and illustrative data).
    notes = file_notes(current_filters(), geography(), dataset(), lang)
    charts.add_source(fig, notes)
    st.plotly_chart(fig, config=config, width="stretch")
    with st.expander(t("charts.data", lang)):
        table = data if data is not None else charts.bar_data(fig)
        if "name" in table.columns:
            area_dataframe(table, lang)
        elif all(export.is_text(table[c]) for c in table.columns):  # already written for people
            static_table(table, lang)
        else:
            st.dataframe(table, hide_index=True, width="stretch")


def static_table(frame, lang: str = "en") -> None:
    """A plain, accessible HTML table (see :func:`sprx_map.tables.html_table`).

    Plain HTML rather than ``st.table``: the browser then has no table data to
    decode, which takes about half a second off a first visit to a page.
    """
    st.html(tables.TABLE_STYLE + tables.html_table(frame, lang))


def file_stem(kind: str, f: Filters, lang: str) -> str:
    """A download's file name (without extension): what, which filters, round, language."""
    return f"sprx-{kind}-{filters.slug(f, geography())}-{f.round}-{lang}"


def file_notes(f: Filters, geo: Geography, data: Dataset, lang: str) -> list[str]:
    """Lines that open every download: illustrative notice, filters, round, language."""
    from sprx_map import export

    return export.notes(f.round, data.is_illustrative(f.round), lang, filters.describe(f, geo, lang))


@dataclass(frozen=True)
class Context:
    """What every page needs: language, geography, data, and the filtered view of it."""

    lang: str
    geo: Geography
    data: Dataset
    filters: Filters
    projects: pd.DataFrame  # the projects that pass the filters
    clusters: list[str]  # the clusters inside the chosen areas


def map_measures(level: str) -> tuple[str, ...]:
    """Measures offered at ``level``: gaps need areas made of several clusters."""
    return metrics.MEASURES if level == "cluster" else (*metrics.MEASURES, metrics.GAP_MEASURE)


def _check_map_state() -> None:
    """Keep the map's measure valid for its level before the URL is written."""
    if st.session_state.get("map_level") not in MAP_LEVELS:
        st.session_state["map_level"] = PAGE_STATE["map_level"][1]
    if st.session_state.get("map_measure") not in map_measures(st.session_state["map_level"]):
        st.session_state["map_measure"] = PAGE_STATE["map_measure"][1]


def _leave_legacy_pages_mode() -> None:
    """Make sure the page runs through ``app.py`` (``st.navigation``).

    Because the app keeps its pages in a folder named ``pages/``, a fresh server
    starts in Streamlit's older multipage mode: if the very first visit is a
    link to a page (``/map?...``), Streamlit runs that file directly, skipping
    ``app.py``. Switch the process to ``st.navigation`` and run again.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_context(page: str) -> Context:
    """Draw the shared sidebar, mirror the state in the URL, and filter the data.

    Call first on every page; ``page`` is the page's URL path.
    """
    _leave_legacy_pages_mode()
    geo, data = geography(), dataset()
    chosen = filters.narrow(current_filters(), geo, rounds(data))
    if chosen.round is None:
        chosen = dataclasses.replace(chosen, round=rounds(data)[0])
    _store(chosen)  # the sidebar, drawn after the page, shows the narrowed choices
    if page == "map":
        _check_map_state()
    sync_url(chosen, page)
    return Context(
        language(), geo, data, chosen, filters.apply(chosen, data.projects, geo), filters.area_clusters(chosen, geo)
    )


@st.cache_data(show_spinner=False)
def _template() -> bytes:
    from sprx_map.template import template_bytes

    return template_bytes(geography())


def template_download(lang: str) -> None:
    """A button that downloads the blank return template."""
    st.download_button(
        t("about.template.download", lang),
        _template(),
        file_name="sprx-return-template.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/download:",
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _read_upload(name: str, data: bytes):
    from sprx_map import intake

    return intake.read_upload(name, data, geography())


def read_uploads(files) -> list:
    """Uploaded returns, each read once (not again on every rerun of the page)."""
    from sprx_map import intake

    return intake.read_uploads(
        [(f.name, f.getvalue()) for f in files], geography(), read=lambda name, data, _geo: _read_upload(name, data)
    )


@st.cache_data(show_spinner=False, max_entries=16)
def _read_indicator(name: str, data: bytes, lang: str):
    from sprx_map import gaps

    return gaps.read_indicator(name, data, geography(), lang)


def indicator_upload(lang: str):
    """A CSV upload of a need indicator, read once; its findings shown. None until a usable file is given."""
    upload = st.file_uploader(t("gaps.need_upload", lang), type=["csv"], key="gaps_indicator")
    if upload is None:
        return None
    indicator = _read_indicator(upload.name, upload.getvalue(), lang)
    for problem in indicator.problems:
        st.error(problem)
    if indicator.notes:
        with st.expander(t("gaps.need_findings", lang, count=len(indicator.notes))):
            for note in indicator.notes:
                st.text(note)
    return indicator if indicator.ok else None


def round_projects(ctx: Context, round_label: str, areas: bool = True) -> pd.DataFrame:
    """The projects of a round that pass the same filters (all but the area filters, without ``areas``)."""
    chosen = dataclasses.replace(ctx.filters, round=round_label)
    return filters.apply(chosen if areas else filters.without_areas(chosen), ctx.data.projects, ctx.geo)


def profile_locator(table, level: str, code: str, lang: str):
    """A small map of Wales with the profile's area outlined; returns how to build it again (for the file)."""
    from functools import partial

    from sprx_map import maps

    build = partial(maps.area_map, geography(), table, level, "projects_current", lang, selected=code)
    st.subheader(t("profile.locator", lang))
    folium_map(build(), key="profile_map", height=380)
    if level == "cluster":
        st.caption(t("app.indicative_clusters", lang))
    return build


def profile_change(ctx: Context, base: pd.DataFrame, level: str, code: str, lang: str):
    """The area's change since the round before, when there is one; the table shown (or None)."""
    from sprx_map import change

    before = change.previous_round(rounds(ctx.data), ctx.filters.round, ctx.data.illustrative_rounds)
    if before is None:
        return None
    previous = round_projects(ctx, before, areas=False)
    moved = change.change_table(previous, base, ctx.data.shares, ctx.geo, level)
    frame = tables.change_frame(moved.loc[[code]], ctx.geo, level, lang, before, ctx.filters.round)
    st.subheader(t("profile.change", lang, before=before))
    static_table(frame, lang)
    return frame


def profile_download(ctx: Context, code: str, name: str, figures, lacking, projects, moved, locator, lang: str) -> None:
    """The profile as one HTML file that opens offline, and a note on printing."""
    from sprx_map import maps, profiles

    notes = file_notes(ctx.filters, ctx.geo, ctx.data, lang)
    headings = {key: tables.column_label(key, lang) for key in projects.columns}
    sections = [
        (t("profile.figures", lang), figures),
        (t("profile.lacking", lang), lacking or t("profile.lacking_none", lang)),
        (t("profile.projects", lang, count=len(projects)), tables.on_screen(projects).rename(columns=headings)),
    ]
    if moved is not None:
        sections.append((t("page.change", lang), moved))
    st.download_button(
        t("profile.download", lang),
        lambda: profiles.profile_html(
            name, notes, sections, maps.standalone_html(locator(), name, [], lang), lang
        ).encode("utf-8"),
        file_name=f"{file_stem('profile-' + code.lower(), ctx.filters, lang)}.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/download:",
    )
    st.caption(t("profile.print", lang))
    st.html(
        "<style>@media print{[data-testid=stSidebar],[data-testid=stHeader],[data-testid=stDownloadButton],"
        "[data-testid=stRadio],[data-testid=stSelectbox]{display:none!important}}</style>"
    )


@st.cache_resource(show_spinner=False)
def store_engine():
    """The store's engine, made (and its schema checked) once per process."""
    from sprx_map import store

    return store.connect()


def findings_downloads(uploads, lang: str) -> None:
    """One download per file: the user's rows plus a findings column."""
    from sprx_map.returns import findings_workbook

    for upload in uploads:
        stem = upload.name.rsplit(".", 1)[0]
        st.download_button(
            t("intake.download_findings", lang, file=upload.name),
            lambda report=upload.report: findings_workbook(report, lang),
            file_name=f"{stem}-findings.xlsx",
            on_click="ignore",
            icon=":material/download:",
            key=f"findings_{upload.name}",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )


def _permission(password_key: str = "intake_password"):
    """Who may import here (see :func:`sprx_map.intake.permission`)."""
    import os

    from sprx_map import intake

    try:
        oidc = "auth" in st.secrets
        allow_list = list(st.secrets.get("importers", []))
    except Exception:  # no secrets file at all
        oidc, allow_list = False, []
    email = getattr(st.user, "email", None) if oidc and getattr(st.user, "is_logged_in", False) else None
    return intake.permission(
        oidc_configured=oidc,
        user_email=email,
        allow_list=allow_list,
        password=os.environ.get("SPRX_ADMIN_PASSWORD") or None,
        password_given=st.session_state.get(password_key) or None,
    ), email


def import_form(uploads, ctx: Context, lang: str) -> None:
    """Round, replace, and the import button, for those allowed to import."""

    allowed, email = _permission()
    if allowed.mode == "off":
        st.info(t("intake.off", lang))
        return
    if allowed.mode == "oidc" and email is None:
        st.button(t("intake.sign_in", lang), on_click=st.login)
        return
    if allowed.mode == "oidc" and not allowed.allowed:
        st.warning(t("intake.not_allowed", lang, email=email))
        return
    if allowed.mode == "password":
        st.text_input(t("intake.password", lang), type="password", key="intake_password")
        if not allowed.allowed:
            if st.session_state.get("intake_password"):
                st.error(t("intake.wrong_password", lang))
            return
    real = [r for r in rounds(ctx.data) if not ctx.data.is_illustrative(r)]
    st.text_input(t("intake.round", lang), value=real[0] if real else "", key="intake_round")
    st.checkbox(t("intake.replace", lang), key="intake_replace")
    # The import runs in the button's callback, before the page runs again, so a
    # rerun of the page can never lose the click.
    st.button(
        t("intake.import_button", lang),
        type="primary",
        key="intake_go",
        on_click=_import_uploads,
        args=([u.report for u in uploads], email or "app (admin password)", lang),
    )
    for kind, text in st.session_state.pop("intake_result", []):
        (st.success if kind == "ok" else st.error)(text)


def _import_uploads(reports, who: str, lang: str) -> None:
    from sprx_map import store

    try:
        result = store.import_reports(
            store_engine(),
            reports,
            st.session_state.get("intake_round", "").strip(),
            replace=st.session_state.get("intake_replace", False),
            who=who,
        )
    except store.StoreError as exc:
        st.session_state["intake_result"] = [("error", str(exc))]
        return
    dataset.clear()  # the dashboard reads the new submissions on its next run
    st.session_state["intake_result"] = [
        (
            "ok",
            t(
                "intake.imported",
                lang,
                file=f.file,
                action=f.action,
                projects=f.projects,
                board=f.hb_code,
                round=result.round,
                left_out=f.left_out,
            ),
        )
        for f in result.files
    ]


@st.cache_data(show_spinner=False, max_entries=8)
def _read_geography(name: str, data: bytes, level: str, columns: tuple, lookup: tuple | None):
    from sprx_map import intake

    return intake.read_geography_upload(name, data, level, geography(), columns=dict(columns), lookup=lookup)


def geography_upload(lang: str, allowed: bool) -> None:
    """Load official boundaries (or a practice list) as Hub staff get them, check them, and store them."""
    from sprx_map import intake

    with st.expander(t("geo.load.title", lang)):
        level = st.selectbox(
            t("geo.load.level", lang), intake.GEOGRAPHY_LEVELS, key="geo_load_level",
            format_func=lambda v: t(f"geo.load.level.{v}", lang),
        )  # fmt: skip
        upload = st.file_uploader(
            t("geo.load.file", lang), type=["geojson", "json", "gpkg", "zip", "csv"], key="geo_load_file"
        )
        lookup = None
        if level == "lsoa":
            lookup = st.file_uploader(t("geo.load.lookup", lang), type=["csv"], key="geo_load_lookup")
        st.caption(t("geo.load.columns", lang))
        left, middle, right = st.columns(3)
        roles = ("cluster", "population") if level == "practices" else ("code", "name_en", "name_cy")
        columns = tuple(
            (role, value.strip())
            for role, column in zip(roles, (left, middle, right), strict=False)
            if (value := column.text_input(t(f"geo.load.column.{role}", lang), key=f"geo_col_{role}"))
        )
        if upload is None or (level == "lsoa" and lookup is None):
            return
        load, error = _read_geography(
            upload.name, upload.getvalue(), level, columns, (lookup.name, lookup.getvalue()) if lookup else None
        )
        if error:
            st.error(error)
            return
        st.code("\n".join(load.report()), language=None)
        for problem in load.problems:
            st.error(problem)
        if load.ok and allowed:
            st.button(t("geo.load.store", lang), on_click=_store_geography, args=(load, lang), key="geo_store")
        for kind, text in st.session_state.pop("geo_result", []):
            (st.success if kind == "ok" else st.error)(text)


def _store_geography(load, lang: str) -> None:
    from sprx_map import store

    try:
        version = store.save_geography(store_engine(), load)
    except store.StoreError as exc:
        st.session_state["geo_result"] = [("error", str(exc))]
        return
    _geography_changed()
    st.session_state["geo_result"] = [("ok", t("geo.load.stored", lang, id=version))]


EMBEDDED = 0  # the choice "embedded geography" (version ids start at 1)


def geography_in_use(lang: str) -> None:
    """The stored official geography versions, and (for those allowed to import) which are in use."""
    from sprx_map import store

    st.subheader(t("geo.title", lang))
    allowed, _ = _permission("geo_password")
    if allowed.mode == "password":
        st.text_input(t("intake.password", lang), type="password", key="geo_password")
        allowed, _ = _permission("geo_password")
    geography_upload(lang, allowed.allowed)
    versions = store.geography_versions(store_engine())
    if versions.empty:
        st.info(t("geo.none", lang))
        return
    shown = versions[["id", "level", "kind", "source_file", "features", "loaded_at", "loaded_by", "active"]]
    st.dataframe(shown.rename(columns=lambda c: t(f"geo.column.{c}", lang)), hide_index=True, width="stretch")
    choices = {}
    for (level, kind), group in versions.groupby(["level", "kind"], sort=True):
        active = group.loc[group["active"], "id"].tolist()
        options = [EMBEDDED, *group["id"].tolist()]
        choices[(level, kind)] = st.selectbox(
            t("geo.choose", lang, level=t(f"level.{level}", lang), kind=t(f"geo.kind.{kind}", lang)),
            options,
            index=options.index(active[0]) if active else 0,
            format_func=lambda v, g=group: (
                t("geo.embedded", lang) if v == EMBEDDED else f"#{v} {g.loc[g['id'] == v, 'source_file'].iloc[0]}"
            ),
            key=f"geo_{level}_{kind}",
            disabled=not allowed.allowed,
        )
    if allowed.allowed:
        st.button(t("geo.use", lang), on_click=_use_geography, args=(choices,), key="geo_use")


def _use_geography(choices: dict) -> None:
    from sprx_map import store

    for (level, kind), version in choices.items():
        store.use_geography(store_engine(), level, kind, None if version == EMBEDDED else int(version))
    _geography_changed()


def _geography_changed() -> None:
    """Drop everything made from the geography, so every view is drawn again on the one now in use."""
    for cached in (geography, geography_sources, dataset, hex_cells):
        cached.clear()


def history_table(lang: str) -> None:
    """Every submission in the store, newest first."""
    from sprx_map import store

    st.subheader(t("intake.history", lang))
    table = store.history(store_engine())
    shown = table.drop(columns=["id"]).rename(columns={c: t(f"history.{c}", lang) for c in table.columns if c != "id"})
    st.dataframe(shown, hide_index=True, width="stretch")
