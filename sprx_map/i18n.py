"""The catalogue of user-facing text, and formatting per language.

Every string a person reads (pages, errors, findings, file headings) is looked up
here by key with :func:`t`. Every key has English and Welsh (a test checks);
Welsh sits beside the English here or, for most entries, in
:mod:`sprx_map.catalogue_cy`. Terms follow ``docs/glossary.md``.
"""

from __future__ import annotations

import functools

import pandas as pd
from babel.dates import format_date
from babel.numbers import get_decimal_symbol, get_group_symbol

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
    "app.attribution_official": {
        "en": "Boundaries: Office for National Statistics, Open Government Licence v3.0; contains OS data © Crown "
        "copyright and database right. Cluster shapes and facts: NHS Wales.",
    },
    "geo.title": {"en": "Geography in use", "cy": "Y ddaearyddiaeth sy'n cael ei defnyddio"},
    "geo.load.title": {
        "en": "Load official boundaries or a GP practice list",
        "cy": "Llwytho ffiniau swyddogol neu restr o bractisau meddygon teulu",
    },
    "geo.load.level": {"en": "What the file holds", "cy": "Beth sydd yn y ffeil"},
    "geo.load.level.health_board": {"en": "Health boards", "cy": "Byrddau iechyd"},
    "geo.load.level.local_authority": {"en": "Local authorities", "cy": "Awdurdodau lleol"},
    "geo.load.level.cluster": {"en": "Clusters (polygons)", "cy": "Clystyrau (polygonau)"},
    "geo.load.level.lsoa": {
        "en": "LSOAs, with a lookup to clusters",
        "cy": "LSOA, gyda thabl chwilio i glystyrau",
    },
    "geo.load.level.practices": {
        "en": "GP practice list (registered patients)",
        "cy": "Rhestr practisau meddygon teulu (cleifion cofrestredig)",
    },
    "geo.load.file": {
        "en": "Boundary file: GeoJSON, GeoPackage or a zipped Shapefile (a CSV for a practice list)",
        "cy": "Ffeil ffiniau: GeoJSON, GeoPackage neu Shapefile wedi'i sipio (CSV ar gyfer rhestr practisau)",
    },
    "geo.load.lookup": {
        "en": "LSOA-to-cluster lookup (CSV)",
        "cy": "Tabl chwilio LSOA i glwstwr (CSV)",
    },
    "geo.load.columns": {
        "en": "Column names: only when the file's are not recognised (e.g. not LHB22CD or LAD13CD).",
        "cy": "Enwau colofnau: dim ond pan na chaiff rhai'r ffeil eu hadnabod (e.e. nid LHB22CD neu LAD13CD).",
    },
    "geo.load.column.code": {"en": "Code column", "cy": "Colofn y cod"},
    "geo.load.column.name_en": {"en": "English name column", "cy": "Colofn yr enw Saesneg"},
    "geo.load.column.name_cy": {"en": "Welsh name column", "cy": "Colofn yr enw Cymraeg"},
    "geo.load.column.cluster": {"en": "Cluster column", "cy": "Colofn y clwstwr"},
    "geo.load.column.population": {"en": "Registered patients column", "cy": "Colofn y cleifion cofrestredig"},
    "geo.load.store": {"en": "Store it and use it", "cy": "Ei storio a'i ddefnyddio"},
    "geo.load.stored": {
        "en": "Stored as version #{id} and now in use.",
        "cy": "Wedi'i storio fel fersiwn #{id} ac yn cael ei ddefnyddio nawr.",
    },
    "geo.none": {
        "en": "The embedded geography is in use: no official boundaries are stored. Load them above (files up to "
        "10 MB), or larger ones with `python -m sprx_map geography load FILE --level health_board` (see the README).",
    },
    "geo.choose": {"en": "{level}: {kind}"},
    "geo.kind.boundaries": {"en": "boundaries"},
    "geo.kind.populations": {"en": "registered patients"},
    "geo.embedded": {"en": "embedded (Natural Earth, NHS Wales cluster facts)"},
    "geo.use": {"en": "Use this geography"},
    "geo.column.id": {"en": "Version"},
    "geo.column.level": {"en": "Level"},
    "geo.column.kind": {"en": "What"},
    "geo.column.source_file": {"en": "File"},
    "geo.column.features": {"en": "Areas or rows"},
    "geo.column.loaded_at": {"en": "Loaded"},
    "geo.column.loaded_by": {"en": "By"},
    "geo.column.active": {"en": "In use"},
    "page.overview": {"en": "Overview", "cy": "Trosolwg"},
    "page.map": {"en": "Map", "cy": "Map"},
    "page.projects": {"en": "Projects", "cy": "Prosiectau"},
    "page.charts": {"en": "Charts", "cy": "Siartiau"},
    "page.about": {"en": "About and data", "cy": "Ynghylch a data"},
    # Filters
    "filter.title": {"en": "Filters", "cy": "Hidlwyr"},
    "filter.all": {"en": "All", "cy": "Y cyfan"},
    "filter.status": {"en": "Status", "cy": "Statws"},
    "filter.category": {"en": "Activity category"},
    "filter.target_group": {"en": "Target group"},
    "filter.funding": {"en": "Funding source"},
    "filter.round": {"en": "Survey round"},
    "filter.reset": {"en": "Reset filters"},
    "filter.none_match": {"en": "No projects match these filters. Widen them, or use 'Reset filters' in the sidebar."},
    # Overview
    "overview.title": {"en": "Social prescribing in Wales: overview"},
    "overview.scope": {"en": "{clusters} of 60 clusters chosen, {population} registered patients."},
    "overview.by_board": {"en": "By health board"},
    "overview.covered_of": {"en": "{covered} of {total}"},
    # Map
    "map.title": {"en": "Map"},
    "map.downloads": {"en": "Download this map and its numbers"},
    "map.download_html": {"en": "Map (HTML, opens offline)"},
    "map.download_geojson": {"en": "Numbers with boundaries (GeoJSON)"},
    "table.code": {"en": "Code"},
    "map.level": {"en": "Areas"},
    "map.measure": {"en": "Measure"},
    "map.basemap": {"en": "OpenStreetMap background (needs internet)"},
    "map.click_hint": {"en": "Select an area on the map, or choose it here, to see its projects."},
    "map.area": {"en": "Area"},
    "map.table": {"en": "The numbers on the map"},
    "map.projects_in": {"en": "Projects in {area}"},
    "map.no_projects": {"en": "No projects in {area} match the filters."},
    # Projects
    "projects.title": {"en": "Projects"},
    "projects.search": {"en": "Search names, organisations, clusters and notes"},
    "projects.count": {"en": "{shown} of {total} projects shown."},
    "projects.detail": {"en": "Show the details of a project"},
    "projects.detail_placeholder": {"en": "Choose a project"},
    "projects.field": {"en": "Field"},
    "projects.value": {"en": "Value"},
    "projects.download_csv": {"en": "Download CSV"},
    "projects.download_xlsx": {"en": "Download Excel"},
    # Charts
    "charts.title": {"en": "Charts"},
    "charts.data": {"en": "Show the data"},
    "chart.projects": {"en": "Projects"},
    "chart.by_category": {"en": "Projects by activity category"},
    "chart.by_board": {"en": "Link-worker FTE and referrals by health board"},
    "chart.caseload": {"en": "Referrals against link-worker FTE, by cluster"},
    "chart.caseload_band": {"en": "Typical caseload: {low}-{high} people per FTE a year"},
    "chart.by_status": {"en": "Projects by status"},
    "chart.caseload_note": {
        "en": "Each dot is a cluster: the link-worker FTE and the referrals of its current projects (clusters "
        "that reported no FTE are left out). The shaded band is a typical link-worker caseload of 200 to 250 "
        "people per FTE a year; clusters above it may be stretched, below it may have room or report fewer "
        "referrals. The bundled returns cover a twelve-month reporting period.",
    },
    "table.area": {"en": "Area"},
    # Data intake
    "page.intake": {"en": "Data intake", "cy": "Derbyn data"},
    "page.present": {"en": "Presenter view", "cy": "Golwg cyflwynydd"},
    "present.versus_wales": {"en": "Wales: {wales} ({word})"},
    "present.table": {"en": "By area"},
    "present.previous": {"en": "Previous"},
    "present.next": {"en": "Next"},
    "present.counter": {"en": "Slide {number} of {total}"},
    "present.exit": {"en": "Leave presenter view"},
    "present.keys": {"en": "The left and right arrow keys move between slides."},
    "page.profile": {"en": "Area profiles", "cy": "Proffiliau ardal"},
    "profile.choose_level": {"en": "Kind of area"},
    "profile.choose_area": {"en": "Area"},
    "profile.choose_hint": {"en": "Choose an area to see its profile."},
    "profile.intro": {
        "en": "One area against its health board and Wales. The profile follows the filters on status, kind of "
        "support, target group, funding and round; it picks its own area.",
    },
    "profile.measure": {"en": "Measure"},
    "profile.area": {"en": "This area"},
    "profile.board": {"en": "Its health board"},
    "profile.wales": {"en": "Wales"},
    "profile.vs_board": {"en": "Against its board"},
    "profile.vs_wales": {"en": "Against Wales"},
    "profile.figures": {"en": "Headline figures"},
    "profile.lacking": {"en": "Kinds of support no current project offers here"},
    "profile.lacking_none": {"en": "Every kind of support is offered by at least one current project."},
    "profile.projects": {"en": "Projects serving this area: {count}"},
    "profile.change": {"en": "Change since round {before}"},
    "profile.locator": {"en": "Where it is"},
    "profile.download": {"en": "Download this profile (HTML, opens offline)"},
    "profile.print": {"en": "To print it, use your browser's Print: menus and filters are left out of the page."},
    "page.gaps": {"en": "Coverage gaps", "cy": "Bylchau yn y ddarpariaeth"},
    "page.change": {"en": "Change between rounds", "cy": "Newid rhwng rowndiau"},
    # Coverage gaps
    "gaps.intro": {
        "en": "Where there is no social prescribing, too little for the population, or not the kind of support "
        "people need. Per-head figures use registered patients.",
    },
    "gaps.rank_by": {"en": "Rank clusters by"},
    "gaps.ranking": {"en": "Clusters from least to most provision per head"},
    "gaps.ranking_note": {
        "en": "Each cluster beside its health board and Wales, for the clusters and projects chosen in the filters. "
        "Least provision first.",
    },
    "gaps.no_current": {"en": "Clusters with no current project: {count}"},
    "gaps.none_without": {"en": "Every cluster in view has at least one current project."},
    "gaps.board_value": {"en": "{measure}: health board"},
    "gaps.wales_value": {"en": "{measure}: Wales"},
    "gaps.comparison": {"en": "Against its board"},
    "gaps.lower": {"en": "lower", "cy": "is"},
    "gaps.similar": {"en": "similar", "cy": "tebyg"},
    "gaps.higher": {"en": "higher", "cy": "uwch"},
    "gaps.matrix": {"en": "Kinds of support in each cluster"},
    "gaps.matrix_note": {
        "en": "Current projects offering each kind of support, by cluster. A blank (0) is a kind of support no "
        "current project offers there.",
    },
    "gaps.matrix_lacking": {"en": "Kinds of support lacking"},
    "gaps.hex": {"en": "Every cluster the same size"},
    "gaps.hex_note": {
        "en": "One hexagon per cluster, all the same size, placed roughly where the cluster is and grouped by "
        "health board, so that small urban clusters show. Positions are approximate.",
    },
    "gaps.hex_measure": {"en": "Colour by"},
    "gaps.need": {"en": "Need against provision"},
    "gaps.need_help": {
        "en": "Bring an indicator of need as a CSV file: one column of area codes or names (health boards, local "
        "authorities or clusters) and one column of numbers; for example, the share of people living in the most "
        "deprived fifth of areas by the Welsh Index of Multiple Deprivation.",
    },
    "gaps.need_upload": {"en": "Indicator of need (CSV)"},
    "gaps.need_read": {"en": "'{name}' read for {count} area(s), by {level}."},
    "gaps.provision": {"en": "Provision"},
    "gaps.need_findings": {"en": "Rows left out or worth a look: {count}"},
    "measure.need": {"en": "Need"},
    "gaps.need_note": {
        "en": "The lines are the medians of the areas shown. Areas with higher need and lower provision (top left) "
        "are the gaps to look at first.",
    },
    "gaps.need_map": {"en": "The indicator on the map"},
    "gaps.need_none": {"en": "No area has both a value of the indicator and a figure for this measure."},
    "quadrant.gap": {"en": "Higher need, lower provision"},
    "quadrant.matched_high": {"en": "Higher need, higher provision"},
    "quadrant.matched_low": {"en": "Lower need, lower provision"},
    "quadrant.ahead": {"en": "Lower need, higher provision"},
    "table.quadrant": {"en": "Where it falls"},
    "table.need": {"en": "Need"},
    "need.not_csv": {"en": "{file} could not be read as a CSV file ({error}). Save it as CSV (UTF-8) and try again."},
    "need.no_key": {
        "en": "{file}: no column holds area codes or names (columns found: {columns}). Put the area's code or name "
        "in one column.",
    },
    "need.no_value": {"en": "{file}: no column of numbers besides the areas. Add one column with the values."},
    "need.unknown_area": {"en": "Row {row}: '{area}' is not a {level}; left out."},
    "need.no_number": {"en": "Row {row}: '{value}' is not a number; left out."},
    "need.repeated": {"en": "Row {row}: '{area}' appears again; the first value is kept."},
    "need.missing_areas": {"en": "{count} area(s) have no value, e.g. {areas}."},
    # Change between rounds
    "change.need_two": {
        "en": "Change needs two survey rounds of the same kind; round {round} has no earlier round in the store. "
        "Import another round on the Data intake page.",
    },
    "change.compare": {"en": "Round {now} compared with round {before}."},
    "change.new": {"en": "New projects", "cy": "Prosiectau newydd"},
    "change.ended": {"en": "Ended projects", "cy": "Prosiectau a ddaeth i ben"},
    "change.continuing": {"en": "Continuing projects", "cy": "Prosiectau parhaus"},
    "change.level": {"en": "Change by"},
    "change.measure": {"en": "Change in"},
    "change.chart": {"en": "Change since round {before}, by health board"},
    "change.table": {"en": "Change by area"},
    "change.projects": {"en": "Projects that started, ended or continued"},
    "change.map_note": {"en": "Purple: fewer than in round {before}; green: more. Grey: withheld."},
    "change.status.new": {"en": "new", "cy": "newydd"},
    "change.status.ended": {"en": "ended", "cy": "wedi dod i ben"},
    "change.status.continuing": {"en": "continuing", "cy": "parhau"},
    "change.column.change": {"en": "Change"},
    "change.column.status_before": {"en": "Status in round {round}"},
    "change.column.status_now": {"en": "Status in round {round}"},
    "change.column.before": {"en": "{measure}, round {round}"},
    "change.column.now": {"en": "{measure}, round {round}"},
    "change.column.delta": {"en": "{measure}: change"},
    "measure.projects_current_change": {"en": "Change in current projects"},
    "measure.link_worker_fte_change": {"en": "Change in link-worker FTE"},
    "measure.referrals_change": {"en": "Change in referrals"},
    "measure.projects_current_before": {"en": "Current projects, earlier round"},
    "measure.projects_current_now": {"en": "Current projects, this round"},
    "measure.link_worker_fte_before": {"en": "Link-worker FTE, earlier round"},
    "measure.link_worker_fte_now": {"en": "Link-worker FTE, this round"},
    "measure.referrals_before": {"en": "Referrals, earlier round"},
    "measure.referrals_now": {"en": "Referrals, this round"},
    "map.decrease": {"en": "fewer: {low} to {high}"},
    "map.increase": {"en": "more: {low} to {high}"},
    "map.no_change": {"en": "no change"},
    "intake.title": {"en": "Data intake"},
    "intake.intro": {
        "en": "Check health boards' returns, see exactly what needs fixing, and import the accepted rows into the "
        "store. Every row is accounted for: accepted, accepted with warnings, rejected (with the reason), "
        "blank or a total row. Rejected rows are never imported.",
    },
    "intake.upload": {"en": "Returns (Excel .xlsx/.xlsm or CSV, one per health board)"},
    "intake.unreadable": {"en": "Not read: {reason}"},
    "intake.summary": {"en": "What was read"},
    "intake.findings": {"en": "Findings"},
    "intake.show": {"en": "Show"},
    "intake.severity": {"en": "Severity"},
    "intake.no_findings": {"en": "Nothing to report: every row was accepted as it is."},
    "intake.download_findings": {"en": "Download {file} with a findings column"},
    "intake.import": {"en": "Import"},
    "intake.round": {"en": "Survey round (e.g. 2017-02)"},
    "intake.replace": {"en": "Replace a board's earlier submission for this round (it stays in the history)"},
    "intake.import_button": {"en": "Import the accepted rows"},
    "intake.action.imported": {"en": "imported", "cy": "wedi'i mewnforio"},
    "intake.action.replaced": {"en": "replaced", "cy": "wedi disodli'r un blaenorol"},
    "intake.action.unchanged": {"en": "unchanged", "cy": "heb newid"},
    "intake.imported": {
        "en": "{file}: {action}, {projects} project(s) for {board} in round {round}; "
        "{left_out} rejected row(s) left out."
    },
    "intake.off": {
        "en": "Importing from the app is switched off here: this page checks returns but does not import them. "
        "To import, set the SPRX_ADMIN_PASSWORD environment variable, or configure sign-in ([auth] in "
        ".streamlit/secrets.toml, with an 'importers' list), or use: python -m sprx_map import FILE... "
        "--round LABEL",
    },
    "intake.password": {"en": "Admin password"},
    "intake.wrong_password": {"en": "That password is not right."},
    "intake.sign_in": {"en": "Sign in to import"},
    "intake.not_allowed": {"en": "You are signed in as {email}, who is not on the list of people who may import."},
    "intake.history": {"en": "Submissions so far"},
    "history.round": {"en": "Round"},
    "history.hb_code": {"en": "Health board"},
    "history.file_name": {"en": "File"},
    "history.sha256": {"en": "SHA-256"},
    "history.rows_read": {"en": "Rows read"},
    "history.accepted": {"en": "Accepted"},
    "history.accepted_with_warnings": {"en": "With warnings"},
    "history.rejected": {"en": "Rejected"},
    "history.skipped_blank": {"en": "Blank"},
    "history.skipped_total": {"en": "Total rows"},
    "history.imported_at": {"en": "Imported"},
    "history.imported_by": {"en": "By"},
    "history.superseded_by": {"en": "Superseded by"},
    "history.withdrawn_at": {"en": "Withdrawn", "cy": "Tynnwyd yn ôl"},
    "history.withdrawn_by": {"en": "Withdrawn by", "cy": "Tynnwyd yn ôl gan"},
    "history.withdrawn_reason": {"en": "Why withdrawn", "cy": "Pam y'i tynnwyd yn ôl"},
    "intake.rounds": {"en": "Rounds: who has returned", "cy": "Rowndiau: pwy sydd wedi dychwelyd ffurflen"},
    "intake.rounds_note": {
        "en": "✓ returned, ✗ withdrawn, – not returned.",
        "cy": "✓ wedi dychwelyd, ✗ wedi'i thynnu'n ôl, – heb ddychwelyd.",
    },
    "intake.withdraw": {"en": "Withdraw a submission", "cy": "Tynnu cyflwyniad yn ôl"},
    "intake.withdraw_help": {
        "en": "The board's submission stops counting in the round, and stays in the history with who, when and "
        "why. Importing a return for the board again restores it.",
        "cy": "Mae cyflwyniad y bwrdd yn peidio â chyfrif yn y rownd, ac yn aros yn yr hanes gyda phwy, pryd a pham. "
        "Mae mewnforio ffurflen ar gyfer y bwrdd eto yn ei adfer.",
    },
    "intake.withdraw_round": {"en": "Round", "cy": "Rownd"},
    "intake.withdraw_board": {"en": "Health board", "cy": "Bwrdd iechyd"},
    "intake.withdraw_reason": {"en": "Why", "cy": "Pam"},
    "intake.withdraw_button": {"en": "Withdraw it", "cy": "Ei dynnu'n ôl"},
    "intake.withdrawn": {
        "en": "{board}'s submission for round {round} is withdrawn: it no longer counts.",
        "cy": "Mae cyflwyniad {board} ar gyfer rownd {round} wedi'i dynnu'n ôl: nid yw'n cyfrif mwyach.",
    },
    "intake.file": {"en": "File"},
    "intake.rows_read": {"en": "Rows read"},
    "intake.accepted": {"en": "Accepted"},
    "intake.accepted_with_warnings": {"en": "Accepted with warnings"},
    "intake.rejected": {"en": "Rejected"},
    "intake.skipped_blank": {"en": "Blank"},
    "intake.skipped_total": {"en": "Total rows"},
    "intake.row": {"en": "Row"},
    "intake.column": {"en": "Column"},
    "intake.value": {"en": "Value"},
    "intake.message": {"en": "What is wrong"},
    "intake.suggestion": {"en": "Suggestion"},
    "filter.none": {"en": "none (all of Wales)"},
    "export.filters": {"en": "Filters: {filters}"},
    "export.round_language": {"en": "Survey round: {round}. Language: {language}."},
    "language.name": {"en": "English", "cy": "Cymraeg"},
    "language.choose": {"en": "Iaith / Language", "cy": "Iaith / Language"},
    # About and data
    "about.what.title": {"en": "What social prescribing is"},
    "about.what.body": {
        "en": "Social prescribing connects people to support in their community for the things that affect "
        "their health and wellbeing but that medicine cannot fix: loneliness, debt, housing, low mood, "
        "inactivity. A GP, nurse or other professional (or the person themselves) makes a referral, "
        "usually to a **link worker**, who takes time to understand what matters to the person and "
        "helps them reach a local group, service or activity: arts, gardening, walking, befriending, "
        "cookery, advice on money or housing, volunteering, learning and more.\n\n"
        "This dashboard brings together what the seven health boards report to the Primary Care Hub, so "
        "anyone can see where projects are, how many link workers there are, how many people are "
        "referred, and where there are gaps.",
    },
    "about.data.title": {"en": "The data shown"},
    "about.data.body": {
        "en": "**The bundled returns are illustrative.** They are generated by the app (`python -m sprx_map "
        "sample`, seed 2017) to show how it works. Projects, organisations and figures are invented; "
        "they are not real returns from any health board and must not be quoted. They are shown until "
        "the boards' real returns are loaded.\n\n"
        "Each health board returns one row per project: its name, lead organisation, the clusters it "
        "serves, its status (current, planned or ended), its activity categories and target groups, "
        "its link workers (full-time equivalent and headcount), the referrals it received during the "
        "reporting period, its funding and how it is evaluated.",
    },
    "about.measures.title": {"en": "What each measure means"},
    "about.measures.body": {
        "en": "- **Current projects / planned projects**: projects with that status serving the chosen "
        "areas. A project is counted once in each area it serves, so the counts of several areas can "
        "add up to more than their total.\n"
        "- **Link-worker FTE**: full-time-equivalent link workers of current projects.\n"
        "- **Referrals**: people referred to current and ended projects during the reporting period. "
        "Planned projects count towards neither FTE nor referrals.\n"
        "- **Link-worker FTE per 10,000 patients**: link-worker FTE divided by the registered patients "
        "of the chosen clusters in the area, times 10,000.\n"
        "- **Referrals per 1,000 patients**: referrals divided by registered patients, times 1,000.\n"
        "- **Clusters with a current project**: clusters served by at least one current project, of "
        "the clusters chosen (60 in Wales).\n"
        "- **Clusters without a current project** (health boards and local authorities): the gaps.\n"
        "- **No data** on the map: the area is outside the chosen filters. It is not the same as zero.",
    },
    "about.apportioning.title": {"en": "Projects that serve several clusters"},
    "about.apportioning.body": {
        "en": "A project that serves several clusters shares its link-worker FTE and its referrals among "
        "them in proportion to their registered patients; 'All' means every cluster of its health "
        "board. Shares are whole units (hundredths of an FTE, whole referrals) handed out by the "
        "largest-remainder method: each cluster gets the whole units of its exact share, and the units "
        "left over go one each to the clusters with the largest fractions. So a project's shares add "
        "up exactly to its own figures, and totals by cluster, local authority, health board and Wales "
        "always agree.",
    },
    "about.clusters.title": {"en": "Cluster shapes are indicative"},
    "about.clusters.body": {
        "en": "Primary care clusters are groups of GP practices, not areas with official boundaries. The "
        "shapes on the map are drawn for orientation only: each is the area nearer to its cluster's "
        "centre (the population-weighted centre of its practices) than to any other cluster's centre in "
        "the same local authority, clipped to that authority. Do not read them as the places a "
        "cluster's patients live.",
    },
    "about.disclosure.title": {"en": "Small numbers are withheld"},
    "about.disclosure.body": {
        "en": "Referral counts are counts of people. To protect privacy, a referral count from 1 to "
        "{below} is shown as **<{threshold}**, and rates worked out from it are withheld too, in every table, "
        "map, chart and download. Where a withheld count could be worked out by subtraction from the totals "
        "beside it (a cluster from its local authority's total, say), a second figure is withheld as well and "
        "shown as **[c]**. On maps, withheld areas are grey. Zero is shown as zero; link-worker FTE is not a "
        "count of people and is always shown.\n\n"
        "The threshold here is {threshold}. Whoever runs the dashboard can change it with the setting "
        "`SPRX_SUPPRESSION_THRESHOLD` (0 turns it off). Withholding works within each view; comparing two "
        "different filter choices can still narrow a withheld figure, so check filtered figures before you "
        "publish them.",
    },
    "about.template.title": {"en": "The return template"},
    "about.template.body": {
        "en": "Health boards send their projects on this workbook: one row per project, the lists of "
        "allowed values and of each board's clusters on its 'Lists' sheet.",
    },
    "about.template.download": {"en": "Download the return template (Excel)"},
    "about.sources.title": {"en": "Sources and attribution"},
    "about.sources.body": {
        "en": "- Boundaries of health boards and local authorities: made with Natural Earth (1:10m admin-1, "
        "public domain). Natural Earth is a small-scale source: fine for a national picture, not for "
        "exact local boundaries.\n"
        "- Clusters, their practices, registered patients and centres: NHS Wales publications.\n"
        "- Health board and local authority codes: Office for National Statistics.\n"
        "- Maps are drawn with Leaflet (BSD licence), served by the app itself; no map tiles are loaded "
        "unless you switch on the OpenStreetMap background (© OpenStreetMap contributors).",
    },
    # Measures
    "measure.projects_current": {"en": "Current projects"},
    "measure.projects_planned": {"en": "Planned projects"},
    "measure.link_worker_fte": {"en": "Link-worker FTE"},
    "measure.referrals": {"en": "Referrals"},
    "measure.fte_per_10k": {"en": "Link-worker FTE per 10,000 patients"},
    "measure.referrals_per_1k": {"en": "Referrals per 1,000 patients"},
    "measure.clusters_covered": {"en": "Clusters with a current project"},
    "measure.clusters_without": {"en": "Clusters without a current project"},
    "measure.clusters_total": {"en": "Clusters"},
    "measure.registered_population": {"en": "Registered patients"},
    "map.no_data": {"en": "No data", "cy": "Dim data"},
    "map.class_range": {"en": "over {low} to {high}"},
    "map.class_int_range": {"en": "{low} to {high}"},
    "overview.status_note": {
        "en": "The status filter leaves out current projects, so current projects, link-worker FTE and "
        "clusters with a current project show 0. Clear the status filter to see them.",
    },
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
    "error.csv": {
        "en": '{file}: the CSV cannot be read ({detail}); a quote mark (") may be left open. Open it in Excel, '
        "save it as CSV again and try again."
    },
    "error.too_big": {"en": "{file}: the file is {size}; the limit is {limit}. Send the projects sheet on its own."},
    "error.unpacks_too_big": {
        "en": "{file}: the workbook would unpack to {size} or more, far more than a return holds; it was not "
        "opened. Save the projects in a new workbook and try again.",
    },
    "error.too_many_rows": {
        "en": "{file}: more than {limit} rows on one sheet; a return holds far fewer. "
        "Remove the empty or extra rows and try again."
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
    "finding.example_row": {"en": "This is the template's example row: delete it and send the return again."},
    "finding.required": {"en": "'{field}' is required: fill it in."},
    "finding.unknown_board": {"en": "'{value}' is not a Welsh health board."},
    "finding.unknown_cluster": {"en": "'{value}' is not a primary care cluster."},
    "finding.cluster_other_board": {
        "en": "'{value}' is a cluster of another health board, not {board}. Check the health board column.",
    },
    "finding.end_before_start": {"en": "The end ({end}) is before the start ({start})."},
    "finding.fte_without_people": {"en": "{fte} FTE is given but the headcount is 0."},
    "finding.duplicate": {"en": "The same project and organisation are also on row {other_row}."},
    "finding.duplicate_across": {"en": "The same project and organisation are also in {file}, row {row}."},
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
    # How a return's shape and headings were read (the intake's column step)
    "finding.sheet_chosen": {
        "en": "The projects were read from the sheet '{sheet}'; the other sheets were not read: {others}.",
        "cy": "Darllenwyd y prosiectau o'r daflen '{sheet}'; ni ddarllenwyd y taflenni eraill: {others}.",
    },
    "finding.two_row_heading": {
        "en": "The headings are on two rows ({upper} and {lower}): a heading on row {upper} covers the columns "
        "below it, and each column was read with both.",
        "cy": "Mae'r penawdau ar ddwy res ({upper} a {lower}): mae pennawd ar res {upper} yn cwmpasu'r colofnau "
        "oddi tano, a darllenwyd pob colofn gyda'r ddau.",
    },
    "finding.column_ambiguous": {
        "en": "This heading could be {fields}: it was not read. Choose which it is.",
        "cy": "Gallai'r pennawd hwn fod yn {fields}: ni chafodd ei ddarllen. Dewiswch pa un ydyw.",
    },
    "finding.column_duplicate": {
        "en": "Another column is already read as {fields}, so this one was not read. Choose which column holds it.",
        "cy": "Mae colofn arall eisoes yn cael ei darllen fel {fields}, felly ni ddarllenwyd hon. Dewiswch pa golofn "
        "sy'n ei dal.",
    },
    "finding.column_words": {
        "en": "Read as '{field}' by its words ({confidence}% sure): check it.",
        "cy": "Darllenwyd fel '{field}' yn ôl ei eiriau ({confidence}% yn sicr): gwiriwch hyn.",
    },
    "finding.column_values": {
        "en": "Read as '{field}' because its values fit that field ({confidence}% sure): check it.",
        "cy": "Darllenwyd fel '{field}' am fod ei werthoedd yn cyd-fynd â'r maes hwnnw ({confidence}% yn sicr): "
        "gwiriwch hyn.",
    },
    "finding.missing_column": {
        "en": "No column is read as '{field}', which is required, so {rows} row(s) were rejected. Add the column, "
        "or choose which heading holds it.",
        "cy": "Nid oes colofn yn cael ei darllen fel '{field}', sy'n ofynnol, felly gwrthodwyd {rows} rhes. "
        "Ychwanegwch y golofn, neu dewiswch pa bennawd sy'n ei dal.",
    },
    "finding.no_column": {
        "en": "No column is read as '{field}' (required), so this row cannot be accepted.",
        "cy": "Nid oes colofn yn cael ei darllen fel '{field}' (gofynnol), felly ni ellir derbyn y rhes hon.",
    },
    "finding.board_from_given": {
        "en": "Projects with no health board of their own are read as {board}, the board chosen for this return.",
        "cy": "Mae prosiectau heb eu bwrdd iechyd eu hunain yn cael eu darllen fel {board}, y bwrdd a ddewiswyd ar "
        "gyfer y ffurflen hon.",
    },
    "finding.board_from_details": {
        "en": "There is no health board column: {board} was taken from the 'Return details' sheet.",
        "cy": "Nid oes colofn bwrdd iechyd: cymerwyd {board} o'r daflen 'Return details'.",
    },
    "finding.board_from_title": {
        "en": "There is no health board column: {board} was taken from the title '{text}'. Check it, or choose "
        "the board.",
        "cy": "Nid oes colofn bwrdd iechyd: cymerwyd {board} o'r teitl '{text}'. Gwiriwch hyn, neu dewiswch y bwrdd.",
    },
    "finding.board_from_sheet": {
        "en": "There is no health board column: {board} was taken from the sheet name '{text}'. Check it, or "
        "choose the board.",
        "cy": "Nid oes colofn bwrdd iechyd: cymerwyd {board} o enw'r daflen '{text}'. Gwiriwch hyn, neu dewiswch y "
        "bwrdd.",
    },
    "finding.board_from_file": {
        "en": "There is no health board column: {board} was taken from the file name '{text}'. Check it, or "
        "choose the board.",
        "cy": "Nid oes colofn bwrdd iechyd: cymerwyd {board} o enw'r ffeil '{text}'. Gwiriwch hyn, neu dewiswch y "
        "bwrdd.",
    },
    "finding.board_from_clusters": {
        "en": "No health board is given: {board} was taken from the clusters this project serves.",
        "cy": "Ni roddwyd bwrdd iechyd: cymerwyd {board} o'r clystyrau y mae'r prosiect hwn yn eu gwasanaethu.",
    },
    "finding.board_filled": {
        "en": "The health board is empty: read as {board}, the board of this return.",
        "cy": "Mae'r bwrdd iechyd yn wag: darllenwyd fel {board}, bwrdd y ffurflen hon.",
    },
    "finding.board_differs": {
        "en": "'{value}' is not {board}, the board chosen for this return.",
        "cy": "Nid '{value}' yw {board}, y bwrdd a ddewiswyd ar gyfer y ffurflen hon.",
    },
    "finding.section_row": {
        "en": "A heading row for {value}: it is carried down to the projects below it that do not say.",
        "cy": "Rhes pennawd ar gyfer {value}: mae'n cael ei chario i lawr i'r prosiectau oddi tani nad ydynt yn dweud.",
    },
    "finding.carried_down": {
        "en": "Taken from the heading on row {row}: '{heading}'.",
        "cy": "Wedi'i gymryd o'r pennawd ar res {row}: '{heading}'.",
    },
    "finding.read_as": {
        "en": "'{value}' read as '{read_as}'. Check it, or choose another.",
        "cy": "Darllenwyd '{value}' fel '{read_as}'. Gwiriwch hyn, neu dewiswch un arall.",
    },
    "finding.read_as_other": {
        "en": "'{value}' is not one of the listed kinds: read as '{read_as}'. Choose a listed kind if one fits: "
        "{allowed}.",
        "cy": "Nid yw '{value}' yn un o'r mathau a restrir: darllenwyd fel '{read_as}'. Dewiswch fath a restrir os oes "
        "un yn addas: {allowed}.",
    },
    "finding.number_with_note": {
        "en": "'{value}' read as {number}; the words beside it were left aside.",
        "cy": "Darllenwyd '{value}' fel {number}; gadawyd y geiriau wrth ei ymyl o'r neilltu.",
    },
    "finding.read_by_saved": {
        "en": "'{value}' read as '{read_as}' by a saved mapping.",
        "cy": "Darllenwyd '{value}' fel '{read_as}' gan fapio a gadwyd.",
    },
    "finding.read_by_user": {
        "en": "'{value}' read as '{read_as}', as chosen.",
        "cy": "Darllenwyd '{value}' fel '{read_as}', fel y dewiswyd.",
    },
    "finding.authority_as_clusters": {
        "en": "'{value}' is a local authority: read as all its clusters ({authority}). Check it.",
        "cy": "Awdurdod lleol yw '{value}': darllenwyd fel ei holl glystyrau ({authority}). Gwiriwch hyn.",
    },
    "finding.left_empty": {
        "en": "The field was left empty; the text as written is kept in this finding.",
        "cy": "Gadawyd y maes yn wag; cedwir y testun fel y'i hysgrifennwyd yn y canfyddiad hwn.",
    },
    "finding.year_only": {
        "en": "'{value}' is a year alone: read as {date}.",
        "cy": "Blwyddyn yn unig yw '{value}': darllenwyd fel {date}.",
    },
    "finding.unsaved_formula": {
        "en": "This cell holds a formula whose result was not saved ({value}): type the value.",
        "cy": "Mae'r gell hon yn dal fformiwla na chadwyd ei chanlyniad ({value}): teipiwch y gwerth.",
    },
    "finding.formula_text": {
        "en": "'{value}' is a formula written as text, not a value: type the value.",
        "cy": "Fformiwla wedi'i hysgrifennu fel testun yw '{value}', nid gwerth: teipiwch y gwerth.",
    },
    # The command line
    "cli.validate.counts": {
        "en": "{file}: rows read {rows_read}, accepted {accepted}, accepted with warnings {accepted_with_warnings}, "
        "rejected {rejected}, blank {skipped_blank}, total rows {skipped_total}",
        "cy": "{file}: rhesi a ddarllenwyd {rows_read}, derbyniwyd {accepted}, derbyniwyd gyda rhybuddion "
        "{accepted_with_warnings}, gwrthodwyd {rejected}, gwag {skipped_blank}, rhesi cyfanswm {skipped_total}",
    },
    "cli.columns.title": {"en": "  Columns:", "cy": "  Colofnau:"},
    "cli.columns.read": {
        "en": "    {heading} -> {field} ({how}, {confidence}% sure)",
        "cy": "    {heading} -> {field} ({how}, {confidence}% yn sicr)",
    },
    "cli.columns.not_read": {"en": "    {heading} -> ({how})", "cy": "    {heading} -> ({how})"},
    "cli.where.row": {"en": "row {row}", "cy": "rhes {row}"},
    "cli.where.row_column": {"en": "row {row}, {column}", "cy": "rhes {row}, {column}"},
    "cli.where.file": {"en": "file", "cy": "ffeil"},
    "cli.map_bad": {
        "en": "--map {pair}: write HEADING=FIELD, with FIELD one of {fields}, or none.",
        "cy": "--map {pair}: ysgrifennwch PENNAWD=MAES, gyda MAES yn un o {fields}, neu none.",
    },
    "cli.board_unknown": {
        "en": "--board {board}: this is not a Welsh health board. Give its code (W11000025) or its name (Hywel Dda).",
        "cy": "--board {board}: nid yw hwn yn fwrdd iechyd yng Nghymru. Rhowch ei god (W11000025) neu ei enw "
        "(Hywel Dda).",
    },
    "cli.export.no_round": {
        "en": "No round '{round}' in the store; it has: {rounds}",
        "cy": "Nid oes rownd '{round}' yn y storfa; mae ganddi: {rounds}",
    },
    "cli.export.written": {
        "en": "{rows} row(s) of round {round} written to {out}",
        "cy": "Ysgrifennwyd {rows} rhes o rownd {round} i {out}",
    },
    "cli.import.nothing": {"en": "Nothing imported: {reason}", "cy": "Ni fewnforiwyd dim: {reason}"},
    "cli.import.nothing_changed": {"en": "Nothing changed.", "cy": "Ni newidiodd dim."},
    "cli.import.done": {
        "en": "{file}: {action}, {projects} project(s) for {board} in round {round}",
        "cy": "{file}: {action}, {projects} prosiect ar gyfer {board} yn rownd {round}",
    },
    "cli.import.unchanged": {
        "en": "{file}: unchanged (the same content is already the current {board} submission for round {round})",
        "cy": "{file}: heb newid (yr un cynnwys yw cyflwyniad cyfredol {board} ar gyfer rownd {round} eisoes)",
    },
    "cli.import.left_out": {
        "en": "; {left_out} rejected row(s) left out",
        "cy": "; hepgorwyd {left_out} rhes a wrthodwyd",
    },
    "cli.mappings.saved": {
        "en": "Saved {count} choice(s) for {board}: its later returns are read the same way.",
        "cy": "Cadwyd {count} dewis ar gyfer {board}: bydd ei ffurflenni nesaf yn cael eu darllen yr un ffordd.",
    },
    "cli.mappings.empty": {"en": "No saved mappings.", "cy": "Dim mapio wedi'i gadw."},
    "cli.mappings.row": {
        "en": "#{id} {board}: {what} -> {target} (saved {saved_at} by {saved_by})",
        "cy": "#{id} {board}: {what} -> {target} (cadwyd {saved_at} gan {saved_by})",
    },
    "cli.mappings.heading": {"en": "heading '{written}'", "cy": "pennawd '{written}'"},
    "cli.mappings.value": {"en": "{field} '{written}'", "cy": "{field} '{written}'"},
    "cli.mappings.removed": {
        "en": "Mapping #{id} removed: it is no longer applied (it stays in the history).",
        "cy": "Tynnwyd mapio #{id}: nid yw'n cael ei ddefnyddio mwyach (mae'n aros yn yr hanes).",
    },
    "intake.columns": {
        "en": "Columns: confirm how each was read",
        "cy": "Colofnau: cadarnhewch sut y darllenwyd pob un",
    },
    "intake.columns.title": {"en": "How the columns of {file} were read", "cy": "Sut y darllenwyd colofnau {file}"},
    "intake.columns.where": {
        "en": "Projects read from the sheet '{sheet}', headings on row {rows}.",
        "cy": "Darllenwyd y prosiectau o'r daflen '{sheet}', penawdau ar res {rows}.",
    },
    "intake.columns.help": {
        "en": "Each heading of the file, with the field it was read as, how and how sure. Change any that is wrong "
        "and the report below is read again.",
        "cy": "Pob pennawd yn y ffeil, gyda'r maes y cafodd ei ddarllen fel, sut a pha mor sicr. Newidiwch unrhyw un "
        "sy'n anghywir ac mae'r adroddiad isod yn cael ei ddarllen eto.",
    },
    "intake.board": {"en": "Health board of this return", "cy": "Bwrdd iechyd y ffurflen hon"},
    "intake.board.found": {"en": "As found: {board}", "cy": "Fel y'i canfuwyd: {board}"},
    "intake.board.as_file": {"en": "As the file says", "cy": "Fel y mae'r ffeil yn ei ddweud"},
    "intake.column.choose": {"en": "Field for '{heading}'", "cy": "Maes ar gyfer '{heading}'"},
    "intake.column.none": {"en": "(not a field of the return)", "cy": "(nid yw'n faes yn y ffurflen)"},
    "intake.column.heading": {"en": "Heading", "cy": "Pennawd"},
    "intake.column.field": {"en": "Read as", "cy": "Darllenwyd fel"},
    "intake.column.how": {"en": "How", "cy": "Sut"},
    "intake.column.confidence": {"en": "How sure", "cy": "Pa mor sicr"},
    "intake.guesses": {
        "en": "Values read by a guess: confirm or change",
        "cy": "Gwerthoedd a ddarllenwyd drwy ddyfalu: cadarnhewch neu newidiwch",
    },
    "intake.guess": {"en": "'{text}' ({field}, row {rows})", "cy": "'{text}' ({field}, rhes {rows})"},
    "intake.remember": {
        "en": "Remember these choices for {board}",
        "cy": "Cofio'r dewisiadau hyn ar gyfer {board}",
    },
    "intake.mappings": {"en": "Saved mappings", "cy": "Mapio a gadwyd"},
    "intake.mapping.remove_which": {"en": "Mapping to remove", "cy": "Mapio i'w dynnu"},
    "intake.mapping.remove": {"en": "Stop applying it", "cy": "Peidio â'i ddefnyddio"},
    "intake.mapping.id": {"en": "Number", "cy": "Rhif"},
    "intake.mapping.board": {"en": "Health board", "cy": "Bwrdd iechyd"},
    "intake.mapping.what": {"en": "Heading or value", "cy": "Pennawd neu werth"},
    "intake.mapping.target": {"en": "Read as", "cy": "Darllenir fel"},
    "intake.mapping.saved_at": {"en": "Saved", "cy": "Cadwyd"},
    "intake.mapping.saved_by": {"en": "By", "cy": "Gan"},
    "column.how.exact": {"en": "exact", "cy": "union"},
    "column.how.words": {"en": "by its words", "cy": "yn ôl ei eiriau"},
    "column.how.values": {"en": "by its values", "cy": "yn ôl ei werthoedd"},
    "column.how.saved": {"en": "saved mapping", "cy": "mapio a gadwyd"},
    "column.how.user": {"en": "chosen", "cy": "wedi'i ddewis"},
    "column.how.ignored": {"en": "not read", "cy": "heb ei ddarllen"},
    "column.how.ambiguous": {"en": "unclear: choose", "cy": "aneglur: dewiswch"},
    "column.how.duplicate": {"en": "another column has it", "cy": "mae gan golofn arall"},
    "report.findings_column": {"en": "Findings (fix these and send the return again)"},
    "suppressed.primary": {"en": "<{threshold}", "cy": "<{threshold}"},
    "suppressed.secondary": {"en": "[c]", "cy": "[c]"},
    "suppressed.note": {
        "en": "<{threshold}: fewer than {threshold} referrals, withheld to protect privacy. [c]: withheld so that a "
        "figure under {threshold} cannot be worked out from the totals beside it. Rates made from withheld counts "
        "are withheld too.",
    },
    "map.withheld": {"en": "Withheld (small numbers)"},
    "map.no_return": {
        "en": "No return (the health board has not returned)",
        "cy": "Dim ffurflen (nid yw'r bwrdd iechyd wedi dychwelyd ffurflen)",
    },
    "table.no_return": {"en": "no return", "cy": "dim ffurflen"},
    "table.not_reported": {"en": "not reported", "cy": "heb ei adrodd"},
    # Files: the tidy CSV and the workbook's Cover and Notes
    "export.yes": {"en": "yes", "cy": "ie"},
    "export.no": {"en": "no", "cy": "na"},
    "export.column.round": {"en": "Survey round", "cy": "Rownd yr arolwg"},
    "export.column.illustrative": {"en": "Illustrative data", "cy": "Data enghreifftiol"},
    "export.column.data_as_of": {"en": "Data as of", "cy": "Data fel yr oeddent ar"},
    "export.sheet.cover": {"en": "Cover", "cy": "Clawr"},
    "export.sheet.notes": {"en": "Notes", "cy": "Nodiadau"},
    "export.sheet.data": {"en": "Table 1", "cy": "Tabl 1"},
    "export.notes_title": {"en": "Notes: shorthand and definitions", "cy": "Nodiadau: byrfoddau a diffiniadau"},
    "export.note_term": {"en": "Term or mark", "cy": "Term neu nod"},
    "export.note_meaning": {"en": "Meaning", "cy": "Ystyr"},
    "export.cover.warning": {"en": "Warning", "cy": "Rhybudd"},
    "export.cover.filters": {"en": "Filters", "cy": "Hidlwyr"},
    "export.cover.language": {"en": "Language", "cy": "Iaith"},
    "export.cover.returns": {"en": "Returns", "cy": "Ffurflenni"},
    "export.cover.tables": {"en": "Tables", "cy": "Tablau"},
    "export.cover.sources": {"en": "Sources and attribution", "cy": "Ffynonellau a phriodoli"},
    "export.sources": {
        "en": "Survey returns of the health boards to Public Health Wales' Primary Care Hub. Boundaries made with "
        "Natural Earth (public domain), or the official ONS boundaries where loaded (Open Government Licence "
        "v3.0; contains OS data © Crown copyright and database right). Cluster facts: NHS Wales. Made with "
        "sprx-map.",
        "cy": "Ffurflenni arolwg y byrddau iechyd i Hwb Gofal Sylfaenol Iechyd Cyhoeddus Cymru. Ffiniau wedi'u "
        "creu gyda Natural Earth (parth cyhoeddus), neu ffiniau swyddogol y SYG lle y'u llwythwyd (Trwydded "
        "Llywodraeth Agored v3.0; yn cynnwys data'r AO © Hawlfraint y Goron a hawliau cronfa ddata). Ffeithiau am "
        "y clystyrau: GIG Cymru. Wedi'i wneud gyda sprx-map.",
    },
    "export.note.primary": {
        "en": "Fewer than {threshold} referrals: withheld to protect privacy (and the rates made from it).",
        "cy": "Llai na {threshold} atgyfeiriad: wedi'i atal i ddiogelu preifatrwydd (a'r cyfraddau a wneir ohono).",
    },
    "export.note.secondary": {
        "en": "Withheld so that a figure under {threshold} cannot be worked out from the totals beside it.",
        "cy": "Wedi'i atal fel na ellir cyfrifo ffigur dan {threshold} o'r cyfansymiau wrth ei ymyl.",
    },
    "export.note.no_return": {
        "en": "Not available: the area's health board has not returned for this round (or withdrew its return), "
        "or the project did not report the figure. Never the same as zero.",
        "cy": "Ddim ar gael: nid yw bwrdd iechyd yr ardal wedi dychwelyd ffurflen ar gyfer y rownd hon (neu "
        "tynnodd ei ffurflen yn ôl), neu ni adroddodd y prosiect y ffigur. Byth yr un peth â sero.",
    },
    "export.title.projects": {"en": "Social prescribing projects", "cy": "Prosiectau presgripsiynu cymdeithasol"},
    "export.title.areas": {
        "en": "Social prescribing by {level}",
        "cy": "Presgripsiynu cymdeithasol fesul {level}",
    },
    "definition.projects_current": {
        "en": "Projects with the status current serving the area; a project counts once in each area it serves.",
        "cy": "Prosiectau â'r statws cyfredol sy'n gwasanaethu'r ardal; mae prosiect yn cyfrif unwaith ym mhob "
        "ardal y mae'n ei gwasanaethu.",
    },
    "definition.projects_planned": {
        "en": "Projects with the status planned serving the area.",
        "cy": "Prosiectau â'r statws wedi'i gynllunio sy'n gwasanaethu'r ardal.",
    },
    "definition.link_worker_fte": {
        "en": "Full-time-equivalent link workers of current projects, shared among the clusters each serves in "
        "proportion to their registered patients.",
        "cy": "Gweithwyr cyswllt cyfwerth ag amser llawn prosiectau cyfredol, wedi'u rhannu rhwng y clystyrau y "
        "mae pob un yn eu gwasanaethu yn ôl eu cleifion cofrestredig.",
    },
    "definition.referrals": {
        "en": "People referred to current and ended projects in the reporting period, shared as FTE is.",
        "cy": "Pobl a atgyfeiriwyd at brosiectau cyfredol a rhai sydd wedi dod i ben yn ystod y cyfnod adrodd, "
        "wedi'u rhannu fel y CALl.",
    },
    "definition.fte_per_10k": {
        "en": "Link-worker FTE divided by the area's registered patients, times 10,000.",
        "cy": "CALl gweithwyr cyswllt wedi'i rannu â chleifion cofrestredig yr ardal, wedi'i luosi â 10,000.",
    },
    "definition.referrals_per_1k": {
        "en": "Referrals divided by the area's registered patients, times 1,000.",
        "cy": "Atgyfeiriadau wedi'u rhannu â chleifion cofrestredig yr ardal, wedi'u lluosi â 1,000.",
    },
    "definition.clusters_covered": {
        "en": "Clusters served by at least one current project.",
        "cy": "Clystyrau a wasanaethir gan o leiaf un prosiect cyfredol.",
    },
    "definition.clusters_without": {
        "en": "Clusters served by no current project.",
        "cy": "Clystyrau nad oes unrhyw brosiect cyfredol yn eu gwasanaethu.",
    },
    "definition.clusters_total": {"en": "Clusters in the area.", "cy": "Clystyrau yn yr ardal."},
    "definition.registered_population": {
        "en": "Patients registered with the area's GP practices.",
        "cy": "Cleifion sydd wedi'u cofrestru gyda phractisau meddygon teulu'r ardal.",
    },
    # Rounds: who has returned, and what totals are made of
    "round.made_of": {
        "en": "{returned} of {total} health boards returned",
        "cy": "Mae {returned} o'r {total} bwrdd iechyd wedi dychwelyd ffurflen",
    },
    "round.data_as_of": {"en": "Data as of {when}", "cy": "Data fel yr oeddent ar {when}"},
    "round.partial": {
        "en": "Round {round}: {made_of}. Wales and every total over several boards are made of the boards that "
        "returned, and their rates use those boards' registered patients only. Areas of the other boards show "
        "'no return' (not zero): {missing}.",
        "cy": "Rownd {round}: {made_of}. Mae Cymru a phob cyfanswm dros sawl bwrdd wedi'u gwneud o'r byrddau a "
        "ddychwelodd ffurflen, ac mae eu cyfraddau'n defnyddio cleifion cofrestredig y byrddau hynny yn unig. Mae "
        "ardaloedd y byrddau eraill yn dangos 'dim ffurflen' (nid sero): {missing}.",
    },
    "round.wales_partial": {
        "en": "Wales here is the {returned} boards that returned.",
        "cy": "Cymru yma yw'r {returned} bwrdd a ddychwelodd ffurflen.",
    },
    "round.column": {"en": "Round", "cy": "Rownd"},
    "round.illustrative": {"en": "illustrative", "cy": "enghreifftiol"},
    "round.state.returned": {"en": "returned", "cy": "wedi dychwelyd"},
    "round.state.withdrawn": {"en": "withdrawn", "cy": "wedi'i thynnu'n ôl"},
    "round.state.not_returned": {"en": "not returned", "cy": "heb ddychwelyd"},
    "round.line": {"en": "Round {round}{flag}: {made_of}", "cy": "Rownd {round}{flag}: {made_of}"},
    "round.detail.returned": {
        "en": "{when} by {by}, {file}: {kept} row(s) kept, {rejected} rejected",
        "cy": "{when} gan {by}, {file}: cadwyd {kept} rhes, gwrthodwyd {rejected}",
    },
    "round.detail.withdrawn": {
        "en": "{when} by {by}: {reason} (was {file})",
        "cy": "{when} gan {by}: {reason} (oedd {file})",
    },
    "round.no_rounds": {"en": "The store has no rounds yet.", "cy": "Nid oes rowndiau yn y storfa eto."},
    "store.withdraw_no_reason": {
        "en": "Say why the submission is withdrawn (--reason): it stays in the history with the reason.",
        "cy": "Dywedwch pam y mae'r cyflwyniad yn cael ei dynnu'n ôl (--reason): mae'n aros yn yr hanes gyda'r rheswm.",
    },
    "store.withdraw_none": {
        "en": "Round {round} has no submission for {board} to withdraw. Nothing was changed.",
        "cy": "Nid oes gan rownd {round} gyflwyniad gan {board} i'w dynnu'n ôl. Ni newidiwyd dim.",
    },
    "store.withdraw_already": {
        "en": "{board}'s submission for round {round} is already withdrawn; import a return to restore it. Nothing "
        "was changed.",
        "cy": "Mae cyflwyniad {board} ar gyfer rownd {round} eisoes wedi'i dynnu'n ôl; mewnforiwch ffurflen i'w "
        "adfer. Ni newidiwyd dim.",
    },
    "intake.action.restored": {"en": "restored", "cy": "wedi'i adfer"},
    "profile.no_return": {
        "en": "No return: this area's health board has not returned for this round (or withdrew its return), so "
        "nothing is known of its projects. That is not the same as having none.",
        "cy": "Dim ffurflen: nid yw bwrdd iechyd yr ardal hon wedi dychwelyd ffurflen ar gyfer y rownd hon (neu "
        "tynnodd ei ffurflen yn ôl), felly nid oes dim yn hysbys am ei phrosiectau. Nid yw hynny'r un peth â "
        "pheidio â chael dim.",
    },
    "change.not_compared": {
        "en": "Compared: the health boards that returned in both rounds. Not compared (no return in one of the "
        "rounds): {boards}.",
        "cy": "Wedi'u cymharu: y byrddau iechyd a ddychwelodd ffurflen yn y ddwy rownd. Heb eu cymharu (dim ffurflen "
        "yn un o'r rowndiau): {boards}.",
    },
    # Official boundaries, LSOA lookups and practice lists (the geography loader)
    "boundaries.unknown_level": {"en": "'{level}' is not a level: use one of {levels}."},
    "boundaries.lsoa_needs_lookup": {
        "en": "LSOA boundaries need a lookup that gives each LSOA its cluster: a CSV with an LSOA code column and "
        "a cluster column (--lookup CSV)."
    },
    "boundaries.not_geographic": {
        "en": "{file} is a table, not a boundary file. Give a GeoJSON, GeoPackage or Shapefile (zipped or not). An "
        "LSOA-to-cluster table goes with --lookup; a GP practice list with --level practices."
    },
    "boundaries.unsupported": {
        "en": "{file}: '{suffix}' files are not read here. Give GeoJSON (.geojson, .json), GeoPackage (.gpkg), "
        "Shapefile (.shp, with its .shx, .dbf and .prj) or a .zip holding one of them."
    },
    "boundaries.zip_none": {"en": "{file} holds no Shapefile (.shp) or GeoPackage (.gpkg)."},
    "boundaries.zip_several": {"en": "{file} holds {count} boundary files ({members}): zip only the one to load."},
    "boundaries.several_layers": {"en": "{file} has {count} layers ({layers}): save the one to load on its own."},
    "boundaries.unreadable": {"en": "{file} could not be read as boundaries: {reason}"},
    "boundaries.no_file": {"en": "{file}: there is no such file."},
    "boundaries.no_crs": {
        "en": "{file} does not say which coordinate reference system it is in{hint}. Export it again with its CRS "
        "(ONS files are in British National Grid, EPSG:27700), or as GeoJSON in WGS84."
    },
    "boundaries.no_crs_shapefile": {"en": " (its .prj file is missing)"},
    "boundaries.not_degrees": {
        "en": "{file} is in {crs}, which is longitude and latitude, but its coordinates reach {x:.0f}, {y:.0f}: "
        "they look like metres. Export it again with its real CRS (e.g. EPSG:27700)."
    },
    "boundaries.unknown_column": {
        "en": "{file}: there is no column '{column}' (given for {role}). The columns are: {columns}."
    },
    "boundaries.no_code_column": {
        "en": "{file}: no column of {level} codes found. The columns are: {columns}. Say which one holds the codes "
        "with --column code=COLUMN (and the names with --column name_en=COLUMN, --column name_cy=COLUMN)."
    },
    "boundaries.missing_codes": {
        "en": "{count} {level} code(s) missing: {areas}. Every area of Wales is needed: use a file that covers all "
        "of Wales."
    },
    "boundaries.unknown_codes": {"en": "{count} feature(s) whose code is not a {level} of Wales left out: {codes}."},
    "boundaries.blank_codes": {"en": "{count} feature(s) with no code left out (feature(s) {features})."},
    "boundaries.empty_geometry": {"en": "{count} feature(s) with no area (empty or not a polygon) left out: {codes}."},
    "boundaries.duplicates": {
        "en": "{count} code(s) had more than one feature, dissolved into one area each: {codes}."
    },
    "boundaries.repaired": {"en": "{count} invalid geometr(y/ies) repaired with make_valid: {codes}."},
    "boundaries.cleaned": {
        "en": "overlaps or gaps between neighbours cleaned; {count} area(s) changed by more than 1,000 m²: {codes}."
    },
    "boundaries.not_in_wales": {
        "en": "the areas lie at longitude {west:.1f} to {east:.1f}, latitude {south:.1f} to {north:.1f}, not in "
        "Wales: the CRS the file states ({crs}) is probably wrong."
    },
    "boundaries.lsoa_outside_wales": {"en": "{count} LSOA(s) outside Wales (codes not starting W01) left out."},
    "boundaries.lsoa_no_cluster": {
        "en": "{count} Welsh LSOA(s) have no cluster in {lookup}: {codes}. Add them to the lookup."
    },
    "boundaries.lsoa_no_polygon": {"en": "{count} LSOA(s) in {lookup} have no polygon in {file}, left out: {codes}."},
    "lookup.columns": {
        "en": "{file}: no {what} column found. The columns are: {columns}. Name the LSOA code column e.g. LSOA21CD "
        "or lsoa_code and the cluster column cluster, cluster_name or cluster_id."
    },
    "table.empty": {"en": "{file} has no rows: give the table with its header row."},
    "table.ragged": {
        "en": "{file}: {count} row(s) have more cells than the header row: {rows}. Give every column a heading."
    },
    "lookup.unresolved": {"en": "{file}: {count} row(s) name a cluster that is not known: {rows}."},
    "lookup.conflict": {"en": "{file}: {count} LSOA(s) are given more than one cluster: {codes}."},
    "practices.columns": {
        "en": "{file}: no {what} column found. The columns are: {columns}. Say which one it is with --column "
        "{role}=COLUMN."
    },
    "practices.unresolved": {
        "en": "{file}: {count} row(s) name a cluster that is not known: {rows}. Correct the names (or use the "
        "cluster ids) and load it again."
    },
    "practices.no_cluster": {"en": "{file}: {count} row(s) with no cluster left out (rows {rows})."},
    "practices.no_population": {"en": "{file}: {count} row(s) with no registered population left out (rows {rows})."},
    "practices.missing_clusters": {"en": "{count} cluster(s) get no population: {areas}."},
    "report.read": {"en": "{file}: {features} feature(s) read, CRS {crs}"},
    "report.accounting": {"en": "  used {used}, dissolved into another {dissolved}, left out {left_out}"},
    "report.codes": {"en": "  {level}: {found} of {expected} area(s); missing: {missing}; unknown: {unknown}"},
    "report.vertices": {
        "en": "  vertices {before:,} -> {after:,} (simplified at {tolerance:g} m); GeoJSON {size:,} bytes"
    },
    "report.practices": {
        "en": "{file}: {rows} row(s) read, {used} used, {left_out} left out; {clusters} of {expected} clusters, "
        "{population:,} registered patients"
    },
    "report.warning": {"en": "  warning: {text}"},
    "report.problems": {"en": "Problems (nothing stored):"},
    "report.problem": {"en": "  - {text}"},
    "report.dry_run": {"en": "Dry run: nothing stored."},
    "report.not_read": {"en": "Nothing stored: {reason}"},
    "boundaries.lookup_level": {
        "en": "a lookup goes with LSOA boundaries (--level lsoa), which it dissolves into clusters; for {level} "
        "boundaries leave it out."
    },
    "report.stored": {"en": "Stored as version #{id}, now the active {level} {kind}."},
    "report.unchanged": {"en": "Already stored as version #{id} ({state}): nothing changed."},
    "report.none": {"en": "(none)"},
    "versions.empty": {"en": "No official geography stored: the embedded geography is in use."},
    "versions.row": {
        "en": "#{id} {level} {kind} {file} sha256 {sha}… {features} {unit} {loaded_at:%Y-%m-%d %H:%M} by "
        "{loaded_by}: {state}"
    },
    "versions.features": {"en": "feature(s)"},
    "versions.rows": {"en": "row(s)"},
    "versions.active": {"en": "active"},
    "versions.inactive": {"en": "not active"},
    "versions.use": {"en": "{level} {kind}: version #{id} ({file}) is now active."},
    "versions.embedded": {"en": "{level} {kind}: back to the embedded geography."},
    "versions.bad_version": {
        "en": "'{version}' is not a version: give its number from 'geography list', or 'embedded'."
    },
    "severity.error": {"en": "error", "cy": "gwall"},
    "severity.warning": {"en": "warning", "cy": "rhybudd"},
    "severity.info": {"en": "note", "cy": "nodyn"},
}


