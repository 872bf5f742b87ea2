"""serve --replicas: HAProxy's configuration as written, and a store replicas cannot share refused."""

import shutil
import subprocess

import pytest

from sprx_map import replicas
from sprx_map.replicas import Replica, ReplicaError

TWO = [Replica("replica1", "127.0.0.1", 9101), Replica("replica2", "127.0.0.1", 9102)]


def _lines(config: str) -> list[str]:
    return [line.strip() for line in config.splitlines() if line.strip() and not line.strip().startswith("#")]


def test_the_configuration_keeps_viewers_on_their_replica_and_checks_health():
    lines = _lines(replicas.render_config(TWO, 8501))
    assert "bind :8501" in lines
    assert "cookie sprx_replica insert indirect nocache httponly attr SameSite=Lax" in lines
    assert "option httpchk" in lines
    assert "http-check send meth GET uri /_stcore/health ver HTTP/1.1 hdr Host localhost" in lines
    assert "http-check expect status 200" in lines
    assert "default-server check inter 2s fall 3 rise 1" in lines
    assert "timeout tunnel 1h" in lines  # websockets stay open as long as the page does
    assert "balance leastconn" in lines
    assert [line for line in lines if line.startswith("server ")] == [
        "server replica1 127.0.0.1:9101 cookie replica1",
        "server replica2 127.0.0.1:9102 cookie replica2",
    ]


def test_the_configuration_listens_where_it_is_told_and_marks_ipv6():
    lines = _lines(replicas.render_config([Replica("a", "::1", 9001)], 80, address="10.0.0.5", check_interval="5s"))
    assert "bind 10.0.0.5:80" in lines
    assert "default-server check inter 5s fall 3 rise 1" in lines
    assert "server a ipv6@::1:9001 cookie a" in lines
    assert Replica("a", "::1", 9001).url == "http://[::1]:9001"


def test_haproxy_accepts_the_configuration(tmp_path):
    haproxy = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin")
    if haproxy is None:
        pytest.skip("HAProxy (Debian's haproxy package) is not installed; .ci/run installs it")
    config = tmp_path / "haproxy.cfg"
    config.write_text(replicas.render_config(TWO, 8501), encoding="utf-8")
    done = subprocess.run([haproxy, "-c", "-f", str(config)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stdout + done.stderr


def test_local_replicas_get_distinct_ports_on_the_loopback():
    found = replicas.local_replicas(3)
    assert [r.name for r in found] == ["replica1", "replica2", "replica3"]
    assert {r.address for r in found} == {"127.0.0.1"}
    assert len({r.port for r in found}) == 3


@pytest.mark.parametrize("url", [None, "sqlite:///data/store/sprx-map.sqlite"])
def test_more_than_one_replica_on_sqlite_is_refused_in_both_languages(url):
    with pytest.raises(ReplicaError) as refused:
        replicas.check_store(url, 2)
    assert refused.value.words("en").startswith("2 replicas need a store they all share: set SPRX_DATABASE_URL")
    assert refused.value.words("cy").startswith("Mae angen storfa y mae pob un o'r 2 copi o'r gweinydd yn ei rhannu")


def test_one_replica_may_use_sqlite_and_several_may_share_postgresql():
    replicas.check_store("sqlite:///store.sqlite", 1)
    replicas.check_store("postgresql+psycopg://sprx@db.example/sprx", 3)


def test_the_command_refuses_sqlite_before_starting_anything(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SPRX_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    done = cli("serve", "--replicas", "2", "--port", "1")
    assert done.returncode == 2
    assert done.stdout.splitlines() == [
        replicas.ReplicaError("replicas.sqlite", count=2).words("en"),
        replicas.ReplicaError("replicas.sqlite", count=2).words("cy"),
    ]
    assert not (tmp_path / "store.sqlite").exists()


def test_the_balancer_command_writes_the_configuration_for_replicas_on_other_machines(cli, tmp_path):
    out = tmp_path / "haproxy.cfg"
    done = cli(
        "balancer", "--server", "10.0.0.11:8501", "--server", "[fd00::12]:8501", "--port", "80", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    lines = _lines(out.read_text(encoding="utf-8"))
    assert "bind :80" in lines
    assert [line for line in lines if line.startswith("server ")] == [
        "server replica1 10.0.0.11:8501 cookie replica1",
        "server replica2 ipv6@fd00::12:8501 cookie replica2",
    ]
    wrong = cli("balancer", "--server", "10.0.0.11", "--lang", "cy")
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == (
        "Nid yw '10.0.0.11' yn gyfeiriad copi o'r gweinydd: ysgrifennwch HOST:PORT, er enghraifft 10.0.0.11:8501."
    )


def test_fingerprints_tell_equal_settings_apart_without_showing_them(monkeypatch, tmp_path):
    monkeypatch.setenv("SPRX_COOKIE_SECRET", "s3cret-one")
    monkeypatch.setenv("SPRX_DATABASE_URL", "postgresql+psycopg://sprx:pw@db/sprx")
    monkeypatch.delenv("SPRX_ADMIN_PASSWORD", raising=False)
    import hashlib

    def digest(text: bytes) -> str:
        return hashlib.sha256(text).hexdigest()[:12]

    first = replicas.fingerprints(tmp_path / "secrets.toml")
    assert first == {
        "SPRX_COOKIE_SECRET": digest(b"s3cret-one"),
        "SPRX_ADMIN_PASSWORD": None,
        "SPRX_DATABASE_URL": digest(b"postgresql+psycopg://sprx:pw@db/sprx"),
        ".streamlit/secrets.toml": None,
    }
    assert "s3cret" not in str(first) and "pw" not in str(first)
    monkeypatch.setenv("SPRX_COOKIE_SECRET", "s3cret-two")
    (tmp_path / "secrets.toml").write_text("[auth]\n", encoding="utf-8")
    second = replicas.fingerprints(tmp_path / "secrets.toml")
    assert second["SPRX_COOKIE_SECRET"] != first["SPRX_COOKIE_SECRET"]
    assert second["SPRX_DATABASE_URL"] == first["SPRX_DATABASE_URL"]
    assert second[".streamlit/secrets.toml"] == digest(b"[auth]\n")
