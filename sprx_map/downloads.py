"""What each download of a round holds: the projects, or the measures by area, ready for a file.

The command line's ``export`` and the app's download buttons write the same
tables: areas of boards with no return are ``[x]``, withheld figures keep their
marks, numbers are numbers, and what must travel with the data goes in the
file's columns or on its cover (see :class:`sprx_map.export.Release`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sprx_map import export, filters, measures, metrics, rounds, tables
from sprx_map.dataset import Dataset
from sprx_map.geo.geography import Geography
from sprx_map.i18n import t


@dataclass(frozen=True)
class Download:
    """A table for a file: the frame, its headings in the file's language, its title, and its release."""

    frame: pd.DataFrame
    headings: dict[str, str]
    title: str
    release: export.Release


def release_of(data: Dataset, geo: Geography, f: filters.Filters, lang: str = "en") -> export.Release:
    """What travels with every file of a view of ``f.round``."""
    returns = data.returns_of(f.round)
    made_of = rounds.made_of(returns, lang) if returns is not None and not returns.complete else None
    return export.Release(
        f.round,
        data.is_illustrative(f.round),
        returns.changed_at if returns is not None else None,
        lang,
        filters.describe(f, geo, lang),
        made_of,
    )


def projects_download(
    data: Dataset, geo: Geography, f: filters.Filters, lang: str = "en", shown: pd.DataFrame | None = None
) -> Download:
    """The projects of a view, one row each, labelled in ``lang``; ``shown`` is their
    :func:`sprx_map.tables.projects_frame` when it is already made."""
    if shown is None:
        shown = tables.projects_frame(filters.apply(f, data.projects, geo), geo, lang)
    frame = tables.for_file(shown.reset_index(drop=True), lang)
    headings = {key: tables.column_label(key, lang) for key in tables.PROJECT_COLUMNS}
    return Download(frame, headings, t("export.title.projects", lang), release_of(data, geo, f, lang))


def areas_download(
    data: Dataset, geo: Geography, f: filters.Filters, level: str, lang: str = "en", measures=measures.COLUMNS
) -> Download:
    """The measures of every area of ``level`` in the view (areas of boards with no return as ``[x]``)."""
    counted, no_return = rounds.split(filters.area_clusters(f, geo), geo, data.returns_of(f.round))
    chosen = filters.apply(f, data.projects, geo)
    table = metrics.area_table(chosen, data.shares, geo, level, counted, no_return=no_return)
    frame = tables.for_export(tables.area_frame(table, geo, level, lang, measures=tuple(measures)), lang)
    frame.insert(0, "code", frame.index)
    headings = {"code": t("table.code", lang), "name": t("table.area", lang)}
    headings |= {m: t(f"measure.{m}", lang) for m in measures}
    title = t("export.title.areas", lang, level=t(f"level.{level}", lang).lower())
    return Download(frame.reset_index(drop=True), headings, title, release_of(data, geo, f, lang))
