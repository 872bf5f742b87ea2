"""The store's tables and their metadata: one declaration, which a new store is created from and
the upgrade steps (:mod:`~sprx_map.store.migrations`) add to."""

from __future__ import annotations

import sqlalchemy as sa

from sprx_map import schema

COUNTS = schema.COUNT_KEYS


metadata = sa.MetaData()
meta_table = sa.Table(
    "sprx_meta",
    metadata,
    sa.Column("key", sa.String(50), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)
submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("round", sa.String(32), nullable=False),
    sa.Column("hb_code", sa.String(9), nullable=False),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    *[sa.Column(name, sa.Integer, nullable=False) for name in COUNTS],
    sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("imported_by", sa.String(100), nullable=False),
    sa.Column("superseded_by", sa.Integer, sa.ForeignKey("submissions.id"), nullable=True),
    # A withdrawn submission stays current (and in the history) but stops counting (schema version 4).
    sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("withdrawn_by", sa.String(100), nullable=True),
    sa.Column("withdrawn_reason", sa.Text, nullable=True),
    # At most one current submission per board and round, whatever runs at once.
    sa.Index(
        "one_current_submission",
        "round",
        "hb_code",
        unique=True,
        sqlite_where=sa.text("superseded_by IS NULL"),
        postgresql_where=sa.text("superseded_by IS NULL"),
    ),
)
projects = sa.Table(
    "projects",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False, index=True),
    sa.Column("source_row", sa.Integer, nullable=False),
    *[sa.Column(f.key, f.kind.sql, nullable=not f.required) for f in schema.FIELDS],
    # Where the project's reporting period came from: "project" (its own columns), "heading" (the referrals
    # heading named it) or "" (the round's applies); schema version 5.
    sa.Column("period_source", sa.String(10), nullable=True),
)

# A survey round's reporting period (schema version 5): what a count of referrals over the round is a count of.
# A round imported without one has none; its projects' referrals are then counted over their own periods only.
rounds_table = sa.Table(
    "rounds",
    metadata,
    sa.Column("label", sa.String(32), primary_key=True),
    sa.Column("period_start", sa.Date, nullable=True),
    sa.Column("period_end", sa.Date, nullable=True),
    # When the boards' returns are due, and a title for people (schema version 6): set when the round is opened.
    sa.Column("deadline", sa.Date, nullable=True),
    sa.Column("title", sa.String(200), nullable=True),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("changed_by", sa.String(100), nullable=False),
)

# The last number given to a project reference of each board prefix (schema version 6): a number once given is
# never given again, even when the project it was given to is gone (its submission replaced).
reference_counters = sa.Table(
    "reference_counters",
    metadata,
    sa.Column("prefix", sa.String(3), primary_key=True),
    sa.Column("last", sa.Integer, nullable=False),
)

# Whom to write to about a board's return (schema version 6): one row per board and address.
contacts_table = sa.Table(
    "contacts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("hb_code", sa.String(9), nullable=False),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("added_by", sa.String(100), nullable=False),
    sa.UniqueConstraint("hb_code", "email", name="one_contact_per_address"),
)

# Official boundaries and cluster populations loaded by hub staff (schema version 2). Versions
# are never deleted; at most one is active per level and kind, else the embedded geography is used.
geography_versions_table = sa.Table(
    "geography_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("level", sa.String(20), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # "boundaries" or "populations"
    sa.Column("source_file", sa.String(255), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("features", sa.Integer, nullable=False),
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("loaded_by", sa.String(100), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),  # GeoJSON FeatureCollection, or JSON cluster id -> patients
    sa.Column("active", sa.Boolean, nullable=False),
    sa.UniqueConstraint("level", "kind", "sha256", name="one_version_per_content"),
    sa.Index(
        "one_active_geography",
        "level",
        "kind",
        unique=True,
        sqlite_where=sa.text("active"),
        postgresql_where=sa.text("active"),
    ),
)
GEOGRAPHY_KINDS = ("boundaries", "populations")

# What a person confirmed about a board's returns, applied to its later returns (schema version 3):
# a heading read as a field ("" for no field), or a value of a field read as a key or area code.
# A removed mapping keeps its row, with who removed it and when.
mappings_table = sa.Table(
    "saved_mappings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("hb_code", sa.String(9), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),  # "heading", "value" or "project"
    sa.Column("field", sa.String(40), nullable=False),  # the value's field; "" for a heading
    sa.Column("source", sa.String(255), nullable=False),  # the heading or value, normalised (layout.key_of)
    sa.Column("written", sa.String(255), nullable=False),  # as it was written, for people
    sa.Column("target", sa.String(64), nullable=False),  # field key ("" for no field), value key or area code
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("saved_by", sa.String(100), nullable=False),
    sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("removed_by", sa.String(100), nullable=True),
    sa.Index(
        "one_live_mapping",
        "hb_code",
        "kind",
        "field",
        "source",
        unique=True,
        sqlite_where=sa.text("removed_at IS NULL"),
        postgresql_where=sa.text("removed_at IS NULL"),
    ),
)
# A project matched by a score to the board's return before (sprx_map.project_matches): ``source`` is the project
# as written (its name and organisation), ``target`` the reference confirmed, or "" for a new project.
PROJECT = "project"
MAPPING_KINDS = ("heading", "value", PROJECT)

# Named accounts for sign-in without OpenID Connect (schema version 7): a name, its role and its password's
# Argon2 hash (never the password). A removed account's row goes; the audit table keeps who removed it.
accounts_table = sa.Table(
    "accounts",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("added_by", sa.String(100), nullable=False),
)

# Wrong passwords counted per account ("account:NAME") and per client address ("address:ADDRESS"), in the store
# so that every replica shares them (schema version 7); see sprx_map.throttle.
sign_in_failures_table = sa.Table(
    "sign_in_failures",
    metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("locks", sa.Integer, nullable=False),
    sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
)

# Who did what (schema version 7): every change to the store, every refused change, every sign-in, failure and
# lock. The app only ever appends to it.
audit_table = sa.Table(
    "audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("address", sa.String(100), nullable=False),
)
AUTH_ACTIONS = ("sign_in", "sign_in_failed", "sign_in_locked", "sign_in_waiting")

# Learning events the Hub organises (schema version 8). The date and times are Welsh local time (Europe/London) as
# people give them, the times as "HH:MM" text (no zone to convert, and the same text in every engine and backup).
# ``board`` is a board's ONS code, "online" or "wales" (all Wales); ``presenters`` a JSON list of project
# references and names. A removed event keeps its row, with who removed it and when, so it stays in the history.
events_table = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("title_en", sa.String(200), nullable=False),
    sa.Column("title_cy", sa.String(200), nullable=False),
    sa.Column("description_en", sa.Text, nullable=False),
    sa.Column("description_cy", sa.Text, nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("start_time", sa.String(5), nullable=True),
    sa.Column("end_time", sa.String(5), nullable=True),
    sa.Column("venue", sa.String(200), nullable=False),
    sa.Column("board", sa.String(9), nullable=False),
    sa.Column("url", sa.String(500), nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("presenters", sa.Text, nullable=False),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("added_by", sa.String(100), nullable=False),
    sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("removed_by", sa.String(100), nullable=True),
)
