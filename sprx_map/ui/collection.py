"""The Data intake page's round being collected: days to its deadline, whom to chase (overdue boards marked in
words and with a mark), each board's pre-filled return and the reminders as one zip."""

from __future__ import annotations

import streamlit as st

from sprx_map.i18n import t
from sprx_map.messages import markdown_escaped as md
from sprx_map.ui.loaders import geography, store_engine, store_revision
from sprx_map.ui.widgets import XLSX_MIME, static_table

ROUND_KEY = "intake_collect_round"


@st.cache_data(show_spinner=False, max_entries=4)
def _opened(revision: tuple[int, str]) -> dict:
    from sprx_map import store

    return {label: d for label, d in store.round_dates(store_engine()).items() if d.deadline is not None}


@st.cache_data(show_spinner=False, max_entries=4)
def _returns(revision: tuple[int, str], label: str):
    from sprx_map import collection

    return collection.round_returns(store_engine(), geography(), label)


def _board_return(label: str, board: str) -> bytes:
    from sprx_map import prefill

    return prefill.attachment(store_engine(), geography(), board, label).data


def _reminders_zip(label: str) -> bytes:
    from sprx_map import collection

    geo, engine = geography(), store_engine()
    return collection.reminders_zip(
        collection.round_reminders(engine, geo, collection.round_returns(engine, geo, label)), label, geo
    )


def round_collection(lang: str, who: str | None) -> None:
    """The round chosen among those opened: its period and deadline, each board's state (overdue marked), a
    download of each board's pre-filled return and, for those allowed to import (``who``), of the reminders,
    which hold the boards' contacts. Files are made when asked for."""
    from sprx_map import collection, reminders, rounds

    st.subheader(t("collection.heading", lang))
    revision = store_revision()
    opened = _opened(revision)
    if not opened:
        st.info(t("collection.none_opened", lang))
        return
    label = st.selectbox(t("collection.round", lang), sorted(opened, reverse=True), key=ROUND_KEY)
    dates, today, geo = opened[label], collection.today(), geography()
    returns = _returns(revision, label)
    st.write(collection.dates_line(dates, today, lang))
    late = rounds.overdue_boards(returns, dates.deadline, today)
    if late:
        st.warning(t("collection.overdue_count", lang, count=len(late)), icon=collection.OVERDUE_MARK)
    static_table(collection.board_table(returns, geo, dates.deadline, today, lang), lang)
    names = geo.area_names("health_board", lang)
    with st.expander(t("collection.prefilled", lang)):
        st.caption(t("collection.prefilled_help", lang))
        for board in geo.boards.index:
            st.download_button(
                t("collection.download_board", lang, board=md(str(names[board]))),
                lambda board=board: _board_return(label, board),
                file_name=f"{reminders.slug(label)}-{reminders.slug(geo.boards.at[board, 'short_name'])}.xlsx",
                mime=XLSX_MIME,
                on_click="ignore",
                icon=":material/download:",
                key=f"intake_prefilled_{board}",
            )
    if returns.missing and who is None:
        st.caption(t("collection.reminders_locked", lang))
    elif returns.missing:
        st.download_button(
            t("collection.reminders", lang),
            lambda: _reminders_zip(label),
            file_name=f"{reminders.slug(label)}-reminders.zip",
            mime="application/zip",
            on_click="ignore",
            icon=":material/mail:",
            key="intake_reminders",
        )
    else:
        st.success(t("collection.reminders_none", lang))


def stamp_warnings(uploads, round_label: str, lang: str) -> None:
    """Say, before the import, which pre-filled returns the store would refuse for ``round_label``."""
    from sprx_map import intake

    for refused in intake.stamp_refusals(uploads, round_label):
        st.warning(t("collection.refused", lang, round=md(round_label), reason=refused.text(lang, md)))
