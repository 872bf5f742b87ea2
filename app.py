"""Entry point: page config, language, shared state from the URL, and routing only."""

import streamlit as st

from sprx_map import ui
from sprx_map.i18n import t

geo, data = ui.geography(), ui.dataset()
ui.init_state(geo, data)
lang = ui.language()
st.set_page_config(page_title=t("app.title", lang), page_icon=str(ui.FAVICON), layout="wide")
if ui.presenting():  # ?present=1: the slides alone, no navigation or filters
    st.navigation([st.Page("pages/present.py", title=t("page.present", lang), default=True)], position="hidden").run()
else:
    pages = [
        st.Page("pages/overview.py", title=t("page.overview", lang), icon=":material/dashboard:", default=True),
        st.Page("pages/map.py", title=t("page.map", lang), icon=":material/map:", url_path="map"),
        st.Page("pages/projects.py", title=t("page.projects", lang), icon=":material/table:", url_path="projects"),
        st.Page("pages/charts.py", title=t("page.charts", lang), icon=":material/bar_chart:", url_path="charts"),
        st.Page("pages/gaps.py", title=t("page.gaps", lang), icon=":material/location_searching:", url_path="gaps"),
        st.Page("pages/profile.py", title=t("page.profile", lang), icon=":material/location_on:", url_path="profile"),
        st.Page("pages/change.py", title=t("page.change", lang), icon=":material/compare_arrows:", url_path="change"),
        st.Page("pages/about.py", title=t("page.about", lang), icon=":material/info:", url_path="about"),
        st.Page("pages/intake.py", title=t("page.intake", lang), icon=":material/upload_file:", url_path="intake"),
    ]
    st.navigation(pages).run()
    # Drawn after the page, so its content appears first; the page has already read
    # the filters' values from session state.
    ui.sidebar_filters(geo, data)
