"""What every page of a published round shares: the round's view, and where each page lives.

The figures are those of the dashboard for the same round with no filter chosen:
one :class:`sprx_map.view.View` (the round's projects, the clusters whose board's
return counts and those whose board has none, the area tables at each level...),
each made once per build and shared by both languages and every page.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

import pandas as pd

from sprx_map import filters, tables
from sprx_map.dataset import Dataset
from sprx_map.events import Event, file_name
from sprx_map.geo.geography import LEVELS, Geography
from sprx_map.i18n import LANGUAGES
from sprx_map.publish import drawings
from sprx_map.publish.outlines import Outlines, outlines
from sprx_map.rounds import RoundReturns
from sprx_map.view import View

FOLDERS = {"health_board": "health-board", "local_authority": "local-authority", "cluster": "cluster"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def slug(text: str) -> str:
    """``text`` as a safe part of a file name (letters, digits, ``.``, ``_``, ``-``).

    >>> slug("W11000024"), slug("cardiff-east"), slug("2027/03 <x>")
    ('w11000024', 'cardiff-east', '2027-03-x')
    """
    return _UNSAFE.sub("-", str(text)).strip("-.").lower() or "x"


@dataclass(frozen=True)
class Paths:
    """Where each page and file of the site lives, relative to the site's folder (always with ``/``)."""

    round: str

    def index(self, lang: str) -> str:
        return f"{lang}/index.html"

    def methods(self, lang: str) -> str:
        return f"{lang}/methods.html"

    def package(self, lang: str) -> str:
        """The language's data package, which lists every CSV of its ``data/`` folder."""
        return f"{lang}/datapackage.json"

    def schema(self, lang: str, name: str) -> str:
        """A Table Schema the language's package shares between several tables, named after the first."""
        return f"{lang}/schemas/{name}.json"

    def profile(self, lang: str, level: str, code: str) -> str:
        return f"{lang}/{FOLDERS[level]}/{slug(code)}.html"

    def events(self, lang: str) -> str:
        return f"{lang}/events.html"

    def event_file(self, lang: str, event: Event) -> str:
        """One event's iCalendar file, to add it to a calendar."""
        return f"{lang}/events/{file_name(event)}"

    def slide(self, lang: str, code: str | None) -> str:
        """A slide of the presenter view: Wales (``code`` None) opens the folder, a board has its own page."""
        return f"{lang}/slides/{'index' if code is None else slug(code)}.html"

    def data(self, lang: str, what: str, ext: str) -> str:
        """A download: ``what`` says which table (``projects-wales``, ``areas-cluster``...)."""
        return f"{lang}/data/sprx-{slug(what)}-{slug(self.round)}-{lang}.{ext}"

    def area_projects(self, lang: str, level: str, code: str, ext: str) -> str:
        """The download of the projects serving one area."""
        return self.data(lang, f"projects-{FOLDERS[level]}-{code}", ext)

    @staticmethod
    def relative(page: str, target: str) -> str:
        """The link from ``page`` to ``target`` (both site paths), so the site opens from any folder.

        >>> Paths.relative("en/cluster/a.html", "cy/index.html")
        '../../cy/index.html'
        """
        return posixpath.relpath(target, posixpath.dirname(page) or ".")


