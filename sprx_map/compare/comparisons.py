"""An area table's statistical comparisons: confidence limits, "higher / similar / lower", fifths, trends.

Why: every view that sets an area against Wales or its board (tables, the
profile, slides, the gaps ranking, downloads) must say the same thing, from
the same figures, withheld exactly where the figures are. So the comparisons
are columns added to :func:`sprx_map.metrics.area_table` output, computed here
once with :mod:`sprx_map.compare.confidence`; which measures get limits and which get
fifths is declared in :mod:`sprx_map.measures`. Existing columns are left as
they are. Words and marks come from the catalogue, so a comparison is never
told by colour alone (▲ higher, ▼ lower, ● similar, ○ not compared).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from sprx_map import measures, metrics
from sprx_map.compare import confidence
from sprx_map.geo.geography import Geography
from sprx_map.i18n import t

SHOWN, WITHHELD, NO_RETURN, NOT_REPORTED = "shown", "withheld", "no_return", "not_reported"


def with_comparisons(
    table: pd.DataFrame,
    geo: Geography,
    level: str,
    *,
    wales: pd.DataFrame,
    boards: pd.DataFrame | None = None,
    fifths_among: pd.DataFrame | None = None,
    threshold: int | None = None,
) -> pd.DataFrame:
    """``table`` (an area table of ``level``) with the comparison columns :data:`sprx_map.measures.COMPARED` added.

    ``wales`` and ``boards`` are :func:`sprx_map.metrics.area_table` at ``wales``
    and ``health_board`` for the same clusters and projects, so a filtered view
    compares like with like (as :func:`sprx_map.gaps.ranking` does). For each
    rate with an interval (``referrals_per_1k``):

    - ``<rate>_lower95``, ``<rate>_upper95``: its 95% confidence limits
      (:func:`sprx_map.compare.confidence.rate_limits`), missing where the rate is
      withheld (``<5`` or ``[c]``), not reported or the board has not returned;
    - ``<rate>_vs_wales``, ``<rate>_vs_board``: "higher", "similar", "lower" or
      "not_compared" (:func:`sprx_map.compare.confidence.compare`) against the Wales
      value and the area's own board's value; "not_compared" also when that
      value is itself withheld or missing. ``None`` where the comparison does not
      apply: a board against its board, Wales against anything.

    For each measure compared by fifths (``fte_per_10k``), ``<measure>_fifth``:
    1 (lowest) to 5 (highest) among the areas of ``fifths_among`` (default
    ``table`` itself; pass the unfiltered table of the level to place areas among
    all of Wales's), see :func:`sprx_map.compare.confidence.fifths`; ``<NA>`` with no value
    or fewer than five areas. ``threshold`` is the suppression threshold the
    tables were made with (default: the setting).
    """
    out = table.copy()
    wales_row = wales.iloc[0] if len(wales.index) else None
    board_of = _board_of(out.index, geo, level) if level in ("cluster", "local_authority") else None
    for key in measures.INTERVALS:
        m = measures.REGISTRY[key]
        counted = m.counted if m.counted in out else m.of
        counts = out[counted].astype("Float64").mask(out[key].isna())  # no rate shown, no limits
        limits = confidence.rate_limits(counts, out["registered_population"], per=m.per, threshold=threshold)
        per_year = 1 / years_counted(out, key)  # limits of the count as returned, made a year's (as Fingertips does)
        out[measures.lower_limit(key)] = limits["lower"].to_numpy() * per_year
        out[measures.upper_limit(key)] = limits["upper"].to_numpy() * per_year
        lower, upper = out[measures.lower_limit(key)], out[measures.upper_limit(key)]
        if level == "wales":
            out[measures.compared_with(key, "wales")] = None
        else:
            value = _value(wales_row, key)
            out[measures.compared_with(key, "wales")] = confidence.compare(lower, upper, value)
        if board_of is None:
            out[measures.compared_with(key, "board")] = None
        else:
            board_values = _values(boards, key).reindex(board_of.to_numpy()).to_numpy()
            out[measures.compared_with(key, "board")] = confidence.compare(lower, upper, board_values)
    among = table if fifths_among is None else fifths_among
    for key in measures.BY_FIFTHS:
        placed = confidence.fifths(among[key].astype("Float64").mask(_absent(among)))
        out[measures.fifth(key)] = placed.reindex(out.index).astype("Int64").to_numpy()
    return out


def years_counted(table: pd.DataFrame, key: str) -> np.ndarray:
    """For a rate of a count a year, the years each area's count as returned stands for: the count as
    returned over the count a year. Where an area's projects reported over different periods this is their
    count-weighted mean length (the approximation: the area's count is taken as one Poisson count over that
    time); where all reported over the same period, it is that period exactly. 1 where nothing was counted
    (or the rate has no count a year).

    >>> t = pd.DataFrame({"referrals": [200.0, 0.0, 50.0], "referrals_counted": [150, 0, 50]})
    >>> years_counted(t, "referrals_per_1k").round(4).tolist()
    [0.75, 1.0, 1.0]
    """
    m = measures.REGISTRY[key]
    if not m.counted or m.counted not in table:
        return np.ones(len(table))
    counted = table[m.counted].to_numpy(dtype=float, na_value=np.nan)
    a_year = table[m.of].to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        years = counted / a_year
    return np.where((counted > 0) & (a_year > 0), years, 1.0)


def _board_of(codes: pd.Index, geo: Geography, level: str) -> pd.Series:
    """The health board of each cluster or local authority in ``codes``."""
    layer = geo.clusters if level == "cluster" else geo.authorities
    return layer["hb_code"].reindex(codes)


def _absent(table: pd.DataFrame) -> pd.Series:
    """True for the areas of boards that have not returned (no figure to rank or compare)."""
    return table[metrics.NO_RETURN].astype(bool) if metrics.NO_RETURN in table else pd.Series(False, table.index)


def _values(table: pd.DataFrame | None, key: str) -> pd.Series:
    """A comparator table's values of ``key`` as floats, missing where withheld or with no return."""
    if table is None or table.empty:
        return pd.Series(dtype=float)
    return table[key].astype("Float64").mask(_absent(table)).astype(float)


def _value(row: pd.Series | None, key: str) -> float:
    """One comparator's value of ``key``, NaN when there is none (withheld, no return, no row)."""
    if row is None or bool(row.get(metrics.NO_RETURN, False)) or pd.isna(row[key]):
        return np.nan
    return float(row[key])


def states(table: pd.DataFrame, key: str) -> pd.Series:
    """Why each area's ``key`` is or is not shown: "shown", "withheld" (``<5`` or ``[c]``), "no_return" (its board
    has not returned) or "not_reported" (no project reported the figure)."""
    withheld = (table[metrics.SUPPRESSED].fillna("") != "") & measures.is_withheld(key)
    absent = _absent(table)
    missing = table[key].isna()
    out = np.where(absent, NO_RETURN, np.where(withheld, WITHHELD, np.where(missing, NOT_REPORTED, SHOWN)))
    return pd.Series(out, index=table.index, dtype=object)


def trend(tables: Mapping[str, pd.DataFrame], code: str, key: str = "referrals_per_1k") -> pd.DataFrame:
    """One area's ``key`` round by round, with its 95% limits where the measure has them: the data of a trend chart.

    ``tables`` maps each round's label to that round's area table (with its
    comparison columns, :func:`with_comparisons`), in the order to show. Columns:
    ``value``, ``lower95``, ``upper95`` (missing for a measure with no interval,
    and wherever the value is not shown) and ``state`` (:func:`states`; an area
    missing from a round's table is "no_return"). Index: the round labels.
    """
    return trends_of(tables, [code], key)[code]


def trends_of(tables: Mapping[str, pd.DataFrame], codes, key: str = "referrals_per_1k") -> dict[str, pd.DataFrame]:
    """:func:`trend` of each of ``codes``, each round's states worked out once for all of them."""
    has_limits = key in measures.INTERVALS
    columns = [key, *((measures.lower_limit(key), measures.upper_limit(key)) if has_limits else ())]
    per_round = {}
    for label, table in tables.items():
        state = states(table, key).to_dict()
        per_round[label] = (state, {c: table[c].to_dict() for c in columns if c in table})
    out = {}
    for code in codes:
        rows = []
        for label, (state, values) in per_round.items():
            if code not in state:
                rows.append((label, np.nan, np.nan, np.nan, NO_RETURN))
                continue

            def number(column, code=code, shown=state[code] == SHOWN, values=values):
                value = values[column][code] if column in values else np.nan
                return float(value) if shown and pd.notna(value) else np.nan

            lower = number(measures.lower_limit(key)) if has_limits else np.nan
            upper = number(measures.upper_limit(key)) if has_limits else np.nan
            rows.append((label, number(key), lower, upper, state[code]))
        frame = pd.DataFrame(rows, columns=["round", "value", "lower95", "upper95", "state"])
        out[code] = frame.set_index("round")
    return out


# Words ------------------------------------------------------------------------------


def comparison_label(state: str | None, lang: str = "en", *, marked: bool = True, incomplete=False) -> str:
    """A comparison in words, with its mark first unless ``marked`` is False ("▲ higher", "○ not compared");
    "" where the comparison does not apply (``None``). ``incomplete``: the area's figure rests on fewer than
    half of its current projects, and the comparison says so ("▲ higher ◔ incomplete")."""
    if state is None or (not isinstance(state, str) and pd.isna(state)):
        return ""
    word = t(f"compare.{state}", lang)
    text = t("compare.marked", lang, mark=t(f"compare.mark.{state}", lang), word=word) if marked else word
    if incomplete is True and state != confidence.NOT_COMPARED:
        text = t("completeness.marked", lang, text=text)
    return text


def fifth_label(fifth: int | None, level: str, lang: str = "en") -> str:
    """An area's fifth in words ("lowest fifth of clusters"); "" with no fifth."""
    if fifth is None or pd.isna(fifth):
        return ""
    return t(f"fifth.{level}.{int(fifth)}", lang)


def funnel_label(position: str, lang: str = "en") -> str:
    """Where an area falls on the funnel, in words ("above the 99.8% limit")."""
    return t("compare.not_compared", lang) if position == confidence.NOT_COMPARED else t(f"funnel.{position}", lang)


def worded(frame: pd.DataFrame, level: str, lang: str = "en", *, marked: bool = True) -> pd.DataFrame:
    """``frame`` with its comparison columns in words (with marks unless ``marked`` is False) and its fifths as
    words ("lowest fifth of clusters"); other columns as they are. For tables people read: files may keep the
    fifth as a number, 1 to 5."""
    out = frame.copy()
    rows = frame.to_dict("records")
    for column in measures.COMPARED:
        if column not in out:
            continue
        kind = measures.REGISTRY[column].kind
        if kind == "comparison":
            of = measures.REGISTRY[column].of
            out[column] = [
                comparison_label(v, lang, marked=marked, incomplete=measures.incomplete(row, of))
                for v, row in zip(out[column].astype(object), rows, strict=True)
            ]
        elif kind == "fifth":
            out[column] = [fifth_label(v, level, lang) for v in out[column].astype(object)]
    return out
