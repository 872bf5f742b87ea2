"""Official boundaries: read ONS boundary files and check them against the embedded tree.

Hub staff download boundaries from the ONS Open Geography Portal (GeoJSON,
GeoPackage, Shapefile, zipped or not, in British National Grid or WGS84). A
:class:`BoundaryLoad` holds the areas in WGS84 indexed by the project's codes,
simplified for display as one coverage (neighbours keep their shared edges), and
accounts for every feature read: used, dissolved into another, or left out with
the reason. Codes, names and the hierarchy stay those of the embedded geography.
Cluster populations from a GP practice list are read by :mod:`sprx_map.geo.lookups`.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj
import shapely
import shapely.geometry

from sprx_map.geo import coverage, files, lookups
from sprx_map.geo.columns import BoundaryError, candidates_for, find_column, listing, message
from sprx_map.geo.geography import BNG, Geography
from sprx_map.messages import Message, texts

READ_LEVELS = ("health_board", "local_authority", "cluster", "lsoa")
LEVEL_NAMES = {level: message(f"geo.level_word.{level}") for level in READ_LEVELS}  # as written mid-sentence
INDEX_NAMES = {"health_board": "code", "local_authority": "code", "cluster": "cluster_id"}
# Column names (lower case, non-alphanumerics as "_") that may hold codes and names, best first.
COLUMN_PATTERNS = {
    "health_board": {
        "code": (r"lhb\d\dcd", r"(l)?hb_?code", r"code"),
        "name_en": (r"lhb\d\dnm", r"(l)?hb_?name", r"name_en", r"name"),
        "name_cy": (r"lhb\d\dnmw", r"name_cy"),
    },
    "local_authority": {
        "code": (r"(lad|ua)\d\dcd", r"(lad|la|ua)_?code", r"code"),
        "name_en": (r"(lad|ua)\d\dnm", r"(lad|la|ua)_?name", r"name_en", r"name"),
        "name_cy": (r"(lad|ua)\d\dnmw", r"name_cy"),
    },
    "cluster": {
        "code": (r"cluster_?id", r"cluster_?code", r"cluster", r"cluster_?name", r"code", r"name_en", r"name"),
        "name_en": (r"cluster_?name", r"name_en", r"name"),
        "name_cy": (r"cluster_?name_?cy", r"name_cy"),
    },
    "lsoa": {
        "code": (r"lsoa\d\dcd", r"lsoa_?code", r"code"),
        "name_en": (r"lsoa\d\dnm", r"lsoa_?name", r"name"),
        "name_cy": (r"lsoa\d\dnmw",),
    },
}
# Visvalingam-Whyatt tolerance (m, about the side of the smallest triangle kept) per level; see the README.
TOLERANCE_M = {"health_board": 150.0, "local_authority": 150.0, "cluster": 75.0}
VECTOR_SUFFIXES = {".geojson", ".json", ".gpkg", ".shp"}
TABLE_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xls", ".xlsm", ".ods"}
SHAPEFILE_PARTS = files.SHAPEFILE_PARTS
FEW = 5  # values from a file echoed in a report, at most (each shortened by listing)
POLYGONS = (3, 6)  # shapely type ids of Polygon and MultiPolygon
LSOA_CODE = re.compile(r"[EW]01\d{6}")
WALES_LSOA = "W01"


@dataclass
class BoundaryLoad:
    """What reading one boundary file gave, ready to check, report and store.

    ``frame`` is in EPSG:4326, indexed by the project's codes (``W11…``, ``W06…``
    or cluster ids), one row per area found, with ``geometry`` and any names
    found (``name_en``, ``name_cy``). ``accounting`` has one row per feature read:
    ``feature`` (1-based), ``value`` (its code as written), ``area``, ``outcome``
    ("used", "dissolved" or "left out") and ``reason``.
    """

    kind: ClassVar[str] = "boundaries"

    level: str
    frame: gpd.GeoDataFrame
    source: str
    sha256: str
    source_crs: str
    features_read: int
    accounting: pd.DataFrame
    tolerance_m: float = 0.0
    vertices_before: int = 0
    vertices_after: int = 0
    expected: list[str] = field(default_factory=list)
    problems: list[Message] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing blocks storing it."""
        return not self.problems

    @property
    def missing(self) -> list[str]:
        """Expected codes with no area."""
        return [code for code in self.expected if code not in self.frame.index]

    @property
    def unknown(self) -> list[str]:
        """Codes in the file that are not areas of this level, as written."""
        left = self.accounting[self.accounting["reason"] == "unknown code"]
        return sorted(set(left["value"]))

    def outcomes(self) -> dict[str, int]:
        """Number of features used, dissolved into another and left out."""
        counts = self.accounting["outcome"].value_counts()
        return {key: int(counts.get(key, 0)) for key in ("used", "dissolved", "left out")}

    def payload(self) -> str:
        """The areas as a GeoJSON FeatureCollection (code and names as properties)."""
        features = []
        for code, row in self.frame.iterrows():
            props = {"code": str(code), **{k: row[k] for k in ("name_en", "name_cy") if k in row and pd.notna(row[k])}}
            geometry = shapely.geometry.mapping(row.geometry)
            features.append({"type": "Feature", "id": str(code), "properties": props, "geometry": geometry})
        return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))

    def report(self, lang: str = "en") -> list[str]:
        """What was read, in lines for a person in ``lang``: features, codes, CRS, vertices, warnings."""
        outcomes = self.outcomes()
        none = message("report.none")
        lines = [
            message("report.read", file=self.source, features=self.features_read, crs=self.source_crs),
            message(
                "report.accounting",
                used=outcomes["used"],
                dissolved=outcomes["dissolved"],
                left_out=outcomes["left out"],
            ),
            message(
                "report.codes",
                level=LEVEL_NAMES[self.level],
                found=len(self.frame),
                expected=len(self.expected),
                missing=listing(self.missing) or none,
                unknown=listing(self.unknown, limit=FEW) or none,
            ),
            message(
                "report.vertices",
                before=self.vertices_before,
                after=self.vertices_after,
                tolerance=self.tolerance_m,
                size=len(self.payload().encode()),
            ),
        ]
        return texts([*lines, *(message("report.warning", text=w) for w in self.warnings)], lang)


