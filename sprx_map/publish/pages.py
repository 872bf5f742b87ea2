"""The index and the methods page of a published round, as what their templates need.

Each figure comes from the builder the dashboard's own page uses (the Overview,
the Map, Coverage gaps, About), for the same round with no filter chosen.
"""

from __future__ import annotations

import pandas as pd

from sprx_map import about, export, filters, gaps, measures, metrics, palette, rounds, schema, tables
from sprx_map.geo.geography import LEVELS
from sprx_map.geo.manifest import read_manifest
from sprx_map.i18n import format_number, t
from sprx_map.publish import drawings, page_content
from sprx_map.publish.round import Round, alternates

# The About page's sections that hold for a published round (not the template download).
METHOD_SECTIONS = (
    "what",
    "data",
    "measures",
    "pathway",
    "apportioning",
    "disclosure",
    "intervals",
    "funnel",
    "clusters",
)
BOARD_COLUMNS = (*measures.AREA, "clusters_total", *measures.REPORTING)  # as the Overview's table by board


def common(r: Round, lang: str, page: str, title: str, alternate) -> dict:
    """What every page has: its language and the other, its links, its title, the round's notice."""

    def to(target: str) -> str:
        return r.paths.relative(page, target)

    other = "cy" if lang == "en" else "en"
    return {
        "t": lambda key, **params: t(key, lang, **params),
        "lang": lang,
        "other": other,
        "other_name": t("language.name", other),
        "page": page,
        "to": to,
        "title": title,
        "alternates": {code: r.alternate(page, path) for code, path in alternates(alternate).items()},
        "other_href": to(alternate(other)),  # the link to the other language: relative, wherever the site is
        "home": to(r.paths.index(lang)),
        "methods": to(r.paths.methods(lang)),
        "events_link": to(r.paths.events(lang)) if r.events else None,  # no events kept: no page, no link
        "notice": page_content.notice(r, lang),
        "round": r.label,
        "attribution": read_manifest().attribution_in(lang),  # the embedded geography's words
    }


def index_page(r: Round, lang: str) -> dict:
    """Wales: headline figures, the table and charts by board, a map per level, the clusters with no
    current project, and who has returned."""
    page = r.paths.index(lang)
    context = common(r, lang, page, t("app.title", lang), r.paths.index)
    to = context["to"]
    geo = r.geo
    h = r.wales  # metrics.headline of the round
    boards = tables.area_frame(r.tables["health_board"], geo, "health_board", lang, BOARD_COLUMNS)
    board_links = [to(r.paths.profile(lang, "health_board", code)) for code in boards.index]
    context |= {
        "figures": page_content.headline_figures(h, lang),
        "scope": filters.scope(geo, r.counted, h["registered_population"], lang),
        "boards": page_content.table_view(
            tables.formatted(boards, lang),
            t("overview.by_board", lang),
            lang,
            board_links,
            files=area_files(r, lang, "health_board", to),
            key="boards-table",
        ),
        "boards_note": page_content.withheld_note(r.tables["health_board"], lang, also=h[metrics.SUPPRESSED]),
        "board_charts": [
            _board_chart(boards, measure, lang, board_links) for measure in ("link_worker_fte", "referrals")
        ],
        "maps": [_level_map(r, lang, level, to) for level in LEVELS],
        "without": _without(r, lang, to),
        "categories": _categories(r, lang, to),
        "returns": _returns(r, lang, to),
        "projects_files": files_of(r.paths.data, lang, "projects-wales", to, t("chart.projects", lang)),
        "package": to(r.paths.package(lang)),
        "returns_count": len(r.returns.returned) if r.returns is not None else 0,
        "slides": to(r.paths.slide(lang, None)),
    }
    return context


def _board_chart(boards, measure: str, lang: str, links: list[str]) -> drawings.ChartView:
    """Link-worker FTE or referrals by board, as the Charts page draws them: no bar, and why, for a board with
    no return."""
    hidden = boards[metrics.SUPPRESSED].fillna("")
    absent = boards[metrics.NO_RETURN].fillna(False)
    texts = [
        t("table.no_return", lang) if gone else measures.format_measure(v, measure, lang, s)
        for v, s, gone in zip(boards[measure], hidden, absent, strict=True)
    ]
    values = [None if gone or s else v for v, s, gone in zip(boards[measure], hidden, absent, strict=True)]
    title = t(f"measure.{measure}", lang)
    colour = palette.PRIMARY if measure == "link_worker_fte" else palette.SECONDARY
    return drawings.bar_chart(f"board-{measure}", title, list(boards["name"]), values, texts, links, colour)


def _level_map(r: Round, lang: str, level: str, to) -> dict:
    """The index's map of one level, the numbers on it as a table, and its files."""
    table = r.tables[level]
    level_name = t(f"level.{level}", lang).lower()
    label = t("publish.map_title", lang, measure=t(f"measure.{r.measure}", lang), level=level_name)
    view = drawings.choropleth(
        r.outlines,
        r.layer(level, r.measure, lang),
        lang,
        key=f"map-{level}",
        title=label,
        href=lambda code: to(r.paths.profile(lang, level, code)),
    )
    frame = tables.area_frame(table, r.geo, level, lang, measures.at_level(level))
    links = [to(r.paths.profile(lang, level, code)) for code in frame.index]
    numbers = page_content.table_view(
        tables.formatted(frame, lang),
        t("publish.map_numbers", lang, level=level_name),
        lang,
        links,
        files=area_files(r, lang, level, to),
        key=f"numbers-{level}",
    )
    return {
        "level": level,
        "heading": t(f"level.{level}", lang),
        "view": view,
        "numbers": numbers,
        "note": page_content.withheld_note(table, lang),
    }


