"""Named accounts (a name, a role, an Argon2 hash of the password), signing in with one, the brake on wrong
passwords (:mod:`sprx_map.throttle`, its counters here so every replica shares them) and the audit table."""

from __future__ import annotations

import datetime as dt
import hmac
import re

import pandas as pd
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.dialects import postgresql, sqlite

from sprx_map import roles, throttle
from sprx_map.store.changes import StoreError, _allowed, _audit, _aware, _person
from sprx_map.store.tables import AUTH_ACTIONS, accounts_table, audit_table, sign_in_failures_table

_HASHER = PasswordHasher()  # argon2id with the library's defaults (RFC 9106's second recommended settings)
# Verified against when the name is unknown, so that an unknown name takes as long as a wrong password.
_UNKNOWN = _HASHER.hash("no account has this password")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")
SHORTEST_PASSWORD = 12


def add_account(
    engine: sa.Engine, name: str, role: str, password: str, who: roles.Actor | str | None = None, now=None
) -> None:
    """Add a named account with ``role`` (importer or administrator), or set a new password and role for one.

    The password is kept only as its Argon2 hash. Refused, nothing changed, for a name other than letters,
    digits and ``. _ @ -``, the name ``admin`` (kept for ``SPRX_ADMIN_PASSWORD``), an unknown role or a
    password shorter than :data:`SHORTEST_PASSWORD` characters.
    """
    now = now or dt.datetime.now(dt.UTC)
    actor = _allowed(engine, who, "account", name, now)
    if not NAME.match(name or ""):
        raise StoreError("store.account_bad_name", name=name)
    if name.lower() == roles.PASSWORD_ACCOUNT:
        raise StoreError("store.account_reserved", name=name)
    if role not in roles.ACCOUNT_ROLES:
        raise StoreError("store.account_bad_role", role=role, roles=", ".join(roles.ACCOUNT_ROLES))
    if len(password or "") < SHORTEST_PASSWORD:
        raise StoreError("store.account_short_password", shortest=SHORTEST_PASSWORD)
    values = {"role": role, "password_hash": _HASHER.hash(password), "added_at": now, "added_by": _person(actor)}
    with engine.begin() as conn:
        found = conn.execute(sa.select(accounts_table.c.name).where(accounts_table.c.name == name)).first()
        if found is None:
            conn.execute(accounts_table.insert().values(name=name, **values))
        else:
            conn.execute(accounts_table.update().where(accounts_table.c.name == name).values(**values))
        _audit(conn, actor, "account_add" if found is None else "account_change", f"{name} ({role})", now)


def remove_account(engine: sa.Engine, name: str, who: roles.Actor | str | None = None, now=None) -> None:
    """Remove a named account (it can no longer sign in; what it did stays recorded under its name)."""
    now = now or dt.datetime.now(dt.UTC)
    actor = _allowed(engine, who, "account", name, now)
    with engine.begin() as conn:
        if not conn.execute(accounts_table.delete().where(accounts_table.c.name == name)).rowcount:
            raise StoreError("store.account_none", name=name)
        _audit(conn, actor, "account_remove", name, now)


def accounts(engine: sa.Engine) -> pd.DataFrame:
    """Every named account, by name: its role, when and by whom it was added (never its hash)."""
    t = accounts_table.c
    query = sa.select(t.name, t.role, t.added_at, t.added_by).order_by(t.name)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).all(), columns=["name", "role", "added_at", "added_by"])


def account_role(engine: sa.Engine, name: str) -> str | None:
    """The role of the named account, or None when there is no such account (any more)."""
    with engine.connect() as conn:
        return conn.execute(sa.select(accounts_table.c.role).where(accounts_table.c.name == name)).scalar()


