"""The About page's sections, worded with the values they need, for the dashboard and the published site.

A section's words name no count of their own: the count of clusters comes from the geography in use
(one of 64 clusters says 64) and the disclosure threshold from the setting in force, so the About page
and the published methods page say the same.
"""

from __future__ import annotations

from sprx_map import metrics
from sprx_map.geo.geography import Geography
from sprx_map.i18n import t

# The About page's sections, in order (each an ``about.<section>.title`` and ``.body`` in the catalogue).
SECTIONS = ("what", "data", "measures", "pathway", "apportioning", "disclosure", "intervals", "small_areas", "funnel",
            "fifths", "references", "clusters", "template", "sources")  # fmt: skip


def values(section: str, geo: Geography, threshold: int | None = None) -> dict[str, int]:
    """What the words of ``section`` fill in: the count of ``geo``'s clusters, or the disclosure threshold
    (``threshold``, else the setting in force) and the largest count withheld below it."""
    if section == "measures":
        return {"clusters": len(geo.clusters)}
    if section == "disclosure":
        threshold = metrics.suppression_threshold() if threshold is None else threshold
        return {"threshold": threshold, "below": threshold - 1}
    return {}


def body(section: str, geo: Geography, lang: str = "en", threshold: int | None = None) -> str:
    """The body of ``section`` in ``lang`` (Markdown), its counts those of ``geo``.

    >>> from sprx_map.geo.geography import load_geography
    >>> "(60 in Wales)" in body("measures", load_geography())
    True
    """
    return t(f"about.{section}.body", lang, **values(section, geo, threshold))
