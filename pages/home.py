"""Home: the national picture from the loaded returns."""

import streamlit as st

from sprx_map import metrics, ui
from sprx_map.i18n import t

lang = ui.language()
geo, data = ui.geography(), ui.dataset()

st.title(t("app.title", lang))
ui.illustrative_notice(data, lang)
st.write(t("app.tagline", lang))

h = metrics.headline(data.projects, data.shares, geo)
ui.metric_row(
    [
        (t("measure.projects_current", lang), f"{h['projects_current']:,}"),
        (t("measure.projects_planned", lang), f"{h['projects_planned']:,}"),
        (t("measure.link_worker_fte", lang), f"{h['link_worker_fte']:,.1f}"),
        (t("measure.referrals", lang), f"{h['referrals']:,}"),
        (t("measure.clusters_covered", lang), f"{h['clusters_covered']} / {h['clusters_total']}"),
    ]
)
st.info(t("app.coming_next", lang))
st.caption(t("app.attribution", lang))
