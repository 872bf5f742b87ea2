"""Learning events: upcoming ones first, then past ones, by board; each with its own calendar file."""

import streamlit as st

from sprx_map import ui
from sprx_map.i18n import t

ctx = ui.context()
lang = ctx.lang

st.title(t("page.events", lang))
st.write(t("events.intro", lang))
ui.events_page(lang)
st.subheader(t("events.admin_heading", lang))
ui.event_admin(lang)
