"""Comparing areas: each area set against Wales, its board and the other areas of its level.

:mod:`~sprx_map.compare.confidence` holds the statistics (confidence limits, fifths, funnel limits, spine
numbers), :mod:`~sprx_map.compare.comparisons` adds them to an area table as columns and words them,
:mod:`~sprx_map.compare.areas` makes the one compared table every view reads (and the numbers of its funnel
and spine), and :mod:`~sprx_map.compare.charts` draws the funnel, spine and trend figures with their tables.
A benchmark elsewhere in the project (``bench/``) is a measure of speed, not this.
"""
