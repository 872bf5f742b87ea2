"""The files a published round offers beside its tables: tidy CSV and Excel, and GeoJSON, as the app writes them.

The tables are :mod:`sprx_map.downloads`' (the app's and ``export``'s), written
by :mod:`sprx_map.export`. A workbook is a zip that records when it was made;
here it records the round's "data as of" instead, so the same store gives the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass

from sprx_map import export
from sprx_map.downloads import Download
from sprx_map.geo.geography import Geography

EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the earliest time a zip can hold
_CORE_TIMES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


@dataclass(frozen=True)
class File:
    """One file of the site: where it goes (relative to the site's root), its bytes, and what it is."""

    path: str
    content: bytes
    kind: str  # "csv", "xlsx", "geojson": the catalogue's publish.format.<kind> names it


def csv_file(path: str, made: Download) -> File:
    """The tidy CSV of a download (the release's round, illustrative flag and data as of in its columns)."""
    return File(path, export.csv_bytes(made.frame, made.headings, made.release), "csv")


def xlsx_file(path: str, made: Download) -> File:
    """The workbook of a download (Cover, Notes, the table), stamped with the round's data as of."""
    notes = export.notes_for(made.frame.columns, made.release.lang)
    content = export.xlsx_bytes(made.frame, made.headings, made.release, title=made.title, notes=notes)
    return File(path, stable_zip(content, made.release.data_as_of), "xlsx")


def geojson_file(path: str, made: Download, geo: Geography, level: str) -> File:
    """The measures of every area of ``level`` with their shapes, the release's lines as its notes."""
    indexed = made.frame.set_index(made.frame["code"], drop=False)  # properties keep their keys, as `export` does
    text = export.geojson_text(indexed, geo, level, made.release.lines())
    return File(path, text.encode("utf-8"), "geojson")


def stable_zip(content: bytes, moment: dt.datetime | None) -> bytes:
    """``content`` (a zip such as a workbook) with every time in it set to ``moment`` (or 1980), entries in
    the same order: the same tables give the same bytes whenever they are written.

    >>> import zipfile, io
    >>> first = io.BytesIO()
    >>> with zipfile.ZipFile(first, "w") as z:
    ...     z.writestr("a.txt", "x")
    >>> zipfile.ZipFile(io.BytesIO(stable_zip(first.getvalue(), None))).infolist()[0].date_time
    (1980, 1, 1, 0, 0, 0)
    """
    moment = max(moment or EPOCH, EPOCH).astimezone(dt.UTC)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_TIMES.sub(lambda m: m.group(1) + stamp + m.group(3), data)
            entry = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, data)
    return out.getvalue()
