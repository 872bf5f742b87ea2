"""The store: every survey round, every submission and every earlier version.

SQLAlchemy 2 Core over SQLite (a file, by default) or PostgreSQL (when
``SPRX_DATABASE_URL`` is set). A submission is one board's return for one round;
importing a board again for the same round needs ``replace`` and keeps the
earlier submission in the history (marked superseded), so nothing is lost. Each
import call is one transaction: all of its files go in, or none does.

Callers use it as ``from sprx_map import store`` and call ``store.<name>`` (so a test that
patches ``store.<name>`` reaches them). It is split by idea into :mod:`~sprx_map.store.tables`
(the tables), :mod:`~sprx_map.store.migrations` (where the store is; opening and upgrading it),
:mod:`~sprx_map.store.changes` (refusals, who made a change, the revision),
:mod:`~sprx_map.store.submission` (importing, withdrawing, rounds' periods, reading what counts),
:mod:`~sprx_map.store.geography` (geography versions), :mod:`~sprx_map.store.mapping` (saved mappings),
:mod:`~sprx_map.store.calendar` (rounds opened: period, deadline, title), :mod:`~sprx_map.store.references`
(project references given and kept), :mod:`~sprx_map.store.contacts` (whom to write to about a return),
:mod:`~sprx_map.store.events` (learning events) and :mod:`~sprx_map.store.accounts` (named accounts, signing in,
the brake on wrong passwords, the audit table).
Every function that changes the store takes ``who``: a :class:`sprx_map.roles.Actor`, whose role is checked
before anything changes, or a plain name (the command line, acting as an administrator).
"""

from sprx_map.store.accounts import account_role, accounts, add_account, audit, remove_account, sign_in
from sprx_map.store.calendar import TITLE_LENGTH, RoundDates, open_round, round_dates
from sprx_map.store.changes import CHANGED_AT, PERSON_LENGTH, REVISION, StoreError, revision
from sprx_map.store.contacts import checked_address, contacts, remove_contact, set_contact
from sprx_map.store.events import add_event, checked_time, checked_url, events, remove_event, set_event_status
from sprx_map.store.geography import active_geography, geography_versions, save_geography, use_geography
from sprx_map.store.mapping import Mapping, mappings, remove_mapping, save_mappings, saved_mappings
from sprx_map.store.migrations import DEFAULT_PATH, MIGRATIONS, SCHEMA_VERSION, URL_VARIABLE, connect, database_url
from sprx_map.store.references import give_references, project_matches_of, round_order, saved_choices
from sprx_map.store.submission import (
    FileOutcome,
    ImportResult,
    Submission,
    history,
    import_reports,
    import_rounds,
    load_projects,
    round_periods,
    round_states,
    rounds,
    set_round_period,
    totals,
    withdraw,
)
from sprx_map.store.tables import (
    AUTH_ACTIONS,
    COUNTS,
    GEOGRAPHY_KINDS,
    MAPPING_KINDS,
    PROJECT,
    accounts_table,
    audit_table,
    contacts_table,
    events_table,
    geography_versions_table,
    mappings_table,
    meta_table,
    metadata,
    projects,
    reference_counters,
    rounds_table,
    sign_in_failures_table,
    submissions,
)

__all__ = [
    "AUTH_ACTIONS",
    "CHANGED_AT",
    "COUNTS",
    "DEFAULT_PATH",
    "GEOGRAPHY_KINDS",
    "MAPPING_KINDS",
    "MIGRATIONS",
    "PERSON_LENGTH",
    "PROJECT",
    "REVISION",
    "SCHEMA_VERSION",
    "TITLE_LENGTH",
    "URL_VARIABLE",
    "FileOutcome",
    "ImportResult",
    "Mapping",
    "RoundDates",
    "StoreError",
    "Submission",
    "account_role",
    "accounts",
    "accounts_table",
    "active_geography",
    "add_account",
    "add_event",
    "audit",
    "audit_table",
    "checked_address",
    "checked_time",
    "checked_url",
    "connect",
    "contacts",
    "contacts_table",
    "database_url",
    "events",
    "events_table",
    "geography_versions",
    "geography_versions_table",
    "give_references",
    "history",
    "import_reports",
    "import_rounds",
    "load_projects",
    "mappings",
    "mappings_table",
    "meta_table",
    "metadata",
    "open_round",
    "project_matches_of",
    "projects",
    "reference_counters",
    "remove_account",
    "remove_contact",
    "remove_event",
    "remove_mapping",
    "revision",
    "round_dates",
    "round_order",
    "round_periods",
    "round_states",
    "rounds",
    "rounds_table",
    "save_geography",
    "save_mappings",
    "saved_choices",
    "saved_mappings",
    "set_contact",
    "set_event_status",
    "set_round_period",
    "sign_in",
    "sign_in_failures_table",
    "submissions",
    "totals",
    "use_geography",
    "withdraw",
]
