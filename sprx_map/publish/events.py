"""The published site's learning events: their page, in date order under each place, and a board's events on its
profile; each event with its own iCalendar file beside the page.

A site is made from the store alone, so the same store gives the same files: the events are listed by their day
and each says its status (planned, held, cancelled), rather than split at the day the site was built.
"""

from __future__ import annotations

from sprx_map import events as learning
from sprx_map.i18n import t
from sprx_map.publish import files
from sprx_map.publish.pages import common
from sprx_map.publish.round import Round


def event_items(r: Round, lang: str, events, to) -> list[dict]:
    """What the site shows of each event: its title, when and where, status, description, presenters, link and
    the link to its calendar file (``to`` makes a link from the page)."""
    names = r.geo.area_names("health_board", lang).to_dict()
    return [
        {
            "title": e.title(lang),
            "when": learning.when(e, lang),
            "where": learning.where(e, names, lang),
            "status": learning.status_text(e, lang),
            "description": e.description(lang),
            "presenters": t("events.presenting", lang, projects=", ".join(e.presenters)) if e.presenters else "",
            "url": e.url,
            "ics": to(r.paths.event_file(lang, e)),
        }
        for e in learning.in_order(events)
    ]


def events_page(r: Round, lang: str) -> dict:
    """The events page: every event the store keeps, under each place (boards, all Wales, online)."""
    page = r.paths.events(lang)
    context = common(r, lang, page, t("page.events", lang), r.paths.events)
    names = r.geo.area_names("health_board", lang).to_dict()
    context["places"] = [
        (place, event_items(r, lang, found, context["to"])) for place, found in learning.by_place(r.events, names, lang)
    ]
    return context


def event_files(r: Round, lang: str) -> list[files.File]:
    """Each event's iCalendar file in ``lang``."""
    names = r.geo.area_names("health_board", lang).to_dict()
    return [
        files.File(r.paths.event_file(lang, e), learning.calendar([e], lang, names), "ics")
        for e in learning.in_order(r.events)
    ]
