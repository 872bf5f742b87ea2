"""Tables for people: area measures and projects with readable names and labels.

The same frames feed the on-screen tables and the downloads, so what is
exported is what was seen.
"""

from __future__ import annotations

import pandas as pd

from sprx_map import export, metrics, schema
from sprx_map.geography import Geography
from sprx_map.i18n import SUPPRESSIBLE, format_measure, suppressed_mark, t

PROJECT_COLUMNS = tuple(f.key for f in schema.FIELDS)


def area_frame(
    table: pd.DataFrame, geo: Geography, level: str, lang: str = "en", measures: tuple[str, ...] = metrics.MEASURES
) -> pd.DataFrame:
    """An :func:`metrics.area_table` with the area's name first, in geography order.

    Column names stay as measure keys; pages label them through the catalogue.
    """
    order = [code for code in geo.layer(level).index if code in table.index]
    frame = table.loc[order, list(measures)].copy()
    frame.insert(0, "name", geo.area_names(level, lang).reindex(order))
    if metrics.SUPPRESSED in table and metrics.SUPPRESSED not in frame:
        frame[metrics.SUPPRESSED] = table.loc[order, metrics.SUPPRESSED]
    return frame


def for_export(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """An area frame for a file: withheld referral figures written as their marks ("<5", "[c]").

    The ``suppressed`` column is dropped; every other value keeps its type.
    """
    if metrics.SUPPRESSED not in frame:
        return frame
    out = frame.drop(columns=[metrics.SUPPRESSED])
    hidden = frame[metrics.SUPPRESSED].fillna("")
    for column in out.columns:
        if column in SUPPRESSIBLE and hidden.ne("").any():
            out[column] = [
                suppressed_mark(state, lang) if state else value
                for value, state in zip(out[column].astype(object), hidden, strict=True)
            ]
    return out


def projects_frame(projects: pd.DataFrame, geo: Geography, lang: str = "en") -> pd.DataFrame:
    """Projects with names and labels instead of codes and keys, one row each.

    Multi-value cells are joined with "; "; numbers and dates keep their types.
    The index is the ``project_id``.
    """
    name = "name_cy" if lang == "cy" else "name_en"
    boards = geo.boards[name].to_dict()
    clusters = geo.clusters[name].to_dict()
    out = pd.DataFrame(index=pd.Index(projects["project_id"], name="project_id"))
    for key in PROJECT_COLUMNS:
        f = schema.FIELD_BY_KEY[key]
        column = projects[key].to_numpy()
        if f.kind == "board":
            values = [boards.get(v, v) for v in column]
        elif f.kind == "clusters":
            values = [_join(clusters.get(c, c) for c in v) for v in column]
        elif f.kind == "choice":
            labels = schema.labels(f.vocabulary, lang)
            values = [labels.get(v, v) for v in column]
        elif f.kind == "choices":
            labels = schema.labels(f.vocabulary, lang)
            values = [_join(labels.get(x, x) for x in v) for v in column]
        elif f.kind == "yesno":
            yes, no = schema.labels(schema.YES_NO, lang)["yes"], schema.labels(schema.YES_NO, lang)["no"]
            values = [None if pd.isna(v) else (yes if v else no) for v in column]
        elif key == "referrals_received":
            values = _protected_referrals(projects, lang)
        elif f.kind in ("integer", "decimal", "money"):
            values = projects[key].array  # keeps the nullable number type
        else:
            values = list(column)
        out[key] = values
    return out


def _protected_referrals(projects: pd.DataFrame, lang: str) -> list:
    """Each project's referral count, or its mark ("<5", "[c]") when withheld."""
    states = metrics.project_states(projects)
    counts = projects["referrals_received"].astype(object)
    return [
        suppressed_mark(state, lang) if state else (None if pd.isna(count) else int(count))
        for count, state in zip(counts, states, strict=True)
    ]


def on_screen(frame: pd.DataFrame) -> pd.DataFrame:
    """A projects frame for the interactive table: referral counts as text (they may hold "<5")."""
    if "referrals_received" not in frame:
        return frame
    out = frame.copy()
    out["referrals_received"] = [
        None if v is None else (f"{v:,}" if isinstance(v, int) else v) for v in frame["referrals_received"]
    ]
    return out


def _join(values) -> str:
    return "; ".join(values)


def search(frame: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows where any text column contains ``text`` (case-insensitive)."""
    words = [w for w in text.lower().split() if w]
    if not words:
        return frame
    text_columns = [c for c in frame.columns if export.is_text(frame[c])]
    haystack = frame[text_columns].fillna("").astype(str).agg(" ".join, axis=1).str.lower()
    keep = pd.Series(True, index=frame.index)
    for word in words:
        keep &= haystack.str.contains(word, regex=False)
    return frame[keep]


def column_label(key: str, lang: str = "en") -> str:
    """A project column's heading in ``lang``."""
    f = schema.FIELD_BY_KEY[key]
    return f.cy if lang == "cy" else f.en


def measure_label(key: str, lang: str = "en") -> str:
    """A measure's heading in ``lang`` ("name" is the area's name)."""
    return t("table.area", lang) if key == "name" else t(f"measure.{key}", lang)


def project_detail(row: pd.Series, lang: str = "en") -> pd.DataFrame:
    """One project as a two-column table of field and value (text, never markup)."""
    values = []
    for key in PROJECT_COLUMNS:
        value = row[key]
        if value is None or value is pd.NA or (isinstance(value, float) and value != value) or value == "":
            text = "–"
        elif hasattr(value, "strftime"):
            text = value.strftime("%d/%m/%Y")
        else:
            text = str(value)
        values.append(text)
    return pd.DataFrame(
        {t("projects.field", lang): [column_label(k, lang) for k in PROJECT_COLUMNS], t("projects.value", lang): values}
    )


def formatted(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """An area frame as text: measures formatted, headings in ``lang``."""
    out = pd.DataFrame(index=frame.index)
    hidden = frame[metrics.SUPPRESSED].fillna("") if metrics.SUPPRESSED in frame else pd.Series("", frame.index)
    for column in frame.columns.drop(metrics.SUPPRESSED, errors="ignore"):
        values = frame[column]
        out[measure_label(column, lang)] = (
            values
            if column == "name"
            else [format_measure(v, column, lang, s) for v, s in zip(values, hidden, strict=True)]
        )
    return out.reset_index(drop=True)
