"""Workbooks that lie about themselves, made small for tests and benchmarks.

A dimension bomb is an ordinary return whose sheet declares a far larger size
in its ``<dimension>``: a few KB that say "A1:XFD2000" (2,000 rows of 16,384
cells). Rewritten in the zip, so every other part is as openpyxl wrote it.
"""

from __future__ import annotations

import io
import re
import zipfile

from tests.builders import RETURN_HEADER

PROJECT = ("Walk and Talk", "Powys Walkers", "Powys", "Mid Powys", "current", "physical activity and sport", 1, 10)
BOMB_DIMENSION = "A1:XFD2000"


def shaped_return(declared: str | None = None) -> bytes:
    """A return of a heading, one project and a note in A2000; ``declared`` replaces the sheet's dimension."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Projects"
    ws.append(RETURN_HEADER)
    ws.append(PROJECT)
    ws["A2000"] = "Sent by the Powys team"
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    return data if declared is None else with_dimension(data, declared)


def dimension_bomb() -> bytes:
    """:func:`shaped_return` declaring ``A1:XFD2000``."""
    return shaped_return(BOMB_DIMENSION)


def with_dimension(data: bytes, declared: str) -> bytes:
    """The workbook ``data`` with its first sheet's ``<dimension>`` saying ``declared``."""
    return rewritten(data, rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{declared}"/>'.encode())


def rewritten(data: bytes, pattern: bytes, replacement: bytes, sheet: int = 1) -> bytes:
    """The workbook ``data`` with the one match of ``pattern`` in the XML of its ``sheet``-th sheet replaced
    (what openpyxl would take too long to write, such as a range merged over a whole sheet)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == f"xl/worksheets/sheet{sheet}.xml":
                part, found = re.subn(pattern, replacement, part)
                assert found == 1, f"{pattern!r} is not in the sheet once"
            archive.writestr(info, part)
    return out.getvalue()
