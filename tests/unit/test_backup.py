"""Backup and restore: a consistent copy, checked before and after, that gives back the same store and exports."""

import datetime as dt
import json
import uuid

import openpyxl
import pytest
import sqlalchemy as sa

from sprx_map import filters, store
from sprx_map.cli import main
from sprx_map.dataset import load_store
from sprx_map.downloads import all_rounds_download, areas_download, projects_download
from sprx_map.export import csv_bytes
from sprx_map.i18n import t
from sprx_map.returns import read_return
from sprx_map.store import backup as backups

LEVELS = (None, "cluster", "local_authority", "health_board")  # None: the projects themselves


@pytest.fixture
def other_url(request, tmp_path):
    """A second store on the same engine as ``store_url``: a new SQLite file, or a new PostgreSQL database."""

    def made(like: str) -> str:
        if like.startswith("sqlite"):
            return f"sqlite:///{tmp_path / f'other-{uuid.uuid4().hex[:6]}.sqlite'}"
        name = f"other_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(like, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
        admin.dispose()
        return like.rsplit("/", 1)[0] + f"/{name}"

    return made


def _filled(url, geo, sample_paths, tmp_path) -> None:
    """A store with the sample's rounds, a replaced and a withdrawn submission, a contact and a saved mapping."""
    load_store(geo, url)  # seeds the illustrative rounds
    engine = store.connect(url)
    first, second = (read_return(p, geo) for p in sample_paths[:2])
    store.import_reports(engine, [first, second], "2030-01", period=(dt.date(2029, 4, 1), dt.date(2030, 3, 31)))
    wb = openpyxl.load_workbook(sample_paths[0])
    wb["Projects"].cell(row=2, column=1).value = "Renamed project"
    wb.save(tmp_path / sample_paths[0].name)
    store.import_reports(engine, [read_return(tmp_path / sample_paths[0].name, geo)], "2030-01", replace=True)
    store.withdraw(engine, "2030-01", second.board_code, "sent twice", who="hub@example.org")
    store.set_contact(engine, first.board_code, "returns@example.org", who="hub@example.org")
    store.save_mappings(engine, first.board_code, [store.Mapping("heading", "", "FTE", "link_worker_fte")])
    engine.dispose()


def _tables(url) -> dict[str, list[tuple]]:
    """Every table's rows in key order, times in UTC without their offset (as SQLite keeps them)."""
    engine = sa.create_engine(url)
    found = {}
    with engine.connect() as conn:
        for table in store.metadata.sorted_tables:
            rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            found[table.name] = [tuple(_utc(v) for v in row) for row in rows]
    engine.dispose()
    return found


def _utc(value):
    if isinstance(value, dt.datetime) and value.tzinfo:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _exports(url, geo) -> dict[tuple, bytes]:
    """What ``export`` writes as CSV for every level (and the projects) of the round with a replaced and a withdrawn
    return, and for every round in one table, in English and Welsh."""
    data = load_store(geo, url)
    made = {}
    chosen = filters.Filters(round="2030-01")
    for lang in ("en", "cy"):
        for level in LEVELS:
            got = (
                projects_download(data, geo, chosen, lang)
                if level is None
                else areas_download(data, geo, chosen, level, lang)
            )
            made[lang, level] = csv_bytes(got.frame, got.headings, got.release)
        every = all_rounds_download(data, geo, "cluster", lang)
        made[lang, "all"] = csv_bytes(every.frame, every.headings, None)
    return made


def _without_revision(tables: dict) -> dict:
    """The tables, the store's revision aside (a restore counts as a change, so a running app reads it again)."""
    meta = [row for row in tables["sprx_meta"] if row[0] not in (store.REVISION, store.CHANGED_AT)]
    return {**tables, "sprx_meta": meta}


@pytest.mark.parametrize("portable", [False, True], ids=["native", "portable"])
def test_backup_then_restore_gives_the_same_tables_and_byte_identical_exports(
    store_url, other_url, portable, geo, sample_paths, tmp_path
):
    _filled(store_url, geo, sample_paths, tmp_path)
    done = backups.backup(store_url, tmp_path / "backup")
    target = other_url(store_url)
    restored = backups.restore(tmp_path / "backup", target, portable=portable)
    native = "sqlite" if store_url.startswith("sqlite") else "pg_restore"
    assert restored.how == ("portable" if portable else native)
    assert restored.tables == done.tables
    assert done.tables["submissions"] == 20 + 3 and done.tables["contacts"] == 1
    assert _without_revision(_tables(target)) == _without_revision(_tables(store_url))
    assert store.revision(store.connect(target))[0] == store.revision(store.connect(store_url))[0] + 1
    assert _exports(target, geo) == _exports(store_url, geo)


