"""One area's profile page, as the dashboard's Area profiles page builds it (``pages/profile.py``).

The figures beside its board's and Wales's, with the 95% limits, comparisons and
fifth, come from :func:`sprx_map.profiles.comparison_of`, the spine chart's
numbers from :func:`sprx_map.profiles.spine_of`, the kinds of support lacking
from :func:`sprx_map.profiles.lacking_in`, its projects from
:func:`sprx_map.profiles.area_projects`, its change from
:func:`sprx_map.change.change_table` and its trends from
:func:`sprx_map.trends.area_trends`, for the round with no filter chosen; the
tables these take are made once per round (:class:`~sprx_map.publish.round.Round`).
"""

from __future__ import annotations

import pandas as pd

from sprx_map import change, measures, metrics, profiles, tables
from sprx_map.compare import charts
from sprx_map.i18n import format_number, t
from sprx_map.publish import comparing, drawings, page_content
from sprx_map.publish.events import event_items
from sprx_map.publish.outlines import frame_around
from sprx_map.publish.pages import area_files, category_chart, common, files_of
from sprx_map.publish.round import Round

PROJECT_COLUMNS = ("project_name", "lead_organisation", "status", "link_worker_fte", "referrals_received")
PARENTS = {"cluster": ("local_authority", "health_board"), "local_authority": ("health_board",), "health_board": ()}
PARENT_KEYS = {"local_authority": "la_code", "health_board": "hb_code"}


def profile_page(r: Round, lang: str, level: str, code: str) -> dict:
    """Everything the profile of ``code`` (an area of ``level``) shows, in ``lang``."""
    geo = r.geo
    name = str(geo.area_names(level, lang)[code])
    page = r.paths.profile(lang, level, code)
    context = common(r, lang, page, name, lambda other: r.paths.profile(other, level, code))
    to = context["to"]
    area, board = _area_and_board(r, level, code)
    figures = comparison(r, level, code, lang, area, board)
    returned = code in r.counting[level].index
    lacking = profiles.lacking_in(r.matrix.loc[profiles.clusters_of(geo, level, code)], lang) if returned else None
    in_area, shown = r.area_projects(lang, level, code)
    marks = {measures.suppressed_mark("primary", lang), measures.suppressed_mark("secondary", lang)}
    context |= {
        "level": level,
        "code": code,
        "name": name,
        "level_name": t(f"level.{level}", lang).lower(),
        "parents": _parents(r, lang, level, code, to),
        "figures": page_content.table_view(
            figures, t("profile.figures", lang), lang, files=area_files(r, lang, level, to), key="figures-table"
        ),
        "headline": _headline(figures, lang, level),
        "wales_partial": t("round.wales_partial", lang, returned=len(r.returns.returned))
        if r.returns is not None and not r.returns.complete
        else None,
        "figures_note": page_content.withheld_note(figures, lang, also=_any_mark(figures, marks)),
        "returned": returned,
        "lacking": lacking,
        "kinds": _kinds(r, in_area, lang, level, code, to) if returned else None,
        "locator": _locator(r, lang, level, code, name, to),
        "projects": _projects(r, lang, level, code, shown, to),
        "change": _change(r, lang, level, code),
        "within": _within(r, lang, level, code, to),
        "spine": _spine(r, lang, level, code, area, board, to),
        "trend": _trend(r, lang, level, code, to),
        "board_events": _board_events(r, lang, level, code, to),
        "slide": to(r.paths.slide(lang, code)) if level == "health_board" else None,
    }
    return context


def _board_events(r: Round, lang: str, level: str, code: str, to) -> list[dict] | None:
    """A board's events (none at all kept: nothing said, so a site with no events is as it was)."""
    if level != "health_board" or not r.events:
        return None
    return event_items(r, lang, [e for e in r.events if e.board == code], to)


def _area_and_board(r: Round, level: str, code: str) -> tuple[dict, dict]:
    """The area's and its board's figures (:func:`sprx_map.metrics.area_figures`), from the round's tables."""
    area = metrics.figures_in(r.counting[level], code)
    board = metrics.figures_in(r.counting["health_board"], profiles.board_of(r.geo, level, code))
    return area, board