def sign_in(
    engine: sa.Engine, name: str, password: str, address: str, now: dt.datetime, admin_password: str | None = None
) -> roles.Actor | dt.timedelta | None:
    """Check a name and password given on the page at ``now`` from client ``address``.

    The actor signed in; or, while the account or the address must wait (see :mod:`sprx_map.throttle`), how
    long (even the right password is refused then); or None for a wrong name or password. ``admin_password``
    (``SPRX_ADMIN_PASSWORD``) signs in as the administrator account ``admin``. Every outcome is in the audit
    table; the counters change in the same transaction as the audit row.
    """
    name = (name or "").strip()[:100]
    keys = (f"account:{name.lower()}", f"address:{address}")
    who = roles.Actor(name or "?", roles.VIEWER, "account", address)
    with engine.begin() as conn:
        counters = {key: _counter(conn, key) for key in keys}
        wait = max(throttle.waiting(c, now) for c in counters.values())
        if wait:
            _audit(conn, who, "sign_in_waiting", f"{throttle.minutes(wait)} min", now)
            return wait
    actor = _check(engine, name, password or "", address, admin_password)
    with engine.begin() as conn:
        if actor is not None:
            _save(conn, keys[0], throttle.Counter())  # the account's count starts again; the address's does not
            _audit(conn, actor, "sign_in", actor.via, now)
            return actor
        for key in keys:
            before = _counter(conn, key, lock=True)
            after = throttle.after_failure(before, now)
            _save(conn, key, after)
            if after.locks > before.locks:
                wait = after.locked_until - now
                _audit(conn, who, "sign_in_locked", f"{key}: {throttle.minutes(wait)} min", now)
        _audit(conn, who, "sign_in_failed", name, now)
    return None


def _check(engine, name: str, password: str, address: str, admin_password: str | None) -> roles.Actor | None:
    """The actor for a right name and password, else None (the slow hash checked even for an unknown name)."""
    if name == roles.PASSWORD_ACCOUNT:
        right = bool(admin_password) and hmac.compare_digest(password.encode(), admin_password.encode())
        return roles.Actor(name, roles.ADMINISTRATOR, "password", address) if right else None
    with engine.connect() as conn:
        found = conn.execute(
            sa.select(accounts_table.c.role, accounts_table.c.password_hash).where(accounts_table.c.name == name)
        ).first()
    try:
        _HASHER.verify(found.password_hash if found else _UNKNOWN, password)
    except (VerificationError, InvalidHashError):
        return None
    return roles.Actor(name, found.role, "account", address) if found else None


def _counter(conn, key: str, lock: bool = False) -> throttle.Counter:
    """The counter of ``key``; with ``lock``, its row held until the transaction ends (PostgreSQL: two replicas
    counting the same failure at once do not lose one; SQLite's writes already queue)."""
    t = sign_in_failures_table.c
    query = sa.select(t.failures, t.last_at, t.locks, t.locked_until).where(t.key == key)
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None:
        return throttle.Counter()
    return throttle.Counter(row.failures, _aware(row.last_at), row.locks, _aware(row.locked_until))


def _save(conn, key: str, counter: throttle.Counter) -> None:
    table = sign_in_failures_table
    if counter.last_at is None:
        conn.execute(table.delete().where(table.c.key == key))
        return
    values = {
        "failures": counter.failures,
        "last_at": counter.last_at,
        "locks": counter.locks,
        "locked_until": counter.locked_until,
    }
    # One statement that inserts or updates, so a first failure counted by two replicas at once is not refused.
    insert = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)
    conn.execute(insert.values(key=key, **values).on_conflict_do_update(index_elements=["key"], set_=values))


def audit(engine: sa.Engine, *, auth: bool | None = None) -> pd.DataFrame:
    """The audit table, oldest first: at, actor, role, action, detail, address. ``auth`` True: only sign-ins,
    failures and waits; False: only the rest; None: everything."""
    t = audit_table
    query = sa.select(t.c.id, t.c.at, t.c.actor, t.c.role, t.c.action, t.c.detail, t.c.address).order_by(t.c.id)
    if auth is True:
        query = query.where(t.c.action.in_(AUTH_ACTIONS))
    elif auth is False:
        query = query.where(t.c.action.not_in(AUTH_ACTIONS))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame(rows, columns=["id", "at", "actor", "role", "action", "detail", "address"])
