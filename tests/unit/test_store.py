import datetime as dt
import subprocess
import sys
import threading

import openpyxl
import pytest
import sqlalchemy as sa

from sprx_map import PROJECT_DIR, referrals, schema, store
from sprx_map.returns import read_return

_schema_version = sa.select(store.meta_table.c.value).where(store.meta_table.c.key == "schema_version")


@pytest.fixture(scope="module")
def reports(sample_paths, geo):
    return {p.stem: read_return(p, geo) for p in sample_paths}


def _edited_copy(path, tmp_path, geo, edit):
    wb = openpyxl.load_workbook(path)
    edit(wb["Projects"])
    out = tmp_path / path.name
    wb.save(out)
    return read_return(out, geo)


def test_import_then_read_back_exactly(store_url, reports, sample):
    engine = store.connect(store_url)
    result = store.import_reports(engine, list(reports.values()), "sample", who="hub officer")
    assert [(f.file, f.action, f.projects, f.left_out) for f in result.files] == [
        (r.file, "imported", len(r.projects), 0) for r in reports.values()
    ]
    loaded = store.load_projects(engine, "sample")
    expected = sample.projects
    # The store keeps what the returns said; the pathway's columns are worked out when the data is loaded.
    assert list(loaded.columns) == [c for c in expected.columns if c not in referrals.COLUMNS]
    assert len(loaded) == len(expected) == 331
    assert sorted(loaded["project_id"]) == sorted(expected["project_id"])
    merged = loaded.set_index("project_id").loc[expected["project_id"]]
    for column in (
        "project_name",
        "health_board",
        "status",
        "clusters_served",
        "activity_categories",
        "link_worker_fte",
        "referrals_received",
        "start_date",
        "evaluation_in_place",
    ):
        assert merged[column].tolist() == expected[column].tolist(), column
    assert store.totals(engine, "sample") == {
        "projects": 331,
        "link_worker_fte": round(float(expected["link_worker_fte"].sum()), 2),
        "referrals": int(expected["referrals_received"].sum()),
    }
    assert store.rounds(engine) == ["sample"]


def test_same_content_again_changes_nothing(store_url, reports):
    engine = store.connect(store_url)
    store.import_reports(engine, [reports["powys"]], "2017-02")
    again = store.import_reports(engine, [reports["powys"]], "2017-02")
    assert [f.action for f in again.files] == ["unchanged"] and not again.changed
    assert len(store.history(engine)) == 1


def test_new_content_needs_replace_and_keeps_history(store_url, reports, sample_paths, tmp_path, geo):
    engine = store.connect(store_url)
    store.import_reports(engine, [reports["powys"]], "2017-02", now=dt.datetime(2017, 2, 24, 10, tzinfo=dt.UTC))
    powys = next(p for p in sample_paths if p.stem == "powys")
    column = 1 + [f.key for f in schema.FIELDS].index("referrals_received")  # the template's columns are the fields'
    edited = _edited_copy(powys, tmp_path, geo, lambda ws: ws.cell(row=5, column=column, value=999))
    with pytest.raises(store.StoreError, match="Use --replace"):
        store.import_reports(engine, [edited], "2017-02")
    assert store.totals(engine, "2017-02")["referrals"] == int(reports["powys"].projects["referrals_received"].sum())
    store.import_reports(engine, [edited], "2017-02", replace=True, now=dt.datetime(2017, 3, 1, tzinfo=dt.UTC))
    history = store.history(engine)
    assert len(history) == 2
    newest, oldest = history.iloc[0], history.iloc[1]
    assert newest["sha256"] == edited.sha256 and oldest["sha256"] == reports["powys"].sha256
    assert int(oldest["superseded_by"]) == int(newest["id"])
    first_row_before = reports["powys"].projects.iloc[0]["referrals_received"]
    expected = int(reports["powys"].projects["referrals_received"].sum()) - first_row_before + 999
    assert store.totals(engine, "2017-02")["referrals"] == expected


