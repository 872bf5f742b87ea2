"""One area's profile page, as the dashboard's Area profiles page builds it (``pages/profile.py``).

The figures beside its board's and Wales's come from
:func:`sprx_map.profiles.comparison`, the kinds of support lacking from
:func:`sprx_map.profiles.lacking`, its projects from
:func:`sprx_map.profiles.area_projects` and its change from
:func:`sprx_map.change.change_table`, for the round with no filter chosen.

Confidence limits, a spine chart (the area against the spread of all areas)
and a trend over rounds have places kept for them: :func:`statistics` gives
the template nothing for each yet, and ``area_profile.html`` has a block for each.
"""

from __future__ import annotations

import pandas as pd

from sprx_map import change, measures, metrics, profiles, tables
from sprx_map.i18n import format_number, t
from sprx_map.publish import drawings, views
from sprx_map.publish.outlines import frame_around
from sprx_map.publish.pages import category_chart, common, files_of
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
    figures = comparison(r, level, code, lang)
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
        "figures": views.table_view(figures, t("profile.figures", lang), lang, key="figures"),
        "headline": _headline(figures, lang),
        "wales_partial": t("round.wales_partial", lang, returned=len(r.returns.returned))
        if r.returns is not None and not r.returns.complete
        else None,
        "figures_note": views.withheld_note(figures, lang, also=_any_mark(figures, marks)),
        "returned": returned,
        "lacking": lacking,
        "kinds": _kinds(in_area, lang) if returned else None,
        "locator": _locator(r, lang, level, code, name, to),
        "projects": _projects(r, lang, level, code, shown, to),
        "change": _change(r, lang, level, code),
        "within": _within(r, lang, level, code, to),
        "statistics": statistics(r, level, code),
    }
    return context


def comparison(r: Round, level: str, code: str, lang: str) -> pd.DataFrame:
    """:func:`sprx_map.profiles.comparison` of the area, from the round's tables (made once for every profile)."""
    area = metrics.figures_in(r.counting[level], code)
    board = metrics.figures_in(r.counting["health_board"], profiles.board_of(r.geo, level, code))
    return profiles.compared(area, board, r.wales, level, lang)


def statistics(r: Round, level: str, code: str) -> dict:
    """The place for what the statistics layer adds to a profile: ``limits`` (confidence limits of each rate),
    ``spine`` (the area against the spread of all areas of its level) and ``trend`` (its figures over rounds).

    None of them is worked out here: each is None until ``sprx_map.confidence`` gives it, and the template's
    blocks ``confidence_limits``, ``spine_chart`` and ``trend`` draw nothing for None.
    """
    return {"limits": None, "spine": None, "trend": None}


def _any_mark(frame: pd.DataFrame, marks: set[str]) -> str:
    return "marked" if any(v in marks for column in frame.columns for v in frame[column]) else ""


def _headline(figures: pd.DataFrame, lang: str) -> list[views.Figure]:
    """The area's own figures from the comparison (the same text as its table's "This area" column)."""
    measure_column, area_column = t("profile.measure", lang), t("profile.area", lang)
    return [
        views.Figure(measure, label, text)
        for measure, label, text in zip(measures.PROFILE, figures[measure_column], figures[area_column], strict=True)
    ]


def _parents(r: Round, lang: str, level: str, code: str, to) -> list[views.Cell]:
    """The areas this one lies in, widest last, as links to their profiles."""
    out = []
    for parent in PARENTS[level]:
        key = PARENT_KEYS[parent]
        parent_code = str(r.geo.layer(level).at[code, key])
        name = str(r.geo.area_names(parent, lang)[parent_code])
        out.append(views.Cell(f"{t(f'level.{parent}', lang)}: {name}", to(r.paths.profile(lang, parent, parent_code))))
    return out


