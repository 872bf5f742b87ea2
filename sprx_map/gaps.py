"""Coverage gaps: clusters ranked per head, the kinds of support each lacks, need against provision.

Every figure comes from :func:`sprx_map.metrics.area_table`, so the gaps agree
with the map and the overview, disclosure control included.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sprx_map import measures, metrics, schema
from sprx_map.compare import comparisons
from sprx_map.geo.geography import LEVELS, Geography
from sprx_map.i18n import t


def level_tables(
    projects: pd.DataFrame,
    shares: pd.DataFrame,
    geo: Geography,
    clusters: list[str] | None = None,
    *,
    everywhere: pd.DataFrame | None = None,
    threshold: int | None = None,
) -> dict[str, pd.DataFrame]:
    """The area tables of the chosen clusters, their boards and Wales (what :func:`ranking` sets side by side).

    The cluster table carries its comparisons (:func:`sprx_map.compare.comparisons.with_comparisons`): against the
    Wales and boards of the same clusters, fifths among ``everywhere`` (the cluster table of all of Wales;
    default the chosen clusters).
    """
    tables = {
        level: metrics.area_table(projects, shares, geo, level, clusters, threshold=threshold)
        for level in ("cluster", "health_board", "wales")
    }
    tables["cluster"] = comparisons.with_comparisons(
        tables["cluster"], geo, "cluster", wales=tables["wales"], boards=tables["health_board"],
        fifths_among=everywhere, threshold=threshold,
    )  # fmt: skip
    return tables


def ranking(tables: dict[str, pd.DataFrame], geo: Geography, *, by: str = "fte_per_10k") -> pd.DataFrame:
    """Clusters from least to most provision per head, each beside its board's value and Wales's.

    Columns: ``hb_code``, ``projects_current``, both rates, the comparison columns
    of the cluster table, ``board_<rate>`` and ``wales_<rate>`` for each, and
    ``no_current`` (no current project serves the cluster). Order: ``by``
    ascending (withheld or missing last), then the other rate, then geography
    order. The board and Wales values are those of the same chosen clusters, so
    a filtered view compares like with like. ``tables`` is
    :func:`level_tables` output.
    """
    cluster, board, wales = tables["cluster"], tables["health_board"], tables["wales"]
    carried = [c for c in measures.COMPARED if c in cluster]
    out = cluster[["projects_current", *measures.RATES, metrics.SUPPRESSED, *carried]].copy()
    out.insert(0, "hb_code", geo.clusters.loc[out.index, "hb_code"])
    for rate in measures.RATES:
        out[f"board_{rate}"] = out["hb_code"].map(board[rate]).astype(float)
        out[f"wales_{rate}"] = float(wales[rate].iloc[0]) if not wales.empty else np.nan
    out["no_current"] = out["projects_current"] == 0
    other = measures.RATES[1] if by == measures.RATES[0] else measures.RATES[0]
    position = pd.Series(range(len(geo.clusters)), index=geo.clusters.index)
    order = pd.DataFrame(
        {"by": out[by].fillna(np.inf), "other": out[other].fillna(np.inf), "pos": position.loc[out.index]}
    ).sort_values(["by", "other", "pos"])
    return out.loc[order.index]


def category_counts(projects: pd.DataFrame) -> pd.Series:
    """Projects per activity category (every category of the vocabulary, in its order; a project counts in
    each of its categories)."""
    keys = [term.key for term in schema.ACTIVITY_CATEGORIES]
    counts = pd.Series([c for cs in projects["activity_categories"] for c in cs], dtype=object).value_counts()
    return counts.reindex(keys, fill_value=0).astype("int64")


def category_matrix(projects: pd.DataFrame, geo: Geography, clusters: list[str] | None = None) -> pd.DataFrame:
    """Current projects serving each cluster, by activity category (clusters x categories).

    A project counts once in every cluster it serves, under every category it
    lists; a zero is a kind of support the cluster lacks.
    """
    clusters = list(geo.clusters.index) if clusters is None else list(clusters)
    categories = [term.key for term in schema.ACTIVITY_CATEGORIES]
    current = projects[projects["status"] == "current"]
    pairs = [
        (cluster, category)
        for served, listed in zip(current["clusters_served"], current["activity_categories"], strict=True)
        for cluster in served
        for category in listed
    ]
    counts = pd.DataFrame(pairs, columns=["cluster", "category"])
    matrix = pd.crosstab(counts["cluster"], counts["category"]) if pairs else pd.DataFrame()
    return (
        matrix.reindex(index=clusters, columns=categories, fill_value=0)
        .astype("int64")
        .rename_axis(index="cluster_id", columns="category")
    )


# Need against provision -----------------------------------------------------------

QUADRANTS = ("gap", "matched_high", "matched_low", "ahead")  # high need & low provision first


@dataclass
class Indicator:
    """A need indicator read from a user's CSV: one value per area of one level."""

    name: str
    level: str | None = None
    values: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    problems: list[str] = field(default_factory=list)  # nothing usable: say why
    notes: list[str] = field(default_factory=list)  # rows left out, and why

    @property
    def ok(self) -> bool:
        return not self.problems and not self.values.empty