def read_boundaries(
    path: str | Path,
    level: str,
    geo: Geography,
    *,
    columns: dict[str, str] | None = None,
    lookup: str | Path | None = None,
) -> BoundaryLoad:
    """Read an official boundary file for ``level`` and check it against ``geo``.

    ``level`` is health_board, local_authority, cluster or lsoa. LSOAs need
    ``lookup``, a CSV giving each LSOA its cluster, and are dissolved into the
    clusters (the result's level is then cluster). ``columns`` maps ``code``,
    ``name_en`` and ``name_cy`` to the file's columns when they are not
    recognised. Missing areas are problems (they block storing); unknown codes,
    duplicates and repaired geometries are warnings. Raises :class:`BoundaryError`
    when the file cannot be read as boundaries at all.

    Examples
    --------
    >>> from sprx_map import REFERENCE_DIR
    >>> from sprx_map.geo.geography import load_geography
    >>> boards = REFERENCE_DIR / "ons_lhb_2022_buc" / "LHB_APR_2022_WA_BUC.shp"
    >>> load = read_boundaries(boards, "health_board", load_geography())  # doctest: +SKIP
    >>> load.ok, len(load.frame), load.source_crs  # doctest: +SKIP
    (True, 7, 'EPSG:27700 (OSGB36 / British National Grid)')
    """
    path = Path(path)
    if level not in READ_LEVELS:
        raise ValueError(str(message("boundaries.unknown_level", level=level, levels=", ".join(READ_LEVELS))))
    if level == "lsoa" and lookup is None:
        raise BoundaryError("boundaries.lsoa_needs_lookup")
    if level != "lsoa" and lookup is not None:
        raise BoundaryError("boundaries.lookup_level", level=LEVEL_NAMES[level])
    with tempfile.TemporaryDirectory(prefix="sprx-boundaries-") as folder:  # a zip's file is unpacked here
        dataset, parts = _open(path, Path(folder))
        frame, crs = _read_vector(dataset, path.name)
    roles = _recognise(frame, level, geo, columns or {}, path.name)
    values = frame[roles["code"]].map(lambda v: "" if pd.isna(v) else str(v).strip()).astype(object)
    problems, warnings = [], []
    if level == "lsoa":
        lookup = Path(lookup)
        area_of, problems, warnings = lookups.clusters_of_lsoas(values, lookup, geo, path.name)
        parts.append(lookup)
    else:
        area_of = _codes_of(values, level, geo)
    load = BoundaryLoad(
        level="cluster" if level == "lsoa" else level,
        frame=gpd.GeoDataFrame(geometry=[], crs="EPSG:4326"),
        source=path.name + (f" + {lookup.name}" if level == "lsoa" else ""),
        sha256=_sha256(parts),
        source_crs=_crs_label(crs),
        features_read=len(frame),
        accounting=_account(values, area_of, level),
        problems=problems,
        warnings=warnings,
    )
    _build(load, frame, roles, geo, from_lsoas=level == "lsoa")
    _check(load, geo, lookup)
    return load


