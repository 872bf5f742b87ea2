"""About and data: what social prescribing is, the sources, the definitions."""

import streamlit as st

from sprx_map import ui
from sprx_map.i18n import t

ctx = ui.page_context("about")
lang = ctx.lang

st.title(t("page.about", lang))
ui.illustrative_notice(ctx)
for section in ("what", "data", "measures", "apportioning", "clusters", "template", "sources"):
    st.header(t(f"about.{section}.title", lang))
    st.markdown(t(f"about.{section}.body", lang))
    if section == "template":
        ui.template_download(lang)
