"""The pages say what each figure rests on, and a round's reporting period can be given on import."""

import datetime as dt

from sprx_map import store
from sprx_map.i18n import t
from tests.builders import A_YEAR, as_read
from tests.unit.test_referrals_a_year import HEADER, ROUND, ROWS

from ..conftest import workbook_bytes


def _pathway(own_store, tmp_path, geo):
    from sprx_map.returns import read_return

    path = tmp_path / "powys.xlsx"
    path.write_bytes(workbook_bytes(ROWS, HEADER))
    engine = store.connect(own_store)
    store.import_reports(engine, [read_return(path, geo)], ROUND, who="test", period=A_YEAR)
    engine.dispose()


def test_the_overview_says_what_its_figures_rest_on(run_page, own_store, tmp_path, geo):
    _pathway(own_store, tmp_path, geo)
    at = run_page("pages/overview.py", round=ROUND)
    said = [c.value for c in at.caption]
    expected = t("completeness.headline", fte="1 of 5", referrals="4 of 5")
    assert t("completeness.and_incomplete", text=expected) in said
    figures = {m.label: m.value for m in at.metric}
    assert figures["Referrals to social prescribing a year"] == "280"  # 100 + 50 x 2 + 80; the onward 30 apart
    welsh = run_page("pages/overview.py", round=ROUND, lang="cy")
    expected = t("completeness.headline", "cy", fte="1 o 5", referrals="4 o 5")
    assert t("completeness.and_incomplete", "cy", text=expected) in [c.value for c in welsh.caption]


def test_a_round_imported_on_the_page_keeps_its_reporting_period(run_page, own_store, monkeypatch, geo, sign_in):
    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    at = run_page("pages/intake.py")
    at.get("file_uploader")[0].upload("powys.xlsx", workbook_bytes(ROWS, HEADER)).run()
    sign_in(at)
    at.text_input(key="intake_round").set_value(ROUND).run()
    at.date_input(key="intake_period_start").set_value(dt.date(2016, 4, 1)).run()
    next(b for b in at.button if b.key == "intake_go").click().run()
    assert [as_read(e.value) for e in at.error] == [t("intake.period_half")]
    engine = store.connect(own_store)
    assert ROUND not in store.rounds(engine)  # nothing imported
    at.date_input(key="intake_period_end").set_value(dt.date(2017, 3, 31)).run()
    next(b for b in at.button if b.key == "intake_go").click().run()
    assert not at.error
    assert store.round_periods(engine)[ROUND] == A_YEAR
    engine.dispose()