def _open(path: Path, folder: Path) -> tuple[str, list[Path]]:
    """The GDAL dataset to read (its one driver named), and the files whose bytes identify the load."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise BoundaryError("boundaries.no_file", file=path.name)
    if suffix in TABLE_SUFFIXES:
        raise BoundaryError("boundaries.not_geographic", file=path.name)
    if suffix not in VECTOR_SUFFIXES | {".zip"}:
        raise BoundaryError("boundaries.unsupported", file=path.name, suffix=suffix or path.name)
    dataset, _ = files.dataset_of(path, suffix, folder)
    if suffix == ".shp":  # a Shapefile is several files: its codes are in the .dbf, its CRS in the .prj
        return dataset, [p for ext in SHAPEFILE_PARTS if (p := path.with_suffix(ext)).is_file()]
    return dataset, [path]


def _sha256(parts: list[Path]) -> str:
    """sha256 of the bytes of ``parts`` one after another."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.read_bytes())
    return digest.hexdigest()


def _read_vector(dataset: str, name: str) -> tuple[gpd.GeoDataFrame, pyproj.CRS]:
    """Read the single layer of ``dataset`` within the limits; its CRS must be known (GeoJSON is WGS84)."""
    limits = files.LIMITS
    files.lock_down_gdal()
    try:
        layers = pyogrio.list_layers(dataset)
        if len(layers) > 1:
            listed = listing([str(layer) for layer in layers[:, 0]], limit=5)
            raise BoundaryError("boundaries.several_layers", file=name, count=len(layers), layers=listed)
        driver = pyogrio.read_info(dataset)["driver"]
        if driver not in files.PREFIXES:  # the signature was checked; this is the driver GDAL chose
            raise BoundaryError("boundaries.not_format", file=name, format="GeoJSON, GeoPackage, Shapefile")
        frame = gpd.read_file(dataset, engine="pyogrio", max_features=limits.max_features + 1)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError) as exc:
        raise BoundaryError("boundaries.unreadable", file=name, reason=_reason(exc, dataset, name)) from exc
    if len(frame) > limits.max_features:
        raise BoundaryError("boundaries.too_many_features", file=name, limit=f"{limits.max_features:,}")
    shapes = frame.geometry.to_numpy()
    if not len(frame) or shapely.is_missing(shapes).all() or not np.isin(shapely.get_type_id(shapes), POLYGONS).any():
        raise BoundaryError("boundaries.no_polygons", file=name)
    vertices = int(shapely.get_num_coordinates(shapes).sum())
    if vertices > limits.max_vertices:
        raise BoundaryError(
            "boundaries.too_many_vertices", file=name, count=f"{vertices:,}", limit=f"{limits.max_vertices:,}"
        )
    if frame.crs is None and driver == "GeoJSON":  # RFC 7946: GeoJSON is WGS84 longitude/latitude
        frame = frame.set_crs("OGC:CRS84")
    if frame.crs is None:
        hint = message("boundaries.no_crs_shapefile") if driver == "ESRI Shapefile" else ""
        raise BoundaryError("boundaries.no_crs", file=name, hint=hint)
    west, south, east, north = frame.total_bounds
    if frame.crs.is_geographic and (max(abs(west), abs(east)) > 180 or max(abs(south), abs(north)) > 90):
        raise BoundaryError("boundaries.not_degrees", file=name, crs=_crs_label(frame.crs), x=east, y=north)
    return frame, frame.crs


