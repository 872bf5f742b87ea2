"""The dashboard's filters: what they hold, how they narrow, how they travel in a URL.

Filters are plain values (codes and vocabulary keys), so a link can carry them
and tests can build them without Streamlit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

import pandas as pd

from sprx_map import schema
from sprx_map.geo.geography import Geography
from sprx_map.i18n import format_number, t

# URL parameter -> Filters field. Short names keep shared links readable.
URL_PARAMS = {
    "hb": "boards",
    "la": "authorities",
    "cl": "clusters",
    "status": "statuses",
    "cat": "categories",
    "grp": "target_groups",
    "fund": "funding",
    "round": "round",
}
LIST_SEPARATOR = ","


@dataclass(frozen=True)
class Filters:
    """What the user has chosen; an empty tuple means "all"."""

    boards: tuple[str, ...] = ()
    authorities: tuple[str, ...] = ()
    clusters: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    funding: tuple[str, ...] = ()
    round: str | None = None

    def is_default(self, latest_round: str | None = None) -> bool:
        """True when nothing is chosen (the latest survey round counts as nothing)."""
        return replace(self, round=None if self.round == latest_round else self.round) == Filters()


# Filters on areas: (Filters field, geography level), widest first.
AREA_FILTERS = (("boards", "health_board"), ("authorities", "local_authority"), ("clusters", "cluster"))
# Filters on vocabularies: (Filters field, vocabulary, catalogue key of its label).
VOCABULARY_FILTERS = (
    ("statuses", schema.STATUSES, "filter.status"),
    ("categories", schema.ACTIVITY_CATEGORIES, "filter.category"),
    ("target_groups", schema.TARGET_GROUPS, "filter.target_group"),
    ("funding", schema.FUNDING_SOURCES, "filter.funding"),
)


def vocabularies() -> dict[str, tuple[str, ...]]:
    """Allowed keys of the vocabulary filters."""
    return {field: tuple(term.key for term in vocabulary) for field, vocabulary, _ in VOCABULARY_FILTERS}


def authority_options(geo: Geography, boards: tuple[str, ...]) -> list[str]:
    """Local authority codes offered once ``boards`` are chosen, in board order."""
    las = geo.authorities
    return list(las.index if not boards else las.index[las["hb_code"].isin(boards)])


def cluster_options(geo: Geography, boards: tuple[str, ...], authorities: tuple[str, ...]) -> list[str]:
    """Cluster ids offered once ``boards`` and ``authorities`` are chosen."""
    c = geo.clusters
    keep = pd.Series(True, index=c.index)
    if boards:
        keep &= c["hb_code"].isin(boards)
    if authorities:
        keep &= c["la_code"].isin(authorities)
    return list(c.index[keep])


def offered(geo: Geography, boards: tuple[str, ...], authorities: tuple[str, ...], lang: str) -> dict:
    """What each filter offers once ``boards`` and ``authorities`` are chosen, as the sidebar lists them
    (areas first, then the vocabularies): field -> (its heading's catalogue key, keys in order, key -> label
    in ``lang``)."""
    areas = (
        ("boards", "health_board", list(geo.boards.index)),
        ("authorities", "local_authority", authority_options(geo, boards)),
        ("clusters", "cluster", cluster_options(geo, boards, authorities)),
    )
    out = {field: (f"level.{level}", keys, geo.area_names(level, lang).to_dict()) for field, level, keys in areas}
    for field, vocabulary, key in VOCABULARY_FILTERS:
        labels = schema.labels(vocabulary, lang)
        out[field] = (key, list(labels), labels)
    return out


def narrow(f: Filters, geo: Geography, rounds: list[str]) -> Filters:
    """Drop choices that are unknown or outside the chosen areas.

    >>> from sprx_map.geo.geography import load_geography
    >>> narrow(Filters(boards=("W11000024",), authorities=("W06000015",)), load_geography(), []).authorities
    ()
    """
    boards = tuple(b for b in f.boards if b in geo.boards.index)
    authorities = tuple(a for a in f.authorities if a in authority_options(geo, boards))
    clusters = tuple(c for c in f.clusters if c in cluster_options(geo, boards, authorities))
    vocab = vocabularies()
    kept = {name: tuple(v for v in getattr(f, name) if v in vocab[name]) for name in vocab}
    round_ = f.round if f.round in rounds else None
    return Filters(boards, authorities, clusters, round=round_, **kept)


def to_params(f: Filters) -> dict[str, str]:
    """URL query parameters for ``f``; defaults are left out."""
    out = {}
    for param, name in URL_PARAMS.items():
        value = getattr(f, name)
        if value:
            out[param] = value if isinstance(value, str) else LIST_SEPARATOR.join(value)
    return out


def from_params(params: dict[str, str | list[str]]) -> Filters:
    """Filters from URL query parameters (unchecked: pass through :func:`narrow`)."""
    values = {}
    for param, name in URL_PARAMS.items():
        raw = params.get(param)
        if raw is None:
            continue
        text = raw[-1] if isinstance(raw, list) else raw
        if name == "round":
            values[name] = text or None
        else:
            values[name] = tuple(dict.fromkeys(v.strip() for v in text.split(LIST_SEPARATOR) if v.strip()))
    return Filters(**values)


def area_clusters(f: Filters, geo: Geography) -> list[str]:
    """Clusters inside the chosen areas (all the geography's clusters when none is chosen)."""
    if f.clusters:
        return list(f.clusters)
    return cluster_options(geo, f.boards, f.authorities)


def _overlaps(lists: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    wanted_set = set(wanted)
    return lists.map(lambda values: bool(wanted_set.intersection(values)))


def apply(f: Filters, projects: pd.DataFrame, geo: Geography) -> pd.DataFrame:
    """Projects that match every filter and serve at least one chosen cluster."""
    keep = pd.Series(True, index=projects.index)
    if f.round:
        keep &= projects["round"] == f.round
    if f.statuses:
        keep &= projects["status"].isin(f.statuses)
    for name, column in (
        ("categories", "activity_categories"),
        ("target_groups", "target_groups"),
        ("funding", "funding_sources"),
    ):
        if getattr(f, name):
            keep &= _overlaps(projects[column], getattr(f, name))
    if f.boards or f.authorities or f.clusters:
        keep &= _overlaps(projects["clusters_served"], tuple(area_clusters(f, geo)))
    return projects[keep]


def field_names() -> list[str]:
    """The names of the filter fields, in sidebar order."""
    return [f.name for f in fields(Filters)]


def cleared(f: Filters, *names: str) -> Filters:
    """``f`` with the named fields back to their defaults."""
    return replace(f, **{n: (None if n == "round" else ()) for n in names})


def without_areas(f: Filters) -> Filters:
    """``f`` with no area chosen (every other choice kept)."""
    return replace(f, boards=(), authorities=(), clusters=())


def only_area(f: Filters, level: str, code: str) -> Filters:
    """``f`` narrowed to one area of ``level`` (other choices kept)."""
    field = {"health_board": "boards", "local_authority": "authorities", "cluster": "clusters"}[level]
    return replace(without_areas(f), **{field: (code,)})


def _names(f: Filters, geo: Geography, lang: str) -> list[tuple[str, list[str]]]:
    """(filter label key, chosen names) for each filter in use."""
    out = []
    for field, level in AREA_FILTERS:
        if getattr(f, field):
            names = geo.area_names(level, lang)
            out.append((f"level.{level}", [str(names[code]) for code in getattr(f, field)]))
    for field, vocabulary, key in VOCABULARY_FILTERS:
        if getattr(f, field):
            out.append((key, [schema.label(vocabulary, v, lang) for v in getattr(f, field)]))
    return out


def describe(f: Filters, geo: Geography, lang: str = "en") -> str:
    """The filters in words, e.g. "Health board: Powys; Status: current"."""
    parts = _names(f, geo, lang)
    if not parts:
        return t("filter.none", lang)
    return "; ".join(f"{t(key, lang)}: {', '.join(values)}" for key, values in parts)


def scope(geo: Geography, clusters: list[str], population: int | float, lang: str = "en") -> str:
    """How many of the geography's clusters are counted, and their registered patients, in words.

    The total is the count of clusters of ``geo``, the geography in use, never a number in the text.

    >>> from sprx_map.geo.geography import load_geography
    >>> scope(load_geography(), ["cardiff-north", "penderi"], 12345, "cy")
    "2 o'r 60 clwstwr wedi'u dewis, 12,345 o gleifion cofrestredig."
    """
    patients = format_number(population, 0, lang)
    return t("overview.scope", lang, clusters=len(clusters), total=len(geo.clusters), population=patients)


def slug(f: Filters, geo: Geography, max_length: int = 60) -> str:
    """A short file-name-safe summary of the filters ("wales" when there are none)."""
    parts = [v for _, values in _names(f, geo, "en") for v in values]
    text = re.sub(r"[^a-z0-9]+", "-", "+".join(parts).lower()).strip("-") if parts else "wales"
    return text[:max_length].rstrip("-")
