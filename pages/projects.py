"""Projects: the filtered projects, a search, one project's details and downloads."""

import streamlit as st

from sprx_map import tables, ui
from sprx_map.i18n import t

ctx = ui.context()
lang = ctx.lang

st.title(t("projects.title", lang))
ui.round_notice(ctx)
frame = ctx.view.projects_frame(lang)
query = st.text_input(t("projects.search", lang), key="projects_search")
shown = ctx.view.search(query, lang)
st.caption(t("projects.count", lang, shown=len(shown), total=len(frame)))
st.dataframe(
    ctx.view.on_screen(query, lang),
    hide_index=True,
    column_config=ui.project_columns(lang),
    width="stretch",
    key="projects_table",
    placeholder=t("table.not_reported", lang),
)
ui.suppression_note(shown, lang)

headings = {key: tables.column_label(key, lang) for key in tables.PROJECT_COLUMNS}
ui.download_buttons(
    lambda: tables.for_file(shown, lang),  # made only when a file is asked for
    headings,
    ctx.view.release(lang),
    ui.file_stem("projects", ctx.filters, lang),
    lang,
    t("export.title.projects", lang),
)

choice = st.selectbox(
    t("projects.detail", lang),
    list(shown.index),
    index=None,
    key="projects_detail",
    format_func=lambda pid: shown.at[pid, "project_name"] if pid in shown.index else pid,
    placeholder=t("projects.detail_placeholder", lang),
)
if choice:
    st.dataframe(
        tables.project_detail(shown.loc[choice], lang), hide_index=True, width="stretch", key="projects_detail_table"
    )
