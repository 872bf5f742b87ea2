from streamlit.testing.v1 import AppTest

from sprx_map import PROJECT_DIR
from sprx_map.i18n import t


def test_home_shows_the_national_figures_and_the_illustrative_notice(sample):
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Social prescribing in Wales"
    assert [w.value for w in at.warning] == [t("app.illustrative")]
    metrics = {m.label: m.value for m in at.metric}
    p = sample.projects
    assert metrics["Current projects"] == str((p["status"] == "current").sum())
    assert metrics["Planned projects"] == str((p["status"] == "planned").sum())
    fte = p.loc[p["status"] == "current", "link_worker_fte"].sum()
    assert metrics["Link-worker FTE"] == f"{fte:,.1f}"
    referrals = p.loc[p["status"] != "planned", "referrals_received"].sum()
    assert metrics["Referrals"] == f"{referrals:,}"
    covered = {c for cs in p.loc[p["status"] == "current", "clusters_served"] for c in cs}
    assert metrics["Clusters with a current project"] == f"{len(covered)} / 60"