def test_a_backup_restored_across_engines_gives_the_same_tables_and_exports(
    postgres_url, other_url, geo, sample_paths, tmp_path
):
    sqlite_url = f"sqlite:///{tmp_path / 'first.sqlite'}"
    _filled(sqlite_url, geo, sample_paths, tmp_path)
    backups.backup(sqlite_url, tmp_path / "from-sqlite")
    in_postgres = other_url(postgres_url)
    assert backups.restore(tmp_path / "from-sqlite", in_postgres).how == "portable"
    backups.backup(in_postgres, tmp_path / "from-postgres")
    back_in_sqlite = f"sqlite:///{tmp_path / 'back.sqlite'}"
    assert backups.restore(tmp_path / "from-postgres", back_in_sqlite).how == "portable"
    first = _without_revision(_tables(sqlite_url))
    assert _without_revision(_tables(in_postgres)) == first
    assert _without_revision(_tables(back_in_sqlite)) == first
    assert _exports(back_in_sqlite, geo) == _exports(in_postgres, geo) == _exports(sqlite_url, geo)
    engine = store.connect(in_postgres)  # the ids go on after the restored ones
    assert store.set_contact(engine, "W11000028", "new@example.org") is True
    assert store.contacts(engine)["W11000028"] == ["returns@example.org", "new@example.org"]


def test_a_postgresql_backup_holds_pg_dump_and_the_portable_copy_of_one_moment(postgres_url, other_url, geo, tmp_path):
    url = other_url(postgres_url)
    load_store(geo, url)
    done = backups.backup(url, tmp_path / "b")
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert done.how == manifest["how"] == "pg_dump"
    listed = sorted(line.split("  ")[1] for line in (tmp_path / "b" / "SHA256SUMS").read_text().splitlines())
    assert listed == ["manifest.json", "store.dump", *sorted(f"tables/{n}.jsonl" for n in manifest["tables"])]
    for name, table in manifest["tables"].items():
        assert len((tmp_path / "b" / table["file"]).read_text().splitlines()) == table["rows"] == done.tables[name]


def test_a_store_holding_data_is_refused_unless_replace_with_nothing_changed(store_url, other_url, geo, sample_paths,
                                                                            tmp_path):  # fmt: skip
    _filled(store_url, geo, sample_paths, tmp_path)
    backups.backup(store_url, tmp_path / "backup")
    target = other_url(store_url)
    load_store(geo, target)  # the illustrative rounds only
    before = _tables(target)
    with pytest.raises(store.StoreError) as refused:
        backups.restore(tmp_path / "backup", target)
    shown = backups.shown(target)
    assert refused.value.message("en") == t(
        "backup.not_empty", "en", url=shown, tables="audit, reference_counters, rounds, submissions, projects"
    )
    assert _tables(target) == before
    backups.restore(tmp_path / "backup", target, replace=True)
    assert _without_revision(_tables(target)) == _without_revision(_tables(store_url))


def test_a_damaged_backup_is_refused_with_nothing_changed(tmp_path, geo):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    load_store(geo, url)
    backups.backup(url, tmp_path / "backup")
    copy = tmp_path / "backup" / "store.sqlite"
    data = bytearray(copy.read_bytes())
    data[5000] ^= 1
    copy.write_bytes(bytes(data))
    target = tmp_path / "new.sqlite"
    with pytest.raises(store.StoreError) as refused:
        backups.restore(tmp_path / "backup", f"sqlite:///{target}")
    assert refused.value.message("cy") == t(
        "backup.damaged", "cy", folder=str(tmp_path / "backup"), files="store.sqlite"
    )
    assert not target.exists()
    (tmp_path / "backup" / "SHA256SUMS").unlink()
    with pytest.raises(store.StoreError) as refused:
        backups.restore(tmp_path / "backup", f"sqlite:///{target}")
    assert refused.value.key == "backup.no_sums" and not target.exists()


