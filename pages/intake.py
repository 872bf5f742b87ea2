"""Data intake: check returns, see what to fix, import the accepted rows, see the history."""

import streamlit as st

from sprx_map import intake, ui
from sprx_map.i18n import t

ctx = ui.context()
lang = ctx.lang

st.title(t("intake.title", lang))
st.write(t("intake.intro", lang))
person = ui.sign_in_form(lang)
ui.template_download(lang)
files = st.file_uploader(
    t("intake.upload", lang), type=["xlsx", "xlsm", "csv"], accept_multiple_files=True, key="intake_files"
)
uploads = ui.read_uploads(files or [])
for upload in uploads:
    if upload.error:
        st.error(t("intake.unreadable", lang, reason=upload.error.message(lang, ui.md)))
readable = [u for u in uploads if u.report]
who = person if person.may("import") else None
if readable:
    st.subheader(t("intake.columns", lang))
    for upload in readable:
        ui.column_step(upload, lang, who, ui.import_round(ctx))
    st.subheader(t("intake.summary", lang))
    ui.static_table(intake.summary_table(readable, lang), lang)
    with st.expander(t("intake.completeness", lang)):
        st.caption(t("intake.completeness_help", lang))
        ui.static_table(intake.completeness_table(readable, lang), lang)
    st.subheader(t("intake.findings", lang))
    shown = st.pills(
        t("intake.show", lang),
        ["error", "warning", "info"],
        selection_mode="multi",
        default=["error", "warning", "info"],
        format_func=lambda s: t(f"severity.{s}", lang),
        key="intake_severity",
    )
    table = intake.findings_table(readable, shown or [], lang)
    if table.empty:
        st.success(t("intake.no_findings", lang))
    else:
        st.dataframe(table, hide_index=True, width="stretch")
    ui.findings_downloads(readable, lang)
    st.subheader(t("intake.import", lang))
    ui.import_form(readable, ctx, lang)
ui.round_collection(lang, who)
ui.round_tracker(lang, who)
ui.history_table(lang)
ui.saved_mappings(lang, who)
ui.geography_in_use(lang)
