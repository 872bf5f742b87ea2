"""Tables for people: area measures with readable names and labels, changes, gaps and static HTML tables.

HTML tables are written by ``sprx_map/templates/tables.html`` (shared with the profile download and the
published site); this module hands them text, never markup.

The same frames feed the on-screen tables and the downloads, so what is
exported is what was seen. The projects' frames are in :mod:`sprx_map.project_tables`.
"""

from __future__ import annotations

import numbers
import re

import pandas as pd

from sprx_map import measures, metrics, schema, templates
from sprx_map.geo.geography import Geography
from sprx_map.i18n import format_number, t
from sprx_map.measures import WITHHELD, decimals, format_measure, suppressed_mark

# The projects' frames have their own module; their names stay reachable here (``tables.projects_frame`` ...).
from sprx_map.project_tables import (  # noqa: F401
    NO_RETURN_MARK,
    PROJECT_COLUMNS,
    _rounded,
    column_label,
    for_file,
    on_screen,
    project_detail,
    project_labels,
    projects_frame,
    search,
)


def area_frame(
    table: pd.DataFrame, geo: Geography, level: str, lang: str = "en", measures: tuple[str, ...] = measures.AREA
) -> pd.DataFrame:
    """An :func:`metrics.area_table` with the area's name first, in geography order.

    Column names stay as measure keys; pages label them through the catalogue.
    """
    order = [code for code in geo.layer(level).index if code in table.index]
    frame = table.loc[order, list(measures)].copy()
    frame.insert(0, "name", geo.area_names(level, lang).reindex(order))
    for marks in (metrics.SUPPRESSED, metrics.ONWARD_SUPPRESSED, metrics.NO_RETURN):
        if marks in table and marks not in frame:
            frame[marks] = table.loc[order, marks]
    return completeness_in_words(frame, table.loc[order], lang)


def headline_completeness(figures: dict, lang: str = "en") -> str | None:
    """What the headline figures rest on: "Link-worker FTE reported by 18 of 22 current projects; referrals by
    15 of 22." (with the mark and word where fewer than half); None when no board in view has returned."""
    if figures.get(metrics.NO_RETURN) or figures.get("projects_current") is None:
        return None
    current = figures["projects_current"]
    text = t(
        "completeness.headline",
        lang,
        fte=measures.reported_of(figures.get("fte_reporting"), current, lang),
        referrals=measures.reported_of(figures.get("referrals_reporting"), current, lang),
    )
    if figures.get("incomplete"):  # worked out with the figures (sprx_map.metrics)
        text = t("completeness.and_incomplete", lang, text=text)
    return text


