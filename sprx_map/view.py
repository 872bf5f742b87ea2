"""A view: one round under filters, and everything shown or written of it, each worked out once.

A :class:`View` is the round's projects that pass the filters, the chosen clusters split by whether their
board's return counts, and what is made of them: area tables and compared tables by level, the headline,
the category matrix, change since the round before, every round's tables, the release facts and the files.
The app keeps one per store revision and filters for every session (:mod:`sprx_map.ui.shared_view`);
publishing makes one per round (:class:`sprx_map.publish.round.Round`); the command line's exports are a
view's files (:mod:`sprx_map.downloads`).

Everything is made on first use and kept (:meth:`View.remember`, :class:`sprx_map.memo.Memo`). In the app
one view serves many sessions at once, each in its own thread: a value is made by one thread while the
others asking for it wait, and only a finished value is ever handed out. What is handed out is shared: do
not change it (a folium map, which showing changes, is copied by whoever shows it).
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from sprx_map import change, filters, gaps, metrics, profiles, rounds, tables, trends
from sprx_map.compare import areas
from sprx_map.dataset import Dataset
from sprx_map.filters import Filters
from sprx_map.geo.geography import Geography
from sprx_map.memo import Memo, kept

# What one view keeps: every level, measure and language of a few pages, a few dozen searches and areas, and
# a few maps (a few hundred kB each); past it, what was used longest ago is dropped (and made again if asked).
MEMO = 128
MAPS = 12

_kept = kept("")
_map = kept("maps")


class View:
    """One round (``filters.round``) of ``data`` under ``filters``, over ``geo``; see the module's note."""

    def __init__(self, data: Dataset, geo: Geography, chosen: Filters, memo: int | None = MEMO) -> None:
        """``memo``: how much the view keeps (None: everything, as a build that reads it whole wants)."""
        self.data, self.geo, self.filters = data, geo, chosen
        self._memo = Memo({"": memo, "maps": None if memo is None else MAPS})

    def __repr__(self) -> str:
        return f"View({self.filters!r})"

    def remember(self, key: tuple, make, shelf: str = ""):
        """``make()``, made the first time ``key`` is asked for and kept (at most :data:`MEMO` of them, and
        :data:`MAPS` maps on the shelf ``"maps"``); threads asking at once wait for the first to make it."""
        return self._memo.get(key, make, shelf)

    def held(self, name: str, *args, **kwargs):
        """What the method ``name`` gave for these arguments (or what :meth:`remember` kept as ``(name, *args)``),
        as kept; KeyError if it was not made (tests check what pages made without making it)."""
        method = getattr(type(self), name, None)
        return self._memo.held(method.key(self, args, kwargs) if hasattr(method, "key") else (name, *args))

    # The round under the filters.

    @property
    def shares(self) -> pd.DataFrame:
        return self.data.shares

    @property
    def illustrative(self) -> bool:
        return self.data.is_illustrative(self.filters.round)

    @property
    def returns(self):
        """Who has returned in the round (:class:`sprx_map.rounds.RoundReturns`, None: every board)."""
        return self.remember(("returns",), lambda: self.data.returns_of(self.filters.round))

    @property
    def projects(self) -> pd.DataFrame:
        """The round's projects that pass the filters."""
        return self.remember(("projects",), lambda: filters.apply(self.filters, self.data.projects, self.geo))

    @property
    def counted(self) -> list[str]:
        """The chosen clusters whose board's return counts in the round."""
        return self._split()[0]

    @property
    def no_return(self) -> list[str]:
        """The chosen clusters whose board has no return in the round."""
        return self._split()[1]

    @_kept
    def _split(self) -> tuple[list[str], list[str]]:
        return rounds.split(filters.area_clusters(self.filters, self.geo), self.geo, self.returns)

    @property
    def headline(self) -> dict:
        """:func:`sprx_map.metrics.headline` of the view."""
        return self.remember(
            ("headline",), lambda: metrics.headline(self.projects, self.shares, self.geo, self.counted)
        )

    @_kept
    def area_table(self, level: str, current: bool = False) -> pd.DataFrame:
        """The measures of every area at ``level`` (areas of no return listed); of current projects only, and
        the counted areas only, with ``current`` (as the caseload chart needs)."""
        if current:
            projects = self.projects[self.projects["status"] == "current"]
            return metrics.area_table(projects, self.shares, self.geo, level, self.counted)
        return metrics.area_table(self.projects, self.shares, self.geo, level, self.counted, no_return=self.no_return)

    @_kept
    def counted_table(self, level: str) -> pd.DataFrame:
        """The area table of ``level`` of the areas whose return counts."""
        return metrics.area_table(self.projects, self.shares, self.geo, level, self.counted)

    @_kept
    def area_frame(self, level: str, lang: str, columns: tuple[str, ...] | None = None) -> pd.DataFrame:
        """:func:`sprx_map.tables.area_frame` of :meth:`area_table` (default columns without ``columns``)."""
        table = self.area_table(level)
        if columns is None:
            return tables.area_frame(table, self.geo, level, lang)
        return tables.area_frame(table, self.geo, level, lang, columns)

    @_kept
    def area_html(self, level: str, lang: str, columns: tuple[str, ...] | None = None) -> str:
        """:meth:`area_frame` for people (:func:`sprx_map.tables.formatted`) as a plain HTML table
        (:func:`sprx_map.tables.html_table`): written once, not on every run of a page that shows it."""
        return tables.html_table(tables.formatted(self.area_frame(level, lang, columns), lang), lang)

    @_kept
    def category_matrix(self, every_cluster: bool = False) -> pd.DataFrame:
        """Current projects by cluster and kind of support (:func:`sprx_map.gaps.category_matrix`), of the
        counted clusters, or of every cluster with ``every_cluster``."""
        return gaps.category_matrix(self.projects, self.geo, None if every_cluster else self.counted)

    # Against all of Wales: the same filters but for the areas.

    @property
    def wales_projects(self) -> pd.DataFrame:
        """The round's projects that pass the filters other than the areas."""
        return self.round_projects(self.filters.round, areas=False)

    @property
    def wales_counted(self) -> list[str]:
        """Every cluster of Wales whose board's return counts in the round."""
        return self._wales_split()[0]

    @_kept
    def _wales_split(self) -> tuple[list[str], list[str]]:
        return rounds.split(list(self.geo.clusters.index), self.geo, self.returns)

    @_kept
    def wales_table(self, level: str, no_return: bool = False) -> pd.DataFrame:
        """The area table of ``level`` over all of Wales for the filters other than areas, of the areas whose
        return counts (with those of no return listed, with ``no_return``): what a profile shows."""
        if no_return:
            missing = self._wales_split()[1]
            return metrics.area_table(
                self.wales_projects, self.shares, self.geo, level, self.wales_counted, no_return=missing
            )
        return metrics.area_table(self.wales_projects, self.shares, self.geo, level, self.wales_counted)

    @_kept
    def comparison(self, level: str, code: str, lang: str) -> pd.DataFrame:
        """:func:`sprx_map.profiles.comparison` of an area against its board and Wales."""
        return profiles.comparison(self.wales_projects, self.shares, self.geo, level, code, lang, self.wales_counted)

    @_kept
    def lacking(self, level: str, code: str, lang: str) -> list[str]:
        """:func:`sprx_map.profiles.lacking`: kinds of support no current project offers in an area."""
        return profiles.lacking(self.wales_projects, self.geo, level, code, lang)

    @_kept
    def everywhere(self, level: str) -> pd.DataFrame:
        """The area table of ``level`` over all of Wales for the filters other than areas: what fifths are
        taken among."""
        return areas.everywhere_table(self.wales_projects, self.shares, self.geo, level, self.wales_counted)

    @_kept
    def compared(self, level: str) -> pd.DataFrame:
        """The area table of ``level`` with its comparisons (:func:`sprx_map.compare.areas.compared_table`):
        against the Wales and boards of the same view, fifths among all areas of ``level`` in Wales."""
        everywhere = None if level == "wales" else self.everywhere(level)  # fifths among all of Wales's areas
        return areas.compared_table(
            self.projects, self.shares, self.geo, level, self.counted, no_return=self.no_return, everywhere=everywhere
        )

    @_kept
    def counted_compared(self, level: str) -> pd.DataFrame:
        """:func:`sprx_map.compare.areas.compared_table` of the counted areas of ``level``, fifths among them."""
        return areas.compared_table(self.projects, self.shares, self.geo, level, self.counted)

    @_kept
    def spread(self, level: str) -> dict:
        """:func:`sprx_map.compare.areas.spreads` of the counted areas of ``level``."""
        return areas.spreads(self.counted_table(level))

    @_kept
    def spine(self, level: str, code: str, lang: str):
        """:func:`sprx_map.profiles.spine` of an area among all areas of its level in Wales."""
        return profiles.spine(self.wales_projects, self.shares, self.geo, level, code, lang, self.wales_counted)

    # The projects.

    @_kept
    def round_projects(self, label: str, areas: bool = True) -> pd.DataFrame:
        """The projects of round ``label`` that pass the same filters (all but the areas', without ``areas``)."""
        chosen = dataclasses.replace(self.filters, round=label)
        return filters.apply(chosen if areas else filters.without_areas(chosen), self.data.projects, self.geo)

    @_kept
    def projects_frame(self, lang: str) -> pd.DataFrame:
        """:func:`sprx_map.tables.projects_frame` of the view's projects."""
        return tables.projects_frame(self.projects, self.geo, lang)

    @_kept
    def search(self, query: str, lang: str) -> pd.DataFrame:
        """The rows of :meth:`projects_frame` that ``query`` finds (:func:`sprx_map.tables.search`)."""
        return tables.search(self.projects_frame(lang), query)

    @_kept
    def on_screen(self, query: str, lang: str) -> pd.DataFrame:
        """:meth:`search` as a table shows it (:func:`sprx_map.tables.on_screen`)."""
        return tables.on_screen(self.search(query, lang))

    @_kept
    def in_area(self, level: str, code: str) -> pd.DataFrame:
        """The view's projects that serve one area."""
        return filters.apply(filters.only_area(self.filters, level, code), self.projects, self.geo)

    @_kept
    def in_area_frame(self, level: str, code: str, lang: str) -> pd.DataFrame:
        """:meth:`in_area` as the Map page lists them."""
        return tables.projects_frame(self.in_area(level, code), self.geo, lang)[
            ["project_name", "lead_organisation", "clusters_served", "status", "link_worker_fte", "referrals_received"]
        ]

    @_kept
    def project_labels(self, lang: str):
        """:func:`sprx_map.tables.project_labels` of the view's projects."""
        return tables.project_labels(self.projects, self.geo, lang)

    @_kept
    def serving(self, level: str, code: str) -> pd.DataFrame:
        """The projects serving an area (:func:`sprx_map.profiles.area_projects`)."""
        return profiles.area_projects(self.data.projects, self.filters, self.geo, level, code)

    @_kept
    def area_projects(self, level: str, code: str, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """:meth:`serving` and its :func:`sprx_map.tables.projects_frame` in ``lang``."""
        chosen = self.serving(level, code)
        return chosen, tables.projects_frame(chosen, self.geo, lang, self.project_labels(lang))

    # Maps: shared as made; copy one before showing it.

    @_map
    def area_map(self, level: str, measure: str, lang: str, **options):
        """:func:`sprx_map.maps.area_map` of :meth:`area_table` (``options`` hashable: tuples, not lists)."""
        from sprx_map import maps

        return maps.area_map(self.geo, self.area_table(level), level, measure, lang, **options)

    def locator_build(self, level: str, code: str, lang: str):
        """How to make a profile's small map of Wales afresh (for a file): :meth:`wales_table` with the areas of no
        return, by current projects, ``code`` outlined."""
        from functools import partial

        from sprx_map import maps

        table = self.wales_table(level, no_return=True)
        return partial(maps.area_map, self.geo, table, level, "projects_current", lang, selected=code)

    @_map
    def locator_map(self, level: str, code: str, lang: str):
        """:meth:`locator_build`'s map, made once and kept: shown as it is."""
        return self.locator_build(level, code, lang)()

    # Coverage gaps.

    @_kept
    def gap_levels(self) -> dict[str, pd.DataFrame]:
        """:func:`sprx_map.gaps.level_tables` of the view, fifths among all of Wales's clusters."""
        return gaps.level_tables(
            self.projects, self.shares, self.geo, self.counted, everywhere=self.everywhere("cluster")
        )

    @_kept
    def ranking(self, by: str) -> pd.DataFrame:
        """:func:`sprx_map.gaps.ranking` of the clusters by ``by``."""
        return gaps.ranking(self.gap_levels(), self.geo, by=by)

    @_kept
    def ranking_frame(self, by: str, lang: str) -> pd.DataFrame:
        """:meth:`ranking` for people (:func:`sprx_map.tables.ranking_frame`)."""
        return tables.ranking_frame(self.ranking(by), self.geo, lang)

    @_kept
    def funnel(self, lang: str) -> tuple:
        """The funnel plot of the clusters against Wales, its table, and what was left out."""
        from sprx_map.compare import charts
        from sprx_map.maps import hexmap

        levels = self.gap_levels()
        wales = levels["wales"]
        value = float(wales[areas.RATE].iloc[0]) if len(wales.index) else float("nan")
        table = metrics.with_no_return(levels["cluster"], self.geo, "cluster", self.no_return)
        points, lines, left_out = areas.funnel(table, value)
        names = self.geo.area_names("cluster", lang)
        labels = hexmap.abbreviations(names)
        made = charts.funnel_figure(points, lines, value, names, labels, lang)
        return made, charts.funnel_frame(points, names, labels, lang), left_out

    # Every round, and change since the one before.

    def trend_rounds(self) -> list[str]:
        """The rounds of this one's kind up to it, oldest first (:func:`sprx_map.trends.rounds_until`)."""
        return trends.rounds_until(self.data.rounds(), self.filters.round, self.data.illustrative_rounds)

    @_kept
    def round_table(self, label: str, level: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Round ``label``'s compared table of ``level`` over all of Wales and its Wales table, under the
        filters other than areas (:func:`sprx_map.trends.round_tables`)."""
        projects = {label: self.round_projects(label, areas=False)}
        made, wales = trends.round_tables(projects, {label: self.data.returns_of(label)}, self.shares, self.geo, level)
        return made[label], wales[label]

    def round_tables(self, labels, level: str) -> tuple[dict, dict]:
        """:func:`sprx_map.trends.round_tables` of the rounds ``labels`` at ``level``, each round's made once."""
        each = {label: self.round_table(label, level) for label in labels}
        return {label: made[0] for label, made in each.items()}, {label: made[1] for label, made in each.items()}

    def trend_tables(self, level: str) -> tuple[dict, dict] | None:
        """:meth:`round_tables` over :meth:`trend_rounds`; None with fewer than :data:`sprx_map.trends.ENOUGH`."""
        labels = self.trend_rounds()
        if len(labels) < trends.ENOUGH:
            return None
        return self.round_tables(labels, level)

    @_kept
    def area_trends(self, level: str, code: str):
        """:func:`sprx_map.trends.area_trends` of one area over :meth:`trend_rounds` (enough of them)."""
        return trends.area_trends(*self.round_tables(self.trend_rounds(), level), code)

    @_kept
    def areas_trends(self, level: str) -> dict:
        """:func:`sprx_map.trends.areas_trends` of every area of ``level`` (None with too few rounds)."""
        made = self.trend_tables(level)
        if made is None:
            return None
        return trends.areas_trends(*made, [str(c) for c in self.geo.layer(level).index])

    @_kept
    def every_round(self, level: str, measure: str, lang: str) -> pd.DataFrame:
        """:func:`sprx_map.trends.every_round` of ``measure`` at ``level``: one column per round."""
        tables_, _ = self.round_tables(self.trend_rounds(), level)
        return trends.every_round(tables_, self.geo, level, measure, lang, self.counted + self.no_return)

    @property
    def before(self) -> str | None:
        """The round this one is compared with (of the same kind: real, or illustrative), if any."""
        return change.previous_round(self.data.rounds(), self.filters.round, self.data.illustrative_rounds)

    @property
    def boards(self) -> list[str]:
        """The health boards the filters leave in view (those of its clusters, counted or not returned)."""
        return list(dict.fromkeys(self.geo.clusters.loc[self.counted + self.no_return, "hb_code"]))

    @_kept
    def change_boards(self) -> tuple[list[str], list[str], list[str]]:
        """The chosen boards compared with the round before (returned in both), those not, and the counted
        clusters of the boards compared."""
        both, others = change.compared_boards(self.returns, self.data.returns_of(self.before), self.boards)
        return both, others, [c for c in self.counted if self.geo.clusters.at[c, "hb_code"] in both]

    @_kept
    def changes(self) -> tuple:
        """Of the boards compared: the projects before and now, each project's change, their counts, and the
        change by board."""
        both, _, clusters = self.change_boards()
        previous, latest = change.of_boards(both, self.round_projects(self.before), self.projects)
        changes = change.project_changes(previous, latest)
        boards = change.change_table(previous, latest, self.shares, self.geo, "health_board", clusters)
        return previous, latest, changes, change.change_counts(changes), boards

    @_kept
    def change_table(self, level: str) -> pd.DataFrame:
        """:func:`sprx_map.change.change_table` of the boards compared, at ``level``."""
        previous, latest, _, _, boards = self.changes()
        if level == "health_board":
            return boards
        return change.change_table(previous, latest, self.shares, self.geo, level, self.change_boards()[2])

    @_map
    def change_map(self, level: str, measure: str, lang: str):
        """The map of the change in ``measure`` at ``level`` (shared as made: copy it before adding to it)."""
        from sprx_map import maps

        return maps.area_map(
            self.geo,
            change.map_table(self.change_table(level), measure),
            level,
            f"{measure}_change",
            lang,
            tooltip_measures=(f"{measure}_before", f"{measure}_now"),
            diverging=True,
        )

    @_kept
    def change_frame(self, level: str, lang: str) -> pd.DataFrame:
        """:meth:`change_table` for people (:func:`sprx_map.tables.change_frame`)."""
        return tables.change_frame(self.change_table(level), self.geo, level, lang, self.before, self.filters.round)

    @_kept
    def changes_frame(self, lang: str) -> pd.DataFrame:
        """Each project's change for people (:func:`sprx_map.tables.changes_frame`)."""
        return tables.changes_frame(self.changes()[2], self.geo, lang, self.before, self.filters.round)

    @_kept
    def round_change(self, level: str) -> pd.DataFrame | None:
        """:func:`sprx_map.change.change_table` of the whole round before and this view at ``level`` (None
        without a round before), as the published profiles show it."""
        before = self.before
        if before is None:
            return None
        previous = filters.apply(filters.Filters(round=before), self.data.projects, self.geo)
        return change.change_table(previous, self.projects, self.shares, self.geo, level)

    @_kept
    def wales_change(self, level: str) -> pd.DataFrame:
        """:func:`sprx_map.change.change_table` at ``level`` over all of Wales, from the round before (under
        the filters other than areas), as a profile shows its area's row."""
        previous = self.round_projects(self.before, areas=False)
        return change.change_table(previous, self.wales_projects, self.shares, self.geo, level)

    # What travels with the view's files (which sprx_map.downloads makes of it).

    @_kept
    def release(self, lang: str = "en"):
        """What travels with every file of the view (:class:`sprx_map.export.Release`)."""
        from sprx_map import export

        returns = self.returns
        made_of = rounds.made_of(returns, lang) if returns is not None and not returns.complete else None
        return export.Release(
            self.filters.round,
            self.data.is_illustrative(self.filters.round),
            returns.changed_at if returns is not None else None,
            lang,
            filters.describe(self.filters, self.geo, lang),
            made_of,
        )
