"""Geography administration: official boundaries and GP practice lists uploaded, checked and stored, and
the version of each level in use chosen."""

from __future__ import annotations

import streamlit as st

from sprx_map.i18n import t
from sprx_map.messages import markdown_escaped as md
from sprx_map.ui.errors import guarded
from sprx_map.ui.loaders import geography, store_changed, store_engine
from sprx_map.ui.permissions import actor, may


@st.cache_data(show_spinner=False, max_entries=8)
def _read_geography(name: str, data: bytes, level: str, columns: tuple, lookup: tuple | None):
    from sprx_map import intake

    return intake.read_geography_upload(name, data, level, geography(), columns=dict(columns), lookup=lookup)


def geography_upload(lang: str, allowed: bool) -> None:
    """Load official boundaries (or a practice list) as Hub staff get them, check them, and store them.

    Only for those allowed to change the geography: nothing is read from a file before that is known.
    """
    from sprx_map import intake

    with st.expander(t("geo.load.title", lang)):
        if not allowed:  # what a click just refused is still said, before why the form is gone
            _geography_result()
            st.info(t("geo.load.not_allowed", lang))
            return
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
            st.error(error.message(lang, md))
            return
        st.code("\n".join(load.report(lang)), language=None)
        for problem in load.problems:
            st.error(problem.text(lang, md))
        if load.ok:
            st.button(t("geo.load.store", lang), on_click=_store_geography, args=(load, lang), key="geo_store")
        _geography_result()


def _geography_result() -> None:
    """Say once what the last "store" click did."""
    for kind, text in st.session_state.pop("geo_result", []):
        (st.success if kind == "ok" else st.error)(text)


@guarded
def _store_geography(load, lang: str) -> None:
    from sprx_map import store

    who = may("geography")  # again, as the person stands now; the store checks once more
    if who is None:
        st.session_state["geo_result"] = [("error", t("geo.load.not_allowed", lang))]
        return
    try:
        version = store.save_geography(store_engine(), load, who=who)
    except store.StoreError as exc:
        st.session_state["geo_result"] = [("error", exc.message(lang, md))]
        return
    _geography_changed()
    st.session_state["geo_result"] = [("ok", t("geo.load.stored", lang, id=version))]


EMBEDDED = 0  # the choice "embedded geography" (version ids start at 1)


def geography_in_use(lang: str) -> None:
    """The stored official geography versions, and (for administrators) which are in use."""
    from sprx_map import intake, store

    st.subheader(t("geo.title", lang))
    person = actor()
    allowed = person.may("geography")
    geography_upload(lang, allowed)
    versions = store.geography_versions(store_engine())
    if versions.empty:
        st.info(t("geo.none", lang))
        return
    columns = ["id", "level", "kind", "source_file", "features", "loaded_at", "loaded_by", "active"]
    shown = intake.without_staff(versions[columns], person.may("import")).assign(  # who loaded it: staff only
        level=versions["level"].map(lambda v: t(f"level.{v}", lang)),
        kind=versions["kind"].map(lambda v: t(f"geo.kind.{v}", lang)),
    )
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
            disabled=not allowed,
        )
    if allowed:
        st.button(t("geo.use", lang), on_click=_use_geography, args=(choices, lang), key="geo_use")
    for text in st.session_state.pop("geo_use_error", []):
        st.error(text)


@guarded
def _use_geography(choices: dict, lang: str) -> None:
    from sprx_map import store

    who = may("geography")
    if who is None:
        st.session_state["geo_use_error"] = [t("geo.load.not_allowed", lang)]
        return
    try:
        for (level, kind), version in choices.items():
            store.use_geography(store_engine(), level, kind, None if version == EMBEDDED else int(version), who=who)
    except store.StoreError as exc:
        st.session_state["geo_use_error"] = [exc.message(lang, md)]
    _geography_changed()


def _geography_changed() -> None:
    """The geography in use changed (the store's revision with it): every view is drawn again on it."""
    store_changed()
