"""Widgets the pages share: notices, figures, tables, maps, charts, downloads, slides, profiles."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sprx_map import PROJECT_DIR, filters, tables
from sprx_map.dataset import Dataset
from sprx_map.filters import Filters
from sprx_map.geo.geography import Geography
from sprx_map.i18n import t
from sprx_map.ui.loaders import dataset, geography, geography_sources, rounds
from sprx_map.ui.state import Context, current_filters, round_projects

FAVICON = PROJECT_DIR / "static" / "favicon.png"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attribution(lang: str) -> None:
    """Where the boundaries and cluster facts come from, for the geography in use."""
    official = {level for level, kind in geography_sources() if kind == "boundaries"}
    st.caption(t("app.attribution_official" if official else "app.attribution", lang))


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
    """
    from streamlit_folium import st_folium

    out = (
        st_folium(
            m,
            key=key,
            height=height,
            width="stretch",
            returned_objects=["last_active_drawing", "last_object_clicked"],
            render=False,
        )
        or {}
    )
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


def map_downloads(build, table, level: str, measures, ctx: Context) -> None:
    """The map as an offline HTML file, and its numbers as CSV, XLSX and GeoJSON, named by view.

    ``build`` makes the map afresh (a folium map drawn twice would hold its layer twice).
    """
    from sprx_map import benchmarks, downloads, export, maps

    lang, f = ctx.lang, ctx.filters
    released = release(f, ctx.geo, ctx.data, lang)
    notes = released.lines()
    stem = file_stem(f"map-{level}", f, lang)

    def frame():  # made only when a file is asked for; with the comparisons, as every area file
        compared = downloads.compared_view(ctx.data, ctx.geo, f, level)
        out = downloads.area_file(compared, ctx.geo, level, lang, measures)[0]
        return out.set_index(out["code"].to_numpy())

    headings = downloads.area_headings(benchmarks.file_measures(measures, level), lang)
    st.markdown(f"**{t('map.downloads', lang)}**")
    left, right = st.columns(2)
    left.download_button(
        t("map.download_html", lang),
        lambda: maps.standalone_html(build(), t("map.title", lang), notes, lang).encode("utf-8"),
        file_name=f"{stem}.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/map:",
    )
    right.download_button(
        t("map.download_geojson", lang),
        lambda: export.geojson_text(frame().rename(columns=headings), ctx.geo, level, notes).encode("utf-8"),
        file_name=f"{stem}.geojson",
        mime="application/geo+json",
        on_click="ignore",
        icon=":material/download:",
    )
    title = t("export.title.areas", lang, level=t(f"level.{level}", lang).lower())
    download_buttons(frame, headings, released, stem, lang, title)


def chart(fig, filename: str, lang: str, data: pd.DataFrame) -> None:
    """A plotly figure (PNG download from its toolbar) and, folded, the numbers behind it as a plain table.

    ``data`` is written for people: headings in ``lang`` (an area frame goes
    through :func:`sprx_map.tables.formatted` first).
    """
    from sprx_map import charts  # plotly loads only where charts are drawn

    config = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2}}
    # The PNG from the toolbar carries what the view shows: filters, round, language (and illustrative data).
    notes = file_notes(current_filters(), geography(), dataset(), lang)
    charts.add_source(fig, notes)
    st.plotly_chart(fig, config=config, width="stretch")
    with st.expander(t("charts.data", lang)):
        static_table(data, lang)


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


def _move(step: int, total: int) -> None:
    st.session_state["slide"] = max(0, min(st.session_state.get("slide", 0) + step, total - 1))


