"""What the presenter view alone draws: the slide controls and the style for a projector."""

from __future__ import annotations

import streamlit as st

from sprx_map import templates
from sprx_map.i18n import t

# The presenter map's height in pixels: what leaves room at 1366 x 768 for the slide's title, notices, figures
# and controls; app/presenter_style.html enlarges it on a taller screen.
MAP_HEIGHT = 330


def _move(step: int, total: int) -> None:
    st.session_state["slide"] = max(0, min(st.session_state.get("slide", 0) + step, total - 1))


def slide_controls(number: int, total: int, lang: str) -> None:
    """Previous and next (also the left and right arrow keys), where we are, and the way out."""
    # One row that takes each control's own width, so no label is cut short in a narrow column or in Welsh.
    row = st.container(horizontal=True, vertical_alignment="center", gap="medium")
    row.button(
        t("present.previous", lang), on_click=_move, args=(-1, total), shortcut="Left",
        disabled=number == 0, icon=":material/arrow_back:", key="present_previous",
    )  # fmt: skip
    row.markdown(t("present.counter", lang, number=number + 1, total=total), width="content")
    row.button(
        t("present.next", lang), on_click=_move, args=(1, total), shortcut="Right",
        disabled=number == total - 1, icon=":material/arrow_forward:", key="present_next", type="primary",
    )  # fmt: skip
    row.link_button(t("present.exit", lang), "./" + ("?lang=cy" if lang == "cy" else ""), icon=":material/close:")
    st.caption(t("present.keys", lang))


def presenter_style() -> None:
    """Large type and no app chrome, for a projector."""
    st.html(templates.render("app/presenter_style.html"))
