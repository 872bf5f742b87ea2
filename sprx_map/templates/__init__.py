"""Every page of HTML the product writes, from one Jinja2 environment: the app's tables, the profile and map
downloads, the map's legend and tooltips, and the published site.

Templates live beside this module (``site/`` the published site, ``app/`` the app and its profile file,
``maps/`` the map's parts and its offline file, ``tables.html`` the table cells all of them share) and are
read from the package itself, so a plain checkout finds them.
Colours come from :mod:`sprx_map.palette`. Every value is escaped (autoescape): text from a return is
written as text, never read as HTML; an unknown name is an error, not an empty string.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from sprx_map import palette

FOLDER = Path(__file__).parent


@cache
def environment() -> jinja2.Environment:
    """The one environment (made once: it keeps its compiled templates), every value escaped; every template
    reads its colours from :mod:`sprx_map.palette` (``palette.LINK``), so a colour is typed once."""
    made = jinja2.Environment(
        loader=jinja2.FileSystemLoader(FOLDER),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    made.globals["palette"] = palette
    made.filters["html_escape"] = html_escape
    made.filters["braces_escape"] = braces_escape
    return made


def macros(template: str):
    """The macros of ``template``, to call from Python (``macros("maps/offline.html").head(title)``): for
    markup set into a page written elsewhere (folium's)."""
    return environment().get_template(template).module


def html_escape(text: object) -> Markup:
    """``text`` escaped as :func:`html.escape` writes it (quotes as ``&quot;`` and ``&#x27;``), the spelling the
    app's tables and downloads have always had; autoescape spells them ``&#34;`` and ``&#39;``, as the
    published site has. Both read the same; each keeps its bytes.

    >>> str(html_escape('<q>"Aber" & Bryn</q>')), str(html_escape("Bryn's"))
    ('&lt;q&gt;&quot;Aber&quot; &amp; Bryn&lt;/q&gt;', 'Bryn&#x27;s')
    """
    return Markup(html.escape(str(text)))


def braces_escape(text: object) -> Markup:
    """``text`` escaped as :func:`html_escape` does, its braces too (as character references, shown as braces):
    folium reads some of what a map writes as a template once more, where ``{{ ... }}`` would be evaluated.

    >>> str(braces_escape("<b>{{ 7*7 }}</b>"))
    '&lt;b&gt;&#123;&#123; 7*7 &#125;&#125;&lt;/b&gt;'
    """
    return Markup(html.escape(str(text)).replace("{", "&#123;").replace("}", "&#125;"))


def render(template: str, /, **values) -> str:
    """The template ``template`` (a path under this folder, such as ``"app/table.html"``) filled with ``values``."""
    return environment().get_template(template).render(**values)