def test_rejected_rows_are_left_out_and_counted(store_url, sample_paths, tmp_path, geo):
    engine = store.connect(store_url)
    powys = next(p for p in sample_paths if p.stem == "powys")
    bad = _edited_copy(powys, tmp_path, geo, lambda ws: ws.cell(row=6, column=3, value="Atlantis UHB"))
    result = store.import_reports(engine, [bad], "2017-02")
    assert (result.files[0].projects, result.files[0].left_out) == (30, 1)
    assert store.totals(engine, "2017-02")["projects"] == 30
    assert store.history(engine).iloc[0][["rows_read", "accepted", "rejected"]].tolist() == [31, 30, 1]


def test_an_import_is_all_or_nothing(store_url, reports):
    engine = store.connect(store_url)
    store.import_reports(engine, [reports["powys"]], "2017-02")
    changed_powys = reports["powys"]
    changed_powys = type(changed_powys)(**{**changed_powys.__dict__, "sha256": "0" * 64})
    with pytest.raises(store.StoreError):  # Hywel Dda is fine, Powys needs --replace: neither goes in
        store.import_reports(engine, [reports["hywel-dda"], changed_powys], "2017-02")
    assert store.history(engine)["hb_code"].tolist() == ["W11000024"]
    with pytest.raises(store.StoreError, match="more than one file for W11000024"):
        store.import_reports(engine, [reports["powys"], reports["powys"]], "2017-03")
    with pytest.raises(store.StoreError, match="not a round label"):
        store.import_reports(engine, [reports["powys"]], "round 1; drop table")
    assert len(store.history(engine)) == 1


def test_several_rounds_go_in_together_or_not_at_all(store_url, reports):
    engine = store.connect(store_url)
    store.import_reports(engine, [reports["powys"]], "2017-02")
    changed_powys = type(reports["powys"])(**{**reports["powys"].__dict__, "sha256": "0" * 64})
    with pytest.raises(store.StoreError):  # the second round's Powys needs --replace: the first round stays out too
        store.import_rounds(engine, {"2016-02": [reports["hywel-dda"]], "2017-02": [changed_powys]})
    assert store.rounds(engine) == ["2017-02"] and len(store.history(engine)) == 1
    before = store.revision(engine)[0]
    done = store.import_rounds(engine, {"2016-02": [reports["hywel-dda"]], "2015-02": [reports["powys"]]})
    assert [r.round for r in done] == ["2016-02", "2015-02"] and [len(r.files) for r in done] == [1, 1]
    assert sorted(store.rounds(engine)) == ["2015-02", "2016-02", "2017-02"]
    assert store.revision(engine)[0] == before + 2  # one change per submission, in one transaction


def test_eight_imports_at_once_leave_consistent_totals(store_url, reports):
    engine = store.connect(store_url)
    files = [*reports.values(), reports["powys"]]  # eight imports, one of them a repeat
    errors = []

    def run(report):
        try:
            store.import_reports(store.connect(store_url), [report], "2017-02")
        except store.StoreError as exc:  # the repeat may lose the race: then it says so and changes nothing
            errors.append(str(exc))

    threads = [threading.Thread(target=run, args=(r,)) for r in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "an import did not finish"
    history = store.history(engine)
    assert sorted(history["hb_code"]) == sorted(r.projects["health_board"].iloc[0] for r in reports.values())
    assert history["superseded_by"].isna().all()
    assert store.totals(engine, "2017-02")["projects"] == sum(len(r.projects) for r in reports.values())
    assert all("at the same time" in e for e in errors)


def test_a_newer_store_is_refused_and_an_old_one_upgrades(store_url, monkeypatch):
    engine = store.connect(store_url)
    with engine.begin() as conn:
        conn.execute(store.meta_table.update().where(store.meta_table.c.key == "schema_version").values(value="0"))
    ran = []
    monkeypatch.setitem(store.MIGRATIONS, 1, lambda conn: ran.append(1))
    store.connect(store_url)
    assert ran == [1]
    with engine.connect() as conn:
        assert conn.execute(_schema_version).scalar() == str(store.SCHEMA_VERSION)
    with engine.begin() as conn:
        conn.execute(store.meta_table.update().where(store.meta_table.c.key == "schema_version").values(value="99"))
    with pytest.raises(store.StoreError, match="schema version 99"):
        store.connect(store_url)


def test_cli_import_and_history(tmp_path, sample_paths):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"

    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "sprx_map", *args], capture_output=True, text=True, cwd=PROJECT_DIR, timeout=120
        )

    first = cli("import", *map(str, sample_paths[:2]), "--round", "2017-02", "--db", url)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[0] == "aneurin-bevan.xlsx: imported, 57 projects for W11000028 in round 2017-02"
    again = cli("import", str(sample_paths[0]), "--round", "2017-02", "--db", url)
    assert again.stdout.splitlines()[-1] == "Nothing changed."
    missing = cli("import", str(tmp_path / "nope.xlsx"), "--round", "2017-02", "--db", url)
    assert missing.returncode == 1 and missing.stderr.startswith("Nothing imported:")
    history = cli("history", "--db", url)
    assert history.returncode == 0 and len(history.stdout.splitlines()) == 2
    assert "betsi-cadwaladr.xlsx" in history.stdout and "current" in history.stdout