def slide_controls(number: int, total: int, lang: str) -> None:
    """Previous and next (also the left and right arrow keys), where we are, and the way out."""
    back, where, forward, leave = st.columns([1, 2, 1, 2], vertical_alignment="center")
    back.button(
        t("present.previous", lang), on_click=_move, args=(-1, total), shortcut="Left",
        disabled=number == 0, icon=":material/arrow_back:", key="present_previous",
    )  # fmt: skip
    where.markdown(t("present.counter", lang, number=number + 1, total=total))
    forward.button(
        t("present.next", lang), on_click=_move, args=(1, total), shortcut="Right",
        disabled=number == total - 1, icon=":material/arrow_forward:", key="present_next", type="primary",
    )  # fmt: skip
    leave.link_button(t("present.exit", lang), "./" + ("?lang=cy" if lang == "cy" else ""), icon=":material/close:")
    st.caption(t("present.keys", lang))


def presenter_style() -> None:
    """Large type and no app chrome, for a projector."""
    st.html(
        "<style>html{font-size:21px}"
        "[data-testid=stHeader],[data-testid=stSidebar],[data-testid=stSidebarCollapsedControl]{display:none}"
        "[data-testid=stMetricValue]{font-size:2.6rem}"
        ".block-container{padding-top:1.5rem;max-width:100%}</style>"
    )


def profile_locator(table, level: str, code: str, lang: str):
    """A small map of Wales with the profile's area outlined; returns how to build it again (for the file)."""
    from functools import partial

    from sprx_map import maps

    build = partial(maps.area_map, geography(), table, level, "projects_current", lang, selected=code)
    st.subheader(t("profile.locator", lang))
    folium_map(build(), key="profile_map", height=380)
    if level == "cluster":
        st.caption(t("app.indicative_clusters", lang))
    return build


def profile_change(ctx: Context, base: pd.DataFrame, level: str, code: str, lang: str):
    """The area's change since the round before, when there is one; the table shown (or None)."""
    from sprx_map import change
    from sprx_map.profiles import board_of

    before = change.previous_round(rounds(ctx.data), ctx.filters.round, ctx.data.illustrative_rounds)
    board = board_of(ctx.geo, level, code)
    if before is None or not change.compared_boards(ctx.returns, ctx.data.returns_of(before), [board])[0]:
        return None  # no round before, or the board has no return in one of the two: nothing to compare
    previous = round_projects(ctx, before, areas=False)
    moved = change.change_table(previous, base, ctx.data.shares, ctx.geo, level)
    frame = tables.change_frame(moved.loc[[code]], ctx.geo, level, lang, before, ctx.filters.round)
    st.subheader(t("profile.change", lang, before=before))
    static_table(frame, lang)
    return frame


def profile_download(
    ctx: Context, code: str, name: str, figures, lacking, projects, moved, locator, lang: str, more=()
) -> None:
    """The profile as one HTML file that opens offline, and a note on printing; ``more`` are further
    (heading, table) sections, after the headline figures."""
    from sprx_map import maps, profiles

    notes = file_notes(ctx.filters, ctx.geo, ctx.data, lang)
    headings = {key: tables.column_label(key, lang) for key in projects.columns}
    sections = [
        (t("profile.figures", lang), figures),
        *more,
        (
            t("profile.lacking", lang),
            t("profile.no_return", lang) if lacking is None else lacking or t("profile.lacking_none", lang),
        ),
        (t("profile.projects", lang, count=len(projects)), tables.on_screen(projects).rename(columns=headings)),
    ]
    if moved is not None:
        sections.append((t("page.change", lang), moved))
    st.download_button(
        t("profile.download", lang),
        lambda: profiles.profile_html(
            name, notes, sections, maps.standalone_html(locator(), name, [], lang), lang
        ).encode("utf-8"),
        file_name=f"{file_stem('profile-' + code.lower(), ctx.filters, lang)}.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/download:",
    )
    st.caption(t("profile.print", lang))
    st.html(
        "<style>@media print{[data-testid=stSidebar],[data-testid=stHeader],[data-testid=stDownloadButton],"
        "[data-testid=stRadio],[data-testid=stSelectbox]{display:none!important}}</style>"
    )