def _add_welsh() -> None:
    from sprx_map.catalogue_cy import WELSH

    for key, text in WELSH.items():
        if key in CATALOGUE and not CATALOGUE[key].get("cy"):
            CATALOGUE[key]["cy"] = text


_add_welsh()

# How each measure is written: decimal places.
MEASURE_DECIMALS = {"link_worker_fte": 1, "fte_per_10k": 2, "referrals_per_1k": 2, "need": 2}
MEASURE_DECIMALS.update(
    {f"{m}_{part}": d for m, d in list(MEASURE_DECIMALS.items()) for part in ("before", "now", "change")}
)


LOCALES = {"en": "en_GB", "cy": "cy_GB"}


def format_number(value: float | int | None, decimals: int = 0, lang: str = "en") -> str:
    """A number with thousands separators, as written in ``lang`` (Babel, CLDR); "–" when missing.

    >>> format_number(12345.678, 1), format_number(12345.678, 1, "cy")
    ('12,345.7', '12,345.7')
    """
    if value is None or pd.isna(value):
        return "–"
    decimal, group = _symbols(lang)
    text = f"{value:,.{decimals}f}"  # then the language's own symbols, from CLDR
    if (decimal, group) != (".", ","):
        text = text.replace(",", "\0").replace(".", decimal).replace("\0", group)
    return text


