"""``python -m sprx_map serve --replicas N``: N Streamlit servers behind HAProxy, started and stopped together.

One Streamlit process runs every script on one Python interpreter, so a room of
viewers queues on one core. Here N processes (``python -m sprx_map serve`` on
local ports) share the work, and HAProxy (Debian's ``haproxy``) listens on the
public port with a configuration written from ``deploy/haproxy.cfg.j2``: each
viewer's websocket is proxied as a tunnel, a cookie keeps a viewer on its replica
(Streamlit keeps a session, its uploads and media in that process's memory),
and a replica is only sent viewers while ``/_stcore/health`` answers. Every
replica gets the same ``server.cookieSecret`` (``SPRX_COOKIE_SECRET``, or one
made for this start). With more than one replica the store must be one they all
reach: PostgreSQL through ``SPRX_DATABASE_URL``; a SQLite file is refused.

The processes live and die together: Ctrl-C or SIGTERM stops them all, and if
one stops on its own the others are stopped and the command says which.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sprx_map import PROJECT_DIR, settings
from sprx_map.i18n import t

TEMPLATE = PROJECT_DIR / "deploy" / "haproxy.cfg.j2"
COOKIE = "sprx_replica"  # HAProxy's affinity cookie: which replica a viewer's browser is on
HEALTH = "/_stcore/health"
START_TIMEOUT = 180.0  # seconds for every replica to answer its health check
STOP_TIMEOUT = 15.0  # seconds each process is given to stop before it is killed
COOKIE_SECRET_VARIABLE = "STREAMLIT_SERVER_COOKIE_SECRET"  # Streamlit's own name for server.cookieSecret


class ReplicaError(RuntimeError):
    """The replicas cannot start: ``key`` and ``values`` word the reason in the catalogue."""

    def __init__(self, key: str, **values) -> None:
        super().__init__(t(key, "en", **values))
        self.key, self.values = key, values

    def words(self, lang: str) -> str:
        return t(self.key, lang, **self.values)


@dataclass(frozen=True)
class Replica:
    """One Streamlit server behind the load balancer: its name (also its cookie value) and where it listens."""

    name: str
    address: str
    port: int

    @property
    def target(self) -> str:
        """Where HAProxy reaches it: ``host:port``, with an IPv6 address marked as such (``ipv6@``)."""
        return f"ipv6@{self.address}:{self.port}" if ":" in self.address else f"{self.address}:{self.port}"

    @property
    def url(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"http://{host}:{self.port}"


def check_store(url: str | None, count: int) -> None:
    """Refuse a store the replicas cannot share: with ``count`` > 1 it must be a database server, not SQLite.

    >>> check_store("postgresql+psycopg://sprx@db/sprx", 2)
    >>> check_store(None, 1)
    """
    if count > 1 and (url is None or url.startswith("sqlite")):
        raise ReplicaError("replicas.sqlite", count=count)


def check_certificate(path: str | None) -> None:
    """Refuse a certificate path HAProxy would misread in its configuration (spaces, quotes, ``$``, ``#``).

    >>> check_certificate("/etc/haproxy/sprx.pem")
    """
    if path is not None and (not path or any(c.isspace() or c in "\"'$#" for c in path)):
        raise ReplicaError("replicas.bad_certificate", path=path)


def _listen(address: str | None, port: int) -> str:
    """HAProxy's ``bind`` address for ``address``:``port`` (every address when ``address`` is empty)."""
    return f"ipv6@{address}:{port}" if address and ":" in address else f"{address or ''}:{port}"


def render_config(
    replicas: list[Replica],
    port: int,
    address: str | None = None,
    check_interval: str = "2s",
    certificate: str | None = None,
    redirect_port: int | None = None,
) -> str:
    """HAProxy's configuration (from :data:`TEMPLATE`) for ``replicas``, listening on ``address``:``port``.

    With ``certificate`` (a PEM file holding the certificate chain and its key) it
    speaks only HTTPS on the port, and ``redirect_port`` (if given) sends plain
    HTTP there; without it, plain HTTP, said so in the file.
    """
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE.parent), undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    check_certificate(certificate)
    return environment.get_template(TEMPLATE.name).render(
        replicas=replicas,
        bind=_listen(address, port),
        certificate=certificate,
        redirect=_listen(address, redirect_port) if redirect_port else None,
        https_port="" if port == 443 else f":{port}",
        cookie=COOKIE,
        check_interval=check_interval,
        maxconn=4096,
    )


def local_replicas(count: int) -> list[Replica]:
    """``count`` replicas on this machine's loopback, each on a port that is free now."""
    ports = set()
    while len(ports) < count:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            ports.add(s.getsockname()[1])
    return [Replica(f"replica{i}", "127.0.0.1", p) for i, p in enumerate(sorted(ports), start=1)]


