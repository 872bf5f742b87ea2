"""Wales's geography: health boards, local authorities and primary care clusters.

The embedded layers in ``data/geography/`` come from Natural Earth (boundaries) and
NHS Wales (cluster facts); ``scripts/build_geography.py`` rebuilds them. Cluster
shapes are indicative only: clusters are groups of GP practices, not areas.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.geometry

from sprx_map import GEOGRAPHY_DIR
from sprx_map.messages import Message, listing, message
from sprx_map.schema import normalise_label

LEVELS = ("health_board", "local_authority", "cluster")
BNG = "EPSG:27700"
# Area differences below this (m^2) are floating-point noise, not a broken hierarchy.
AREA_TOLERANCE_M2 = 1_000.0
# Gaps between neighbours narrower than this (about 70-110 m) count as slivers.
# Wider narrow features are real estuaries (Milford Haven, the Usk, the Dee).
GAP_WIDTH_DEGREES = 0.001


@dataclass(frozen=True)
class Geography:
    """The three layers, each a GeoDataFrame in WGS84 indexed by its code.

    ``boards`` has ``name_en``, ``name_cy``, ``short_name``; ``authorities`` has
    ``name_en``, ``name_cy``, ``hb_code``; ``clusters`` is indexed by ``cluster_id``
    and has ``name_en``, ``name_cy``, ``la_code``, ``hb_code``, ``practices``,
    ``registered_population``, ``seed_lat``, ``seed_lon``, ``indicative``.
    """

    boards: gpd.GeoDataFrame
    authorities: gpd.GeoDataFrame
    clusters: gpd.GeoDataFrame
    # Other names people use for an area (BCUHB, "Cardiff & Vale", "Merthyr"): level, code, alias.
    aliases: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["level", "code", "alias"]), repr=False, compare=False
    )
    names: AreaNames = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", AreaNames(self))

    def layer(self, level: str) -> gpd.GeoDataFrame:
        """The layer for ``level`` (one of :data:`LEVELS`)."""
        return {"health_board": self.boards, "local_authority": self.authorities, "cluster": self.clusters}[level]

    def geometry_json(self, level: str) -> dict[str, str]:
        """Area code -> its geometry as a GeoJSON string (5 decimal places, about 1 m).

        Computed once per level: maps reuse it on every redraw.
        """
        cache = self.__dict__.setdefault("_geometry_json", {})
        if level not in cache:
            geoms = self.layer(level).geometry
            rounded = shapely.transform(geoms.values, lambda xy: np.round(xy, 5))
            cache[level] = {
                str(code): json.dumps(shapely.geometry.mapping(g), separators=(",", ":"))
                for code, g in zip(geoms.index, rounded, strict=True)
            }
        return cache[level]

    def area_names(self, level: str, lang: str = "en") -> pd.Series:
        """Area code -> name in ``lang`` (boards by their short English name)."""
        layer = self.layer(level)
        if level == "health_board" and lang == "en":
            return layer["short_name"]
        return layer["name_cy" if lang == "cy" else "name_en"]

    def clusters_of_board(self, hb_code: str) -> list[str]:
        """Cluster ids of one health board, in file order."""
        return self.clusters.index[self.clusters["hb_code"] == hb_code].tolist()

    def population(self, level: str) -> pd.Series:
        """Registered population per area of ``level``, summed from the clusters."""
        key = {"health_board": "hb_code", "local_authority": "la_code", "cluster": None}[level]
        pop = self.clusters["registered_population"]
        return pop.copy() if key is None else pop.groupby(self.clusters[key]).sum()


def load_geography(directory: Path = GEOGRAPHY_DIR) -> Geography:
    """Read the embedded geography.

    Examples
    --------
    >>> geo = load_geography()
    >>> len(geo.boards), len(geo.authorities), len(geo.clusters)
    (7, 22, 60)
    """
    boards = gpd.read_file(directory / "health_boards.geojson").set_index("code")
    authorities = gpd.read_file(directory / "local_authorities.geojson").set_index("code")
    shapes = gpd.read_file(directory / "clusters.geojson").set_index("cluster_id")
    facts = pd.read_csv(directory / "clusters.csv", dtype={"la_code": str, "hb_code": str}).set_index("cluster_id")
    clusters = gpd.GeoDataFrame(
        facts.join(shapes[["indicative", "geometry"]], how="left"), geometry="geometry", crs=shapes.crs
    )
    aliases = pd.read_csv(directory / "aliases.csv", dtype=str) if (directory / "aliases.csv").exists() else None
    return Geography(
        boards=boards,
        authorities=authorities,
        clusters=clusters,
        **({"aliases": aliases} if aliases is not None else {}),
    )


def check_hierarchy(geo: Geography) -> list[Message]:
    """Problems with the cluster -> authority -> board tree; empty when sound.

    Checks that every level's codes are unique and given and every area has a shape, that
    every cluster names an existing authority of the same board and lies within it, and that
    every authority belongs to exactly one board and lies within it. How many areas a level
    holds is the geography's own (a folder's manifest records it; ``geography --check``
    compares the files with it), not a number fixed here.
    """
    problems: list[Message] = []
    for level in LEVELS:
        layer = geo.layer(level)
        if layer.index.has_duplicates:
            problems.append(
                message(
                    "check.duplicates",
                    level=message(f"geo.level_word.{level}"),
                    codes=listing(sorted(layer.index[layer.index.duplicated()])),
                )
            )
        blank = layer.index[layer.index.isna() | (layer.index.astype(str).str.strip() == "")]
        if len(blank):
            problems.append(message("check.blank_codes", level=message(f"geo.level_word.{level}"), count=len(blank)))
        if layer.geometry.isna().any() or layer.geometry.is_empty.any():
            missing = layer.index[layer.geometry.isna() | layer.geometry.is_empty].tolist()
            problems.append(message("check.no_shape", level=message(f"geo.level_word.{level}"), codes=listing(missing)))
    if problems:
        return problems

    boards_of_la = geo.clusters.groupby("la_code")["hb_code"].nunique()
    for la_code in boards_of_la.index[boards_of_la > 1]:
        problems.append(message("check.authority_boards", code=la_code))
    for cid, row in geo.clusters.iterrows():
        if row["la_code"] not in geo.authorities.index:
            problems.append(message("check.unknown_authority", code=cid, authority=row["la_code"]))
        elif geo.authorities.at[row["la_code"], "hb_code"] != row["hb_code"]:
            problems.append(message("check.other_board", code=cid, board=row["hb_code"]))
    for la_code, row in geo.authorities.iterrows():
        if row["hb_code"] not in geo.boards.index:
            problems.append(message("check.unknown_board", code=la_code, board=row["hb_code"]))
    if problems:
        return problems

    problems += _containment(geo.clusters, "la_code", geo.authorities, "cluster", "local_authority")
    problems += _containment(geo.authorities, "hb_code", geo.boards, "local_authority", "health_board")
    return problems


def _containment(parts, key, parents, part_level, parent_level) -> list[Message]:
    """Each part must lie inside its parent (beyond floating-point noise)."""
    parts_bng, parents_bng = parts.to_crs(BNG), parents.to_crs(BNG)
    problems = []
    for code, row in parts_bng.iterrows():
        outside = row.geometry.difference(parents_bng.at[row[key], "geometry"]).area
        if outside > AREA_TOLERANCE_M2:
            problems.append(
                message(
                    "check.outside",
                    part=message(f"geo.level_word.{part_level}"),
                    code=code,
                    km2=f"{outside / 1e6:.2f}",
                    parent=message(f"geo.level_word.{parent_level}"),
                    parent_code=row[key],
                )
            )
    return problems


def coverage_problems(layer: gpd.GeoDataFrame) -> list[Message]:
    """Topology problems of one layer: overlaps, unmatched edges, gaps, slivers."""
    geoms = layer.geometry.values
    problems = []
    if not shapely.is_valid(geoms).all():
        problems.append(message("check.invalid", codes=listing(layer.index[~shapely.is_valid(geoms)].astype(str))))
    if not shapely.coverage_is_valid(geoms, gap_width=GAP_WIDTH_DEGREES):
        edges = shapely.coverage_invalid_edges(geoms, gap_width=GAP_WIDTH_DEGREES)
        bad = [str(code) for code, edge in zip(layer.index, edges, strict=True) if not edge.is_empty]
        problems.append(message("check.edges", codes=listing(bad)))
    holes = shapely.get_num_interior_rings(shapely.get_parts(shapely.coverage_union_all(geoms))).sum()
    if holes:
        problems.append(message("check.holes", count=int(holes)))
    return problems


def accuracy(geo: Geography, reference: Path) -> pd.DataFrame:
    """Compare the embedded boards with official ONS boundaries.

    ``reference`` is a boundary file with ``LHB22CD`` (e.g. ONS LHB April 2022
    BUC). Returns one row per board with its intersection over union and both
    areas in km2, in British National Grid.
    """
    official = gpd.read_file(reference).to_crs(BNG).set_index("LHB22CD")
    ours = geo.boards.to_crs(BNG)
    rows = []
    for code, row in ours.iterrows():
        theirs = official.at[code, "geometry"]
        inter = row.geometry.intersection(theirs).area
        union = row.geometry.union(theirs).area
        rows.append(
            {
                "code": code,
                "name": row["short_name"],
                "iou": inter / union,
                "area_km2": row.geometry.area / 1e6,
                "official_km2": theirs.area / 1e6,
            }
        )
    return pd.DataFrame(rows).set_index("code")


# A misspelt name is read as an area only when this close (0-100) and this far ahead of the next area.
MISSPELLING_SCORE = 85
MISSPELLING_MARGIN = 8

# Words that decorate a name at one level without telling areas apart.
_NOISE_WORDS = {
    "health_board": (
        "university health board",
        "teaching health board",
        "local health board",
        "health board",
        "uhb",
        "thb",
        "lhb",
        "hb",
        "bwrdd iechyd prifysgol",
        "bwrdd iechyd addysgu",
        "bwrdd iechyd",
        "prifysgol",
        "addysgu",
        "teaching",
        "university",
    ),
    "local_authority": (
        "county borough council",
        "county council",
        "city and county of",
        "county borough",
        "council",
        "cyngor",
    ),
    "cluster": ("primary care clusters", "primary care cluster", "clusters", "cluster", "clwstwr", "clystyrau"),
}


def normalise_name(text: str, level: str | None = None) -> str:
    """Lower-case, accent-free, punctuation-free form of an area name.

    Decorations that belong to ``level`` ("University Health Board", "Cyngor",
    "cluster") are dropped; those of other levels are kept, so they do not match.

    >>> normalise_name("Powys Teaching HB", "health_board")
    'powys'
    >>> normalise_name("Ynys Môn")
    'ynys mon'
    """
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " and ").replace("\u2019", "'").replace("'", "")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = f" {text} "
    for word in _NOISE_WORDS.get(level, ()):
        text = text.replace(f" {word} ", " ")
    return re.sub(r"\s+", " ", text).strip()


class AreaNames:
    """Resolve names or codes to area codes, one level at a time.

    A name only ever resolves within the level asked for, so a board name never
    turns into a local authority.
    """

    def __init__(self, geo: Geography) -> None:
        self._lookup: dict[str, dict[str, str]] = {}
        self._display: dict[str, dict[str, str]] = {}
        self._labels: dict[str, dict[str, str]] = {}
        self._layer = {level: geo.layer(level) for level in LEVELS}
        for level in LEVELS:
            layer = geo.layer(level)
            lookup: dict[str, str] = {}
            for code, row in layer.iterrows():
                for name in {str(code), row["name_en"], row["name_cy"], row.get("short_name") or row["name_en"]}:
                    lookup.setdefault(normalise_name(name, level), str(code))
            for alias in geo.aliases.itertuples():
                if alias.level == level and alias.code in layer.index:
                    lookup.setdefault(normalise_name(alias.alias, level), str(alias.code))
            self._lookup[level] = lookup
            self._display[level] = {str(code): row["name_en"] for code, row in layer.iterrows()}

    def labels(self, level: str) -> dict[str, str]:
        """Every English and Welsh name at ``level`` in the schema's label form -> code.

        Used to keep names that contain separators ("Tywi/Taf") whole when a
        cell lists several.
        """
        if level not in self._labels:
            layer = self._layer[level]
            self._labels[level] = {
                normalise_label(name): str(code)
                for code, row in layer.iterrows()
                for name in (row["name_en"], row["name_cy"])
            }
        return self._labels[level]

    def resolve(self, level: str, text: str) -> str | None:
        """The code for ``text`` at ``level``, or None when nothing matches exactly."""
        if text is None or str(text).strip() == "":
            return None
        return self._lookup[level].get(normalise_name(text, level))

    def suggest(self, level: str, text: str, n: int = 3) -> list[str]:
        """Up to ``n`` English names at ``level`` closest to ``text``."""
        keys = difflib.get_close_matches(normalise_name(text, level), list(self._lookup[level]), n=n * 3, cutoff=0.7)
        names: list[str] = []
        for key in keys:
            name = self._display[level][self._lookup[level][key]]
            if name not in names:
                names.append(name)
        return names[:n]

    def name(self, level: str, code: str) -> str:
        """English name of an area code."""
        return self._display[level][code]

    def forms(self, level: str) -> dict[str, str]:
        """Every normalised name, Welsh name, short name, alias and code at ``level`` -> its code."""
        return self._lookup[level]

    def read_as(self, level: str, text: str, within: list[str] | None = None) -> str | None:
        """The one area ``text`` is an unambiguous misspelling of, among ``within`` (default: all), or None.

        Accepted only when the closest name scores at least :data:`MISSPELLING_SCORE`
        (rapidfuzz's token sort ratio) and beats every other area's by
        :data:`MISSPELLING_MARGIN`, so "Cwmtawr" reads as Cwmtawe but "Cardiff South"
        (as close to Cardiff South East as to Cardiff South West) does not.

        >>> load_geography().names.read_as("cluster", "Cwmtawr")
        'cwmtawe'
        >>> load_geography().names.read_as("cluster", "Cardiff South") is None
        True
        """
        from rapidfuzz import fuzz, process

        allowed = None if within is None else set(within)
        forms = {form: code for form, code in self._lookup[level].items() if allowed is None or code in allowed}
        best: dict[str, float] = {}
        for form, score, _ in process.extract(
            normalise_name(text, level), list(forms), scorer=fuzz.token_sort_ratio, limit=None, score_cutoff=50
        ):
            code = forms[form]
            best[code] = max(best.get(code, 0.0), score)
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < MISSPELLING_SCORE:
            return None
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < MISSPELLING_MARGIN:
            return None
        return ranked[0][0]

    def named_in(self, level: str, text: str) -> set[str]:
        """Codes of the areas at ``level`` whose name (or alias) appears as whole words in ``text``."""
        words = f" {normalise_name(text, level)} "
        return {code for form, code in self._lookup[level].items() if len(form) > 2 and f" {form} " in words}


def with_official(
    geo: Geography, boundaries: dict[str, gpd.GeoDataFrame], populations: pd.Series | None = None
) -> Geography:
    """A copy of ``geo`` with official shapes for the levels in ``boundaries``, and cluster populations.

    Each frame of ``boundaries`` is indexed by the level's codes and must have a
    shape for every area; only geometry is taken, so codes, names and the tree
    stay the embedded ones (one source of truth). Cluster shapes stay marked
    indicative whatever their source: a cluster is a group of GP practices, so
    even a union of LSOAs only approximates it. ``populations`` (cluster id ->
    registered patients) must cover every cluster.

    >>> geo = load_geography()
    >>> official = with_official(geo, {}, geo.clusters["registered_population"] * 2)
    >>> int(official.population("health_board")["W11000024"])
    283000
    """
    layers = {level: geo.layer(level).copy() for level in LEVELS}
    for level, frame in boundaries.items():
        layer = layers[level]
        shapes = frame.to_crs(layer.crs).geometry
        missing = [code for code in layer.index if code not in shapes.index]
        if missing:
            raise ValueError(f"{level}: no official shape for {', '.join(missing)}")
        layer["geometry"] = gpd.GeoSeries(shapes.reindex(layer.index).to_numpy(), index=layer.index, crs=layer.crs)
    if populations is not None:
        clusters = layers["cluster"]
        missing = [code for code in clusters.index if code not in populations.index]
        if missing:
            raise ValueError(f"cluster: no registered population for {', '.join(missing)}")
        clusters["registered_population"] = populations.reindex(clusters.index).astype("int64").to_numpy()
    return Geography(
        boards=layers["health_board"],
        authorities=layers["local_authority"],
        clusters=layers["cluster"],
        aliases=geo.aliases,
    )