def _kinds(in_area: pd.DataFrame, lang: str) -> dict:
    """Current projects serving the area by kind of support, zeros included (the kinds it lacks)."""
    current = in_area[in_area["status"] == "current"]
    return category_chart(current, lang, "kinds", t("publish.kinds", lang), t("measure.projects_current", lang))


def _locator(r: Round, lang: str, level: str, code: str, name: str, to) -> dict:
    """The area and the areas around it, coloured by current projects as the dashboard's locator is, and the
    numbers on it as a table."""
    frame = frame_around(r.outlines.box_of(level, [code]), r.outlines.extent)
    title = t("publish.locator_title", lang, name=name)
    view = drawings.choropleth(
        r.outlines, r.geo, r.tables[level], level, "projects_current", lang, key="locator", title=title,
        selected=code, href=lambda other: to(r.paths.profile(lang, level, other)), frame=frame,
    )  # fmt: skip
    small = drawings.inset(r.outlines, frame, "inset", t("publish.inset_title", lang, name=name))
    shown = [a.code for a in view.areas]
    numbers = tables.area_frame(r.tables[level].loc[shown], r.geo, level, lang, ("projects_current",))
    links = [to(r.paths.profile(lang, level, c)) for c in numbers.index]
    caption = t("publish.map_numbers", lang, level=t(f"level.{level}", lang).lower())
    table = views.table_view(tables.formatted(numbers, lang), caption, lang, links, key="locator-numbers")
    return {"view": drawings.MapView(**{**view.__dict__, "inset": small}), "numbers": table}


def _projects(r: Round, lang: str, level: str, code: str, shown: pd.DataFrame, to) -> views.TableView:
    """The projects serving the area (``shown``: their projects frame), as the profile lists them, with their files."""
    count = len(shown)
    shown = tables.on_screen(shown[list(PROJECT_COLUMNS)]).reset_index(drop=True)
    missing = t("table.not_reported", lang)
    shown["link_worker_fte"] = [
        missing if pd.isna(v) else format_number(float(v), 2, lang) for v in shown["link_worker_fte"]
    ]
    shown["referrals_received"] = [missing if v is None or pd.isna(v) else v for v in shown["referrals_received"]]
    frame = shown.rename(columns={key: tables.column_label(key, lang) for key in PROJECT_COLUMNS})
    files = files_of(
        lambda lg, _, kind: r.paths.area_projects(lg, level, code, kind), lang, "", to, t("chart.projects", lang)
    )
    caption = t("profile.projects", lang, count=count)
    return views.table_view(frame, caption, lang, files=files, key="projects")


def _change(r: Round, lang: str, level: str, code: str) -> dict | None:
    """The area's change since the round before, when its board returned in both (as the profile shows it)."""
    before = r.before()
    board = profiles.board_of(r.geo, level, code)
    if before is None or not change.compared_boards(r.returns, r.data.returns_of(before), [board])[0]:
        return None
    rows, order = r.change_rows(level, lang)
    frame = rows.iloc[[order.index(code)]]
    heading = t("profile.change", lang, before=before)
    return {"heading": heading, "table": views.table_view(frame, heading, lang, key="change")}


def _within(r: Round, lang: str, level: str, code: str, to) -> list[tuple[views.Cell, list[views.Cell]]]:
    """The authorities and clusters inside a board, or the clusters inside an authority, as links."""
    if level == "cluster":
        return []
    clusters = r.geo.clusters
    names = {lvl: r.geo.area_names(lvl, lang) for lvl in ("local_authority", "cluster")}

    def link(lvl: str, c: str) -> views.Cell:
        return views.Cell(str(names[lvl][c]), to(r.paths.profile(lang, lvl, c)))

    if level == "local_authority":
        return [(None, [link("cluster", c) for c in clusters.index[clusters["la_code"] == code]])]
    authorities = r.geo.authorities.index[r.geo.authorities["hb_code"] == code]
    return [
        (link("local_authority", la), [link("cluster", c) for c in clusters.index[clusters["la_code"] == la]])
        for la in authorities
    ]