def find_haproxy() -> str:
    """Where HAProxy is (Debian installs it in /usr/sbin, which a user's PATH may lack)."""
    found = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")
    if not found:
        raise ReplicaError("replicas.no_haproxy")
    return found


def prepare_store(url: str | None) -> None:
    """Create (or upgrade) the store and seed a new one, once, before the replicas race to do it (``None``: the
    store the settings name)."""
    from sprx_map.dataset import load_store
    from sprx_map.geo.geography import load_geography

    load_store(load_geography(), url)


def healthy(url: str) -> bool:
    """Whether the Streamlit server (or the load balancer) at ``url`` answers its health check.

    Over HTTPS the certificate is not checked: this asks the HAProxy this command
    started, on this machine, whose certificate may name only the public address.
    """
    context = None
    if url.startswith("https:"):
        import ssl

        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    try:
        with urllib.request.urlopen(url + HEALTH, timeout=2, context=context) as response:
            return response.status == 200
    except OSError:
        return False


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, between fork and exec
    """Ask Linux to stop this child if the command itself is killed outright (it then cannot stop them)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@dataclass
class Running:
    """The started processes by what they are (a replica's name, or "haproxy")."""

    processes: dict[str, subprocess.Popen]

    def stopped(self) -> tuple[str, int] | None:
        """The first process that has stopped and its exit code, or None while all run."""
        for name, process in self.processes.items():
            code = process.poll()
            if code is not None:
                return name, code
        return None

    def stop(self) -> None:
        """Stop every process (the load balancer first, so no viewer is sent to a stopping replica)."""
        order = sorted(self.processes, key=lambda name: name != "haproxy")
        for name in order:
            if self.processes[name].poll() is None:
                self.processes[name].terminate()
        for name in order:
            try:
                self.processes[name].wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.processes[name].kill()
                self.processes[name].wait()


def start_replica(replica: Replica, url: str | None, cookie_secret: str) -> subprocess.Popen:
    """``python -m sprx_map serve`` for ``replica``, on the shared store and cookie secret."""
    from sprx_map.store import URL_VARIABLE

    env = {**os.environ, COOKIE_SECRET_VARIABLE: cookie_secret}
    if url:
        env[URL_VARIABLE] = url
    command = [sys.executable, "-m", "sprx_map", "serve", "--port", str(replica.port), "--address", replica.address]
    # Streamlit's banner would give the replica's own address; its errors still go to stderr.
    return subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL, preexec_fn=_die_with_parent)


def _say(text: str) -> None:
    print(text, flush=True)  # at once, also when the output goes to a pipe or a log


def plain_http_warning(address: str | None) -> ReplicaError:
    """What is said, loudly, when HAProxy is to speak plain HTTP on ``address`` (no certificate given)."""
    return ReplicaError("replicas.plain_http", address=address or "*")


def front_address(address: str | None, certificate: str | None) -> str | None:
    """Where HAProxy listens when ``--address`` is ``address``: with a certificate, every address unless told;
    without one, plain HTTP stays on this machine (127.0.0.1) unless an address is given deliberately."""
    return address if address or certificate else "127.0.0.1"


