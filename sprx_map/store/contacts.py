"""Whom to write to about each board's return: one or more email addresses per board."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

import sqlalchemy as sa

from sprx_map.references import BOARD_PREFIXES
from sprx_map.store.changes import StoreError, _allowed, _audit, _person
from sprx_map.store.tables import contacts_table

# An address a mail client takes as it is: one local part, one @, a domain of dotted labels ending in letters.
# Deliberately stricter than RFC 5322 (no quoted parts, no comments): what the Hub types is a plain address.
_LOCAL = r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_ADDRESS = re.compile(rf"^{_LOCAL}@(?:{_LABEL}\.)+[A-Za-z]{{2,}}$")
ADDRESS_LENGTH = 254


def checked_address(text: str) -> str:
    """``text`` as an email address (trimmed, its domain in lower case), or refused with a message key."""
    text = (text or "").strip()
    name, address = email.utils.parseaddr(text)
    if (
        not text
        or name
        or address != text
        or len(text) > ADDRESS_LENGTH
        or ".." in text
        or text.startswith(".")
        or ".@" in text
        or not _ADDRESS.match(text)
    ):
        raise StoreError("store.contact_bad_email", email=text)
    local, domain = text.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def set_contact(engine: sa.Engine, board: str, address: str, who=None, now=None) -> bool:
    """Record ``address`` as a contact of ``board`` (a board's ONS code); False when it already was one."""
    now = now or dt.datetime.now(dt.UTC)
    actor = _allowed(engine, who, "contact", f"{board} {address}", now)
    if board not in BOARD_PREFIXES:
        raise StoreError("store.contact_bad_board", board=board)
    address = checked_address(address)
    who = _person(actor)
    with engine.begin() as conn:
        present = conn.execute(
            sa.select(contacts_table.c.id).where(
                contacts_table.c.hb_code == board, sa.func.lower(contacts_table.c.email) == address.lower()
            )
        ).first()
        if present is not None:
            return False
        conn.execute(contacts_table.insert().values(hb_code=board, email=address, added_at=now, added_by=who))
        _audit(conn, actor, "contact_add", f"{board} {address}", now)
    return True


def remove_contact(engine: sa.Engine, board: str, address: str, who=None) -> bool:
    """Remove ``address`` from ``board``'s contacts; False when it was not one."""
    actor = _allowed(engine, who, "contact", f"{board} {address}")
    with engine.begin() as conn:
        done = conn.execute(
            contacts_table.delete().where(
                contacts_table.c.hb_code == board,
                sa.func.lower(contacts_table.c.email) == (address or "").strip().lower(),
            )
        ).rowcount
        if done:
            _audit(conn, actor, "contact_remove", f"{board} {address}")
    return bool(done)


def contacts(engine: sa.Engine) -> dict[str, list[str]]:
    """Board code -> its contacts' addresses, in the order they were added (boards with none are left out)."""
    query = sa.select(contacts_table.c.hb_code, contacts_table.c.email).order_by(contacts_table.c.id)
    out: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for board, address in conn.execute(query).all():
            out.setdefault(board, []).append(address)
    return out