def _reason(exc: Exception, dataset: str, name: str) -> str:
    """GDAL's first line about a file, under the file's own name, shortened: it may quote the file."""
    text = str(exc).splitlines()[0].replace(dataset, name) if str(exc) else type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"


def _crs_label(crs: pyproj.CRS) -> str:
    """E.g. 'EPSG:27700 (OSGB36 / British National Grid)'."""
    epsg = crs.to_epsg()
    return f"EPSG:{epsg} ({crs.name})" if epsg else crs.name


def _recognise(frame, level: str, geo: Geography, columns: dict, name: str) -> dict[str, str]:
    """Role (code, name_en, name_cy) -> the file's column, as ``columns`` says or by ONS naming."""
    available = [c for c in frame.columns if c != frame.geometry.name]
    roles = {role: find_column(available, column, role, name) for role, column in columns.items()}
    patterns = COLUMN_PATTERNS[level]
    if "code" not in roles:
        candidates = candidates_for(available, patterns["code"])
        if not candidates:
            raise BoundaryError(
                message("boundaries.no_code_column", file=name, level=LEVEL_NAMES[level], columns=listing(available))
            )
        # Several plausible columns (LAD13CD and LAD23CD, or cluster and name): the one most values match wins.
        scores = [(_known(frame[c], level, geo), -rank) for rank, c in enumerate(candidates)]
        roles["code"] = candidates[scores.index(max(scores))]
    for role in ("name_en", "name_cy"):
        found = [c for c in candidates_for(available, patterns[role]) if c not in roles.values()]
        if role not in roles and found and level != "lsoa":
            roles[role] = found[0]
    return roles


def _known(values: pd.Series, level: str, geo: Geography) -> int:
    """How many ``values`` are codes (or names) of ``level``."""
    texts = values.dropna().astype(str).str.strip()
    if level == "lsoa":
        return int(texts.str.fullmatch(LSOA_CODE.pattern, case=False).sum())
    return sum(geo.names.resolve(level, t) is not None for t in texts)


def _codes_of(values: pd.Series, level: str, geo: Geography) -> pd.Series:
    """The project's code for each feature's code or name (None when unknown or blank)."""
    resolved = {v: geo.names.resolve(level, v) for v in set(values) if v}
    return values.map(lambda v: resolved.get(v)).astype(object)


def _account(values: pd.Series, area_of: pd.Series, level: str) -> pd.DataFrame:
    """One row per feature and where it goes; geometry outcomes are added by :func:`_build`."""
    table = pd.DataFrame(
        {"feature": np.arange(1, len(values) + 1), "value": values.to_numpy(), "area": area_of.to_numpy()},
        dtype=object,
    )
    table["outcome"], table["reason"] = "used", ""
    blank = table["value"] == ""
    table.loc[blank, ["outcome", "reason"]] = ["left out", "no code"]
    unknown = ~blank & table["area"].isna()
    if level == "lsoa":
        outside = unknown & ~table["value"].str.upper().str.startswith(WALES_LSOA)
        table.loc[outside, ["outcome", "reason"]] = ["left out", "outside Wales"]
        table.loc[unknown & ~outside, ["outcome", "reason"]] = ["left out", "no cluster in the lookup"]
    else:
        table.loc[unknown, ["outcome", "reason"]] = ["left out", "unknown code"]
    return table


