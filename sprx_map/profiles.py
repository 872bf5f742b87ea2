"""Area profiles: one board, authority or cluster against its board and Wales, its projects and gaps.

A profile follows the dashboard's filters on status, category, target group,
funding and round, but not its area filters: the profile chooses its own area,
and its board and Wales are always whole.
"""

from __future__ import annotations

import html

import pandas as pd

from sprx_map import filters, gaps, measures, metrics, schema
from sprx_map.filters import Filters
from sprx_map.geo.geography import Geography
from sprx_map.i18n import t
from sprx_map.tables import compare


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
    """The area's headline measures beside its board's and Wales's, as text.

    Rates are compared in words (lower, similar within 10%, higher): against the
    board (for areas inside one) and against Wales. Withheld figures show their marks.
    ``counted`` are the clusters whose board's return counts in the round (default
    all): Wales is made of them, and an area outside them reads "no return".
    """
    area = metrics.area_figures(projects, shares, geo, level, code, clusters=counted)
    board = metrics.area_figures(projects, shares, geo, "health_board", board_of(geo, level, code), clusters=counted)
    wales = metrics.headline(projects, shares, geo, counted)
    return compared(area, board, wales, level, lang)


def compared(area: dict, board: dict, wales: dict, level: str, lang: str = "en") -> pd.DataFrame:
    """:func:`comparison`'s table from the area's, its board's and Wales's figures (as
    :func:`sprx_map.metrics.area_figures` and :func:`sprx_map.metrics.headline` give them)."""
    from sprx_map.tables import headline_value

    rows = []
    for measure in measures.PROFILE:
        row = {
            t("profile.measure", lang): t(f"measure.{measure}", lang),
            t("profile.area", lang): headline_value(area, measure, lang),
        }
        if level != "health_board":
            row[t("profile.board", lang)] = headline_value(board, measure, lang)
        row[t("profile.wales", lang)] = headline_value(wales, measure, lang)
        hidden = (area[metrics.SUPPRESSED] and measure in measures.PROTECTED) or area.get(metrics.NO_RETURN)
        for key, other in (("profile.vs_board", board), ("profile.vs_wales", wales)):
            if key == "profile.vs_board" and level == "health_board":
                continue
            row[t(key, lang)] = (
                compare(area[measure], other[measure], lang) if measure in measures.RATES and not hidden else ""
            )
        rows.append(row)
    return pd.DataFrame(rows)


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
    """The profile as one self-contained HTML file: text, tables and the locator map, all inline.

    Every text is escaped; the map (its own self-contained page) sits in an
    ``iframe`` through ``srcdoc``, so nothing is fetched.
    """
    parts = [f"<h1>{html.escape(title)}</h1>", *(f'<p class="note">{html.escape(n)}</p>' for n in notes)]
    for heading, content in sections:
        parts.append(f"<h2>{html.escape(heading)}</h2>")
        if isinstance(content, pd.DataFrame):
            parts.append(content.to_html(index=False, escape=True, border=0, na_rep="–"))
        elif isinstance(content, list):
            parts.append("<ul>" + "".join(f"<li>{html.escape(str(x))}</li>" for x in content) + "</ul>")
        else:
            parts.append(f"<p>{html.escape(content)}</p>")
    parts.append(
        f"<h2>{html.escape(t('profile.locator', lang))}</h2>"
        f'<iframe title="{html.escape(t("profile.locator", lang))}" srcdoc="{html.escape(map_html, quote=True)}" '
        'style="width:100%;height:420px;border:1px solid #ccc"></iframe>'
    )
    style = (
        "body{font:15px/1.45 sans-serif;color:#111;max-width:1000px;margin:24px auto;padding:0 16px}"
        "table{border-collapse:collapse;margin:8px 0}th,td{border-bottom:1px solid #ccc;padding:4px 10px;"
        "text-align:left}.note{color:#444;margin:2px 0}@media print{iframe{height:360px}}"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{"cy" if lang == "cy" else "en"}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{style}</style></head><body>{''.join(parts)}</body></html>\n"
    )
