"""Signing in on the Data intake page with a named account: roles, the brake, idle sessions, re-checked callbacks."""

import datetime as dt

import pytest

from sprx_map import store
from sprx_map.ui.permissions import Keys
from tests.builders import REQUIRED_HEADER

from ..conftest import workbook_bytes
from .conftest import GOOD

POWYS = "W11000024"
ROW = ["Walk and Talk", "Powys Walkers", "Powys Teaching HB", "Mid Powys", "current", "physical activity and sport"]


def _import(at, round_label: str = "2024-01"):
    at.text_input(key="intake_round").set_value(round_label).run()
    next(b for b in at.button if b.label == "Import the accepted rows").click().run()
    return at


def _upload(at):
    at.get("file_uploader")[0].upload("powys.xlsx", workbook_bytes([ROW], REQUIRED_HEADER)).run()
    return at


def test_an_importer_signs_in_by_name_and_the_import_records_the_name(run_page, accounts, sign_in):
    at = _upload(run_page("pages/intake.py"))
    assert "Import the accepted rows" not in [b.label for b in at.button]
    assert at.info[0].value == (
        "Sign in with an account allowed to import (at the top of this page) to import returns."
    )
    sign_in(at, "ann", GOOD)
    assert at.caption[0].value == "Signed in as ann (importer)."
    assert at.warning == []  # no shared password: no warning
    _import(at)
    assert store.history(accounts)["imported_by"].tolist()[0] == "ann"
    assert "geo_use" not in [b.key for b in at.button]  # the geography in use is for administrators
    next(b for b in at.button if b.key == "signin_out").click().run()
    assert [t.key for t in at.text_input][:2] == ["signin_name", "signin_password"]


def test_staff_names_and_reasons_are_shown_only_to_those_who_may_import(run_page, accounts, sign_in):
    at = _upload(run_page("pages/intake.py"))
    sign_in(at, "ann", GOOD)
    _import(at)
    store.withdraw(accounts, "2024-01", POWYS, "sent twice", who="hub")
    at.run()
    staff = ["By", "Withdrawn by", "Why withdrawn"]
    history = next(d.value for d in at.dataframe if "SHA-256" in d.value.columns)
    assert history.iloc[0][staff].tolist() == ["ann", "hub", "sent twice"]
    next(b for b in at.button if b.key == "signin_out").click().run()
    viewer = run_page("pages/intake.py")
    columns = [set(d.value.columns) for d in viewer.dataframe]
    assert all(not (set(staff) & c) for c in columns)
    assert any("SHA-256" in c for c in columns)  # the history is there, without them


def test_wrong_passwords_make_the_page_wait_even_for_the_right_one(run_page, accounts, sign_in):
    at = run_page("pages/intake.py")
    for _ in range(4):
        sign_in(at, "ann", "guess")
        assert at.error[0].value == "That account name or password is not right."
    sign_in(at, "ann", "guess")
    sign_in(at, "ann", GOOD)
    assert at.error[0].value == "Too many wrong passwords: wait 1 minute, then try again."
    assert Keys.SIGNED_IN not in at.session_state
    assert store.audit(accounts, auth=True)["action"].tolist()[-1] == "sign_in_waiting"


def test_an_idle_session_must_sign_in_again(run_page, accounts, sign_in):
    at = run_page("pages/intake.py")
    sign_in(at, "lead", GOOD)
    assert at.caption[0].value == "Signed in as lead (administrator)."
    at.session_state[Keys.SIGNED_IN]["last_seen"] -= dt.timedelta(minutes=31)
    at.run()
    assert at.info[0].value == "You were signed out after 30 minutes without use: sign in again."
    assert Keys.SIGNED_IN not in at.session_state


def test_a_removed_account_is_refused_by_the_button_already_on_its_screen(run_page, accounts, sign_in):
    at = _upload(run_page("pages/intake.py"))
    sign_in(at, "ann", GOOD)
    at.text_input(key="intake_round").set_value("2024-01").run()
    store.remove_account(accounts, "ann", who="hub")
    next(b for b in at.button if b.label == "Import the accepted rows").click().run()
    assert "2024-01" not in store.history(accounts)["round"].tolist()
    assert [b.key for b in at.button if b.key == "signin_out"] == []  # signed out: the account is gone


def test_the_shared_admin_password_is_the_administrator_admin_with_a_warning_in_welsh(run_page, own_store, sign_in,
                                                                                      monkeypatch):  # fmt: skip
    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    at = run_page("pages/intake.py", lang="cy")
    sign_in(at)
    assert at.caption[0].value == "Wedi mewngofnodi fel admin (gweinyddwr)."
    assert at.warning[0].value.startswith("Rydych wedi mewngofnodi gyda chyfrinair a rennir y gweinyddwr")


@pytest.fixture
def secrets_file(tmp_path, monkeypatch):
    """Point Streamlit's secrets at a file of this test's (written by the test), read afresh."""
    import streamlit as st
    from streamlit import config

    path = tmp_path / "secrets.toml"
    monkeypatch.setattr(config, "get_option", lambda key, _get=config.get_option: (
        [str(path)] if key == "secrets.files" else _get(key)))  # fmt: skip
    st.secrets._reset()
    yield path
    st.secrets._reset()


def test_a_secrets_file_that_cannot_be_read_closes_every_change(secrets_file):
    from sprx_map.ui import permissions

    assert permissions.secrets() == {}  # no file: nothing configured
    secrets_file.write_text('importers = ["a@b.wales"\n', encoding="utf-8")  # broken TOML
    assert permissions.secrets() is None
    secrets_file.write_text('importers = ["a@b.wales"]\n', encoding="utf-8")
    import streamlit as st

    st.secrets._reset()
    assert permissions.secrets() == {"importers": ["a@b.wales"]}


def test_with_the_secrets_unreadable_nobody_may_sign_in_even_with_the_password(run_page, own_store, monkeypatch):
    from sprx_map.ui import permissions

    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    monkeypatch.setattr(permissions, "secrets", lambda: None)
    at = _upload(run_page("pages/intake.py"))
    assert at.error[0].value.startswith("The secrets file (.streamlit/secrets.toml) cannot be read")
    assert [t.key for t in at.text_input if t.key in ("signin_name", "signin_password")] == []
    assert "Import the accepted rows" not in [b.label for b in at.button]
