"""Area profiles: one board, authority or cluster against its board and Wales, its projects and gaps.

A profile follows the dashboard's filters on status, category, target group,
funding and round, but not its area filters: the profile chooses its own area,
and its board and Wales are always whole.
"""

from __future__ import annotations

import pandas as pd

from sprx_map import filters, gaps, measures, metrics, schema, templates
from sprx_map.compare import areas
from sprx_map.filters import Filters
from sprx_map.geo.geography import Geography
from sprx_map.i18n import t
from sprx_map.metrics import NO_RETURN


def clusters_of(geo: Geography, level: str, code: str) -> list[str]:
    """The clusters that make up an area, in geography order."""
    if level == "cluster":
        return [code]
    return geo.clusters.index[geo.clusters[metrics.LEVEL_KEYS[level]] == code].tolist()


def board_of(geo: Geography, level: str, code: str) -> str:
    """The health board an area lies in (a board is its own)."""
    if level == "health_board":
        return code
    return str(geo.layer(level).at[code, "hb_code"])


def comparison(
    projects: pd.DataFrame,
    shares: pd.DataFrame,
    geo: Geography,
    level: str,
    code: str,
    lang: str = "en",
    counted: list[str] | None = None,
) -> pd.DataFrame:
    """The area's headline measures beside its board's and Wales's, as text, with how it compares.

    Referrals per 1,000 are compared with the board (for areas inside one) and
    with Wales by the rate's 95% confidence interval (shown): higher, similar,
    lower, or not compared where a figure is withheld, not reported or has no
    return, each with its mark (see :mod:`sprx_map.compare.areas`). Link-worker FTE
    per 10,000 has no interval: the area's fifth of all areas of its level in
    Wales is given instead. Withheld figures show their marks. ``counted`` are
    the clusters whose board's return counts in the round (default all): Wales
    is made of them, and an area outside them reads "no return".
    """
    compared = areas.compared_table(projects, shares, geo, level, counted)
    row = compared.loc[code] if code in compared.index else None
    area, board, wales = _figures(projects, shares, geo, level, code, counted)
    return comparison_of(row, area, board, wales, level, lang)


def comparison_of(row: pd.Series | None, area: dict, board: dict, wales: dict, level: str, lang: str = "en"):
    """:func:`comparison`'s table from the area's row of a :func:`sprx_map.compare.areas.compared_table` (None: its
    board has not returned) and the area's, its board's and Wales's figures (:func:`sprx_map.metrics.area_figures`,
    :func:`sprx_map.metrics.headline`): what a caller making every area's profile at once works out only once."""
    from sprx_map.tables import headline_value

    cells = areas.area_cells(row, level, lang)
    rows = []
    for measure in measures.PROFILE:
        row = {
            t("profile.measure", lang): t(f"measure.{measure}", lang),
            t("profile.area", lang): headline_value(area, measure, lang),
        }
        if level != "health_board":
            row[t("profile.board", lang)] = headline_value(board, measure, lang)
        row[t("profile.wales", lang)] = headline_value(wales, measure, lang)
        limits = measure in measures.INTERVALS
        row[t("profile.interval", lang)] = cells["interval"] if limits else ""
        if level != "health_board":
            row[t("profile.vs_board", lang)] = cells["vs_board"] if limits else ""
        row[t("profile.vs_wales", lang)] = cells["vs_wales"] if limits else ""
        row[t("profile.fifth", lang)] = cells["fifth"] if measure in measures.BY_FIFTHS else ""
        reporting = measures.reporting_of(measure)
        shown = None if reporting is None or area.get(NO_RETURN) else area.get(reporting)
        row[t("profile.reported_by", lang)] = (
            measures.reported_of(shown, area.get("projects_current"), lang, marked=True) or ""
        )
        rows.append(row)
    return pd.DataFrame(rows)


