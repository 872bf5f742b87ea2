"""Settings: declared once, documented in docs/running.md, read in one module."""

import re

import pytest

from sprx_map import PROJECT_DIR, settings


def test_the_running_guide_lists_every_setting_and_only_those():
    text = (PROJECT_DIR / "docs" / "running.md").read_text(encoding="utf-8")
    table = text.split("## Settings", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `(SPRX_[A-Z_]+)` \|", table, flags=re.M)
    assert listed == [s.name for s in settings.SETTINGS]


def test_the_readme_and_the_docs_name_no_other_setting():
    pages = [PROJECT_DIR / "README.md", *sorted((PROJECT_DIR / "docs").glob("*.md"))]
    assert PROJECT_DIR / "docs" / "running.md" in pages
    named = {name for page in pages for name in re.findall(r"SPRX_[A-Z_]+", page.read_text(encoding="utf-8"))}
    assert "SPRX_DATABASE_URL" in named
    assert named <= set(settings.BY_NAME), named - set(settings.BY_NAME)


def test_no_other_module_reads_an_sprx_variable():
    readers = [
        path.relative_to(PROJECT_DIR).as_posix()
        for path in (PROJECT_DIR / "sprx_map").rglob("*.py")
        if re.search(r"os\.environ[^\n]*SPRX_|getenv\([^\n]*SPRX_", path.read_text(encoding="utf-8"))
    ]
    assert readers == []


def test_values_are_parsed_and_wrong_ones_say_what_to_write(monkeypatch):
    assert settings.value("SPRX_SUPPRESSION_THRESHOLD") == 5
    monkeypatch.setenv("SPRX_SUPPRESSION_THRESHOLD", "10")
    assert settings.value("SPRX_SUPPRESSION_THRESHOLD") == 10
    monkeypatch.setenv("SPRX_SUPPRESSION_THRESHOLD", "five")
    with pytest.raises(settings.SettingError, match="use a whole number such as 5") as wrong:
        settings.value("SPRX_SUPPRESSION_THRESHOLD")
    assert wrong.value.message("cy") == "SPRX_SUPPRESSION_THRESHOLD='five': defnyddiwch rif cyfan, er enghraifft 5."
    monkeypatch.setenv("SPRX_MAX_UPLOAD_MB", "0.5")
    assert settings.value("SPRX_MAX_UPLOAD_MB") == 0.5
    monkeypatch.setenv("SPRX_REQUIRE_BROWSER", "1")
    assert settings.value("SPRX_REQUIRE_BROWSER") is True
