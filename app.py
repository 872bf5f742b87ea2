"""Entry point: page config, language, shared state from the URL, and routing only."""

import streamlit as st

from sprx_map import ui
from sprx_map.i18n import t

with ui.errors.store_reached(ui.asked_language()):  # a store out of reach is said in words, not raised
    geo, data = ui.geography(), ui.dataset()
ui.init_state(geo, data)
lang = ui.language()
st.set_page_config(page_title=t("app.title", lang), page_icon=ui.FAVICON_URL, layout="wide")
ui.run(ui.navigation(lang), geo, data)  # the page's context is built once, the sidebar drawn, then the page