def completeness_in_words(frame: pd.DataFrame, table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """``frame`` with its completeness columns in words: "18 of 22" current projects, "yes" or "no"."""
    for column in measures.REPORTING:
        if column in frame:
            frame[column] = [
                measures.reported_of(n, total, lang)
                for n, total in zip(table[column], table["projects_current"], strict=True)
            ]
    if "incomplete" in frame:
        frame["incomplete"] = [
            None if pd.isna(v) else t("export.yes" if v else "export.no", lang) for v in table["incomplete"]
        ]
    return frame


def for_export(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """An area frame for a file: withheld referral figures written as their marks ("<5", "[c]"), the
    measures of an area whose board has not returned as ``[x]``, rates rounded as shown.

    The ``suppressed`` and ``no_return`` columns are dropped; every other value keeps its type.
    """
    marks = (metrics.SUPPRESSED, metrics.ONWARD_SUPPRESSED, metrics.NO_RETURN)
    out = frame.drop(columns=[c for c in marks if c in frame])
    absent = frame[metrics.NO_RETURN].fillna(False) if metrics.NO_RETURN in frame else pd.Series(False, frame.index)
    for column in out.columns:
        if column in ("name", "code"):
            continue
        state = measures.state_of(column)
        hidden = frame[state].fillna("") if state in frame else pd.Series("", frame.index)
        values = out[column].astype(object)
        places = decimals(column)
        out[column] = [
            NO_RETURN_MARK
            if gone and column not in ("clusters_total", "registered_population")
            else suppressed_mark(state, lang)
            if state and column in WITHHELD
            else _rounded(value, places)
            for value, state, gone in zip(values, hidden, absent, strict=True)
        ]
    return out


def measure_label(key: str, lang: str = "en") -> str:
    """A measure's heading in ``lang`` ("name" is the area's name)."""
    return t("table.area", lang) if key == "name" else t(f"measure.{key}", lang)


def headline_value(figures: dict, measure: str, lang: str = "en", shown: str | None = None) -> str:
    """One of :func:`sprx_map.metrics.headline`'s figures as text: "no return" when no board in view has
    returned, else ``shown`` or the figure formatted (withheld figures marked)."""
    if figures.get(metrics.NO_RETURN):
        return t("table.no_return", lang)
    if shown is not None:
        return shown
    return format_measure(figures[measure], measure, lang, figures.get(metrics.SUPPRESSED, ""))


def formatted(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """An area frame as text: measures formatted, headings in ``lang``; an area whose board has not
    returned reads "no return" in every measure."""
    out = pd.DataFrame(index=frame.index)
    absent = frame[metrics.NO_RETURN].fillna(False) if metrics.NO_RETURN in frame else pd.Series(False, frame.index)
    no_return = t("table.no_return", lang)
    marks = [metrics.SUPPRESSED, metrics.ONWARD_SUPPRESSED, metrics.NO_RETURN]
    for column in frame.columns.drop(marks, errors="ignore"):
        state = measures.state_of(column)
        hidden = frame[state].fillna("") if state in frame else pd.Series("", frame.index)
        values = frame[column]
        out[measure_label(column, lang)] = (
            values
            if column == "name"
            else [
                no_return
                if gone and column not in ("clusters_total", "registered_population")
                else format_measure(v, column, lang, s)
                for v, s, gone in zip(values, hidden, absent, strict=True)
            ]
        )
    return out.reset_index(drop=True)


def ranking_frame(ranked: pd.DataFrame, geo: Geography, lang: str = "en") -> pd.DataFrame:
    """:func:`sprx_map.gaps.ranking` for people: names, formatted rates beside the board's and Wales's, and how
    each cluster compares.

    Withheld rates show their mark. FTE per 10,000 gives the cluster's fifth of
    all clusters in Wales; referrals per 1,000 their 95% confidence interval and
    whether the cluster is higher, similar or lower than its board and Wales by
    it, in words with a mark (▲ ● ▼ ○), never colour alone; "not compared" where
    a figure is withheld or not reported (see :mod:`sprx_map.compare.areas`).
    """
    from sprx_map.compare import areas

    names = geo.area_names("cluster", lang)
    boards = geo.area_names("health_board", lang)
    hidden = ranked[metrics.SUPPRESSED].fillna("")
    out = pd.DataFrame(
        {
            t("table.area", lang): names.reindex(ranked.index).to_numpy(),
            t("level.health_board", lang): ranked["hb_code"].map(boards).to_numpy(),
            t("measure.projects_current", lang): ranked["projects_current"].to_numpy(),
        }
    )
    cells = [areas.area_cells(row, "cluster", lang) for _, row in ranked.iterrows()]
    for rate in ("fte_per_10k", "referrals_per_1k"):
        label = t(f"measure.{rate}", lang)
        states = hidden if rate in WITHHELD else pd.Series("", index=ranked.index)
        out[label] = [format_measure(v, rate, lang, s) for v, s in zip(ranked[rate], states, strict=True)]
        out[t("gaps.board_value", lang, measure=label)] = [
            format_measure(v, rate, lang) for v in ranked[f"board_{rate}"]
        ]
        out[t("gaps.wales_value", lang, measure=label)] = [
            format_measure(v, rate, lang) for v in ranked[f"wales_{rate}"]
        ]
        if rate in measures.BY_FIFTHS:
            out[t("benchmarks.fifth_heading", lang, measure=label)] = [c["fifth"] for c in cells]
        if rate in measures.INTERVALS:
            out[t("benchmarks.interval_heading", lang, measure=label)] = [c["interval"] for c in cells]
            out[t("profile.vs_board", lang)] = [c["vs_board"] for c in cells]
            out[t("profile.vs_wales", lang)] = [c["vs_wales"] for c in cells]
    return out


def matrix_frame(matrix: pd.DataFrame, geo: Geography, lang: str = "en") -> pd.DataFrame:
    """The category matrix with cluster names and category labels, and the kinds each cluster lacks."""
    labels = schema.labels(schema.ACTIVITY_CATEGORIES, lang)
    out = matrix.rename(columns=labels)
    out.insert(0, t("table.area", lang), geo.area_names("cluster", lang).reindex(matrix.index).to_numpy())
    out[t("gaps.matrix_lacking", lang)] = [
        "; ".join(labels[k] for k in matrix.columns if row[k] == 0 and k != "other") for _, row in matrix.iterrows()
    ]
    return out.reset_index(drop=True)


def change_frame(table: pd.DataFrame, geo: Geography, level: str, lang: str, before: str, now: str) -> pd.DataFrame:
    """:func:`sprx_map.change.change_table` for people: both rounds and the change, withheld figures marked."""
    order = [code for code in geo.layer(level).index if code in table.index]
    table = table.loc[order]
    out = pd.DataFrame({t("table.area", lang): geo.area_names(level, lang).reindex(order).to_numpy()})
    for measure in ("projects_current", "link_worker_fte", "referrals"):
        label = t(f"measure.{measure}", lang)
        for part, heading in (("before", before), ("now", now), ("change", None)):
            column = f"{measure}_{part}"
            marks = table[f"{column}_mark"] if f"{column}_mark" in table else pd.Series("", index=table.index)
            key = "change.column.delta" if heading is None else f"change.column.{part}"
            out[t(key, lang, measure=label, round=heading)] = [
                format_measure(v, column if m else measure, lang, m)
                if m or part != "change"
                else signed(v, measure, lang)
                for v, m in zip(table[column], marks, strict=True)
            ]
    return out


def signed(value: float, measure: str, lang: str = "en") -> str:
    """A change with its sign: "+1.5", "−7", "0".

    >>> signed(1.5, "link_worker_fte"), signed(-7, "referrals"), signed(0, "referrals")
    ('+1.5', '−7', '0')
    """
    if pd.isna(value):
        return format_measure(value, measure, lang)
    text = format_measure(abs(value), measure, lang)
    return text if value == 0 else ("+" if value > 0 else "\u2212") + text


def changes_frame(changes: pd.DataFrame, geo: Geography, lang: str, before: str, now: str) -> pd.DataFrame:
    """:func:`sprx_map.change.project_changes` for people."""
    statuses = schema.labels(schema.STATUSES, lang)
    boards = geo.area_names("health_board", lang)
    return pd.DataFrame(
        {
            column_label("project_name", lang): changes["project_name"].to_numpy(),
            column_label("health_board", lang): changes["health_board"].map(boards).to_numpy(),
            t("change.column.change", lang): [t(f"change.status.{c}", lang) for c in changes["change"]],
            t("change.column.status_before", lang, round=before): [
                statuses.get(s, "–") if isinstance(s, str) else "–" for s in changes["status_before"]
            ],
            t("change.column.status_now", lang, round=now): [
                statuses.get(s, "–") if isinstance(s, str) else "–" for s in changes["status_now"]
            ],
            t("change.column.was", lang, round=before): [
                w if isinstance(w, str) else "" for w in changes.get("was", pd.Series(None, index=changes.index))
            ],
        }
    )


def need_frame(
    placed: pd.DataFrame, names: pd.Series, need_label: str, provision: str, lang: str = "en"
) -> pd.DataFrame:
    """:func:`sprx_map.gaps.need_provision` for people: area, need, provision, quadrant in words."""
    return pd.DataFrame(
        {
            t("table.area", lang): names.reindex(placed.index).to_numpy(),
            need_label: [format_measure(v, "need", lang) for v in placed["need"]],
            t(f"measure.{provision}", lang): [format_measure(v, provision, lang) for v in placed["provision"]],
            t("table.quadrant", lang): [t(f"quadrant.{q}", lang) for q in placed["quadrant"]],
        }
    )


# Static tables ----------------------------------------------------------------

# The app's tables' look, written once before them (``sprx_map/templates/app/table_style.html``).
TABLE_STYLE = templates.render("app/table_style.html")
# A cell reads as a number when it has no letters once the withheld mark is taken out.
_NOT_NUMBER = re.compile(r"[^\W\d_]")


def html_table(frame: pd.DataFrame, lang: str = "en") -> str:
    """``frame`` as a plain HTML table: its headings as column headers, its first column as row headers.

    Every cell is escaped, so text from a return is shown as text, never read as
    HTML. Numbers are written as in ``lang``; columns of numbers (or of formatted
    figures) are right-aligned. The frame's index is not shown.

    >>> html_table(pd.DataFrame({"Area": ["<b>Powys</b>"], "Projects": [1234]})).split("<tbody>")[1]
    '<tr><th scope="row">&lt;b&gt;Powys&lt;/b&gt;</th><td class="num">1,234</td></tr></tbody></table></div>'
    """
    return templates.render("app/table.html", table=table_values(frame, lang))


def table_values(frame: pd.DataFrame, lang: str = "en") -> dict:
    """What :func:`html_table` writes, as values: ``head`` (the headings), ``numeric`` (whether each column
    is right-aligned) and ``rows`` (every cell as text, numbers written as in ``lang``).

    >>> table_values(pd.DataFrame({"Area": ["Powys"], "Projects": [1234]}))
    {'head': ['Area', 'Projects'], 'numeric': [False, True], 'rows': [['Powys', '1,234']]}
    """
    cells = {column: [_cell_text(v, lang) for v in frame[column]] for column in frame.columns}
    withheld = suppressed_mark("secondary", lang)
    numeric = [
        bool(texts) and not any(_NOT_NUMBER.search(v.replace(withheld, "")) for v in texts) for texts in cells.values()
    ]
    rows = [list(row) for row in zip(*cells.values(), strict=True)] if cells else []
    return {"head": [str(c) for c in frame.columns], "numeric": numeric, "rows": rows}


def _cell_text(value, lang: str) -> str:
    if isinstance(value, str):
        return value
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return format_number(int(value), 0, lang)
    if isinstance(value, numbers.Real):
        return format_number(float(value), 0 if float(value).is_integer() else 2, lang)
    return str(value)