def _build(load: BoundaryLoad, frame: gpd.GeoDataFrame, roles: dict, geo: Geography, *, from_lsoas: bool) -> None:
    """Repair, dissolve, clean and simplify the features kept, in BNG; fill in ``load``."""
    table = load.accounting
    kept = (table["outcome"] == "used").to_numpy(copy=True)
    bng = np.full(len(frame), None, dtype=object)  # only what is kept: a national file is mostly England
    bng[kept] = frame.geometry[kept].to_crs(BNG).to_numpy()
    geoms, repaired = coverage.repair(bng, kept)
    empty = kept & shapely.is_empty(geoms)
    table.loc[empty, ["outcome", "reason"]] = ["left out", "no area"]
    kept &= ~empty
    # A feature's own key: its LSOA code when LSOAs make up clusters, else the area it is.
    keys = (table["value"].str.upper() if from_lsoas else table["area"]).where(kept)
    duplicate = kept & keys.duplicated().to_numpy()
    table.loc[duplicate, ["outcome", "reason"]] = ["dissolved", "same code as an earlier feature"]
    pieces, changed = coverage.clean(coverage.dissolve(geoms[kept], keys[kept].to_numpy()))
    area_of = dict(zip(keys[kept], table.loc[kept, "area"], strict=True))
    areas = coverage.dissolve(pieces.to_numpy(), pieces.index.map(area_of).to_numpy(), shapely.coverage_union_all)
    load.expected = [str(code) for code in geo.layer(load.level).index]
    areas = areas.reindex([code for code in load.expected if code in areas.index])
    load.tolerance_m = TOLERANCE_M[load.level]
    load.vertices_before = coverage.vertices(areas)
    shapes = coverage.for_display(areas.to_numpy(), load.tolerance_m)
    load.vertices_after = coverage.vertices(shapes)
    names = pd.DataFrame(index=pd.Index(areas.index, name=INDEX_NAMES[load.level]))
    first = kept & ~duplicate
    for role in ("name_en", "name_cy"):
        if role in roles and not from_lsoas:  # LSOA names are not cluster names
            found = frame.loc[first, roles[role]].set_axis(table.loc[first, "area"]).astype(object)
            names[role] = found.reindex(areas.index).to_numpy()
    load.frame = gpd.GeoDataFrame(names, geometry=list(shapes), crs="EPSG:4326")
    load.warnings += _feature_warnings(table, repaired, changed, "lsoa" if from_lsoas else load.level)


def _feature_warnings(table: pd.DataFrame, repaired: np.ndarray, changed: list, level: str) -> list[str]:
    """Warnings about features left out, dissolved, repaired or cleaned."""
    reasons, warnings = table["reason"], []
    unknown = sorted(set(table.loc[reasons == "unknown code", "value"]))
    if unknown:
        warnings.append(
            message(
                "boundaries.unknown_codes",
                count=len(unknown),
                level=LEVEL_NAMES[level],
                codes=listing(unknown, limit=FEW),
            )
        )
    blank = table.loc[reasons == "no code", "feature"].tolist()
    if blank:
        warnings.append(message("boundaries.blank_codes", count=len(blank), features=listing(blank)))
    empty = table.loc[reasons == "no area", "value"].tolist()
    if empty:
        warnings.append(message("boundaries.empty_geometry", count=len(empty), codes=listing(empty, limit=FEW)))
    duplicates = sorted(set(table.loc[table["outcome"] == "dissolved", "value"]))
    if duplicates:
        warnings.append(message("boundaries.duplicates", count=len(duplicates), codes=listing(duplicates, limit=FEW)))
    if repaired.any():
        codes = table.loc[repaired, "value"].tolist()
        warnings.append(message("boundaries.repaired", count=int(repaired.sum()), codes=listing(codes, limit=FEW)))
    if changed:
        warnings.append(message("boundaries.cleaned", count=len(changed), codes=listing(changed)))
    outside = int((reasons == "outside Wales").sum())
    if outside:
        warnings.append(message("boundaries.lsoa_outside_wales", count=outside))
    return warnings


def _check(load: BoundaryLoad, geo: Geography, lookup: Path | None) -> None:
    """Blocking problems: Welsh LSOAs without a cluster, missing areas, areas not in Wales."""
    orphans = load.accounting.loc[load.accounting["reason"] == "no cluster in the lookup", "value"].tolist()
    if orphans:
        load.problems.append(
            message("boundaries.lsoa_no_cluster", count=len(orphans), lookup=lookup.name, codes=listing(orphans))
        )
    if load.missing:
        layer = geo.layer(load.level)
        areas = [
            message("geo.code_name", code=code, name={"en": layer.at[code, "name_en"], "cy": layer.at[code, "name_cy"]})
            for code in load.missing
        ]
        load.problems.append(
            message("boundaries.missing_codes", count=len(areas), level=LEVEL_NAMES[load.level], areas=listing(areas))
        )
    if len(load.frame):
        west, south, east, north = load.frame.total_bounds
        w, s, e, n = geo.boards.total_bounds
        if east < w - 0.5 or west > e + 0.5 or north < s - 0.5 or south > n + 0.5:
            load.problems.append(
                message("boundaries.not_in_wales", west=west, east=east, south=south, north=north, crs=load.source_crs)
            )
