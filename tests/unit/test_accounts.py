"""Roles, named accounts, the brake on wrong passwords and the audit table; every change checked in the store."""

import datetime as dt
import io
import types

import pytest
import sqlalchemy as sa

from sprx_map import cli, roles, store, throttle
from sprx_map.cli import accounts as accounts_cli
from sprx_map.returns import read_return

T0 = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
POWYS = "W11000024"
ADDRESS = "192.0.2.7"
GOOD = "correct horse battery"


def _minutes(n: float) -> dt.timedelta:
    return dt.timedelta(minutes=n)


def test_five_failures_start_a_wait_that_doubles_up_to_fifteen_minutes():
    counter = throttle.Counter()
    for _ in range(4):
        counter = throttle.after_failure(counter, T0)
        assert throttle.waiting(counter, T0) == dt.timedelta(0)
    waits, now = [], T0
    for _ in range(6):
        counter = throttle.after_failure(counter, now)
        waits.append(throttle.waiting(counter, now))
        now = counter.locked_until  # the next wrong password comes just as the wait ends
    assert waits == [_minutes(1), _minutes(2), _minutes(4), _minutes(8), _minutes(15), _minutes(15)]


def test_a_quiet_quarter_hour_forgets_the_count():
    counter = throttle.Counter()
    for _ in range(4):
        counter = throttle.after_failure(counter, T0)
    counter = throttle.after_failure(counter, T0 + _minutes(15.5))
    assert (counter.failures, counter.locks, throttle.waiting(counter, T0 + _minutes(15.5))) == (1, 0, dt.timedelta(0))


def test_a_wait_is_told_in_whole_minutes_rounded_up():
    assert [throttle.minutes(dt.timedelta(seconds=s)) for s in (1, 60, 61, 900)] == [1, 1, 2, 15]


def test_roles_from_the_secrets_by_name_or_group():
    secrets = {"importers": ["Ann@Wales.nhs.uk"], "administrators": "lead@wales.nhs.uk", "importer_groups": ["g1"]}
    assert roles.role_from_secrets(secrets, ["ann@wales.NHS.uk"]) == "importer"
    assert roles.role_from_secrets(secrets, ["lead@wales.nhs.uk"]) == "administrator"
    assert roles.role_from_secrets(secrets, ["x@wales.nhs.uk"], ["G1"]) == "importer"
    assert roles.role_from_secrets(secrets, ["x@wales.nhs.uk"], ["g2"]) == "viewer"
    assert roles.role_from_secrets(secrets, []) == "viewer"
    assert roles.groups_of({"group_claim": "roles"}, {"roles": "hub"}) == ["hub"]
    assert roles.groups_of({}, {"groups": ["a", "b"]}) == ["a", "b"]


def test_how_people_sign_in_follows_what_is_configured():
    assert roles.access_mode(None, True, "pw") == "closed"  # an unreadable secrets file: nobody changes anything
    assert roles.access_mode({"auth": {"client_id": "x"}}, True, "pw") == "oidc"
    assert roles.access_mode({}, True, None) == "accounts"
    assert roles.access_mode({}, False, "pw") == "accounts"
    assert roles.access_mode({}, False, None) == "off"


def test_each_action_needs_its_role():
    allowed = {
        role: sorted(a for a in roles.ACTIONS if roles.Actor("x", role).may(a)) for role in roles.ROLES
    }  # fmt: skip
    assert allowed == {
        "viewer": [],
        "importer": ["import", "save_mappings", "withdraw"],
        "administrator": sorted(roles.ACTIONS),
    }
    assert accounts_cli.ACCOUNT_ROLES == roles.ACCOUNT_ROLES
    assert roles.actor_of("hub officer") == roles.Actor("hub officer", "administrator", "command_line")


def test_an_account_keeps_only_an_argon2_hash_and_signs_in(store_url):
    engine = store.connect(store_url)
    store.add_account(engine, "ann", "importer", GOOD, who="hub", now=T0)
    with engine.connect() as conn:
        kept = conn.execute(sa.select(store.accounts_table.c.password_hash)).scalar()
    assert kept.startswith("$argon2id$") and GOOD not in kept
    assert store.accounts(engine)[["name", "role", "added_by"]].values.tolist() == [["ann", "importer", "hub"]]
    signed = store.sign_in(engine, "ann", GOOD, ADDRESS, T0)
    assert signed == roles.Actor("ann", "importer", "account", ADDRESS)
    assert store.sign_in(engine, "ann", "wrong", ADDRESS, T0) is None
    assert store.sign_in(engine, "nobody", GOOD, ADDRESS, T0) is None
    store.remove_account(engine, "ann", who="hub", now=T0)
    assert store.sign_in(engine, "ann", GOOD, ADDRESS, T0 + _minutes(1)) is None
    assert store.accounts(engine).empty
    assert store.audit(engine, auth=False)[["actor", "role", "action", "detail"]].values.tolist() == [
        ["hub", "administrator", "account_add", "ann (importer)"],
        ["hub", "administrator", "account_remove", "ann"],
    ]


