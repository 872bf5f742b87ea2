"""Area profiles: one area against its board and Wales, its projects, gaps and change; printable."""

import streamlit as st

from sprx_map import profiles, tables, ui
from sprx_map.i18n import t

ctx = ui.context()
lang, geo = ctx.lang, ctx.geo

st.title(t("page.profile", lang))
ui.round_notice(ctx)
st.caption(t("profile.intro", lang))
left, right = st.columns([2, 3])
level = left.radio(
    t("profile.choose_level", lang), ui.MAP_LEVELS, key="profile_level", horizontal=True,
    format_func=lambda v: t(f"level.{v}", lang),
)  # fmt: skip
names = geo.area_names(level, lang)
if st.session_state.get("profile_area") not in names.index:
    st.session_state["profile_area"] = None
code = right.selectbox(
    t("profile.choose_area", lang), list(names.index), key="profile_area", format_func=lambda c: names[c],
    placeholder=t("profile.choose_hint", lang),
)  # fmt: skip
if code is None:
    st.info(t("profile.choose_hint", lang))
else:  # not st.stop(): app.py draws the sidebar after the page
    view = ctx.view
    st.header(names[code])
    figures = view.comparison(level, code, lang)
    ui.static_table(figures, lang)
    if ctx.returns is not None and not ctx.returns.complete:
        st.caption(t("round.wales_partial", lang, returned=len(ctx.returns.returned)))
    st.caption(t("profile.comparison_note", lang))
    ui.suppression_note(figures, lang)
    spine = ui.profile_spine(ctx, level, code)
    returned = code in view.wales_table(level).index
    lacking = view.lacking(level, code, lang) if returned else None
    st.subheader(t("profile.lacking", lang))
    st.markdown(t("profile.no_return", lang) if not returned else "; ".join(lacking) or t("profile.lacking_none", lang))

    locator = ui.profile_locator(view, level, code, lang)
    in_area = profiles.area_projects(ctx.data.projects, ctx.filters, geo, level, code)
    st.subheader(t("profile.projects", lang, count=len(in_area)))
    shown = tables.projects_frame(in_area, geo, lang)[
        ["project_name", "project_reference", "lead_organisation", "status", "link_worker_fte", "referrals_received"]
    ]
    st.dataframe(tables.on_screen(shown), hide_index=True, column_config=ui.project_columns(lang), width="stretch",
                     placeholder=t("table.not_reported", lang))  # fmt: skip

    if level == "health_board":
        ui.board_events(code, lang)

    moved = ui.profile_change(ctx, level, code, lang)
    trend = ui.profile_trends(ctx, level, code)
    more = [(t("profile.spine", lang), spine)] + (
        [(t("benchmarks.trend_title", lang), trend)] if trend is not None else []
    )
    ui.profile_download(ctx, code, names[code], figures, lacking, shown, moved, locator, lang, more)
