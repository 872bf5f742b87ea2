"""Who is acting on this page, with what role: signed in with OpenID Connect, with a named account or the admin
password, or nobody (a viewer). Worked out afresh on every call, so a callback re-checks a person removed from a
list or an account since the page was drawn; the store checks the role again where it changes anything."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from sprx_map import claims, roles


class Keys:
    """Session keys of signing in."""

    SIGNED_IN = "signin_account"  # {"name": ..., "last_seen": datetime} for a named account or the admin password
    NAME = "signin_name"
    PASSWORD = "signin_password"
    RESULT = "signin_result"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def secrets() -> dict | None:
    """The secrets file as a dict; {} when there is none; None when there is one that cannot be read, so that
    nobody may change anything (failing closed rather than falling back to the password)."""
    from streamlit import config

    try:
        return st.secrets.to_dict()
    except Exception:
        present = [p for p in config.get_option("secrets.files") if Path(p).exists()]
        return None if present else {}


def client_address() -> str:
    """The client's address: the peer's, or (when the peer is this machine, the balancer in front of the
    replicas) the last address the balancer added to ``X-Forwarded-For``, which a client cannot forge."""
    try:
        peer = st.context.ip_address
        forwarded = st.context.headers.get("X-Forwarded-For") if peer in (None, "127.0.0.1", "::1") else None
    except Exception:  # no request behind this run (a test, a script): no address known
        peer, forwarded = None, None
    peer = peer if isinstance(peer, str) else ""
    if isinstance(forwarded, str) and forwarded.strip():
        return forwarded.split(",")[-1].strip()[:100]
    return peer or "local"


def mode() -> str:
    """How people sign in here (see :func:`sprx_map.roles.access_mode`)."""
    from sprx_map import store
    from sprx_map.settings import value
    from sprx_map.ui.loaders import store_engine

    found = secrets()
    has_accounts = found is not None and "auth" not in found and not store.accounts(store_engine()).empty
    return roles.access_mode(found, has_accounts, value("SPRX_ADMIN_PASSWORD"))


def actor(now: dt.datetime | None = None) -> roles.Actor:
    """The person using this session now, with the role they hold now (a viewer when not signed in or not on a
    list); a named-account session left idle longer than ``SPRX_SESSION_IDLE_MINUTES`` is signed out, and an
    OpenID Connect sign-in issued more than ``SPRX_SIGN_IN_HOURS`` ago counts for nothing."""
    from sprx_map import store
    from sprx_map.settings import value
    from sprx_map.ui.loaders import store_engine

    now = now or _now()
    address = client_address()
    nobody = roles.Actor("", roles.VIEWER, "", address)
    how = mode()
    if how in ("closed", "off"):
        return nobody
    if how == "oidc":
        if not getattr(st.user, "is_logged_in", False):
            return nobody
        found = st.user.to_dict()
        if claims.too_old(found, now, value("SPRX_SIGN_IN_HOURS")):  # sign_in_form asks them to sign in again
            return nobody
        return roles.Actor(claims.name(found), claims.role(secrets() or {}, found), "oidc", address)
    signed = st.session_state.get(Keys.SIGNED_IN)
    if not signed:
        return nobody
    idle = dt.timedelta(minutes=value("SPRX_SESSION_IDLE_MINUTES"))
    if now - signed["last_seen"] > idle:
        st.session_state.pop(Keys.SIGNED_IN, None)
        st.session_state[Keys.RESULT] = ("info", "signin.expired", {"minutes": value("SPRX_SESSION_IDLE_MINUTES")})
        return nobody
    signed["last_seen"] = now
    if signed["name"] == roles.PASSWORD_ACCOUNT:  # still the admin password's, while it is set
        role = roles.ADMINISTRATOR if value("SPRX_ADMIN_PASSWORD") else None
    else:
        role = store.account_role(store_engine(), signed["name"])
    if role is None:  # the account was removed, or the password unset, since signing in
        st.session_state.pop(Keys.SIGNED_IN, None)
        return nobody
    via = "password" if signed["name"] == roles.PASSWORD_ACCOUNT else "account"
    return roles.Actor(signed["name"], role, via, address)


def sign_in_form(lang: str) -> roles.Actor:
    """What this person may do, and the means to sign in or out: OpenID Connect's buttons, or a name and
    password. Returns the person acting (see :func:`actor`)."""
    from sprx_map.i18n import t
    from sprx_map.settings import value

    how = mode()
    person = actor()
    shown = st.session_state.pop(Keys.RESULT, None)
    if shown:
        kind, key, values = shown
        {"error": st.error, "info": st.info, "ok": st.success}[kind](t(key, lang, **values))
    if how == "closed":
        st.error(t("signin.closed", lang))
    elif how == "off":
        st.info(t("intake.off", lang))
    elif how == "oidc":
        signed_in = getattr(st.user, "is_logged_in", False)
        if signed_in and person.via != "oidc":  # signed in too long ago (see actor)
            st.info(t("signin.again", lang, hours=value("SPRX_SIGN_IN_HOURS")))
        if person.via != "oidc":
            st.button(t("intake.sign_in", lang), on_click=st.login, key="signin_oidc")
        else:
            if person.role == roles.VIEWER:
                st.warning(t("intake.not_allowed", lang, email=person.name))
            st.button(t("signin.sign_out", lang), on_click=st.logout, key="signin_out")
    elif person.role == roles.VIEWER:
        with st.form("signin_form", clear_on_submit=True, enter_to_submit=True):
            st.text_input(t("signin.name", lang), key=Keys.NAME)
            st.text_input(t("signin.password", lang), type="password", key=Keys.PASSWORD)
            st.form_submit_button(t("signin.button", lang), on_click=_sign_in)
    else:
        st.caption(t("signin.as", lang, name=person.name, role=t(f"roles.role.{person.role}", lang)))
        st.button(t("signin.sign_out", lang), on_click=_sign_out, key="signin_out")
    if person.via == "password":
        st.warning(t("signin.shared_password", lang))
    return person


def _sign_in() -> None:
    from sprx_map import store, throttle
    from sprx_map.settings import value
    from sprx_map.ui.loaders import store_engine

    state, now = st.session_state, _now()
    name, password = (state.get(Keys.NAME) or "").strip(), state.get(Keys.PASSWORD) or ""
    outcome = store.sign_in(store_engine(), name, password, client_address(), now, value("SPRX_ADMIN_PASSWORD"))
    if isinstance(outcome, roles.Actor):
        state[Keys.SIGNED_IN] = {"name": outcome.name, "last_seen": now}
    elif outcome is None:
        state[Keys.RESULT] = ("error", "signin.wrong", {})
    else:
        state[Keys.RESULT] = ("error", "signin.wait", {"minutes": throttle.minutes(outcome)})


def _sign_out() -> None:
    st.session_state.pop(Keys.SIGNED_IN, None)


def may(action: str) -> roles.Actor | None:
    """The person acting, when their role allows ``action`` now; else None (for callbacks to re-check)."""
    person = actor()
    return person if person.may(action) else None


def importer() -> roles.Actor | None:
    """The person acting, when they may import; else None."""
    return may("import")
