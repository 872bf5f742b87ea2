"""The survey-return schema: one place for fields, vocabularies and limits.

The vocabularies themselves are declared in :mod:`sprx_map.vocabulary` (so that parsing a cell, which
needs them, sits below the fields, whose kinds parse cells).

The reader, the store, the template and the sample generator all take their
columns and allowed values from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from sprx_map.i18n import t
from sprx_map.kinds import KINDS, Kind
from sprx_map.vocabulary import (
    ACTIVITY_CATEGORIES,
    ALL_CLUSTERS,
    FUNDING_SOURCES,
    MISSING_TOKENS,
    OUTCOME_MEASURES,
    PROJECT_TYPES,
    REFERRAL_ROUTES,
    STATUSES,
    TARGET_GROUPS,
    YES_NO,
    Labelled,
    Term,
    label,
    labels,
    normalise_label,
    vocabulary_index,
)

# The vocabularies are part of the schema (schema.STATUSES, schema.label): they are declared in
# sprx_map.vocabulary, the layer below cell parsing, and named here as the schema's own.
__all__ = [
    "ACTIVITY_CATEGORIES",
    "ALL_CLUSTERS",
    "COUNT_KEYS",
    "DETAILS_SHEET",
    "EXAMPLE_PREFIX",
    "FIELDS",
    "FIELD_BY_KEY",
    "FUNDING_SOURCES",
    "LIST_FIELDS",
    "MISSING_TOKENS",
    "OUTCOME_MEASURES",
    "PERIOD_SOURCES",
    "PROJECTS_SHEET",
    "PROJECT_TYPES",
    "REFERRAL_ROUTES",
    "REQUIRED",
    "RETURN_DETAILS",
    "ROUND_PATTERN",
    "STATUSES",
    "TARGET_GROUPS",
    "YES_NO",
    "Field",
    "Term",
    "label",
    "labels",
    "normalise_label",
    "projects_frame",
    "vocabulary_index",
]


@dataclass(frozen=True)
class Field(Labelled):
    """One column of the Projects sheet.

    ``kind`` is the kind of value it holds (:mod:`sprx_map.kinds`), declared by name (``text``,
    ``board``, ``clusters``, ``choice``, ``choices``, ``decimal``, ``integer``, ``money``, ``date``,
    ``yesno``, ``postcode``, ``url`` or ``reference``) and held as the kind itself, which parses, stores and
    shows values. Its name in each language is the catalogue's ``field.<key>``.
    """

    key: str
    kind: Kind
    required: bool = False
    vocabulary: tuple[Term, ...] = ()
    maximum: float | None = None

    def __post_init__(self) -> None:
        if isinstance(self.kind, str):
            object.__setattr__(self, "kind", KINDS[self.kind])

    @property
    def catalogue_key(self) -> str:
        return f"field.{self.key}"

    @property
    def header(self) -> str:
        """The template's header cell: English, a star when required, the Welsh hint."""
        star = " *" if self.required else ""
        return f"{self.en}{star} / {self.cy}"


MAX_LINK_WORKER_FTE = 50.0
MAX_HEADCOUNT = 200
MAX_REFERRALS = 100_000
MAX_FUNDING_GBP = 50_000_000

FIELDS: tuple[Field, ...] = (
    Field("project_name", "text", True),
    Field("lead_organisation", "text", True),
    Field("health_board", "board", True),
    Field("clusters_served", "clusters", True),
    Field("status", "choice", True, STATUSES),
    Field("activity_categories", "choices", True, ACTIVITY_CATEGORIES),
    Field("target_groups", "choices", vocabulary=TARGET_GROUPS),
    Field("referral_routes", "choices", vocabulary=REFERRAL_ROUTES),
    Field("project_type", "choice", vocabulary=PROJECT_TYPES),
    Field("link_worker_fte", "decimal", maximum=MAX_LINK_WORKER_FTE),
    Field("link_worker_headcount", "integer", maximum=MAX_HEADCOUNT),
    Field("referrals_received", "integer", maximum=MAX_REFERRALS),
    Field("reporting_period_start", "date"),
    Field("reporting_period_end", "date"),
    Field("funding_sources", "choices", vocabulary=FUNDING_SOURCES),
    Field("annual_funding_gbp", "money", maximum=MAX_FUNDING_GBP),
    Field("start_date", "date"),
    Field("end_date", "date"),
    Field("venue_postcode", "postcode"),
    Field("website", "url"),
    Field("evaluation_in_place", "yesno"),
    Field("outcome_measures", "choices", vocabulary=OUTCOME_MEASURES),
    Field("notes", "text"),
    # The project's reference (sprx_map.references): given by the store, written in a pre-filled return, and
    # read back from it to know the project whatever its name now is. Last, so returns made before it keep
    # their columns where they were.
    Field("project_reference", "reference"),
)

FIELD_BY_KEY = {f.key: f for f in FIELDS}
REQUIRED = tuple(f.key for f in FIELDS if f.required)
LIST_FIELDS = tuple(f.key for f in FIELDS if f.kind.listed)

# Details of the return as a whole, on the template's "Return details" sheet: (key, English, Welsh), the
# labels being the catalogue's ``return_detail.<key>``.
RETURN_DETAILS = tuple(
    (key, t(f"return_detail.{key}", "en"), t(f"return_detail.{key}", "cy"))
    for key in ("health_board", "round", "date_returned", "returned_by")
)
# Labels templates wrote before (key -> labels), still read: returns made from an older template keep working.
RETURN_DETAIL_ALIASES = {"round": ("Cylch yr arolwg",)}

ROUND_PATTERN = re.compile(r"^\d{4}-\d{2}$|^[a-z0-9][a-z0-9_.-]{0,31}$")


# What the template writes and the reader looks for.
PROJECTS_SHEET = "Projects"
DETAILS_SHEET = "Return details"
EXAMPLE_PREFIX = "EXAMPLE (delete this row): "
# How every row read is accounted for: rows_read = the other five added up.
COUNT_KEYS = ("rows_read", "accepted", "accepted_with_warnings", "rejected", "skipped_blank", "skipped_total")


# Where a project's reporting period came from: its own period columns ("project"), a period named in the
# heading of its referrals column ("heading"), or neither, so the round's period ("").
PERIOD_SOURCES = ("project", "heading", "")


def projects_frame(records: list[dict]) -> pd.DataFrame:
    """Project records as a DataFrame with the schema's columns and types.

    Beside the fields, where each record was read (``source_file``, ``source_row``) and where its
    reporting period came from (``period_source``, one of :data:`PERIOD_SOURCES`; "" when not said).
    """
    columns = ["source_file", "source_row", "period_source", *(f.key for f in FIELDS)]
    frame = pd.DataFrame.from_records(records, columns=columns)
    for f in FIELDS:
        frame[f.key] = f.kind.column(frame[f.key])
    frame["source_row"] = frame["source_row"].astype("int64")
    frame["period_source"] = frame["period_source"].astype(object).where(frame["period_source"].notna(), "")
    return frame
