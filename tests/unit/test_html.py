"""All HTML comes from one Jinja environment (sprx_map.templates): no f-string writes markup, every value is
escaped, colours come from the palette, and the templates are found from the package itself."""

from __future__ import annotations

import ast
import re

import pandas as pd
import pytest

from sprx_map import PROJECT_DIR, maps, palette, profiles, tables, templates
from sprx_map.publish import page_content

PACKAGE = PROJECT_DIR / "sprx_map"

# Element names of HTML (and the SVG we draw): "<td", "</td", "<br>" ... An f-string's values are read as "{}",
# so "<{tag}" counts too; a pattern's "(?P<{name}>", "{x:<8}" or "<kind board>" do not.
_ELEMENTS = (
    "a|b|body|br|caption|circle|code|dd|desc|details|div|dl|dt|em|figcaption|figure|footer|h[1-6]|head|header|"
    "html|i|iframe|img|li|line|link|main|meta|nav|ol|p|path|polyline|rect|script|section|small|span|strong|style|"
    "summary|svg|table|tbody|td|text|th|thead|title|tr|ul|\\{\\}"
)
_MARKUP = re.compile(rf"(?<![?P])</?(?:{_ELEMENTS})(?=[\s>/{{]|$)", re.IGNORECASE)

# Where an f-string may hold markup, and why: (file, the f-string's text with its values as "{}").
ALLOWED = {
    # Plotly's own text markup, not HTML: a line break in a panel's title (plotly draws it in SVG).
    ("sprx_map/charts.py", "{}<br>{}"),
    # Plotly's hover label on the hex map (bold, line breaks), every value escaped by hexmap._escape.
    ("sprx_map/maps/hexmap.py", "<b>{}</b><br>{}<br>{}: "),
}


def _text(node: ast.JoinedStr) -> str:
    return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)


def markup_in_fstrings(source: str) -> list[str]:
    """The f-strings of ``source`` that write markup (their text, values as "{}")."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr) and _MARKUP.search(_text(node)):
            found.append(_text(node))
    return found


def test_no_fstring_in_sprx_map_writes_markup():
    found = {
        (path.relative_to(PROJECT_DIR).as_posix(), text)
        for path in sorted(PACKAGE.rglob("*.py"))
        for text in markup_in_fstrings(path.read_text(encoding="utf-8"))
    }
    assert sorted(found - ALLOWED) == [], "write markup in a template under sprx_map/templates/"
    assert sorted(ALLOWED - found) == []  # an exception no longer needed goes


def test_the_markup_check_finds_tags_and_passes_other_angles():
    source = """
cell = f"<td>{x}</td>"
tag = f"<{tag} scope='row'>"
attribute = f'<a href="{href}">'
padded = f"{severity:<8} {where}"
pattern = rf"(?P<{name}>\\d+)"
shown = f"<kind {self.name}>"
less = f"{a} < {b}"
"""
    assert markup_in_fstrings(source) == ["<td>{}</td>", "<{} scope='row'>", '<a href="{}">']


def test_templates_are_read_from_the_package_and_all_compile():
    assert templates.FOLDER == PACKAGE / "templates"
    names = sorted(p.relative_to(templates.FOLDER).as_posix() for p in templates.FOLDER.rglob("*.html"))
    assert {"tables.html", "app/table.html", "app/profile.html", "site/index.html", "maps/legend.html"} <= set(names)
    for name in [*names, "site/site.css"]:
        templates.environment().get_template(name)  # a syntax error or a missing file fails here
    assert templates.environment().autoescape is True


def test_no_template_marks_a_value_safe_but_leaflets_own_code():
    marked = {
        (p.relative_to(templates.FOLDER).as_posix(), line.strip())
        for p in templates.FOLDER.rglob("*.*")
        for line in p.read_text(encoding="utf-8").splitlines()
        if "|safe" in line.replace(" ", "")
    }
    assert sorted(marked) == [
        ("maps/offline.html", "{% macro script(code) %}<script>{{ code|safe }}</script>{% endmacro %}"),
        ("maps/offline.html", "{% macro style(code) %}<style>{{ code|safe }}</style>{% endmacro %}"),
    ]


def test_the_templates_type_no_colour_the_palette_holds():
    hex_colour = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b")
    typed = {
        p.relative_to(templates.FOLDER).as_posix(): hex_colour.findall(p.read_text(encoding="utf-8"))
        for p in templates.FOLDER.rglob("*.*")
        if p.suffix in (".html", ".css")
    }
    assert {name: found for name, found in typed.items() if found} == {}
    css = templates.render("site/site.css")
    assert f"svg.map path.noreturn{{stroke:{palette.NO_RETURN_STROKE};" in css
    assert f".sw.nodata{{border:1px dashed {palette.NO_DATA_STROKE}}}" in css
    assert f"outline:2px solid {palette.LINK}" in tables.TABLE_STYLE


HOSTILE = "<script>alert('x')</script> & {{ 7*7 }}"


def test_text_from_files_stays_text_in_every_html_the_app_writes():
    frame = pd.DataFrame({HOSTILE: [HOSTILE], "n": [1]})
    written = {
        "table": tables.html_table(frame),
        "profile": profiles.profile_html(HOSTILE, [HOSTILE], [(HOSTILE, frame), (HOSTILE, [HOSTILE])], HOSTILE, "en"),
        "legend": maps.legend_html(HOSTILE, [("#fff", HOSTILE)], note=HOSTILE),
        "tooltip": maps.tooltip_html(HOSTILE, [(HOSTILE, HOSTILE)]),
        "markdown": str(page_content.markdown(HOSTILE + "\n\n- " + HOSTILE)),
    }
    for name, page in written.items():
        assert "<script>" not in page and "49" not in page, name
        assert "&lt;script&gt;alert(" in page, name
    assert written["table"].count("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; {{ 7*7 }}") == 2
    assert written["tooltip"].count("&#123;&#123; 7*7 &#125;&#125;") == 3  # braces too: folium reads it again
    assert written["markdown"] == (
        "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; {{ 7*7 }}</p>\n"
        "<ul><li>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; {{ 7*7 }}</li></ul>"
    )


def test_the_catalogues_markdown_keeps_bold_and_code_apart_and_together():
    assert str(page_content.markdown("**a `b` c** and `d`")) == (
        "<p><strong>a <code>b</code> c</strong> and <code>d</code></p>"
    )


@pytest.mark.parametrize("name", ["site/base.html", "app/table.html"])
def test_an_unknown_name_in_a_template_is_an_error(name):
    import jinja2

    with pytest.raises(jinja2.UndefinedError):
        templates.render(name)


def test_the_profile_file_and_the_app_share_one_table():
    frame = pd.DataFrame({"Area": ["Powys"], "Projects": [1234]})
    page = profiles.profile_html("P", [], [("Figures", frame)], "", "en")
    assert tables.html_table(frame) in page and tables.TABLE_STYLE in page
