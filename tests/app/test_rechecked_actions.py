"""Every button that changes the store asks again, when clicked, whether the person may still do it: someone
removed, or made an importer, since the page was drawn is refused with nothing changed (the page's own check,
then the store's)."""

import io
import zipfile

from sprx_map import store
from sprx_map.i18n import t
from tests.builders import OWN_WORDS_HEADER, OWN_WORDS_ROWS, REQUIRED_HEADER, as_read

from ..conftest import workbook_bytes
from .conftest import GOOD

POWYS = "W11000024"
ROW = ["Walk and Talk", "Powys Walkers", "Powys Teaching HB", "Mid Powys", "current", "physical activity and sport"]


def _button(at, key):
    return next(b for b in at.button if b.key == key)


def _uploaded(at, sign_in, name="ann"):
    """``name`` signed in on the intake page, with Powys's return uploaded."""
    at.get("file_uploader")[0].upload("powys.xlsx", workbook_bytes([ROW], REQUIRED_HEADER)).run()
    return sign_in(at, name, GOOD)


def _imported(at, sign_in, name="ann"):
    """``name`` signed in on the intake page, with Powys's return for 2024-01 imported."""
    _uploaded(at, sign_in, name)
    at.text_input(key="intake_round").set_value("2024-01").run()
    next(b for b in at.button if b.label == "Import the accepted rows").click().run()
    return at


def _withdrawal(at):
    """The withdrawal form filled in for Powys's 2024-01 return."""
    at.selectbox(key="withdraw_round").set_value("2024-01").run()
    at.selectbox(key="withdraw_board").set_value(POWYS).run()
    at.text_input(key="withdraw_reason").set_value("sent twice").run()


def test_a_withdrawal_by_a_removed_importer_is_refused_and_the_return_still_counts(run_page, accounts, sign_in):
    at = _imported(run_page("pages/intake.py"), sign_in)
    _withdrawal(at)
    store.remove_account(accounts, "ann", who="hub")
    _button(at, "withdraw_go").click().run()
    history = store.history(accounts).query("round == '2024-01'")
    assert history["withdrawn_by"].isna().tolist() == [True]  # still counted
    assert "withdraw_go" not in [b.key for b in at.button]  # signed out: the account is gone
    assert store.audit(accounts)["action"].tolist().count("withdraw") == 0


def test_a_withdrawal_by_an_importer_still_allowed_goes_through(run_page, accounts, sign_in):
    at = _imported(run_page("pages/intake.py"), sign_in)
    _withdrawal(at)
    _button(at, "withdraw_go").click().run()
    assert store.history(accounts).query("round == '2024-01'")["withdrawn_by"].tolist() == [
        "ann"
    ]  # the same click, allowed: it counts


def test_remembering_a_heading_by_a_removed_importer_saves_nothing(run_page, accounts, sign_in):
    at = run_page("pages/intake.py")
    title = ("Swansea Bay UHB social prescribing return",)
    at.get("file_uploader")[0].upload(
        "return.xlsx", workbook_bytes(OWN_WORDS_ROWS, OWN_WORDS_HEADER, title_rows=title)
    ).run()
    sign_in(at, "ann", GOOD)
    number = next(s for s in at.selectbox if as_read(s.label) == "Field for 'Number'")
    number.set_value("referrals_received").run()  # a choice to remember for Swansea Bay
    remember = next(b for b in at.button if b.label == "Remember these choices for Swansea Bay")
    store.remove_account(accounts, "ann", who="hub")
    remember.click().run()
    assert store.mappings(accounts).empty
    assert t("signin.not_allowed_now", "en") in [e.value for e in at.error]


def test_removing_a_saved_mapping_by_a_demoted_administrator_is_refused(run_page, accounts, sign_in):
    store.save_mappings(accounts, POWYS, [store.Mapping("heading", "", "Project title", "project_name")], who="hub")
    at = run_page("pages/intake.py")
    sign_in(at, "lead", GOOD)
    assert "intake_map_go" in [b.key for b in at.button]
    store.add_account(accounts, "lead", "importer", GOOD, who="hub")  # an importer from now on
    _button(at, "intake_map_go").click().run()
    assert store.mappings(accounts)["written"].tolist() == ["Project title"]
    assert at.error[0].value.startswith("Not done: ")  # the store refused it, in words


def test_switching_the_geography_by_a_demoted_administrator_changes_nothing(
    run_page, accounts, sign_in, reference, geo
):
    from sprx_map.geo import boundaries

    load = boundaries.read_boundaries(reference / "ons_lhb_2022_buc" / "LHB_APR_2022_WA_BUC.shp", "health_board", geo)
    version = store.save_geography(accounts, load, who="hub")
    at = run_page("pages/intake.py")
    sign_in(at, "lead", GOOD)
    at.selectbox(key="geo_health_board_boundaries").set_value(0).run()  # 0: back to the embedded geography
    store.add_account(accounts, "lead", "importer", GOOD, who="hub")
    _button(at, "geo_use").click().run()
    assert store.active_geography(accounts)[("health_board", "boundaries")]["id"] == version  # still in use
    assert [e.value for e in at.error] == [t("geo.load.not_allowed", "en")]


def test_storing_boundaries_by_a_demoted_administrator_stores_nothing(run_page, accounts, sign_in, reference):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((reference / "ons_lhb_2022_buc").glob("LHB_APR_2022_WA_BUC.*")):
            archive.write(path, path.name)
    at = run_page("pages/intake.py")
    sign_in(at, "lead", GOOD)
    at.get("file_uploader")[-1].upload("lhb.zip", buffer.getvalue()).run()
    store.add_account(accounts, "lead", "importer", GOOD, who="hub")
    _button(at, "geo_store").click().run()
    assert store.geography_versions(accounts).empty
    assert [e.value for e in at.error] == [t("geo.load.not_allowed", "en")]
