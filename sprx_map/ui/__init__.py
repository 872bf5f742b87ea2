"""The one place that touches Streamlit: cached loaders, shared state and widgets.

Pages use it as ``from sprx_map import ui`` and call ``ui.<name>``; it is split by
concern into :mod:`~sprx_map.ui.loaders` (read once per process),
:mod:`~sprx_map.ui.state` (filters, language and page state, mirrored in the
URL), :mod:`~sprx_map.ui.widgets` (what the pages draw) and
:mod:`~sprx_map.ui.intake` (returns, indicators, the round tracker, the history),
:mod:`~sprx_map.ui.collection` (the round being collected: deadline, overdue boards, pre-filled returns, reminders),
:mod:`~sprx_map.ui.geography_admin` (official geography), :mod:`~sprx_map.ui.permissions` (who may change
the store), :mod:`~sprx_map.ui.routing` (the pages and their context), :mod:`~sprx_map.ui.errors` (errors in words),
:mod:`~sprx_map.ui.columns` (the intake's column step and saved mappings),
:mod:`~sprx_map.ui.compare` (funnel, spine and trend charts, every round), :mod:`~sprx_map.ui.shared_view`
(the view of the page's choices, shared by every session), :mod:`~sprx_map.ui.events` (learning events),
and one page's own parts: :mod:`~sprx_map.ui.map_page`,
:mod:`~sprx_map.ui.slides` and :mod:`~sprx_map.ui.profile`.
"""

from sprx_map.messages import markdown_escaped as md
from sprx_map.ui import errors, shared_view
from sprx_map.ui.collection import round_collection
from sprx_map.ui.columns import column_step, saved_mappings
from sprx_map.ui.compare import every_round_table, funnel_section, profile_spine, profile_trends
from sprx_map.ui.events import board_events, event_admin, events_page, map_events
from sprx_map.ui.geography_admin import geography_in_use, geography_upload
from sprx_map.ui.intake import (
    findings_downloads,
    history_table,
    import_form,
    import_round,
    indicator_upload,
    read_uploads,
    round_tracker,
    template_download,
)
from sprx_map.ui.loaders import dataset, geography, geography_sources, hex_cells, rounds, store_engine
from sprx_map.ui.map_page import map_downloads
from sprx_map.ui.permissions import importer, sign_in_form
from sprx_map.ui.profile import profile_change, profile_download, profile_locator
from sprx_map.ui.routing import PAGES, context, navigation, run
from sprx_map.ui.slides import MAP_HEIGHT as SLIDE_MAP_HEIGHT
from sprx_map.ui.slides import presenter_style, slide_controls
from sprx_map.ui.state import (
    FILTER_KEY,
    MAP_LEVELS,
    PAGE_STATE,
    Context,
    asked_language,
    current_filters,
    current_slide,
    init_state,
    language,
    language_switch,
    map_measures,
    presenting,
    round_projects,
    sync_url,
)
from sprx_map.ui.widgets import (
    FAVICON,
    FAVICON_URL,
    area_dataframe,
    attribution,
    chart,
    download_buttons,
    file_notes,
    file_stem,
    folium_map,
    metric_row,
    project_columns,
    release,
    round_notice,
    static_table,
    suppression_note,
    view_table,
)

__all__ = [
    "FAVICON",
    "FAVICON_URL",
    "FILTER_KEY",
    "MAP_LEVELS",
    "PAGES",
    "PAGE_STATE",
    "SLIDE_MAP_HEIGHT",
    "Context",
    "area_dataframe",
    "asked_language",
    "attribution",
    "board_events",
    "chart",
    "column_step",
    "context",
    "current_filters",
    "current_slide",
    "dataset",
    "download_buttons",
    "errors",
    "event_admin",
    "events_page",
    "every_round_table",
    "file_notes",
    "file_stem",
    "findings_downloads",
    "folium_map",
    "funnel_section",
    "geography",
    "geography_in_use",
    "geography_sources",
    "geography_upload",
    "hex_cells",
    "history_table",
    "import_form",
    "import_round",
    "importer",
    "indicator_upload",
    "init_state",
    "language",
    "language_switch",
    "map_downloads",
    "map_events",
    "map_measures",
    "md",
    "metric_row",
    "navigation",
    "presenter_style",
    "presenting",
    "profile_change",
    "profile_download",
    "profile_locator",
    "profile_spine",
    "profile_trends",
    "project_columns",
    "read_uploads",
    "release",
    "round_collection",
    "round_notice",
    "round_projects",
    "round_tracker",
    "rounds",
    "run",
    "saved_mappings",
    "shared_view",
    "sign_in_form",
    "slide_controls",
    "static_table",
    "store_engine",
    "suppression_note",
    "sync_url",
    "template_download",
    "view_table",
]