def test_a_new_store_is_seeded_with_the_sample_once(tmp_path, geo, sample):
    from sprx_map.dataset import SAMPLE_EARLIER_ROUND, SAMPLE_EARLIEST_ROUND, SAMPLE_ROUND, load_store

    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    data = load_store(geo, url)
    sample_rounds = [SAMPLE_ROUND, SAMPLE_EARLIER_ROUND, SAMPLE_EARLIEST_ROUND]
    assert data.rounds() == sample_rounds and data.is_illustrative(SAMPLE_EARLIEST_ROUND)
    # Powys did not return in the earliest round: it is "not returned" there, not a board with no projects.
    assert data.returns_of(SAMPLE_EARLIEST_ROUND).missing == ("W11000024",)
    latest = data.projects[data.projects["round"] == SAMPLE_ROUND]
    assert sorted(latest["project_id"]) == sorted(sample.projects["project_id"])
    assert data.shares[data.shares["project_id"].isin(latest["project_id"])]["referrals"].sum() == (
        sample.shares["referrals"].sum()
    )
    engine = store.connect(url)
    store.import_reports(
        engine,
        [read_return(p, geo) for p in sorted((PROJECT_DIR / "data" / "sample_returns").glob("powys.xlsx"))],
        "2018-02",
    )
    again = load_store(geo, url)
    assert again.rounds() == ["2018-02", *sample_rounds] and not again.is_illustrative("2018-02")
    assert list(store.history(engine)["round"]) == [
        "2018-02", *[SAMPLE_ROUND] * 7, *[SAMPLE_EARLIER_ROUND] * 7, *[SAMPLE_EARLIEST_ROUND] * 6
    ]  # fmt: skip


def test_a_store_refusal_is_worded_in_the_language_of_whoever_shows_it():
    import pickle

    error = store.StoreError("store.no_version", id=9)
    assert str(error) == "there is no geography version #9."
    again = pickle.loads(pickle.dumps(error))  # as the app's cache keeps it
    assert again.message("cy") == "nid oes fersiwn daearyddiaeth #9."


def test_a_name_longer_than_the_store_keeps_is_refused_with_nothing_changed(store_url, reports):
    engine = store.connect(store_url)
    report = next(iter(reports.values()))
    long_email = "a" * 95 + "@nhs.wales"  # 105 characters: more than the 100 the columns hold
    with pytest.raises(store.StoreError) as refused:
        store.import_reports(engine, [report], "2030-01", who=long_email)
    assert str(refused.value).startswith("the name or e-mail address to record is 105 characters long")
    assert store.history(engine).empty
    store.import_reports(engine, [report], "2030-01", who="hub@nhs.wales")
    board = store.history(engine)["hb_code"].iloc[0]
    with pytest.raises(store.StoreError):
        store.withdraw(engine, "2030-01", board, "sent twice", who=long_email)
    assert store.history(engine)["withdrawn_at"].isna().all()
    store.withdraw(engine, "2030-01", board, "sent twice", who="b" * 100)  # exactly what the column holds
    assert store.history(engine)["withdrawn_by"].tolist() == ["b" * 100]
    engine.dispose()
