"""Learning events on the pages: the Events page's lists and its form for administrators, a board's events on its
profile, and the events on the map. Every text from the store is shown as text (escaped for Markdown)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from sprx_map import events as learning
from sprx_map.i18n import t
from sprx_map.messages import markdown_escaped as md
from sprx_map.ui import permissions
from sprx_map.ui.loaders import geography, store_changed, store_engine, store_revision

RESULT = "events_result"  # (kind, message) said after the form's callback


def kept_events() -> list[learning.Event]:
    """The events the store keeps now (not those removed), read once per store revision."""
    return _kept(store_revision())


@st.cache_data(show_spinner=False, max_entries=2)
def _kept(revision: tuple[int, str]) -> list[learning.Event]:
    from sprx_map import store

    return store.events(store_engine())


def _board_names(lang: str) -> dict[str, str]:
    return geography().area_names("health_board", lang).to_dict()


def event_list(events: list[learning.Event], lang: str, key: str) -> None:
    """Each event: its title, when and where, its status, description, presenters and link, and its own
    ``.ics`` file with a word on adding it to a calendar."""
    names = _board_names(lang)
    for event in events:
        with st.container(border=True):
            st.markdown(f"**{md(event.title(lang))}**")
            status = learning.status_text(event, lang)
            st.caption(md(f"{learning.when(event, lang)} · {learning.where(event, names, lang)} · {status}"))
            if event.description(lang):
                st.markdown(md(event.description(lang)))
            if event.presenters:
                st.caption(t("events.presenting", lang, projects=md(", ".join(event.presenters))))
            left, right = st.columns(2)
            if event.url:
                left.link_button(t("events.link", lang), event.url, icon=":material/open_in_new:")
            right.download_button(
                t("events.download", lang),
                lambda event=event: learning.calendar([event], lang, names),
                file_name=learning.file_name(event),
                mime="text/calendar",
                on_click="ignore",
                icon=":material/event:",
                key=f"{key}_ics_{event.id}",
            )
            right.caption(t("events.add_to_calendar", lang))


def events_by_place(events: list[learning.Event], lang: str, key: str) -> None:
    """``events`` under a heading for each place (boards in order, then all Wales, then online)."""
    for place, found in learning.by_place(events, _board_names(lang), lang):
        st.markdown(f"#### {md(place)}")
        event_list(found, lang, f"{key}_{found[0].board}")


def events_page(lang: str, today: dt.date | None = None) -> None:
    """Upcoming events, soonest first, then past ones, latest first; each by place."""
    upcoming, past = learning.ordered(kept_events(), today or learning.today())
    st.subheader(t("events.upcoming", lang))
    if upcoming:
        events_by_place(upcoming, lang, "events_upcoming")
    else:
        st.info(t("events.none_upcoming", lang))
    st.subheader(t("events.past", lang))
    if past:
        events_by_place(past, lang, "events_past")
    else:
        st.caption(t("events.none_past", lang))


def board_events(board: str, lang: str, today: dt.date | None = None) -> None:
    """A board's events on its profile: upcoming first, then past."""
    upcoming, past = learning.ordered([e for e in kept_events() if e.board == board], today or learning.today())
    st.subheader(t("events.board_heading", lang))
    if not upcoming and not past:
        st.caption(t("events.board_none", lang))
    event_list(upcoming + past, lang, "profile_events")


def map_events(boards: list[str], today: dt.date | None = None) -> tuple[learning.Event, ...]:
    """The upcoming events at the venues of ``boards`` (those in view), for the map to mark (its ``events``)."""
    upcoming = learning.ordered(kept_events(), today or learning.today())[0]
    return tuple(e for e in upcoming if e.board in boards)