def _figures(projects, shares, geo: Geography, level: str, code: str, counted) -> tuple[dict, dict, dict]:
    """The area's, its board's and Wales's headline figures, withheld as in the all-Wales tables."""
    area = metrics.area_figures(projects, shares, geo, level, code, clusters=counted)
    board = metrics.area_figures(projects, shares, geo, "health_board", board_of(geo, level, code), clusters=counted)
    return area, board, metrics.headline(projects, shares, geo, counted)


def spine(
    projects: pd.DataFrame,
    shares: pd.DataFrame,
    geo: Geography,
    level: str,
    code: str,
    lang: str = "en",
    counted: list[str] | None = None,
) -> tuple[dict[str, dict], dict[str, dict[str, str]]]:
    """The numbers of the area's spine chart (:func:`sprx_map.compare.areas.spines`, for the rates) and the same
    values as people read them (``{measure: {"area", "board", "wales"}}``; no "board" for a board).

    The spread is that of every area of ``level`` in Wales (``counted`` clusters); withheld figures and areas
    whose board has not returned are left out of it and have no mark.
    """
    table = metrics.area_table(projects, shares, geo, level, counted)
    area, board, wales = _figures(projects, shares, geo, level, code, counted)
    return spine_of(table, code, area, board, wales, level, lang)


def spine_of(
    table: pd.DataFrame, code: str, area: dict, board: dict, wales: dict, level: str, lang: str = "en", spread=None
):
    """:func:`spine` from the area table of ``level`` (every counted area of Wales) and the area's, its board's
    and Wales's figures, as :func:`comparison_of` takes them (``spread``: see
    :func:`sprx_map.compare.areas.spines`)."""
    from sprx_map.tables import headline_value

    board = None if level == "health_board" else board
    spines = areas.spines(table, code, board, wales, spread=spread)
    shown = {}
    for key in spines:
        shown[key] = {"area": headline_value(area, key, lang)}
        if board is not None:
            shown[key]["board"] = headline_value(board, key, lang)
        shown[key]["wales"] = headline_value(wales, key, lang)
    return spines, shown


def lacking(projects: pd.DataFrame, geo: Geography, level: str, code: str, lang: str = "en") -> list[str]:
    """Kinds of support no current project offers anywhere in the area (labels, vocabulary order; not "other")."""
    return lacking_in(gaps.category_matrix(projects, geo, clusters_of(geo, level, code)), lang)


def lacking_in(matrix: pd.DataFrame, lang: str = "en") -> list[str]:
    """Kinds of support with no current project in any cluster of ``matrix`` (rows of
    :func:`sprx_map.gaps.category_matrix`), as :func:`lacking` lists them."""
    labels = schema.labels(schema.ACTIVITY_CATEGORIES, lang)
    return [labels[k] for k, total in matrix.sum().items() if total == 0 and k != "other"]


def area_projects(projects: pd.DataFrame, f: Filters, geo: Geography, level: str, code: str) -> pd.DataFrame:
    """The projects (of the filtered ones) that serve the area."""
    return filters.apply(filters.only_area(f, level, code), projects, geo)


def profile_html(
    title: str, notes: list[str], sections: list[tuple[str, pd.DataFrame | list[str] | str]], map_html: str, lang: str
) -> str:
    """The profile as one self-contained HTML file: text, tables (as the app draws them, see
    :func:`sprx_map.tables.html_table`) and the locator map, all inline.

    Written by ``sprx_map/templates/app/profile.html``: every text is escaped; the map (its own
    self-contained page) sits in an ``iframe`` through ``srcdoc``, so nothing is fetched.
    """
    from sprx_map.tables import table_values

    def part(content) -> tuple[str, object]:
        if isinstance(content, pd.DataFrame):  # the app's own table, as on screen
            return "table", table_values(content, lang)
        return ("list", [str(x) for x in content]) if isinstance(content, list) else ("text", content)

    return templates.render(
        "app/profile.html",
        title=title,
        notes=notes,
        sections=[(heading, *part(content)) for heading, content in sections],
        locator=t("profile.locator", lang),
        map_html=map_html,
        lang="cy" if lang == "cy" else "en",
    )
