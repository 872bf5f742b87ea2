"""The Data intake page facing hostile files: Markdown from a file is shown as text, a boundary file is not
read before permission is known, and what a VRT points at never reaches the page."""

import io
import re

from openpyxl import Workbook

from tests.builders import REQUIRED_HEADER, as_read

BEACON = "![beacon](http://127.0.0.1:9/beacon.png)"
LINK = "[click here](http://127.0.0.1:9/phish)"
SECRET = "SECRET-ON-THE-SERVER-7731"
# Streamlit renders Markdown in alerts, captions, Markdown, headings, expander and widget labels; not in text,
# code, tables or a select box's options.
PLAIN = {"text", "code", "dataframe", "arrow_data_frame", "table", "json", "html"}


def _hostile_return() -> bytes:
    """A return whose sheet name, title, headings and values are Markdown that would fetch or link."""
    book = Workbook()
    sheet = book.active
    sheet.title = "__Powys__ (x) #1"
    sheet.append([f"Powys return {BEACON}"])
    sheet.append([*REQUIRED_HEADER, f"Notes {BEACON}"])
    sheet.append([LINK, f"Org {BEACON}", "Powys", "Mid Powys", "current", f"arts, {BEACON}", "x"])
    sheet.append(["Walk", "Walkers", "Powys", f"Mid Powys {LINK}", "current", "arts", "y"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _markdown_texts(node, found=None) -> list[str]:
    """Every text of the page that Streamlit renders as Markdown."""
    found = [] if found is None else found
    for child in getattr(node, "children", {}).values():
        _markdown_texts(child, found)
    kind = getattr(node, "type", "")
    proto = getattr(node, "proto", None)
    if kind in PLAIN or proto is None:
        return found
    for name in ("label", "body", "help", "placeholder"):
        value = getattr(proto, name, None)
        if isinstance(value, str) and value:
            found.append(value)
    return found


def _unescaped(text: str) -> list[str]:
    """Markdown constructs that would render: an image or a link."""
    return re.findall(r"(?<!\\)!(?<!\\)\[|(?<!\\)\]\(", text)


def test_markdown_in_a_return_is_shown_as_text_on_the_intake_page(run_page, own_store, monkeypatch, sign_in):
    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    at = run_page("pages/intake.py")
    at.get("file_uploader")[0].upload(f"{LINK}.xlsx", _hostile_return()).run()
    sign_in(at)
    at.text_input(key="intake_round").set_value("2030-01").run()
    assert not at.exception
    texts = _markdown_texts(at.main)
    hostile = [t for t in texts if "127.0.0.1:9" in as_read(t)]
    assert len(hostile) >= 3  # the file's name, its headings and guessed values are all shown somewhere
    assert [t for t in texts if _unescaped(t)] == []
    shown = [as_read(t) for t in hostile]
    assert any(LINK in t for t in shown)  # read as written, not as a link
    assert any(BEACON in t for t in shown)
    next(b for b in at.button if b.key == "intake_go").click().run()
    assert [t for t in _markdown_texts(at.main) if _unescaped(t)] == []


def test_boundaries_are_not_read_before_permission_is_known(run_page, own_store, monkeypatch, sign_in):
    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    at = run_page("pages/intake.py")
    assert len(at.get("file_uploader")) == 1  # the returns only: no boundary upload to anyone not allowed
    assert "Only people allowed to change the geography" in " ".join(i.value for i in at.info)
    sign_in(at)
    assert len(at.get("file_uploader")) == 2


def test_a_vrt_upload_leaves_no_trace_of_its_target_on_the_page(run_page, own_store, monkeypatch, tmp_path, sign_in):
    monkeypatch.setenv("SPRX_ADMIN_PASSWORD", "s3cret")
    secret = tmp_path / "secret.csv"
    secret.write_text(f'code,wkt\n"{SECRET}","POLYGON((-3 52,-3 52.1,-2.9 52.1,-3 52))"\n')
    vrt = (
        f'<OGRVRTDataSource><OGRVRTLayer name="b"><SrcDataSource>{secret}</SrcDataSource><SrcLayer>secret'
        '</SrcLayer><GeometryField encoding="WKT" field="wkt"/></OGRVRTLayer></OGRVRTDataSource>'
    )
    at = run_page("pages/intake.py")
    sign_in(at)
    at.get("file_uploader")[-1].upload("boards.geojson", vrt.encode()).run()
    assert not at.exception
    assert as_read(at.error[0].value).startswith("boards.geojson does not hold GeoJSON data")
    everything = [*_markdown_texts(at.main), *(c.value for c in at.code), *(t.value for t in at.text)]
    assert [t for t in everything if SECRET in t or str(secret) in t] == []
    assert not [b for b in at.button if b.key == "geo_store"]