def read_indicator(file_name: str, data: bytes, geo: Geography, lang: str = "en") -> Indicator:
    """Read a CSV of one need indicator keyed by area code or name, at any level.

    The key is the first column whose entries resolve to areas (codes such as
    W11000024 or W06000023, cluster ids, or English or Welsh names); the value is
    the first other column of numbers. Every row is accounted for: used, or left
    out with the reason in ``notes``.
    """
    indicator = Indicator(name=file_name)
    try:
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        indicator.problems.append(t("need.not_csv", lang, file=file_name, error=str(exc).splitlines()[0]))
        return indicator
    best = None
    for column in frame.columns:
        for level in LEVELS:
            hits = sum(_resolve(geo, level, v) is not None for v in frame[column])
            if hits and (best is None or hits > best[2]):
                best = (column, level, hits)
    if best is None:
        indicator.problems.append(t("need.no_key", lang, file=file_name, columns=", ".join(map(str, frame.columns))))
        return indicator
    key, level, _ = best
    numbers = {c: pd.to_numeric(frame[c].str.replace(",", "").str.strip(), errors="coerce") for c in frame.columns}
    value_columns = [c for c in frame.columns if c != key and numbers[c].notna().any()]
    if not value_columns:
        indicator.problems.append(t("need.no_value", lang, file=file_name))
        return indicator
    column = value_columns[0]
    indicator.name, indicator.level = str(column), level
    values = {}
    for row, (area, value) in enumerate(zip(frame[key], numbers[column], strict=True), start=2):
        code = _resolve(geo, level, area)
        if code is None:
            level_name = t(f"level.{level}", lang)
            indicator.notes.append(t("need.unknown_area", lang, row=row, area=area, level=level_name.lower()))
        elif pd.isna(value):
            indicator.notes.append(t("need.no_number", lang, row=row, value=frame.at[row - 2, column]))
        elif code in values:
            indicator.notes.append(t("need.repeated", lang, row=row, area=area))
        else:
            values[code] = float(value)
    indicator.values = pd.Series(values, dtype=float, name=indicator.name).rename_axis("code")
    missing = [c for c in geo.layer(level).index if c not in values]
    if missing:
        names = geo.area_names(level, lang)
        indicator.notes.append(t("need.missing_areas", lang, count=len(missing), areas=", ".join(names[missing][:5])))
    return indicator


def _resolve(geo: Geography, level: str, text: str) -> str | None:
    """The area code of a code or an English or Welsh name, at ``level`` only."""
    return geo.names.resolve(level, str(text).strip())


def need_provision(table: pd.DataFrame, need: pd.Series, provision: str) -> pd.DataFrame:
    """Areas with both a need value and a provision value, placed in quadrants.

    The dividing lines are the medians over those areas. Quadrants: ``gap``
    (need above the median, provision at or below it), ``matched_high``,
    ``matched_low`` and ``ahead`` (need at or below, provision above).
    """
    both = pd.DataFrame({"need": need, "provision": table[provision]}).dropna()
    if both.empty:
        return both.assign(quadrant=pd.Series(dtype=object))
    need_mid, provision_mid = both["need"].median(), both["provision"].median()
    high_need, high_provision = both["need"] > need_mid, both["provision"] > provision_mid
    both["quadrant"] = np.select(
        [high_need & ~high_provision, high_need & high_provision, ~high_need & ~high_provision],
        ["gap", "matched_high", "matched_low"],
        "ahead",
    )
    both.attrs.update(need_median=float(need_mid), provision_median=float(provision_mid))
    return both