def comparison(r: Round, level: str, code: str, lang: str, area: dict, board: dict) -> pd.DataFrame:
    """:func:`sprx_map.profiles.comparison` of the area, from the round's tables (made once for every profile)."""
    row = r.compared[level].loc[code] if code in r.compared[level].index else None
    return profiles.comparison_of(row, area, board, r.wales, level, lang)


def _spine(r: Round, lang: str, level: str, code: str, area: dict, board: dict, to) -> dict:
    """The area among every area of its level in Wales (:func:`sprx_map.profiles.spine`): the chart and its table."""
    spines, shown = profiles.spine_of(r.counting[level], code, area, board, r.wales, level, lang, r.spread(level))
    frame = charts.spine_frame(spines, shown, lang)
    caption = t("profile.spine", lang)
    return {
        "view": comparing.spine_view(spines, level, lang),
        "table": page_content.table_view(frame, caption, lang, files=area_files(r, lang, level, to), key="spine-table"),
        "note": t("profile.spine_note", lang),
    }


def _trend(r: Round, lang: str, level: str, code: str, to) -> dict | None:
    """With three rounds or more of this kind, the area's measures round by round: small charts and their table
    (as the profile's trends), and the file of every round's measures of every area of the level."""
    found = r.trend_of(level, code)
    if found is None:
        return None
    labels = r.trend_rounds()
    heading = t("profile.trends", lang, first=labels[0], last=labels[-1])
    frame = charts.trend_frame(found, lang)
    files = files_of(r.paths.data, lang, f"rounds-{level}", to, t(f"level.{level}", lang))
    return {
        "heading": heading,
        "view": comparing.trend_view(found, lang),
        "table": page_content.table_view(frame, heading, lang, files=files, key="trend-table"),
        "note": t("profile.trends_note", lang),
    }


def _any_mark(frame: pd.DataFrame, marks: set[str]) -> str:
    return "marked" if any(v in marks for column in frame.columns for v in frame[column]) else ""


def _headline(figures: pd.DataFrame, lang: str, level: str) -> list[page_content.Figure]:
    """The area's own figures from the comparison (the same text as its table's "This area" column), each rate
    with what the table says of it: the 95% interval and how it compares, or its fifth."""
    column = {
        key: t(f"profile.{key}", lang) for key in ("measure", "area", "interval", "vs_board", "vs_wales", "fifth")
    }
    out = []
    for measure, (_, row) in zip(measures.PROFILE, figures.iterrows(), strict=True):
        said = [
            t("publish.said", lang, what=column[key], value=row[column[key]])
            for key in ("interval", "vs_wales", "vs_board", "fifth")
            if column[key] in row and row[column[key]]
        ]
        out.append(page_content.Figure(measure, row[column["measure"]], row[column["area"]], tuple(said)))
    return out


def _parents(r: Round, lang: str, level: str, code: str, to) -> list[page_content.Cell]:
    """The areas this one lies in, widest last, as links to their profiles."""
    out = []
    for parent in PARENTS[level]:
        key = PARENT_KEYS[parent]
        parent_code = str(r.geo.layer(level).at[code, key])
        name = str(r.geo.area_names(parent, lang)[parent_code])
        out.append(
            page_content.Cell(f"{t(f'level.{parent}', lang)}: {name}", to(r.paths.profile(lang, parent, parent_code)))
        )
    return out


def _kinds(r: Round, in_area: pd.DataFrame, lang: str, level: str, code: str, to) -> dict:
    """Current projects serving the area by kind of support, zeros included (the kinds it lacks), beside the
    files of its projects."""
    current = in_area[in_area["status"] == "current"]
    files = _projects_files(r, lang, level, code, to)
    return category_chart(current, lang, "kinds", t("publish.kinds", lang), t("measure.projects_current", lang),
                          files=files)  # fmt: skip