@functools.cache
def _symbols(lang: str) -> tuple[str, str]:
    """The decimal point and the thousands separator of ``lang`` (Babel's CLDR data)."""
    locale = LOCALES.get(lang, "en_GB")
    return get_decimal_symbol(locale), get_group_symbol(locale)


def format_day(value, lang: str = "en") -> str:
    """A date as people write it in ``lang``: "1 March 2025", "1 Mawrth 2025"; "–" when missing.

    >>> import datetime as dt
    >>> format_day(dt.date(2025, 3, 1), "cy")
    '1 Mawrth 2025'
    """
    if value is None or (not hasattr(value, "year") and pd.isna(value)):
        return "–"
    return format_date(value, format="d MMMM y", locale=LOCALES.get(lang, "en_GB"))


# Counts of people, and rates made from them: withheld when small (see metrics.suppress).
SUPPRESSIBLE = (
    "referrals",
    "referrals_per_1k",
    "referrals_received",
    "referrals_before",
    "referrals_now",
    "referrals_change",
)


def format_measure(value: float | int | None, measure: str, lang: str = "en", suppressed: str = "") -> str:
    """A measure's value as people read it; a withheld referral figure shows its mark ("<5" or "[c]")."""
    if suppressed and measure in SUPPRESSIBLE:
        return suppressed_mark(suppressed, lang)
    return format_number(value, MEASURE_DECIMALS.get(measure, 0), lang)


def suppressed_mark(state: str, lang: str = "en") -> str:
    """ "<5" for a count below the threshold (primary), "[c]" for one withheld to protect it (secondary)."""
    from sprx_map.metrics import suppression_threshold

    if state == "primary":
        return t("suppressed.primary", lang, threshold=suppression_threshold())
    return t("suppressed.secondary", lang)


def in_language(value, lang: str = "en"):
    """``value`` in ``lang`` when it is given in several ({language: text}), else ``value`` itself."""
    return value.get(lang, value.get("en")) if isinstance(value, dict) else value


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
