"""Errors in words: a page or a button that meets an unexpected error says so in the reader's language,
with a reference to quote; the details (traceback, paths, SQL) go to the server's log, never to the page.

A refusal (:class:`~sprx_map.messages.Refusal`, such as a store error) is the person's to act on, so it is
shown in words as it is. ``SPRX_ERROR_DETAILS=1`` raises instead, for development and tests.

A store that cannot be reached (its server down or restarting, the connection lost) is no fault of the page:
wherever it is met, the page says so in words with a button to try again, and shows again as soon as the store
is back (the loaders keep nothing from a failed read; PostgreSQL's pool checks a connection before using it).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import secrets
from collections.abc import Iterator

import sqlalchemy as sa
import streamlit as st

from sprx_map.i18n import t
from sprx_map.messages import Refusal, markdown_escaped

LOG = logging.getLogger("sprx_map")
PENDING = "app_errors"  # session key: errors met by a button's callback, shown on the run that follows
DOWN = "store-down"  # a pending error: the store could not be reached


def _raising() -> bool:
    from sprx_map.settings import value

    return bool(value("SPRX_ERROR_DETAILS"))


def logged(exc: BaseException, where: str) -> str:
    """Log ``exc`` with its traceback under a new reference, and return the reference (to show people)."""
    reference = secrets.token_hex(4)
    LOG.log(logging.ERROR, "error %s in %s", reference, where, exc_info=exc)
    return reference


def in_words(error: Refusal | str, lang: str) -> str:
    """What a person reads: a refusal's own words, that the store is down, or an unexpected error's message with
    its reference."""
    if isinstance(error, Refusal):
        return error.message(lang, markdown_escaped)
    if error is DOWN:
        return t("app.store_down", lang)
    return t("app.error", lang, reference=error)


def unreachable(exc: BaseException) -> bool:
    """Whether ``exc`` says the store could not be reached (refused, dropped, restarting), not that a query was
    wrong: SQLAlchemy's OperationalError, or any database error after which it dropped the connection."""
    return isinstance(exc, sa.exc.OperationalError) or (
        isinstance(exc, sa.exc.DBAPIError) and exc.connection_invalidated
    )


def store_down(exc: BaseException, lang: str) -> None:
    """Say that the store cannot be reached just now, with a button to try again (the details go to the log)."""
    LOG.warning("the store cannot be reached: %s", str(exc).splitlines()[0])
    st.error(t("app.store_down", lang))
    st.button(t("app.store_retry", lang), key="app_store_retry")


@contextlib.contextmanager
def store_reached(lang: str) -> Iterator[None]:
    """Run the block; when it cannot reach the store, say so (:func:`store_down`) and end this run there."""
    try:
        yield
    except Exception as exc:
        if not unreachable(exc):
            raise
        store_down(exc, lang)
        st.stop()


def guarded(callback):
    """A button's callback that, on an error, keeps it for :func:`show_pending` instead of ending the run."""

    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except Refusal as refusal:
            st.session_state.setdefault(PENDING, []).append(refusal)
        except Exception as exc:
            if unreachable(exc):
                LOG.warning("the store cannot be reached: %s", str(exc).splitlines()[0])
                st.session_state.setdefault(PENDING, []).append(DOWN)
                return None
            if _raising():
                raise
            st.session_state.setdefault(PENDING, []).append(logged(exc, callback.__qualname__))
        return None

    return run


def show_pending(lang: str) -> None:
    """Show, once, the errors the last callbacks met."""
    for error in st.session_state.pop(PENDING, []):
        st.error(in_words(error, lang))


def run_page(page, lang: str) -> None:
    """Run ``page``; an unexpected error is logged and said in words where the page stopped."""
    try:
        page.run()
    except Exception as exc:
        if unreachable(exc):
            store_down(exc, lang)
            return
        if _raising():
            raise
        st.error(in_words(logged(exc, getattr(page, "url_path", "") or "page"), lang))