def event_admin(lang: str) -> None:
    """For administrators signed in: forms to add an event, mark one held or cancelled, and remove one. Others
    see none of them (the store refuses them all the same)."""
    shown = st.session_state.pop(RESULT, None)
    if shown:
        (st.success if shown[0] == "ok" else st.error)(shown[1])
    if permissions.may("event") is None:
        st.caption(t("events.admin_only", lang))
        return
    names = _board_names(lang)
    places = learning.places(names, lang)
    with st.expander(t("events.add_heading", lang)), st.form("events_add", clear_on_submit=True):
        st.text_input(t("events.field.title_en", lang), key="events_title_en", max_chars=200)
        st.text_input(t("events.field.title_cy", lang), key="events_title_cy", max_chars=200)
        st.date_input(t("events.field.day", lang), key="events_day", format="YYYY-MM-DD")
        left, right = st.columns(2)
        left.text_input(t("events.field.start", lang), key="events_start", placeholder="10:00")
        right.text_input(t("events.field.end", lang), key="events_end", placeholder="12:30")
        st.selectbox(t("events.field.place", lang), list(places), key="events_board", format_func=places.get)
        st.text_input(t("events.field.venue", lang), key="events_venue", max_chars=200)
        st.text_input(t("events.field.url", lang), key="events_url", placeholder="https://")
        st.text_area(t("events.field.description_en", lang), key="events_description_en")
        st.text_area(t("events.field.description_cy", lang), key="events_description_cy")
        st.text_input(t("events.field.projects", lang), key="events_projects")
        st.form_submit_button(t("events.add", lang), on_click=_add, args=(lang,))
    kept = kept_events()
    if kept:
        labels = {e.id: f"#{e.id} {e.title(lang)} ({learning.when(e, lang)})" for e in kept}
        with st.expander(t("events.status_heading", lang)), st.form("events_status"):
            st.selectbox(t("events.field.which", lang), list(labels), key="events_status_which", format_func=labels.get)
            st.selectbox(
                t("events.field.status", lang), learning.STATUSES, key="events_status",
                format_func=lambda s: t(f"events.status.{s}", lang),
            )  # fmt: skip
            st.form_submit_button(t("events.set_status", lang), on_click=_set_status, args=(lang,))
        with st.expander(t("events.remove_heading", lang)), st.form("events_remove"):
            st.selectbox(t("events.field.which", lang), list(labels), key="events_which", format_func=labels.get)
            st.form_submit_button(t("events.remove", lang), on_click=_remove, args=(lang,))


def _allowed_now(lang: str) -> str | None:
    """The administrator clicking, as they stand now; None (and said) when no longer allowed."""
    who = permissions.may("event")
    if who is None:
        st.session_state[RESULT] = ("error", t("signin.not_allowed_now", lang))
    return who


def _add(lang: str) -> None:
    from sprx_map import store

    state, who = st.session_state, _allowed_now(lang)
    if who is None:  # no longer allowed since the page was drawn
        return
    try:
        draft = learning.Event(
            id=0,
            title_en=state.get("events_title_en") or "",
            title_cy=state.get("events_title_cy") or "",
            day=state.get("events_day") or learning.today(),
            start=store.checked_time(state.get("events_start")),
            end=store.checked_time(state.get("events_end")),
            venue=state.get("events_venue") or "",
            board=state.get("events_board") or learning.ALL_WALES,
            url=state.get("events_url") or "",
            description_en=state.get("events_description_en") or "",
            description_cy=state.get("events_description_cy") or "",
            presenters=tuple((state.get("events_projects") or "").split(";")),
        )
        kept = store.add_event(store_engine(), draft, who)
    except store.StoreError as refused:
        state[RESULT] = ("error", refused.message(lang, md))
        return
    store_changed()
    state[RESULT] = ("ok", t("events.added", lang, title=md(kept.title(lang))))


def _remove(lang: str) -> None:
    from sprx_map import store

    event_id = int(st.session_state["events_which"])
    _change(lang, "events.removed", lambda engine, who: store.remove_event(engine, event_id, who))


def _set_status(lang: str) -> None:
    from sprx_map import store

    state = st.session_state
    event_id, status = int(state["events_status_which"]), state["events_status"]
    _change(lang, "events.status_set", lambda engine, who: store.set_event_status(engine, event_id, status, who),
            status=t(f"events.status.{status}", lang))  # fmt: skip


def _change(lang: str, done: str, change, **values) -> None:
    """Make ``change(engine, who)`` as the administrator clicking, if still allowed; say what came of it."""
    from sprx_map import store

    who = _allowed_now(lang)
    if who is None:
        return
    try:
        change(store_engine(), who)
    except store.StoreError as refused:
        st.session_state[RESULT] = ("error", refused.message(lang, md))
        return
    store_changed()
    st.session_state[RESULT] = ("ok", t(done, lang, **values))
