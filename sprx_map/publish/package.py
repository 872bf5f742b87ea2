"""The site's open data package: a Frictionless Data Package (``datapackage.json``) per language.

Each language's folder gets its own package (``en/datapackage.json``, ``cy/datapackage.json``): a Table
Schema has one title per column, the files' headings are in one language, and a page links to the
package of the files beside it. Each lists every CSV of its language, a JSON copy of each beside it, and
the geography the area codes point to (``sprx-geography-…``); a schema several tables share is a file of
``schemas/`` that they name. A column's type, unit and definition come from
what wrote it: the return's fields (:mod:`sprx_map.schema`, their kinds), the measures
(:mod:`sprx_map.measures`) and the release's columns (:mod:`sprx_map.export`), through
:func:`sprx_map.export.csv_columns`, so the schema's names are the file's header by construction.

The JSON copy of a table is a list of objects, one per row, keyed by the CSV's headings: numbers as
numbers, yes and no as true and false, an empty cell as null, and the marks of withheld or missing
figures (``<5``, ``[c]``, ``[x]``) kept as the marks they are.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import posixpath
import re
from dataclasses import dataclass

import pandas as pd

from sprx_map import export, measures, schema, settings
from sprx_map.downloads import Download
from sprx_map.geo.geography import LEVELS, Geography
from sprx_map.geo.manifest import read_manifest
from sprx_map.i18n import CATALOGUE, t
from sprx_map.metrics import suppression_threshold
from sprx_map.project_tables import NO_RETURN_MARK, PATHWAY_TYPES
from sprx_map.publish import files
from sprx_map.publish.round import Round, slug

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
GEOGRAPHY = "geography"  # the table every area code points to (its file: sprx-geography-…)
# The geography's columns: the area's code, level, names, and the codes of the areas it lies in.
GEOGRAPHY_COLUMNS = ("code", "level", "name_en", "name_cy", "la_code", "hb_code")
PARENTS = ("la_code", "hb_code")  # the geography's codes of the areas an area lies in
# Units of the project files' columns that are no measure of the registry.
PROJECT_UNITS = {"link_worker_headcount": "link_workers", "annual_funding_gbp": "pounds_a_year",
                 "referrals_a_year": "people_a_year"}  # fmt: skip
REFERENCE = "project_reference"  # a project's own: the key of the tables of projects that have it
_WHOLE = re.compile(r"-?\d+")


@dataclass(frozen=True)
class Table:
    """One CSV of the site as the package lists it: where it is, its bytes, its columns as (key, heading),
    its title, and which columns are its primary key and hold area codes (by key)."""

    path: str
    content: bytes
    columns: list[tuple[str, str]]
    title: str
    key: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()  # pointing to the geography
    within: tuple[str, ...] = ()  # the geography's own: codes of the areas an area lies in, pointing to itself


def table_of(path: str, made: Download, content: bytes, key: tuple[str, ...] = ()) -> Table:
    """The :class:`Table` of a download written to ``path`` as ``content``; ``key`` its primary key (keys),
    else the projects' reference where every row has one."""
    columns = export.csv_columns(made.frame, made.headings, made.release)
    codes = tuple(k for k, _ in columns if k == "code")
    return Table(path, content, columns, made.title, key or _reference_key(made.frame), codes)


def _reference_key(frame: pd.DataFrame) -> tuple[str, ...]:
    # The store gives each project one reference, and a return that repeats one has the repeat left empty, so
    # the references of a round are unique; but a project read from files with no store behind it has none.
    references = frame.get(REFERENCE)
    if references is None or references.isna().any() or references.eq("").any():
        return ()
    return (REFERENCE,)


def missing_values(lang: str) -> list[dict]:
    """The cells the files write where there is no figure, each with what it means in ``lang``."""
    threshold = suppression_threshold()
    marks = [("", "package.missing.empty")] + [
        (measures.suppressed_mark(state, lang), f"export.note.{state}") for state in ("primary", "secondary")
    ]
    marks.append((NO_RETURN_MARK, "export.note.no_return"))
    return [{"value": mark, "label": t(key, lang, threshold=threshold)} for mark, key in marks]


