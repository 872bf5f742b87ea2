"""AppTest helpers: run the real app (app.py routing to a page) with given URL parameters."""

import pytest
from streamlit.testing.v1 import AppTest

from sprx_map import PROJECT_DIR, store

APP = str(PROJECT_DIR / "app.py")
GOOD = "correct horse battery"  # the password of the named accounts below


@pytest.fixture
def run_page():
    """Run the app on ``page`` (a file under pages/) with optional URL query parameters."""

    def run(page: str = "pages/overview.py", **params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page != "pages/overview.py":
            at.switch_page(page).run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    return run


@pytest.fixture
def metrics_of():
    """The page's headline figures as {label: shown value}."""
    return lambda at: {m.label: m.value for m in at.metric}


@pytest.fixture
def sidebar_widget():
    """A sidebar filter by its label."""
    return lambda at, label: next(w for w in at.sidebar.multiselect if w.label == label)


@pytest.fixture
def own_store(tmp_path, monkeypatch):
    """A store for this test alone; the app's cached data and engine are dropped before and after."""
    from sprx_map.ui import shared_view
    from sprx_map.ui.loaders import forget_store

    monkeypatch.setenv("SPRX_DATABASE_URL", f"sqlite:///{tmp_path / 'own.sqlite'}")
    shared_view.forget()  # first: it waits for warming still running, which could cache the old store again
    forget_store()
    yield f"sqlite:///{tmp_path / 'own.sqlite'}"
    shared_view.forget()
    forget_store()


@pytest.fixture
def sign_in():
    """Sign in on the Data intake page with a name and password (by default the admin password's account)."""

    def sign(at: AppTest, name: str = "admin", password: str = "s3cret") -> AppTest:
        at.text_input(key="signin_name").set_value(name)
        at.text_input(key="signin_password").set_value(password)
        next(b for b in at.button if b.key.startswith("FormSubmitter:signin_form")).click().run()
        return at

    return sign


@pytest.fixture
def accounts(own_store, monkeypatch):
    """A store with an importer ``ann`` and an administrator ``lead`` (password ``GOOD``); no admin password."""
    monkeypatch.delenv("SPRX_ADMIN_PASSWORD", raising=False)
    engine = store.connect(own_store)
    store.add_account(engine, "ann", "importer", GOOD, who="hub")
    store.add_account(engine, "lead", "administrator", GOOD, who="hub")
    yield engine
    engine.dispose()