def _projects_files(r: Round, lang: str, level: str, code: str, to) -> list[tuple[str, str]]:
    return files_of(
        lambda lg, _, kind: r.paths.area_projects(lg, level, code, kind), lang, "", to, t("chart.projects", lang)
    )


def _locator(r: Round, lang: str, level: str, code: str, name: str, to) -> dict:
    """The area and the areas around it, coloured by current projects as the dashboard's locator is, and the
    numbers on it as a table."""
    frame = frame_around(r.outlines.box_of(level, [code]), r.outlines.extent)
    title = t("publish.locator_title", lang, name=name)
    view = drawings.choropleth(
        r.outlines, r.layer(level, "projects_current", lang), lang, key="locator", title=title,
        selected=code, href=lambda other: to(r.paths.profile(lang, level, other)), frame=frame,
    )  # fmt: skip
    small = drawings.inset(r.outlines, frame, "inset", t("publish.inset_title", lang, name=name))
    codes, texts = r.locator_numbers(level, lang)
    on_map = codes.isin([a.code for a in view.areas])  # in geography order, as tables.area_frame gives them
    links = [to(r.paths.profile(lang, level, c)) for c in codes[on_map]]
    caption = t("publish.map_numbers", lang, level=t(f"level.{level}", lang).lower())
    files = area_files(r, lang, level, to)
    shown = texts[on_map].reset_index(drop=True)
    table = page_content.table_view(shown, caption, lang, links, files, key="locator-numbers")
    return {"view": drawings.MapView(**{**view.__dict__, "inset": small}), "numbers": table}


def _projects(r: Round, lang: str, level: str, code: str, shown: pd.DataFrame, to) -> page_content.TableView:
    """The projects serving the area (``shown``: their projects frame), as the profile lists them, with their files."""
    count = len(shown)
    shown = tables.on_screen(shown[list(PROJECT_COLUMNS)]).reset_index(drop=True)
    missing = t("table.not_reported", lang)
    shown["link_worker_fte"] = [
        missing if pd.isna(v) else format_number(float(v), 2, lang) for v in shown["link_worker_fte"]
    ]
    shown["referrals_received"] = [missing if v is None or pd.isna(v) else v for v in shown["referrals_received"]]
    frame = shown.rename(columns={key: tables.column_label(key, lang) for key in PROJECT_COLUMNS})
    files = _projects_files(r, lang, level, code, to)
    caption = t("profile.projects", lang, count=count)
    return page_content.table_view(frame, caption, lang, files=files, key="projects-table")


def _change(r: Round, lang: str, level: str, code: str) -> dict | None:
    """The area's change since the round before, when its board returned in both (as the profile shows it)."""
    before = r.before()
    board = profiles.board_of(r.geo, level, code)
    if before is None or not change.compared_boards(r.returns, r.data.returns_of(before), [board])[0]:
        return None
    rows, order = r.change_rows(level, lang)
    frame = rows.iloc[[order.index(code)]]
    heading = t("profile.change", lang, before=before)
    return {"heading": heading, "table": page_content.table_view(frame, heading, lang, key="change-table")}


def _within(r: Round, lang: str, level: str, code: str, to) -> list[tuple[page_content.Cell, list[page_content.Cell]]]:
    """The authorities and clusters inside a board, or the clusters inside an authority, as links."""
    if level == "cluster":
        return []
    clusters = r.geo.clusters
    names = {lvl: r.geo.area_names(lvl, lang) for lvl in ("local_authority", "cluster")}

    def link(lvl: str, c: str) -> page_content.Cell:
        return page_content.Cell(str(names[lvl][c]), to(r.paths.profile(lang, lvl, c)))

    if level == "local_authority":
        return [(None, [link("cluster", c) for c in clusters.index[clusters["la_code"] == code]])]
    authorities = r.geo.authorities.index[r.geo.authorities["hb_code"] == code]
    return [
        (link("local_authority", la), [link("cluster", c) for c in clusters.index[clusters["la_code"] == la]])
        for la in authorities
    ]
