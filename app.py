"""Entry point: page config, language and routing only."""

import streamlit as st

from sprx_map import PROJECT_DIR, ui
from sprx_map.i18n import t

lang = ui.language()
st.set_page_config(page_title=t("app.title", lang), page_icon=str(PROJECT_DIR / "static" / "favicon.png"), layout="wide")
page = st.navigation([st.Page("pages/home.py", title=t("page.home", lang), icon=":material/home:", default=True)])
page.run()
