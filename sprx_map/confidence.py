"""The statistics of comparing areas, under their first name: see :mod:`sprx_map.compare.confidence`.

Why it stays: the comparisons' statistics moved into the ``compare/`` package with the rest of comparing
areas, but the issue that moved them kept ``from sprx_map.confidence import compare`` (and the other public
names) working for code and notebooks written against this module. Nothing is defined here: these are the
same objects, so the methods are declared in one place only. New code imports from
:mod:`sprx_map.compare.confidence`.
"""

from sprx_map.compare.confidence import (
    COMPARISONS,
    EXACT_BELOW,
    FIFTHS,
    HIGHER,
    LEVELS,
    LOWER,
    NOT_COMPARED,
    OUTSIDE,
    SIMILAR,
    SPINE,
    Z95,
    Z998,
    compare,
    count_limits,
    exact_test,
    fifths,
    funnel_counts,
    funnel_limits,
    funnel_populations,
    funnel_position,
    placed,
    rate_limits,
    spine,
    spread,
    withheld_counts,
)

__all__ = [
    "COMPARISONS",
    "EXACT_BELOW",
    "FIFTHS",
    "HIGHER",
    "LEVELS",
    "LOWER",
    "NOT_COMPARED",
    "OUTSIDE",
    "SIMILAR",
    "SPINE",
    "Z95",
    "Z998",
    "compare",
    "count_limits",
    "exact_test",
    "fifths",
    "funnel_counts",
    "funnel_limits",
    "funnel_populations",
    "funnel_position",
    "placed",
    "rate_limits",
    "spine",
    "spread",
    "withheld_counts",
]
