"""Projects for people: one row each with names and labels instead of codes and keys.

The same frames feed the on-screen table, the project detail and the downloads,
so what is exported is what was seen.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import pandas as pd

from sprx_map import export, metrics, schema
from sprx_map.geo.geography import Geography
from sprx_map.i18n import format_day, t
from sprx_map.measures import suppressed_mark

PROJECT_FIELDS = tuple(f.key for f in schema.FIELDS)
# What the pathway worked out for each project (sprx_map.referrals), after the fields: whether its type was
# inferred, the period its referrals are counted over and where that came from, and its referrals a year; each
# with its type in a Table Schema (the published data package).
PATHWAY_TYPES = {"type_inferred": "boolean", "referral_period_start": "date", "referral_period_end": "date",
                 "referral_period_source": "string", "referrals_a_year": "number"}  # fmt: skip
PATHWAY_COLUMNS = tuple(PATHWAY_TYPES)
PROJECT_COLUMNS = (*PROJECT_FIELDS, *PATHWAY_COLUMNS)

NO_RETURN_MARK = "[x]"  # in files: no figure, because the area's board has not returned (or withdrew)

FILE_DECIMALS = 2  # rates and FTE in files: hundredths, the precision of the returns' FTE


def _rounded(value, decimals: int | None):
    """A number as a file gives it: whole numbers as integers, others to :data:`FILE_DECIMALS`; missing as None."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return value
    if isinstance(value, numbers.Integral) or (decimals == 0 and float(value).is_integer()):
        return int(value)
    return round(float(value), FILE_DECIMALS)


@dataclass(frozen=True)
class ProjectLabels:
    """What :func:`projects_frame` shows of each of a set of projects in one language, worked out once:
    a frame of any of them is then made from these (see :func:`project_labels`)."""

    position: dict  # project_id -> its row in the columns
    columns: dict  # field key -> each project's shown value, in the set's order

    def take(self, key: str, positions: list[int]):
        values = self.columns[key]
        return [values[i] for i in positions] if isinstance(values, list) else values.take(positions)


def project_labels(projects: pd.DataFrame, geo: Geography, lang: str = "en") -> ProjectLabels:
    """Each project's names and labels in ``lang`` (every column of :func:`projects_frame` but the referral
    counts, whose withholding depends on the projects shown together)."""
    name = "name_cy" if lang == "cy" else "name_en"
    names = {"health_board": geo.boards[name].to_dict(), "cluster": geo.clusters[name].to_dict()}
    columns = {}
    for key in PROJECT_FIELDS:
        f = schema.FIELD_BY_KEY[key]
        if key == "project_type" and "type_used" in projects:  # the type counted, given or inferred
            columns[key] = f.kind.shown(projects["type_used"], f, lang, names)
        elif key != "referrals_received":
            columns[key] = f.kind.shown(projects[key], f, lang, names)
    if "type_used" in projects:
        columns |= _pathway(projects, lang)
    return ProjectLabels({pid: i for i, pid in enumerate(projects["project_id"])}, columns)


def _pathway(projects: pd.DataFrame, lang: str) -> dict:
    """The pathway's columns of each project in ``lang`` (referrals a year are withheld with the count)."""
    yes, no = t("export.yes", lang), t("export.no", lang)
    sources = [
        t(f"period.left_out.{problem}", lang) if problem else (t(f"period.from.{source}", lang) if source else "")
        for source, problem in zip(projects["referral_period_source"], projects["period_problem"], strict=True)
    ]
    return {
        "type_inferred": [yes if v else no for v in projects["type_inferred"]],
        "referral_period_start": [_day(v) for v in projects["referral_period_start"]],
        "referral_period_end": [_day(v) for v in projects["referral_period_end"]],
        "referral_period_source": sources,
    }


def _day(value):
    return None if value is None or (not hasattr(value, "year") and pd.isna(value)) else value


