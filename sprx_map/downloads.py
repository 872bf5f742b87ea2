"""What each download of a round holds: the projects, or the measures by area, ready for a file.

The command line's ``export`` and the app's download buttons write the same
tables: areas of boards with no return are ``[x]``, withheld figures keep their
marks, numbers are numbers, and what must travel with the data goes in the
file's columns or on its cover (see :class:`sprx_map.export.Release`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sprx_map import export, filters, measures, tables, trends
from sprx_map.compare import areas
from sprx_map.dataset import Dataset
from sprx_map.geo.geography import Geography
from sprx_map.i18n import t
from sprx_map.view import View


@dataclass(frozen=True)
class Download:
    """A table for a file: the frame, its headings in the file's language, its title, and its release."""

    frame: pd.DataFrame
    headings: dict[str, str]
    title: str
    release: export.Release


def release_of(data: Dataset, geo: Geography, f: filters.Filters, lang: str = "en") -> export.Release:
    """What travels with every file of a view of ``f.round`` (:meth:`sprx_map.view.View.release`)."""
    return View(data, geo, f).release(lang)


def projects_download(
    data: Dataset, geo: Geography, f: filters.Filters, lang: str = "en", shown: pd.DataFrame | None = None
) -> Download:
    """The projects of the view ``f`` (see :func:`projects_of`)."""
    return projects_of(View(data, geo, f), lang, shown)


def projects_of(view: View, lang: str = "en", shown: pd.DataFrame | None = None) -> Download:
    """The projects of a view, one row each, labelled in ``lang``; ``shown`` is their
    :func:`sprx_map.tables.projects_frame` when it is already made."""
    if shown is None:
        shown = tables.projects_frame(view.projects, view.geo, lang)
    frame = tables.for_file(shown.reset_index(drop=True), lang)
    headings = {key: tables.column_label(key, lang) for key in tables.PROJECT_COLUMNS}
    return Download(frame, headings, t("export.title.projects", lang), view.release(lang))


def areas_download(
    data: Dataset, geo: Geography, f: filters.Filters, level: str, lang: str = "en", measures=measures.COLUMNS
) -> Download:
    """The measures of every area of ``level`` in the view ``f`` (see :func:`areas_of`)."""
    return areas_of(View(data, geo, f), level, lang, measures)


def areas_of(view: View, level: str, lang: str = "en", measures=measures.COLUMNS) -> Download:
    """The measures of every area of ``level`` in the view (areas of boards with no return as ``[x]``), with the
    comparisons next to their measures: the 95% limits of referrals per 1,000 and how they compare with Wales and
    the board (in words), and each area's fifth of link-worker FTE per 10,000 among all areas of ``level`` in
    Wales (1 lowest to 5 highest); see :func:`sprx_map.compare.areas.file_measures` and
    :meth:`sprx_map.view.View.compared`."""
    frame, headings = area_file(view.compared(level), view.geo, level, lang, measures)
    title = t("export.title.areas", lang, level=t(f"level.{level}", lang).lower())
    return Download(frame, headings, title, view.release(lang))


def compared_view(data: Dataset, geo: Geography, f: filters.Filters, level: str) -> pd.DataFrame:
    """The view's area table of ``level`` with its comparisons (:meth:`sprx_map.view.View.compared`)."""
    return View(data, geo, f).compared(level)


def area_headings(columns, lang: str = "en") -> dict[str, str]:
    """The headings of an area file: code, area, then each measure's label."""
    return {"code": t("table.code", lang), "name": t("table.area", lang)} | {
        m: t(f"measure.{m}", lang) for m in columns
    }


def area_file(table: pd.DataFrame, geo: Geography, level: str, lang: str, chosen) -> tuple[pd.DataFrame, dict]:
    """An area table for a file, with its headings: code and name first, then ``chosen`` measures with the
    comparison columns the table has next to theirs (words for comparisons, fifths as 1 to 5)."""
    columns = [c for c in areas.file_measures(chosen, level) if c in table]
    frame = tables.for_export(tables.area_frame(areas.for_files(table, lang), geo, level, lang, tuple(columns)), lang)
    frame.insert(0, "code", frame.index)
    return frame.reset_index(drop=True), area_headings(columns, lang)


def all_rounds_download(
    data: Dataset, geo: Geography, level: str, lang: str = "en", compared: dict[str, pd.DataFrame] | None = None
) -> Download:
    """Every round in one long table, one row per area and round (oldest round first, the illustrative ones
    before the real ones), labelled on every row with its round, whether it is illustrative and when its data
    last changed, with the measures and comparisons of :func:`areas_download`. ``compared``: each round's
    table of :func:`sprx_map.trends.round_tables`, when already made."""
    labels = list(reversed(data.rounds()))
    returns = {label: data.returns_of(label) for label in labels}
    if compared is None:
        projects = {label: data.projects[data.projects["round"] == label] for label in labels}
        compared, _ = trends.round_tables(projects, returns, data.shares, geo, level)
    parts, headings = [], {}
    for label in labels:
        table = compared[label]
        frame, headings = area_file(table, geo, level, lang, measures.COLUMNS)
        release = release_of(data, geo, filters.Filters(round=label), lang)
        for position, (heading, value) in enumerate(release.columns().items(), start=2):
            frame.insert(position, heading, value)
        parts.append(frame)
    frame = pd.concat(parts, ignore_index=True)
    stamps = [returns[r].changed_at for r in labels if returns[r] is not None and returns[r].changed_at]
    release = export.Release(
        t("trends.all_rounds", lang, rounds=", ".join(labels)),
        any(data.is_illustrative(r) for r in labels),
        max(stamps) if stamps else None,
        lang,
    )
    title = t("trends.title", lang, level=t(f"level.{level}", lang).lower())
    return Download(frame, headings, title, release)