def area_files(r: Round, lang: str, level: str, to) -> list[tuple[str, str]]:
    """The files of the measures of every area of ``level``, with their comparisons: CSV, Excel, GeoJSON."""
    return files_of(r.paths.data, lang, f"areas-{level}", to, t(f"level.{level}", lang), geojson=True)


def files_of(where, lang: str, what: str, to, label: str, geojson: bool = False) -> list[tuple[str, str]]:
    """(label, link) of the files of one download: CSV, Excel and, for areas, GeoJSON; ``where(lang, what, kind)``
    is where each lives."""
    kinds = ("csv", "xlsx", "geojson") if geojson else ("csv", "xlsx")
    return [(t(f"publish.format.{kind}", lang, what=label), to(where(lang, what, kind))) for kind in kinds]


def _without(r: Round, lang: str, to) -> dict:
    """The clusters with no current project, in the order Coverage gaps ranks them (clusters of boards with
    no return are not among them: nothing is known of their projects)."""
    ranked = gaps.ranking(gaps.level_tables(r.projects, r.shares, r.geo, r.counted), r.geo)
    without = ranked.index[ranked["no_current"]]
    names = r.geo.area_names("cluster", lang)
    return {
        "heading": t("gaps.no_current", lang, count=len(without)),
        "clusters": [page_content.Cell(str(names[c]), to(r.paths.profile(lang, "cluster", c))) for c in without],
        "none": t("gaps.none_without", lang),
    }


def _categories(r: Round, lang: str, to) -> dict:
    """Projects by activity category, most first, as the Charts page counts them."""
    title = t("chart.by_category", lang)
    files = files_of(r.paths.data, lang, "projects-wales", to, t("chart.projects", lang))
    return category_chart(r.projects, lang, "categories", title, t("chart.projects", lang), True, files)


def category_chart(projects, lang: str, key: str, title: str, counted: str, most_first: bool = False, files=()) -> dict:
    """Projects per activity category (:func:`sprx_map.gaps.category_counts`) as a bar chart and, with the
    same numbers, a table whose counts are headed ``counted``; ``files`` are those of the projects counted."""
    labels = schema.labels(schema.ACTIVITY_CATEGORIES, lang)
    counts = gaps.category_counts(projects)
    if most_first:
        counts = counts.sort_values(ascending=False, kind="stable")
    names = [labels[k] for k in counts.index]
    texts = [format_number(int(v), 0, lang) for v in counts]
    chart = drawings.bar_chart(key, title, names, list(counts), texts)
    frame = pd.DataFrame({t("filter.category", lang): names, counted: texts})
    return {"chart": chart, "table": page_content.table_view(frame, title, lang, files=files, key=f"{key}-table")}


def _returns(r: Round, lang: str, to) -> page_content.TableView | None:
    """Each board's state in the round: returned (when), withdrawn (when), or not returned."""
    if r.returns is None:
        return None
    names = r.geo.area_names("health_board", lang)
    rows, links = [], []
    for b in r.returns.boards:
        moment = b.withdrawn_at if b.state == rounds.WITHDRAWN else b.submitted_at
        rows.append(
            {
                t("level.health_board", lang): str(names[b.code]),
                t("publish.state", lang): f"{rounds.mark(b.state)} {t(f'round.state.{b.state}', lang)}",
                t("publish.when", lang): rounds.when(moment, lang) if moment is not None else "–",
            }
        )
        links.append(to(r.paths.profile(lang, "health_board", b.code)))
    caption = t("publish.returns_caption", lang, round=r.label, made_of=rounds.made_of(r.returns, lang))
    return page_content.table_view(pd.DataFrame(rows), caption, lang, links, key="returns-table")


def methods_page(r: Round, lang: str) -> dict:
    """Definitions and methods: the About page's sections, the shorthand and definitions of the files' Notes."""
    page = r.paths.methods(lang)
    context = common(r, lang, page, t("publish.methods", lang), r.paths.methods)
    threshold = metrics.suppression_threshold()
    sections = [
        (t(f"about.{section}.title", lang), page_content.markdown(about.body(section, r.geo, lang, threshold)))
        for section in METHOD_SECTIONS
    ]
    sections.append(
        (
            t("publish.about.title", lang),
            page_content.markdown(t("publish.about.body", lang, round=r.label, threshold=threshold)),
        )
    )
    notes = export.notes_for(measures.COLUMNS, lang)
    frame = pd.DataFrame(notes, columns=[t("export.note_term", lang), t("export.note_meaning", lang)])
    context |= {
        "sections": sections,
        "notes": page_content.table_view(frame, t("export.notes_title", lang), lang, key="notes-table"),
    }
    return context
