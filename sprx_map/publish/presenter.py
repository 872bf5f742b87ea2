"""The presenter view as static pages: a slide for Wales and one per health board, in each language.

A slide shows what the app's presenter view (``pages/present.py``) shows of the round with no filter chosen,
made by the same builders (:mod:`sprx_map.slides` over the round's :class:`~sprx_map.view.View`): its title,
the round's notice, the headline figures and how a board's compare with Wales, the map beside the table of
its areas, and a board's clusters with no current project. Previous and next are links; the arrow keys follow
them by a few lines of script (``templates/site/slide_keys.js``), which nothing else needs. A presenter can
hand a room a slide's address: a plain file serves any number of people.
"""

from __future__ import annotations

import dataclasses

from sprx_map import measures, slides, tables
from sprx_map.i18n import t
from sprx_map.publish import drawings, page_content
from sprx_map.publish.outlines import frame_around
from sprx_map.publish.pages import common
from sprx_map.publish.round import Round


def slide_page(r: Round, lang: str, slide: slides.Slide) -> dict:
    """Everything one slide shows, in ``lang``."""
    deck = slides.deck(r.geo)
    page = r.paths.slide(lang, slide.code)
    title = slides.title(slide, r.geo, lang)
    context = common(r, lang, page, title, lambda other: r.paths.slide(other, slide.code))
    to = context["to"]

    def slide_link(number: int) -> str | None:
        return to(r.paths.slide(lang, deck[number].code)) if 0 <= number < len(deck) else None

    table = slides.areas(slide, r.view)
    figures = slides.figures(slide, r.view, lang)
    notice = context["notice"]
    context |= {
        "notice": dataclasses.replace(notice, as_of=None),  # said in the slide's foot, where it takes no line
        "as_of": notice.as_of,
        "figures": [
            page_content.Figure(measure, label, value, (versus,) if versus else ())
            for measure, (label, value, versus) in zip(measures.HEADLINE, figures, strict=True)
        ],
        "map": _map(r, lang, slide, table, to),
        "numbers": _numbers(r, lang, slide, to),
        "numbers_note": page_content.withheld_note(table, lang),
        "without": _without(r, lang, table, to) if slide.code is not None else None,
        "previous": slide_link(slide.number - 1),
        "next": slide_link(slide.number + 1),
        "counter": t("present.counter", lang, number=slide.number + 1, total=len(deck)),
    }
    return context


def _map(r: Round, lang: str, slide: slides.Slide, table, to) -> drawings.MapView:
    """The slide's map as the live one draws it (:func:`sprx_map.slides.area_map`): the slide's areas coloured
    by :data:`sprx_map.slides.MEASURE` among themselves, framed on them; each links to its profile."""
    level = slide.level
    coloured = r.view.remember(
        ("slide layer", slide.code, lang), lambda: drawings.layer(r.geo, table, level, slides.MEASURE, lang)
    )
    frame = None
    if slide.code is not None:  # the board's clusters, with a little of their neighbours around them
        frame = frame_around(r.outlines.box_of(level, list(table.index)), r.outlines.extent, margin=0.04, least=200)
    measure, level_name = t(f"measure.{slides.MEASURE}", lang), t(f"level.{level}", lang).lower()
    label = t("publish.map_title", lang, measure=measure, level=level_name)
    return drawings.choropleth(
        r.outlines, coloured, lang, key="slide-map", title=label, frame=frame,
        href=lambda code: to(r.paths.profile(lang, level, code)),
    )  # fmt: skip


def _numbers(r: Round, lang: str, slide: slides.Slide, to) -> page_content.TableView:
    """The slide's table of areas (:func:`sprx_map.slides.area_frame`), each row linked to its profile."""
    frame = slides.area_frame(slide, r.view, lang)
    links = [to(r.paths.profile(lang, slide.level, code)) for code in frame.index]
    formatted = tables.formatted(frame, lang)
    return page_content.table_view(formatted, t("present.table", lang), lang, links, key="slide-numbers")


def _without(r: Round, lang: str, table, to) -> dict:
    """The board's clusters with no current project (:func:`sprx_map.slides.without_current`)."""
    without = slides.without_current(table)
    names = r.geo.area_names("cluster", lang)
    return {
        "heading": t("gaps.no_current", lang, count=len(without)),
        "clusters": [page_content.Cell(str(names[c]), to(r.paths.profile(lang, "cluster", c))) for c in without],
        "none": t("gaps.none_without", lang),
    }