def projects_frame(
    projects: pd.DataFrame, geo: Geography, lang: str = "en", labels: ProjectLabels | None = None
) -> pd.DataFrame:
    """Projects with names and labels instead of codes and keys, one row each.

    Multi-value cells are joined with "; "; numbers and dates keep their types.
    The index is the ``project_id``. ``labels`` (:func:`project_labels` in ``lang`` of a set holding these
    projects) saves working the names and labels out again: the frame is the same.
    """
    labels = labels or project_labels(projects, geo, lang)
    positions = [labels.position[pid] for pid in projects["project_id"]]
    keys = PROJECT_COLUMNS if "type_used" in projects else PROJECT_FIELDS
    columns = {
        key: labels.take(key, positions) for key in keys if key not in ("referrals_received", "referrals_a_year")
    }
    columns["referrals_received"] = _protected_referrals(projects, lang)
    if "referrals_a_year" in keys:
        columns["referrals_a_year"] = _protected_referrals(projects, lang, "referrals_a_year")
    frame = pd.DataFrame(columns, index=pd.Index(projects["project_id"], name="project_id"))
    if "referrals_a_year" in frame:  # whole numbers stay whole, beside "<5" marks
        frame["referrals_a_year"] = pd.Series(columns["referrals_a_year"], index=frame.index, dtype=object)
    return frame[list(keys)]


def _protected_referrals(projects: pd.DataFrame, lang: str, column: str = "referrals_received") -> list:
    """Each project's referral count (or ``column`` made from it), or its mark ("<5", "[c]") when withheld."""
    states = metrics.project_states(projects)
    counts = projects[column].astype(object)
    whole = column == "referrals_received"
    return [
        suppressed_mark(state, lang)
        if state
        else (None if pd.isna(count) else (int(count) if whole else _rounded(float(count), 0)))
        for count, state in zip(counts, states, strict=True)
    ]


NUMBER_COLUMNS = (*(f.key for f in schema.FIELDS if f.kind.numeric), "referrals_a_year")


def for_file(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """A projects frame for a file: a number a project did not report is written ``[x]`` (withheld
    referral counts keep their marks); text and dates stay as they are, missing ones empty."""
    out = frame.copy()
    for column in NUMBER_COLUMNS:
        if column in out:
            out[column] = [
                NO_RETURN_MARK if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v
                for v in out[column].astype(object)
            ]
    return out


def _reference_beside_name(frame: pd.DataFrame) -> pd.DataFrame:
    """The project's reference moved next to its name, where people look for it (files keep the return's order)."""
    if "project_reference" not in frame or "project_name" not in frame:
        return frame
    order = [c for c in frame.columns if c != "project_reference"]
    order.insert(order.index("project_name") + 1, "project_reference")
    return frame[order]


def on_screen(frame: pd.DataFrame) -> pd.DataFrame:
    """A projects frame for the interactive table: the reference beside the name, referral counts as text (they
    may hold "<5")."""
    frame = _reference_beside_name(frame)
    if "referrals_received" not in frame:
        return frame
    out = frame.copy()
    out["referrals_received"] = [
        None if v is None else (f"{v:,}" if isinstance(v, int) else v) for v in frame["referrals_received"]
    ]
    return out


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
    if key in PATHWAY_COLUMNS:
        return t(f"project.{key}", lang)
    f = schema.FIELD_BY_KEY[key]
    return f.cy if lang == "cy" else f.en


def project_detail(row: pd.Series, lang: str = "en") -> pd.DataFrame:
    """One project as a two-column table of field and value (text, never markup)."""
    values, keys = [], [key for key in PROJECT_COLUMNS if key in row.index]
    for key in keys:
        value = row[key]
        if value is None or value is pd.NA or (isinstance(value, float) and value != value) or value == "":
            text = t("table.not_reported", lang)
        elif hasattr(value, "strftime"):
            text = format_day(value, lang)
        else:
            text = str(value)
        values.append(text)
    return pd.DataFrame(
        {t("projects.field", lang): [column_label(k, lang) for k in keys], t("projects.value", lang): values}
    )
