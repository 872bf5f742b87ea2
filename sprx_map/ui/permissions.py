"""Who may change the store: signed-in Hub staff on the allow list, or whoever gives the admin password."""

from __future__ import annotations

import streamlit as st


def permission(password_key: str = "intake_password"):
    """Who may import here (see :func:`sprx_map.intake.permission`)."""
    from sprx_map import intake
    from sprx_map.settings import value

    try:
        oidc = "auth" in st.secrets
        allow_list = list(st.secrets.get("importers", []))
    except Exception:  # no secrets file at all
        oidc, allow_list = False, []
    email = getattr(st.user, "email", None) if oidc and getattr(st.user, "is_logged_in", False) else None
    return intake.permission(
        oidc_configured=oidc,
        user_email=email,
        allow_list=allow_list,
        password=value("SPRX_ADMIN_PASSWORD"),
        password_given=st.session_state.get(password_key) or None,
    ), email


def importer(password_key: str = "intake_password") -> str | None:
    """Who is importing, when this person may import (their e-mail, or the admin password's name); else None."""
    allowed, email = permission(password_key)
    return (email or "app (admin password)") if allowed.allowed else None
