"""The measures: one registry, as :data:`sprx_map.schema.FIELDS` is for fields.

For each measure: its label (``measure.<key>`` in the catalogue), how many
decimals it is written with, what it is (a count of projects or clusters, a
count of people, an FTE, patients, or a rate of another measure per so many
patients) and whether it is withheld when small (counts of people, and the rates
made from them: see :func:`sprx_map.metrics.suppress`). Every table, map, chart
and file takes these from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sprx_map.i18n import format_number, t


@dataclass(frozen=True)
class Measure:
    """One measure: what it counts, how it is written, whether it is withheld when small."""

    key: str
    kind: str  # "projects", "clusters", "people", "fte", "patients", "rate", "indicator"
    decimals: int = 0
    of: str | None = None  # a rate: the measure it is made of
    per: int | None = None  # a rate: per how many registered patients
    withheld: bool = False  # a count of people (or a rate made from one): withheld when small

    @property
    def label_key(self) -> str:
        return f"measure.{self.key}"

    @property
    def is_count(self) -> bool:
        """A whole count (maps class it in whole numbers)."""
        return self.kind in ("projects", "clusters", "people", "patients")


_BASE = (
    Measure("projects_current", "projects"),
    Measure("projects_planned", "projects"),
    Measure("link_worker_fte", "fte", decimals=1),
    Measure("referrals", "people", withheld=True),
    Measure("fte_per_10k", "rate", decimals=2, of="link_worker_fte", per=10_000),
    Measure("referrals_per_1k", "rate", decimals=2, of="referrals", per=1_000, withheld=True),
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
        REGISTRY[f"{_key}_{_part}"] = Measure(f"{_key}_{_part}", _m.kind, _m.decimals, withheld=_m.withheld)

# The measures of an area, in the order tables show them; the gap measure only for areas of several clusters.
AREA = ("projects_current", "projects_planned", "link_worker_fte", "referrals", "fte_per_10k", "referrals_per_1k",
        "clusters_covered")  # fmt: skip
GAP = "clusters_without"
COLUMNS = (*AREA, GAP, "clusters_total", "registered_population")
RATES = tuple(key for key in AREA if REGISTRY[key].kind == "rate")
# The figures withheld when small: counts of people and the rates made from them.
WITHHELD = tuple(key for key, m in REGISTRY.items() if m.withheld)
PROTECTED = tuple(key for key in COLUMNS if REGISTRY[key].withheld)  # the area table's withheld columns
HEADLINE = ("projects_current", "link_worker_fte", "referrals", "fte_per_10k", "referrals_per_1k")
PROFILE = ("projects_current", "projects_planned", "link_worker_fte", "referrals", "fte_per_10k", "referrals_per_1k")


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


def suppressed_mark(state: str, lang: str = "en") -> str:
    """ "<5" for a count below the threshold (primary), "[c]" for one withheld to protect it (secondary)."""
    from sprx_map.settings import value

    if state == "primary":
        return t("suppressed.primary", lang, threshold=value("SPRX_SUPPRESSION_THRESHOLD"))
    return t("suppressed.secondary", lang)


def format_measure(value: float | int | None, key: str, lang: str = "en", suppressed: str = "") -> str:
    """A measure's value as people read it; a withheld figure shows its mark ("<5" or "[c]")."""
    if suppressed and is_withheld(key):
        return suppressed_mark(suppressed, lang)
    return format_number(value, decimals(key), lang)
