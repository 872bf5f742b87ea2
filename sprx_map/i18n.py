"""The catalogue of user-facing text, and formatting per language.

Every string a person reads (pages, errors, findings, file headings) is looked up
here by key with :func:`t`. English is complete; Welsh is added key by key and
falls back to English until a key has it.
"""

from __future__ import annotations

LANGUAGES = ("en", "cy")

CATALOGUE: dict[str, dict[str, str]] = {
    # App shell
    "app.title": {"en": "Social prescribing in Wales", "cy": "Presgripsiynu cymdeithasol yng Nghymru"},
    "app.tagline": {
        "en": "Where social prescribing projects are, how many link workers they have and how many people "
        "they reach, by health board, local authority and primary care cluster.",
    },
    "app.illustrative": {
        "en": "Illustrative data: the bundled survey returns are generated for demonstration. They are not "
        "real returns from any health board and must not be quoted as facts.",
    },
    "app.coming_next": {
        "en": "The overview, map, projects and charts pages are being built. Meanwhile this page shows the "
        "national figures from the bundled returns.",
    },
    "app.indicative_clusters": {
        "en": "Cluster shapes are indicative: clusters are groups of GP practices, not official areas.",
    },
    "app.attribution": {"en": "Boundaries made with Natural Earth. Cluster facts: NHS Wales."},
    "page.home": {"en": "Home", "cy": "Hafan"},
    # Measures
    "measure.projects_current": {"en": "Current projects"},
    "measure.projects_planned": {"en": "Planned projects"},
    "measure.link_worker_fte": {"en": "Link-worker FTE"},
    "measure.referrals": {"en": "Referrals"},
    "measure.fte_per_10k": {"en": "Link-worker FTE per 10,000 patients"},
    "measure.referrals_per_1k": {"en": "Referrals per 1,000 patients"},
    "measure.clusters_covered": {"en": "Clusters with a current project"},
    "measure.registered_population": {"en": "Registered patients"},
    "level.health_board": {"en": "Health board", "cy": "Bwrdd iechyd"},
    "level.local_authority": {"en": "Local authority", "cy": "Awdurdod lleol"},
    "level.cluster": {"en": "Cluster", "cy": "Clwstwr"},
    # Files that cannot be read
    "error.file_type": {
        "en": "{file}: this is not a return the app can read. Save it as Excel (.xlsx) or CSV and try again.",
    },
    "error.not_xlsx": {
        "en": "{file}: this is not an .xlsx workbook (it may be an old .xls, a PDF or a renamed file). "
        "Open it in Excel and save it as 'Excel Workbook (.xlsx)' or as CSV.",
    },
    "error.corrupt": {
        "en": "{file}: the workbook is damaged and cannot be opened ({detail}). Open it in Excel, save a new "
        "copy and try again.",
    },
    "error.encoding": {"en": "{file}: the text encoding is not recognised. Save the CSV as 'CSV UTF-8'."},
    "error.no_header": {
        "en": "{file}: no header row found. The projects sheet needs a row of column headings such as "
        "'Project name', 'Lead organisation' and 'Health board' near the top. Start from the template.",
    },
    "error.missing_columns": {
        "en": "{file}: required column(s) missing from the header on row {row}: {columns}. "
        "Add them (the template has every column) and send the return again.",
    },
    # Findings about rows and cells
    "finding.did_you_mean": {"en": "Did you mean {options}?", "cy": "Oeddech chi'n golygu {options}?"},
    "finding.column_ignored": {"en": "This column is not part of the return and was ignored."},
    "finding.total_row": {"en": "Looks like a total row: not counted as a project."},
    "finding.required": {"en": "'{field}' is required: fill it in."},
    "finding.unknown_board": {"en": "'{value}' is not a Welsh health board."},
    "finding.unknown_cluster": {"en": "'{value}' is not a primary care cluster."},
    "finding.cluster_other_board": {
        "en": "'{value}' is a cluster of another health board, not {board}. Check the health board column.",
    },
    "finding.end_before_start": {"en": "The end ({end}) is before the start ({start})."},
    "finding.fte_without_people": {"en": "{fte} FTE is given but the headcount is 0."},
    "finding.duplicate": {"en": "The same project and organisation are also on row {other_row}."},
    "finding.text_truncated": {"en": "Text longer than {limit} characters was cut short."},
    "finding.missing_value": {"en": "'{value}' was read as not known (left empty)."},
    "finding.approximate": {"en": "'{value}' is approximate: the number was used as it stands."},
    "finding.not_a_number": {"en": "'{value}' is not a number. Write a number such as 1.5 or 200."},
    "finding.negative": {"en": "'{value}' is negative: use 0 or more."},
    "finding.too_large": {"en": "'{value}' is larger than {maximum:g}, more than any one project has. Check it."},
    "finding.not_whole": {"en": "'{value}' should be a whole number."},
    "finding.month_first_date": {
        "en": "'{value}' only makes sense as month/day/year. Write dates day first (DD/MM/YYYY).",
    },
    "finding.financial_year": {"en": "'{value}' read as the start of that financial year (1 April)."},
    "finding.not_a_date": {"en": "'{value}' is not a date. Write dates as DD/MM/YYYY."},
    "finding.not_in_list": {"en": "'{value}' is not one of the allowed values: {allowed}."},
    "finding.not_in_list_dropped": {
        "en": "'{value}' is not one of the allowed values and was left out. Allowed: {allowed}.",
    },
    "finding.odd_postcode": {"en": "'{value}' does not look like a UK postcode; kept as written."},
    "finding.odd_url": {"en": "'{value}' is not a web address; left out."},
    "severity.error": {"en": "error", "cy": "gwall"},
    "severity.warning": {"en": "warning", "cy": "rhybudd"},
    "severity.info": {"en": "note", "cy": "nodyn"},
}


def t(key: str, lang: str = "en", /, **params) -> str:
    """The text for ``key`` in ``lang`` with ``params`` filled in.

    Falls back to English when the key has no text in ``lang``; an unknown key
    raises ``KeyError`` so a typo fails loudly in tests.

    >>> t("finding.not_a_number", value="lots")
    "'lots' is not a number. Write a number such as 1.5 or 200."
    """
    entry = CATALOGUE[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**params) if params else text
