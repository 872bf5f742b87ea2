"""What the area profile alone draws: the locator map, the change since the round before, the file."""

from __future__ import annotations

import streamlit as st

from sprx_map import tables, templates
from sprx_map.i18n import t
from sprx_map.ui.state import Context
from sprx_map.ui.widgets import file_notes, file_stem, folium_map, static_table


def profile_locator(view, level: str, code: str, lang: str):
    """A small map of Wales with the profile's area outlined (the view's, kept); returns how to build it again
    (for the file)."""
    st.subheader(t("profile.locator", lang))
    folium_map(view.locator_map(level, code, lang), key="profile_map", height=380)
    if level == "cluster":
        st.caption(t("app.indicative_clusters", lang))
    return view.locator_build(level, code, lang)


def profile_change(ctx: Context, level: str, code: str, lang: str):
    """The area's change since the round before, when there is one; the table shown (or None)."""
    from sprx_map import change
    from sprx_map.profiles import board_of

    before = ctx.view.before
    board = board_of(ctx.geo, level, code)
    if before is None or not change.compared_boards(ctx.returns, ctx.data.returns_of(before), [board])[0]:
        return None  # no round before, or the board has no return in one of the two: nothing to compare
    moved = ctx.view.wales_change(level)
    frame = tables.change_frame(moved.loc[[code]], ctx.geo, level, lang, before, ctx.filters.round)
    st.subheader(t("profile.change", lang, before=before))
    static_table(frame, lang)
    return frame


def profile_download(
    ctx: Context, code: str, name: str, figures, lacking, projects, moved, locator, lang: str, more=()
) -> None:
    """The profile as one HTML file that opens offline, and a note on printing; ``more`` are further
    (heading, table) sections, after the headline figures."""
    from sprx_map import maps, profiles

    notes = file_notes(ctx.filters, ctx.geo, ctx.data, lang)
    headings = {key: tables.column_label(key, lang) for key in projects.columns}
    sections = [
        (t("profile.figures", lang), figures),
        *more,
        (
            t("profile.lacking", lang),
            t("profile.no_return", lang) if lacking is None else lacking or t("profile.lacking_none", lang),
        ),
        (t("profile.projects", lang, count=len(projects)), tables.on_screen(projects).rename(columns=headings)),
    ]
    if moved is not None:
        sections.append((t("page.change", lang), moved))
    st.download_button(
        t("profile.download", lang),
        lambda: profiles.profile_html(
            name, notes, sections, maps.standalone_html(locator(), name, [], lang), lang
        ).encode("utf-8"),
        file_name=f"{file_stem('profile-' + code.lower(), ctx.filters, lang)}.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/download:",
    )
    st.caption(t("profile.print", lang))
    st.html(templates.render("app/profile_print.html"))