def column_field(key: str, heading: str, lang: str) -> dict:
    """The Table Schema field of one column (``key``, headed ``heading``) of a file in ``lang``."""
    out: dict = {"name": heading, "title": heading}
    if key in schema.FIELD_BY_KEY:
        f = schema.FIELD_BY_KEY[key]
        out |= f.kind.table_field(f, lang)
    elif key in PATHWAY_TYPES:
        out["type"] = PATHWAY_TYPES[key]
    elif key in measures.REGISTRY:
        out["type"] = measures.REGISTRY[key].table_type
    elif key == "illustrative":
        out["type"] = "boolean"
    elif key == "data_as_of":
        out |= {"type": "datetime", "format": export.STAMP_FORMAT}
    else:
        out["type"] = "string"
    if out["type"] == "boolean" and "trueValues" not in out:  # the files' own words
        out |= {"trueValues": [t("export.yes", lang)], "falseValues": [t("export.no", lang)]}
    if f"definition.{key}" in CATALOGUE:
        out["description"] = t(f"definition.{key}", lang)
    unit = measures.unit(key, lang) or (t(f"unit.{PROJECT_UNITS[key]}", lang) if key in PROJECT_UNITS else None)
    if unit:
        out["unit"] = unit
    return out


def table_schema(table: Table, lang: str, geography: str) -> dict:
    """The Table Schema of ``table``: its fields in the header's order, the marks of missing figures, its
    primary key and its area codes' foreign keys to the geography (the resource named ``geography``)."""
    heading = dict(table.columns)
    out = {
        "fields": [column_field(key, name, lang) for key, name in table.columns],
        "missingValues": missing_values(lang),
    }
    if table.key:
        out["primaryKey"] = [heading[k] for k in table.key]
    keys = [(heading[k], geography) for k in table.codes] + [(heading[k], "") for k in table.within]
    if keys:
        code = t("table.code", lang)
        out["foreignKeys"] = [
            {"fields": [name], "reference": {"resource": resource, "fields": [code]}} for name, resource in keys
        ]
    return out


def geography_table(r: Round, lang: str) -> Table:
    """The areas of the geography in use, one row each: code, level, names in English and Welsh, and the codes
    of the authority and board it lies in (empty where none), for the codes of the other files to point to."""
    geo: Geography = r.geo
    rows = []
    for level in LEVELS:
        layer = geo.layer(level)
        for code, area in layer.iterrows():
            rows.append(
                {
                    "code": str(code),
                    "level": t(f"level.{level}", lang),
                    "name_en": area["name_en"],
                    "name_cy": area["name_cy"],
                    "la_code": area.get("la_code"),
                    "hb_code": area.get("hb_code"),
                }
            )
    frame = pd.DataFrame(rows, columns=list(GEOGRAPHY_COLUMNS))
    headings = {"code": t("table.code", lang)} | {k: t(f"package.geography.{k}", lang) for k in GEOGRAPHY_COLUMNS[1:]}
    path = r.paths.data(lang, GEOGRAPHY, "csv")
    content = export.csv_bytes(frame, headings)
    columns = export.csv_columns(frame, headings)
    return Table(path, content, columns, t("package.geography.title", lang), ("code",), within=PARENTS)


def json_copy(table: Table, fields: list[dict], missing: list[str]) -> bytes:
    """The rows of ``table``'s CSV as a JSON list of objects keyed by its headings (see the module's notes)."""
    reader = csv.reader(io.StringIO(table.content.decode("utf-8-sig"), newline=""))
    header = next(reader)
    readers = [_cell_reader(f, missing) for f in fields]
    rows = [
        json.dumps(dict(zip(header, (read(cell) for read, cell in zip(readers, row, strict=True)), strict=True)),
                   ensure_ascii=False)
        for row in reader
    ]  # fmt: skip
    return ("[\n" + ",\n".join(rows) + "\n]\n").encode("utf-8")


def _cell_reader(field: dict, missing: list[str]):
    kind, true_values = field["type"], field.get("trueValues", ())

    def read(cell: str):
        if cell == "":
            return None
        if cell in missing:
            return cell
        if kind == "number":
            return int(cell) if _WHOLE.fullmatch(cell) else float(cell)
        if kind == "boolean":
            return cell in true_values
        return cell

    return read


