"""A throwaway PostgreSQL from Debian's postgresql package, on a free local port (tests and benchmarks)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def postgres_bin(install: bool = False) -> Path | None:
    """The folder of PostgreSQL's programs (initdb, pg_ctl); with ``install``, apt-get it when missing and possible."""
    if install and _find() is None and shutil.which("apt-get") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql"], env=env, capture_output=True, timeout=900)
    return _find()


def _find() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    return None


@contextlib.contextmanager
def throwaway_postgres(bindir: Path) -> Iterator[str]:
    """A new PostgreSQL cluster with an empty database ``sprx``: yields its SQLAlchemy URL, removes it after."""
    with throwaway_server(bindir) as server:
        yield server.url


class Server:
    """A throwaway PostgreSQL cluster that a test may stop and start again, on the same port (its ``url``)."""

    def __init__(self, bindir: Path, base: Path, port: int, as_user: list[str]) -> None:
        self.bindir, self.base, self.port, self.as_user = bindir, base, port, as_user
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/sprx"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.base / 'sock'} -c listen_addresses=127.0.0.1 -c fsync=off"
        data, log = str(self.base / "data"), str(self.base / "log")
        start = [str(self.bindir / "pg_ctl"), "-D", data, "-l", log, "-w", "-o", options, "start"]
        subprocess.run([*self.as_user, *start], check=True, capture_output=True, timeout=120)

    def stop(self, mode: str = "fast") -> None:
        stop = [str(self.bindir / "pg_ctl"), "-D", str(self.base / "data"), "-m", mode, "-w", "stop"]
        subprocess.run([*self.as_user, *stop], capture_output=True, timeout=60)


@contextlib.contextmanager
def throwaway_server(bindir: Path) -> Iterator[Server]:
    """A new PostgreSQL cluster with an empty database ``sprx``, running: yields it (a :class:`Server`), removes
    it after."""
    # Not under pytest's tmp folder: its parents are private to root, and the server runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="sprx-pg-"))
    data, sockets = base / "data", base / "sock"
    sockets.mkdir()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # PostgreSQL refuses to run as root: run it as the postgres user when we are root.
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(base, "postgres")
        shutil.chown(sockets, "postgres")
    initdb = [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
    subprocess.run([*as_user, *initdb, "--no-instructions"], check=True, capture_output=True, timeout=120)
    server = Server(bindir, base, port, as_user)
    server.start()
    try:
        createdb = [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "sprx"]
        subprocess.run(createdb, check=True, capture_output=True, timeout=60)
        yield server
    finally:
        server.stop("immediate")
        shutil.rmtree(base, ignore_errors=True)