def serve(
    count: int,
    port: int = 8501,
    address: str | None = None,
    lang: str = "en",
    say: Callable[[str], None] = _say,
    certificate: str | None = None,
    redirect_port: int | None = None,
) -> int:
    """Run ``count`` replicas behind HAProxy on ``port`` until Ctrl-C or SIGTERM, or until one of them stops.

    With ``certificate`` HAProxy speaks HTTPS on ``port`` (and redirects plain
    HTTP from ``redirect_port`` when given); without it, plain HTTP, said loudly.
    Returns 0 when stopped by a signal, 1 when a process stopped on its own or
    could not start (``say`` is told why), 2 when the replicas cannot start at all.
    """
    url = settings.value("SPRX_DATABASE_URL")
    address = front_address(address, certificate)
    try:
        check_store(url, count)
        haproxy = find_haproxy()
        check_certificate(certificate)
        if certificate and not Path(certificate).is_file():
            raise ReplicaError("replicas.no_certificate", path=certificate)
    except ReplicaError as refusal:  # said in both languages: it may be read by whoever set the server up
        say("\n".join(refusal.words(language) for language in ("en", "cy")))
        return 2
    if not certificate:
        say("\n".join(plain_http_warning(address).words(language) for language in ("en", "cy")))
    stop_requested = []
    previous = {
        sig: signal.signal(sig, lambda *_: stop_requested.append(True)) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    replicas = local_replicas(count)
    running = Running({})
    folder = Path(tempfile.mkdtemp(prefix="sprx-haproxy-"))
    try:
        try:
            _prepare_in_child(url)
        except ReplicaError as failure:  # the store cannot be reached or read: nothing was started
            say(failure.words(lang))
            return 1
        secret = settings.value("SPRX_COOKIE_SECRET") or secrets.token_urlsafe(32)
        for replica in replicas:
            running.processes[replica.name] = start_replica(replica, url, secret)
        if not _wait(lambda: all(healthy(r.url) for r in replicas), running, stop_requested, START_TIMEOUT):
            return _ended(running, stop_requested, lang, say)
        config = folder / "haproxy.cfg"
        config.write_text(
            render_config(replicas, port, address, certificate=certificate, redirect_port=redirect_port),
            encoding="utf-8",
        )
        running.processes["haproxy"] = subprocess.Popen(
            [haproxy, "-db", "-f", str(config)], preexec_fn=_die_with_parent
        )
        front = Replica("haproxy", address if address not in (None, "", "0.0.0.0", "::") else "127.0.0.1", port)
        front_url = front.url.replace("http:", "https:", 1) if certificate else front.url
        if not _wait(lambda: healthy(front_url), running, stop_requested, 30.0):
            return _ended(running, stop_requested, lang, say)
        say(t("replicas.ready", lang, count=count, url=front_url, ports=", ".join(str(r.port) for r in replicas)))
        _wait(lambda: False, running, stop_requested, None)
        return _ended(running, stop_requested, lang, say)
    finally:
        running.stop()
        shutil.rmtree(folder, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _prepare_in_child(url: str | None) -> None:
    """:func:`prepare_store` in a process of its own, so this one stays small while it watches the others."""
    from sprx_map.store import URL_VARIABLE

    env = {**os.environ, URL_VARIABLE: url} if url else None
    code = "from sprx_map.replicas import prepare_store; prepare_store(None)"
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit code {done.returncode}"]
        raise ReplicaError("replicas.store_failed", reason=lines[-1])


def _wait(done: Callable[[], bool], running: Running, stop_requested: list, timeout: float | None) -> bool:
    """Wait until ``done()``; False when a process stopped, a stop was asked for, or ``timeout`` passed first."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while not stop_requested and running.stopped() is None:
        if done():
            return True
        if deadline is not None and time.monotonic() > deadline:
            return False
        time.sleep(0.25)
    return False


def _ended(running: Running, stop_requested: list, lang: str, say: Callable[[str], None]) -> int:
    """Say why the replicas are stopping; the exit code that goes with it."""
    if stop_requested:
        say(t("replicas.stopping", lang))
        return 0
    gone = running.stopped()
    if gone is None:
        say(t("replicas.not_ready", lang, seconds=int(START_TIMEOUT)))
    else:
        say(t("replicas.died", lang, name=gone[0], code=gone[1]))
    return 1


def remote_replicas(servers: list[str]) -> list[Replica]:
    """Replicas on other machines, from ``HOST:PORT`` texts (``[::1]:8501`` for IPv6), named in the order given.

    >>> remote_replicas(["10.0.0.11:8501", "[fd00::12]:8501"])[1]
    Replica(name='replica2', address='fd00::12', port=8501)
    """
    found = []
    for i, text in enumerate(servers, start=1):
        host, _, port = text.rpartition(":")
        if not host or not port.isdigit():
            raise ReplicaError("replicas.bad_server", server=text)
        found.append(Replica(f"replica{i}", host.strip("[]"), int(port)))
    return found


# What every replica behind one load balancer must share, by its setting; and Streamlit's secrets file (sign-in).
SHARED = ("SPRX_COOKIE_SECRET", "SPRX_ADMIN_PASSWORD", "SPRX_DATABASE_URL")
SECRETS_FILE = PROJECT_DIR / ".streamlit" / "secrets.toml"


def fingerprints(key: str, secrets_file: Path = SECRETS_FILE) -> dict[str, str | None]:
    """A short fingerprint of each shared setting and of the secrets file, keyed by ``key``; None when unset.

    Run on every machine with the same ``key`` and compare: equal fingerprints,
    equal values, without showing them. Each is an HMAC-SHA-256 (its first 16
    hex digits) of the setting's name and value under ``key``, so without the key
    a fingerprint cannot be checked against guessed passwords, and two settings
    holding the same text do not show it. The database URL is the one the store
    would use (its default SQLite file included).
    """
    import hashlib
    import hmac

    from sprx_map.store import database_url

    if not key:
        raise ReplicaError("replicas.no_fingerprint_key")
    values = {name: settings.value(name) for name in SHARED}
    values["SPRX_DATABASE_URL"] = database_url()
    values[".streamlit/secrets.toml"] = secrets_file.read_bytes() if secrets_file.exists() else None
    found: dict[str, str | None] = {}
    for name, value in values.items():
        if value is not None:
            message = name.encode() + b"\0" + (value if isinstance(value, bytes) else value.encode())
            value = hmac.new(key.encode(), message, hashlib.sha256).hexdigest()[:16]
        found[name] = value
    return found
