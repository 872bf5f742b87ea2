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


def test_without_a_certificate_the_configuration_says_it_is_plain_http_and_still_sends_the_headers():
    config = replicas.render_config(TWO, 8501)
    assert "# PLAIN HTTP: no certificate was given" in config
    lines = _lines(config)
    assert [line for line in lines if line.startswith(("bind ", "frontend "))] == ["frontend sprx_map", "bind :8501"]
    assert not any("ssl" in line or "Strict-Transport-Security" in line for line in lines)
    assert [line for line in lines if line.startswith(("http-", "option forwardfor"))] == [
        "http-request set-header X-Forwarded-Proto http",
        "http-request del-header X-Forwarded-For",
        "option forwardfor",
        "http-response set-header Content-Security-Policy \"frame-ancestors 'self'\"",
        "http-response set-header X-Frame-Options SAMEORIGIN",
        "http-check send meth GET uri /_stcore/health ver HTTP/1.1 hdr Host localhost",
        "http-check expect status 200",
    ]


def test_with_a_certificate_it_speaks_https_redirects_http_and_marks_the_cookie_secure():
    config = replicas.render_config(TWO, 8443, "10.0.0.5", certificate="/etc/ssl/private/sprx.pem", redirect_port=8080)
    assert "PLAIN HTTP" not in config
    lines = _lines(config)
    assert [line for line in lines if line.startswith(("bind ", "frontend "))] == [
        "frontend sprx_map_http",
        "bind 10.0.0.5:8080",
        "frontend sprx_map",
        "bind 10.0.0.5:8443 ssl crt /etc/ssl/private/sprx.pem",
    ]
    assert [line for line in lines if line.startswith(("http-", "option forwardfor"))] == [
        "http-request redirect location https://%[req.hdr(host),regsub(:[0-9]+$,)]:8443%[capture.req.uri] code 301",
        'http-response set-header Strict-Transport-Security "max-age=31536000"',
        "http-request set-header X-Forwarded-Proto https",
        "http-request del-header X-Forwarded-For",
        "option forwardfor",
        "http-response replace-header Set-Cookie '^(_streamlit_[^;]*(;(?!\\s*[Ss]ecure\\s*(;|$))[^;]*)*)$' "
        "'\\1; Secure'",
        "http-response set-header Content-Security-Policy \"frame-ancestors 'self'\"",
        "http-response set-header X-Frame-Options SAMEORIGIN",
        "http-check send meth GET uri /_stcore/health ver HTTP/1.1 hdr Host localhost",
        "http-check expect status 200",
    ]
    assert "cookie sprx_replica insert indirect nocache httponly secure attr SameSite=Lax" in lines
    assert "ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets" in lines
    # Without a redirect port there is no plain HTTP listener at all.
    lines = _lines(replicas.render_config(TWO, 8443, certificate="/etc/ssl/private/sprx.pem"))
    assert [line for line in lines if line.startswith("bind ")] == ["bind :8443 ssl crt /etc/ssl/private/sprx.pem"]


@pytest.mark.parametrize("path", ["", "/etc/my certs/sprx.pem", '/etc/"sprx".pem', "/etc/$HOME.pem", "/etc/a#b.pem"])
def test_a_certificate_path_haproxy_would_misread_is_refused_in_both_languages(path):
    with pytest.raises(ReplicaError) as refused:
        replicas.render_config(TWO, 443, certificate=path)
    assert refused.value.words("en") == (
        f"'{path}' cannot be used as the certificate's path in HAProxy's configuration: give a path without spaces, "
        "quotes, $ or #."
    )
    assert refused.value.words("cy") == (
        f"Ni ellir defnyddio '{path}' fel llwybr y dystysgrif yng nghyfluniad HAProxy: rhowch lwybr heb fylchau, "
        "dyfynodau, $ na #."
    )


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
    assert done.stderr.splitlines() == [
        replicas.plain_http_warning(None).words("en"),
        replicas.plain_http_warning(None).words("cy"),
    ]
    assert done.stderr.startswith("WARNING: no certificate given, so HAProxy speaks plain HTTP on *:")
    assert [line for line in lines if line.startswith("server ")] == [
        "server replica1 10.0.0.11:8501 cookie replica1",
        "server replica2 ipv6@fd00::12:8501 cookie replica2",
    ]
    wrong = cli("balancer", "--server", "10.0.0.11", "--lang", "cy")
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == (
        "Nid yw '10.0.0.11' yn gyfeiriad copi o'r gweinydd: ysgrifennwch HOST:PORT, er enghraifft 10.0.0.11:8501."
    )


