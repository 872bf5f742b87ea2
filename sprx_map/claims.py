"""What an OpenID Connect sign-in says about a person (the claims in ``st.user``): who they are, by something
the provider vouches for, and whether the sign-in is recent enough to trust.

People are listed in the secrets file (``importers``, ``administrators``) in one of three forms:

- ``someone@wales.nhs.uk``: matches only when the provider says the address is verified
  (``email_verified`` true); anyone can type an address into some providers' profiles;
- ``sub:VALUE``: the provider's own identifier of the person (the ``sub`` claim), never reused;
- ``oid:TENANT/OBJECT``: Microsoft Entra ID's object id of the person in their tenant (``tid`` and
  ``oid``). Entra ID does not verify the ``email`` claim, so list its people this way (or by group).

A sign-in is trusted for ``SPRX_SIGN_IN_HOURS`` from when the provider issued it (``iat``); after that the
person is asked to sign in again, however long Streamlit keeps its cookie.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sprx_map import roles

SUB, OID = "sub:", "oid:"


def _verified(claims: Mapping) -> bool:
    flag = claims.get("email_verified")
    return flag is True or (isinstance(flag, str) and flag.strip().lower() == "true")  # some send it as text


def identities(claims: Mapping) -> set[str]:
    """The entries of a secrets list that name this person: ``sub:``, ``oid:TID/OID`` and (verified only) e-mail.

    >>> sorted(identities({"sub": "x1", "email": "Ann@Wales.nhs.uk", "email_verified": True}))
    ['ann@wales.nhs.uk', 'sub:x1']
    >>> sorted(identities({"sub": "x1", "email": "ann@wales.nhs.uk", "tid": "T", "oid": "O"}))
    ['oid:t/o', 'sub:x1']
    """
    found = set()
    if str(claims.get("sub") or "").strip():
        found.add(SUB + str(claims["sub"]).strip())
    tid, oid = (str(claims.get(name) or "").strip() for name in ("tid", "oid"))
    if tid and oid:
        found.add(roles.entry(f"{OID}{tid}/{oid}"))  # GUIDs: compared ignoring case
    email = str(claims.get("email") or "").strip()
    if email and _verified(claims):
        found.add(roles.entry(email))
    return found


def role(secrets: Mapping, claims: Mapping) -> str:
    """The role the secrets file gives the person these claims describe (see :func:`roles.role_from_secrets`).

    >>> role({"importers": ["ann@wales.nhs.uk"]}, {"sub": "1", "email": "ann@wales.nhs.uk"})
    'viewer'
    >>> role({"importers": ["ann@wales.nhs.uk"]}, {"sub": "1", "email": "ann@wales.nhs.uk", "email_verified": True})
    'importer'
    """
    return roles.role_from_secrets(secrets, identities(claims), roles.groups_of(secrets, claims))


def name(claims: Mapping) -> str:
    """The name recorded for what this person does: their e-mail, else their user name, else ``sub:...``."""
    for key in ("email", "preferred_username"):
        if str(claims.get(key) or "").strip():
            return str(claims[key]).strip()
    return SUB + str(claims.get("sub") or "?")


def too_old(claims: Mapping, now: dt.datetime, hours: int) -> bool:
    """Whether the sign-in these claims record was issued (``iat``) more than ``hours`` before ``now``.

    Claims without a usable ``iat`` count as too old: every ID token carries one, so its absence is not
    something to trust.

    >>> now = dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC)
    >>> issued = now.timestamp() - 12 * 3600
    >>> too_old({"iat": issued}, now, 12), too_old({"iat": issued - 1}, now, 12)
    (False, True)
    """
    issued = claims.get("iat")
    if isinstance(issued, bool) or not isinstance(issued, int | float):
        return True
    return now.timestamp() - issued > hours * 3600
