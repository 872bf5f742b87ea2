"""Boundary files opened safely: the format told by the file's first bytes, opened with that driver only.

GDAL picks a driver by a file's contents, whatever its name: an OGR VRT document saved as
``boards.geojson`` would be followed to any file on the server, or to a URL. So the bytes decide the
format here (GeoJSON, GeoPackage or Shapefile, each by its signature), the dataset is opened with that
driver alone, and anything else is refused. A zip is unpacked by Python into a private folder, within
limits on what it unpacks to, before GDAL sees it. The VRT drivers and GDAL's network file systems are
switched off for the process (see :data:`GDAL_LOCKDOWN`, applied in ``sprx_map/__init__.py`` before
GDAL loads).
"""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sprx_map.geo.columns import BoundaryError, listing

# Configuration GDAL reads when it starts: no VRT drivers (a VRT points at other files), and no
# extension allowed for /vsicurl/ and its kin (no fetching URLs). Set as environment variables before
# pyogrio is imported, and again as configuration options before each file is opened.
GDAL_LOCKDOWN = {
    "GDAL_SKIP": "OGR_VRT VRT",
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".sprx-nothing",
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_MAX_RETRY": "0",
    "OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "NO",  # a GeoPackage's views may not open other files
}

GEOJSON, GEOPACKAGE, SHAPEFILE = "GeoJSON", "GPKG", "ESRI Shapefile"
SQLITE_MAGIC = b"SQLite format 3\x00"
SHAPEFILE_MAGIC = b"\x00\x00\x27\x0a"  # file code 9994, big-endian
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
# Drivers opened by a prefix that names them, so GDAL tries no other; a Shapefile has none, so its
# signature is checked and the driver GDAL reports is checked again once open.
PREFIXES = {GEOJSON: "GeoJSON:", GEOPACKAGE: "GPKG:", SHAPEFILE: ""}


@dataclass(frozen=True)
class BoundaryLimits:
    """How much a boundary file may hold before it is refused (hostile or mistaken files).

    The defaults take every official boundary file of Wales at full resolution (the 1,909 LSOAs of
    Wales are 7.5 MB and about 470,000 vertices) and the generalised files of England and Wales.
    """

    max_bytes: int = 300 * 2**20  # the file, or the parts a zip unpacks to
    max_ratio: int = 100  # unpacked size / packed size of any part of a zip
    max_features: int = 50_000  # England and Wales have about 35,700 LSOAs (2021)
    max_vertices: int = 5_000_000  # before repair and simplification


LIMITS = BoundaryLimits()


def lock_down_gdal() -> None:
    """Apply :data:`GDAL_LOCKDOWN` as GDAL configuration options (read at each open)."""
    import pyogrio

    pyogrio.set_gdal_config_options(GDAL_LOCKDOWN)


def format_of(head: bytes) -> str | None:
    """The boundary format a file's first bytes announce, or None.

    >>> format_of(b'\\xef\\xbb\\xbf {"type": "FeatureCollection"'), format_of(b"SQLite format 3\\x00...")
    ('GeoJSON', 'GPKG')
    >>> format_of(b"<OGRVRTDataSource>") is None
    True
    """
    if head.startswith(SQLITE_MAGIC):
        return GEOPACKAGE
    if head.startswith(SHAPEFILE_MAGIC):
        return SHAPEFILE
    if head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n").startswith(b"{"):
        return GEOJSON
    return None


def _head(path: Path, size: int = 64) -> bytes:
    with path.open("rb") as file:
        return file.read(size)


def dataset_of(path: Path, suffix: str, folder: Path, limits: BoundaryLimits = LIMITS) -> tuple[str, str]:
    """The GDAL dataset to open for ``path`` (a prefix naming its one driver), and that driver.

    ``suffix`` is the name's (``.geojson``, ``.json``, ``.gpkg``, ``.shp`` or ``.zip``); the bytes must
    agree with it. A zip's boundary file is unpacked into ``folder`` first. Raises
    :class:`~sprx_map.geo.columns.BoundaryError` for anything else.
    """
    name, size = path.name, path.stat().st_size
    if size > limits.max_bytes:
        raise BoundaryError("boundaries.too_big", file=name, size=_mb(size), limit=_mb(limits.max_bytes))
    if suffix == ".zip":
        path = _unzip(path, folder, limits)
        suffix = path.suffix
    found = format_of(_head(path))
    expected = SHAPEFILE if suffix == ".shp" else (GEOPACKAGE if suffix == ".gpkg" else GEOJSON)
    if found != expected:
        raise BoundaryError("boundaries.not_format", file=name, format=_format_word(expected))
    return PREFIXES[found] + str(path), found


def _format_word(driver: str) -> str:
    return {GEOJSON: "GeoJSON", GEOPACKAGE: "GeoPackage", SHAPEFILE: "Shapefile"}[driver]


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def _unzip(path: Path, folder: Path, limits: BoundaryLimits) -> Path:
    """Unpack the one Shapefile (with its parts) or GeoPackage of a zip into ``folder``, within limits.

    Members are written under names made here, never the archive's paths, and no more bytes than the
    archive declares are ever unpacked (Python's zip reader stops there and checks the CRC).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX/")]
            found = [m for m in members if Path(m.filename).suffix.lower() in (".shp", ".gpkg")]
            if not found:
                raise BoundaryError("boundaries.zip_none", file=path.name)
            if len(found) > 1:
                names = listing([m.filename for m in found], limit=5)
                raise BoundaryError("boundaries.zip_several", file=path.name, count=len(found), members=names)
            main = found[0]
            stem, suffix = str(Path(main.filename).with_suffix("")).lower(), Path(main.filename).suffix.lower()
            parts = [main]
            if suffix == ".shp":
                parts += [
                    m for m in members
                    if m is not main and str(Path(m.filename).with_suffix("")).lower() == stem
                    and Path(m.filename).suffix.lower() in SHAPEFILE_PARTS
                ]  # fmt: skip
            unpacked = sum(m.file_size for m in parts)
            worst = max(m.file_size / max(m.compress_size, 1) for m in parts)
            if unpacked > limits.max_bytes or worst > limits.max_ratio:
                raise BoundaryError(
                    "boundaries.unpacks_too_big", file=path.name, size=_mb(unpacked), limit=_mb(limits.max_bytes)
                )
            for member in parts:
                target = folder / ("boundaries" + Path(member.filename).suffix.lower())
                with archive.open(member) as source, target.open("wb") as out:
                    shutil.copyfileobj(source, out, 2**20)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise BoundaryError("boundaries.unreadable", file=path.name, reason=_reason(exc)) from exc
    return folder / ("boundaries" + suffix)


def _reason(exc: Exception) -> str:
    """A short reason from an exception, without echoing much of what it quotes."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120].rstrip(".") + "."
