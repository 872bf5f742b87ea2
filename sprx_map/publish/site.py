"""Build the site of one round: every page in both languages, its files, and a list of what it holds.

Pages are Jinja2 templates (``sprx_map/templates/site/``, rendered by the one autoescaped
environment of :mod:`sprx_map.templates`: every text from the data is written as text) filled from
:mod:`~sprx_map.publish.pages` and :mod:`~sprx_map.publish.profile`. Everything is made in a fixed order from the
store alone, so the same store gives byte-identical files; ``SHA256SUMS``
lists every file with its hash.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from sprx_map import PROJECT_DIR, downloads, filters, slides, templates
from sprx_map.dataset import Dataset
from sprx_map.events import Event
from sprx_map.geo.geography import LEVELS, Geography
from sprx_map.i18n import LANGUAGES, t
from sprx_map.publish import files, package
from sprx_map.publish.events import event_files, events_page
from sprx_map.publish.pages import index_page, methods_page
from sprx_map.publish.presenter import slide_page
from sprx_map.publish.profile import profile_page
from sprx_map.publish.round import Round

TEMPLATES = templates.FOLDER / "site"
FAVICON = PROJECT_DIR / "static" / "favicon.png"
MANIFEST = "SHA256SUMS"
DEFAULT_MEASURE = "fte_per_10k"  # as the dashboard's map opens


class SiteError(Exception):
    """The site cannot be built or written: a catalogue key and its values, worded where it is shown."""

    def __init__(self, key: str, **params) -> None:
        super().__init__(key)
        self.key, self.params = key, params

    def message(self, lang: str = "en") -> str:
        return t(self.key, lang, **self.params)


@dataclass(frozen=True)
class Summary:
    """What a build wrote: the round, how many pages and files, and their size in bytes."""

    round: str
    pages: int
    files: int
    size: int


def site_files(
    data: Dataset,
    geo: Geography,
    round_label: str | None = None,
    measure: str = DEFAULT_MEASURE,
    workers: int = 1,
    base_url: str = "",
    events: tuple[Event, ...] = (),
) -> tuple[str, list[files.File]]:
    """The round's label and every file of its site (default round: the newest), in a fixed order; ``base_url``
    is the address the site will be served from (its ``hreflang`` alternates are then absolute); ``events``
    the learning events kept (with none, the site has no events page).

    With ``workers`` above 1 the two languages are made side by side in processes of their own; the files
    are the same.
    """
    label = round_label or data.rounds()[0]
    if label not in data.rounds():
        raise SiteError("cli.export.no_round", round=label, rounds=", ".join(data.rounds()))
    r = Round(data, geo, label, measure, base_url, tuple(events))
    out = [
        files.File("index.html", _render("site/choose.html", _choose(r)), "html"),
        files.File("favicon.png", FAVICON.read_bytes(), "png"),
    ]
    if workers > 1:  # this process makes the first language while others make the rest
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        global _SHARED
        r.warm()  # what both languages use is made once, here, and the forked processes inherit it
        _SHARED = r
        try:
            rest_of = LANGUAGES[1:]
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(min(workers - 1, len(rest_of)), mp_context=context) as pool:
                rest = pool.map(_shared_language_files, rest_of)
                made = [_language_files(r, LANGUAGES[0]), *rest]
        finally:
            _SHARED = None
    else:
        made = [_language_files(r, lang) for lang in LANGUAGES]
    for part in made:
        out.extend(part)
    return label, out


_SHARED: Round | None = None  # the round being built, for the processes forked to make other languages


def _shared_language_files(lang: str) -> list[files.File]:
    """In a forked process: every page and file of ``lang`` from the round the parent made (no data is sent)."""
    return _language_files(_SHARED, lang)


def _language_files(r: Round, lang: str) -> list[files.File]:
    out = [
        files.File(r.paths.index(lang), _render("site/index.html", index_page(r, lang)), "html"),
        files.File(r.paths.methods(lang), _render("site/methods.html", methods_page(r, lang)), "html"),
    ]
    for level, code in r.areas():
        page = _render("site/area_profile.html", profile_page(r, lang, level, code))
        out.append(files.File(r.paths.profile(lang, level, code), page, "html"))
    if r.events:
        out.append(files.File(r.paths.events(lang), _render("site/events.html", events_page(r, lang)), "html"))
        out.extend(event_files(r, lang))
    for slide in slides.deck(r.geo):  # the presenter view, for a room
        page = _render("site/slide.html", slide_page(r, lang, slide))
        out.append(files.File(r.paths.slide(lang, slide.code), page, "html"))
    return out + _data_files(r, lang)


def _render(template: str, context: dict) -> bytes:
    return templates.render(template, **context).encode("utf-8")


def _choose(r: Round) -> dict:
    """The site's front door: the two languages, each in its own words."""
    return {
        "entries": [
            {
                "lang": lang,
                "title": t("app.title", lang),
                "href": r.paths.index(lang),
                "name": t("language.name", lang),
                "skip": t("publish.skip", lang),
                "illustrative": t("app.illustrative", lang) if r.illustrative else None,
            }
            for lang in ("cy", "en")
        ],
        "alternates": {lang: r.alternate("index.html", r.paths.index(lang)) for lang in LANGUAGES},
        "round": r.label,
    }


