import hashlib

import openpyxl
import pytest

from sprx_map import SAMPLE_DIR
from sprx_map.sample import ILLUSTRATIVE, write_samples


def _digests(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory, geo):
    return write_samples(tmp_path_factory.mktemp("sample"), geo, seed=2017)


def _committed():
    return {
        str(p.relative_to(SAMPLE_DIR)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(SAMPLE_DIR.rglob("*.xlsx"))
    }


def test_committed_sample_is_the_generators_output(regenerated):
    out = regenerated[0].parent
    assert {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest() for p in regenerated} == _committed()
    assert len(regenerated) == 20  # this round and the one before, 7 boards each; the one before that, 6


def test_the_earlier_round_tells_a_story_of_change(geo):
    from sprx_map.change import change_counts, project_changes
    from sprx_map.returns import read_returns

    latest, _ = read_returns(sorted(SAMPLE_DIR.glob("*.xlsx")), geo, "sample")
    earlier, _ = read_returns(sorted((SAMPLE_DIR / "earlier").glob("*.xlsx")), geo, "sample-earlier")
    counts = change_counts(project_changes(earlier, latest))
    active_now = latest["status"].isin(["current", "planned"]).sum()
    assert counts["new"] + counts["continuing"] == active_now == 290
    assert counts["ended"] + counts["continuing"] == len(earlier) == 256  # every earlier project was active
    assert counts["ended"] == (latest["status"] == "ended").sum() == 41  # ended since, as their returns say
    assert set(earlier["status"]) == {"current", "planned"}


def test_the_earliest_round_is_a_year_before_the_earlier_without_powys(geo):
    from sprx_map.change import change_counts, project_changes
    from sprx_map.returns import read_returns

    earlier, _ = read_returns(sorted((SAMPLE_DIR / "earlier").glob("*.xlsx")), geo, "sample-earlier")
    earliest, reports = read_returns(sorted((SAMPLE_DIR / "earliest").glob("*.xlsx")), geo, "sample-earliest")
    assert [p.name for p in sorted((SAMPLE_DIR / "earliest").glob("*.xlsx"))] == [
        "aneurin-bevan.xlsx", "betsi-cadwaladr.xlsx", "cardiff-and-vale.xlsx", "cwm-taf-morgannwg.xlsx",
        "hywel-dda.xlsx", "swansea-bay.xlsx",
    ]  # fmt: skip
    assert "W11000024" not in set(earliest["health_board"])
    assert all(r.details.get("round") == "2015-02" for r in reports)
    others = earlier[earlier["health_board"] != "W11000024"]
    counts = change_counts(project_changes(earliest, others))
    assert counts["ended"] == 0 and counts["new"] > 0  # projects only start between these two rounds
    assert set(earliest["status"]) == {"current", "planned"}
    current = earliest["status"] == "current"
    assert (
        earliest.loc[current, "link_worker_fte"].sum()
        < others.loc[others["status"] == "current", "link_worker_fte"].sum()
    )


def test_a_second_run_gives_identical_files(regenerated, tmp_path, geo):
    assert _digests(write_samples(tmp_path, geo, seed=2017)) == _digests(regenerated)


def test_another_seed_gives_other_returns(regenerated, tmp_path, geo):
    other = _digests(write_samples(tmp_path, geo, seed=2018))
    assert set(other) == set(_digests(regenerated)) and other != _digests(regenerated)


def test_one_return_per_board(sample_paths):
    assert [p.name for p in sample_paths] == [
        "aneurin-bevan.xlsx",
        "betsi-cadwaladr.xlsx",
        "cardiff-and-vale.xlsx",
        "cwm-taf-morgannwg.xlsx",
        "hywel-dda.xlsx",
        "powys.xlsx",
        "swansea-bay.xlsx",
    ]
    assert SAMPLE_DIR.name == "sample_returns"


def test_marked_illustrative_in_title_and_properties(sample_paths):
    for path in sample_paths:
        wb = openpyxl.load_workbook(path)
        assert wb["Projects"]["A1"].value.startswith(ILLUSTRATIVE)
        assert wb["Instructions"]["A1"].value.startswith(ILLUSTRATIVE)
        assert wb.properties.title.startswith(ILLUSTRATIVE)
        assert "not real data" in wb.properties.subject and "illustrative" in wb.properties.keywords


def test_realistic_shape(sample, geo):
    p = sample.projects
    per_board = p.groupby("health_board").size()
    assert per_board.between(25, 60).all() and len(per_board) == 7
    assert p["link_worker_fte"].dropna().between(0, 4).all()
    assert set(p["status"]) == {"current", "planned", "ended"}
    n_clusters = p["clusters_served"].map(len)
    assert (n_clusters == 1).sum() > 100 and (n_clusters.between(2, 4)).sum() > 30
    boards_all = p.apply(lambda r: r["clusters_served"] == geo.clusters_of_board(r["health_board"]), axis=1)
    assert boards_all.sum() > 10
    reporting = p[p["status"] != "planned"]
    assert 10_000 <= reporting["referrals_received"].sum() <= 25_000
    assert p.loc[p["status"] == "planned", "referrals_received"].isna().all()
    covered = {c for cs in p.loc[p["status"] == "current", "clusters_served"] for c in cs}
    gaps = set(geo.clusters.index) - covered
    assert 3 <= len(gaps) <= 12