def test_a_backup_of_a_newer_schema_is_refused(tmp_path, geo):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    store.connect(url).dispose()
    folder = tmp_path / "backup"
    backups.backup(url, folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["schema_version"] = store.SCHEMA_VERSION + 1
    (folder / "manifest.json").write_text(json.dumps(manifest))
    sums = (folder / "SHA256SUMS").read_text().splitlines()
    digest = backups._sha256(folder / "manifest.json")
    (folder / "SHA256SUMS").write_text(
        "".join(f"{digest}  manifest.json\n" if "manifest" in s else s + "\n" for s in sums)
    )
    with pytest.raises(store.StoreError) as refused:
        backups.restore(folder, f"sqlite:///{tmp_path / 'new.sqlite'}")
    assert refused.value.key == "store.schema_newer"
    assert not (tmp_path / "new.sqlite").exists()


def test_backup_refuses_a_folder_holding_files_and_writes_nothing(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    store.connect(url).dispose()
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "earlier.txt").write_text("kept")
    assert main(["backup", "--out", str(tmp_path / "full"), "--db", url, "--lang", "cy"]) == 1
    assert capsys.readouterr().err == t("backup.out_not_empty", "cy", out=str(tmp_path / "full")) + "\n"
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["earlier.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "store.sqlite"]


def test_backup_and_restore_on_the_command_line(tmp_path, capsys):
    url, target = f"sqlite:///{tmp_path / 'store.sqlite'}", f"sqlite:///{tmp_path / 'new.sqlite'}"
    store.connect(url).dispose()
    assert main(["backup", "--out", str(tmp_path / "b"), "--db", url]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"Store backed up to {tmp_path / 'b'} (SQLite's online backup) in ")
    assert said.endswith(" s: tables: 12, rows: 10. SHA256SUMS holds the sha256 of each file, manifest.json the rows "
                         "of each table.\n")  # fmt: skip
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["SHA256SUMS", "manifest.json", "store.sqlite"]
    assert main(["restore", str(tmp_path / "b"), "--db", target, "--lang", "cy"]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"Adferwyd y storfa {target} o {tmp_path / 'b'} (copi wrth gefn ar-lein SQLite) mewn ")
    assert said.endswith(" e: tablau: 12, rhesi: 10, fel y mae maniffest y copi wrth gefn yn eu cyfrif.\n")


def test_a_backup_made_while_an_import_runs_holds_all_of_it_or_none(store_url, sample_paths, tmp_path):
    from tests.unit.test_killed_import import _import, _projects_by_board

    assert _import(store_url, "2031-01", sample_paths).wait(timeout=180) == 0
    whole = _projects_by_board(store_url, "2031-01")
    running = _import(store_url, "2031-02", sample_paths)
    seen = []
    while running.poll() is None or not seen:
        folder = tmp_path / f"b{len(seen)}"
        backups.backup(store_url, folder)
        copy = f"sqlite:///{tmp_path / f'copy{len(seen)}.sqlite'}"
        backups.restore(folder, copy, portable=True)
        seen.append(_projects_by_board(copy, "2031-02"))
    assert running.wait(timeout=180) == 0
    assert all(found in ({}, whole) for found in seen), seen
    backups.backup(store_url, tmp_path / "after")
    backups.restore(tmp_path / "after", f"sqlite:///{tmp_path / 'after.sqlite'}")
    assert _projects_by_board(f"sqlite:///{tmp_path / 'after.sqlite'}", "2031-02") == whole


def test_without_a_fitting_pg_dump_a_postgresql_backup_is_the_portable_copy(postgres_url, other_url, geo, tmp_path,
                                                                            monkeypatch):  # fmt: skip
    url = other_url(postgres_url)
    load_store(geo, url)
    monkeypatch.setattr(backups, "_pg_tool", lambda name, server: None)  # none installed, or all older than the server
    done = backups.backup(url, tmp_path / "b")
    assert done.how == "portable"
    assert not (tmp_path / "b" / "store.dump").exists()
    target = other_url(postgres_url)
    assert backups.restore(tmp_path / "b", target).how == "portable"
    assert _without_revision(_tables(target)) == _without_revision(_tables(url))