def _data_files(r: Round, lang: str) -> list[files.File]:
    """The downloads of one language: the round's projects, the measures of every level, each area's projects;
    then its data package (:mod:`~sprx_map.publish.package`), which lists every CSV."""
    whole = filters.Filters(round=r.label)
    out, tables = [], []

    def table(path: str, made: downloads.Download, key: tuple[str, ...] = ()) -> None:
        written = files.csv_file(path, made)
        out.extend([written, files.xlsx_file(path.removesuffix(".csv") + ".xlsx", made)])
        tables.append(package.table_of(path, made, written.content, key))

    table(r.paths.data(lang, "projects-wales", "csv"), downloads.projects_of(r.view, lang))
    for level in LEVELS:
        made = downloads.areas_of(r.view, level, lang)
        what = f"areas-{level}"
        table(r.paths.data(lang, what, "csv"), made, key=("code",))
        out.append(files.geojson_file(r.paths.data(lang, what, "geojson"), made, r.geo, level))
        if r.trend_tables(level) is not None:  # the profiles' trends: every round of every area, one long table
            compared = r.round_tables(r.data.rounds(), level)[0]
            made = downloads.all_rounds_download(r.data, r.geo, level, lang, compared)
            table(r.paths.data(lang, f"rounds-{level}", "csv"), made, key=("code", "round"))  # a row per area and round
    for level, code in r.areas():
        shown = r.area_projects(lang, level, code)[1]
        made = downloads.projects_download(r.data, r.geo, filters.only_area(whole, level, code), lang, shown)
        table(r.paths.area_projects(lang, level, code, "csv"), made)
    return out + package.package_files(r, lang, tables)


def manifest(written: list[files.File]) -> files.File:
    """``SHA256SUMS``: every file's hash and path, sorted by path (``sha256sum -c`` checks it)."""
    lines = sorted(f"{hashlib.sha256(f.content).hexdigest()}  {f.path}\n" for f in written)
    return files.File(MANIFEST, "".join(lines).encode("utf-8"), "txt")


def build(
    out: Path,
    data: Dataset,
    geo: Geography,
    round_label: str | None = None,
    measure: str = DEFAULT_MEASURE,
    workers: int = 1,
    base_url: str = "",
    events: tuple[Event, ...] = (),
) -> Summary:
    """Write the site of ``round_label`` (default: the newest) to the folder ``out``.

    ``out`` must be new, empty, or a site published before (it holds ``SHA256SUMS``), which is replaced
    whole; the new site is written beside it first, so a failed build leaves the old one as it was.
    """
    out = Path(out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MANIFEST).is_file())):
        raise SiteError("publish.not_site", out=str(out))
    label, written = site_files(data, geo, round_label, measure, workers, base_url, events)
    written.append(manifest(written))
    staging = out.with_name(f".{out.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    for f in written:
        target = staging / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(f.content)
    if out.exists():
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging.rename(out)
    pages = sum(1 for f in written if f.kind == "html")
    return Summary(label, pages, len(written), sum(len(f.content) for f in written))