def test_the_balancer_command_with_a_certificate_listens_on_443_and_redirects_80(cli, tmp_path):
    done = cli("balancer", "--server", "10.0.0.11:8501", "--certificate", "/etc/ssl/private/sprx.pem")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = _lines(done.stdout)
    assert [line for line in lines if line.startswith("bind ")] == [
        "bind :80",
        "bind :443 ssl crt /etc/ssl/private/sprx.pem",
    ]
    done = cli("balancer", "--server", "10.0.0.11:8501", "--certificate", "/etc/ssl/private/sprx.pem",
               "--port", "8443", "--redirect-port", "0")  # fmt: skip
    assert [line for line in _lines(done.stdout) if line.startswith("bind ")] == [
        "bind :8443 ssl crt /etc/ssl/private/sprx.pem"
    ]


def test_replicas_with_a_missing_certificate_start_nothing(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SPRX_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    if shutil.which("haproxy") is None and shutil.which("haproxy", path="/usr/sbin") is None:
        pytest.skip("HAProxy (Debian's haproxy package) is not installed; .ci/run installs it")
    missing = tmp_path / "none.pem"
    done = cli("serve", "--replicas", "1", "--port", "1", "--certificate", str(missing))
    assert done.returncode == 2
    assert done.stdout.splitlines() == [
        f"Nothing started: the certificate {missing} does not exist. Give the PEM file that holds the certificate "
        "chain and its private key (--certificate or SPRX_TLS_CERTIFICATE).",
        f"Ni ddechreuwyd dim: nid yw'r dystysgrif {missing} yn bodoli. Rhowch y ffeil PEM sy'n dal y gadwyn "
        "dystysgrifau a'i hallwedd breifat (--certificate neu SPRX_TLS_CERTIFICATE).",
    ]
    assert not (tmp_path / "store.sqlite").exists()


def test_plain_http_replicas_stay_on_this_machine_unless_told_otherwise():
    assert replicas.front_address(None, None) == "127.0.0.1"
    assert replicas.front_address("0.0.0.0", None) == "0.0.0.0"
    assert replicas.front_address(None, "/etc/ssl/private/sprx.pem") is None
    assert replicas.front_address("10.0.0.5", "/etc/ssl/private/sprx.pem") == "10.0.0.5"


def test_serve_alone_listens_on_the_loopback_unless_an_address_is_given(monkeypatch):
    from sprx_map import cli, serve

    heard = []
    monkeypatch.setattr(serve, "main", lambda port, address: heard.append((port, address)) or 0)
    assert cli.main(["serve"]) == 0
    assert cli.main(["serve", "--port", "8600", "--address", "0.0.0.0"]) == 0
    assert heard == [(8501, "127.0.0.1"), (8600, "0.0.0.0")]


def test_a_certificate_without_replicas_is_refused_rather_than_served_as_plain_http(monkeypatch, capsys):
    from sprx_map import cli, serve

    monkeypatch.setattr(serve, "main", lambda port, address: pytest.fail("started without HTTPS"))
    for argv, said in (
        (["serve", "--certificate", "/etc/haproxy/sprx.pem"], "Error: --certificate and --redirect-port go with "
         "--replicas (HAProxy serves HTTPS): add --replicas 1 to serve one server over HTTPS."),
        (["serve", "--redirect-port", "80", "--lang", "cy"], "Gwall: Mae --certificate a --redirect-port yn mynd gyda "
         "--replicas (HAProxy sy'n gweini HTTPS): ychwanegwch --replicas 1 i weini un gweinydd dros HTTPS."),
    ):  # fmt: skip
        with pytest.raises(SystemExit) as stopped:
            cli.main(argv)
        assert stopped.value.code == 2
        assert capsys.readouterr().err.splitlines()[-1] == said


def _keyed(key: bytes, name: str, value: bytes) -> str:
    import hashlib
    import hmac

    return hmac.new(key, name.encode() + b"\0" + value, hashlib.sha256).hexdigest()[:16]


def test_fingerprints_are_hmacs_under_the_key_and_show_nothing_of_the_values(monkeypatch, tmp_path):
    import hashlib

    monkeypatch.setenv("SPRX_COOKIE_SECRET", "s3cret-one")
    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret-one")
    monkeypatch.setenv("SPRX_DATABASE_URL", "postgresql+psycopg://sprx:pw@db/sprx")
    first = replicas.fingerprints("shared key", tmp_path / "secrets.toml")
    assert first == {
        "SPRX_COOKIE_SECRET": _keyed(b"shared key", "SPRX_COOKIE_SECRET", b"s3cret-one"),
        "SPRX_ADMIN_PASSWORD": _keyed(b"shared key", "SPRX_ADMIN_PASSWORD", b"s3cret-one"),
        "SPRX_DATABASE_URL": _keyed(b"shared key", "SPRX_DATABASE_URL", b"postgresql+psycopg://sprx:pw@db/sprx"),
        ".streamlit/secrets.toml": None,
    }
    # Two settings holding the same text do not show it, and no plain hash of a value appears.
    assert first["SPRX_COOKIE_SECRET"] != first["SPRX_ADMIN_PASSWORD"]
    assert hashlib.sha256(b"s3cret-one").hexdigest()[:16] not in first.values()
    # Another key, other fingerprints: without the key a guess cannot be checked.
    other = replicas.fingerprints("another key", tmp_path / "secrets.toml")
    assert {name for name in first if first[name] is not None and first[name] == other[name]} == set()
    monkeypatch.setenv("SPRX_COOKIE_SECRET", "s3cret-two")
    (tmp_path / "secrets.toml").write_text("[auth]\n", encoding="utf-8")
    second = replicas.fingerprints("shared key", tmp_path / "secrets.toml")
    assert second["SPRX_COOKIE_SECRET"] != first["SPRX_COOKIE_SECRET"]
    assert second["SPRX_DATABASE_URL"] == first["SPRX_DATABASE_URL"]
    assert second[".streamlit/secrets.toml"] == _keyed(b"shared key", ".streamlit/secrets.toml", b"[auth]\n")


def test_fingerprints_without_a_key_are_refused():
    with pytest.raises(ReplicaError) as refused:
        replicas.fingerprints("")
    assert refused.value.key == "replicas.no_fingerprint_key"


def _machine(tmp_path, name: str, **env: str):
    """``python -m sprx_map fingerprint`` as run on another machine: its own folder and environment."""
    import os
    import subprocess
    import sys

    from sprx_map import PROJECT_DIR

    settings = {"SPRX_COOKIE_SECRET": "same-secret", "SPRX_DATABASE_URL": "postgresql+psycopg://sprx@db/sprx"}
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SPRX_")} | settings

    def run(*args: str, stdin: str = "", **more: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "sprx_map", "fingerprint", *args]
        return subprocess.run(command, input=stdin, capture_output=True, text=True, cwd=PROJECT_DIR,
                              env=environment | env | more, timeout=180)  # fmt: skip

    return run


def test_two_machines_with_the_same_settings_and_key_print_the_same_fingerprints(tmp_path):
    first, second = _machine(tmp_path, "first"), _machine(tmp_path, "second")
    from_stdin = first("--key", "-", stdin="the key for today\n")
    from_setting = second(SPRX_FINGERPRINT_KEY="the key for today")
    assert from_stdin.returncode == 0 and from_setting.returncode == 0, from_stdin.stderr + from_setting.stderr
    assert from_stdin.stdout == from_setting.stdout
    lines = from_stdin.stdout.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == [
        "SPRX_COOKIE_SECRET", "SPRX_ADMIN_PASSWORD", "SPRX_DATABASE_URL", ".streamlit/secrets.toml",
    ]  # fmt: skip
    assert lines[0] == "SPRX_COOKIE_SECRET " + _keyed(b"the key for today", "SPRX_COOKIE_SECRET", b"same-secret")
    assert lines[1] == "SPRX_ADMIN_PASSWORD (not set)"
    other_key = second("--key", "another key")
    assert other_key.stdout.splitlines()[0] != lines[0]
    other_secret = second("--key", "the key for today", SPRX_COOKIE_SECRET="other-secret")
    assert other_secret.stdout.splitlines()[0] != lines[0]
    assert other_secret.stdout.splitlines()[2] == lines[2]


def test_fingerprint_without_a_key_prints_nothing_and_says_why_in_both_languages(tmp_path):
    done = _machine(tmp_path, "first")()
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "Nothing printed: fingerprint needs a key, the same on every machine you compare. Give --key - and type "
        "it, or set SPRX_FINGERPRINT_KEY. Without a key, a fingerprint could be checked against guessed passwords.",
        "Ni argraffwyd dim: mae angen allwedd ar fingerprint, yr un un ar bob peiriant rydych yn eu cymharu. Rhowch "
        "--key - a'i theipio, neu gosodwch SPRX_FINGERPRINT_KEY. Heb allwedd, gellid gwirio ôl bys yn erbyn "
        "cyfrineiriau a ddyfalwyd.",
    ]
    assert _machine(tmp_path, "first")("--key", "-", stdin="\n").stdout == ""