@pytest.mark.parametrize(
    ("name", "role", "password", "key"),
    [
        ("ann smith", "importer", GOOD, "store.account_bad_name"),
        ("Admin", "administrator", GOOD, "store.account_reserved"),
        ("ann", "viewer", GOOD, "store.account_bad_role"),
        ("ann", "importer", "short", "store.account_short_password"),
    ],
)
def test_an_account_that_cannot_be_is_refused(tmp_path, name, role, password, key):
    engine = store.connect(f"sqlite:///{tmp_path / 's.sqlite'}")
    with pytest.raises(store.StoreError) as refused:
        store.add_account(engine, name, role, password)
    assert refused.value.key == key
    assert store.accounts(engine).empty


def test_the_admin_password_signs_in_as_the_administrator_admin(tmp_path):
    engine = store.connect(f"sqlite:///{tmp_path / 's.sqlite'}")
    assert store.sign_in(engine, "admin", "s3cret", ADDRESS, T0, admin_password="s3cret") == roles.Actor(
        "admin", "administrator", "password", ADDRESS
    )
    assert store.sign_in(engine, "admin", "s3cret", ADDRESS, T0, admin_password=None) is None
    assert store.sign_in(engine, "admin", "S3cret", ADDRESS, T0, admin_password="s3cret") is None


def test_wrong_passwords_make_the_account_wait_even_for_the_right_one(store_url):
    engine = store.connect(store_url)
    store.add_account(engine, "ann", "importer", GOOD, now=T0)
    for i in range(5):
        assert store.sign_in(engine, "ann", f"guess {i}", ADDRESS, T0 + _minutes(i)) is None
    assert store.sign_in(engine, "ann", GOOD, "198.51.100.1", T0 + _minutes(4.5)) == _minutes(0.5)
    assert store.sign_in(engine, "ann", GOOD, "198.51.100.1", T0 + _minutes(5)).name == "ann"
    # The right password starts the account's count again.
    assert store.sign_in(engine, "ann", "guess", "198.51.100.1", T0 + _minutes(6)) is None
    assert store.sign_in(engine, "ann", GOOD, "198.51.100.1", T0 + _minutes(6)).name == "ann"
    auth = store.audit(engine, auth=True)
    assert auth["action"].tolist() == [
        *["sign_in_failed"] * 4,
        "sign_in_locked",  # the account
        "sign_in_locked",  # and the address (all five came from it)
        "sign_in_failed",
        "sign_in_waiting",
        "sign_in",
        "sign_in_failed",
        "sign_in",
    ]
    assert auth["detail"].tolist()[4:8] == ["account:ann: 1 min", f"address:{ADDRESS}: 1 min", "ann", "1 min"]
    assert auth["address"].tolist()[:7] == [ADDRESS] * 7


def test_wrong_passwords_from_one_address_make_every_account_wait_there(tmp_path):
    engine = store.connect(f"sqlite:///{tmp_path / 's.sqlite'}")
    store.add_account(engine, "ann", "importer", GOOD, now=T0)
    for i in range(5):
        assert store.sign_in(engine, f"guess{i}", "x", ADDRESS, T0) is None
    assert store.sign_in(engine, "ann", GOOD, ADDRESS, T0 + _minutes(0.25)) == _minutes(0.75)
    assert store.sign_in(engine, "ann", GOOD, "198.51.100.1", T0 + _minutes(0.25)).name == "ann"
    # The counters are in the store: a second engine on it (another replica) sees the same wait.
    other = store.connect(f"sqlite:///{tmp_path / 's.sqlite'}")
    assert store.sign_in(other, "ann", GOOD, ADDRESS, T0 + _minutes(0.5)) == _minutes(0.5)


def _snapshot(engine) -> dict:
    """Every table but the audit's, row by row: what 'nothing changed' is checked against."""
    with engine.connect() as conn:
        return {
            name: sorted(map(repr, conn.execute(sa.select(table)).all()))
            for name, table in store.metadata.tables.items()
            if name != "audit"
        }


