"""Tables that place things in clusters: LSOA-to-cluster lookups and GP practice lists.

Clusters are groups of GP practices, so their official geography comes from
tables: a lookup giving each LSOA its cluster (to dissolve LSOA boundaries into
clusters) and the practice list (to sum registered patients by cluster). Cluster
names or ids are resolved with the embedded geography's names.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pandas as pd

from sprx_map.cells import cell_text
from sprx_map.geo.columns import BoundaryError, candidates_for, find_column, listing, message
from sprx_map.geo.geography import Geography
from sprx_map.messages import Message, texts
from sprx_map.workbooks import FileRefused, Limits, load_table

CLUSTER_COLUMNS = (r"cluster_?id", r"cluster_?code", r"cluster", r"cluster_?name", r"clwstwr", r"\w*_cluster")
LSOA_COLUMNS = (r"lsoa\d\dcd", r"lsoa_?code", r"lsoa_?cd", r"lsoa")
POPULATION_COLUMNS = (
    r"practice_population",
    r"registered_population",
    r"registered_patients",
    r"list_size",
    r"population",
    r"patients",
)
# A lookup for all of England and Wales has about 36,000 LSOAs; the returns' row limit is lower.
TABLE_LIMITS = Limits(max_rows=100_000)


def read_table(path: Path) -> pd.DataFrame:
    """The first sheet of a CSV (comma, semicolon or tab; UTF-8 or Windows-1252) or .xlsx, every cell as text.

    Read as returns are (:func:`sprx_map.workbooks.load_table`), so the same checks
    on size, type and unpacking apply. The first row that is not blank is the
    header; blank rows are skipped; the index is each row's number in the file,
    so problems can name the rows a person sees.
    """
    try:
        sheets = load_table(path, limits=TABLE_LIMITS, first_sheet_only=True)
    except FileRefused as exc:  # its message names the file and says what to do
        raise BoundaryError(exc.key, **exc.params) from exc
    except OSError as exc:
        raise BoundaryError("boundaries.unreadable", file=path.name, reason=str(exc)) from exc
    rows = [(number, [cell_text(v).strip() for v in values]) for number, values in sheets[0].rows]
    rows = [(number, texts) for number, texts in rows if any(texts)]
    if not rows:
        raise BoundaryError("table.empty", file=path.name)
    header, body = _headings(rows[0][1]), rows[1:]
    longer = [number for number, texts in body if any(texts[len(header) :])]
    if longer:
        raise BoundaryError("table.ragged", file=path.name, count=len(longer), rows=listing(longer))
    width = len(header)
    cells = [(texts + [""] * width)[:width] for _, texts in body]
    return pd.DataFrame(cells, columns=header, index=pd.Index([n for n, _ in body], name="row"), dtype=str)


def _headings(texts: list[str]) -> list[str]:
    """Column names from a header row: trailing blanks dropped, blanks and repeats made unique (``x``, ``x.1``)."""
    while texts and not texts[-1]:
        texts = texts[:-1]
    out: list[str] = []
    for i, text in enumerate(texts, start=1):
        base = name = text or f"column {i}"
        n = 0
        while name in out:
            n += 1
            name = f"{base}.{n}"
        out.append(name)
    return out


def cluster_column(table: pd.DataFrame, geo: Geography, name: str, role: str, given: str | None = None) -> str:
    """The column of cluster names or ids: ``given``, else the recognised one where most names resolve."""
    if given:
        return find_column(list(table.columns), given, role, name)
    candidates = candidates_for(list(table.columns), CLUSTER_COLUMNS)
    if not candidates:
        raise BoundaryError(_no_column(table, name, "cluster", role))
    resolved = [sum(geo.names.resolve("cluster", v) is not None for v in table[c]) for c in candidates]
    return candidates[resolved.index(max(resolved))]


def _no_column(table: pd.DataFrame, name: str, what: str, role: str) -> Message:
    """No column for ``what`` (cluster, lsoa or population) in the table ``name``."""
    key = "practices.columns" if role in ("cluster", "population") else "lookup.columns"
    columns = ", ".join(map(str, table.columns))
    return message(key, file=name, what=message(f"geo.column_word.{what}"), columns=columns, role=role)


def _unresolved(rows: pd.Series, names: pd.Series, geo: Geography) -> str | Message:
    """Rows and names that name no cluster, with the nearest names: "row 5 'Cynon Nrth' (Cynon North?)"."""
    described = []
    for row, text in zip(rows, names, strict=True):
        guess = geo.names.suggest("cluster", text, n=1)
        if guess:
            described.append(message("practices.unresolved_guess", row=row, text=text, guess=guess[0]))
        else:
            described.append(message("practices.unresolved_row", row=row, text=text))
    return listing(described)


def clusters_of_lsoas(
    values: pd.Series, lookup: Path, geo: Geography, file: str
) -> tuple[pd.Series, list[str], list[str]]:
    """The cluster id of each LSOA code in ``values`` according to the CSV ``lookup``.

    Returns the cluster ids (None where the lookup gives none) and the problems
    (clusters that are not known, an LSOA given two clusters) and warnings
    (lookup rows whose LSOA has no polygon in ``file``) found in the lookup.
    """
    table = read_table(lookup)
    candidates = candidates_for(list(table.columns), LSOA_COLUMNS)
    if not candidates:
        raise BoundaryError(_no_column(table, lookup.name, "lsoa", "lsoa"))
    codes = table[candidates[0]].str.strip().str.upper()
    names = table[cluster_column(table, geo, lookup.name, "lookup")].str.strip()
    clusters = names.map(lambda text: geo.names.resolve("cluster", text))
    rows = table.index.to_series()
    problems, warnings = [], []
    bad = (names != "") & clusters.isna()
    if bad.any():
        problems.append(
            message(
                "lookup.unresolved",
                file=lookup.name,
                count=int(bad.sum()),
                rows=_unresolved(rows[bad], names[bad], geo),
            )
        )
    pairs = pd.DataFrame({"lsoa": codes, "cluster": clusters})[(codes != "") & clusters.notna()].drop_duplicates()
    conflicts = sorted(set(pairs.loc[pairs["lsoa"].duplicated(), "lsoa"]))
    if conflicts:
        problems.append(message("lookup.conflict", file=lookup.name, count=len(conflicts), codes=listing(conflicts)))
    mapping = pairs.drop_duplicates("lsoa").set_index("lsoa")["cluster"]
    without = sorted(set(mapping.index) - set(values.str.upper()))
    if without:
        warnings.append(
            message(
                "boundaries.lsoa_no_polygon", count=len(without), lookup=lookup.name, file=file, codes=listing(without)
            )
        )
    return values.str.upper().map(mapping).astype(object), problems, warnings


@dataclass
class PracticeLoad:
    """Registered patients per cluster from a GP practice list, ready to check, report and store.

    ``populations`` is indexed by cluster id (only clusters that got one), as ints.
    """

    kind: ClassVar[str] = "populations"
    level: ClassVar[str] = "cluster"

    populations: pd.Series
    source: str
    sha256: str
    rows_read: int
    rows_used: int
    expected: int
    problems: list[Message] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing blocks storing it."""
        return not self.problems

    @property
    def features_read(self) -> int:
        """Rows read (the store counts features and rows alike)."""
        return self.rows_read

    def payload(self) -> str:
        """The populations as a JSON object, cluster id -> registered patients."""
        return json.dumps({str(k): int(v) for k, v in self.populations.items()}, separators=(",", ":"))

    def report(self, lang: str = "en") -> list[str]:
        """What was read, in lines for a person in ``lang``, then the warnings."""
        summary = message(
            "report.practices",
            file=self.source,
            rows=self.rows_read,
            used=self.rows_used,
            left_out=self.rows_read - self.rows_used,
            clusters=len(self.populations),
            expected=self.expected,
            population=int(self.populations.sum()),
        )
        return texts([summary, *(message("report.warning", text=w) for w in self.warnings)], lang)


