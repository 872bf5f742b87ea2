"""The intake's column step in a real browser: upload a return laid out a board's own way, change how a
heading was read, and see the report read again."""

import pytest

from tests.builders import OWN_WORDS_HEADER, OWN_WORDS_ROWS

from ..conftest import workbook_bytes
from .conftest import PATIENCE, open_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HEADER, ROWS = OWN_WORDS_HEADER, OWN_WORDS_ROWS


def _counts(page) -> list[str]:
    table = page.locator("table").filter(has_text="Rows read").first
    return [cell.inner_text() for cell in table.locator("tbody tr").first.locator("td, th").all()]


def test_changing_a_heading_in_the_column_step_reads_the_return_again(page, app_url, tmp_path):
    path = tmp_path / "swansea-return.xlsx"
    path.write_bytes(workbook_bytes(ROWS, HEADER, title_rows=("Swansea Bay UHB social prescribing return",)))
    open_page(page, app_url + "/intake")
    page.locator("input[type=file]").first.set_input_files(str(path))
    page.wait_for_selector("text=How the columns of swansea-return.xlsx were read", timeout=PATIENCE)
    page.wait_for_selector("text=Rows read", timeout=PATIENCE)
    assert _counts(page) == ["swansea-return.xlsx", "2", "1", "1", "0", "0", "0"]
    field = page.get_by_label("Field for 'Number'")
    assert field.input_value() == "(not a field of the return)"
    field.click()
    page.keyboard.type("Referrals rec")  # the list is long: filter it, then pick the option once shown
    page.get_by_role("option", name="Referrals received").click(timeout=PATIENCE)
    page.wait_for_selector("text=chosen, 100%", timeout=PATIENCE)
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=PATIENCE)
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.get_by_label("Field for 'Number'").input_value() == "Referrals received"
    # The misspelt cluster is still a guess to confirm: one row accepted, one with a warning.
    assert _counts(page) == ["swansea-return.xlsx", "2", "1", "1", "0", "0", "0"]
    assert page.get_by_label("'Cwmtawr' (Clusters served, row 3)").input_value() == "Cwmtawe"
    page.get_by_label("Field for 'Type of intervention'").scroll_into_view_if_needed()
    screenshot(page, "intake-column-step")
