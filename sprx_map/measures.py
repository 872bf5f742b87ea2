"""The measures: one registry, as :data:`sprx_map.schema.FIELDS` is for fields.

For each measure: its label (``measure.<key>`` in the catalogue), how many
decimals it is written with, what it is (a count of projects or clusters, a
count of people, an FTE, patients, or a rate of another measure per so many
patients) and whether it is withheld when small (counts of people, and the rates
made from them: see :func:`sprx_map.metrics.suppress`). Every table, map, chart
and file takes these from here.

How an area's measure is set against others is declared here too: a rate of a
count has confidence limits (``interval="poisson"``, see
:mod:`sprx_map.compare.confidence`) and is compared with Wales and its board by them;
FTE per head is not a count, so it has no interval and an area is placed in its
fifth of all areas at its level (``compared="fifths"``). The columns those
comparisons add to an area table (:func:`sprx_map.compare.comparisons.with_comparisons`)
are measures of the registry too, so files label and mark them as the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sprx_map.i18n import format_number, t


@dataclass(frozen=True)
class Measure:
    """One measure: what it counts, how it is written, whether it is withheld when small."""

    key: str
    kind: str  # "projects", "clusters", "people", "fte", "patients", "rate", "indicator"; "limit", "comparison",
    # "fifth" for the columns comparisons add
    decimals: int = 0
    of: str | None = None  # a rate: the measure it is made of
    per: int | None = None  # a rate: per how many registered patients
    withheld: bool = False  # a count of people (or a rate made from one): withheld when small
    interval: str | None = None  # "poisson": confidence limits of a rate of a count (sprx_map.compare.confidence)
    compared: str | None = None  # how an area is set against others: "limits" (with Wales, its board) or "fifths"
    counted: str | None = None  # a rate of a count a year: the column of the count as returned (limits are of it)
    state: str = "suppressed"  # the area table's column saying whether (and why) it is withheld
    a_year: bool = False  # a count over a year (referrals a year): the rates made of it are a year's too

    @property
    def label_key(self) -> str:
        return f"measure.{self.key}"

    @property
    def is_count(self) -> bool:
        """A whole count (maps class it in whole numbers)."""
        return self.kind in ("projects", "clusters", "people", "patients")

    @property
    def table_type(self) -> str:
        """Its type in a Table Schema: words for completeness and comparisons, yes or no for a flag, else a
        number (whole counts too: a file writes a count as 12.0 when a missing figure sits in its column)."""
        return {"reporting": "string", "comparison": "string", "flag": "boolean"}.get(self.kind, "number")


_BASE = (
    Measure("projects_current", "projects"),
    Measure("projects_planned", "projects"),
    Measure("link_worker_fte", "fte", decimals=1),
    # Referrals a year (sprx_map.referrals): to social prescribing (the headline), and onward to activities.
    Measure("referrals", "people", withheld=True, a_year=True),
    Measure("onward_referrals", "people", withheld=True, state="onward_suppressed", a_year=True),
    # The same as returned (over each project's period): what limits and comparisons are worked out on.
    Measure("referrals_counted", "people", withheld=True),
    Measure("onward_counted", "people", withheld=True, state="onward_suppressed"),
    # Completeness: how many of an area's current projects reported a figure, and whether that is under half.
    Measure("fte_reporting", "reporting", of="link_worker_fte"),
    Measure("referrals_reporting", "reporting", of="referrals"),
    Measure("incomplete", "flag"),
    Measure("fte_per_10k", "rate", decimals=2, of="link_worker_fte", per=10_000, compared="fifths"),
    Measure(
        "referrals_per_1k",
        "rate",
        decimals=2,
        of="referrals",
        per=1_000,
        withheld=True,
        interval="poisson",
        compared="limits",
        counted="referrals_counted",
    ),
    Measure("clusters_covered", "clusters"),
    Measure("clusters_without", "clusters"),
    Measure("clusters_total", "clusters"),
    Measure("registered_population", "patients"),
    Measure("need", "indicator", decimals=2),  # a user's indicator of need, as read from their file
    Measure("referrals_received", "people", withheld=True),  # one project's own count
)
# A change between two rounds: each round's figure and the difference, written as the measure is.
CHANGED = ("projects_current", "link_worker_fte", "referrals")
REGISTRY: dict[str, Measure] = {m.key: m for m in _BASE}
for _key in CHANGED:
    for _part in ("before", "now", "change"):
        _m = REGISTRY[_key]
        REGISTRY[f"{_key}_{_part}"] = Measure(
            f"{_key}_{_part}", _m.kind, _m.decimals, withheld=_m.withheld, a_year=_m.a_year
        )

# Comparisons: the columns they add for each rate, named after it. Limits are withheld with their rate.
COMPARATORS = ("wales", "board")  # an area against Wales, and against its health board
INTERVALS = tuple(m.key for m in _BASE if m.interval)
BY_FIFTHS = tuple(m.key for m in _BASE if m.compared == "fifths")


def lower_limit(key: str) -> str:
    """The column of a rate's lower 95% confidence limit (``referrals_per_1k_lower95``)."""
    return f"{key}_lower95"


