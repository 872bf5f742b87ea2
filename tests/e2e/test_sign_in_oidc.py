"""Signing in with OpenID Connect, end to end: the app (st.login, Authlib) against a real OpenID Connect provider
on loopback (oidc-provider-mock), in Chromium. Someone on the importers list signs in, imports a return and the
history records their e-mail, then signs out; someone not on the list is refused; a tampered identity cookie,
one past Streamlit's cookie lifetime, and one whose sign-in is older than SPRX_SIGN_IN_HOURS are not accepted."""

from __future__ import annotations

import json
import secrets
import time

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from sprx_map import store
from tests.builders import REQUIRED_HEADER

from ..conftest import workbook_bytes
from .conftest import (
    PATIENCE,
    _free_port,
    _unavailable,
    open_page,
    start_app,
    wait_healthy,
    wait_idle,
    wait_until_quiet,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    # The test provider calls Authlib interfaces that Authlib says will change: the provider's concern, not the
    # app's. (Authlib's own AuthlibDeprecationWarning shows all the same: importing Authlib puts an "always"
    # filter for it ahead of pytest's.)
    pytest.mark.filterwarnings("ignore::DeprecationWarning:authlib"),
]

IMPORTER = {"sub": "ann-7f3a", "email": "ann.jones@wales.nhs.uk", "email_verified": True}
STRANGER = {"sub": "sam-91c2", "email": "sam@example.org", "email_verified": True}
COOKIE = "_streamlit_user"  # Streamlit's signed identity cookie
# The provider's own pages style themselves from a CDN; the app's pages must reach nothing outside.
PROVIDER_STYLESHEET = "https://cdn.jsdelivr.net/npm/@picocss/"


@pytest.fixture(scope="module")
def provider(chromium_path):
    try:
        from oidc_provider_mock import User, run_server_in_thread
    except ImportError:
        _unavailable("the oidc-provider-mock package is not installed (make test installs requirements-dev.txt)")

    people = [User(sub=p["sub"], claims={k: v for k, v in p.items() if k != "sub"}) for p in (IMPORTER, STRANGER)]
    with run_server_in_thread(user_claims=people) as server:
        yield f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="module")
def app(provider, tmp_path_factory):
    """The app with sign-in configured against ``provider``, on a store of its own: (address, store URL, cookie
    secret)."""
    folder = tmp_path_factory.mktemp("oidc")
    port, cookie_secret = _free_port(), secrets.token_urlsafe(32)
    address, url = f"http://127.0.0.1:{port}", f"sqlite:///{folder / 'store.sqlite'}"
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        f"""importers = ["{IMPORTER["email"]}"]

[auth]
redirect_uri = "{address}/oauth2callback"
cookie_secret = "{cookie_secret}"
client_id = "sprx-map-tests"
client_secret = "{secrets.token_urlsafe(16)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""",
        encoding="utf-8",
    )
    process = start_app(port, {"SPRX_DATABASE_URL": url, "STREAMLIT_SECRETS_FILES": str(secrets_file)})
    try:
        wait_healthy(address)
        wait_until_quiet(process, timeout=PATIENCE / 1000)
        yield address, url, cookie_secret
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def page(page):
    """A fresh browser that may reach only this machine, except that the provider's own pages may ask for their
    stylesheet (blocked all the same, and not held against the app)."""
    yield page
    page.offline.blocked[:] = [url for url in page.offline.blocked if not url.startswith(PROVIDER_STYLESHEET)]


def _sign_in(page, address: str, person: dict) -> None:
    """Sign in on the intake page as ``person`` (chosen on the provider's page), and open the intake page again."""
    open_page(page, address + "/intake")
    page.get_by_role("button", name="Sign in to import").click()
    page.get_by_role("button", name=person["sub"]).click(timeout=PATIENCE)  # the provider's page
    page.wait_for_url(address + "/", timeout=PATIENCE)  # Streamlit sends the browser home once signed in
    wait_idle(page)  # home is connected and drawn: its socket cannot be taken for the next page's
    open_page(page, address + "/intake")


def _identity(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == COOKIE)


