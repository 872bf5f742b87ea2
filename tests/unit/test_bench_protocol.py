"""The load benchmark's viewer speaks Streamlit's protocol as a browser does (messages only; no timing here)."""

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.protocol import RunFailed, Session


def _sent(payload: bytes):
    msg = BackMsg()
    msg.ParseFromString(payload)
    assert msg.WhichOneof("type") == "rerun_script"
    return msg.rerun_script


def _navigation() -> bytes:
    msg = ForwardMsg()
    for name, page_hash, default in (("overview", "h-overview", True), ("map", "h-map", False)):
        page = msg.navigation.app_pages.add()
        page.url_pathname, page.page_script_hash, page.is_default = name, page_hash, default
    return msg.SerializeToString()


def _delta(text: str, cacheable: bool, msg_hash: str) -> bytes:
    msg = ForwardMsg()
    msg.hash = msg_hash
    msg.metadata.cacheable = cacheable
    msg.delta.new_element.markdown.body = text
    return msg.SerializeToString()


def _finished(status) -> bytes:
    msg = ForwardMsg()
    msg.script_finished = status
    return msg.SerializeToString()


def test_a_first_load_asks_for_the_page_by_its_name_then_by_its_hash():
    session = Session(query_string="lang=cy")
    first = _sent(session.rerun("map"))
    assert (first.page_name, first.page_script_hash, first.query_string) == ("map", "", "lang=cy")
    assert session.receive(_navigation()) is False
    assert session.pages == {"overview": "h-overview", "": "h-overview", "map": "h-map"}
    again = _sent(session.rerun("map"))
    assert (again.page_name, again.page_script_hash) == ("", "h-map")
    assert _sent(session.rerun("")).page_script_hash == "h-overview"


def test_the_hashes_of_cacheable_messages_are_sent_back_as_a_browser_does():
    session = Session()
    session.rerun("")
    session.receive(_delta("big table", cacheable=True, msg_hash="aaa"))
    session.receive(_delta("small text", cacheable=False, msg_hash="bbb"))
    assert list(_sent(session.rerun("map")).cached_message_hashes) == ["aaa"]


def test_a_run_is_complete_at_its_script_finished_but_not_when_cut_short_for_another():
    session = Session()
    session.rerun("")
    assert session.receive(_delta("Round 2029-03: 1 of 7", cacheable=False, msg_hash="c")) is False
    assert session.receive(_finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN)) is False
    assert session.receive(_finished(ForwardMsg.FINISHED_SUCCESSFULLY)) is True
    assert session.shows("Round 2029-03: 1 of 7") is True
    session.rerun("map")
    assert session.shows("Round 2029-03") is False  # what the previous run sent is not this run's


def test_an_exception_shown_or_a_missing_page_fails_the_run():
    session = Session()
    msg = ForwardMsg()
    msg.delta.new_element.exception.type = "KeyError"
    msg.delta.new_element.exception.message = "'cluster'"
    with pytest.raises(RunFailed, match="'cluster'"):
        session.receive(msg.SerializeToString())
    missing = ForwardMsg()
    missing.page_not_found.page_name = "nowhere"
    with pytest.raises(RunFailed, match="page not found: 'nowhere'"):
        session.receive(missing.SerializeToString())
    with pytest.raises(RunFailed, match="did not compile"):
        session.receive(_finished(ForwardMsg.FINISHED_WITH_COMPILE_ERROR))


def test_a_busy_machine_is_said_and_a_quiet_one_too():
    from bench.load import say_machine

    busy = {"load_average": [3.5, 2.25, 1.0], "cores": 2, "quiet": False}
    assert say_machine(busy) == (
        "MACHINE NOT QUIET: load average 3.50 2.25 1.00 on 2 processors (over 0.5 per processor): "
        "these ratios do not count against the budgets"
    )
    quiet = {"load_average": [0.2, 0.1, 0.05], "cores": 2, "quiet": True}
    assert say_machine(quiet) == "machine quiet: load average 0.20 0.10 0.05 on 2 processors"