@pytest.fixture(scope="module")
def powys(sample_paths, geo):
    return read_return(next(p for p in sample_paths if "powys" in p.stem.lower()), geo)


def _changes(engine, powys):
    """Every change the store allows, as the page and the command line call it: name -> function(actor)."""
    load = types.SimpleNamespace(level="cluster", kind="populations", source="p.csv", ok=True)
    return {
        "import": lambda who: store.import_reports(engine, [powys], "2027-01", who=who),
        "withdraw": lambda who: store.withdraw(engine, "2026-01", POWYS, "sent twice", who=who),
        "save_mappings": lambda who: store.save_mappings(
            engine, POWYS, [store.Mapping("heading", "", "Number", "referrals_received")], who=who
        ),
        "remove_mapping": lambda who: store.remove_mapping(engine, 1, who=who),
        "save_geography": lambda who: store.save_geography(engine, load, who=who),
        "use_geography": lambda who: store.use_geography(engine, "cluster", "boundaries", None, who=who),
        "open_round": lambda who: store.open_round(
            engine, "2027-04", (dt.date(2027, 1, 1), dt.date(2027, 3, 31)), dt.date(2027, 5, 1), who=who
        ),
        "set_round_period": lambda who: store.set_round_period(
            engine, "2026-01", dt.date(2025, 4, 1), dt.date(2026, 3, 31), who=who
        ),
        "set_contact": lambda who: store.set_contact(engine, POWYS, "b@powys.example", who=who),
        "remove_contact": lambda who: store.remove_contact(engine, POWYS, "a@powys.example", who=who),
        "add_account": lambda who: store.add_account(engine, "bob", "administrator", GOOD, who=who),
        "remove_account": lambda who: store.remove_account(engine, "ann", who=who),
    }


ADMIN_ONLY = {
    "remove_mapping", "save_geography", "use_geography", "open_round", "set_round_period", "set_contact",
    "remove_contact", "add_account", "remove_account",
}  # fmt: skip


def test_every_change_with_too_low_a_role_is_refused_with_nothing_changed(store_url, powys):
    engine = store.connect(store_url)
    store.import_reports(engine, [powys], "2026-01", who="hub")  # something to withdraw, a mapping, a contact
    store.save_mappings(engine, POWYS, [store.Mapping("heading", "", "Refs", "referrals_received")], who="hub")
    store.set_contact(engine, POWYS, "a@powys.example", who="hub")
    store.add_account(engine, "ann", "importer", GOOD, who="hub")
    before = _snapshot(engine)
    viewer = roles.Actor("vic@wales.nhs.uk", "viewer", "oidc", ADDRESS)
    importer = roles.Actor("ann", "importer", "account", ADDRESS)
    changes = _changes(engine, powys)
    refused = []
    for name, change in changes.items():
        for who in (viewer, importer) if name in ADMIN_ONLY else (viewer,):
            with pytest.raises(store.StoreError) as stopped:
                change(who)
            assert stopped.value.key == "store.not_allowed", name
            refused.append((who.name, who.role))
            assert _snapshot(engine) == before, name
    audit = store.audit(engine, auth=False)
    denied = audit[audit["action"] == "refused"]
    assert denied[["actor", "role"]].apply(tuple, axis=1).tolist() == refused
    assert set(denied["address"]) == {ADDRESS}
    assert str(stopped.value) == (
        "Not done: managing accounts is not allowed for your role (importer). Nothing was changed. Ask an "
        "administrator if you need it."
    )


def test_every_change_is_in_the_audit_table_with_its_person(tmp_path, powys):
    engine = store.connect(f"sqlite:///{tmp_path / 's.sqlite'}")
    ann = roles.Actor("ann", "importer", "account", ADDRESS)
    lead = roles.Actor("lead@wales.nhs.uk", "administrator", "oidc", "198.51.100.1")
    store.import_reports(engine, [powys], "2026-01", who=ann, now=T0)
    store.withdraw(engine, "2026-01", POWYS, "sent twice", who=ann, now=T0)
    store.save_mappings(engine, POWYS, [store.Mapping("heading", "", "Refs", "referrals_received")], who=ann, now=T0)
    store.remove_mapping(engine, 1, who=lead)
    store.use_geography(engine, "cluster", "boundaries", None, who=lead)
    store.set_contact(engine, POWYS, "a@powys.example", who=lead, now=T0)
    store.remove_contact(engine, POWYS, "a@powys.example", who=lead)
    audit = store.audit(engine)
    assert audit[["actor", "role", "action", "address"]].values.tolist() == [
        ["ann", "importer", "imported", ADDRESS],
        ["ann", "importer", "withdraw", ADDRESS],
        ["ann", "importer", "mapping_save", ADDRESS],
        ["lead@wales.nhs.uk", "administrator", "mapping_remove", "198.51.100.1"],
        ["lead@wales.nhs.uk", "administrator", "geography_use", "198.51.100.1"],
        ["lead@wales.nhs.uk", "administrator", "contact_add", "198.51.100.1"],
        ["lead@wales.nhs.uk", "administrator", "contact_remove", "198.51.100.1"],
    ]
    assert audit["detail"].tolist()[:2] == [
        f"2026-01 {POWYS}: {powys.file} ({len(powys.projects)})",
        f"2026-01 {POWYS}: sent twice",
    ]
    assert store.history(engine)["imported_by"].tolist() == ["ann"]