def _signed(cookie_secret: str, claims: dict, days_ago: int = 0) -> str:
    """``claims`` as Streamlit signs its identity cookie (itsdangerous), as if signed ``days_ago`` days ago."""
    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    class Backdated(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - days_ago * 86400

    return URLSafeTimedSerializer(cookie_secret, salt=COOKIE, signer=Backdated).dumps(json.dumps(claims))


def _replace_identity(page, address: str, value: str) -> None:
    page.context.add_cookies([{"name": COOKIE, "value": value, "url": address + "/", "httpOnly": True}])


def test_an_importer_signs_in_imports_and_the_history_records_their_email_then_signs_out(page, app, tmp_path):
    address, url, _ = app
    _sign_in(page, address, IMPORTER)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible(timeout=PATIENCE)
    path = tmp_path / "powys-2029-03.xlsx"
    row = ["Walk and Talk", "Powys Walkers", "Powys", "Mid Powys", "current", "walking"]
    path.write_bytes(workbook_bytes([row], REQUIRED_HEADER))
    page.locator("input[type=file]").first.set_input_files(str(path))
    page.get_by_label("Survey round (e.g. 2017-02)").fill("2029-03")
    page.get_by_label("Survey round (e.g. 2017-02)").press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Import the accepted rows").click()
    page.wait_for_selector("text=in round 2029-03", timeout=PATIENCE)
    wait_idle(page)
    history = page.locator("[data-testid=stDataFrame]").last  # the history, last table on the page
    history.locator(".dvn-scroller").evaluate("grid => { grid.scrollLeft = grid.scrollWidth; }")  # to "Imported by"
    shown = history.locator("td", has_text=IMPORTER["email"])  # the grid's cells for screen readers
    shown.first.wait_for(state="attached", timeout=PATIENCE)
    rows = shown.evaluate_all("cells => cells.map(c => c.closest('tr').getAttribute('aria-rowindex'))")
    assert rows == ["2"]  # once, in the first row under the headings: the newest submission, this one
    history = store.history(sa.create_engine(url))
    imported = history[history["round"] == "2029-03"]
    assert imported[["hb_code", "file_name", "imported_by"]].values.tolist() == [
        ["W11000024", "powys-2029-03.xlsx", IMPORTER["email"]]
    ]

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="End session").click(timeout=PATIENCE)  # the provider's page
    page.wait_for_url(address + "/", timeout=PATIENCE)
    wait_idle(page)
    assert COOKIE not in [c["name"] for c in page.context.cookies()]
    open_page(page, address + "/intake")
    expect(page.get_by_role("button", name="Sign in to import")).to_be_visible(timeout=PATIENCE)
    assert page.get_by_role("button", name="Import the accepted rows").count() == 0


def test_someone_signed_in_but_not_on_the_list_is_refused(page, app):
    address, _, _ = app
    _sign_in(page, address, STRANGER)
    refusal = f"You are signed in as {STRANGER['email']}, who is not on the list of people who may import."
    expect(page.get_by_text(refusal)).to_be_visible(timeout=PATIENCE)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible(timeout=PATIENCE)
    assert page.locator("input[type=file]").count() == 1  # they may still check a return
    assert page.get_by_role("button", name="Import the accepted rows").count() == 0


def test_a_tampered_expired_or_too_old_identity_cookie_is_not_accepted(page, app):
    from itsdangerous import URLSafeTimedSerializer

    address, _, cookie_secret = app
    _sign_in(page, address, IMPORTER)
    signed = _identity(page)
    claims = json.loads(URLSafeTimedSerializer(cookie_secret, salt=COOKIE).loads(signed))
    assert (claims["email"], claims["origin"], claims["is_logged_in"]) == (IMPORTER["email"], address, True)
    assert abs(claims["iat"] - time.time()) < 600  # the provider's issued-at, carried in the cookie

    # The same cookie claiming someone else: its signature no longer fits, so nobody is signed in.
    _, stamp, signature = signed.rsplit(".", 2)  # itsdangerous: payload.timestamp.signature
    other = _signed(cookie_secret, {**claims, "email": "x@y.wales"}).rsplit(".", 2)[0]
    _replace_identity(page, address, ".".join([other, stamp, signature]))
    open_page(page, address + "/intake")
    expect(page.get_by_role("button", name="Sign in to import")).to_be_visible(timeout=PATIENCE)
    assert page.get_by_role("button", name="Sign out").count() == 0

    # Rightly signed with a fresh sign-in, but the cookie is 32 days old: past Streamlit's 30 days (and its
    # day's grace), so nobody is signed in, and nothing says "sign in again" as if they still were.
    _replace_identity(page, address, _signed(cookie_secret, {**claims, "iat": int(time.time())}, days_ago=32))
    open_page(page, address + "/intake")
    expect(page.get_by_role("button", name="Sign in to import")).to_be_visible(timeout=PATIENCE)
    assert page.get_by_role("button", name="Sign out").count() == 0
    assert page.get_by_text("since you signed in").count() == 0

    # Rightly signed today, but the sign-in was issued 12 hours and a minute ago: asked to sign in again.
    _replace_identity(page, address, _signed(cookie_secret, {**claims, "iat": int(time.time()) - 12 * 3600 - 60}))
    open_page(page, address + "/intake")
    expect(page.get_by_text("It is more than 12 hours since you signed in: sign in again to import.")).to_be_visible(
        timeout=PATIENCE
    )
    expect(page.get_by_role("button", name="Sign in to import")).to_be_visible(timeout=PATIENCE)
    assert page.get_by_role("button", name="Import the accepted rows").count() == 0
