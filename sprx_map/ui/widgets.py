"""Widgets the pages share: notices, figures, tables, maps, charts and downloads.

What one page alone draws lives beside it: :mod:`~sprx_map.ui.map_page` (the Map page's files),
:mod:`~sprx_map.ui.slides` (the presenter view) and :mod:`~sprx_map.ui.profile` (the area profile).
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from sprx_map import PROJECT_DIR, filters, tables
from sprx_map.dataset import Dataset
from sprx_map.filters import Filters
from sprx_map.geo.geography import Geography
from sprx_map.geo.manifest import read_manifest
from sprx_map.i18n import t
from sprx_map.ui.loaders import geography, geography_sources
from sprx_map.ui.state import Context

FAVICON = PROJECT_DIR / "static" / "favicon.png"
# The same file as Streamlit serves it from ./static (enableStaticServing): given as this address, the page's
# icon is passed on as it is, where a file's path is read, decoded and stored again on every run.
FAVICON_URL = "/app/static/favicon.png"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attribution(lang: str) -> None:
    """Where the boundaries and cluster facts come from, for the geography in use."""
    official = {level for level, kind in geography_sources() if kind == "boundaries"}
    st.caption(t("app.attribution_official", lang) if official else read_manifest().attribution_in(lang))


def round_notice(ctx: Context) -> None:
    """What every page says of the round it shows: illustrative data, who has returned, when it last changed."""
    from sprx_map import rounds

    if ctx.data.is_illustrative(ctx.filters.round):
        st.warning(t("app.illustrative", ctx.lang), icon=":material/science:")
    returns = ctx.returns
    if returns is None:
        return
    if not returns.complete:
        names = ctx.geo.area_names("health_board", ctx.lang)
        missing = ", ".join(
            f"{names[b.code]} ({t(f'round.state.{b.state}', ctx.lang)})"
            for b in returns.boards
            if b.code in returns.missing
        )
        st.info(
            t(
                "round.partial",
                ctx.lang,
                round=returns.round,
                made_of=rounds.made_of(returns, ctx.lang),
                missing=missing,
            ),
            icon=":material/pending_actions:",
        )
    st.caption(rounds.data_as_of(returns, ctx.lang))


def suppression_note(frame, lang: str, also: str = "") -> None:
    """Explain the marks of withheld figures, when the frame has any (or ``also`` is a state)."""
    from sprx_map.measures import WITHHELD
    from sprx_map.metrics import SUPPRESSED, suppression_threshold

    marked = (SUPPRESSED in frame and frame[SUPPRESSED].fillna("").ne("").any()) or any(
        isinstance(v, str) for column in WITHHELD if column in frame for v in frame[column]
    )
    if marked or also:
        st.caption(t("suppressed.note", lang, threshold=suppression_threshold()))


def metric_row(items: list[tuple[str, str]]) -> None:
    """Headline figures side by side: (label, formatted value) pairs."""
    for column, (label, value) in zip(st.columns(len(items)), items, strict=True):
        column.metric(label, value)


def area_dataframe(frame, lang: str) -> None:
    """An area table (name then measures) as a plain, accessible HTML table.

    Numbers are formatted as on the map and in the figures; the headings come
    from the catalogue. (A static table reads well with a screen reader and draws
    faster than the interactive grid.)
    """
    static_table(tables.formatted(frame, lang), lang)


def view_table(ctx: Context, level: str, columns: tuple[str, ...] | None = None) -> None:
    """The view's area table at ``level`` (:meth:`sprx_map.view.View.area_html`): as :func:`area_dataframe`
    shows it, written once per view, language and columns and shared by every session."""
    st.html(tables.TABLE_STYLE + ctx.view.area_html(level, ctx.lang, columns))


def static_table(frame, lang: str = "en") -> None:
    """A plain, accessible HTML table (see :func:`sprx_map.tables.html_table`).

    Plain HTML rather than ``st.table``: the browser then has no table data to
    decode, which takes about half a second off a first visit to a page.
    """
    st.html(tables.TABLE_STYLE + tables.html_table(frame, lang))


def project_columns(lang: str) -> dict:
    """Column configuration of the projects table."""
    config = {key: st.column_config.TextColumn(tables.column_label(key, lang)) for key in tables.PROJECT_COLUMNS}
    config["link_worker_fte"] = st.column_config.NumberColumn(
        tables.column_label("link_worker_fte", lang), format="%.2f"
    )
    config["link_worker_headcount"] = st.column_config.NumberColumn(
        tables.column_label("link_worker_headcount", lang), format="localized"
    )
    config["annual_funding_gbp"] = st.column_config.NumberColumn(
        tables.column_label("annual_funding_gbp", lang), format="£%d"
    )
    for key in ("reporting_period_start", "reporting_period_end", "start_date", "end_date"):
        config[key] = st.column_config.DateColumn(tables.column_label(key, lang), format="DD/MM/YYYY")
    config["website"] = st.column_config.LinkColumn(tables.column_label("website", lang))
    return config


def folium_map(m, key: str, height: int = 620) -> tuple[str | None, tuple | None]:
    """Show a folium map; return the code of the area last clicked and that click's identity.

    Only clicks are sent back, so panning and zooming do not rerun. The click's
    identity (area and point) tells a new click on the same area from the old one.
    The map is left as it was: a view's shared map can be shown as it is.
    """
    from sprx_map.ui import map_component

    out = map_component.show(m, key, height) or {}
    code = ((out.get("last_active_drawing") or {}).get("properties") or {}).get("code")
    point = out.get("last_object_clicked") or {}
    return code, (code, point.get("lat"), point.get("lng")) if code else None


def download_buttons(frame, headings: dict[str, str], release, stem: str, lang: str, title: str) -> None:
    """Tidy CSV and XLSX downloads of ``frame`` (or of what a function ``frame()`` makes) side by side.

    ``release`` (:class:`sprx_map.export.Release`) travels in the CSV's columns and on the workbook's
    Cover; the workbook's Notes sheet explains every mark and measure of the table.
    """
    from sprx_map import export

    get = frame if callable(frame) else lambda: frame

    def workbook() -> bytes:
        table = get()
        notes = export.notes_for(table.columns, lang)
        return export.xlsx_bytes(table, headings, release, title=title, notes=notes)

    formats = (("csv", lambda: export.csv_bytes(get(), headings, release), "text/csv"), ("xlsx", workbook, XLSX_MIME))
    for column, (ext, write, mime) in zip(st.columns(2), formats, strict=True):
        column.download_button(
            t(f"projects.download_{ext}", lang),
            write,  # built when clicked, not on every rerun
            file_name=f"{stem}.{ext}",
            mime=mime,
            on_click="ignore",
            icon=":material/download:",
        )


def chart(ctx: Context, kind: str, make, *args, shared: bool = True) -> None:
    """A plotly figure (PNG download from its toolbar) and, folded, the numbers behind it as a plain table.

    ``make(view, lang, *args)`` gives the figure and those numbers from the page's
    :class:`~sprx_map.view.View`, its language and ``args`` alone (such as a chosen measure), written for
    people (headings in ``lang``; an area frame goes through :func:`sprx_map.tables.formatted` first). The
    figure is kept by the view, shared by every session with the same choices (see
    :mod:`~sprx_map.ui.shared_view`), once per ``kind`` (the file's name), language and ``args``. A figure
    made from what one session uploaded is not shared (``shared=False``).
    """
    view, lang = ctx.view, ctx.lang
    build = partial(_chart, view, lang, kind, make, args)
    fig, table, config = view.remember(("chart", kind, lang, *args), build) if shared else build()
    st.plotly_chart(fig, config=config, width="stretch")
    with st.expander(t("charts.data", lang)):
        st.html(table)


def _chart(view, lang: str, kind: str, make, args: tuple) -> tuple:
    from sprx_map import charts  # plotly loads only where charts are drawn

    fig, data = make(view, lang, *args)
    filename = file_stem(kind, view.filters, lang)
    config = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2}}
    # The PNG from the toolbar carries what the view shows: filters, round, language (and illustrative data).
    charts.add_source(fig, view.release(lang).lines())
    # Kept and shown on every run: the figure as plotly's dict and the numbers as the HTML :func:`static_table`
    # shows, each made once.
    return charts.Finished(fig), tables.TABLE_STYLE + tables.html_table(data, lang), config


def file_stem(kind: str, f: Filters, lang: str) -> str:
    """A download's file name (without extension): what, which filters, round, language."""
    return f"sprx-{kind}-{filters.slug(f, geography())}-{f.round}-{lang}"


def release(f: Filters, geo: Geography, data: Dataset, lang: str):
    """What travels with every file of this view (see :func:`sprx_map.downloads.release_of`)."""
    from sprx_map.downloads import release_of

    return release_of(data, geo, f, lang)


def file_notes(f: Filters, geo: Geography, data: Dataset, lang: str) -> list[str]:
    """Lines that say in a file (HTML, image, GeoJSON) what it shows: see :func:`release`."""
    return release(f, geo, data, lang).lines()