def upper_limit(key: str) -> str:
    """The column of a rate's upper 95% confidence limit (``referrals_per_1k_upper95``)."""
    return f"{key}_upper95"


def compared_with(key: str, comparator: str) -> str:
    """The column of a rate compared with ``wales`` or the area's ``board`` (``referrals_per_1k_vs_wales``)."""
    return f"{key}_vs_{comparator}"


def fifth(key: str) -> str:
    """The column of an area's fifth of all areas at its level for a measure (``fte_per_10k_fifth``)."""
    return f"{key}_fifth"


for _key in INTERVALS:
    _m = REGISTRY[_key]
    for _column in (lower_limit(_key), upper_limit(_key)):
        REGISTRY[_column] = Measure(_column, "limit", _m.decimals, of=_key, per=_m.per, withheld=_m.withheld)
    for _comparator in COMPARATORS:
        REGISTRY[compared_with(_key, _comparator)] = Measure(compared_with(_key, _comparator), "comparison", of=_key)
for _key in BY_FIFTHS:
    REGISTRY[fifth(_key)] = Measure(fifth(_key), "fifth", of=_key)
# The columns :func:`sprx_map.compare.comparisons.with_comparisons` adds to an area table, in order.
COMPARED = tuple(
    [c for k in INTERVALS for c in (lower_limit(k), upper_limit(k), *(compared_with(k, x) for x in COMPARATORS))]
    + [fifth(k) for k in BY_FIFTHS]
)

# The measures of an area, in the order tables show them; the gap measure only for areas of several clusters.
AREA = ("projects_current", "projects_planned", "link_worker_fte", "referrals", "fte_per_10k", "referrals_per_1k",
        "onward_referrals", "clusters_covered")  # fmt: skip
GAP = "clusters_without"
REPORTING = ("fte_reporting", "referrals_reporting")  # completeness: "18 of 22" current projects reported it
HALF = 0.5  # a figure reported by fewer than this share of an area's current projects is incomplete
COLUMNS = (*AREA, GAP, "clusters_total", "registered_population", *REPORTING, "incomplete")
COUNTED = ("referrals_counted", "onward_counted")  # in the area table, not shown: the counts limits are made of
RATES = tuple(key for key in AREA if REGISTRY[key].kind == "rate")
# The figures withheld when small: counts of people and the rates made from them.
WITHHELD = tuple(key for key, m in REGISTRY.items() if m.withheld)
PROTECTED = tuple(key for key in (*COLUMNS, *COUNTED) if REGISTRY[key].withheld)  # the area table's withheld columns


def protected_by(state: str) -> tuple[str, ...]:
    """The area table's withheld columns whose withholding ``state`` column says (``suppressed`` or
    ``onward_suppressed``)."""
    return tuple(key for key in PROTECTED if REGISTRY[key].state == state)


def state_of(key: str) -> str:
    """The area table's column that says whether ``key`` is withheld (and why)."""
    measure = REGISTRY.get(key)
    return measure.state if measure else "suppressed"


HEADLINE = ("projects_current", "link_worker_fte", "referrals", "fte_per_10k", "referrals_per_1k")
PROFILE = ("projects_current", "projects_planned", "link_worker_fte", "referrals", "fte_per_10k", "referrals_per_1k",
           "onward_referrals")  # fmt: skip


def at_level(level: str) -> tuple[str, ...]:
    """The measures a map and its table offer at ``level``: gaps need areas made of several clusters."""
    return AREA if level == "cluster" else (*AREA, GAP)


def decimals(key: str) -> int:
    """How many decimals a measure is written with (0 for one the registry does not know)."""
    measure = REGISTRY.get(key)
    return measure.decimals if measure else 0