def package_files(r: Round, lang: str, tables: list[Table]) -> list[files.File]:
    """The geography's CSV, a JSON copy of each table beside its CSV, the schemas several tables share, and
    ``<lang>/datapackage.json`` listing them all (paths relative to it)."""
    tables = [*tables, geography_table(r, lang)]
    out = [files.File(tables[-1].path, tables[-1].content, "csv")]
    missing = [m["value"] for m in missing_values(lang)]
    geography = _name(tables[-1].path)
    described = [table_schema(table, lang, geography) for table in tables]
    shared = _shared_schemas(r, lang, tables, described)
    out += [files.File(path, text, "json") for text, path in shared.items()]
    resources = []
    for table, fields in zip(tables, described, strict=True):
        copy = files.File(
            table.path.removesuffix(".csv") + ".json", json_copy(table, fields["fields"], missing), "json"
        )
        out.append(copy)
        text = _json(fields)
        written = posixpath.relpath(shared[text], lang) if text in shared else fields
        for made, form in ((table, "csv"), (copy, "json")):
            resources.append(_resource(made.path, made.content, form, table.title, written, lang))
    out.append(files.File(r.paths.package(lang), _descriptor(r, lang, resources), "json"))
    return out


def _shared_schemas(r: Round, lang: str, tables: list[Table], described: list[dict]) -> dict[bytes, str]:
    """The schemas more than one table has (every area's projects), each written once rather than in every
    resource, which made the package a megabyte: its text -> its file, named after the first table that has
    it. The others stay in the package."""
    having: dict[bytes, list[Table]] = {}
    for table, fields in zip(tables, described, strict=True):
        having.setdefault(_json(fields), []).append(table)
    return {text: r.paths.schema(lang, _name(them[0].path)) for text, them in having.items() if len(them) > 1}


def _json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _resource(path: str, content: bytes, form: str, title: str, described: dict | str, lang: str) -> dict:
    out = {
        "name": _name(path) + ("" if form == "csv" else "-json"),
        "type": "table",
        "path": posixpath.relpath(path, lang),
        "format": form,
        "mediatype": "text/csv" if form == "csv" else "application/json",
        "encoding": "utf-8",  # a CSV opens with a byte-order mark, for Excel: readers skip it
        "title": title,
        "schema": described,
    }
    if form == "csv":  # frictionless counts a JSON file's rows but not its bytes: SHA256SUMS lists it
        out |= {"bytes": len(content), "hash": "sha256:" + hashlib.sha256(content).hexdigest()}
    return out


def _name(path: str) -> str:
    """A resource's name: its file's name without the extension (``sprx-areas-cluster-2027-03-en``)."""
    return posixpath.basename(path).rsplit(".", 1)[0]


def _geography_sources(lang: str) -> list[dict]:
    """The embedded geography's sources as its manifest names them, each with its licence where one is recorded."""
    manifest = read_manifest()
    out = []
    for source, about in manifest.sources.items():
        entry = {"title": manifest.source_name(source, lang)}
        if about.get("url"):
            entry["path"] = about["url"]
        if manifest.licence(source, lang):
            entry["licence"] = manifest.licence(source, lang)
        out.append(entry)
    return out


def _descriptor(r: Round, lang: str, resources: list[dict]) -> bytes:
    returns = r.view.release(lang)
    lines = [t("app.illustrative", lang)] if r.illustrative else []
    licence = settings.value("SPRX_DATA_LICENCE")
    lines += [t("package.description", lang, round=r.label), export.sources_text(lang)]
    if licence is None:
        lines.append(t("package.licence", lang))
    else:
        title, path = t(f"licence.{licence}", lang), settings.DATA_LICENCES[licence]
        lines.append(t("package.licence_named", lang, licence=title, path=path))
    out = {
        "$schema": PROFILE,
        "name": f"sprx-map-{slug(r.label)}-{lang}",
        "title": t("package.title", lang, round=r.label),
        "description": "\n\n".join(lines),
        "round": r.label,
        "illustrative": r.illustrative,
        "sources": [{"title": t("package.source.returns", lang)}, *_geography_sources(lang)],
        "resources": resources,
    }
    if licence is not None:
        out["licenses"] = [{"name": licence, "path": path, "title": title}]
    if returns.data_as_of is not None:
        out["created"] = returns.data_as_of.astimezone(export.LOCAL_TIME).isoformat(timespec="seconds")
    return _json(out)