def test_a_store_at_version_6_gains_the_accounts_and_audit_tables(store_url):
    engine = store.connect(store_url)
    with engine.begin() as conn:
        for table in (store.audit_table, store.sign_in_failures_table, store.accounts_table):
            table.drop(conn)
        conn.execute(store.meta_table.update().where(store.meta_table.c.key == "schema_version").values(value="6"))
    engine.dispose()
    engine = store.connect(store_url)
    with engine.connect() as conn:
        version = conn.execute(
            sa.select(store.meta_table.c.value).where(store.meta_table.c.key == "schema_version")
        ).scalar()
    assert version == str(store.SCHEMA_VERSION)  # and on to every later version
    assert {"accounts", "sign_in_failures", "audit"} <= set(sa.inspect(engine).get_table_names())
    assert store.audit(engine).empty and store.accounts(engine).empty


def test_accounts_on_the_command_line(tmp_path, monkeypatch, capsys):
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    monkeypatch.setattr("sys.stdin", io.StringIO(GOOD + "\n"))
    assert cli.main(["accounts", "add", "ann", "--role", "importer", "--db", db]) == 0
    assert capsys.readouterr().out == "Account ann (importer) saved: it can sign in on the Data intake page.\n"
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert cli.main(["accounts", "add", "bob", "--role", "administrator", "--db", db, "--lang", "cy"]) == 1
    assert capsys.readouterr().err == "Mae'r cyfrinair hwnnw'n rhy fyr: defnyddiwch o leiaf 12 nod.\n"
    assert cli.main(["accounts", "list", "--db", db]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("ann  importer  added ")
    engine = store.connect(db)
    store.sign_in(engine, "ann", "wrong", ADDRESS, T0)
    assert cli.main(["history", "--auth", "--db", db]) == 0
    assert capsys.readouterr().out == "2027-03-01 09:00:00  ann (viewer)  sign_in_failed  ann  from 192.0.2.7\n"
    assert cli.main(["accounts", "remove", "ann", "--db", db]) == 0
    assert capsys.readouterr().out == "Account ann removed: it can no longer sign in.\n"
    assert cli.main(["accounts", "remove", "ann", "--db", db]) == 1
    assert capsys.readouterr().err == "There is no account called 'ann'.\n"
    assert cli.main(["history", "--audit", "--db", db]) == 0
    actions = [line.split("  ")[2] for line in capsys.readouterr().out.splitlines()]
    assert actions == ["account_add", "sign_in_failed", "account_remove"]


CHANGING = {
    "import_reports", "import_rounds", "withdraw", "save_mappings", "remove_mapping", "save_geography",
    "use_geography", "open_round", "set_round_period", "set_contact", "remove_contact", "add_account",
    "remove_account",
}  # fmt: skip


def test_the_pages_pass_the_person_acting_to_every_change():
    """A change called from a page without ``who`` would be the command line's, an administrator's: never."""
    import ast

    from sprx_map import PROJECT_DIR

    calls = []
    for path in [*(PROJECT_DIR / "sprx_map" / "ui").glob("*.py"), *(PROJECT_DIR / "pages").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CHANGING:
                who = next((k.value for k in node.keywords if k.arg == "who"), None)
                calls.append((path.name, node.func.attr, ast.unparse(who) if who is not None else None))
    assert sorted(calls) == [
        ("columns.py", "remove_mapping", "actor()"),
        ("columns.py", "save_mappings", "who"),
        ("geography_admin.py", "save_geography", "who"),
        ("geography_admin.py", "use_geography", "who"),
        ("intake.py", "import_reports", "who"),
        ("intake.py", "save_mappings", "who"),
        ("intake.py", "withdraw", "who"),
    ]
    assert set(store.__all__) >= CHANGING
