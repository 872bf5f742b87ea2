"""A PostgreSQL that does not answer does not hang the app: the engine gives up after SPRX_DATABASE_CONNECT_SECONDS."""

import socket
import threading

import pytest
import sqlalchemy as sa

from sprx_map import store


class _Seen(Exception):
    """Raised by the test's listener instead of connecting: what it saw is all the test wants."""


def test_the_postgresql_engine_connects_with_the_set_timeout(monkeypatch):
    monkeypatch.setenv("SPRX_DATABASE_CONNECT_SECONDS", "7")
    seen = {}

    def record(dialect, record, cargs, cparams):
        seen.update(cparams)
        raise _Seen

    sa.event.listen(sa.Engine, "do_connect", record)
    try:
        with pytest.raises(_Seen):
            store.connect("postgresql+psycopg://nobody@127.0.0.1:9/none")
    finally:
        sa.event.remove(sa.Engine, "do_connect", record)
    assert seen["connect_timeout"] == 7


def test_a_postgresql_that_never_answers_is_given_up_on(monkeypatch):
    monkeypatch.setenv("SPRX_DATABASE_CONNECT_SECONDS", "2")
    silent = socket.socket()  # accepts connections (the kernel does) and never says a word
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    outcome = []

    def attempt():
        try:
            store.connect(f"postgresql+psycopg://nobody@127.0.0.1:{silent.getsockname()[1]}/none")
        except Exception as exc:  # what connecting ended with, for the test to look at
            outcome.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    try:
        worker.start()
        worker.join(timeout=120)  # far longer than the 2 s set: only a connection with no timeout is still waiting
        assert not worker.is_alive(), "connecting to a silent server was still waiting after 120 s"
    finally:
        silent.close()
    assert [type(exc) for exc in outcome] == [sa.exc.OperationalError]
    assert "timeout" in str(outcome[0]).lower()
