"""A viewer that speaks Streamlit's own protocol: what a browser sends and waits for, without drawing.

A browser opens the page, then a websocket at ``/_stcore/stream`` and sends a
``rerun_script`` BackMsg (a ``ClientState``): the query string, the widget
states, and either the page's name from the address (``map``: the first time,
before it knows the app's pages) or the page's ``page_script_hash`` (once the
``navigation`` ForwardMsg has told it the hashes; a click on a page link). The
server answers with ForwardMsgs (``new_session``, ``navigation``, ``delta``
...) and ends every run with ``script_finished``: ``FINISHED_EARLY_FOR_RERUN``
when the run was cut short for another (the viewer keeps waiting),
``FINISHED_SUCCESSFULLY`` when the page is complete. Elements the browser already
holds are not sent again: it lists the hashes of the cacheable messages it has
(``cached_message_hashes``) and the server sends a ``ref_hash`` instead; the
viewer does the same, so a second page costs the server what it costs for a
browser.

:class:`Session` is the protocol alone (bytes in, bytes out, no I/O), so it can
be tested without a server; :func:`view` drives one over a websocket.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

MAX_MESSAGE = 256 * 2**20  # Streamlit's own limit on a message is 200 MB


class RunFailed(RuntimeError):
    """The script run ended badly: an exception shown, a compile error, or no such page."""


@dataclass
class Session:
    """One browser session's side of the protocol, as bytes: what to send, what was received.

    ``pages`` maps a page's URL path ("" for the default page) to its script
    hash, learnt from ``navigation`` messages; ``cached`` holds the hashes of
    the cacheable messages received (the browser's message cache).
    """

    query_string: str = ""
    pages: dict[str, str] = field(default_factory=dict)
    cached: set[str] = field(default_factory=set)
    current: str = ""  # the script hash of the page the server last ran
    received: list[bytes] = field(default_factory=list)  # every payload of the run under way

    def rerun(self, page: str = "") -> bytes:
        """The ``rerun_script`` BackMsg that opens ``page`` (its URL path: "", "map", "gaps" ...)."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.widget_states.SetInParent()
        known = self.pages.get(page)
        if known:
            state.page_script_hash = known
        else:  # the first load of a page, before the app has listed its pages: by its name in the address
            state.page_name = page
        state.cached_message_hashes.extend(sorted(self.cached))
        self.received = []
        return msg.SerializeToString()

    def receive(self, payload: bytes) -> bool:
        """Take in one ForwardMsg; True once the run is complete. Raises :class:`RunFailed` on a failed run."""
        self.received.append(payload)
        msg = ForwardMsg()
        msg.ParseFromString(payload)
        kind = msg.WhichOneof("type")
        if msg.metadata.cacheable and msg.hash:
            self.cached.add(msg.hash)
        if kind == "navigation":
            self.pages.update({p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages})
            for page in msg.navigation.app_pages:
                if page.is_default:  # the address without a page's name opens it
                    self.pages[""] = page.page_script_hash
        elif kind == "new_session":
            self.current = msg.new_session.page_script_hash
        elif kind == "delta" and msg.delta.new_element.WhichOneof("type") == "exception":
            raise RunFailed(msg.delta.new_element.exception.message or msg.delta.new_element.exception.type)
        elif kind == "page_not_found":
            raise RunFailed(f"page not found: {msg.page_not_found.page_name!r}")
        elif kind == "session_event" and msg.session_event.WhichOneof("type") == "script_compilation_exception":
            raise RunFailed(msg.session_event.script_compilation_exception.message)
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                raise RunFailed("the script did not compile")
            return msg.script_finished in (
                ForwardMsg.FINISHED_SUCCESSFULLY,
                ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
            )
        return False

    def shows(self, text: str) -> bool:
        """Whether ``text`` is in what the run under way (or just finished) sent."""
        needle = text.encode()
        return any(needle in payload for payload in self.received)


@dataclass
class Visit:
    """What one viewer saw: seconds from connecting to each page complete, or the error that stopped it."""

    pages: dict[str, float] = field(default_factory=dict)
    total: float | None = None
    error: str | None = None
    shown: bool | None = None  # with ``expect``: whether the last page showed it


def affinity_cookie(base: str, timeout: float = 10.0) -> str:
    """The cookies a browser would get loading the page (through a load balancer: which replica is its)."""
    with urllib.request.urlopen(base + "/", timeout=timeout) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    return "; ".join(c.split(";", 1)[0] for c in cookies)


async def view(
    base: str,
    pages: tuple[str, ...],
    timeout: float = 120.0,
    cookie: str | None = None,
    expect: str | None = None,
    hold: asyncio.Event | None = None,
    ready: list | None = None,
) -> Visit:
    """One viewer: open a session at ``base`` (``http://host:port``), run each of ``pages`` in turn.

    Each run is complete at its ``script_finished``; running the pages is bounded
    by ``timeout``. ``cookie`` is sent with the websocket's opening request (the
    load balancer's affinity cookie); with ``expect``, the visit notes whether the
    last page showed that text. With ``hold``, the session stays open, once its
    pages have run (the visit is then put in ``ready``), until ``hold`` is set.
    """
    import websockets

    visit = Visit()
    started = time.perf_counter()
    url = "ws" + base.removeprefix("http") + "/_stcore/stream"
    headers = {"Cookie": cookie} if cookie else None
    try:
        async with websockets.connect(
            url, subprotocols=["streamlit"], additional_headers=headers, max_size=MAX_MESSAGE, compression=None,
            open_timeout=timeout, ping_interval=None,  # a browser sends no pings: only the runs are waited for
        ) as socket:  # fmt: skip
            async with asyncio.timeout(timeout):
                session = Session()
                for page in pages:
                    await socket.send(session.rerun(page))
                    while not session.receive(await socket.recv()):
                        pass
                    visit.pages[page] = time.perf_counter() - started
            if expect is not None:
                visit.shown = session.shows(expect)
            visit.total = time.perf_counter() - started
            if hold is not None:
                (ready if ready is not None else []).append(visit)
                await hold.wait()
    except TimeoutError:
        visit.error = f"no answer within {timeout:.0f} s"
    except (RunFailed, OSError, websockets.WebSocketException) as exc:
        visit.error = f"{type(exc).__name__}: {exc}"
    return visit