@dataclass
class Round:
    """One round of a dataset as every page of its site shows it: the :class:`~sprx_map.view.View` of the
    round with no filter chosen, and where each page lives."""

    data: Dataset
    geo: Geography
    label: str
    measure: str  # what the index's maps show
    base_url: str = ""  # the address the site is served from, for absolute hreflang alternates ("": relative)
    events: tuple[Event, ...] = ()  # the learning events the store keeps (none: the site has no events page)
    view: View = field(init=False)  # the round with no filter chosen: what every page reads, each made once
    returns: RoundReturns | None = field(init=False)
    projects: pd.DataFrame = field(init=False)  # the round's projects
    counted: list[str] = field(init=False)  # clusters whose board's return counts
    no_return: list[str] = field(init=False)  # clusters whose board has none
    tables: dict[str, pd.DataFrame] = field(init=False)  # level -> area table, areas of no return listed
    counting: dict[str, pd.DataFrame] = field(init=False)  # level -> area table of the areas whose return counts
    compared: dict[str, pd.DataFrame] = field(init=False)  # level -> counting's table with its comparisons
    wales: dict = field(init=False)  # the headline figures (metrics.headline)
    matrix: pd.DataFrame = field(init=False)  # current projects by cluster and kind of support (gaps.category_matrix)
    outlines: Outlines = field(init=False)
    paths: Paths = field(init=False)

    def __post_init__(self) -> None:
        # Kept whole: every page of both languages reads it, and forked processes inherit what is made.
        view = self.view = View(self.data, self.geo, filters.Filters(round=self.label), memo=None)
        self.returns = view.returns
        self.projects = view.projects
        self.counted, self.no_return = view.counted, view.no_return
        self.tables = {level: view.area_table(level) for level in LEVELS}
        self.counting = {level: view.counted_table(level) for level in LEVELS}
        self.compared = {level: view.counted_compared(level) for level in LEVELS}
        self.wales = view.headline
        self.matrix = view.category_matrix(every_cluster=True)
        self.outlines = outlines(self.geo)
        self.paths = Paths(self.label)

    @property
    def illustrative(self) -> bool:
        return self.view.illustrative

    @property
    def shares(self) -> pd.DataFrame:
        return self.data.shares

    def areas(self) -> list[tuple[str, str]]:
        """Every (level, code) with a profile, boards first, in geography order."""
        return [(level, str(code)) for level in LEVELS for code in self.geo.layer(level).index]

    def area_projects(self, lang: str, level: str, code: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The projects serving an area (:func:`sprx_map.profiles.area_projects`) and their
        :func:`sprx_map.tables.projects_frame` in ``lang``: made once for the page and its files."""
        return self.view.area_projects(level, code, lang)

    def serving(self, level: str, code: str) -> pd.DataFrame:
        """The projects serving an area (:func:`sprx_map.profiles.area_projects`, made once for both languages)."""
        return self.view.serving(level, code)

    def layer(self, level: str, measure: str, lang: str):
        """:func:`sprx_map.publish.drawings.layer` of the round's table of ``level`` (made once)."""
        return self.view.remember(
            ("layer", level, measure, lang), lambda: drawings.layer(self.geo, self.tables[level], level, measure, lang)
        )

    def locator_numbers(self, level: str, lang: str) -> tuple[pd.Index, pd.DataFrame]:
        """Every area of ``level``'s current projects as the locators' tables show them: the codes in
        geography order and :func:`sprx_map.tables.formatted` of their area frame (made once; a locator shows
        the rows of the areas on it)."""

        def make():
            frame = self.view.area_frame(level, lang, ("projects_current",))
            return frame.index, tables.formatted(frame, lang)

        return self.view.remember(("locator numbers", level, lang), make)

    def spread(self, level: str) -> dict:
        """:func:`sprx_map.compare.areas.spreads` of the counted areas of ``level``: what every spine chart of
        the level shares (made once)."""
        return self.view.spread(level)

    def alternate(self, page: str, target: str) -> str:
        """The address of ``target`` (the same page in another language) as ``page``'s ``hreflang`` alternate:
        absolute under :attr:`base_url` when it is known, as search engines want, else relative."""
        return self.base_url.rstrip("/") + "/" + target if self.base_url else Paths.relative(page, target)

    def warm(self) -> None:
        """Make now what every language's pages use but is made on first use: the projects serving each area,
        every round's tables, change and trends at every level."""
        for level, code in self.areas():
            self.serving(level, code)
        for level in LEVELS:
            self.round_tables(self.data.rounds(), level)  # the file of every round's, and the trends'
            self.change_table(level)
            if self.trend_tables(level) is not None:
                self.trend_of(level, str(self.geo.layer(level).index[0]))

    def trend_rounds(self) -> list[str]:
        """The rounds of this one's kind up to it, oldest first (:func:`sprx_map.trends.rounds_until`)."""
        return self.view.trend_rounds()

    def trend_tables(self, level: str) -> tuple[dict, dict] | None:
        """:func:`sprx_map.trends.round_tables` of ``level`` over :meth:`trend_rounds` (made once), as the
        profile's trends use them; None with fewer than :data:`sprx_map.trends.ENOUGH` rounds."""
        return self.view.trend_tables(level)

    def round_tables(self, labels: list[str], level: str) -> tuple[dict, dict]:
        """:func:`sprx_map.trends.round_tables` of the rounds ``labels`` at ``level``, each round's tables made
        once (for the trends and for the file of every round)."""
        return self.view.round_tables(labels, level)

    def trend_of(self, level: str, code: str) -> dict[str, pd.DataFrame] | None:
        """:func:`sprx_map.trends.area_trends` of one area (those of every area of ``level`` made at once)."""
        made = self.view.areas_trends(level)
        return None if made is None else made[code]

    def change_rows(self, level: str, lang: str) -> tuple[pd.DataFrame, list[str]] | None:
        """:func:`sprx_map.tables.change_frame` of every area of ``level`` and the areas' codes in its order
        (each row is its area's alone: a profile shows one)."""
        table = self.change_table(level)
        if table is None:
            return None

        def make():
            order = [str(c) for c in self.geo.layer(level).index if c in table.index]
            return tables.change_frame(table, self.geo, level, lang, self.before(), self.label), order

        return self.view.remember(("change rows", level, lang), make)

    def before(self) -> str | None:
        """The round this one is compared with (of the same kind: real, or illustrative), if any."""
        return self.view.before

    def change_table(self, level: str) -> pd.DataFrame | None:
        """:func:`sprx_map.change.change_table` of the round before and this one at ``level`` (made once)."""
        return self.view.round_change(level)


def alternates(paths_of) -> dict[str, str]:
    """Language -> the same page in it, from a function of the language."""
    return {lang: paths_of(lang) for lang in LANGUAGES}
