"""Who may change what: the roles, the actions each allows, and a person acting with one.

Declared once here; the store checks them in every function that changes it (see
:func:`sprx_map.store.changes._allowed`), the pages only use them to choose what to show.

- **viewer**: everyone; reads the dashboard and validates returns.
- **importer**: imports returns, withdraws them, and remembers the choices made about a board's headings.
- **administrator**: all that, and changes the geography in use, removes saved mappings, and manages rounds,
  contacts, events and accounts.

A role comes from the secrets file (lists ``importers`` and ``administrators`` of people as
:mod:`sprx_map.claims` names them, and optionally group lists ``importer_groups`` and ``administrator_groups``
read from the claim named by ``group_claim``), or from a named account in the store.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

VIEWER, IMPORTER, ADMINISTRATOR = "viewer", "importer", "administrator"
ROLES = (VIEWER, IMPORTER, ADMINISTRATOR)  # lowest first: each allows all the one before it allows
ACCOUNT_ROLES = (IMPORTER, ADMINISTRATOR)  # what a named account may hold

# Each action that changes the store -> the lowest role allowed to do it.
ACTIONS: dict[str, str] = {
    "import": IMPORTER,
    "withdraw": IMPORTER,
    "save_mappings": IMPORTER,
    "remove_mapping": ADMINISTRATOR,
    "geography": ADMINISTRATOR,
    "round": ADMINISTRATOR,
    "contact": ADMINISTRATOR,
    "event": ADMINISTRATOR,
    "account": ADMINISTRATOR,
}

# How a person came to act: signed in with OpenID Connect, with a named account, with the admin password, or
# the command line (whoever runs it holds the store's own credentials, so it acts as an administrator).
VIA = ("oidc", "account", "password", "command_line")
PASSWORD_ACCOUNT = "admin"  # the account SPRX_ADMIN_PASSWORD signs in as


@dataclass(frozen=True)
class Actor:
    """A person acting on the store: the name recorded, their role, how they signed in, their client address."""

    name: str
    role: str
    via: str = "command_line"
    address: str = ""

    def may(self, action: str) -> bool:
        """Whether this person's role allows ``action`` (one of :data:`ACTIONS`).

        >>> Actor("a@b.c", IMPORTER, "oidc").may("withdraw"), Actor("a@b.c", IMPORTER, "oidc").may("geography")
        (True, False)
        """
        return ROLES.index(self.role) >= ROLES.index(ACTIONS[action])


def command_line(name: str | None = None) -> Actor:
    """The person running the command line (``name``, else the server's account), as an administrator."""
    name = (name or "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "unknown"
    return Actor(name, ADMINISTRATOR, "command_line")


def actor_of(who: Actor | str | None) -> Actor:
    """``who`` as an actor: an actor as it is; a name (or nothing) is the command line's (see :func:`command_line`).

    The pages always pass an :class:`Actor` (see :mod:`sprx_map.ui.permissions`); a plain name is how the
    command line and scripts have always said who they are.
    """
    return who if isinstance(who, Actor) else command_line(who)


def higher(a: str, b: str) -> str:
    """The higher of two roles."""
    return a if ROLES.index(a) >= ROLES.index(b) else b


def entry(text: str) -> str:
    """One entry of a secrets list as it is compared: ``sub:...`` (a provider's own identifier) exactly as
    written, anything else (an e-mail, ``oid:TENANT/OBJECT``, a group) ignoring case.

    >>> entry(" sub:AbC "), entry("OID:T/O"), entry("Ann@Wales.nhs.uk")
    ('sub:AbC', 'oid:t/o', 'ann@wales.nhs.uk')
    """
    text = text.strip()
    if text[:4].lower() == "sub:":
        return "sub:" + text[4:].strip()
    return text.lower()


def _listed(secrets: Mapping, key: str) -> set[str]:
    values = secrets.get(key, [])
    if isinstance(values, str):  # one entry written without brackets
        values = [values]
    return {entry(str(v)) for v in values if str(v).strip()}


def role_from_secrets(secrets: Mapping, names: Iterable[str], groups: Iterable[str] = ()) -> str:
    """The role the secrets file gives a signed-in person: by one of the ``names`` they go by (see
    :func:`sprx_map.claims.identities`) or by group, compared as :func:`entry` says; else viewer.

    >>> role_from_secrets({"importers": ["A@b.wales"], "administrator_groups": ["hub"]}, ["a@B.wales"], ["x"])
    'importer'
    >>> role_from_secrets({"importers": ["a@b.wales"], "administrator_groups": ["hub"]}, ["a@b.wales"], ["hub"])
    'administrator'
    """
    names = {entry(str(n)) for n in names if str(n).strip()}
    groups = {entry(str(g)) for g in groups if str(g).strip()}
    role = VIEWER
    for chosen, people, named in (
        (IMPORTER, "importers", "importer_groups"),
        (ADMINISTRATOR, "administrators", "administrator_groups"),
    ):
        if (names & _listed(secrets, people)) or (groups & _listed(secrets, named)):
            role = chosen
    return role


def groups_of(secrets: Mapping, claims: Mapping) -> list[str]:
    """The groups a signed-in person's claims name, under the claim ``group_claim`` says (default ``groups``)."""
    found = claims.get(str(secrets.get("group_claim", "groups")), [])
    return [found] if isinstance(found, str) else [str(g) for g in (found or [])]


def access_mode(secrets: Mapping | None, has_accounts: bool, admin_password: str | None) -> str:
    """How people sign in: ``closed`` when the secrets file cannot be read (nobody may change anything),
    ``oidc`` when it configures OpenID Connect (``[auth]``), ``accounts`` with named accounts or
    ``SPRX_ADMIN_PASSWORD``, else ``off`` (the page validates; the command line imports).

    >>> access_mode(None, True, "pw"), access_mode({"auth": {}}, True, None), access_mode({}, False, "pw")
    ('closed', 'oidc', 'accounts')
    """
    if secrets is None:
        return "closed"
    if "auth" in secrets:
        return "oidc"
    return "accounts" if has_accounts or admin_password else "off"
