"""About and data: what social prescribing is, the sources, the definitions."""

import streamlit as st

from sprx_map import about, ui
from sprx_map.i18n import t

ctx = ui.context()
lang = ctx.lang

st.title(t("page.about", lang))
ui.round_notice(ctx)
for section in about.SECTIONS:
    st.header(t(f"about.{section}.title", lang))
    st.markdown(about.body(section, ctx.geo, lang))
    if section == "template":
        ui.template_download(lang)
