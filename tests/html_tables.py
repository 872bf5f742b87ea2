"""Read back the plain HTML tables the app draws (``ui.static_table``), as frames of text."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def read(markup: str) -> list[pd.DataFrame]:
    """Every table in ``markup``: the first row gives the headings, every cell is text."""
    parser = _Tables()
    parser.feed(markup)
    return [pd.DataFrame(rows[1:], columns=rows[0], dtype=object) for rows in parser.tables]


def tables(at) -> list[pd.DataFrame]:
    """The tables an AppTest run drew, in page order."""
    return [frame for element in at.get("html") for frame in read(element.value)]


def map_table(at) -> pd.DataFrame:
    """The Map page's table of numbers: opens its folded section (drawn only once open) and reads it."""
    at.session_state["map_table"] = True
    at.run()
    return tables(at)[0]
