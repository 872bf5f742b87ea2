"""About and data: what social prescribing is, the sources, the definitions."""

import streamlit as st

from sprx_map import metrics, ui
from sprx_map.i18n import t

ctx = ui.context()
lang = ctx.lang

st.title(t("page.about", lang))
ui.round_notice(ctx)
threshold = metrics.suppression_threshold()
SECTIONS = ("what", "data", "measures", "pathway", "apportioning", "disclosure", "intervals", "small_areas", "funnel",
            "fifths", "references", "clusters", "template", "sources")  # fmt: skip
for section in SECTIONS:
    st.header(t(f"about.{section}.title", lang))
    params = {"threshold": threshold, "below": threshold - 1} if section == "disclosure" else {}
    st.markdown(t(f"about.{section}.body", lang, **params))
    if section == "template":
        ui.template_download(lang)