def read_practices(path, geo: Geography, *, columns: dict | None = None) -> PracticeLoad:
    """Sum a GP practice list's registered patients by cluster.

    Recognises the headers of NHS Wales practice lists (``Cluster``, ``Practice
    Population``) and ``cluster_id``, ``cluster_name``, ``registered_population``,
    ``list size``; ``columns`` may name them instead (keys ``cluster`` and
    ``population``). Rows naming an unknown cluster, and clusters that get no
    population, are problems; rows with no cluster or no population are left
    out with a warning.

    Examples
    --------
    >>> from sprx_map import REFERENCE_DIR
    >>> from sprx_map.geo.geography import load_geography
    >>> load = read_practices(REFERENCE_DIR / "wales_gp_practices.csv", load_geography())  # doctest: +SKIP
    >>> load.ok, len(load.populations), int(load.populations.sum())  # doctest: +SKIP
    (True, 60, 3300566)
    """
    path, columns = Path(path), columns or {}
    table = read_table(path)
    cluster_col = cluster_column(table, geo, path.name, "cluster", columns.get("cluster"))
    population_col = _population_column(table, path.name, columns.get("population"))
    names = table[cluster_col].str.strip()
    clusters = names.map(lambda text: geo.names.resolve("cluster", text))
    population = _counts(table[population_col])
    rows = table.index.to_series()
    no_cluster, unknown = names == "", (names != "") & clusters.isna()
    no_population = clusters.notna() & population.isna()
    used = clusters.notna() & population.notna()
    totals = population[used].groupby(clusters[used]).sum().round().astype("int64")
    totals = totals.reindex([c for c in geo.clusters.index if c in totals.index])
    totals.index.name, totals.name = "cluster_id", "registered_population"
    load = PracticeLoad(
        totals, path.name, hashlib.sha256(path.read_bytes()).hexdigest(), len(table), int(used.sum()), len(geo.clusters)
    )
    if unknown.any():
        text = _unresolved(rows[unknown], names[unknown], geo)
        load.problems.append(message("practices.unresolved", file=path.name, count=int(unknown.sum()), rows=text))
    missing = [
        message(
            "geo.code_name", code=c, name={"en": geo.clusters.at[c, "name_en"], "cy": geo.clusters.at[c, "name_cy"]}
        )
        for c in geo.clusters.index
        if c not in totals.index
    ]
    if missing:
        load.problems.append(message("practices.missing_clusters", count=len(missing), areas=listing(missing)))
    for key, mask in (("practices.no_cluster", no_cluster), ("practices.no_population", no_population)):
        if mask.any():
            load.warnings.append(message(key, file=path.name, count=int(mask.sum()), rows=listing(rows[mask])))
    return load


def _population_column(table: pd.DataFrame, name: str, given: str | None) -> str:
    if given:
        return find_column(list(table.columns), given, "population", name)
    candidates = candidates_for(list(table.columns), POPULATION_COLUMNS)
    if not candidates:
        raise BoundaryError(_no_column(table, name, "population", "population"))
    return candidates[0]


def _counts(texts: pd.Series) -> pd.Series:
    """Whole numbers written as 8534, 8534.0 or 8,534; blank, negative or not a number -> NaN."""
    numbers = pd.to_numeric(texts.str.replace(",", "", regex=False).str.strip(), errors="coerce")
    return numbers.where(numbers >= 0)
