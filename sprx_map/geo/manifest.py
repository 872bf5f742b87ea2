"""The embedded geography's manifest: where its files come from, under which licence, how to credit them.

``data/geography/manifest.json`` describes the folder: its sources and their licences, the
attribution shown under maps (in each language), how many boards, authorities and clusters the files
hold, and the sha256 of every file. The app and the exports credit the geography with its words, and
``geography --check`` compares every file with it, so a file changed by hand (or a build that did not
refresh the manifest) is reported rather than shown.

The manifest is data: its texts are given per language (``{"en": ..., "cy": ...}``) as area names
are, and worded with :func:`sprx_map.i18n.in_language`.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sprx_map import GEOGRAPHY_DIR
from sprx_map.i18n import in_language
from sprx_map.messages import Message, message

MANIFEST_NAME = "manifest.json"
# How many areas of each level the files hold: the layer's features, or the rows of the cluster facts.
COUNTED = {
    "health_board": "health_boards.geojson",
    "local_authority": "local_authorities.geojson",
    "cluster": "clusters.csv",
}


@dataclass(frozen=True)
class Manifest:
    """What ``manifest.json`` says of a geography folder."""

    title: str
    sources: dict  # name -> {"what", "name" {lang: text}, "licence" {lang: text} or None, "url", "detail"}
    attribution: dict  # {lang: text}: the line shown under maps and charts
    counts: dict  # level -> number of areas
    files: dict  # path inside the folder (with "/") -> sha256 hex digest

    def attribution_in(self, lang: str) -> str:
        """The attribution line in ``lang`` (English when the manifest lacks the language)."""
        return in_language(self.attribution, lang)

    def source_name(self, source: str, lang: str) -> str:
        """What ``source`` (``boundaries``, ``cluster_facts``, ``codes``) is called in ``lang``."""
        return in_language(self.sources[source]["name"], lang)

    def licence(self, source: str, lang: str) -> str | None:
        """The licence of ``source`` in ``lang``, or None when the manifest records none."""
        licence = self.sources[source].get("licence")
        return None if licence is None else in_language(licence, lang)


def read_manifest(directory: Path = GEOGRAPHY_DIR) -> Manifest:
    """The manifest of ``directory``; ``FileNotFoundError`` when it has none.

    >>> read_manifest().counts
    {'health_board': 7, 'local_authority': 22, 'cluster': 60}
    """
    return _read(Path(directory).resolve(), (Path(directory) / MANIFEST_NAME).stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _read(directory: Path, _mtime: int) -> Manifest:  # read again only when the file changed
    raw = json.loads((directory / MANIFEST_NAME).read_text(encoding="utf-8"))
    return Manifest(
        title=raw["title"],
        sources=raw["sources"],
        attribution=raw["attribution"],
        counts=raw["counts"],
        files=raw["files"],
    )


def sha256_of(path: Path) -> str:
    """The sha256 of a file's bytes, as hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def described_files(directory: Path) -> list[str]:
    """The files a manifest of ``directory`` describes: all of them but the manifest, sorted, with "/"."""
    directory = Path(directory)
    return sorted(
        p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file() and p.name != MANIFEST_NAME
    )


def counts_of(directory: Path) -> dict[str, int]:
    """How many areas of each level the files of ``directory`` hold."""
    directory = Path(directory)
    counts = {}
    for level, name in COUNTED.items():
        path = directory / name
        if name.endswith(".csv"):
            with path.open(encoding="utf-8", newline="") as f:
                counts[level] = sum(1 for _ in csv.DictReader(f))
        else:
            counts[level] = len(json.loads(path.read_text(encoding="utf-8"))["features"])
    return counts


def manifest_problems(directory: Path = GEOGRAPHY_DIR) -> list[Message]:
    """How the files of ``directory`` differ from its manifest; empty when they match.

    A file whose sha256 differs, a file listed but missing, a file not listed, a count that differs,
    or no manifest at all: each is one message, worded where it is shown.
    """
    directory = Path(directory)
    try:
        manifest = read_manifest(directory)
    except FileNotFoundError:
        return [message("geo.manifest_none", path=str(directory / MANIFEST_NAME))]
    problems = []
    present = set(described_files(directory))
    for name, expected in sorted(manifest.files.items()):
        if name not in present:
            problems.append(message("geo.manifest_missing", file=name))
        elif (found := sha256_of(directory / name)) != expected:
            problems.append(message("geo.manifest_changed", file=name, found=found[:12], expected=expected[:12]))
    problems += [message("geo.manifest_unlisted", file=name) for name in sorted(present - set(manifest.files))]
    if all((directory / name).exists() for name in COUNTED.values()):
        for level, count in counts_of(directory).items():
            if count != manifest.counts.get(level):
                level_word = message(f"geo.level_word.{level}")
                problems.append(
                    message("geo.manifest_count", level=level_word, count=count, expected=manifest.counts.get(level))
                )
    return problems


def refreshed(directory: Path) -> dict:
    """The manifest of ``directory`` with its counts and sha256s worked out again from the files.

    The descriptive parts (title, sources, attribution) are kept as they are: the build script
    (``scripts/build_geography.py``) writes the result with :func:`write_manifest` after a rebuild.
    """
    directory = Path(directory)
    raw = json.loads((directory / MANIFEST_NAME).read_text(encoding="utf-8"))
    raw["counts"] = counts_of(directory)
    raw["files"] = {name: sha256_of(directory / name) for name in described_files(directory)}
    return raw


def write_manifest(directory: Path) -> Path:
    """Refresh the manifest of ``directory`` in place (see :func:`refreshed`); return its path."""
    path = Path(directory) / MANIFEST_NAME
    path.write_text(json.dumps(refreshed(directory), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