def is_withheld(key: str) -> bool:
    """Whether the measure is withheld when small."""
    measure = REGISTRY.get(key)
    return bool(measure and measure.withheld)


def is_count(key: str) -> bool:
    """Whether the measure is a whole count."""
    measure = REGISTRY.get(key)
    return bool(measure and measure.is_count)


def under_half(reported, current):
    """Whether a figure reported by ``reported`` of ``current`` current projects rests on fewer than half of
    them (never for an area with none); numbers or arrays alike.

    >>> under_half(3, 8), under_half(4, 8), under_half(0, 0)
    (True, False, False)
    """
    return (current > 0) & (reported < HALF * current)


def reported_of(reported, current, lang: str = "en", *, marked: bool = False) -> str | None:
    """How many current projects reported a figure, in words ("18 of 22"); None when unknown. ``marked``
    adds the mark and the word when it is fewer than half ("3 of 8 ◔ incomplete").

    >>> reported_of(3, 8, marked=True), reported_of(4, 8, marked=True), reported_of(0, 0)
    ('3 of 8 ◔ incomplete', '4 of 8', '0 of 0')
    """
    if reported is None or current is None or pd.isna(reported) or pd.isna(current):
        return None
    text = t("completeness.of", lang, reported=int(reported), total=int(current))
    if marked and under_half(int(reported), int(current)):
        text = t("completeness.marked", lang, text=text)
    return text


def reporting_of(key: str) -> str | None:
    """The completeness column of a measure: how many current projects reported what it is made of
    (``fte_reporting`` for link-worker FTE and its rate, ``referrals_reporting`` for referrals); None for others.

    >>> reporting_of("fte_per_10k"), reporting_of("referrals"), reporting_of("projects_current")
    ('fte_reporting', 'referrals_reporting', None)
    """
    base = REGISTRY[key].of if key in REGISTRY and REGISTRY[key].kind == "rate" else key
    return next((r for r in REPORTING if REGISTRY[r].of == base), None)


def incomplete(row, key: str) -> bool:
    """Whether an area's figure of ``key`` rests on fewer than half of its current projects (``row``: the
    area's row of an area table, or its figures); False when nothing says so or the measure rests on none."""
    reporting = reporting_of(key)
    if reporting is None or row is None:
        return False
    reported, current = row.get(reporting), row.get("projects_current")
    if reported is None or current is None or pd.isna(reported) or pd.isna(current):
        return False
    return bool(under_half(int(reported), int(current)))


def suppressed_mark(state: str, lang: str = "en") -> str:
    """ "<5" for a count below the threshold (primary), "[c]" for one withheld to protect it (secondary)."""
    from sprx_map.settings import value

    if state == "primary":
        return t("suppressed.primary", lang, threshold=value("SPRX_SUPPRESSION_THRESHOLD"))
    return t("suppressed.secondary", lang)


# The units a kind of measure is counted in (``unit.<name>`` in the catalogue); rates and limits say per how
# many patients instead, and comparisons, fifths and words have none.
UNITS = {"projects": "projects", "clusters": "clusters", "patients": "patients", "fte": "fte", "people": "people"}


def unit(key: str, lang: str = "en") -> str | None:
    """What a measure is counted in, in words ("per 1,000 patients a year", "referrals a year"); None for one
    with no unit or that the registry does not know.

    >>> unit("referrals_per_1k"), unit("referrals"), unit("clusters_total"), unit("referrals_per_1k_vs_wales")
    ('per 1,000 patients a year', 'referrals a year', 'clusters', None)
    """
    measure = REGISTRY.get(key)
    if measure is None:
        return None
    base = measure
    while base.of is not None and base.kind in ("rate", "limit"):
        base = REGISTRY[base.of]
    if measure.per:
        return t("unit.rate_a_year" if base.a_year else "unit.rate", lang, per=format_number(measure.per, 0, lang))
    name = UNITS.get(measure.kind)
    if name is None:
        return None
    return t(f"unit.{name}_a_year" if measure.a_year else f"unit.{name}", lang)


def format_measure(value: float | int | None, key: str, lang: str = "en", suppressed: str = "") -> str:
    """A measure's value as people read it; a withheld figure shows its mark ("<5" or "[c]")."""
    if suppressed and is_withheld(key):
        return suppressed_mark(suppressed, lang)
    if isinstance(value, str):  # already in words ("18 of 22", "yes")
        return value
    return format_number(value, decimals(key), lang)
