"""An unexpected error is said in words with a reference to quote; its details go to the server's log only."""

import logging
import re

import pytest

from sprx_map import store
from sprx_map.i18n import t
from tests.builders import REQUIRED_HEADER, as_read

from ..conftest import workbook_bytes

DETAILS = "password=hunter2 at /srv/sprx/secret.sqlite"


@pytest.fixture
def words_not_tracebacks(monkeypatch):
    monkeypatch.setenv("SPRX_ERROR_DETAILS", "0")


def _reference(text: str) -> str:
    return re.search(r": ([0-9a-f]{8})\.$", text).group(1)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_an_error_in_a_page_is_said_in_words_and_logged(run_page, own_store, monkeypatch, words_not_tracebacks,
                                                           caplog, lang):  # fmt: skip
    def broken(engine):
        raise RuntimeError(DETAILS)

    monkeypatch.setattr(store, "history", broken)
    with caplog.at_level(logging.ERROR, logger="sprx_map"):
        at = run_page("pages/intake.py", lang=lang)
    assert not at.exception
    said = as_read(at.error[-1].value)
    assert said == t("app.error", lang, reference=_reference(said))
    assert DETAILS not in " ".join(e.value for e in at.main.error)
    logged = [r for r in caplog.records if r.getMessage() == f"error {_reference(said)} in intake"]
    assert len(logged) == 1 and DETAILS in str(logged[0].exc_info[1])
    assert at.title[0].value == t("intake.title", lang)  # the page drawn up to where it failed


def test_an_error_in_a_button_is_said_in_words_on_the_next_run(run_page, own_store, monkeypatch, words_not_tracebacks,
                                                                  caplog, sign_in):  # fmt: skip
    def broken(*args, **kwargs):
        raise RuntimeError(DETAILS)

    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    row = ["Walk and Talk", "Powys Walkers", "Powys", "Mid Powys", "current", "physical activity and sport"]
    at = run_page("pages/intake.py")
    at.get("file_uploader")[0].upload("powys.xlsx", workbook_bytes([row], REQUIRED_HEADER)).run()
    sign_in(at)
    at.text_input(key="intake_round").set_value("2030-01").run()
    monkeypatch.setattr(store, "import_reports", broken)
    with caplog.at_level(logging.ERROR, logger="sprx_map"):
        next(b for b in at.button if b.key == "intake_go").click().run()
    assert not at.exception
    said = as_read(at.error[0].value)
    assert said == t("app.error", reference=_reference(said))
    logged = [r.getMessage() for r in caplog.records if r.name == "sprx_map"]
    assert logged == [f"error {_reference(said)} in _import_uploads"]
    at.run()
    assert not at.error  # said once


def test_the_shipped_configuration_shows_no_error_details():
    import tomllib

    from sprx_map import PROJECT_DIR

    config = tomllib.loads((PROJECT_DIR / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
